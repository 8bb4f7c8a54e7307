import { describe, expect, it } from 'vitest';
import {
  forEachExpressionString,
  invalidPathReason,
  looseRoot,
  paramReferences,
  rootSegment,
} from '../../../src/definitions/internal/param-refs.js';

/** Java's String.split with ConstraintParamUtil's regex, as JavaScript can express it. */
function javaSplitRefs(value: string): string[] {
  return value
    .split(/(?=(?<!\$)\$\{)|(?<=\})/)
    .filter((piece) => piece.startsWith('${') && piece.endsWith('}') && piece.length >= 3);
}

describe('paramReferences', () => {
  it('cuts a string where ConstraintParamUtil cuts it', () => {
    const samples = ['${a}', 'x${a.b}y${c}', '$${a}', '${a${b}}', '}${a}', '${}', '${a}}', 'a}b${c', '$$${x}', '${x', '{${a}}', '${${a}}'];

    for (const sample of samples) {
      expect(paramReferences(sample).map((r) => r.expression), sample).toEqual(javaSplitRefs(sample));
    }
  });

  it('gives the path between the braces', () => {
    expect(paramReferences('id-${workflow.input.id}-x')).toEqual([
      { expression: '${workflow.input.id}', paramPath: 'workflow.input.id' },
    ]);
  });

  it('finds nothing in a string without "${"', () => {
    expect(paramReferences('plain {text}')).toEqual([]);
  });
});

describe('invalidPathReason', () => {
  it('accepts ordinary dotted and bracketed paths', () => {
    expect(invalidPathReason('workflow.input.a')).toBeUndefined();
    expect(invalidPathReason("task['output'].x[0]")).toBeUndefined();
    expect(invalidPathReason('$.a')).toBeUndefined();
    expect(invalidPathReason('CPEWF_TASK_ID')).toBeUndefined();
  });

  it('rejects what the JSONPath compiler rejects', () => {
    expect(invalidPathReason('')).toBe('the path is empty');
    expect(invalidPathReason('  ')).toBe('the path is empty');
    expect(invalidPathReason('workflow.input.')).toBe('a path must not end with "."');
    expect(invalidPathReason('$x')).toBe('"$" must be followed by "." or "["');
    expect(invalidPathReason('a[0')).toBe('a "[" is not closed');
    expect(invalidPathReason('a]')).toBe('a "]" has no matching "["');
  });
});

describe('rootSegment', () => {
  it('is everything before the first dot, as Java split("\\\\.")[0]', () => {
    expect(rootSegment('charge.output.id')).toBe('charge');
    expect(rootSegment("loop['iteration']")).toBe("loop['iteration']");
    expect(rootSegment('workflow')).toBe('workflow');
  });
});

describe('looseRoot', () => {
  it('stops at a bracket and skips a leading "$."', () => {
    expect(looseRoot("loop['iteration']")).toBe('loop');
    expect(looseRoot('$.charge.output')).toBe('charge');
  });

  it('gives undefined for a computed path', () => {
    expect(looseRoot('${workflow.input.ref}.output')).toBeUndefined();
  });
});

describe('forEachExpressionString', () => {
  it('visits strings holding "${" in nested maps and lists with their paths', () => {
    const seen: [string, (string | number)[]][] = [];

    forEachExpressionString({ a: '${x}', b: ['plain', { c: '${y}' }], d: 3 }, ['in'], (text, path) => seen.push([text, [...path]]));

    expect(seen).toEqual([
      ['${x}', ['in', 'a']],
      ['${y}', ['in', 'b', 1, 'c']],
    ]);
  });
});
