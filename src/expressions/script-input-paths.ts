/**
 * Which parts of `$` a script can read, found by scanning its source, so the sandbox receives only
 * those parts. A DO_WHILE condition gets the loop's whole output as `$.<loopRef>`, which grows by
 * one entry per iteration; marshalling all of it into the sandbox on every check made long loops
 * quadratic, while conditions read `$.loop.iteration` and a few inputs.
 *
 * The analysis is conservative: every occurrence of the identifier `$` must start a chain of
 * constant member accesses (`$.a`, `$['a']`, `$.a?.b`, `$.list[0]`); the subtree at the end of each
 * chain is kept whole, a chain followed by a call keeps the object the method is called on, and
 * any other use of `$` (passed along, enumerated, indexed by a variable at the top) keeps
 * everything. Strings, comments, template literals and regular expressions are skipped.
 */

/** A path into `$`; the subtree at the path is kept whole. */
export type ScriptInputPath = readonly string[];

/** Either every part of `$`, or the listed paths. */
export type ScriptInputUse = 'all' | readonly ScriptInputPath[];

const ID_START = /[A-Za-z_$\u0080-\uffff]/;
const ID_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const SPACE = /\s/;
/** Keywords after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER = /^(return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)$/;

/** Finds what a script reads from `$`. */
export function scriptInputUse(source: string): ScriptInputUse {
  return new Scanner(source).scan();
}

class Scanner {
  private readonly s: string;
  private i = 0;
  private readonly paths: ScriptInputPath[] = [];

  constructor(source: string) {
    this.s = source;
  }

  scan(): ScriptInputUse {
    const s = this.s;
    // Whether a `/` here starts a regular expression (after an operator or at the start) or divides.
    let regexAllowed = true;
    while (this.i < s.length) {
      const c = s[this.i] as string;
      if (c === '"' || c === "'") {
        this.skipString(c);
        regexAllowed = false;
      } else if (c === '`') {
        const end = findTemplateEnd(s, this.i);
        // A `$` inside a template's `${...}` is code; keep it simple and keep everything.
        const inner = s.slice(this.i, end).replace(/\$\{/g, '  ');
        if (s.slice(this.i, end).includes('${') && /(^|[^A-Za-z0-9_$])\$(?![A-Za-z0-9_$])/.test(inner)) return 'all';
        this.i = end;
        regexAllowed = false;
      } else if (s.startsWith('//', this.i) || s.startsWith('/*', this.i)) {
        this.i = this.skipSpace(this.i);
      } else if (c === '/') {
        if (regexAllowed) this.skipRegex();
        else this.i++;
        regexAllowed = !regexAllowed;
      } else if (ID_START.test(c)) {
        const start = this.i;
        while (this.i < s.length && ID_PART.test(s[this.i] as string)) this.i++;
        const word = s.slice(start, this.i);
        if (word === '$') {
          // A property named `$` (`x.$`) is not the input; a spread (`...$`) is.
          const before = s.slice(Math.max(0, start - 3), start);
          if (!(before.endsWith('.') && !before.endsWith('...')) && !this.readChain()) return 'all';
        }
        regexAllowed = REGEX_AFTER.test(word);
      } else if (/[0-9]/.test(c)) {
        while (this.i < s.length && /[0-9A-Za-z_.]/.test(s[this.i] as string)) this.i++;
        regexAllowed = false;
      } else {
        regexAllowed = !(c === ')' || c === ']' || c === '}');
        this.i++;
      }
    }
    return this.paths;
  }

  private skipString(quote: string): void {
    const s = this.s;
    this.i++;
    while (this.i < s.length && s[this.i] !== quote) {
      if (s[this.i] === '\\') this.i++;
      else if (s[this.i] === '\n') return;
      this.i++;
    }
    this.i++;
  }

  private skipRegex(): void {
    const s = this.s;
    this.i++;
    let inClass = false;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === '\\') this.i += 2;
      else if (c === '[') {
        inClass = true;
        this.i++;
      } else if (c === ']') {
        inClass = false;
        this.i++;
      } else if (c === '/' && !inClass) {
        this.i++;
        while (this.i < s.length && ID_PART.test(s[this.i] as string)) this.i++;
        return;
      } else if (c === '\n') return;
      else this.i++;
    }
  }

  private skipSpace(from: number): number {
    const s = this.s;
    let j = from;
    for (;;) {
      while (j < s.length && SPACE.test(s[j] as string)) j++;
      if (s.startsWith('//', j)) {
        while (j < s.length && s[j] !== '\n') j++;
      } else if (s.startsWith('/*', j)) {
        const end = s.indexOf('*/', j + 2);
        j = end < 0 ? s.length : end + 2;
      } else return j;
    }
  }

  private identifierAt(n: number): number {
    if (!ID_START.test(this.s[n] ?? '')) return -1;
    let m = n;
    while (m < this.s.length && ID_PART.test(this.s[m] as string)) m++;
    return m;
  }

  /** Reads the member chain after a `$`; false when `$` is used in a way that needs everything. */
  private readChain(): boolean {
    const s = this.s;
    const path: string[] = [];
    let j = this.i;
    for (;;) {
      const k = this.skipSpace(j);
      const optional = s.startsWith('?.', k) && !/[0-9]/.test(s[k + 2] ?? '');
      let bracket = -1;
      if (optional || (s[k] === '.' && s[k + 1] !== '.')) {
        const n = this.skipSpace(k + (optional ? 2 : 1));
        if (optional && s[n] === '[') bracket = n;
        else {
          const end = this.identifierAt(n);
          if (end < 0) break;
          path.push(s.slice(n, end));
          j = end;
          continue;
        }
      } else if (s[k] === '[') bracket = k;
      if (bracket < 0) break;
      const n = this.skipSpace(bracket + 1);
      const q = s[n];
      if (q === "'" || q === '"') {
        let m = n + 1;
        let key = '';
        while (m < s.length && s[m] !== q) {
          if (s[m] === '\\') {
            key += s[m + 1] ?? '';
            m += 2;
          } else key += s[m++] as string;
        }
        const close = this.skipSpace(m + 1);
        if (s[close] === ']') {
          path.push(key);
          j = close + 1;
          continue;
        }
      } else {
        const num = /^\d+/.exec(s.slice(n));
        const close = num === null ? -1 : this.skipSpace(n + num[0].length);
        if (num !== null && s[close] === ']') {
          path.push(num[0]);
          j = close + 1;
          continue;
        }
      }
      // A computed key: everything below the current path; the key expression is scanned as code.
      if (path.length === 0) return false;
      this.paths.push(path);
      this.i = bracket + 1;
      return true;
    }
    // `$.list.get(0)`, `$.s.toUpperCase()`: the object the method is called on is kept whole.
    if (s[this.skipSpace(j)] === '(' && path.length > 0) path.pop();
    if (path.length === 0) return false;
    this.paths.push(path);
    this.i = j;
    return true;
  }
}

function findTemplateEnd(s: string, start: number): number {
  let i = start + 1;
  let depth = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') i += 2;
    else if (depth === 0 && c === '`') return i + 1;
    else if (c === '$' && s[i + 1] === '{') {
      depth++;
      i += 2;
    } else if (c === '}' && depth > 0) {
      depth--;
      i++;
    } else i++;
  }
  return s.length;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The part of `input` a script can read: for each path, the subtree at its end (or at the first
 * array or non-object on the way). Objects are rebuilt along the paths; subtrees are shared, so the
 * result must only be marshalled, not changed.
 */
export function pruneScriptInput(input: unknown, use: ScriptInputUse): unknown {
  if (use === 'all' || !isObject(input)) return input;
  const out: Record<string, unknown> = {};
  for (const path of use) {
    let src: unknown = input;
    let dst: Record<string, unknown> = out;
    for (let d = 0; d < path.length; d++) {
      const key = path[d] as string;
      if (!isObject(src) || !Object.prototype.hasOwnProperty.call(src, key)) break;
      const value = src[key];
      if (d === path.length - 1 || !isObject(value)) {
        dst[key] = value;
        break;
      }
      const existing = dst[key];
      // A shorter path already took the whole subtree.
      if (existing !== undefined && existing === value) break;
      dst = isObject(existing) ? existing : (dst[key] = {});
      src = value;
    }
  }
  return out;
}

const analysisCache = new Map<string, ScriptInputUse>();
const CACHE_LIMIT = 2048;

/** {@link scriptInputUse}, memoised per source text (a bounded cache of a pure function). */
export function cachedScriptInputUse(source: string): ScriptInputUse {
  let use = analysisCache.get(source);
  if (use === undefined) {
    use = scriptInputUse(source);
    if (analysisCache.size >= CACHE_LIMIT) analysisCache.clear();
    analysisCache.set(source, use);
  }
  return use;
}
