/**
 * Property-based exploration of a workflow: generate scenarios (inputs and per-attempt task
 * outcomes) with {@link scenarioArbitrary}, run each on the simulate engine, check invariants,
 * count coverage, and shrink the first failure to the smallest scenario that still fails.
 *
 * fast-check does the generating and shrinking (`fc.check` with the seed; a failure comes back
 * with `{ seed, path }`, replayable with `fc.assert(property, { seed, path })` — STYLE 4.4).
 */
import fc from 'fast-check';
import type { WorkflowDef, WorkflowTestRequest } from '../definitions/index.js';
import { UsageError } from '../errors/index.js';
import { formatTimeline } from '../trace/index.js';
import type { Trace } from '../trace/index.js';
import { analyseWorkflow } from './analyse-workflow.js';
import type { WorkflowModel } from './analyse-workflow.js';
import { createCoverageCollector } from './coverage.js';
import { currentCoverageRegistry } from './coverage-registry.js';
import type { CoverageCollector, CoverageReport } from './coverage.js';
import type { Invariant } from './invariants.js';
import { toTestRequest, toVitestSource } from './reproduction.js';
import { createScenarioRunner } from './run-scenario.js';
import type { AnsweredAttempt, ScenarioRunner, ScenarioRunOptions } from './run-scenario.js';
import { scenarioArbitraryFor } from './scenario-arbitrary.js';
import type { Outcome, Scenario } from './scenario-arbitrary.js';

/** A slice of the run space: run `r` belongs to shard `index` (1-based) of `count` when `r % count === index - 1`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Options of {@link explorationProperty}. */
export interface ExplorationPropertyOptions extends ScenarioRunOptions {
  /** One invariant (its function name labels failures). */
  readonly invariant?: Invariant;
  /** Named invariants. */
  readonly invariants?: Readonly<Record<string, Invariant>>;
}

/** Options of {@link explore}. */
export interface ExploreOptions extends ExplorationPropertyOptions {
  /** Scenarios to generate (over all shards). @defaultValue 100 */
  readonly runs?: number;
  /** fast-check seed. @defaultValue 1 */
  readonly seed?: number;
  /** Replays one counterexample path printed by an earlier failure (with its seed). */
  readonly path?: string;
  /** This machine's slice of the runs, `{ index, count }` or `'2/4'`. @defaultValue all runs */
  readonly shard?: Shard | string;
  /** Called after each run of this shard with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Collector to add coverage to (to accumulate over several calls). @defaultValue a new one */
  readonly coverage?: CoverageCollector;
  /** Path of the definition file, used in the printed vitest test. @defaultValue the definition is inlined */
  readonly definitionPath?: string;
}

/** A violated invariant (or a run that ended with an error). */
export interface Violation {
  /** Invariant name, or `error` when the run itself threw. */
  readonly invariant: string;
  readonly message: string;
}

/** The first failure of an exploration, shrunk. */
export interface ExploreFailure extends Violation {
  /** fast-check seed and counterexample path: `explore(def, { seed, path })` replays it. */
  readonly seed: number;
  readonly path: string;
  /** Runs executed before the failure (this shard), and shrink steps taken. */
  readonly runIndex: number;
  readonly shrinks: number;
  /** The shrunk scenario, and the one first found. */
  readonly scenario: Scenario;
  readonly original: Scenario;
  /** The run of the shrunk scenario (`undefined` when the run itself threw). */
  readonly trace: Trace | undefined;
  readonly answers: readonly AnsweredAttempt[];
  /** Ready to paste: replays the run with `conductor-testkit run` (simulate mode). `undefined` when the run threw. */
  readonly testRequest: WorkflowTestRequest | undefined;
  /** Ready to paste: a vitest test reproducing the run. `undefined` when the run threw. */
  readonly vitestSource: string | undefined;
  /** Everything above as text. */
  readonly report: string;
}

/** The result of {@link explore}. */
export interface ExploreResult {
  readonly seed: number;
  /** Runs executed on this shard (shrink runs not counted). */
  readonly runs: number;
  readonly shard: Shard;
  readonly coverage: CoverageReport;
  readonly failure: ExploreFailure | undefined;
}

/** Parses `'i/n'` (1 ≤ i ≤ n). */
export function parseShard(value: Shard | string): Shard {
  const shard = typeof value === 'string' ? (() => {
    const m = /^(\d+)\/(\d+)$/.exec(value.trim());
    return m === null ? undefined : { index: Number(m[1]), count: Number(m[2]) };
  })() : value;
  if (shard === undefined || !Number.isSafeInteger(shard.index) || !Number.isSafeInteger(shard.count) || shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
    throw new UsageError(`shard must be "i/n" with 1 <= i <= n (e.g. "2/4"), got ${JSON.stringify(value)}`);
  }
  return shard;
}

function invariantList(options: ExplorationPropertyOptions): [string, Invariant][] {
  const list: [string, Invariant][] = [];
  if (options.invariant !== undefined) list.push([options.invariant.name === '' ? 'invariant' : options.invariant.name, options.invariant]);
  for (const [name, fn] of Object.entries(options.invariants ?? {})) list.push([name, fn]);
  return list;
}

/** Runs a scenario and returns the first violated invariant, if any. */
async function check(runner: ScenarioRunner, invariants: readonly [string, Invariant][], scenario: Scenario): Promise<{ trace: Trace | undefined; answers: readonly AnsweredAttempt[]; violation: Violation | undefined }> {
  let run;
  try {
    run = await runner.run(scenario);
  } catch (error) {
    return { trace: undefined, answers: [], violation: { invariant: 'error', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } };
  }
  for (const [name, fn] of invariants) {
    try {
      if (fn(run.trace, scenario) === false) return { ...run, violation: { invariant: name, message: 'returned false' } };
    } catch (error) {
      return { ...run, violation: { invariant: name, message: error instanceof Error ? error.message : String(error) } };
    }
  }
  return { ...run, violation: undefined };
}

function prepare(def: WorkflowDef, options: ExplorationPropertyOptions): { model: WorkflowModel; runner: ScenarioRunner; arbitrary: fc.Arbitrary<Scenario> } {
  const model = analyseWorkflow(def, {
    ...(options.taskDefs !== undefined ? { taskDefs: options.taskDefs } : {}),
    ...(options.maxLoopIterations !== undefined ? { maxLoopIterations: options.maxLoopIterations } : {}),
  });
  const exclude = [...(options.exclude ?? []), ...Object.keys(options.mocks?.byRef ?? {})];
  const runner = createScenarioRunner(model, { ...options, exclude });
  return { model, runner, arbitrary: scenarioArbitraryFor(model, { ...options, exclude }) };
}

/**
 * An fc.assert-friendly property: for every generated scenario, the run satisfies every
 * invariant (a violated one throws an Error naming it, which fast-check reports with the shrunk
 * scenario, the seed and the path).
 *
 * @example
 * await fc.assert(explorationProperty(def, { invariant: terminates() }), { numRuns: 300, seed: testSeed });
 */
export function explorationProperty(def: WorkflowDef, options: ExplorationPropertyOptions = {}): fc.IAsyncPropertyWithHooks<[Scenario]> {
  const { runner, arbitrary } = prepare(def, options);
  const invariants = invariantList(options);
  return fc.asyncProperty(arbitrary, async (scenario) => {
    const { violation } = await check(runner, invariants, scenario);
    if (violation !== undefined) throw new Error(`invariant "${violation.invariant}" failed: ${violation.message}`);
  });
}

function describeOutcome(o: Outcome): string {
  switch (o.status) {
    case 'COMPLETED':
      return `COMPLETED ${JSON.stringify(o.output)}${o.latencyMs !== undefined ? ` after ${o.latencyMs}ms` : ''}`;
    default:
      return o.status;
  }
}

/** The scenario as a few lines: input, then each task's outcomes (tasks with none left out). */
export function formatScenario(scenario: Scenario): string {
  const lines = [`input: ${JSON.stringify(scenario.input)}`];
  for (const [ref, outcomes] of Object.entries(scenario.tasks)) {
    if (outcomes.length === 0) continue;
    lines.push(`${ref}: ${outcomes.map(describeOutcome).join(', ')}`);
  }
  return lines.join('\n');
}

function indent(text: string, by = '  '): string {
  return text.split('\n').map((l) => (l === '' ? l : by + l)).join('\n');
}

/**
 * Explores a workflow: `runs` generated scenarios on the simulate engine, invariants checked on
 * each, coverage counted; the first failure is shrunk and printed with its seed and path, a
 * WorkflowTestRequest and a vitest test. Same seed (and shard), same result.
 *
 * @example
 * const result = await explore(def, { runs: 1000, seed: 7, invariant: neverAfterFailure('charge', 'refund') });
 * if (result.failure) throw new Error(result.failure.report);
 * @throws UsageError on bad options (runs, shard).
 */
export async function explore(def: WorkflowDef, options: ExploreOptions = {}): Promise<ExploreResult> {
  const runs = options.runs ?? 100;
  if (!Number.isSafeInteger(runs) || runs < 1) throw new UsageError(`runs must be a positive integer, got ${String(runs)}`);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`seed must be an integer, got ${String(seed)}`);
  const shard = parseShard(options.shard ?? { index: 1, count: 1 });
  const { model, runner, arbitrary } = prepare(def, options);
  const invariants = invariantList(options);
  const campaign = createCoverageCollector(model);
  const replay = options.path !== undefined;
  const total = replay ? 1 : Math.floor(runs / shard.count) + (shard.index - 1 < runs % shard.count ? 1 : 0);

  // A run-wide coverage registry (vitest setup file) gets this campaign's report as a whole; its
  // per-run observation of the engine is paused meanwhile so nothing is counted twice.
  const registry = currentCoverageRegistry();
  const resume = registry?.suspend();
  let index = 0;
  let done = 0;
  let searching = true;
  let found: { runIndex: number; scenario: Scenario } | undefined;
  const property = fc.asyncProperty(arbitrary, async (scenario) => {
    if (!searching) return (await check(runner, invariants, scenario)).violation === undefined;
    const runIndex = index++;
    if (!replay && runIndex % shard.count !== shard.index - 1) return true;
    const result = await check(runner, invariants, scenario);
    if (result.trace !== undefined) {
      campaign.record(result.trace);
      options.coverage?.record(result.trace);
    }
    done++;
    options.onProgress?.(done, total);
    if (result.violation === undefined) return true;
    searching = false;
    found = { runIndex: done, scenario };
    return false;
  });
  let details: fc.RunDetails<[Scenario]>;
  try {
    details = await fc.check(property, { seed, numRuns: replay ? 1 : runs, ...(replay ? { path: options.path as string } : {}) });
  } finally {
    resume?.();
  }
  registry?.addReport(def, campaign.report());

  let failure: ExploreFailure | undefined;
  if (details.failed && details.counterexample !== null && found !== undefined) {
    const scenario = details.counterexample[0];
    const rerun = await check(runner, invariants, scenario);
    const violation = rerun.violation ?? { invariant: 'error', message: details.errorInstance instanceof Error ? details.errorInstance.message : 'the shrunk scenario passed on a second run (non-deterministic invariant?)' };
    failure = buildFailure(def, model, {
      violation,
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      runIndex: found.runIndex,
      shrinks: details.numShrinks,
      scenario,
      original: found.scenario,
      trace: rerun.trace,
      answers: rerun.answers,
      ...(options.definitionPath !== undefined ? { definitionPath: options.definitionPath } : {}),
    });
  } else if (details.failed && details.errorInstance !== null && found === undefined) {
    // fast-check itself failed (e.g. the arbitrary threw): not a finding about the workflow.
    throw details.errorInstance;
  }
  return { seed, runs: done, shard, coverage: (options.coverage ?? campaign).report(), failure };
}

interface FailureParts {
  readonly violation: Violation;
  readonly seed: number;
  readonly path: string;
  readonly runIndex: number;
  readonly shrinks: number;
  readonly scenario: Scenario;
  readonly original: Scenario;
  readonly trace: Trace | undefined;
  readonly answers: readonly AnsweredAttempt[];
  readonly definitionPath?: string;
}

function buildFailure(def: WorkflowDef, model: WorkflowModel, p: FailureParts): ExploreFailure {
  const replay = `explore(def, { seed: ${p.seed}, path: ${JSON.stringify(p.path)}, ... })  or  fc.assert(explorationProperty(def, ...), { seed: ${p.seed}, path: ${JSON.stringify(p.path)} })`;
  const head = `invariant "${p.violation.invariant}" failed: ${p.violation.message}`;
  if (p.trace === undefined) {
    const report = [head, `seed ${p.seed}, path "${p.path}" (run ${p.runIndex}, ${p.shrinks} shrinks)`, 'Shrunk scenario:', indent(formatScenario(p.scenario)), `Replay: ${replay}`].join('\n');
    return { ...p.violation, seed: p.seed, path: p.path, runIndex: p.runIndex, shrinks: p.shrinks, scenario: p.scenario, original: p.original, trace: undefined, answers: [], testRequest: undefined, vitestSource: undefined, report };
  }
  const testRequest = toTestRequest(def, p.scenario.input, p.trace, p.answers, model);
  const vitestSource = toVitestSource(def, p.scenario.input, p.trace, p.answers, {
    title: `${p.violation.invariant}: counterexample found by explore (seed ${p.seed}, path ${p.path})`,
    ...(p.definitionPath !== undefined ? { definitionPath: p.definitionPath } : {}),
    notes: [`explore found: invariant "${p.violation.invariant}" failed: ${p.violation.message}`, 'These lines pin the path taken; once fixed, assert your invariant on `trace` here.'],
  });
  const report = [
    head,
    `seed ${p.seed}, path "${p.path}" (found at run ${p.runIndex}, shrunk in ${p.shrinks} steps)`,
    '',
    'Shrunk scenario:',
    indent(formatScenario(p.scenario)),
    '',
    'Run of the shrunk scenario:',
    indent(formatTimeline(p.trace)),
    '',
    `Replay: ${replay}`,
    '',
    'WorkflowTestRequest (save as a .json file; `conductor-testkit run <file>` replays it):',
    JSON.stringify(testRequest, null, 2),
    '',
    'vitest test:',
    vitestSource,
  ].join('\n');
  return {
    ...p.violation,
    seed: p.seed,
    path: p.path,
    runIndex: p.runIndex,
    shrinks: p.shrinks,
    scenario: p.scenario,
    original: p.original,
    trace: p.trace,
    answers: p.answers,
    testRequest,
    vitestSource,
    report,
  };
}
