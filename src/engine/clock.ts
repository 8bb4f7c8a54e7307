/**
 * The virtual clock. The engine never reads the wall clock: every timestamp in a trace comes from
 * here, and "waiting" means moving this clock forward, which costs nothing.
 */
import { UsageError } from '../errors/index.js';

/** The start time a run uses unless told otherwise. */
export const DEFAULT_START_TIME = '2024-01-01T00:00:00.000Z';

/** A clock that only moves when told to. Times are epoch milliseconds. */
export interface VirtualClock {
  /** Current virtual time (epoch ms). */
  now(): number;
  /** Moves the clock to `epochMs`; moving backwards is a programming error. */
  advanceTo(epochMs: number): void;
  /** Moves the clock forward by `ms` milliseconds. */
  advanceBy(ms: number): void;
}

/** Options of {@link createVirtualClock}. */
export interface VirtualClockOptions {
  /**
   * Start instant: an ISO-8601 string or epoch milliseconds.
   * @defaultValue '2024-01-01T00:00:00.000Z'
   */
  readonly start?: string | number;
}

/**
 * Creates a virtual clock.
 *
 * @example
 * const clock = createVirtualClock({ start: '2024-06-01T09:00:00Z' });
 * clock.advanceBy(30 * 24 * 3600 * 1000); // a 30-day WAIT, instantly
 * @throws UsageError when `start` is not a valid instant.
 */
export function createVirtualClock(options: VirtualClockOptions = {}): VirtualClock {
  let current = toEpochMs(options.start ?? DEFAULT_START_TIME);
  return {
    now: () => current,
    advanceTo(epochMs: number): void {
      if (!Number.isFinite(epochMs)) throw new UsageError(`cannot move the virtual clock to ${String(epochMs)}`);
      if (epochMs < current) {
        throw new UsageError(
          `the virtual clock cannot go back from ${new Date(current).toISOString()} to ${new Date(epochMs).toISOString()}`,
        );
      }
      current = epochMs;
    },
    advanceBy(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) throw new UsageError(`cannot advance the virtual clock by ${String(ms)} ms`);
      current += ms;
    },
  };
}

/** Converts an ISO-8601 string or epoch ms to epoch ms. */
export function toEpochMs(value: string | number): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new UsageError(`"${String(value)}" is not a valid start time; use an ISO-8601 instant such as "2024-01-01T00:00:00Z"`);
  }
  return ms;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a virtual duration for the test API: a number of milliseconds, or text such as `'500ms'`,
 * `'30s'`, `'2h'`, `'1d 2h 30m'`, `'30d'`.
 *
 * @throws UsageError naming the text when it is not a duration.
 */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new UsageError(`a duration must be a non-negative number of ms, got ${value}`);
    return value;
  }
  const text = value.trim();
  const parts = text.split(/\s+|(?<=[a-z])(?=\d)/i).filter((p) => p !== '');
  if (parts.length === 0) throw new UsageError(`"${value}" is not a duration; write e.g. "500ms", "30s", "2h", "1d 2h"`);
  let total = 0;
  for (const part of parts) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/i.exec(part);
    const unit = match?.[2]?.toLowerCase();
    if (match?.[1] === undefined || unit === undefined) {
      throw new UsageError(`"${value}" is not a duration; write e.g. "500ms", "30s", "2h", "1d 2h"`);
    }
    total += Number(match[1]) * (UNIT_MS[unit] ?? 0);
  }
  return Math.round(total);
}
