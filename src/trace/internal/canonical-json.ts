/**
 * Canonical JSON for traces: keys sorted by UTF-16 code units (never `localeCompare`, which
 * depends on the host's ICU data), `undefined` dropped from objects, `-0` printed as `0`.
 * Private to src/trace.
 */

import { UsageError } from '../../errors/index.js';

/** A JSON value as it appears in a normalized trace. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Total order on object keys: UTF-16 code units, the same on every host. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sorted own enumerable keys whose value is not `undefined`. */
export function sortedKeys(value: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort(compareKeys);
}

/**
 * Prints `value` as JSON with sorted keys. `indent` 0 gives the compact form; otherwise one
 * field per line. Empty objects and arrays stay on one line (`{}`, `[]`).
 *
 * @throws UsageError when the value contains a cycle.
 */
export function toCanonicalJson(value: unknown, indent: number): string {
  return write(value, indent, '', new Set<object>());
}

function write(value: unknown, indent: number, pad: string, seen: Set<object>): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? (Object.is(value, -0) ? '0' : String(value)) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return 'null';
  }
  const object = value as object;
  if (seen.has(object)) throw new UsageError('cannot serialize a trace that contains a circular reference');
  seen.add(object);
  const inner = indent > 0 ? pad + ' '.repeat(indent) : '';
  const newline = indent > 0 ? '\n' : '';
  const colon = indent > 0 ? ': ' : ':';
  let out: string;
  if (Array.isArray(object)) {
    if (object.length === 0) out = '[]';
    else {
      const items = object.map((item: unknown) => inner + write(item, indent, inner, seen));
      out = `[${newline}${items.join(`,${newline}`)}${newline}${pad}]`;
    }
  } else {
    const record = object as Record<string, unknown>;
    const keys = sortedKeys(record).filter((key) => typeof record[key] !== 'function');
    if (keys.length === 0) out = '{}';
    else {
      const items = keys.map((key) => `${inner}${JSON.stringify(key)}${colon}${write(record[key], indent, inner, seen)}`);
      out = `{${newline}${items.join(`,${newline}`)}${newline}${pad}}`;
    }
  }
  seen.delete(object);
  return out;
}

/**
 * Structural equality of JSON values: object key order never matters, arrays are ordered,
 * numbers compare numerically (`0` equals `-0`; the server's `1.0` is already `1` once parsed).
 * `undefined` members count as absent.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item: unknown, i) => jsonEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = sortedKeys(a);
    const kb = sortedKeys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((key, i) => key === kb[i] && jsonEqual(a[key], b[key]));
  }
  return false;
}
