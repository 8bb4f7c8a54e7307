/**
 * A small jq tokenizer, enough to look at a query the way jackson-jq's parser would before the
 * query reaches jq 1.7 (see `jq-compat.ts`). It knows strings with `\(...)` interpolation,
 * comments, identifiers, `$variables`, `@formats`, field access and punctuation; it does not
 * build a syntax tree.
 */

/** One token with its 1-based position (columns count UTF-16 units, like JavaCC). */
export interface JqToken {
  readonly kind: 'ident' | 'field' | 'variable' | 'format' | 'number' | 'string' | 'punct' | 'invalid';
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /** Index of the token's first character in the query. */
  readonly offset: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const PUNCT = ['?//', '|=', '+=', '-=', '*=', '/=', '%=', '//=', '==', '!=', '<=', '>=', '//', '..', '?', '.', '[', ']', '{', '}', '(', ')', '|', ',', ':', ';', '=', '<', '>', '+', '-', '*', '/', '%'];

/**
 * Splits a query into tokens. String literals become one `string` token each (their text is not
 * kept); the code inside `\(...)` is tokenized like any other code, between `(` and `)` tokens.
 * A character that starts no token becomes an `invalid` token.
 */
export function tokenizeJq(query: string): JqToken[] {
  const tokens: JqToken[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  // Each entry is the parenthesis depth at which an interpolation `\(` started.
  const interpolations: number[] = [];
  let depth = 0;

  const push = (kind: JqToken['kind'], text: string, at: number): void => {
    tokens.push({ kind, text, line, column: at - lineStart + 1, offset: at });
  };

  /** Reads string content from `i` up to the closing quote or an interpolation. */
  const readString = (): void => {
    while (i < query.length) {
      const c = query[i];
      if (c === '"') {
        i += 1;
        return;
      }
      if (c === '\\') {
        if (query[i + 1] === '(') {
          // The interpolation's parentheses are reported like ordinary ones, so callers see
          // its code nested inside them.
          push('punct', '(', i + 1);
          interpolations.push(depth);
          depth += 1;
          i += 2;
          return;
        }
        i += 2;
        continue;
      }
      if (c === '\n') {
        line += 1;
        lineStart = i + 1;
      }
      i += 1;
    }
  };

  while (i < query.length) {
    const c = query[i] ?? '';
    if (c === '\n') {
      line += 1;
      lineStart = i + 1;
      i += 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i += 1;
      continue;
    }
    if (c === '#') {
      while (i < query.length && query[i] !== '\n') i += 1;
      continue;
    }
    if (c === '"') {
      push('string', '"', i);
      i += 1;
      readString();
      continue;
    }
    if (c === ')' && interpolations.length > 0 && interpolations[interpolations.length - 1] === depth - 1) {
      push('punct', ')', i);
      interpolations.pop();
      depth -= 1;
      i += 1;
      readString();
      continue;
    }
    if (c === '$' || c === '@' || IDENT_START.test(c)) {
      const start = i;
      i += c === '$' || c === '@' ? 1 : 0;
      while (i < query.length && (IDENT_PART.test(query[i] ?? '') || (query[i] === ':' && query[i + 1] === ':' && IDENT_START.test(query[i + 2] ?? '')))) {
        i += query[i] === ':' ? 2 : 1;
      }
      push(c === '$' ? 'variable' : c === '@' ? 'format' : 'ident', query.slice(start, i), start);
      continue;
    }
    if (c === '.' && IDENT_START.test(query[i + 1] ?? '')) {
      const start = i;
      i += 1;
      while (i < query.length && IDENT_PART.test(query[i] ?? '')) i += 1;
      push('field', query.slice(start, i), start);
      continue;
    }
    if (/[0-9]/.test(c)) {
      const start = i;
      while (i < query.length && /[0-9.eE]/.test(query[i] ?? '')) {
        if ((query[i] === 'e' || query[i] === 'E') && (query[i + 1] === '+' || query[i + 1] === '-')) i += 1;
        i += 1;
      }
      push('number', query.slice(start, i), start);
      continue;
    }
    const punct = PUNCT.find((p) => query.startsWith(p, i));
    if (punct !== undefined) {
      if (punct === '(') depth += 1;
      if (punct === ')') depth -= 1;
      push('punct', punct, i);
      i += punct.length;
      continue;
    }
    push('invalid', c, i);
    i += 1;
  }
  return tokens;
}
