/**
 * WAIT task inputs: the `duration` grammar and the `until` date formats (task-types §2.15, §3.6).
 *
 * Conductor: core/.../core/utils/DateTimeUtils.java — `parseDuration` matches one Java regex,
 * `parseDate` calls commons-lang3 `DateUtils.parseDate(text, "yyyy-MM-dd HH:mm",
 * "yyyy-MM-dd HH:mm z", "yyyy-MM-dd")` on a lenient `GregorianCalendar`. Both are re-implemented
 * here by hand because the details matter and no JavaScript library has them: Java's `\s` and
 * ASCII-only case folding, `Integer.parseInt` overflow, 32-bit `days * 86400`, FastDateParser's
 * whitespace skipping before numbers, lenient field roll-over, the Julian calendar before
 * 1582-10-15, and zone names with their standard offsets. Every behaviour below was checked by
 * running the same regex and commons-lang3 3.18.0 on a JDK (see test/expressions/wait-time.test.ts).
 *
 * Pure: no clock. IANA zones (for `defaultZone`) are read through `Intl`, which is deterministic
 * for a given date and tz database.
 *
 * @packageDocumentation
 */
import { UsageError } from '../errors/index.js';
import { ZONE_NAME_OFFSETS } from './internal/wait-zone-names.js';

/** Java's `\s` without UNICODE_CHARACTER_CLASS: space, \t, \n, \x0B, \f, \r. */
const JS = '[ \\t\\n\\x0B\\f\\r]*';
/**
 * DateTimeUtils.DURATION_PATTERN, with `matches()` semantics (anchored at both ends). The `i`
 * flag without `u` folds ASCII letters only, as Java's CASE_INSENSITIVE does.
 */
const DURATION = new RegExp(
  `^${JS}(?:([0-9]+)${JS}(?:days?|d))?${JS}(?:([0-9]+)${JS}(?:hours?|hrs?|h))?` +
    `${JS}(?:([0-9]+)${JS}(?:minutes?|mins?|m))?${JS}(?:([0-9]+)${JS}(?:seconds?|secs?|s))?${JS}$`,
  'i',
);
const INT_MAX = 2_147_483_647;

/**
 * WAIT `duration` grammar (task-types §3.6): seconds, or `undefined` when the text does not match.
 *
 * Units in the fixed order days, hours, minutes, seconds, each optional, whitespace anywhere;
 * `m` is minutes. A part above 2147483647 does not parse (Java `Integer.parseInt`), and
 * `days * 86400` wraps like Java's 32-bit int (`24856d` gives -2147408896). The empty string
 * matches and gives 0 — the WAIT task treats a blank value as absent before it gets here.
 *
 * @example parseWaitDuration('1d2h3m4s') // 93784
 * @example parseWaitDuration('2h 1d') // undefined (wrong order)
 */
export function parseWaitDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (m === null) return undefined;
  const parts: number[] = [];
  for (const group of [m[1], m[2], m[3], m[4]]) {
    const value = group === undefined ? 0 : Number(group);
    if (value > INT_MAX) return undefined;
    parts.push(value);
  }
  const [days = 0, hours = 0, minutes = 0, seconds = 0] = parts;
  // Conductor: (days * 86400) is int arithmetic; the rest is long.
  return Math.imul(days, 86400) + (hours * 60 + minutes) * 60 + seconds;
}

/** Options of {@link parseWaitUntil}. */
export interface WaitUntilOptions {
  /**
   * The server JVM's default time zone, used by the two formats without a zone: an IANA zone
   * name (`Europe/Paris`) or `UTC`.
   * @defaultValue `'UTC'` (the usual container setting)
   */
  readonly defaultZone?: string;
}

/**
 * WAIT `until` (task-types §3.6): epoch ms, or `undefined` when unparseable.
 *
 * Formats, tried in order, each of which must consume the whole text: `yyyy-MM-dd HH:mm`,
 * `yyyy-MM-dd HH:mm z`, `yyyy-MM-dd`. Fields roll over leniently (`2024-13-45 25:61` is
 * 2025-02-15T02:01Z), whitespace is skipped before each number, and the zone is `+hhmm`,
 * `GMT+h:mm`, or a zone name the JVM knows (`UTC`, `PST`, `Pacific Standard Time`; an
 * abbreviation keeps its standard offset in summer). Without a zone, `defaultZone` applies; a
 * local time that a daylight-saving change skips or repeats is read in standard time, as Java's
 * `GregorianCalendar` does.
 *
 * Divergence: only ASCII digits are read (Java also reads other Unicode decimal digits).
 *
 * @example parseWaitUntil('2024-04-30 15:20 GMT+04:00') // Date.UTC(2024, 3, 30, 11, 20)
 * @throws UsageError when `defaultZone` is not a time zone `Intl` knows.
 */
export function parseWaitUntil(text: string, options: WaitUntilOptions = {}): number | undefined {
  const defaultZone = options.defaultZone ?? 'UTC';
  const zoneOffset = defaultZoneOffset(defaultZone);
  for (const pattern of PATTERNS) {
    const fields = matchPattern(text, pattern);
    if (fields === undefined) continue;
    const wall = wallMillis(fields.year, fields.month, fields.day, fields.hour, fields.minute);
    const millis = fields.offsetMinutes === undefined ? wall - zoneOffset(wall) : wall - fields.offsetMinutes * 60_000;
    return Number.isFinite(millis) ? millis : undefined;
  }
  return undefined;
}

type Pattern = readonly ('number' | '-' | ' ' | ':' | 'zone')[];

/** DateTimeUtils.DATE_PATTERNS as FastDateParser strategies: numbers, literals, the zone. */
const PATTERNS: readonly Pattern[] = [
  ['number', '-', 'number', '-', 'number', ' ', 'number', ':', 'number'],
  ['number', '-', 'number', '-', 'number', ' ', 'number', ':', 'number', ' ', 'zone'],
  ['number', '-', 'number', '-', 'number'],
];

interface Fields {
  readonly year: number;
  /** 0-based, possibly out of range (lenient). */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** Minutes east of UTC when the text names a zone. */
  readonly offsetMinutes: number | undefined;
}

function matchPattern(text: string, pattern: Pattern): Fields | undefined {
  const numbers: number[] = [];
  let offsetMinutes: number | undefined;
  let pos = 0;
  for (const step of pattern) {
    if (step === 'number') {
      // FastDateParser.NumberStrategy: skip Character.isWhitespace, then digits, Integer.parseInt.
      while (pos < text.length && isJavaWhitespace(text.charCodeAt(pos))) pos += 1;
      const start = pos;
      while (pos < text.length && isAsciiDigit(text.charCodeAt(pos))) pos += 1;
      if (pos === start) return undefined;
      const value = Number(text.slice(start, pos));
      if (value > INT_MAX) return undefined; // NumberFormatException: this format fails
      numbers.push(value);
    } else if (step === 'zone') {
      const zone = readZone(text.slice(pos));
      if (zone === undefined) return undefined;
      offsetMinutes = zone.offsetMinutes;
      pos += zone.length;
    } else {
      if (text[pos] !== step) return undefined;
      pos += 1;
    }
  }
  if (pos !== text.length) return undefined;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0] = numbers;
  return { year, month: month - 1, day, hour, minute, offsetMinutes };
}

/**
 * FastDateParser.TimeZoneStrategy: `[+-]\d{4}`, then `GMT[+-]\d{1,2}:\d{2}`, then the JVM's zone
 * names, case-insensitively, the first alternative that matches a prefix. Offsets of 24 hours or
 * 60 minutes and more make GmtTimeZone throw, which fails the format.
 */
function readZone(rest: string): { readonly length: number; readonly offsetMinutes: number } | undefined {
  const rfc822 = /^([+-])(\d\d)(\d\d)/.exec(rest);
  const gmt = rfc822 === null ? /^gmt([+-])(\d\d?):(\d\d)/i.exec(rest) : null;
  const numeric = rfc822 ?? gmt;
  if (numeric !== null) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3]);
    if (hours >= 24 || minutes >= 60) return undefined;
    const sign = numeric[1] === '-' ? -1 : 1;
    return { length: numeric[0].length, offsetMinutes: sign * (hours * 60 + minutes) };
  }
  // Names are tried longest-prefix-last (reverse lexical order), so the format consumes the rest
  // of the text only when the rest is itself a name.
  const offset = ZONE_NAMES.get(rest.toLowerCase());
  if (offset !== undefined) return { length: rest.length, offsetMinutes: offset };
  return undefined;
}

/** Lower-cased zone name → offset in minutes, from the generated table. */
const ZONE_NAMES: ReadonlyMap<string, number> = new Map(
  Object.entries(ZONE_NAME_OFFSETS).flatMap(([offset, names]) => names.map((name): [string, number] => [name.toLowerCase(), Number(offset)])),
);

const DAY_MS = 86_400_000;
/** Epoch day of 1582-10-15, the first Gregorian day of java.util.GregorianCalendar. */
const GREGORIAN_CUTOVER_DAY = -141_427;

/**
 * The local ("wall") time of the fields as epoch ms, computed like the lenient
 * `GregorianCalendar.computeTime`: overflowing hours and minutes carry into days first, months
 * into years, and a date before 1582-10-15 is a Julian calendar date.
 */
function wallMillis(year: number, month: number, day: number, hour: number, minute: number): number {
  const timeOfDay = hour * 3_600_000 + minute * 60_000;
  const carryDays = Math.floor(timeOfDay / DAY_MS);
  const rest = timeOfDay - carryDays * DAY_MS;
  const y = year + Math.floor(month / 12);
  const m = month - Math.floor(month / 12) * 12;
  const gregorian = carryDays + epochDay(y, m + 1, 1, true) + day - 1;
  const julian = carryDays + epochDay(y, m + 1, 1, false) + day - 1;
  // GregorianCalendar.computeTime decides on the YEAR field as given (before months carry):
  // before 1582 the date is Julian; from 1582 on it is Gregorian unless that falls before the
  // cut-over, and then it is Julian (which also covers the ten skipped days, read leniently).
  const fixed = year < 1582 || gregorian < GREGORIAN_CUTOVER_DAY ? julian : gregorian;
  return fixed * DAY_MS + rest;
}

/** Days since 1970-01-01 of a proleptic Gregorian or Julian date (astronomical years). */
function epochDay(year: number, month: number, day: number, gregorian: boolean): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const base = day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4);
  const julianDayNumber = gregorian ? base - Math.floor(y / 100) + Math.floor(y / 400) - 32045 : base - 32083;
  return julianDayNumber - 2_440_588;
}

/** Offset (ms) of the default zone for a wall time, as Java's ZoneInfo.getOffsetsByWall picks it. */
function defaultZoneOffset(zone: string): (wall: number) => number {
  if (zone === 'UTC') return () => 0;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  } catch (error) {
    throw new UsageError(`parseWaitUntil: defaultZone must be 'UTC' or an IANA time zone such as 'Europe/Paris', got ${JSON.stringify(zone)}.`, {
      cause: error,
    });
  }
  const offsetAt = (utc: number): number => {
    const name = format.formatToParts(utc).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /^GMT([+-])(\d\d):(\d\d)(?::(\d\d))?$/.exec(name);
    if (m === null) return 0;
    const sign = m[1] === '-' ? -1 : 1;
    return sign * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000 + Number(m[4] ?? 0) * 1000);
  };
  return (wall: number): number => {
    if (Math.abs(wall) > 8.64e15 - 2 * DAY_MS) return Number.NaN;
    const before = offsetAt(wall - 2 * DAY_MS);
    const after = offsetAt(wall + 2 * DAY_MS);
    if (before === after) return offsetAt(wall - before);
    // One transition near the wall time: find its instant (to the millisecond), then apply Java's
    // rule — the new offset counts from the transition's wall time in that new offset, so a
    // skipped hour reads in the old (standard) offset and a repeated hour in the new one.
    let low = wall - 2 * DAY_MS;
    let high = wall + 2 * DAY_MS;
    while (high - low > 1) {
      const mid = low + Math.floor((high - low) / 2);
      if (offsetAt(mid) === before) low = mid;
      else high = mid;
    }
    return wall >= high + after ? after : before;
  };
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** java.lang.Character.isWhitespace. */
function isJavaWhitespace(code: number): boolean {
  if ((code >= 9 && code <= 13) || (code >= 28 && code <= 32)) return true;
  if (code === 0x1680 || (code >= 0x2000 && code <= 0x2006) || (code >= 0x2008 && code <= 0x200a)) return true;
  return code === 0x2028 || code === 0x2029 || code === 0x205f || code === 0x3000;
}
