/**
 * `conductor-testkit/vitest`: importing this module registers the trace matchers and the
 * snapshot serializers with vitest's `expect`, and types the matchers on vitest's `Assertion`.
 *
 * @example
 * // vitest.setup.ts (or the top of a test file)
 * import 'conductor-testkit/vitest';
 *
 * // order.test.ts
 * const trace = await runWorkflow({ workflowDef, input }, { mocks });
 * expect(trace).toHaveCompleted();
 * expect(trace).toHaveRetried('charge', 1);
 * expect(toTimeline(trace)).toMatchInlineSnapshot();
 *
 * @packageDocumentation
 */
import { expect } from 'vitest';
import { traceMatchers } from './core.js';
import type { TraceMatchers } from './core.js';
import { timelineSnapshotSerializer, traceSnapshotSerializer } from './serializer.js';

// vitest 4.x form of expect.extend (vitest 5 changed the matcher parameters).
expect.extend(traceMatchers);
expect.addSnapshotSerializer(traceSnapshotSerializer);
expect.addSnapshotSerializer(timelineSnapshotSerializer);

declare module 'vitest' {
  // Same type parameters as vitest's own declaration.
  interface Matchers<T = any> extends TraceMatchers<T> {}
}

export { traceMatchers } from './core.js';
export type { TraceMatchers, MatcherContextLike, TraceMatcherResult } from './core.js';
export { traceSnapshotSerializer, timelineSnapshotSerializer, toTimeline } from './serializer.js';
export type { SnapshotSerializer, TimelineView } from './serializer.js';
