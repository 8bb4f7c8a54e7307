/**
 * JSONPath and filter compiler with the grammar of Jayway json-path 2.4.0, the library Conductor
 * uses for `${...}` (`dependencies.gradle` revJsonPath; engine-semantics §3.5). Ported behaviour:
 * `internal/path/PathCompiler.java`, `internal/filter/FilterCompiler.java`,
 * `internal/path/ArrayIndexOperation.java`, `ArraySliceOperation.java`. Any failure means
 * "invalid path", which Conductor turns into `null`.
 *
 * Filters compile to a data tree (see `jsonpath-ast.ts`); nothing is ever executed as code.
 */
import type {
  CompiledPath,
  FilterExpression,
  FunctionParam,
  PathToken,
  RelationalOperator,
  ValueNode,
} from './jsonpath-ast.js';
import { CharacterIndex, PathFailure, pathError, unescapeJayway } from './jsonpath-text.js';
import { parsePermissiveJson } from './permissive-json.js';

const SIMPLE_SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Compiles a path; a path not starting with `$` or `@` gets `$.` in front (Jayway does so). */
export function compilePath(source: string): CompiledPath {
  try {
    let ci = new CharacterIndex(source);
    ci.trim();
    // Jayway checks the *untrimmed* first character here, so " a.b" becomes "$. a.b" (invalid).
    if (ci.charAt(0) !== '$' && ci.charAt(0) !== '@') {
      ci = new CharacterIndex(`$.${source}`);
      ci.trim();
    }
    if (ci.lastCharIs('.')) throw invalid("Path must not end with a '.' or '..'", source);
    return new PathCompiler(ci, source).compile();
  } catch (error) {
    throw asInvalidPath(error, source);
  }
}

function invalid(message: string, source: string): Error {
  return pathError(PathFailure.INVALID_PATH, message, source);
}

function asInvalidPath(error: unknown, source: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  return pathError(PathFailure.INVALID_PATH, message, source);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isWhitespace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Wraps the token list with the definiteness facts the evaluator needs. */
export function finishPath(source: string, root: '$' | '@', tokens: PathToken[]): CompiledPath {
  const tokenDefinite = tokens.map((token, i) => {
    switch (token.kind) {
      case 'property':
        // Several properties at the leaf merge into one map, so that case is definite too.
        return token.names.length === 1 || i === tokens.length - 1;
      case 'index':
        return token.indexes.length === 1;
      case 'function':
        return true;
      default:
        return false;
    }
  });
  const upstreamDefinite: boolean[] = [];
  let upstream = true;
  for (const definite of tokenDefinite) {
    upstreamDefinite.push(upstream);
    upstream = upstream && definite;
  }
  const simple = tokens.every((t) => t.kind === 'property' && t.names.length === 1)
    ? tokens.map((t) => (t.kind === 'property' ? (t.names[0] ?? '') : ''))
    : undefined;
  return {
    source,
    root,
    tokens,
    tokenDefinite,
    upstreamDefinite,
    definite: upstream,
    functionPath: tokens.length > 0 && tokens[tokens.length - 1]?.kind === 'function',
    simple,
  };
}

/**
 * Recognises the common `a.b.c` shape without running the compiler: letters, digits, `_` and
 * `-` separated by single dots (optionally after `$.`). Returns the segments or undefined.
 */
export function simpleSegments(path: string): string[] | undefined {
  let body = path;
  if (body.startsWith('$.')) body = body.slice(2);
  if (body === '') return undefined;
  const parts = body.split('.');
  for (const part of parts) if (!SIMPLE_SEGMENT.test(part)) return undefined;
  return parts;
}

class PathCompiler {
  private readonly tokens: PathToken[] = [];

  constructor(
    private readonly path: CharacterIndex,
    private readonly source: string,
  ) {}

  compile(): CompiledPath {
    const root = this.readContextToken();
    return finishPath(this.source, root, this.tokens);
  }

  private fail(message: string): never {
    throw invalid(message, this.source);
  }

  private readWhitespace(): void {
    while (this.path.inBounds() && isWhitespace(this.path.currentChar())) this.path.incrementPosition(1);
  }

  private readContextToken(): '$' | '@' {
    this.readWhitespace();
    const c = this.path.currentChar();
    if (c !== '$' && c !== '@') this.fail("Path must start with '$' or '@'");
    if (this.path.currentIsTail()) return c;
    this.path.incrementPosition(1);
    if (this.path.currentChar() !== '.' && this.path.currentChar() !== '[') {
      this.fail(`Illegal character at position ${this.path.position} expected '.' or '['`);
    }
    this.readNextToken();
    return c;
  }

  private readNextToken(): boolean {
    const c = this.path.currentChar();
    switch (c) {
      case '[':
        return (
          this.readBracketPropertyToken() ||
          this.readArrayToken() ||
          this.readWildCardToken() ||
          this.readFilterToken() ||
          this.readPlaceholderToken() ||
          this.fail(`Could not parse token starting at position ${this.path.position}. Expected ?, ', 0-9, * `)
        );
      case '.':
        return this.readDotToken() || this.fail(`Could not parse token starting at position ${this.path.position}`);
      case '*':
        return this.readWildCardToken() || this.fail(`Could not parse token starting at position ${this.path.position}`);
      default:
        return (
          this.readPropertyOrFunctionToken() || this.fail(`Could not parse token starting at position ${this.path.position}`)
        );
    }
  }

  private continueOrEnd(): boolean {
    return this.path.currentIsTail() || this.readNextToken();
  }

  private readDotToken(): boolean {
    if (this.path.currentCharIs('.') && this.path.nextCharIs('.')) {
      this.tokens.push({ kind: 'scan' });
      this.path.incrementPosition(2);
    } else if (!this.path.hasMoreCharacters()) {
      this.fail("Path must not end with a '.");
    } else {
      this.path.incrementPosition(1);
    }
    if (this.path.currentCharIs('.')) this.fail(`Character '.' on position ${this.path.position} is not valid.`);
    return this.readNextToken();
  }

  private readPropertyOrFunctionToken(): boolean {
    const p = this.path;
    if (p.currentCharIs('[') || p.currentCharIs('*') || p.currentCharIs('.') || p.currentCharIs(' ')) return false;
    const start = p.position;
    let read = start;
    let end = 0;
    let isFunction = false;
    while (p.inBounds(read)) {
      const c = p.charAt(read);
      if (c === ' ') {
        this.fail(`Use bracket notion ['my prop'] if your property contains blank characters. position: ${p.position}`);
      } else if (c === '.' || c === '[') {
        end = read;
        break;
      } else if (c === '(') {
        isFunction = true;
        end = read++;
        break;
      }
      read++;
    }
    if (end === 0) end = p.length();

    let params: FunctionParam[] = [];
    if (isFunction) {
      if (p.inBounds(read + 1)) {
        const c = p.charAt(read + 1);
        if (c !== ')') {
          p.setPosition(end + 1);
          params = this.parseFunctionParameters(p.subSequence(start, end));
        } else {
          p.setPosition(read + 1);
        }
      } else {
        p.setPosition(read);
      }
    } else {
      p.setPosition(end);
    }
    const name = p.subSequence(start, end);
    this.tokens.push(isFunction ? { kind: 'function', name, params } : { kind: 'property', names: [name] });
    return this.continueOrEnd();
  }

  /** Function arguments: JSON literals (`{…}`, digits, `"…"`) or paths (`$…`, `@…`). */
  private parseFunctionParameters(functionName: string): FunctionParam[] {
    const p = this.path;
    let type: 'json' | 'path' | undefined;
    let groupParen = 1;
    let groupBracket = 0;
    let groupBrace = 0;
    let groupQuote = 0;
    let endOfStream = false;
    let prior = '';
    const params: FunctionParam[] = [];
    let parameter = '';
    while (p.inBounds() && !endOfStream) {
      const c = p.currentChar();
      p.incrementPosition(1);
      if (type === undefined) {
        if (isWhitespace(c)) continue;
        if (c === '{' || isDigit(c) || c === '"') type = 'json';
        else if (c === '$' || c === '@') type = 'path';
      }
      let closeOrComma = false;
      switch (c) {
        case '"':
          if (prior !== '\\' && groupQuote > 0) groupQuote--;
          else groupQuote++;
          break;
        case '(':
          groupParen++;
          break;
        case '{':
          groupBrace++;
          break;
        case '[':
          groupBracket++;
          break;
        case '}':
          if (groupBrace === 0) this.fail(`Unexpected close brace '}' at character position: ${p.position}`);
          groupBrace--;
          break;
        case ']':
          if (groupBracket === 0) this.fail(`Unexpected close bracket ']' at character position: ${p.position}`);
          groupBracket--;
          break;
        case ')':
          groupParen--;
          if (groupParen !== 0) parameter += c;
          closeOrComma = true;
          break;
        case ',':
          closeOrComma = true;
          break;
        default:
          break;
      }
      if (
        closeOrComma &&
        groupQuote === 0 &&
        groupBrace === 0 &&
        groupBracket === 0 &&
        ((groupParen === 0 && c === ')') || groupParen === 1)
      ) {
        endOfStream = groupParen === 0;
        if (type !== undefined) {
          if (type === 'json') params.push(jsonParam(parameter));
          else params.push({ kind: 'path', path: compileInner(parameter) });
          parameter = '';
          type = undefined;
        }
      }
      if (type !== undefined && !(c === ',' && groupBrace === 0 && groupBracket === 0 && groupParen === 1)) {
        parameter += c;
      }
      prior = c;
    }
    if (groupBrace !== 0 || groupParen !== 0 || groupBracket !== 0) {
      this.fail(`Arguments to function: '${functionName}' are not closed properly.`);
    }
    return params;
  }

  private readPlaceholderToken(): boolean {
    // `[?]` needs predicates passed programmatically; a definition cannot supply them.
    const p = this.path;
    if (!p.currentCharIs('[')) return false;
    const q = p.indexOfNextSignificantChar('?');
    if (q === -1) return false;
    const next = p.nextSignificantChar(q);
    if (next !== ']' && next !== ',') return false;
    return this.fail(`Not enough predicates supplied for filter at position ${p.position}`);
  }

  private readFilterToken(): boolean {
    const p = this.path;
    if (!p.currentCharIs('[') && !p.nextSignificantCharIs('?')) return false;
    const openStatement = p.position;
    const q = p.indexOfNextSignificantChar('?');
    if (q === -1) return false;
    const openBracket = p.indexOfNextSignificantChar('(', q);
    if (openBracket === -1) return false;
    const closeBracket = p.indexOfMatchingCloseChar(openBracket, '(', ')', true, true);
    if (closeBracket === -1) return false;
    if (!p.nextSignificantCharIs(']', closeBracket)) return false;
    const closeStatement = p.indexOfNextSignificantChar(']', closeBracket);
    const criteria = p.subSequence(openStatement, closeStatement + 1);
    this.tokens.push({ kind: 'filter', predicate: compileFilter(criteria) });
    p.setPosition(closeStatement + 1);
    return this.continueOrEnd();
  }

  private readWildCardToken(): boolean {
    const p = this.path;
    const inBracket = p.currentCharIs('[');
    if (inBracket && !p.nextSignificantCharIs('*')) return false;
    if (!p.currentCharIs('*') && p.isOutOfBounds(p.position + 1)) return false;
    if (inBracket) {
      const wildCardIndex = p.indexOfNextSignificantChar('*');
      if (!p.nextSignificantCharIs(']', wildCardIndex)) {
        this.fail(`Expected wildcard token to end with ']' on position ${wildCardIndex}1`);
      }
      const close = p.indexOfNextSignificantChar(']', wildCardIndex);
      p.setPosition(close + 1);
    } else {
      p.incrementPosition(1);
    }
    this.tokens.push({ kind: 'wildcard' });
    return this.continueOrEnd();
  }

  private readArrayToken(): boolean {
    const p = this.path;
    if (!p.currentCharIs('[')) return false;
    const next = p.nextSignificantChar();
    if (!isDigit(next) && next !== '-' && next !== ':') return false;
    const begin = p.position + 1;
    const end = p.nextIndexOf(begin, ']');
    if (end === -1) return false;
    const expression = p.subSequence(begin, end).trim();
    if (expression === '*') return false;
    for (const c of expression) {
      if (!isDigit(c) && c !== ',' && c !== '-' && c !== ':' && c !== ' ') return false;
    }
    if (expression.includes(':')) this.tokens.push(parseSlice(expression, this.source));
    else this.tokens.push(parseIndexes(expression, this.source));
    p.setPosition(end + 1);
    return this.continueOrEnd();
  }

  private readBracketPropertyToken(): boolean {
    const p = this.path;
    if (!p.currentCharIs('[')) return false;
    const delimiter = p.nextSignificantChar();
    if (delimiter !== "'" && delimiter !== '"') return false;
    const names: string[] = [];
    let start = p.position + 1;
    let read = start;
    let end = 0;
    let inProperty = false;
    let inEscape = false;
    let lastSignificantWasComma = false;
    while (p.inBounds(read)) {
      const c = p.charAt(read);
      if (inEscape) {
        inEscape = false;
      } else if (c === '\\') {
        inEscape = true;
      } else if (c === ']' && !inProperty) {
        if (lastSignificantWasComma) this.fail(`Found empty property at index ${read}`);
        break;
      } else if (c === delimiter) {
        if (inProperty) {
          const after = p.nextSignificantChar(read);
          if (after !== ']' && after !== ',') {
            this.fail(`Property must be separated by comma or Property must be terminated close square bracket at index ${read}`);
          }
          end = read;
          names.push(unescapeJayway(p.subSequence(start, end)));
          inProperty = false;
        } else {
          start = read + 1;
          inProperty = true;
          lastSignificantWasComma = false;
        }
      } else if (c === ',') {
        if (lastSignificantWasComma) this.fail(`Found empty property at index ${read}`);
        lastSignificantWasComma = true;
      }
      read++;
    }
    const endBracket = p.indexOfNextSignificantChar(']', end) + 1;
    p.setPosition(endBracket);
    if (names.length === 0) this.fail('Empty properties');
    this.tokens.push({ kind: 'property', names });
    return this.continueOrEnd();
  }
}

function parseJavaInt(token: string, source: string): number {
  // Integer.parseInt: optional sign, digits, 32-bit range.
  if (!/^[-+]?\d+$/.test(token)) throw invalid(`Failed to parse token in ArrayIndexOperation: ${token}`, source);
  const n = Number(token);
  if (n > 2147483647 || n < -2147483648) throw invalid(`Failed to parse token: ${token}`, source);
  return n;
}

function parseIndexes(expression: string, source: string): PathToken {
  for (const c of expression) {
    if (!isDigit(c) && c !== ',' && c !== ' ' && c !== '-') throw invalid(`Failed to parse ArrayIndexOperation: ${expression}`, source);
  }
  const indexes = expression.split(/\s*,\s*/).map((t) => parseJavaInt(t, source));
  return { kind: 'index', indexes };
}

function parseSlice(expression: string, source: string): PathToken {
  for (const c of expression) {
    if (!isDigit(c) && c !== '-' && c !== ':') throw invalid(`Failed to parse SliceOperation: ${expression}`, source);
  }
  // Java String.split drops trailing empty strings: "1:" → ["1"], ":2" → ["", "2"].
  const tokens = expression.split(':');
  while (tokens.length > 0 && tokens[tokens.length - 1] === '') tokens.pop();
  const read = (i: number): number | undefined => {
    const t = tokens[i];
    return t === undefined || t === '' ? undefined : parseJavaInt(t, source);
  };
  const from = read(0);
  const to = read(1);
  if (from === undefined && to === undefined) throw invalid(`Failed to parse SliceOperation: ${expression}`, source);
  return { kind: 'slice', from, to };
}

/**
 * Jayway parses JSON literals lazily, at evaluation; a malformed one fails the evaluation
 * (→ null or []) rather than the compilation. The parse error is kept for that moment.
 */
function jsonNode(text: string): ValueNode {
  try {
    return { kind: 'json', value: parsePermissiveJson(text), error: undefined };
  } catch (error) {
    return { kind: 'json', value: undefined, error: (error as Error).message };
  }
}

function jsonParam(text: string): FunctionParam {
  try {
    return { kind: 'json', value: parsePermissiveJson(text), error: undefined };
  } catch (error) {
    return { kind: 'json', value: undefined, error: (error as Error).message };
  }
}

/** Compiles a function argument path (Jayway's private compiler: no trim, no `$.` prefix). */
function compileInner(source: string): CompiledPath {
  const ci = new CharacterIndex(source);
  return new PathCompiler(ci, source).compile();
}

// ---------------------------------------------------------------------------------------------
// Filters: `[?(<expression>)]`
// ---------------------------------------------------------------------------------------------

const OPERATORS: ReadonlyMap<string, RelationalOperator> = new Map<string, RelationalOperator>([
  ['>=', '>='],
  ['<=', '<='],
  ['==', '=='],
  ['===', '==='],
  ['!=', '!='],
  ['!==', '!=='],
  ['<', '<'],
  ['>', '>'],
  ['=~', '=~'],
  ['NIN', 'NIN'],
  ['IN', 'IN'],
  ['CONTAINS', 'CONTAINS'],
  ['ALL', 'ALL'],
  ['SIZE', 'SIZE'],
  ['EXISTS', 'EXISTS'],
  ['TYPE', 'TYPE'],
  ['MATCHES', 'MATCHES'],
  ['EMPTY', 'EMPTY'],
  ['SUBSETOF', 'SUBSETOF'],
]);

function isRelationalOperatorChar(c: string): boolean {
  return c === '<' || c === '>' || c === '=' || c === '~' || c === '!';
}

/** Compiles `[?(...)]` into a filter tree; throws an invalid-path error on bad syntax. */
export function compileFilter(text: string): FilterExpression {
  return new FilterCompiler(text).compile();
}

class FilterCompiler {
  private readonly filter: CharacterIndex;

  constructor(private readonly text: string) {
    const f = new CharacterIndex(text);
    f.trim();
    if (!f.currentCharIs('[') || !f.lastCharIs(']')) this.fail("Filter must start with '[' and end with ']'.");
    f.incrementPosition(1);
    f.decrementEndPosition(1);
    f.trim();
    if (!f.currentCharIs('?')) this.fail("Filter must start with '[?' and end with ']'.");
    f.incrementPosition(1);
    f.trim();
    if (!f.currentCharIs('(') || !f.lastCharIs(')')) this.fail("Filter must start with '[?(' and end with ')]'.");
    this.filter = f;
  }

  private fail(message: string): never {
    throw invalid(`${message} ${this.text}`, this.text);
  }

  compile(): FilterExpression {
    try {
      const result = this.readLogicalOR();
      this.filter.skipBlanks();
      if (this.filter.inBounds()) this.fail('Expected end of filter expression');
      return result;
    } catch (error) {
      throw asInvalidPath(error, this.text);
    }
  }

  /** Runs `read`; on an invalid-path error restores the position and returns undefined. */
  private attempt<T>(read: () => T): T | undefined {
    const savepoint = this.filter.position;
    try {
      return read();
    } catch (error) {
      if ((error as { cause?: unknown }).cause !== PathFailure.INVALID_PATH) throw error;
      this.filter.setPosition(savepoint);
      return undefined;
    }
  }

  private readLogicalOR(): FilterExpression {
    const ops: FilterExpression[] = [this.readLogicalAND()];
    for (;;) {
      const next = this.attempt(() => {
        this.filter.readSignificantSubSequence('||');
        return this.readLogicalAND();
      });
      if (next === undefined) break;
      ops.push(next);
    }
    return ops.length === 1 ? (ops[0] as FilterExpression) : { kind: 'or', operands: ops };
  }

  private readLogicalAND(): FilterExpression {
    const ops: FilterExpression[] = [this.readLogicalANDOperand()];
    for (;;) {
      const next = this.attempt(() => {
        this.filter.readSignificantSubSequence('&&');
        return this.readLogicalANDOperand();
      });
      if (next === undefined) break;
      ops.push(next);
    }
    return ops.length === 1 ? (ops[0] as FilterExpression) : { kind: 'and', operands: ops };
  }

  private readLogicalANDOperand(): FilterExpression {
    const f = this.filter;
    const savepoint = f.skipBlanks().position;
    if (f.skipBlanks().currentCharIs('!')) {
      f.readSignificantChar('!');
      const c = f.skipBlanks().currentChar();
      if (c === '$' || c === '@') {
        f.setPosition(savepoint);
      } else {
        return { kind: 'not', operand: this.readLogicalANDOperand() };
      }
    }
    if (f.skipBlanks().currentCharIs('(')) {
      f.readSignificantChar('(');
      const op = this.readLogicalOR();
      f.readSignificantChar(')');
      return op;
    }
    return this.readExpression();
  }

  private readExpression(): FilterExpression {
    const left = this.readValueNode();
    const relational = this.attempt((): FilterExpression => {
      const operator = this.readRelationalOperator();
      const right = this.readValueNode();
      return { kind: 'relational', left, operator, right };
    });
    if (relational !== undefined) return relational;
    if (left.kind !== 'path') this.fail('Expected path node');
    return {
      kind: 'relational',
      left: { kind: 'path', path: left.path, existsCheck: true, shouldExist: left.shouldExist },
      operator: 'EXISTS',
      right: { kind: 'boolean', value: left.shouldExist },
    };
  }

  private readValueNode(): ValueNode {
    const f = this.filter;
    switch (f.skipBlanks().currentChar()) {
      case '$':
      case '@':
        return this.readPath();
      case '!': {
        f.incrementPosition(1);
        const c = f.skipBlanks().currentChar();
        if (c === '$' || c === '@') return this.readPath();
        return this.fail('Unexpected character: !');
      }
      default:
        return this.readLiteral();
    }
  }

  private readLiteral(): ValueNode {
    switch (this.filter.skipBlanks().currentChar()) {
      case "'":
        return this.readStringLiteral("'");
      case '"':
        return this.readStringLiteral('"');
      case 't':
      case 'f':
        return this.readBooleanLiteral();
      case '-':
        return this.readNumberLiteral();
      case 'n':
        return this.readNullLiteral();
      case '{':
      case '[':
        return this.readJsonLiteral();
      case '/':
        return this.readPattern();
      default:
        return this.readNumberLiteral();
    }
  }

  private readRelationalOperator(): RelationalOperator {
    const f = this.filter;
    const begin = f.skipBlanks().position;
    if (isRelationalOperatorChar(f.currentChar())) {
      while (f.inBounds() && isRelationalOperatorChar(f.currentChar())) f.incrementPosition(1);
    } else {
      while (f.inBounds() && f.currentChar() !== ' ') f.incrementPosition(1);
    }
    const text = f.subSequence(begin, f.position);
    const operator = OPERATORS.get(text.toUpperCase());
    if (operator === undefined) return this.fail(`Filter operator ${text} is not supported!`);
    return operator;
  }

  private readNullLiteral(): ValueNode {
    const f = this.filter;
    if (f.currentChar() === 'n' && f.inBounds(f.position + 3) && f.subSequence(f.position, f.position + 4) === 'null') {
      f.incrementPosition(4);
      return { kind: 'null' };
    }
    return this.fail('Expected <null> value');
  }

  private readJsonLiteral(): ValueNode {
    const f = this.filter;
    const begin = f.position;
    const open = f.currentChar();
    const close = open === '[' ? ']' : '}';
    const closing = f.indexOfMatchingCloseChar(f.position, open, close, true, false);
    if (closing === -1) this.fail("String not closed. Expected ' in");
    f.setPosition(closing + 1);
    return jsonNode(f.subSequence(begin, f.position));
  }

  private readPattern(): ValueNode {
    const f = this.filter;
    const begin = f.position;
    let closing = f.nextIndexOfUnescaped(f.position, '/');
    if (closing === -1) this.fail('Pattern not closed. Expected / in');
    if (f.inBounds(closing + 1) && f.charAt(closing + 1) === 'i') closing++;
    f.setPosition(closing + 1);
    const text = f.subSequence(begin, f.position);
    const source = text.slice(text.indexOf('/') + 1, text.lastIndexOf('/'));
    const flags = text.endsWith('/i') ? 'i' : '';
    let regex: RegExp;
    try {
      // Divergence: the pattern is a Java regex run by the JavaScript engine; syntax only Java
      // knows (possessive quantifiers, inline flags) makes the path invalid (→ null) here.
      // Java's Matcher.matches() needs the whole input to match, hence the anchors.
      regex = new RegExp(`^(?:${source})$`, flags);
    } catch (error) {
      throw pathError(PathFailure.OTHER, `Invalid pattern /${source}/: ${(error as Error).message}`, this.text);
    }
    return { kind: 'pattern', regex, source };
  }

  private readStringLiteral(endChar: string): ValueNode {
    const f = this.filter;
    const begin = f.position;
    const closing = f.nextIndexOfUnescaped(f.position, endChar);
    if (closing === -1) this.fail(`String literal does not have matching quotes. Expected ${endChar} in`);
    f.setPosition(closing + 1);
    const literal = f.subSequence(begin, f.position);
    return { kind: 'string', value: unescapeJayway(literal.slice(1, -1)) };
  }

  private readNumberLiteral(): ValueNode {
    const f = this.filter;
    const begin = f.position;
    while (f.inBounds() && f.isNumberCharacter(f.position)) f.incrementPosition(1);
    const literal = f.subSequence(begin, f.position);
    // new BigDecimal(literal): optional sign, digits with at most one point.
    // A NumberFormatException in Jayway, not an InvalidPathException: no backtracking over it.
    if (!/^[-+]?(?:\d+\.?\d*|\.\d+)$/.test(literal)) {
      throw pathError(PathFailure.OTHER, `Invalid number literal '${literal}'`, this.text);
    }
    return { kind: 'number', value: Number(literal) };
  }

  private readBooleanLiteral(): ValueNode {
    const f = this.filter;
    const begin = f.position;
    const end = f.currentChar() === 't' ? f.position + 3 : f.position + 4;
    if (!f.inBounds(end)) this.fail('Expected boolean literal');
    const text = f.subSequence(begin, end + 1);
    if (text !== 'true' && text !== 'false') this.fail('Expected boolean literal');
    f.incrementPosition(text.length);
    return { kind: 'boolean', value: text === 'true' };
  }

  private readPath(): ValueNode {
    const f = this.filter;
    const previous = f.previousSignificantChar();
    const begin = f.position;
    f.incrementPosition(1);
    while (f.inBounds()) {
      if (f.currentChar() === '[') {
        const closing = f.indexOfMatchingCloseChar(f.position, '[', ']', true, false);
        if (closing === -1) this.fail('Square brackets does not match in filter');
        f.setPosition(closing + 1);
      }
      const closingFunction = f.currentChar() === ')' && this.currentCharIsClosingFunctionBracket(begin);
      const closingLogical = f.currentChar() === ')' && !closingFunction;
      if (!f.inBounds() || isRelationalOperatorChar(f.currentChar()) || f.currentChar() === ' ' || closingLogical) break;
      f.incrementPosition(1);
    }
    const shouldExist = previous !== '!';
    return { kind: 'path', path: compilePath(f.subSequence(begin, f.position)), existsCheck: false, shouldExist };
  }

  private currentCharIsClosingFunctionBracket(lowerBound: number): boolean {
    const f = this.filter;
    if (f.currentChar() !== ')') return false;
    let idx = f.indexOfPreviousSignificantChar();
    if (idx === -1 || f.charAt(idx) !== '(') return false;
    idx--;
    while (f.inBounds(idx) && idx > lowerBound) {
      if (f.charAt(idx) === '.') return true;
      idx--;
    }
    return false;
  }
}
