/**
 * A small scanner for the JavaScript that SWITCH / DECISION / DO_WHILE nodes evaluate: it finds the
 * paths read from `$` (`$.amount`, `$.order['kind']`, `$.items.length`) and the literals the script
 * compares them with, so exploration can generate inputs that reach every branch. It is a
 * tokenizer, not a parser: it never evaluates anything and tolerates any syntax.
 */

/** What a script reads and the literal values it mentions. */
export interface ScriptScan {
  /** Paths read from `$`, e.g. `[['amount'], ['order', 'kind'], ['items', 'length']]`, deduplicated. */
  readonly paths: readonly (readonly string[])[];
  /** String, number and boolean/null literals, in order of appearance, deduplicated. */
  readonly literals: readonly (string | number | boolean | null)[];
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;

function readString(src: string, start: number): { value: string; end: number } | undefined {
  const quote = src[start];
  let value = '';
  for (let i = start + 1; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      const next = src[i + 1];
      if (next === undefined) return undefined;
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i++;
      continue;
    }
    if (c === quote) return { value, end: i + 1 };
    value += c;
  }
  return undefined;
}

function readIdent(src: string, start: number): { value: string; end: number } {
  let end = start;
  while (end < src.length && IDENT_PART.test(src[end] as string)) end++;
  return { value: src.slice(start, end), end };
}

/** Reads the segments after a `$` at `start` (the index of `$`). */
function readPath(src: string, start: number): { path: string[]; end: number } {
  const path: string[] = [];
  let i = start + 1;
  for (;;) {
    while (src[i] === ' ') i++;
    if (src[i] === '.' && i + 1 < src.length && IDENT_START.test(src[i + 1] as string)) {
      const ident = readIdent(src, i + 1);
      path.push(ident.value);
      i = ident.end;
      continue;
    }
    if (src[i] === '[') {
      let j = i + 1;
      while (src[j] === ' ') j++;
      const c = src[j];
      if (c === '"' || c === "'") {
        const str = readString(src, j);
        if (str === undefined) break;
        let k = str.end;
        while (src[k] === ' ') k++;
        if (src[k] !== ']') break;
        path.push(str.value);
        i = k + 1;
        continue;
      }
      const num = /^\d+/.exec(src.slice(j));
      if (num !== null && src[j + num[0].length] === ']') {
        path.push(num[0]);
        i = j + num[0].length + 1;
        continue;
      }
    }
    break;
  }
  return { path, end: i };
}

/**
 * Scans a script for `$` paths and literals.
 *
 * @example
 * scanScript("$.amount > 100 ? 'big' : 'small'")
 * // { paths: [['amount']], literals: [100, 'big', 'small'] }
 */
export function scanScript(source: string): ScriptScan {
  const paths: string[][] = [];
  const seenPaths = new Set<string>();
  const literals: (string | number | boolean | null)[] = [];
  const seenLiterals = new Set<string>();
  const addLiteral = (value: string | number | boolean | null): void => {
    const key = `${typeof value}:${String(value)}`;
    if (seenLiterals.has(key)) return;
    seenLiterals.add(key);
    literals.push(value);
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    const prev = i > 0 ? (source[i - 1] as string) : '';
    if (c === '/' && source[i + 1] === '/') {
      const nl = source.indexOf('\n', i);
      i = nl < 0 ? source.length : nl + 1;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      i = close < 0 ? source.length : close + 2;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const str = readString(source, i);
      if (str === undefined) break;
      if (c !== '`') addLiteral(str.value);
      i = str.end;
      continue;
    }
    if (c === '$' && !IDENT_PART.test(prev) && (source[i + 1] === '.' || source[i + 1] === '[')) {
      const read = readPath(source, i);
      if (read.path.length > 0) {
        const key = JSON.stringify(read.path);
        if (!seenPaths.has(key)) {
          seenPaths.add(key);
          paths.push(read.path);
        }
      }
      i = Math.max(read.end, i + 1);
      continue;
    }
    if (/[0-9]/.test(c) && !IDENT_PART.test(prev) && prev !== '.') {
      const num = /^\d+(\.\d+)?/.exec(source.slice(i));
      if (num !== null) {
        addLiteral(Number(num[0]));
        i += num[0].length;
        continue;
      }
    }
    if (IDENT_START.test(c) && !IDENT_PART.test(prev)) {
      const ident = readIdent(source, i);
      if (prev !== '.') {
        if (ident.value === 'true') addLiteral(true);
        else if (ident.value === 'false') addLiteral(false);
        else if (ident.value === 'null') addLiteral(null);
      }
      i = ident.end;
      continue;
    }
    i++;
  }
  return { paths, literals };
}
