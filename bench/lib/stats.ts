/**
 * Summary statistics of benchmark samples: median and spread. Pure functions; the bench prints
 * medians because the machine is shared and a mean is dragged by the slowest sample.
 */

/** Median and spread of a set of samples. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  /** 25th and 75th percentiles (linear interpolation between closest ranks). */
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
  /** Half the interquartile range relative to the median, in percent: the "±" printed in the table. */
  readonly spreadPercent: number;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of sorted values, interpolating linearly between closest ranks
 * (the R-7 / numpy default definition).
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lower = Math.floor(pos);
  const upper = Math.ceil(pos);
  const a = sorted[lower] ?? Number.NaN;
  const b = sorted[upper] ?? Number.NaN;
  return a + (b - a) * (pos - lower);
}

/** Median, quartiles, extremes and relative spread of the samples (NaN fields for no samples). */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((x, y) => x - y);
  const median = quantile(sorted, 0.5);
  const p25 = quantile(sorted, 0.25);
  const p75 = quantile(sorted, 0.75);
  return {
    n: sorted.length,
    median,
    p25,
    p75,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    spreadPercent: median === 0 ? Number.NaN : ((p75 - p25) / 2 / median) * 100,
  };
}
