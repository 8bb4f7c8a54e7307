/**
 * Workflow coverage accumulated over a whole test run, like code coverage: every run of the engine
 * a test makes (and every `explore` campaign) adds to one report per workflow definition.
 *
 * How the pieces meet (design in docs/decisions/explore.md):
 * - A vitest setup file (`vitest-coverage-setup.ts`) installs a registry on `globalThis` under
 *   {@link COVERAGE_REGISTRY} and an observer function under {@link TRACE_OBSERVER}.
 * - The engine facade calls the observer with each run's definition and trace when one is
 *   installed (the hook is a `globalThis` lookup, so the engine needs no import of this folder);
 *   `explore` adds its campaign's report directly.
 * - After each test file the setup file writes the file's part to a directory; the global setup
 *   (`vitest-coverage-global.ts`) merges the parts at teardown into `coverage/workflows/`.
 *
 * The slots are keyed with `Symbol.for` so an ESM and a CJS copy of the package share them.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowDef } from '../definitions/index.js';
import { isTerminalWorkflowStatus } from '../trace/index.js';
import type { Trace } from '../trace/index.js';
import { createCoverageCollector, mergeCoverageReports } from './coverage.js';
import type { CoverageCollector, CoverageReport } from './coverage.js';
import { renderCoverageHtml } from './coverage-html.js';
import { formatCoverageTable } from './coverage-table.js';

/** `globalThis` slot of the function the engine facade calls after a run: `(run) => void`. */
export const TRACE_OBSERVER: unique symbol = Symbol.for('conductor-testkit/trace-observer') as never;
/** `globalThis` slot of the installed {@link CoverageRegistry}. */
export const COVERAGE_REGISTRY: unique symbol = Symbol.for('conductor-testkit/coverage-registry') as never;

/** What the engine facade passes to the observer. */
export interface ObservedRun {
  /** Identity of the run (the session): later observations of the same run replace earlier ones. */
  readonly run: object;
  readonly definition: WorkflowDef;
  readonly trace: Trace;
}

/** One definition's coverage, as written to a part file and merged at the end. */
export interface CoveragePart {
  readonly definition: WorkflowDef;
  readonly report: CoverageReport;
}

/** Collects coverage per definition over many runs. */
export interface CoverageRegistry {
  /** Counts a run (the latest trace of each run counts once; a finished run is counted at once). */
  observe(run: ObservedRun): void;
  /** Adds a whole report (an explore campaign). */
  addReport(definition: WorkflowDef, report: CoverageReport): void;
  /** Ignores observations until the returned function is called (explore adds its report instead). */
  suspend(): () => void;
  /** Everything collected so far (pending runs counted), one part per definition; then starts afresh. */
  drain(): CoveragePart[];
}

function keyOf(def: WorkflowDef): string {
  return `${def.name}@${def.version ?? 1}`;
}

class Registry implements CoverageRegistry {
  private readonly collectors = new Map<string, { definition: WorkflowDef; collector: CoverageCollector }>();
  private readonly reports = new Map<string, { definition: WorkflowDef; reports: CoverageReport[] }>();
  private readonly pending = new Map<object, ObservedRun>();
  private readonly done = new WeakSet<object>();
  private suspended = 0;

  private collectorFor(def: WorkflowDef): CoverageCollector {
    const key = keyOf(def);
    let entry = this.collectors.get(key);
    if (entry === undefined) this.collectors.set(key, (entry = { definition: def, collector: createCoverageCollector(def) }));
    return entry.collector;
  }

  observe(run: ObservedRun): void {
    if (this.suspended > 0 || this.done.has(run.run)) return;
    if (isTerminalWorkflowStatus(run.trace.workflow.status)) {
      this.pending.delete(run.run);
      this.done.add(run.run);
      this.collectorFor(run.definition).record(run.trace);
      return;
    }
    this.pending.set(run.run, run);
  }

  addReport(definition: WorkflowDef, report: CoverageReport): void {
    const key = keyOf(definition);
    let entry = this.reports.get(key);
    if (entry === undefined) this.reports.set(key, (entry = { definition, reports: [] }));
    entry.reports.push(report);
  }

  suspend(): () => void {
    this.suspended++;
    let resumed = false;
    return () => {
      if (!resumed) this.suspended--;
      resumed = true;
    };
  }

  drain(): CoveragePart[] {
    for (const run of this.pending.values()) this.collectorFor(run.definition).record(run.trace);
    this.pending.clear();
    const keys = [...new Set([...this.collectors.keys(), ...this.reports.keys()])].sort();
    const parts: CoveragePart[] = [];
    for (const key of keys) {
      const collected = this.collectors.get(key);
      const added = this.reports.get(key);
      const reports = [...(collected !== undefined ? [collected.collector.report()] : []), ...(added?.reports ?? [])];
      const merged = mergeCoverageReports(reports);
      const definition = collected?.definition ?? added?.definition;
      if (merged !== undefined && definition !== undefined) parts.push({ definition, report: merged });
    }
    this.collectors.clear();
    this.reports.clear();
    return parts;
  }
}

/** The registry installed on `globalThis`, if any. */
export function currentCoverageRegistry(): CoverageRegistry | undefined {
  const found = (globalThis as Record<symbol, unknown>)[COVERAGE_REGISTRY];
  return typeof found === 'object' && found !== null && 'drain' in found ? (found as CoverageRegistry) : undefined;
}

/**
 * Installs a registry and the engine observer on `globalThis` (once; later calls return the same
 * registry).
 */
export function installCoverageRegistry(): CoverageRegistry {
  const existing = currentCoverageRegistry();
  if (existing !== undefined) return existing;
  const registry = new Registry();
  const slots = globalThis as Record<symbol, unknown>;
  slots[COVERAGE_REGISTRY] = registry;
  slots[TRACE_OBSERVER] = (run: ObservedRun): void => registry.observe(run);
  return registry;
}

/** Writes one part file (a test file's coverage) into `dir`, named by `name`. */
export function writeCoveragePart(dir: string, name: string, parts: readonly CoveragePart[]): void {
  if (parts.length === 0) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(parts));
}

/** The outcome of {@link mergeCoverageParts}. */
export interface MergedCoverage {
  /** Files written, relative to `outDir`. */
  readonly files: readonly string[];
  /** The terminal tables of every definition. */
  readonly table: string;
}

/**
 * Merges every part file of `partsDir` into one report per definition, written to `outDir` as
 * `coverage.json` (all reports) and `<workflow>.html` (one page each); removes the parts.
 */
export function mergeCoverageParts(partsDir: string, outDir: string): MergedCoverage {
  let names: string[];
  try {
    names = readdirSync(partsDir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return { files: [], table: '' };
  }
  const byKey = new Map<string, CoveragePart[]>();
  for (const name of names) {
    for (const part of JSON.parse(readFileSync(join(partsDir, name), 'utf8')) as CoveragePart[]) {
      const key = keyOf(part.definition);
      byKey.set(key, [...(byKey.get(key) ?? []), part]);
    }
  }
  mkdirSync(outDir, { recursive: true });
  const merged: CoveragePart[] = [];
  for (const key of [...byKey.keys()].sort()) {
    const parts = byKey.get(key) ?? [];
    const report = mergeCoverageReports(parts.map((p) => p.report));
    if (report !== undefined && parts[0] !== undefined) merged.push({ definition: parts[0].definition, report });
  }
  const files = ['coverage.json'];
  writeFileSync(join(outDir, 'coverage.json'), `${JSON.stringify(merged.map((m) => m.report), null, 2)}\n`);
  for (const m of merged) {
    const file = `${m.definition.name}-v${m.definition.version ?? 1}.html`;
    writeFileSync(join(outDir, file), renderCoverageHtml(m.definition, m.report));
    files.push(file);
  }
  rmSync(partsDir, { recursive: true, force: true });
  return { files, table: merged.map((m) => formatCoverageTable(m.report)).join('\n') };
}
