/**
 * Runs one {@link Scenario} on the simulate engine: a {@link TaskResolver} hands each attempt of a
 * task the next planned outcome (keyed by base ref, counted per workflow instance), fixed mocks
 * answer the refs they name, and every answer is logged so a failing scenario can be printed as a
 * WorkflowTestRequest and a vitest test that reproduce it exactly.
 */
import type { JsonObject, TaskDef, WorkflowDef } from '../definitions/index.js';
import { createEngine } from '../engine/index.js';
import type { Engine, EngineLimits, TaskResolver, WorkerAnswer, WorkerTaskView } from '../engine/index.js';
import { createMockResolver, sharedRuntimes } from '../mocks/index.js';
import type { MockSet } from '../mocks/index.js';
import type { Trace } from '../trace/index.js';
import type { WorkflowModel } from './analyse-workflow.js';
import { defaultOutput } from './scenario-arbitrary.js';
import type { Outcome, Scenario, ScenarioOptions } from './scenario-arbitrary.js';

/** One answer given during a run, in the order given. */
export interface AnsweredAttempt {
  readonly workflowId: string;
  readonly workflowName: string;
  /** Runtime ref (`ref__2` inside a loop). */
  readonly ref: string;
  readonly baseRef: string;
  readonly attempt: number;
  /** The planned outcome, or `undefined` when a fixed mock (or the default for unknown refs) answered. */
  readonly outcome: Outcome | undefined;
  readonly answer: WorkerAnswer;
  /** Where the answer came from. */
  readonly from: 'scenario' | 'default' | 'mocks';
}

/** The result of {@link runScenario}. */
export interface ScenarioRun {
  readonly trace: Trace;
  readonly answers: readonly AnsweredAttempt[];
}

/** Task types the resolver is asked about that a scenario never answers unless planned (they wait for their own timer). */
const SYSTEM_WAITING = new Set(['WAIT', 'EVENT', 'KAFKA_PUBLISH', 'HTTP', 'HUMAN']);

/**
 * The worker answer that stands for an outcome. Failures carry no reason: a WorkflowTestRequest
 * mock cannot set one either (engine-semantics §7.4), so the printed request replays the run
 * exactly, reasons included (`... and reason: 'null'`).
 */
export function toWorkerAnswer(outcome: Outcome): WorkerAnswer {
  switch (outcome.status) {
    case 'COMPLETED':
      return { kind: 'result', status: 'COMPLETED', output: outcome.output, ...(outcome.latencyMs !== undefined && outcome.latencyMs > 0 ? { latencyMs: outcome.latencyMs } : {}) };
    case 'FAILED':
    case 'FAILED_WITH_TERMINAL_ERROR':
      return { kind: 'result', status: outcome.status, output: {} };
    case 'TIMED_OUT':
      return { kind: 'no-response' };
  }
}

class ScenarioResolver implements TaskResolver {
  private readonly used = new Map<string, number>();
  private readonly planned: ReadonlySet<string>;
  private readonly defaults = new Map<string, JsonObject>();

  constructor(
    private readonly model: WorkflowModel,
    private readonly scenario: Scenario,
    private readonly mocks: TaskResolver | undefined,
    private readonly fixed: ReadonlySet<string>,
    private readonly options: ScenarioOptions,
    private readonly log: AnsweredAttempt[],
  ) {
    this.planned = new Set(model.answerable.map((t) => t.ref).filter((r) => !fixed.has(r)));
  }

  private record(task: WorkerTaskView, answer: WorkerAnswer, outcome: Outcome | undefined, from: AnsweredAttempt['from']): WorkerAnswer {
    this.log.push({
      workflowId: task.workflowId,
      workflowName: task.workflowName,
      ref: task.referenceTaskName,
      baseRef: task.iteration > 0 ? task.baseReferenceName : task.referenceTaskName,
      attempt: task.attempt,
      outcome,
      answer,
      from,
    });
    return answer;
  }

  resolve(task: WorkerTaskView): WorkerAnswer | undefined {
    // Only loop tasks carry the `__N` suffix; a plain ref may itself contain `__`.
    const base = task.iteration > 0 ? task.baseReferenceName : task.referenceTaskName;
    if (this.planned.has(base)) {
      const key = `${task.workflowId}\u0000${base}`;
      const index = this.used.get(key) ?? 0;
      this.used.set(key, index + 1);
      const outcome = this.scenario.tasks[base]?.[index];
      if (outcome !== undefined) return this.record(task, toWorkerAnswer(outcome), outcome, 'scenario');
      let output = this.defaults.get(base);
      if (output === undefined) this.defaults.set(base, (output = defaultOutput(this.model, base, this.options)));
      const fallback: Outcome = { status: 'COMPLETED', output };
      return this.record(task, toWorkerAnswer(fallback), fallback, 'default');
    }
    const mocked = this.mocks?.resolve(task);
    if (mocked !== undefined) return this.record(task, mocked, undefined, 'mocks');
    // A worker task the definition does not name (a dynamic fork, a DYNAMIC task): it completes.
    if (!SYSTEM_WAITING.has(task.taskType)) return this.record(task, { kind: 'result', status: 'COMPLETED', output: {} }, undefined, 'default');
    return undefined;
  }

  child(subWorkflowRef: string, childWorkflowName: string): TaskResolver | undefined {
    return this.mocks?.child(subWorkflowRef, childWorkflowName) ?? COMPLETE_EVERYTHING;
  }

  other(workflowName: string): TaskResolver | undefined {
    return this.mocks?.other(workflowName);
  }

  describe(): readonly string[] {
    return [...this.planned, ...(this.mocks?.describe() ?? [])];
  }
}

/** Children of explored workflows: every worker task completes with `{}` unless mocks say otherwise. */
const COMPLETE_EVERYTHING: TaskResolver = {
  resolve: (task) => (SYSTEM_WAITING.has(task.taskType) ? undefined : { kind: 'result', status: 'COMPLETED', output: {} }),
  child: () => COMPLETE_EVERYTHING,
  other: () => undefined,
  describe: () => [],
};

/** Options of {@link runScenario} and of the engine runs of {@link explore}. */
export interface ScenarioRunOptions extends ScenarioOptions {
  /** Fixed answers (by ref or task name), for children (`children`) and failure workflows (`workflows`). @defaultValue {} */
  readonly mocks?: MockSet;
  /** Workflow definitions registered on the simulated server (sub-workflows, failure workflows). @defaultValue [] */
  readonly workflowDefs?: readonly WorkflowDef[];
  /** Engine budgets. @defaultValue the engine's */
  readonly limits?: Partial<EngineLimits>;
  /** Engine seed (ids); exploration's randomness is fast-check's, not this. @defaultValue 1 */
  readonly engineSeed?: number;
}

/** An engine plus what every run of one exploration shares. */
export interface ScenarioRunner {
  readonly model: WorkflowModel;
  run(scenario: Scenario): Promise<ScenarioRun>;
}

/**
 * Creates a runner that reuses one engine for every scenario. The engine uses the process-wide
 * script and jq sandboxes of `runWorkflow` (src/mocks shared-runtimes.ts), fetched at the first
 * run, so a campaign does not pay for loading QuickJS again.
 */
export function createScenarioRunner(model: WorkflowModel, options: ScenarioRunOptions = {}): ScenarioRunner {
  let engine: Promise<Engine> | undefined;
  const engineFor = (): Promise<Engine> =>
    (engine ??= sharedRuntimes([model.def, ...(options.workflowDefs ?? [])]).then((runtimes) =>
      createEngine({
        mode: 'simulate',
        seed: options.engineSeed ?? 1,
        taskDefs: options.taskDefs ?? ([] as readonly TaskDef[]),
        workflowDefs: options.workflowDefs ?? [],
        unmocked: 'fail',
        ...(options.limits !== undefined ? { limits: options.limits } : {}),
        ...(runtimes !== undefined ? { runtimes } : {}),
      }),
    ));
  const fixed = new Set(options.exclude ?? []);
  for (const ref of Object.keys(options.mocks?.byRef ?? {})) fixed.add(ref);
  const hasMocks = options.mocks !== undefined;
  return {
    model,
    async run(scenario) {
      const log: AnsweredAttempt[] = [];
      const mocks = hasMocks ? createMockResolver(options.mocks as MockSet) : undefined;
      const resolver = new ScenarioResolver(model, scenario, mocks, fixed, options, log);
      // The whole run, retry delays and timeouts included: start() alone stops at the start instant.
      const trace = await (await engineFor()).run({ workflowDef: model.def, input: structuredClone(scenario.input), resolver });
      return { trace, answers: log };
    },
  };
}

/**
 * Runs one scenario (simulate mode) and returns its trace and the answers given.
 *
 * @example
 * const { trace } = await runScenario(model, { input: { kind: 'a' }, tasks: { charge: [{ status: 'FAILED' }] } });
 */
export async function runScenario(model: WorkflowModel, scenario: Scenario, options: ScenarioRunOptions = {}): Promise<ScenarioRun> {
  return createScenarioRunner(model, options).run(scenario);
}
