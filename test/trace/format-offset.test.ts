import { describe, expect, it } from 'vitest';

import { formatOffset, formatTraceTime } from '../../src/trace/index.js';

describe('formatOffset', () => {
  it('prints seconds below a minute and leaves out zero milliseconds', () => {
    expect([formatOffset(0), formatOffset(5_000), formatOffset(5_250), formatOffset(1)]).toEqual(['+0s', '+5s', '+5.250s', '+0.001s']);
  });

  it('prints minutes with two-digit seconds below an hour', () => {
    expect([formatOffset(120_000), formatOffset(125_250), formatOffset(3_599_999)]).toEqual(['+2m00s', '+2m05.250s', '+59m59.999s']);
  });

  it('prints hours with two-digit minutes and seconds', () => {
    expect([formatOffset(3_605_250), formatOffset(3_600_000), formatOffset(86_399_999)]).toEqual(['+1h00m05.250s', '+1h00m00s', '+23h59m59.999s']);
  });

  it('folds 24 hours into a day with two-digit hours after it', () => {
    expect([formatOffset(86_400_000), formatOffset(90_000_000), formatOffset(2 * 86_400_000 + 3_600_000 + 1)]).toEqual(['+1d00h00m00s', '+1d01h00m00s', '+2d01h00m00.001s']);
  });

  it('marks offsets before the start with a minus sign', () => {
    expect(formatOffset(-200)).toBe('-0.200s');
  });
});

describe('formatTraceTime', () => {
  it('prints zero, which Conductor uses for a time that was never set, as a dash', () => {
    expect(formatTraceTime(0, 1_000)).toBe('-');
  });

  it('prints other times as offsets from the start of the run', () => {
    expect(formatTraceTime(61_000, 1_000)).toBe('+1m00s');
  });
});
