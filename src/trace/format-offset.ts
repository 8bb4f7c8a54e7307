/**
 * Offsets on the virtual clock, printed the one way traces, timelines and messages use.
 *
 * @packageDocumentation
 */

/**
 * Prints a duration in milliseconds relative to the start of a run: `+0s`, `+5.250s`,
 * `+2m00s`, `+1h00m05.250s`, `+2d03h00m00s`; negative offsets get `-` instead of `+` (a server
 * can back-date a task's `scheduledTime` before the workflow's `createTime`,
 * engine-semantics §7.6). Milliseconds are printed only when non-zero. The same text as the
 * engine clock's offsets (src/engine/clock.ts).
 *
 * @example formatOffset(3_605_250) // '+1h00m05.250s'
 */
export function formatOffset(ms: number): string {
  const rounded = Math.round(ms);
  const sign = rounded < 0 ? '-' : '+';
  const total = Math.abs(rounded);
  const millis = total % 1000;
  const seconds = Math.floor(total / 1000) % 60;
  const minutes = Math.floor(total / 60_000) % 60;
  const hours = Math.floor(total / 3_600_000) % 24;
  const days = Math.floor(total / 86_400_000);
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  if (days > 0) return `${sign}${days}d${pad2(hours)}h${pad2(minutes)}m${pad2(seconds)}${fraction}s`;
  if (hours > 0) return `${sign}${hours}h${pad2(minutes)}m${pad2(seconds)}${fraction}s`;
  if (minutes > 0) return `${sign}${minutes}m${pad2(seconds)}${fraction}s`;
  return `${sign}${seconds}${fraction}s`;
}

/**
 * Prints an absolute virtual time as an offset from `startedAt`; `0` (Conductor's "never set")
 * prints as `-`. So a clock that starts at epoch 0 prints its first instant as `-` too: start
 * virtual clocks later than 0 (the default start is 2024-01-01).
 *
 * @example formatTraceTime(0, 1_700_000_000_000) // '-'
 */
export function formatTraceTime(at: number, startedAt: number): string {
  return at === 0 ? '-' : formatOffset(at - startedAt);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
