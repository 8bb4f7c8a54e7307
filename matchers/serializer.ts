/**
 * Snapshot serializers (STYLE 6.3): a trace snapshots as its canonical text, and a
 * {@link toTimeline} view as the compact timeline, both as plain text (no quotes, no escaping), so a
 * snapshot reads like the run and a one-field change is a one-line diff in review.
 *
 * Both matcher entry points add both serializers; other runners can pass them to
 * `expect.addSnapshotSerializer` themselves.
 *
 * @packageDocumentation
 */
import { formatTimeline, isTrace, serializeTrace } from '../src/trace/index.js';
import type { TimelineOptions, Trace } from '../src/trace/index.js';

/**
 * The part of a pretty-format plugin both jest and vitest accept (`test` + `serialize`); the
 * rest of pretty-format's arguments are not needed for plain text.
 */
export interface SnapshotSerializer {
  test(value: unknown): boolean;
  serialize(value: unknown, config: unknown, indentation: string): string;
}

/**
 * Serializes any {@link Trace} in a snapshot with {@link serializeTrace}: first line `trace v1`,
 * ids as tokens (`wf#1`, `task#3`), times as offsets from the start (`+1m00s`), keys sorted. The
 * same run gives the same snapshot whatever its seed, start time or machine.
 *
 * @example
 * expect(await runWorkflow(request)).toMatchSnapshot();
 */
export const traceSnapshotSerializer: SnapshotSerializer = {
  test: (value) => isTrace(value),
  serialize: (value, _config, indentation) => indent(serializeTrace(value as Trace), indentation),
};

const TIMELINE_BRAND = Symbol.for('conductor-testkit/timeline');

/** A trace to be snapshotted as its compact timeline; made by {@link toTimeline}. */
export interface TimelineView {
  readonly [TIMELINE_BRAND]: true;
  /** The text {@link formatTimeline} printed. */
  readonly text: string;
}

/**
 * Wraps a trace (or a `WorkflowSession`) so that a snapshot stores its compact timeline (one
 * line per task: offset, ref, type, status, attempt, iteration, reason) instead of the full
 * canonical text; made for `toMatchInlineSnapshot`.
 *
 * @example
 * expect(toTimeline(trace)).toMatchInlineSnapshot(`
 *   wf#1 order_flow v1 COMPLETED
 *     +0s  validate  validate  COMPLETED  #1
 * `);
 */
export function toTimeline(run: Trace | { trace(): Trace }, options: TimelineOptions = {}): TimelineView {
  const trace = isTrace(run) ? run : run.trace();
  return { [TIMELINE_BRAND]: true, text: formatTimeline(trace, options) };
}

/** Prints a {@link TimelineView} as its text. */
export const timelineSnapshotSerializer: SnapshotSerializer = {
  test: (value) => typeof value === 'object' && value !== null && (value as Partial<TimelineView>)[TIMELINE_BRAND] === true,
  serialize: (value, _config, indentation) => indent((value as TimelineView).text, indentation),
};

/** pretty-format gives plugins the indentation of nested values; every line after the first gets it. */
function indent(text: string, indentation: string): string {
  return indentation === '' ? text : text.split('\n').join(`\n${indentation}`);
}
