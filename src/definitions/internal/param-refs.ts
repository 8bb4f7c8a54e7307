/**
 * The `${...}` reference check Conductor runs when a definition is registered.
 *
 * Conductor: common/utils/ConstraintParamUtil.java. Each string value of `inputParameters`
 * (recursing into maps and lists) is split before every `${` not preceded by `$` and after
 * every `}`; each piece that starts with `${` and ends with `}` is a parameter path. The path
 * must compile as a JSONPath; then it is fine if it is exactly a system parameter
 * (`CPEWF_TASK_ID`, `NETFLIX_ENV`, `NETFLIX_STACK`; common/utils/EnvUtils.java) or if its first
 * `.`-separated segment is `workflow` or the taskReferenceName of a task anywhere in the tree.
 */
import { isPlainObject } from './describe.js';

/** EnvUtils.SystemParameters. */
export const SYSTEM_PARAMETERS: readonly string[] = ['CPEWF_TASK_ID', 'NETFLIX_ENV', 'NETFLIX_STACK'];

/** One `${...}` piece of a string as Conductor's validator cuts it. */
export interface ParamReference {
  /** The piece including `${` and `}`. */
  readonly expression: string;
  /** What is between `${` and `}`. */
  readonly paramPath: string;
}

/** The `${...}` pieces of a string, cut exactly as ConstraintParamUtil cuts them. */
export function paramReferences(value: string): ParamReference[] {
  if (!value.includes('${')) return [];
  // Same cut points as Java's value.split("(?=(?<!\\$)\\$\\{)|(?<=\\})"): before a "${" not
  // preceded by "$", and after a "}"; never at position 0.
  const refs: ParamReference[] = [];
  let start = 0;
  const take = (end: number): void => {
    if (end - start >= 3 && value.startsWith('${', start) && value[end - 1] === '}') {
      const expression = value.slice(start, end);
      refs.push({ expression, paramPath: expression.slice(2, -1) });
    }
    start = end;
  };
  for (let p = 1; p < value.length; p++) {
    const opens = value[p] === '$' && value[p + 1] === '{' && value[p - 1] !== '$';
    if (opens || value[p - 1] === '}') take(p);
  }
  take(value.length);
  return refs;
}

/**
 * Why Conductor's JSONPath compiler (Jayway `JsonPath.compile`) rejects a path, or undefined
 * when it is accepted. Only the clear-cut rejections are modelled: an empty or blank path, a
 * path ending in `.`, `$` not followed by `.` or `[`, and unbalanced square brackets. The full
 * JSONPath grammar is the expressions layer's business.
 */
export function invalidPathReason(paramPath: string): string | undefined {
  const trimmed = paramPath.trim();
  if (trimmed === '') return 'the path is empty';
  if (trimmed.endsWith('.')) return 'a path must not end with "."';
  if (trimmed.startsWith('$') && trimmed.length > 1 && trimmed[1] !== '.' && trimmed[1] !== '[') {
    return '"$" must be followed by "." or "["';
  }
  let depth = 0;
  let quote: string | undefined;
  for (const c of trimmed) {
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (depth > 0 && (c === "'" || c === '"')) quote = c;
    else if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth < 0) return 'a "]" has no matching "["';
    }
  }
  if (depth > 0 || quote !== undefined) return 'a "[" is not closed';
  return undefined;
}

/** The first `.`-separated segment, as `paramPath.split("\\.")[0]` in ConstraintParamUtil. */
export function rootSegment(paramPath: string): string {
  const dot = paramPath.indexOf('.');
  return dot < 0 ? paramPath : paramPath.slice(0, dot);
}

/**
 * The first segment as the evaluator reads it (`loop['iteration']` → `loop`, `$.a.b` → `a`), or
 * undefined when the path is itself computed (`${${...}}`).
 */
export function looseRoot(paramPath: string): string | undefined {
  if (paramPath.includes('${')) return undefined;
  let path = paramPath.trim();
  if (path.startsWith('$.')) path = path.slice(2);
  return /^[^.[\s]+/.exec(path)?.[0];
}

/**
 * Calls `visit` for every string inside a parameter value that contains `${` (maps and lists
 * recursed). `path` is a shared stack: copy it if you keep it.
 */
export function forEachExpressionString(
  value: unknown,
  path: (string | number)[],
  visit: (text: string, path: readonly (string | number)[]) => void,
): void {
  if (typeof value === 'string') {
    if (value.includes('${')) visit(value, path);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      forEachExpressionString(value[i], path, visit);
      path.pop();
    }
  } else if (isPlainObject(value)) {
    for (const key in value) {
      path.push(key);
      forEachExpressionString(value[key], path, visit);
      path.pop();
    }
  }
}
