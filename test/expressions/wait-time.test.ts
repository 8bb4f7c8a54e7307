import { describe, expect, it } from 'vitest';
import { parseWaitDuration, parseWaitUntil } from '../../src/expressions/wait-time.js';

// Every expected value in this file was produced by running Conductor's own parsing on a JDK:
// the DateTimeUtils duration regex with Integer.parseInt, and commons-lang3 3.18.0
// DateUtils.parseDate(text, "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm z", "yyyy-MM-dd") on
// Temurin JDK 25 with the given default zone. `undefined` means the server rejects the text.

// task-types §3.6 "verified" duration table, every row.
const SPEC_DURATIONS: readonly (readonly [string, number | undefined])[] = [
  ["1 days 2 hours 30 minutes 10 seconds", 95410],
  ["10m20s", 620],
  ["1d2h3m4s", 93784],
  ["30 seconds", 30],
  ["1 sec", 1],
  ["0s", 0],
  ["1 hour", 3600],
  ["1 hrs", 3600],
  ["5 MINUTES", 300],
  ["  1 d  ", 86400],
  ["1 min 30 sec", 90],
  ["2h 1d", undefined],
  ["90", undefined],
  ["1.5h", undefined],
  ["1w", undefined],
  ["-1s", undefined],
  ["1 h, 2 m", undefined],
  ["1 s 1 s", undefined],
];

// More inputs, each run through DateTimeUtils.DURATION_PATTERN and Integer.parseInt on a JDK.
const MORE_DURATIONS: readonly (readonly [string, number | undefined])[] = [
  ["", 0],
  ["   ", 0],
  ["1 day", 86400],
  ["2 DAYS", 172800],
  ["1hr", 3600],
  ["1Hour", 3600],
  ["3 mins", 180],
  ["1 Second", 1],
  ["1secs", 1],
  ["1d 1s", 86401],
  ["1 days1hours", 90000],
  ["1ms", undefined],
  ["1m1s", 61],
  ["1 mi", undefined],
  ["1 sec s", undefined],
  ["01s", 1],
  ["007m", 420],
  ["24855d", 2147472000],
  ["24856d", -2147408896],
  ["24856d 1s", -2147408895],
  ["99999999999s", undefined],
  ["2147483647s", 2147483647],
  ["2147483648s", undefined],
  ["2147483647h", 7730941129200],
  ["1\t2\n3", undefined],
  ["1\th", 3600],
  ["1h\n", 3600],
  [" 1 d 2 h 3 m 4 s ", 93784],
  ["1ds", undefined],
  ["1dd", undefined],
  ["d", undefined],
  ["s", undefined],
  ["1 dys", undefined],
  ["1 hours 2 hour", undefined],
  ["١s", undefined],
  ["1 s", 1],
];

// task-types §3.6 "verified" until table (JVM default zone UTC), every row.
const SPEC_UNTIL: readonly (readonly [string, number | undefined])[] = [
  ["2024-04-30 15:20", 1714490400000], // 2024-04-30T15:20:00Z
  ["2024-04-30", 1714435200000], // 2024-04-30T00:00:00Z
  ["2024-04-30 15:20 GMT+04:00", 1714476000000], // 2024-04-30T11:20:00Z
  ["2024-04-30 15:20 GMT-08:00", 1714519200000], // 2024-04-30T23:20:00Z
  ["2024-04-30 15:20 +0200", 1714483200000], // 2024-04-30T13:20:00Z
  ["2024-04-30 15:20 UTC", 1714490400000], // 2024-04-30T15:20:00Z
  ["2024-04-30 15:20 utc", 1714490400000], // 2024-04-30T15:20:00Z
  ["2024-04-30 15:20 GMT", 1714490400000], // 2024-04-30T15:20:00Z
  ["2024-04-30 15:20 Gmt", 1714490400000], // 2024-04-30T15:20:00Z
  ["2024-04-30 15:20 PST", 1714519200000], // 2024-04-30T23:20:00Z
  ["2024-04-30 15:20 PDT", 1714515600000], // 2024-04-30T22:20:00Z
  ["2024-04-30 15:20 EST", 1714508400000], // 2024-04-30T20:20:00Z
  ["2024-04-30 15:20 IST", 1714483200000], // 2024-04-30T13:20:00Z
  ["2024-04-30 15:20 Pacific Standard Time", 1714519200000], // 2024-04-30T23:20:00Z
  ["2024-4-3 5:2", 1712120520000], // 2024-04-03T05:02:00Z
  ["2024-13-45 25:61", 1739584860000], // 2025-02-15T02:01:00Z
  ["2024-04-30 15:20:10", undefined],
  ["2024-04-30T15:20", undefined],
  ["2024-04-30 15:20 Z", undefined],
  ["2024-04-30 15:20 +02:00", undefined],
  ["2024-04-30 15:20 GMT+4", undefined],
  ["2024-04-30 15:20 UTC+4", undefined],
  ["2024-04-30 15:20 America/New_York", undefined],
];

// More inputs, each parsed by commons-lang3 3.18.0 DateUtils.parseDate on JDK 25, default zone UTC.
const MORE_UNTIL: readonly (readonly [string, number | undefined])[] = [
  ["2024-04-30 15:20 gmt+04:00", 1714476000000], // 2024-04-30T11:20:00Z
  ["2024-04-30 15:20 GMT+4:00", 1714476000000], // 2024-04-30T11:20:00Z
  ["2024-04-30 15:20 GMT+04:60", undefined],
  ["2024-04-30 15:20 GMT+24:00", undefined],
  ["2024-04-30 15:20 GMT+23:59", 1714404060000], // 2024-04-29T15:21:00Z
  ["2024-04-30 15:20 +2400", undefined],
  ["2024-04-30 15:20 +2359", 1714404060000], // 2024-04-29T15:21:00Z
  ["2024-04-30 15:20 -0000", 1714490400000], // 2024-04-30T15:20:00Z
  ["2024-04-30 15:20 +0060", undefined],
  ["2024-04-30 15:20 pacific standard time", 1714519200000], // 2024-04-30T23:20:00Z
  ["2024-04-30 15:20 PACIFIC STANDARD TIME", 1714519200000], // 2024-04-30T23:20:00Z
  ["2024-04-30 15:20 pst", 1714519200000], // 2024-04-30T23:20:00Z
  ["2024-04-30 15:20 CET", 1714486800000], // 2024-04-30T14:20:00Z
  ["2024-04-30 15:20 CEST", 1714483200000], // 2024-04-30T13:20:00Z
  ["2024-04-30 15:20 BST", 1714486800000], // 2024-04-30T14:20:00Z
  ["2024-04-30 15:20 JST", 1714458000000], // 2024-04-30T06:20:00Z
  ["2024-04-30 15:20 CST", 1714512000000], // 2024-04-30T21:20:00Z
  ["2024-04-30 15:20 Pacific Time", 1714519200000], // 2024-04-30T23:20:00Z
  ["2024-04-30 15:20  UTC", undefined],
  ["2024-04-30  15:20", 1714490400000], // 2024-04-30T15:20:00Z
  ["2024-04-30 15:20 ", undefined],
  [" 2024-04-30 15:20", 1714490400000], // 2024-04-30T15:20:00Z
  ["2024-04-30 15:20\tUTC", undefined],
  ["2024- 04-30", 1714435200000], // 2024-04-30T00:00:00Z
  ["2024-04- 30 15: 20", 1714490400000], // 2024-04-30T15:20:00Z
  ["24-04-30", -61399641600000], // 0024-04-28T00:00:00Z
  ["0024-04-30", -61399641600000], // 0024-04-28T00:00:00Z
  ["2024-00-00", 1701302400000], // 2023-11-30T00:00:00Z
  ["2024-02-30", 1709251200000], // 2024-03-01T00:00:00Z
  ["2024-12-31 24:00", 1735689600000], // 2025-01-01T00:00:00Z
  ["2024-12-31 23:60", 1735689600000], // 2025-01-01T00:00:00Z
  ["2024-04-30 99:99", 1714797540000], // 2024-05-04T04:39:00Z
  ["99999-01-01", 3093496444800000], // out of Date range
  ["1582-10-10", -12218860800000], // 1582-10-20T00:00:00Z
  ["1500-03-01", -14825808000000], // 1500-03-11T00:00:00Z
  ["0000-01-01", -62167392000000], // out of Date range
  ["2024-04-30 15", undefined],
  ["2024-04-30 15:", undefined],
  ["2024/04/30", undefined],
  ["2024-04-30 15:20 GMT+04:00 x", undefined],
  ["2024-04-30 15:20 Coordinated Universal Time", 1714490400000], // 2024-04-30T15:20:00Z
  ["2024-04-30 15:20 Greenwich Mean Time", 1714490400000], // 2024-04-30T15:20:00Z
  ["2024-04-30 15:20 Central European Standard Time", 1714486800000], // 2024-04-30T14:20:00Z
  ["2024-04-30 15:20 India Standard Time", 1714470600000], // 2024-04-30T09:50:00Z
  ["2024-04-30 15:20 Israel Standard Time", 1714483200000], // 2024-04-30T13:20:00Z
  ["2024-04-30 15:20 HST", 1714526400000], // 2024-05-01T01:20:00Z
  ["2024-04-30 15:20 AKDT", 1714519200000], // 2024-04-30T23:20:00Z
  ["2024-04-30 15:20 NZDT", 1714443600000], // 2024-04-30T02:20:00Z
  ["2024-04-30 15:20 ACST", 1714456200000], // 2024-04-30T05:50:00Z
  ["2024-04-30 15:20 MSK", 1714479600000], // 2024-04-30T12:20:00Z
  ["2024-04-30 15:20 WIB", 1714465200000], // 2024-04-30T08:20:00Z
  ["2024-04-30 15:20 GMT+0400", undefined],
  ["2024-04-30 15:20 +04", undefined],
  ["2024-04-30 15:20 +00:00", undefined],
  ["2024-01-01 2147483648:00", undefined],
  ["2024-01-01 00:2147483647", 130553086020000], // 6107-01-24T02:07:00Z
  ["2024-01-01 00:00 +9999", undefined],
];

describe('parseWaitDuration', () => {
  it.each(SPEC_DURATIONS)('reads %j as %s seconds (spec table)', (text, seconds) => {
    expect(parseWaitDuration(text)).toBe(seconds);
  });

  it.each(MORE_DURATIONS)('reads %j as %s seconds', (text, seconds) => {
    expect(parseWaitDuration(text)).toBe(seconds);
  });

  it('wraps days * 86400 at 32 bits like the Java int it is', () => {
    expect(parseWaitDuration('24856d')).toBe(-2147408896);
  });
});

describe('parseWaitUntil with the default zone UTC', () => {
  it.each(SPEC_UNTIL)('reads %j as %s (spec table)', (text, millis) => {
    expect(parseWaitUntil(text)).toBe(millis);
  });

  it.each(MORE_UNTIL)('reads %j as %s', (text, millis) => {
    expect(parseWaitUntil(text)).toBe(millis);
  });

  it('gives abbreviations their standard offset even in summer', () => {
    expect(parseWaitUntil('2024-07-15 12:00 PST')).toBe(Date.UTC(2024, 6, 15, 20, 0));
    expect(parseWaitUntil('2024-01-15 12:00 PDT')).toBe(Date.UTC(2024, 0, 15, 19, 0));
  });
});

describe('parseWaitUntil with another default zone', () => {
  // Default zone America/New_York; a transition skips 02:00-03:00 on 2024-03-10 and repeats
  // 01:00-02:00 on 2024-11-03.
  const NEW_YORK: readonly (readonly [string, number])[] = [
    ['2024-03-10 02:30', 1710055800000], // skipped hour: read in standard time (EST)
    ['2024-03-10 01:59', 1710053940000],
    ['2024-03-10 03:00', 1710054000000],
    ['2024-11-03 01:30', 1730615400000], // repeated hour: read in standard time (EST)
    ['2024-11-03 00:59', 1730609940000],
    ['2024-11-03 02:00', 1730617200000],
    ['2024-07-01 12:00', 1719849600000],
    ['2024-01-01 12:00', 1704128400000],
    ['2024-07-01', 1719806400000],
    ['2024-04-30 15:20 EST', 1714508400000], // an explicit zone wins over the default
    ['2024-03-10 26:30', 1710138600000],
  ];

  it.each(NEW_YORK)('reads %j in America/New_York as %s', (text, millis) => {
    expect(parseWaitUntil(text, { defaultZone: 'America/New_York' })).toBe(millis);
  });

  it('reads the skipped and the repeated hour of Europe/Paris in standard time', () => {
    expect(parseWaitUntil('2024-03-31 02:30', { defaultZone: 'Europe/Paris' })).toBe(1711848600000);
    expect(parseWaitUntil('2024-10-27 02:30', { defaultZone: 'Europe/Paris' })).toBe(1729992600000);
  });

  it('applies a half-hour zone', () => {
    expect(parseWaitUntil('2024-04-30 15:20', { defaultZone: 'Asia/Kolkata' })).toBe(1714470600000);
  });

  it('rejects a default zone that is not a time zone', () => {
    expect(() => parseWaitUntil('2024-04-30', { defaultZone: 'Mars/Olympus' })).toThrowError(
      `parseWaitUntil: defaultZone must be 'UTC' or an IANA time zone such as 'Europe/Paris', got "Mars/Olympus".`,
    );
  });
});
