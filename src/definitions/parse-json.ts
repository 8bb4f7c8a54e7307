/**
 * JSON text → value, with an error that says where (line:column) and how to fix it.
 *
 * `JSON.parse` does the parsing. When it fails, jsonc-parser (strict options: no comments, no
 * trailing commas) locates the first error: V8's own messages carry a position only for some
 * errors and change between Node versions (docs/decisions/validation.md).
 */
import { parse as jsoncParse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { DefinitionError, ErrorCode } from '../errors/index.js';
import { DefinitionIssueCode, IssueSeverity, type DefinitionIssue } from './definition-issue.js';

/**
 * Parses JSON text. `subject` (usually the file path) heads the error message.
 *
 * @throws DefinitionError with code `INVALID_JSON` and one issue whose message reads
 * `invalid JSON at line 3, column 5: expected a value, found "]"; remove the comma before it`.
 * @example parseJson(readFileSync(path, 'utf8'), path)
 */
export function parseJson(text: string, subject: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const issue: DefinitionIssue = {
      path: [],
      code: DefinitionIssueCode.INVALID_JSON,
      message: describeJsonError(text, error),
      severity: IssueSeverity.ERROR,
    };
    throw new DefinitionError(subject, [issue], { code: ErrorCode.INVALID_JSON });
  }
}

function describeJsonError(text: string, error: unknown): string {
  if (text.trim() === '') return 'invalid JSON: the text is empty; a JSON document needs a value such as {}';
  const errors: ParseError[] = [];
  jsoncParse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first === undefined) {
    // Both parsers disagree (should not happen); fall back to the engine's message.
    const message = error instanceof Error ? error.message : String(error);
    return `invalid JSON: ${message}`;
  }
  const { line, column } = lineColumn(text, first.offset);
  const found = first.offset >= text.length ? 'the end of the text' : JSON.stringify(text.slice(first.offset, first.offset + Math.max(1, Math.min(first.length, 12))));
  const hint = hintFor(text, first);
  return `invalid JSON at line ${line}, column ${column}: ${expectationOf(first)}, found ${found}${hint === '' ? '' : `; ${hint}`}`;
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function expectationOf(error: ParseError): string {
  // jsonc-parser's codes are a const enum; their printed names are its stable API.
  switch (printParseErrorCode(error.error)) {
    case 'PropertyNameExpected':
      return 'expected a property name in double quotes';
    case 'ValueExpected':
      return 'expected a value';
    case 'ColonExpected':
      return 'expected ":"';
    case 'CommaExpected':
      return 'expected "," or the end of the object or array';
    case 'CloseBraceExpected':
      return 'expected "}"';
    case 'CloseBracketExpected':
      return 'expected "]"';
    case 'EndOfFileExpected':
      return 'expected the end of the text';
    case 'InvalidCommentToken':
      return 'comments are not allowed in JSON';
    case 'UnexpectedEndOfString':
      return 'a string is not closed';
    case 'UnexpectedEndOfComment':
      return 'a comment is not closed';
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return 'invalid number';
    case 'InvalidUnicode':
    case 'InvalidEscapeCharacter':
      return 'invalid escape sequence in a string';
    case 'InvalidCharacter':
      return 'invalid character in a string';
    default:
      return 'unexpected symbol';
  }
}

/** The likely mistake behind an error, from the text around it. */
function hintFor(text: string, error: ParseError): string {
  const here = text[error.offset] ?? '';
  const before = text.slice(0, error.offset).trimEnd();
  const previous = before[before.length - 1] ?? '';
  const kind = printParseErrorCode(error.error);
  if ((here === '}' || here === ']') && previous === ',') return 'remove the comma before it (JSON allows no trailing comma)';
  if (kind === 'InvalidCommentToken') return 'remove the comment';
  if (here === "'") return 'JSON strings and property names take double quotes';
  if (/[A-Za-z_$]/.test(here) && (kind === 'PropertyNameExpected' || kind === 'InvalidSymbol')) {
    if (/^(True|False|None|undefined|NaN|Infinity)\b/.test(text.slice(error.offset))) {
      return 'JSON literals are true, false and null';
    }
    if (previous === '{' || (previous === ',' && enclosing(before) === '{')) return 'put the property name in double quotes';
    if (!isCompleteJson(before)) return 'put strings in double quotes; the only bare words in JSON are true, false and null';
  }
  if (isCompleteJson(before)) return 'only one JSON value is allowed; remove the extra text or wrap the values in an array';
  if (kind === 'UnexpectedEndOfString') return 'close it with a double quote; write line breaks inside strings as \\n';
  if (/[0-9]/.test(here) && /(^|[^0-9.eE+-])-?0$/.test(before)) return 'numbers cannot have leading zeros';
  if (kind === 'CommaExpected') return 'a "," is probably missing before it';
  if (kind === 'InvalidCharacter') return 'write line breaks and tabs inside strings as \\n and \\t';
  if (error.offset >= text.length) return 'the text ends early; a closing "}" or "]" is probably missing';
  return '';
}

function isCompleteJson(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The innermost unclosed `{` or `[` of a JSON prefix (strings skipped), or ''. */
function enclosing(prefix: string): string {
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c);
    else if (c === '}' || c === ']') stack.pop();
  }
  return stack[stack.length - 1] ?? '';
}
