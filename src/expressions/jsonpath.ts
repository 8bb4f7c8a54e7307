/**
 * JSONPath reads with the semantics Conductor's `${...}` expressions get from Jayway json-path
 * 2.4.0 (`dependencies.gradle` revJsonPath) configured with `SUPPRESS_EXCEPTIONS`
 * (UTIL/ParametersUtils.java; shared/spec engine-semantics §3.5).
 *
 * Hand-written rather than a library adapter: see docs/decisions/jsonpath.md.
 */
import type { CompiledPath } from './internal/jsonpath-ast.js';
import { compilePath, finishPath, simpleSegments } from './internal/jsonpath-compiler.js';
import { readPlain, readSuppressed, type PathRead } from './internal/jsonpath-eval.js';
import { copyJson } from './internal/copy.js';

/** Upper bound of the compiled-path cache; the oldest entry is dropped when it is full. */
const CACHE_LIMIT = 2048;

/** `null` marks a path that does not compile (Conductor reads it as null). */
const cache = new Map<string, CompiledPath | null>();

/**
 * Compiled form of a path, cached. A plain `a.b.c` chain skips the compiler entirely. Caching
 * never changes a result: compilation is a pure function of the text.
 */
function compiled(path: string): CompiledPath | null {
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  let result: CompiledPath | null;
  const segments = simpleSegments(path);
  if (segments !== undefined) {
    result = finishPath(path, '$', segments.map((name) => ({ kind: 'property', names: [name] })));
  } else {
    try {
      result = compilePath(path);
    } catch {
      result = null;
    }
  }
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(path, result);
  return result;
}

/** Java `String.trim()`: strips every char <= U+0020 at both ends (Jayway `JsonContext.read`). */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** The compiled form of a `${...}` path as Conductor reads it (trimmed), or null if invalid. */
export function compileForResolution(path: string): CompiledPath | null {
  return compiled(javaTrim(path));
}

/** Reads a compiled path (or the null of an invalid one) with Conductor's options. */
export function readCompiledForResolution(document: unknown, path: CompiledPath | null): PathRead {
  if (path === null) return { value: null, indefinite: false, double: false };
  return readSuppressed(path, document);
}

/**
 * Reads a path as Conductor does, returning values that alias `document` plus how Java would
 * print them. For the resolver in this folder; public callers use {@link readPath}.
 */
export function readPathForResolution(document: unknown, path: string): PathRead {
  return readCompiledForResolution(document, compileForResolution(path));
}

/**
 * `JsonPath.parse(json).read(path)` without exception suppression, as Conductor uses it for
 * `${workflow.env.NAME.path}`: any failure (also a missing definite path) gives null.
 */
export function readPathPlain(document: unknown, path: string): PathRead {
  const compiledPath = compiled(javaTrim(path));
  const result = compiledPath === null ? undefined : readPlain(compiledPath, document);
  return result ?? { value: null, indefinite: false, double: false };
}

/**
 * Reads a Jayway-style JSONPath from a document, the way Conductor reads `${path}`.
 *
 * The path may start with `$.` or not (`workflow.input.x` means `$.workflow.input.x`); spaces and
 * control characters around it are ignored, as Jayway's `JsonContext.read` trims. Supported:
 * dot and bracket notation (`a.b`, `['dotted.key']`, `['a','b']`), indexes (`[0]`, `[-1]`,
 * `[0,2]`), slices (`[1:]`, `[:2]`, `[0:2]`), wildcards (`*`, `[*]`), deep scan (`..`), filters
 * (`[?(@.x > 1 && @.tag in ['a','b'])]` with `== != === !== < <= > >= =~ in nin contains size
 * empty subsetof && || !`) and the functions of json-path 2.4.0 at the end of a path
 * (`length()`, `size()`, `min()`, `max()`, `avg()`, `sum()`, `stddev()`, `concat()`, `append()`).
 *
 * Results follow Jayway's definite/indefinite rule: a definite path (only single names and
 * single indexes) returns its value, or `null` when it is missing, when the path is invalid or
 * when evaluation fails; an indefinite path (wildcard, deep scan, filter, slice, several indexes
 * or names) returns an array, `[]` when nothing matches. The result is a deep copy: it never
 * shares objects with `document`. Filters are interpreted, never executed as JavaScript.
 *
 * Fidelity limits: Java regex syntax unknown to JavaScript in `=~` patterns makes the path
 * invalid (null); map iteration follows JS insertion order, not Java HashMap order; numbers are
 * JS doubles (longs beyond 2^53 lose precision).
 *
 * @example readPath({ workflow: { input: { list: [1, 2, 3] } } }, 'workflow.input.list[-1]') // 3
 * @example readPath(doc, '$.workflow.input.items[?(@.id > 1)].id') // [2]
 */
export function readPath(document: unknown, path: string): unknown {
  return copyJson(readPathForResolution(document, path).value);
}
