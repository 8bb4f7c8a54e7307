/**
 * A small reader for the JSON literals that appear inside JSONPath filters and function
 * arguments (`@.size in ['S', 'M']`, `concat("x")`). Jayway reads them with json-smart in
 * `MODE_PERMISSIVE`, which also accepts single-quoted and unquoted strings; this reader accepts
 * the same common forms. It only builds data: nothing in the text is ever executed.
 */
import { PathFailure, pathError } from './jsonpath-text.js';

/** Parses permissive JSON; throws a path error on malformed text. */
export function parsePermissiveJson(text: string): unknown {
  const reader = new Reader(text);
  reader.skipSpace();
  const value = reader.readValue();
  reader.skipSpace();
  if (reader.pos !== text.length) reader.fail('trailing characters');
  return value;
}

const STOP = new Set([',', ':', '[', ']', '{', '}']);

class Reader {
  pos = 0;

  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw pathError(PathFailure.INVALID_PATH, `malformed JSON literal (${what}) at ${this.pos}: ${this.text}`, this.text);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  readValue(): unknown {
    const c = this.text.charAt(this.pos);
    if (c === '[') return this.readArray();
    if (c === '{') return this.readObject();
    if (c === '"' || c === "'") return this.readQuoted(c);
    if (c === '' || STOP.has(c)) this.fail('value expected');
    return this.readBare();
  }

  private readArray(): unknown[] {
    this.pos++;
    const items: unknown[] = [];
    this.skipSpace();
    if (this.text.charAt(this.pos) === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      this.skipSpace();
      items.push(this.readValue());
      this.skipSpace();
      const c = this.text.charAt(this.pos);
      this.pos++;
      if (c === ']') return items;
      if (c !== ',') this.fail("',' or ']' expected");
    }
  }

  private readObject(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.skipSpace();
    if (this.text.charAt(this.pos) === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const c = this.text.charAt(this.pos);
      const key = c === '"' || c === "'" ? this.readQuoted(c) : String(this.readBare(true));
      this.skipSpace();
      if (this.text.charAt(this.pos) !== ':') this.fail("':' expected");
      this.pos++;
      this.skipSpace();
      Object.defineProperty(out, key, { value: this.readValue(), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const next = this.text.charAt(this.pos);
      this.pos++;
      if (next === '}') return out;
      if (next !== ',') this.fail("',' or '}' expected");
    }
  }

  private readQuoted(quote: string): string {
    let out = '';
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text.charAt(this.pos);
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        const e = this.text.charAt(this.pos + 1);
        this.pos += 2;
        switch (e) {
          case 'n':
            out += '\n';
            break;
          case 't':
            out += '\t';
            break;
          case 'r':
            out += '\r';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'u': {
            const hex = this.text.slice(this.pos, this.pos + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad unicode escape');
            out += String.fromCharCode(parseInt(hex, 16));
            this.pos += 4;
            break;
          }
          default:
            out += e;
        }
        continue;
      }
      out += c;
      this.pos++;
    }
    return this.fail('unclosed string');
  }

  private readBare(asKey = false): unknown {
    const start = this.pos;
    while (this.pos < this.text.length && !STOP.has(this.text.charAt(this.pos))) this.pos++;
    const word = this.text.slice(start, this.pos).trim();
    if (word === '') this.fail('value expected');
    if (asKey) return word;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(word)) return Number(word);
    return word;
  }
}
