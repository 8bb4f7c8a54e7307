import { describe, expect, it } from 'vitest';
import { describeValue, jsonTypeOf, quotedList } from '../../../src/definitions/internal/describe.js';

describe('describeValue', () => {
  it('names each JSON type with a short excerpt', () => {
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
    expect(describeValue('abc')).toBe('a string ("abc")');
    expect(describeValue('')).toBe('an empty string');
    expect(describeValue(42)).toBe('a number (42)');
    expect(describeValue(false)).toBe('a boolean (false)');
    expect(describeValue([1, 2])).toBe('an array ([1,2])');
    expect(describeValue([])).toBe('an empty array');
    expect(describeValue({ a: 1 })).toBe('an object ({"a":1})');
    expect(describeValue({})).toBe('an empty object');
  });

  it('cuts long excerpts to 40 characters with an ellipsis', () => {
    expect(describeValue('x'.repeat(100))).toBe(`a string ("${'x'.repeat(38)}…)`);
  });
});

describe('jsonTypeOf', () => {
  it('tells arrays from objects', () => {
    expect(jsonTypeOf([])).toBe('array');
    expect(jsonTypeOf({})).toBe('object');
  });
});

describe('quotedList', () => {
  it('joins quoted values with commas and "or"', () => {
    expect(quotedList(['A', 'B', 'C'])).toBe('"A", "B" or "C"');
    expect(quotedList(['A'])).toBe('"A"');
  });
});
