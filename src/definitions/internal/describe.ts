/**
 * How a value is named in an issue message: its JSON type plus a short excerpt, so that
 * `expected a non-empty string, got a number (42)` says both what and which.
 */

const EXCERPT_LIMIT = 40;

/** The JSON type of a value, with `undefined` for a missing field. */
export type JsonTypeName = 'undefined' | 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object';

export function jsonTypeOf(value: unknown): JsonTypeName {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

/** A JSON excerpt cut to a few dozen characters, with `…` when cut. */
export function excerpt(value: unknown, limit = EXCERPT_LIMIT): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/**
 * Names a value for "got …": `undefined`, `null`, `an empty string`, `a string ("abc")`,
 * `a number (42)`, `a boolean (true)`, `an array ([1,2])`, `an empty array`, `an object ({"a":1})`.
 */
export function describeValue(value: unknown): string {
  const type = jsonTypeOf(value);
  switch (type) {
    case 'undefined':
    case 'null':
      return type;
    case 'string':
      return value === '' ? 'an empty string' : `a string (${excerpt(value)})`;
    case 'number':
      return `a number (${String(value)})`;
    case 'boolean':
      return `a boolean (${String(value)})`;
    case 'array':
      return (value as unknown[]).length === 0 ? 'an empty array' : `an array (${excerpt(value)})`;
    case 'object':
      return Object.keys(value as object).length === 0 ? 'an empty object' : `an object (${excerpt(value)})`;
  }
}

/** `"a", "b" or "c"` for a message listing allowed values. */
export function quotedList(values: readonly string[], conjunction = 'or'): string {
  const quoted = values.map((v) => JSON.stringify(v));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1] ?? ''}`;
}

/** True for a plain JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
