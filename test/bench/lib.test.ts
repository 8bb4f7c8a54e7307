import { describe, expect, it } from 'vitest';
import { summarizeProfile } from '../../bench/lib/cpuprofile.js';
import type { CpuProfile } from '../../bench/lib/cpuprofile.js';
import { parseGcLine, peakHeapMb } from '../../bench/lib/gc-trace.js';
import { quantile, summarize } from '../../bench/lib/stats.js';
import { formatNumber, formatSignificant, formatTable } from '../../bench/lib/table.js';

describe('summarize', () => {
  it('gives the median, quartiles and half the interquartile range relative to the median', () => {
    const s = summarize([5, 1, 4, 2, 3]);

    expect(s).toEqual({ n: 5, median: 3, p25: 2, p75: 4, min: 1, max: 5, spreadPercent: (1 / 3) * 100 });
  });

  it('interpolates between the two middle values of an even count', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('gives NaN for no samples', () => {
    expect(summarize([]).median).toBeNaN();
  });
});

describe('--trace-gc parsing', () => {
  const lines = [
    '[32001:0x29096ee0]       34 ms: Scavenge 3.9 (4.0) -> 3.7 (5.0) MB, 2.01 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure; ',
    '[32001:0x29096ee0]      153 ms: Mark-Compact (reduce) 41.5 (45.8) -> 3.6 (6.8) MB, 1.2 / 0.0 ms  (average mu = 0.9) testing; GC in old space requested',
    'some other output',
  ].join('\n');

  it('reads the kind and the sizes of a collection', () => {
    expect(parseGcLine(lines.split('\n')[1] ?? '')).toEqual({ kind: 'Mark-Compact (reduce)', usedBeforeMb: 41.5, committedBeforeMb: 45.8, usedAfterMb: 3.6, committedAfterMb: 6.8 });
  });

  it('takes the largest heap in use before any collection as the peak', () => {
    expect(peakHeapMb(lines)).toBe(41.5);
  });

  it('takes the final reading when it is larger than every collection', () => {
    expect(peakHeapMb(lines, 50)).toBe(50);
  });

  it('ignores lines that are not collections', () => {
    expect(parseGcLine('some other output')).toBeUndefined();
  });
});

describe('table and number formats', () => {
  it('pads columns to the widest cell, numbers to the right', () => {
    const text = formatTable([{ header: 'name' }, { header: 'n', right: true }], [['a', '1'], ['long', '1,000']]);

    expect(text).toBe(['name      n', '----  -----', 'a         1', 'long  1,000'].join('\n'));
  });

  it('groups thousands and keeps the decimals asked for', () => {
    expect([formatNumber(1234567.891, 2), formatNumber(-1234), formatNumber(Number.NaN)]).toEqual(['1,234,567.89', '-1,234', '–']);
  });

  it('keeps about three significant digits', () => {
    expect([formatSignificant(0.01234), formatSignificant(1.234), formatSignificant(12.34), formatSignificant(1234.5)]).toEqual(['0.012', '1.23', '12.3', '1,235']);
  });
});

describe('summarizeProfile', () => {
  // root → main → decide → resolve (2 samples in resolve, 1 in decide, 1 in GC)
  const profile: CpuProfile = {
    startTime: 0,
    endTime: 4000,
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1, columnNumber: -1 }, children: [2, 5] },
      { id: 2, callFrame: { functionName: 'main', url: 'file:///x/dist/esm/bench/worker.js', lineNumber: 0, columnNumber: 0 }, children: [3] },
      { id: 3, callFrame: { functionName: 'decide', url: 'file:///x/dist/esm/src/engine/executor.js', lineNumber: 9, columnNumber: 0 }, children: [4] },
      { id: 4, callFrame: { functionName: 'resolve', url: 'file:///x/dist/esm/src/expressions/parameters.js', lineNumber: 19, columnNumber: 0 } },
      { id: 5, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1, columnNumber: -1 } },
    ],
    samples: [4, 4, 3, 5],
    timeDeltas: [1000, 1000, 1000, 1000],
  };

  it('splits the samples into self and inclusive shares per function', () => {
    const summary = summarizeProfile(profile);

    expect(summary.functions.map((f) => [f.key, f.selfPercent, f.totalPercent])).toEqual([
      ['resolve (src/expressions/parameters.js:20)', 50, 50],
      ['(garbage collector)', 25, 25],
      ['decide (src/engine/executor.js:10)', 25, 75],
    ]);
    expect(summary.gcPercent).toBe(25);
  });

  it('names the call path of the self time without the bench harness frames', () => {
    const summary = summarizeProfile(profile);

    expect(summary.functions[0]?.paths).toEqual([{ path: 'decide (src/engine/executor.js:10) > resolve (src/expressions/parameters.js:20)', percent: 50 }]);
  });
});
