/**
 * The matchers and snapshot serializers without registering them anywhere: the door for other
 * runners (call `expect.extend(traceMatchers)` yourself). vitest users import
 * `conductor-testkit/vitest`, jest users `conductor-testkit/jest`; both register everything.
 *
 * @packageDocumentation
 */
export { traceMatchers } from './core.js';
export type { TraceMatchers, MatcherContextLike, TraceMatcherResult, TraceMatcherFn, TraceMatcherFunctions } from './core.js';
export { traceSnapshotSerializer, timelineSnapshotSerializer, toTimeline } from './serializer.js';
export type { SnapshotSerializer, TimelineView } from './serializer.js';
