/**
 * Where `${...}` expressions sit inside a parameter string, found exactly as Conductor finds them.
 *
 * Conductor: core/src/main/java/com/netflix/conductor/core/utils/ParametersUtils.java (the
 * expression regex; shared/spec engine-semantics §3.3). Scanning is left to right; `${` starts
 * a span unless preceded by `$`; braces nest; quotes are not special; an unclosed `${` stops all
 * further matching in the string.
 */

/** A half-open span `[start, end)` of one `${...}` expression, including the `${` and `}`. */
export interface ExpressionSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * Finds the top-level `${...}` spans of a string. Nested `${...}` inside a span belong to it.
 *
 * @example findExpressions('a ${x.y} b') // [{ start: 2, end: 8 }]
 */
export function findExpressions(text: string): ExpressionSpan[] {
  const spans: ExpressionSpan[] = [];
  let i = 0;
  while (i < text.length - 1) {
    if (text[i] === '$' && text[i + 1] === '{' && (i === 0 || text[i - 1] !== '$')) {
      let depth = 0;
      let end = -1;
      for (let j = i + 1; j < text.length; j++) {
        const c = text[j];
        if (c === '{') depth++;
        else if (c === '}') {
          depth--;
          if (depth === 0) {
            end = j;
            break;
          }
        }
      }
      if (end < 0) return spans;
      spans.push({ start: i, end: end + 1 });
      i = end + 1;
      continue;
    }
    i++;
  }
  return spans;
}

/**
 * The first path segment of each `${...}` expression in a string (`workflow`, a task ref…),
 * used by validation to spot references to tasks that do not exist. Expressions whose path is
 * itself computed (`${${...}}`) or blank are skipped.
 */
export function expressionRoots(text: string): string[] {
  const roots: string[] = [];
  for (const span of findExpressions(text)) {
    let path = text.slice(span.start + 2, span.end - 1).trim();
    if (path.includes('${') || path === '') continue;
    if (path.startsWith('$.')) path = path.slice(2);
    const match = /^([^.[\s]+)/.exec(path);
    if (match?.[1] !== undefined) roots.push(match[1]);
  }
  return roots;
}
