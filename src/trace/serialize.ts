/**
 * The canonical text form of a trace (STYLE 6.3).
 *
 * @packageDocumentation
 */

import type { Trace } from './model.js';
import { normalizeTrace, type NormalizeOptions } from './normalize.js';
import { toCanonicalJson } from './internal/canonical-json.js';

/** Options of {@link serializeTrace}; the same knobs as {@link normalizeTrace}. */
export type SerializeOptions = NormalizeOptions;

/** The first line of every serialized trace. Bumped when the format changes. */
export const TRACE_FORMAT_HEADER = 'trace v1';

/**
 * The canonical text of a trace: the line `trace v1`, then the {@link normalizeTrace} view as
 * JSON with sorted keys, two-space indentation and one field per line.
 *
 * Why indented JSON and not a YAML-like layout: it is unambiguous without rules of our own
 * (`"1"` vs `1`, `null` vs `"null"`, keys with dots or colons, multi-line strings), every line
 * after the header parses back with `JSON.parse`, and a one-field change is a one-line diff in a
 * snapshot. The compact human view is {@link formatTimeline}.
 *
 * Stable by construction: ids are tokens (`wf#1`, `task#3`), times are offsets from the start
 * (`+1m00s`, `-` for never), keys are sorted by code unit, no colour, no paths, and `seed` and the
 * start time are left out, so two runs that differ only in those serialize byte for byte the
 * same. Pure.
 *
 * Traces of a real server (src/remote) carry wall-clock durations and background-worker counters
 * that vary between two runs of one request; snapshot them with
 * `{ times: 'drop', omitFields: ['pollCount'] }`. Checked on the answers of a Conductor OSS
 * server to 126 test requests, each sent twice: with those options 120 pairs serialize
 * identically (with times as offsets, none do); the other 6 differ in data that embeds wall-clock
 * times (`taskDefinition.createTime` of dynamically forked tasks) or in JOIN races the spec calls
 * out (engine-semantics §7.9).
 *
 * @example
 * expect(serializeTrace(trace)).toMatchSnapshot();
 */
export function serializeTrace(trace: Trace, options: SerializeOptions = {}): string {
  const { traceVersion: _version, ...body } = normalizeTrace(trace, options);
  return `${TRACE_FORMAT_HEADER}\n${toCanonicalJson(body, 2)}`;
}
