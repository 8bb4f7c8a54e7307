import { describe, expect, it } from 'vitest';
import { toJavaString } from '../../src/expressions/index.js';

describe('toJavaString of scalars', () => {
  const rows: readonly (readonly [unknown, string])[] = [
    [null, 'null'],
    [undefined, 'null'],
    [true, 'true'],
    [false, 'false'],
    ['text', 'text'],
    ['', ''],
    [0, '0'],
    [-7, '-7'],
    [10000000000, '10000000000'],
    [2 ** 62, '4611686018427387904'],
  ];

  it.each(rows)('prints %j as %s', (value, expected) => {
    expect(toJavaString(value)).toBe(expected);
  });

  it('prints negative zero as the integer 0', () => {
    expect(toJavaString(-0)).toBe('0');
  });
});

describe('toJavaString of doubles (Java Double.toString)', () => {
  // Values checked against Double.toString on a JVM.
  const rows: readonly (readonly [number, string])[] = [
    [1.5, '1.5'],
    [2.5, '2.5'],
    [-0.5, '-0.5'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [0.00012, '1.2E-4'],
    [1234567.5, '1234567.5'],
    [12345678.9, '1.23456789E7'],
    [12345678.5, '1.23456785E7'],
    [9999999.5, '9999999.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1.5e300, '1.5E300'],
    [1e21, '1.0E21'],
    [-2.5e-10, '-2.5E-10'],
    [Number.MIN_VALUE, '4.9E-324'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ];

  it.each(rows)('prints %d as %s', (value, expected) => {
    expect(toJavaString(value)).toBe(expected);
  });

  // Divergence: a JSON 1.0 is a Java Double ("1.0") but reaches JavaScript as the integer 1.
  it('prints an integral number as an integer, never with ".0" (known divergence)', () => {
    expect(toJavaString(1.0)).toBe('1');
  });
});

describe('toJavaString of lists and maps', () => {
  it('prints a list like java.util.List, with ", " separators', () => {
    expect(toJavaString([1, 'a', null, true])).toBe('[1, a, null, true]');
  });

  it('prints a map like java.util.Map, key=value without quotes, in key order', () => {
    expect(toJavaString({ b: 'x', a: 1 })).toBe('{b=x, a=1}');
  });

  it('prints nested structures recursively with the same rules', () => {
    expect(toJavaString({ k: [1, { n: null, d: 0.5 }], e: {}, l: [] })).toBe('{k=[1, {n=null, d=0.5}], e={}, l=[]}');
  });

  it('prints empty containers as [] and {}', () => {
    expect(toJavaString([])).toBe('[]');
    expect(toJavaString({})).toBe('{}');
  });

  it('skips undefined map entries, as a JSON round trip would', () => {
    expect(toJavaString({ a: undefined, b: 2 })).toBe('{b=2}');
  });

  it('prints a self-containing list as Java does', () => {
    const list: unknown[] = [1];
    list.push(list);

    expect(toJavaString(list)).toBe('[1, (this Collection)]');
  });
});

describe('SWITCH/DECISION case keys (task-types §3.4)', () => {
  it('turns typical evaluated values into the case strings Conductor compares', () => {
    const keys = [toJavaString('ship'), toJavaString(true), toJavaString(null), toJavaString(2), toJavaString(1.5), toJavaString(['a', 'b'])];

    expect(keys).toStrictEqual(['ship', 'true', 'null', '2', '1.5', '[a, b]']);
  });
});
