/**
 * Recognising a trace at run time (snapshot serializers and matchers receive `unknown`).
 *
 * @packageDocumentation
 */

import type { Trace } from './model.js';

/**
 * True when `value` has the shape of a {@link Trace}: `traceVersion` 1, a `source`, a `workflow`
 * object and `workflows`/`events`/`messages` arrays. A shape check, not a validation of every task.
 *
 * @example expect.addSnapshotSerializer({ test: isTrace, serialize: (t) => serializeTrace(t) });
 */
export function isTrace(value: unknown): value is Trace {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Readonly<Record<string, unknown>>;
  return (
    candidate['traceVersion'] === 1 &&
    typeof candidate['source'] === 'string' &&
    typeof candidate['workflow'] === 'object' &&
    candidate['workflow'] !== null &&
    Array.isArray(candidate['workflows']) &&
    Array.isArray(candidate['events']) &&
    Array.isArray(candidate['messages'])
  );
}
