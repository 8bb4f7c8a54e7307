/**
 * The gap between jq 1.7 (what runs) and jackson-jq 0.0.13 (what Conductor runs), narrowed where
 * it is cheap: queries the server rejects at compile time are rejected before jq sees them, and
 * jq's error texts are reworded to jackson-jq's for the common cases.
 *
 * Sources: task-types §3.7; `eiiches/jackson-jq` 0.0.13 (`jq.json`, `json-query.jj`); every
 * message below was checked by running jackson-jq 0.0.13 on a JDK and jq 1.7 (jq-web).
 */
import { tokenizeJq } from './jq-lexer.js';
import type { JqToken } from './jq-lexer.js';

/**
 * Builtins of jq 1.7 that jackson-jq 0.0.13 does not have (`name/arity`). A query calling one
 * fails on the server with `Function name/arity does not exist`.
 */
const MISSING_IN_JACKSON_JQ: ReadonlySet<string> = new Set([
  // paths and streaming
  'getpath/1', 'setpath/2', 'delpaths/1', 'path/1', 'tostream/0', 'fromstream/1', 'truncate_stream/1', 'pick/1',
  // I/O, environment, control
  'env/0', 'input/0', 'inputs/0', 'debug/0', 'debug/1', 'stderr/0', 'input_filename/0', 'input_line_number/0',
  'halt/0', 'halt_error/0', 'halt_error/1', 'builtins/0', 'repeat/1', 'isempty/1', 'error/0', 'get_search_list/0',
  'get_jq_origin/0', 'get_prog_origin/0',
  // strings and misc
  'ascii/0', 'trim/0', 'ltrim/0', 'rtrim/0', 'abs/0', 'toarray/0', 'have_decnum/0', 'have_literal_numbers/0',
  'IN/1', 'IN/2', 'INDEX/1', 'INDEX/2', 'add/1', 'isvalid/1', 'isfinite/0', 'isnormal/0',
  // dates: jackson-jq has none
  'now/0', 'mktime/0', 'gmtime/0', 'localtime/0', 'strftime/1', 'strflocaltime/1', 'strptime/1', 'todate/0',
  'fromdate/0', 'date/0', 'dateadd/2', 'datesub/2', 'date/1', 'todateiso8601/0', 'fromdateiso8601/0', 'dateiso8601/0',
  // math: jackson-jq has only floor, sqrt, pow, log2, sin, cos, atan
  'acos/0', 'acosh/0', 'asin/0', 'asinh/0', 'atanh/0', 'cbrt/0', 'ceil/0', 'cosh/0', 'exp/0', 'exp10/0', 'exp2/0',
  'expm1/0', 'fabs/0', 'gamma/0', 'j0/0', 'j1/0', 'lgamma/0', 'log/0', 'log10/0', 'log1p/0', 'logb/0',
  'nearbyint/0', 'pow10/0', 'rint/0', 'round/0', 'significand/0', 'sinh/0', 'tan/0', 'tanh/0', 'tgamma/0',
  'trunc/0', 'y0/0', 'y1/0', 'lgamma_r/0', 'frexp/0', 'modf/0', 'atan2/2', 'copysign/2', 'drem/2', 'fdim/2',
  'fmax/2', 'fmin/2', 'fmod/2', 'hypot/2', 'jn/2', 'ldexp/2', 'nextafter/2', 'nexttoward/2', 'scalb/2',
  'scalbln/2', 'yn/2', 'fma/3',
]);

/** Formats of jq 1.7 that jackson-jq 0.0.13 lacks. */
const MISSING_FORMATS: ReadonlySet<string> = new Set(['@base32', '@base32d', '@base64d']);

/** Variables jq 1.7 predefines and jackson-jq does not. */
const MISSING_VARIABLES: ReadonlySet<string> = new Set(['$ENV', '$__loc__', '$__prog_args']);

/**
 * Builtins jackson-jq has and jq 1.7 dropped, defined in jq terms and prepended when used.
 * `leaf_paths` was removed from jq's manual in 1.7 and from its builtins in 1.7.1.
 */
const JACKSON_ONLY_DEFINITIONS: ReadonlyMap<string, string> = new Map([['leaf_paths', 'def leaf_paths: paths(scalars);']]);

const KEYWORDS: ReadonlySet<string> = new Set([
  'def', 'if', 'then', 'elif', 'else', 'end', 'as', 'reduce', 'foreach', 'try', 'catch', 'label', 'import',
  'include', 'and', 'or', '__loc__',
]);

/** An open bracket or `if` while scanning a query. */
interface Frame {
  readonly kind: string;
  /** An object frame whose current value has been opened with `(`. */
  valueOpen: boolean;
  /** Part of a destructuring pattern after `as`, where nothing is rewritten. */
  readonly pattern: boolean;
}

/** What to do with a query before running it in jq 1.7. */
export type JqPreparation =
  | { readonly ok: true; readonly program: string }
  | { readonly ok: false; readonly message: string };

/**
 * Rejects what jackson-jq rejects at compile time, in its wording, and adds the jackson-only
 * builtins the query uses. Runs on tokens, so text inside string literals never matches.
 * Not checked: calls to functions that neither jq nor jackson-jq know (jq reports them, and the
 * message is reworded), and everything jackson-jq only detects while running.
 */
export function prepareJqQuery(query: string): JqPreparation {
  const tokens = tokenizeJq(query);
  const defined = userDefinitions(tokens);
  const ifStack: boolean[] = [];
  const edits: { readonly at: number; readonly text: string }[] = [];
  // Open brackets and `if`s; an object frame knows whether its current value is open, and
  // frames of a destructuring pattern (`. as {a: $x}`) are left alone.
  const nesting: Frame[] = [];
  let prelude = '';
  for (let k = 0; k < tokens.length; k += 1) {
    const token = tokens[k] as JqToken;
    const previous = tokens[k - 1];
    const next = tokens[k + 1];
    if (token.kind === 'variable' && MISSING_VARIABLES.has(token.text)) {
      return { ok: false, message: `Undefined variable: ${token.text}` };
    }
    if (token.kind === 'format' && MISSING_FORMATS.has(token.text)) {
      return { ok: false, message: `Formatting operator ${token.text} does not exist` };
    }
    // jackson-jq reads `?//` as `?` then `//` (`.a ?// 1` is `(.a?) // 1`); jq 1.7 reads it as
    // its destructuring-alternative operator. Splitting the token keeps jackson-jq's meaning.
    if (token.kind === 'invalid' && /^[\x21-\x7e]$/.test(token.text)) {
      // JavaCC's token manager rejects the character before the parser sees anything.
      const escaped = token.text === "'" ? "\\'" : token.text === '\\' ? '\\\\' : token.text;
      const code = token.text.charCodeAt(0);
      return { ok: false, message: `Lexical error at line ${token.line}, column ${token.column}.  Encountered: "${escaped}" (${code}), after : ""` };
    }
    if (token.kind === 'punct' && token.text === '?//') edits.push({ at: token.offset + 1, text: ' ' });
    if (token.kind === 'punct') trackObjectValues(token, previous, next, nesting, edits);
    if (token.kind !== 'ident') continue;
    // An identifier used as an object key (`{if: 1}`) is not a keyword or a call.
    if (next?.kind === 'punct' && next.text === ':') continue;
    if (token.text === 'label' || token.text === 'import' || token.text === 'include') {
      return { ok: false, message: encountered(token.text, token) };
    }
    if (token.text === 'if') {
      ifStack.push(false);
      nesting.push({ kind: 'if', valueOpen: false, pattern: false });
    } else if (token.text === 'else' && ifStack.length > 0) ifStack[ifStack.length - 1] = true;
    else if (token.text === 'end' && ifStack.length > 0) {
      // jackson-jq's grammar has no `if ... then ... end`: `else` is mandatory.
      if (ifStack.pop() === false) return { ok: false, message: encountered('end', token) };
      if (nesting[nesting.length - 1]?.kind === 'if') nesting.pop();
    }
    if (KEYWORDS.has(token.text) || (previous?.kind === 'ident' && previous.text === 'def')) continue;
    if (token.text === 'del' && next?.kind === 'punct' && next.text === '(' && !isFieldAccess(tokens, k + 1)) {
      return { ok: false, message: '1st argument to del() must be a field access' };
    }
    const signature = `${token.text}/${arityAt(tokens, k)}`;
    if (MISSING_IN_JACKSON_JQ.has(signature) && !defined.has(signature)) {
      return { ok: false, message: `Function ${signature} does not exist` };
    }
    const extra = JACKSON_ONLY_DEFINITIONS.get(token.text);
    if (extra !== undefined && !prelude.includes(extra) && !defined.has(signature)) prelude += `${extra} `;
  }
  let program = query;
  for (const edit of edits.sort((a, b) => b.at - a.at)) program = `${program.slice(0, edit.at)}${edit.text}${program.slice(edit.at)}`;
  return { ok: true, program: `${prelude}${program}` };
}

/**
 * jackson-jq reads an object value as a whole expression up to the next `,` or `}`
 * (`{a: .x // "d", b: 1 + 2}`); jq 1.7 only takes a term or a pipe there and rejects the rest.
 * Every value is parenthesised, which means the same to both and lets jq parse jackson-jq's form.
 */
function trackObjectValues(
  token: JqToken,
  previous: JqToken | undefined,
  next: JqToken | undefined,
  nesting: Frame[],
  edits: { readonly at: number; readonly text: string }[],
): void {
  const top = nesting[nesting.length - 1];
  if (top?.pattern === true && token.text !== '}' && token.text !== ']' && token.text !== ')') {
    if (token.text === '(' || token.text === '[' || token.text === '{') nesting.push({ kind: token.text, valueOpen: false, pattern: true });
    return;
  }
  switch (token.text) {
    case '(':
    case '[':
    case '{': {
      const pattern = previous?.kind === 'ident' && previous.text === 'as';
      nesting.push({ kind: token.text, valueOpen: false, pattern });
      return;
    }
    case ')':
    case ']':
      if (top !== undefined && top.kind !== 'if') nesting.pop();
      return;
    case '}':
      if (top?.kind === '{') {
        if (top.valueOpen && !top.pattern) edits.push({ at: token.offset, text: ')' });
        nesting.pop();
      }
      return;
    case ':':
      if (top?.kind === '{' && !top.valueOpen && next !== undefined) {
        top.valueOpen = true;
        edits.push({ at: next.offset, text: '(' });
      }
      return;
    case ',':
      if (top?.kind === '{' && top.valueOpen) {
        top.valueOpen = false;
        edits.push({ at: token.offset, text: ')' });
      }
      return;
    default:
  }
}

/**
 * Rewords a jq 1.7 error (stderr of the jq CLI) in jackson-jq 0.0.13's terms where they differ
 * for common failures; other texts keep jq's words without the `jq: error (at …):` prefix.
 */
export function toJacksonMessage(stderr: string): string {
  const firstLine = stderr.split('\n')[0] ?? '';
  const compile = /^jq: error: (.*?) at <top-level>, line \d+:$/.exec(firstLine);
  if (compile !== null) {
    const text = compile[1] ?? '';
    const fn = /^(\S+\/\d+) is not defined$/.exec(text);
    if (fn !== null) return `Function ${fn[1] ?? ''} does not exist`;
    const variable = /^(\$\S+) is not defined$/.exec(text);
    if (variable !== null) return `Undefined variable: ${variable[1] ?? ''}`;
    return text.replace(' (Unix shell quoting issues?)', '');
  }
  const runtime = /^jq: error \(at [^)]*\)( \(not a string\))?: (.*)$/s.exec(stderr.trimEnd());
  if (runtime === null) return firstLine.replace(/^jq: error: /, '');
  const text = runtime[2] ?? '';
  if (runtime[1] !== undefined) return notAStringPayload(text);
  let m = /^Cannot iterate over (\w+)(?: \(.*\))?$/s.exec(text);
  if (m !== null) return `Cannot iterate over ${m[1] ?? ''}`;
  m = /^(\w+) \(.*\) has no length$/s.exec(text);
  if (m !== null) return `${m[1] ?? ''} has no length`;
  m = /\(while parsing '(.*)'\)$/s.exec(text);
  if (m !== null) return `For input string: "${m[1] ?? ''}"`;
  m = /^Regex failure: (.*)$/s.exec(text);
  if (m !== null) return m[1] ?? '';
  return text;
}

/**
 * `error(v)` with a non-string `v`: jackson-jq's message is `v.asText()` — the text of a scalar
 * (`null`, `1`, `true`) and the empty string for an object or an array.
 */
function notAStringPayload(payload: string): string {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value === 'object' && value !== null) return '';
    return String(value);
  } catch {
    return payload;
  }
}

/** The first line of a JavaCC parse error, as jackson-jq reports it. */
function encountered(image: string, token: JqToken): string {
  return `Encountered " "${image}" "${image} "" at line ${token.line}, column ${token.column}.`;
}

/**
 * jackson-jq's `del(f)` takes one path of field, index, slice and iteration steps (`.a.b`,
 * `.[0]`, `.[1:]`, `.a[]`, `.[.k]`); a comma, a pipe, `..`, a variable or a lone `.` fails.
 * `open` is the index of the `(` after `del`.
 */
function isFieldAccess(tokens: readonly JqToken[], open: number): boolean {
  const argument: JqToken[] = [];
  let depth = 0;
  for (let k = open + 1; k < tokens.length; k += 1) {
    const t = tokens[k] as JqToken;
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{')) depth += 1;
    if (t.kind === 'punct' && (t.text === ')' || t.text === ']' || t.text === '}')) {
      if (depth === 0) break;
      depth -= 1;
    }
    if (depth === 0 && t.kind === 'punct' && (t.text === ',' || t.text === '|' || t.text === '..')) return false;
    argument.push(t);
  }
  const first = argument[0];
  if (first === undefined) return false;
  if (argument.length === 1 && first.kind === 'punct' && first.text === '.') return false;
  return first.kind === 'field' || (first.kind === 'punct' && first.text === '.');
}

/** Number of `;`-separated arguments when the identifier at `index` is followed by `(`. */
function arityAt(tokens: readonly JqToken[], index: number): number {
  const open = tokens[index + 1];
  if (open?.kind !== 'punct' || open.text !== '(') return 0;
  let depth = 0;
  let arity = 1;
  for (let k = index + 1; k < tokens.length; k += 1) {
    const t = tokens[k] as JqToken;
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth += 1;
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      depth -= 1;
      if (depth === 0) return arity;
    } else if (t.text === ';' && depth === 1) arity += 1;
  }
  return arity;
}

/** `name/arity` of every `def` in the query, plus the function parameters it declares. */
function userDefinitions(tokens: readonly JqToken[]): Set<string> {
  const defined = new Set<string>();
  for (let k = 0; k < tokens.length - 1; k += 1) {
    const token = tokens[k] as JqToken;
    const name = tokens[k + 1] as JqToken;
    if (token.kind !== 'ident' || token.text !== 'def' || name.kind !== 'ident') continue;
    const params: string[] = [];
    if (tokens[k + 2]?.kind === 'punct' && tokens[k + 2]?.text === '(') {
      for (let p = k + 3; p < tokens.length; p += 1) {
        const t = tokens[p] as JqToken;
        if (t.kind === 'punct' && t.text === ')') break;
        if (t.kind === 'ident' || t.kind === 'variable') params.push(t.text);
      }
    }
    defined.add(`${name.text}/${params.length}`);
    for (const param of params) if (!param.startsWith('$')) defined.add(`${param}/0`);
  }
  return defined;
}
