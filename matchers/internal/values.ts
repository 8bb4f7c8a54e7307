/**
 * Comparing and printing the values matchers receive: partial (subset) matching with the test
 * runner's own equality, compact printing, virtual durations.
 */
import { UsageError } from '../../src/errors/index.js';

/** The runner's deep equality (`this.equals`), which understands asymmetric matchers. */
export type Equals = (actual: unknown, expected: unknown) => boolean;

/** A jest/vitest asymmetric matcher (`expect.any(String)`, `expect.stringContaining('x')`). */
interface AsymmetricLike {
  asymmetricMatch(other: unknown): boolean;
}

export function isAsymmetric(value: unknown): value is AsymmetricLike {
  return typeof value === 'object' && value !== null && typeof (value as Partial<AsymmetricLike>).asymmetricMatch === 'function';
}

/**
 * A plain object: its prototype is `null` or some realm's `Object.prototype`. Compared by shape,
 * not identity, because under jest a trace's data can come from another realm (values copied
 * with the host's `structuredClone` are not instances of the test context's `Object`).
 */
export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Deep equality of JSON values, with asymmetric matchers honoured; used when the runner gives none. */
export function jsonEquals(actual: unknown, expected: unknown): boolean {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(actual);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => jsonEquals(actual[i], item));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false;
    const keys = Object.keys(expected);
    return keys.length === Object.keys(actual).length && keys.every((key) => Object.prototype.hasOwnProperty.call(actual, key) && jsonEquals(actual[key], expected[key]));
  }
  return Object.is(actual, expected);
}

/**
 * `toMatchObject` semantics: every key of `expected` is present in `actual` and matches,
 * recursively through objects; arrays match element by element and must have the same length;
 * anything else (and asymmetric matchers) is compared with `equals`.
 */
export function matchesSubset(actual: unknown, expected: unknown, equals: Equals): boolean {
  if (isAsymmetric(expected)) return equals(actual, expected);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => matchesSubset(actual[i], item, equals));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false;
    return Object.keys(expected).every((key) => Object.prototype.hasOwnProperty.call(actual, key) && matchesSubset(actual[key], expected[key], equals));
  }
  return equals(actual, expected);
}

/**
 * `actual` cut down to the keys `expected` mentions (recursively), so the runner's diff shows
 * only what the assertion is about. Keys `expected` has and `actual` lacks stay absent.
 */
export function subsetView(actual: unknown, expected: unknown): unknown {
  if (isPlainObject(actual) && isPlainObject(expected)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(expected)) {
      if (Object.prototype.hasOwnProperty.call(actual, key)) out[key] = subsetView(actual[key], expected[key]);
    }
    return out;
  }
  if (Array.isArray(actual) && Array.isArray(expected) && actual.length === expected.length) {
    return actual.map((item: unknown, i) => subsetView(item, expected[i]));
  }
  return actual;
}

/** Compact one-line text of a value for messages: JSON-like, asymmetric matchers by name, cut at `max`. */
export function printValue(value: unknown, max = 160): string {
  const text = print(value, 0);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function print(value: unknown, depth: number): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || typeof value === 'bigint') return String(value);
  if (value instanceof RegExp) return String(value);
  if (isAsymmetric(value)) {
    const named = value as { toAsymmetricMatcher?: () => string; toString(): string };
    return typeof named.toAsymmetricMatcher === 'function' ? named.toAsymmetricMatcher() : named.toString();
  }
  if (depth > 6) return '…';
  if (Array.isArray(value)) return `[${value.map((item: unknown) => print(item, depth + 1)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${print(item, depth + 1)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A virtual duration in milliseconds: a number of ms, or text such as `'90s'`, `'1h30m'`,
 * `'2d'`, `'250ms'` (units `d`, `h`, `m`, `s`, `ms`; decimals allowed).
 * @throws UsageError on anything else.
 */
export function parseVirtualDuration(value: unknown, where: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw new UsageError(`${where}: a duration in ms must be a finite number >= 0, got ${String(value)}`);
  }
  if (typeof value === 'string') {
    const text = value.trim();
    const parts = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(text) ? [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)] : [];
    if (parts.length > 0) return parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (UNIT_MS[unit ?? ''] ?? 0), 0);
  }
  throw new UsageError(`${where}: expected a duration such as '30s', '1h30m', '2d' or a number of ms, got ${printValue(value)}`);
}
