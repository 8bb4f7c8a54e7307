import { describe, expect, it } from 'vitest';
import { DefinitionError, ErrorCode } from '../../src/errors/index.js';
import { parseJson } from '../../src/definitions/index.js';

function jsonFailure(text: string): DefinitionError {
  try {
    parseJson(text, 'flows/order.json');
  } catch (error) {
    if (error instanceof DefinitionError) return error;
    throw error;
  }
  throw new Error('expected a DefinitionError, nothing was thrown');
}

describe('parseJson', () => {
  it('returns the parsed value of valid JSON', () => {
    expect(parseJson('{"a":[1,true,null]}', 'x.json')).toEqual({ a: [1, true, null] });
  });

  it('throws INVALID_JSON under a heading naming the subject', () => {
    const error = jsonFailure('{"a":1,}');

    expect(error.code).toBe(ErrorCode.INVALID_JSON);
    expect(error.subject).toBe('flows/order.json');
    expect(error.message).toBe(
      'flows/order.json has 1 problem:\n  (root)  invalid JSON at line 1, column 8: expected a property name in double quotes, found "}"; remove the comma before it (JSON allows no trailing comma)',
    );
  });

  it('counts lines and columns from 1', () => {
    expect(jsonFailure('{\n  "a": [\n    1,\n  ]\n}').issues[0]?.message).toBe(
      'invalid JSON at line 4, column 3: expected a value, found "]"; remove the comma before it (JSON allows no trailing comma)',
    );
  });

  it.each([
    ["{'a':1}", `invalid JSON at line 1, column 2: unexpected symbol, found "'a'"; JSON strings and property names take double quotes`],
    ['{a:1}', 'invalid JSON at line 1, column 2: unexpected symbol, found "a"; put the property name in double quotes'],
    ['{"a": tru}', 'invalid JSON at line 1, column 7: unexpected symbol, found "tru"; put strings in double quotes; the only bare words in JSON are true, false and null'],
    ['{"a": True}', 'invalid JSON at line 1, column 7: unexpected symbol, found "True"; JSON literals are true, false and null'],
    ['{"a":1', 'invalid JSON at line 1, column 7: expected "}", found the end of the text; the text ends early; a closing "}" or "]" is probably missing'],
    ['{"a":1 "b":2}', 'invalid JSON at line 1, column 8: expected "," or the end of the object or array, found "\\"b\\""; a "," is probably missing before it'],
    ['{"a":1} x', 'invalid JSON at line 1, column 9: unexpected symbol, found "x"; only one JSON value is allowed; remove the extra text or wrap the values in an array'],
    ['// c\n{}', 'invalid JSON at line 1, column 1: comments are not allowed in JSON, found "// c"; remove the comment'],
    ['{"a":"x\ny"}', 'invalid JSON at line 1, column 6: a string is not closed, found "\\"x"; close it with a double quote; write line breaks inside strings as \\n'],
    ['{"a":01}', 'invalid JSON at line 1, column 7: expected "," or the end of the object or array, found "1"; numbers cannot have leading zeros'],
    ['{"a" 1}', 'invalid JSON at line 1, column 6: expected ":", found "1"'],
    ['', 'invalid JSON: the text is empty; a JSON document needs a value such as {}'],
  ])('explains %j', (text, message) => {
    expect(jsonFailure(text).issues[0]?.message).toBe(message);
  });
});
