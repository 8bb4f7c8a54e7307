/**
 * Peak heap from V8's `--trace-gc` lines. Every collection prints the heap in use before and after
 * it (`Scavenge 42.3 (45.1) -> 40.2 (46.1) MB, ...`); between collections the heap only grows, so
 * the largest "before" value (or the heap at the end, if larger) is the peak used heap of the
 * process. Measured this way nothing has to sample the heap inside the timed code.
 */

/** One collection as printed by `--trace-gc`. Sizes in MB (V8 prints MB with one decimal). */
export interface GcEvent {
  readonly kind: string;
  readonly usedBeforeMb: number;
  readonly committedBeforeMb: number;
  readonly usedAfterMb: number;
  readonly committedAfterMb: number;
}

// "[1234:0x5d1c0a0]      153 ms: Mark-Compact (reduce) 4.1 (5.8) -> 3.6 (6.8) MB, ..."
const GC_LINE = /\d+ ms: ([A-Za-z-]+(?: \([a-z]+\))?) ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/;

/** Parses one `--trace-gc` line; `undefined` for any other line. */
export function parseGcLine(line: string): GcEvent | undefined {
  const m = GC_LINE.exec(line);
  if (m === null) return undefined;
  return {
    kind: m[1] ?? '',
    usedBeforeMb: Number(m[2]),
    committedBeforeMb: Number(m[3]),
    usedAfterMb: Number(m[4]),
    committedAfterMb: Number(m[5]),
  };
}

/** The peak used heap (MB) over the collections in `output` and a final reading; NaN when there is neither. */
export function peakHeapMb(output: string, finalUsedMb = Number.NaN): number {
  let peak = Number.isNaN(finalUsedMb) ? Number.NEGATIVE_INFINITY : finalUsedMb;
  for (const line of output.split('\n')) {
    const event = parseGcLine(line);
    if (event !== undefined && event.usedBeforeMb > peak) peak = event.usedBeforeMb;
  }
  return peak === Number.NEGATIVE_INFINITY ? Number.NaN : peak;
}
