import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJqEngine } from '../../src/expressions/jq-engine.js';
import type { JqEngine } from '../../src/expressions/jq-engine.js';

// Every expected message below was produced by jackson-jq 0.0.13 (the server's engine) on a JDK.

let jq: JqEngine;

beforeAll(async () => {
  jq = await createJqEngine();
});

afterAll(() => {
  jq.dispose();
});

describe('running queries', () => {
  it('adds two fields', () => {
    expect(jq.run('.a + .b', { a: 1, b: 2 })).toEqual({ ok: true, results: [3] });
  });

  it('returns every output, and none for empty', () => {
    expect(jq.run('.[] | select(. > 1)', [1, 2, 3])).toEqual({ ok: true, results: [2, 3] });
    expect(jq.run('empty', null)).toEqual({ ok: true, results: [] });
  });

  it('leaves the process exit code alone when a query fails (jq-web sets it to 5)', () => {
    const before = process.exitCode;

    expect(jq.run('.a.b', { a: 1 })).toEqual({ ok: false, message: 'Cannot index number with string "b"' });
    expect(process.exitCode).toBe(before);
  });

  it('gives integral arithmetic results as integers', () => {
    expect(jq.run('[3.0 * 2, 4 / 2, 1 / 3]', null)).toEqual({ ok: true, results: [[6, 2, 0.3333333333333333]] });
  });

  it('sees the whole task input, queryExpression included', () => {
    const input = { queryExpression: '.queryExpression', other: 1 };

    expect(jq.run('.queryExpression', input)).toEqual({ ok: true, results: ['.queryExpression'] });
  });

  it('builds strings with interpolation and joins entries', () => {
    expect(jq.run('to_entries | map("\\(.key)=\\(.value)") | join("&")', { a: 1, b: 'x' })).toEqual({ ok: true, results: ['a=1&b=x'] });
  });

  it('keeps key order of objects', () => {
    expect(JSON.stringify(jq.run('{z: 1, a: 2}', null))).toBe('{"ok":true,"results":[{"z":1,"a":2}]}');
  });

  it('gives the same outcome when a query runs twice on the same input', () => {
    const first = jq.run('[.[] | . * 2]', [1, 2]);

    expect(jq.run('[.[] | . * 2]', [1, 2])).toEqual(first);
  });

  it('does not let a caller change a remembered result', () => {
    const first = jq.run('{a: [1]}', null);
    if (first.ok) (first.results[0] as { a: number[] }).a.push(2);

    expect(jq.run('{a: [1]}', null)).toEqual({ ok: true, results: [{ a: [1] }] });
  });
});

describe('error texts in jackson-jq wording', () => {
  it('reports indexing a string with a field name', () => {
    expect(jq.run('.a.array', { a: 'x' })).toEqual({ ok: false, message: 'Cannot index string with string "array"' });
  });

  it('reports an unknown function with its arity', () => {
    expect(jq.run('foo', {})).toEqual({ ok: false, message: 'Function foo/0 does not exist' });
    expect(jq.run('ascii(65)', {})).toEqual({ ok: false, message: 'Function ascii/1 does not exist' });
  });

  it('reports an undefined variable', () => {
    expect(jq.run('.a as $x | $y', {})).toEqual({ ok: false, message: 'Undefined variable: $y' });
  });

  it('reports a user error with its message', () => {
    expect(jq.run('error("boom")', {})).toEqual({ ok: false, message: 'boom' });
  });

  it('reports error(null) as "null" and error with an object as an empty message', () => {
    expect(jq.run('error(null)', {})).toEqual({ ok: false, message: 'null' });
    expect(jq.run('error({"a": 1})', {})).toEqual({ ok: false, message: '' });
  });

  it('reports type errors of arithmetic as jq and jackson-jq both word them', () => {
    expect(jq.run('.a + .b', { a: 1, b: 'x' })).toEqual({ ok: false, message: 'number (1) and string ("x") cannot be added' });
    expect(jq.run('1 / 0', null)).toEqual({ ok: false, message: 'number (1) and number (0) cannot be divided because the divisor is zero' });
  });

  it('reports iteration over a scalar without the value', () => {
    expect(jq.run('.[]', 1)).toEqual({ ok: false, message: 'Cannot iterate over number' });
  });

  it('reports the length of a boolean without the value', () => {
    expect(jq.run('length', true)).toEqual({ ok: false, message: 'boolean has no length' });
  });

  it('reports a failed tonumber like Java parsing', () => {
    expect(jq.run('tonumber', 'abc')).toEqual({ ok: false, message: 'For input string: "abc"' });
  });

  it('reports a bad regular expression without the jq prefix', () => {
    expect(jq.run('test("(")', 'x')).toEqual({ ok: false, message: 'end pattern with unmatched parenthesis' });
  });
});

describe('what jackson-jq 0.0.13 rejects although jq 1.7 accepts it', () => {
  it('rejects if without else, at the position of end', () => {
    expect(jq.run('if . then 1 end', true)).toEqual({ ok: false, message: 'Encountered " "end" "end "" at line 1, column 13.' });
    expect(jq.run('if . then (if . then 1 else 2 end) end', true)).toEqual({
      ok: false,
      message: 'Encountered " "end" "end "" at line 1, column 36.',
    });
  });

  it('accepts if with else, elif included', () => {
    expect(jq.run('if . then 1 elif . then 2 else 3 end', true)).toEqual({ ok: true, results: [1] });
  });

  it('rejects builtins jackson-jq does not have', () => {
    const calls = ['now', 'getpath(["a"])', 'trim', 'ceil', 'round', 'abs', '[limit(3; repeat(1))]', 'input', 'env.HOME', 'error', 'atan2(1; 1)'];

    expect(calls.map((query) => jq.run(query, {}))).toEqual(
      [
        'now/0',
        'getpath/1',
        'trim/0',
        'ceil/0',
        'round/0',
        'abs/0',
        'repeat/1',
        'input/0',
        'env/0',
        'error/0',
        'atan2/2',
      ].map((signature) => ({ ok: false, message: `Function ${signature} does not exist` })),
    );
  });

  it('lets a query define a function named like a missing builtin', () => {
    expect(jq.run('def ceil: 7; ceil', 1.5)).toEqual({ ok: true, results: [7] });
  });

  it('rejects $ENV and $__loc__', () => {
    expect(jq.run('$ENV', null)).toEqual({ ok: false, message: 'Undefined variable: $ENV' });
    expect(jq.run('$__loc__', null)).toEqual({ ok: false, message: 'Undefined variable: $__loc__' });
  });

  it('does not mistake text inside a string for code', () => {
    expect(jq.run('"now $ENV if end"', null)).toEqual({ ok: true, results: ['now $ENV if end'] });
  });

  it('rejects the formats @base32, @base32d and @base64d', () => {
    expect(jq.run('@base32d', 'x')).toEqual({ ok: false, message: 'Formatting operator @base32d does not exist' });
  });

  it('rejects label and import', () => {
    expect(jq.run('label $f | 1', null)).toEqual({ ok: false, message: 'Encountered " "label" "label "" at line 1, column 1.' });
    expect(jq.run('import "a" as a; 1', null)).toEqual({ ok: false, message: 'Encountered " "import" "import "" at line 1, column 1.' });
  });

  it('reads ?// as ? followed by //, as jackson-jq does', () => {
    expect(jq.run('.a ?// 1', null)).toEqual({ ok: true, results: [1] });
  });

  it('accepts any expression as an object value, as jackson-jq does', () => {
    // The shape of the harness fixture sequential_json_jq_transform_integration_test.json.
    const query = '{ requestTransform: .input.requestTransform // ".body", total: .n + 1, c: if . then 1, 2 else 3 end }';

    expect(jq.run(query, { input: {}, n: 1 })).toEqual({
      ok: true,
      results: [
        { requestTransform: '.body', total: 2, c: 1 },
        { requestTransform: '.body', total: 2, c: 2 },
      ],
    });
  });

  it('leaves destructuring patterns alone', () => {
    expect(jq.run('. as [$a, {b: $c}] | [$a, $c]', [1, { b: 2 }])).toEqual({ ok: true, results: [[1, 2]] });
    expect(jq.run('reduce .[] as {a: $x} (0; . + $x)', [{ a: 1 }, { a: 2 }])).toEqual({ ok: true, results: [3] });
  });

  it('accepts del of one path and rejects del of several, as jackson-jq does', () => {
    expect(jq.run('del(.a.b)', { a: { b: 1, c: 2 } })).toEqual({ ok: true, results: [{ a: { c: 2 } }] });
    expect(jq.run('del(.[.k])', { k: 'a', a: 1 })).toEqual({ ok: true, results: [{ k: 'a' }] });
    expect(['del(.a, .b)', 'del(.[] | select(. > 1))', 'del(..|nulls)', 'del(.)'].map((q) => jq.run(q, { a: 1, b: 2 }))).toEqual(
      Array.from({ length: 4 }, () => ({ ok: false, message: '1st argument to del() must be a field access' })),
    );
  });

  it('keeps infinite infinite, where jq would print the largest double', () => {
    expect(jq.run('[infinite, -infinite]', null)).toEqual({ ok: true, results: [[Infinity, -Infinity]] });
  });

  it('keeps commas inside an interpolated string inside an object value', () => {
    expect(jq.run('{a: "\\(1, 2)", b: 3}', null)).toEqual({ ok: true, results: [{ a: '1', b: 3 }, { a: '2', b: 3 }] });
  });

  it('rejects a single-quoted string with the lexical error of jackson-jq', () => {
    expect(jq.run("[{id: 1, value: 'task1'}]", null)).toEqual({
      ok: false,
      message: 'Lexical error at line 1, column 17.  Encountered: "\\\'" (39), after : ""',
    });
  });

  it('offers leaf_paths, which jackson-jq has and jq 1.7 dropped', () => {
    expect(jq.run('[leaf_paths]', { a: [1] })).toEqual({ ok: true, results: [[['a', 0]]] });
  });
});

describe('known divergences (pinned)', () => {
  it('words syntax errors like jq, not like the JavaCC parser of jackson-jq', () => {
    // jackson-jq: 'Encountered "<EOF>" at line 1, column 2.' followed by the expected tokens.
    expect(jq.run('.[', {})).toEqual({ ok: false, message: 'syntax error, unexpected end of file' });
  });

  it('prints a non-integral number with tostring the jq way', () => {
    // jackson-jq prints Java doubles: 1e20 from a Java Double gives "1.0E20".
    expect(jq.run('tostring', 1e20)).toEqual({ ok: true, results: ['100000000000000000000'] });
  });

  it('fails join on a string where jackson-jq returns an empty string', () => {
    expect(jq.run('join(",")', 'x')).toEqual({ ok: false, message: 'Cannot iterate over string' });
  });

  it('words a from_entries entry without a key like jq', () => {
    // jackson-jq: "input elements to from_entries() must be object and have 'key', 'Key' or 'Name' field".
    expect(jq.run('from_entries', [{ k: 'b', v: 2 }])).toEqual({ ok: false, message: 'Cannot use null (null) as object key' });
  });

  it('prints null as an empty @csv field', () => {
    // jackson-jq prints null.
    expect(jq.run('@csv', [1, 'a,b', null])).toEqual({ ok: true, results: ['1,"a,b",'] });
  });

  it('words type errors of builtins like jq', () => {
    // jackson-jq: 'keys is not applicable to NUMBER; expected one of [OBJECT, ARRAY]'.
    expect(jq.run('keys', 1)).toEqual({ ok: false, message: 'number (1) has no keys' });
  });
});

describe('misuse', () => {
  it('rejects input that is not JSON-like', () => {
    expect(() => jq.run('.', { big: 1n })).toThrowError(/^JqEngine\.run: input must be JSON-like/);
  });

  it('rejects use after dispose', async () => {
    const short = await createJqEngine();
    short.dispose();

    expect(() => short.run('.', null)).toThrowError('JqEngine.run: the engine was disposed; create a new one with createJqEngine().');
  });
});
