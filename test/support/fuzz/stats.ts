/**
 * Tallies of a fuzz campaign: outcomes by label, budget hits, the slowest case. Printed by
 * `scripts/fuzz.ts` and checked by the vitest property (most runs must end in a workflow status,
 * not at a budget: if most hit limits, the generator is wrong).
 */
import type { FuzzCaseReport } from './run-case.js';

/** Running totals of a campaign. */
export interface FuzzStats {
  readonly cases: number;
  readonly failures: number;
  /** Outcome label → count (`status:COMPLETED`, `limit:maxSteps`, `error:MockError`…). */
  readonly outcomes: ReadonlyMap<string, number>;
  readonly limitHits: number;
  readonly slowestMs: number;
  readonly totalMs: number;
}

/** A mutable tally. */
export interface FuzzTally {
  add(report: FuzzCaseReport): void;
  snapshot(): FuzzStats;
}

/** Creates an empty tally. */
export function createFuzzTally(): FuzzTally {
  let cases = 0;
  let failures = 0;
  let limitHits = 0;
  let slowestMs = 0;
  let totalMs = 0;
  const outcomes = new Map<string, number>();
  return {
    add(report) {
      cases++;
      if (report.violations.length > 0) failures++;
      if (report.outcome.startsWith('limit:')) limitHits++;
      slowestMs = Math.max(slowestMs, report.ms);
      totalMs += report.ms;
      outcomes.set(report.outcome, (outcomes.get(report.outcome) ?? 0) + 1);
    },
    snapshot() {
      return { cases, failures, outcomes: new Map([...outcomes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))), limitHits, slowestMs, totalMs };
    },
  };
}

/** Outcome counts as text, one `label  count  percent` line each. */
export function formatOutcomes(stats: FuzzStats): string {
  const width = Math.max(0, ...[...stats.outcomes.keys()].map((k) => k.length));
  return [...stats.outcomes]
    .map(([label, n]) => `  ${label.padEnd(width)}  ${String(n).padStart(7)}  ${((100 * n) / Math.max(1, stats.cases)).toFixed(1).padStart(5)}%`)
    .join('\n');
}
