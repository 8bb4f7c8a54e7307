/**
 * Character cursor and failure signals for the JSONPath compiler, a port of the behaviour of
 * Jayway json-path 2.4.0 `internal/CharacterIndex.java` (reads past the end fail like Java's
 * `StringIndexOutOfBoundsException`, which the compilers turn into "invalid path").
 */
import { ExpressionError } from '../../errors/index.js';

/** Why a JSONPath step failed; mirrors the Jayway exception classes that drive control flow. */
export const PathFailure = {
  /** `InvalidPathException`: bad syntax, or a filter applied to a primitive. */
  INVALID_PATH: 'INVALID_PATH',
  /** `PathNotFoundException`: a definite path met a missing or wrongly typed value. */
  NOT_FOUND: 'NOT_FOUND',
  /** Any other `JsonPathException` or runtime error (aggregation of nothing, bad index read). */
  OTHER: 'OTHER',
} as const;
export type PathFailure = (typeof PathFailure)[keyof typeof PathFailure];

/** Builds the error used as an internal signal; it never leaves the expressions folder. */
export function pathError(kind: PathFailure, message: string, expression = ''): ExpressionError {
  return new ExpressionError(message, { expression }, { cause: kind });
}

/** The failure kind of an error thrown while compiling or evaluating a path. */
export function failureOf(error: unknown): PathFailure {
  if (error instanceof ExpressionError) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause === PathFailure.INVALID_PATH || cause === PathFailure.NOT_FOUND) return cause;
  }
  return PathFailure.OTHER;
}

/** `CharacterIndex`: a cursor with an adjustable end; `charAt` reads the whole string. */
export class CharacterIndex {
  readonly text: string;
  position = 0;
  endPosition: number;

  constructor(text: string) {
    this.text = text;
    this.endPosition = text.length - 1;
  }

  length(): number {
    return this.endPosition + 1;
  }

  charAt(index: number): string {
    if (index < 0 || index >= this.text.length) {
      throw pathError(PathFailure.OTHER, `index ${index} out of range`, this.text);
    }
    return this.text.charAt(index);
  }

  currentChar(): string {
    return this.charAt(this.position);
  }

  currentCharIs(c: string): boolean {
    return this.charAt(this.position) === c;
  }

  lastCharIs(c: string): boolean {
    return this.charAt(this.endPosition) === c;
  }

  nextCharIs(c: string): boolean {
    return this.inBounds(this.position + 1) && this.charAt(this.position + 1) === c;
  }

  incrementPosition(count: number): number {
    this.position += count;
    return this.position;
  }

  setPosition(position: number): number {
    this.position = position;
    return position;
  }

  decrementEndPosition(count: number): void {
    this.endPosition -= count;
  }

  inBounds(index: number = this.position): boolean {
    return index >= 0 && index <= this.endPosition;
  }

  isOutOfBounds(index: number): boolean {
    return !this.inBounds(index);
  }

  currentIsTail(): boolean {
    return this.position >= this.endPosition;
  }

  hasMoreCharacters(): boolean {
    return this.inBounds(this.position + 1);
  }

  subSequence(start: number, end: number): string {
    if (start < 0 || end > this.text.length || start > end) {
      throw pathError(PathFailure.OTHER, `range ${start}..${end} out of range`, this.text);
    }
    return this.text.slice(start, end);
  }

  indexOfMatchingCloseChar(start: number, open: string, close: string, skipStrings: boolean, skipRegex: boolean): number {
    if (this.charAt(start) !== open) {
      throw pathError(PathFailure.INVALID_PATH, `Expected ${open} but found ${this.charAt(start)}`, this.text);
    }
    let opened = 1;
    let read = start + 1;
    while (this.inBounds(read)) {
      if (skipStrings) {
        const quote = this.charAt(read);
        if (quote === "'" || quote === '"') {
          read = this.nextIndexOfUnescaped(read, quote);
          if (read === -1) {
            throw pathError(PathFailure.INVALID_PATH, `Could not find matching close quote for ${quote}`, this.text);
          }
          read++;
        }
      }
      if (skipRegex && this.charAt(read) === '/') {
        read = this.nextIndexOfUnescaped(read, '/');
        if (read === -1) throw pathError(PathFailure.INVALID_PATH, 'Could not find matching close for /', this.text);
        read++;
      }
      if (this.charAt(read) === open) opened++;
      if (this.charAt(read) === close) {
        opened--;
        if (opened === 0) return read;
      }
      read++;
    }
    return -1;
  }

  indexOfNextSignificantChar(c: string, start: number = this.position): number {
    let read = start + 1;
    while (!this.isOutOfBounds(read) && this.charAt(read) === ' ') read++;
    return this.charAt(read) === c ? read : -1;
  }

  nextIndexOf(start: number, c: string): number {
    let read = start;
    while (!this.isOutOfBounds(read)) {
      if (this.charAt(read) === c) return read;
      read++;
    }
    return -1;
  }

  nextIndexOfUnescaped(start: number, c: string): number {
    let read = start + 1;
    let inEscape = false;
    while (!this.isOutOfBounds(read)) {
      const ch = this.charAt(read);
      if (inEscape) inEscape = false;
      else if (ch === '\\') inEscape = true;
      else if (ch === c) return read;
      read++;
    }
    return -1;
  }

  nextSignificantCharIs(c: string, start: number = this.position): boolean {
    let read = start + 1;
    while (!this.isOutOfBounds(read) && this.charAt(read) === ' ') read++;
    return !this.isOutOfBounds(read) && this.charAt(read) === c;
  }

  nextSignificantChar(start: number = this.position): string {
    let read = start + 1;
    while (!this.isOutOfBounds(read) && this.charAt(read) === ' ') read++;
    return this.isOutOfBounds(read) ? ' ' : this.charAt(read);
  }

  readSignificantChar(c: string): void {
    if (this.skipBlanks().currentChar() !== c) {
      throw pathError(PathFailure.INVALID_PATH, `Expected character: ${c}`, this.text);
    }
    this.incrementPosition(1);
  }

  readSignificantSubSequence(s: string): void {
    this.skipBlanks();
    if (!this.inBounds(this.position + s.length - 1)) {
      throw pathError(PathFailure.INVALID_PATH, `End of string reached while expecting: ${s}`, this.text);
    }
    if (this.subSequence(this.position, this.position + s.length) !== s) {
      throw pathError(PathFailure.INVALID_PATH, `Expected: ${s}`, this.text);
    }
    this.incrementPosition(s.length);
  }

  indexOfPreviousSignificantChar(start: number = this.position): number {
    let read = start - 1;
    while (!this.isOutOfBounds(read) && this.charAt(read) === ' ') read--;
    return this.isOutOfBounds(read) ? -1 : read;
  }

  previousSignificantChar(start: number = this.position): string {
    const index = this.indexOfPreviousSignificantChar(start);
    return index === -1 ? ' ' : this.charAt(index);
  }

  isNumberCharacter(index: number): boolean {
    const c = this.charAt(index);
    return (c >= '0' && c <= '9') || c === '-' || c === '.';
  }

  skipBlanks(): this {
    while (this.inBounds() && this.position < this.endPosition && this.currentChar() === ' ') this.incrementPosition(1);
    return this;
  }

  trim(): this {
    this.skipBlanks();
    while (this.inBounds() && this.position < this.endPosition && this.lastCharIs(' ')) this.decrementEndPosition(1);
    return this;
  }
}

/** `Utils.unescape`: backslash escapes `\\ \' \" \r \f \t \n \b \uXXXX`; others drop the slash. */
export function unescapeJayway(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  let hadSlash = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (hadSlash) {
      hadSlash = false;
      switch (ch) {
        case 'r':
          out += '\r';
          break;
        case 'f':
          out += '\f';
          break;
        case 't':
          out += '\t';
          break;
        case 'n':
          out += '\n';
          break;
        case 'b':
          out += '\b';
          break;
        case 'u': {
          const hex = text.slice(i + 1, i + 5);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            throw pathError(PathFailure.OTHER, `Unable to parse unicode value: ${hex}`, text);
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          out += ch;
      }
      continue;
    }
    if (ch === '\\') {
      hadSlash = true;
      continue;
    }
    out += ch;
  }
  return hadSlash ? `${out}\\` : out;
}
