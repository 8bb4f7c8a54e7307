/**
 * Small zod building blocks whose failure messages are ours ("expected X, got Y") instead of
 * zod's defaults, so every schema issue reads like the semantic ones.
 */
import { z } from 'zod';
import { describeValue, quotedList } from './describe.js';
import { closest, didYouMean } from './suggest.js';

/** An error option for a zod schema or check: `expected <what>, got <value>`. */
export function expecting(what: string): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => `expected ${what}, got ${describeValue(issue.input)}` };
}

export const str = (what = 'a string') => z.string(expecting(what));
export const nonEmptyStr = (what = 'a non-empty string') => z.string(expecting(what)).min(1, expecting(what));
export const int = (what = 'an integer') => z.number(expecting(what)).int(expecting(what));
export const num = (what = 'a number') => z.number(expecting(what));
export const bool = (what = 'a boolean') => z.boolean(expecting(what));
export const jsonObject = (what = 'an object') => z.record(z.string(), z.unknown(), expecting(what));
export const stringArray = (what = 'an array of strings') => z.array(str(what), expecting(what));
export const stringMap = (what = 'an object whose values are strings') =>
  z.record(z.string(), str(what), expecting(what));

/**
 * One of a closed set of string literals. The message lists the allowed values and suggests the
 * closest one; `hints` adds a sentence for values that are known mistakes.
 */
export function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
  hints: Readonly<Record<string, string>> = {},
): z.ZodEnum<{ [K in T[number]]: K }> {
  return z.enum(values, { error: (issue) => oneOfMessage(values, issue.input, hints) });
}

/** The message of {@link oneOf}, also used by the semantic checks on unparsed values. */
export function oneOfMessage(
  values: readonly string[],
  input: unknown,
  hints: Readonly<Record<string, string>> = {},
): string {
  const base = `expected ${quotedList(values)}, got ${describeValue(input)}`;
  if (typeof input !== 'string') return base;
  const hint = hints[input];
  if (hint !== undefined) return `${base}; ${hint}`;
  const upper = input.toUpperCase();
  const prefixOf = input.length >= 3 ? values.find((v) => v.toUpperCase().startsWith(upper)) : undefined;
  return base + didYouMean(closest(input, values, 3) ?? prefixOf);
}
