/**
 * `conductor-testkit/jest`: importing this module registers the trace matchers and the snapshot
 * serializers with jest's `expect` (from `@jest/globals`, jest 30) and types the matchers through
 * the `expect` package. Loads under jest's default CommonJS mode (from `dist/cjs`) and under ESM.
 *
 * jest prints no diff from a custom matcher's `actual`/`expected` (vitest does), so this entry
 * point appends jest's own diff to the message of a failed matcher.
 *
 * @example
 * import { expect, it } from '@jest/globals';
 * import 'conductor-testkit/jest';
 * import { runWorkflow } from 'conductor-testkit';
 *
 * it('ships the order', async () => {
 *   expect(await runWorkflow(request)).toHaveCompleted();
 * });
 *
 * @packageDocumentation
 */
import { expect } from '@jest/globals';
import type { MatcherContext } from 'expect';
import { traceMatchers } from './core.js';
import type { TraceMatcherResult, TraceMatchers } from './core.js';
import { timelineSnapshotSerializer, traceSnapshotSerializer } from './serializer.js';

type JestMatcher = (this: MatcherContext, received: unknown, ...args: unknown[]) => TraceMatcherResult;

/** Each matcher, with jest's diff of `expected` and `actual` appended when it fails. */
function withDiff(matchers: Readonly<Record<string, (...args: never[]) => TraceMatcherResult>>): Record<string, JestMatcher> {
  const out: Record<string, JestMatcher> = {};
  for (const [name, matcher] of Object.entries(matchers)) {
    out[name] = function (this: MatcherContext, received: unknown, ...args: unknown[]): TraceMatcherResult {
      const result = (matcher as unknown as JestMatcher).call(this, received, ...args);
      if (result.pass || !('expected' in result)) return result;
      const diff = this.utils.diff(result.expected, result.actual);
      return diff === null || diff === '' ? result : { ...result, message: () => `${result.message()}\n\n${diff}` };
    };
  }
  return out;
}

expect.extend(withDiff(traceMatchers));
expect.addSnapshotSerializer(traceSnapshotSerializer);
expect.addSnapshotSerializer(timelineSnapshotSerializer);

declare module 'expect' {
  // Same type parameters as the declaration in jest's `expect` package.
  interface Matchers<R extends void | Promise<void>, T = unknown> extends TraceMatchers<R> {}
  // `expect.toHaveCompleted()` as an asymmetric matcher (expect.extend creates those too).
  interface AsymmetricMatchers extends TraceMatchers<void> {}
}

export { traceMatchers } from './core.js';
export type { TraceMatchers, MatcherContextLike, TraceMatcherResult } from './core.js';
export { traceSnapshotSerializer, timelineSnapshotSerializer, toTimeline } from './serializer.js';
export type { SnapshotSerializer, TimelineView } from './serializer.js';
