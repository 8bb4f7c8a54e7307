/**
 * Java-compatible text forms of JSON values, shared by `java-string.ts` (Java `toString`) and
 * the parameter resolver (json-smart compact JSON for indefinite JSONPath results).
 *
 * Conductor: UTIL/ParametersUtils.java splices embedded values with `Objects.toString(value)`;
 * values come from Jackson (`LinkedHashMap`, `ArrayList`, `Integer`/`Long`/`Double`) or, for
 * indefinite JSONPath results, from json-smart (`JSONArray`, whose `toString` is compact JSON).
 */

// Divergence: JavaScript has one number type. A JSON number with a fraction part or exponent is
// a Java Double (`1.0` prints "1.0"), but JSON.parse turns `1.0` into the integer-valued 1, so an
// integral JS number always prints as a Java Integer/Long ("1"). Non-integral numbers are known to
// be doubles and print with Java's `Double.toString` rules (engine-semantics §3.6).

/** Java `Double.toString`: `1.0`, `2.5`, `1.0E-4`, `1.23456789E7`, `NaN`, `Infinity`. */
export function formatJavaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  // Java prints the smallest subnormal as 4.9E-324 (two significant digits); JS prints 5e-324.
  if (value === Number.MIN_VALUE) return '4.9E-324';
  if (value === -Number.MIN_VALUE) return '-4.9E-324';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    // In this range JS never uses an exponent, and both languages print the shortest digits.
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  // toExponential() without an argument gives the shortest round-tripping mantissa, like Java.
  const exp = value.toExponential();
  const e = exp.indexOf('e');
  let mantissa = exp.slice(0, e);
  if (!mantissa.includes('.')) mantissa += '.0';
  const exponent = exp.slice(e + 1);
  return `${mantissa}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

/** 2^63: integral values at or beyond it cannot be a Java Long, so Jackson made them Doubles. */
const LONG_LIMIT = 9223372036854775808;

/**
 * A JS number as Java prints it: integral values within the Long range as an Integer/Long
 * (plain digits), anything else as a Double (`1.5`, `1.0E21`).
 */
export function formatJavaNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < LONG_LIMIT) {
    if (Number.isSafeInteger(value)) return Object.is(value, -0) ? '0' : String(value);
    // Beyond 2^53 JS prints the shortest round-trip digits; Java prints the Long exactly.
    return BigInt(value).toString();
  }
  return formatJavaDouble(value);
}

/** True for `{}`-style objects (prototype Object or null): the JS stand-in for a Java Map. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // By shape, not identity: under jest, objects made by the host realm's structuredClone have
  // another realm's Object.prototype.
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Java `String.valueOf` of a value built from JSON: `null`, `true`, digits, Java doubles, strings
 * as-is, lists `[a, b]` and maps `{k=v, k2=v2}` (Java `AbstractCollection`/`AbstractMap.toString`).
 */
export function javaToString(value: unknown): string {
  return appendJava(value, []);
}

function appendJava(value: unknown, stack: unknown[]): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return formatJavaNumber(value);
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      break;
  }
  if (Array.isArray(value)) {
    stack.push(value);
    const parts: string[] = [];
    for (const item of value) {
      // Java: AbstractCollection.toString prints a self-reference as "(this Collection)".
      parts.push(item === value ? '(this Collection)' : stack.includes(item) ? '(cycle)' : appendJava(item, stack));
    }
    stack.pop();
    return `[${parts.join(', ')}]`;
  }
  if (isPlainObject(value)) {
    stack.push(value);
    const parts: string[] = [];
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === undefined) continue;
      const text = item === value ? '(this Map)' : stack.includes(item) ? '(cycle)' : appendJava(item, stack);
      parts.push(`${key}=${text}`);
    }
    stack.pop();
    return `{${parts.join(', ')}}`;
  }
  return String(value);
}

/**
 * `Objects.toString` of a value json-smart parsed from text (`JsonPath.parse(String)`, used for
 * `${workflow.env.NAME.path}`): its default reader builds objects as `LinkedHashMap` (Java
 * `{k=v}` form) but arrays as `JSONArray`, whose `toString` is compact JSON all the way down.
 */
export function parsedJsonToString(value: unknown): string {
  if (Array.isArray(value)) return toCompactJson(value);
  if (isPlainObject(value)) {
    const parts: string[] = [];
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item !== undefined) parts.push(`${key}=${parsedJsonToString(item)}`);
    }
    return `{${parts.join(', ')}}`;
  }
  return javaToString(value);
}

const HEX = '0123456789ABCDEF';

/**
 * json-smart's compact JSON (`JSONValue.COMPRESSION` = `NO_COMPRESS`, which escapes for the web):
 * no spaces, every key and string quoted, `/` escaped as `\/`, control characters, U+007F–U+009F
 * and U+2000–U+20FF as `\uXXXX`, numbers in Java form, infinite doubles as `null`.
 *
 * json-smart: net/minidev/json/JStylerObj.java (`Escape4Web`), reader/JsonWriter.java.
 */
export function toCompactJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return quoteJson(value);
    case 'number':
      return Number.isFinite(value) || Number.isNaN(value) ? formatJavaNumber(value) : 'null';
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      break;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += toCompactJson(value[i]);
    }
    return `${out}]`;
  }
  if (isPlainObject(value)) {
    let out = '{';
    let first = true;
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === undefined) continue;
      if (!first) out += ',';
      first = false;
      out += `${quoteJson(key)}:${toCompactJson(item)}`;
    }
    return `${out}}`;
  }
  return quoteJson(String(value));
}

function quoteJson(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    switch (ch) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x2f:
        out += '\\/';
        break;
      default:
        if (ch <= 0x1f || (ch >= 0x7f && ch <= 0x9f) || (ch >= 0x2000 && ch <= 0x20ff)) {
          out += `\\u${HEX[(ch >> 12) & 15]}${HEX[(ch >> 8) & 15]}${HEX[(ch >> 4) & 15]}${HEX[ch & 15]}`;
        } else {
          out += text[i];
        }
    }
  }
  return `${out}"`;
}
