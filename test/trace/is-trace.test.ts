import { describe, expect, it } from 'vitest';

import { isTrace } from '../../src/trace/index.js';
import { buildTrace } from '../support/trace-builder.js';

describe('isTrace', () => {
  it('accepts a trace', () => {
    expect(isTrace(buildTrace({ name: 'wf', tasks: [{ ref: 'a' }] }))).toBe(true);
  });

  it('rejects values that are not traces', () => {
    const trace = buildTrace({ name: 'wf', tasks: [] });

    expect([isTrace(null), isTrace('trace v1'), isTrace({ ...trace, traceVersion: 2 }), isTrace({ ...trace, events: undefined })]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
