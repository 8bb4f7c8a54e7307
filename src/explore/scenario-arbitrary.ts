/**
 * Scenarios: a workflow input plus, for every task a worker answers, the outcome of each attempt
 * in the order the engine asks for them — and the fast-check arbitrary that generates them,
 * steered by the definition so every case, loop depth, retry count and failure is reachable.
 */
import fc from 'fast-check';
import type { JsonObject, TaskDef, WorkflowDef } from '../definitions/index.js';
import { UsageError } from '../errors/index.js';
import { analyseWorkflow } from './analyse-workflow.js';
import type { AnswerableTask, Driver, WorkflowModel } from './analyse-workflow.js';
import { jsonSchemaArbitrary } from './json-schema-arbitrary.js';

/** How one attempt (one poll) of a task ends. */
export const OutcomeStatus = {
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  FAILED_WITH_TERMINAL_ERROR: 'FAILED_WITH_TERMINAL_ERROR',
  /** The worker polls and never answers: the task reaches its response or task timeout. */
  TIMED_OUT: 'TIMED_OUT',
} as const;
export type OutcomeStatus = (typeof OutcomeStatus)[keyof typeof OutcomeStatus];

/** The outcome of one attempt. */
export type Outcome =
  | { readonly status: 'COMPLETED'; readonly output: JsonObject; /** Virtual ms between poll and answer. */ readonly latencyMs?: number }
  | { readonly status: 'FAILED' }
  | { readonly status: 'FAILED_WITH_TERMINAL_ERROR' }
  | { readonly status: 'TIMED_OUT' };

/**
 * One generated scenario. `tasks[ref]` lists the outcomes of successive attempts of the task with
 * that reference (the base ref for tasks inside a DO_WHILE: iterations follow each other in the
 * list, as `taskRefToMockOutput` lists successive attempts). When a list runs out, the task
 * completes with its default output (steered fields at their first value).
 */
export interface Scenario {
  readonly input: JsonObject;
  readonly tasks: Readonly<Record<string, readonly Outcome[]>>;
}

/** Which failure outcomes to generate. Every field defaults to true. */
export interface OutcomeKinds {
  /** @defaultValue true */
  readonly failed?: boolean;
  /** @defaultValue true */
  readonly terminalError?: boolean;
  /** @defaultValue true (only for tasks that have a timeout: every SIMPLE task has one, 3600 s by default) */
  readonly timeout?: boolean;
}

/** Options of {@link scenarioArbitrary}. */
export interface ScenarioOptions {
  /** Workflow input. @defaultValue generated from the definition's `inputSchema`, else placeholders for `inputParameters` */
  readonly input?: fc.Arbitrary<JsonObject>;
  /** Success outputs by task ref: an arbitrary, or a fixed object. @defaultValue from the TaskDef's `outputSchema`, else `{}` */
  readonly outputs?: Readonly<Record<string, fc.Arbitrary<JsonObject> | JsonObject>>;
  /** TaskDefs registered on the simulated server (retries, timeouts, output schemas by name). @defaultValue [] */
  readonly taskDefs?: readonly TaskDef[];
  /** Loop depths to reach (1..n). @defaultValue 3 */
  readonly maxLoopIterations?: number;
  /** Failure outcomes to generate. @defaultValue all */
  readonly outcomes?: OutcomeKinds;
  /** Latencies of successful answers, virtual ms (the first is what shrinking goes back to). @defaultValue [0, 1000] */
  readonly latencies?: readonly number[];
  /** Refs not to generate outcomes for (answered by fixed mocks instead). @defaultValue [] */
  readonly exclude?: readonly string[];
  /** Steer input and output fields towards the values that decide branches. @defaultValue true */
  readonly steer?: boolean;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** `base` with each driver's path set to its generated value. */
function withDrivers(base: fc.Arbitrary<unknown>, drivers: readonly Driver[]): fc.Arbitrary<JsonObject> {
  const usable = drivers.filter((d) => d.source.path.length > 0 && d.values.length > 0);
  if (usable.length === 0) return base.map((b) => (isObject(b) ? b : {}));
  return fc.tuple(base, fc.tuple(...usable.map((d) => fc.constantFrom(...d.values)))).map(([b, values]) => {
    const out: Record<string, unknown> = isObject(b) ? structuredClone(b) : {};
    usable.forEach((d, i) => setPath(out, d.source.path, structuredClone(values[i])));
    return out;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The output a task answers with when its planned outcomes run out: fixed output plus first steered values. */
export function defaultOutput(model: WorkflowModel, ref: string, options: ScenarioOptions = {}): JsonObject {
  const fixed = options.outputs?.[ref];
  const out: Record<string, unknown> = fixed !== undefined && !(fixed instanceof fc.Arbitrary) ? structuredClone(fixed) : {};
  if (options.steer !== false) {
    for (const d of model.outputDrivers.get(ref) ?? []) {
      if (d.source.path.length > 0 && d.values.length > 0) setPath(out, d.source.path, structuredClone(d.values[0]));
    }
  }
  return out;
}

function outputArbitrary(model: WorkflowModel, task: AnswerableTask, options: ScenarioOptions): fc.Arbitrary<JsonObject> {
  const given = options.outputs?.[task.ref];
  const base: fc.Arbitrary<unknown> =
    given instanceof fc.Arbitrary ? given : given !== undefined ? fc.constant(given) : task.outputSchema !== undefined ? jsonSchemaArbitrary(task.outputSchema) : fc.constant({});
  return withDrivers(base, options.steer === false ? [] : (model.outputDrivers.get(task.ref) ?? []));
}

/**
 * One visit of a task (one iteration's worth of attempts) before it is laid out: `pick` decides
 * how many attempts fail (see {@link failuresOf}), `fails` holds the failure kind of each attempt,
 * `end` is how the last attempt ends (success or terminal error), `success` is the answer used
 * when the scenario focuses on another task.
 */
interface Visit {
  readonly pick: number;
  readonly attempts: number;
  readonly fails: readonly Outcome[];
  readonly end: Outcome;
  readonly success: Outcome;
}

/**
 * How many attempts of a visit fail. Unfocused: `pick < 2·attempts` gives 0 (two visits in three
 * succeed at once, so the tasks after it are reached), above that 1..attempts, each equally likely
 * (`attempts` failures exhaust the retries). On the task the scenario focuses on: 1..attempts,
 * uniformly. `pick` shrinks towards 0, i.e. towards fewer failures.
 */
function failuresOf(visit: Visit, focused: boolean): number {
  const a = visit.attempts;
  if (visit.fails.length === 0) return 0;
  if (focused) return 1 + (visit.pick % a);
  return visit.pick < 2 * a ? 0 : visit.pick - 2 * a + 1;
}

function layOut(visit: Visit, mode: 'normal' | 'focused' | 'calm'): Outcome[] {
  if (mode === 'calm') return [visit.success];
  const k = failuresOf(visit, mode === 'focused');
  return k >= visit.attempts ? visit.fails.slice(0, visit.attempts) : [...visit.fails.slice(0, k), visit.end];
}

function visitArbitrary(task: AnswerableTask, success: fc.Arbitrary<Outcome>, kinds: OutcomeKinds): fc.Arbitrary<Visit> {
  const failKinds: Outcome[] = [];
  if (kinds.failed !== false) failKinds.push({ status: 'FAILED' });
  if (kinds.timeout !== false && task.timeoutMs !== undefined) failKinds.push({ status: 'TIMED_OUT' });
  const canTerminal = kinds.terminalError !== false && task.canFail;
  const attempts = task.retryCount + 1;
  const canRetryFail = task.canFail && failKinds.length > 0;
  return fc
    .record({
      pick: canRetryFail ? fc.integer({ min: 0, max: 3 * attempts - 1 }) : fc.constant(0),
      fails: canRetryFail ? fc.array(fc.constantFrom(...failKinds), { minLength: attempts, maxLength: attempts }) : fc.constant([]),
      end: canTerminal ? fc.oneof({ withCrossShrink: true }, { weight: 6, arbitrary: success }, { weight: 1, arbitrary: fc.constant<Outcome>({ status: 'FAILED_WITH_TERMINAL_ERROR' }) }) : success,
      success,
    })
    .map((v) => ({ ...v, attempts }));
}

/** The visits of one task (several for a task inside a loop). */
function taskArbitrary(model: WorkflowModel, task: AnswerableTask, options: ScenarioOptions): fc.Arbitrary<Visit[]> {
  const latencies = options.latencies ?? [0, 1000];
  if (latencies.length === 0) throw new UsageError('options.latencies must list at least one latency (virtual ms), e.g. [0]');
  const success: fc.Arbitrary<Outcome> = fc
    .tuple(outputArbitrary(model, task, options), fc.constantFrom(...latencies))
    .map(([output, latencyMs]): Outcome => (latencyMs > 0 ? { status: 'COMPLETED', output, latencyMs } : { status: 'COMPLETED', output }));
  const visit = visitArbitrary(task, success, options.outcomes ?? {});
  if (task.loop === undefined) return visit.map((v) => [v]);
  return fc.array(visit, { minLength: 1, maxLength: model.maxLoopIterations });
}

function inputArbitrary(def: WorkflowDef, model: WorkflowModel, options: ScenarioOptions): fc.Arbitrary<JsonObject> {
  let base: fc.Arbitrary<unknown>;
  if (options.input !== undefined) base = options.input;
  else if (def.inputSchema !== undefined && def.inputSchema !== null && isObject(def.inputSchema.data)) base = jsonSchemaArbitrary(def.inputSchema);
  else {
    // Declared inputs that steer nothing get a readable placeholder; they decide no branch.
    const placeholders: Record<string, unknown> = {};
    for (const name of def.inputParameters ?? []) placeholders[name] = `${name}-1`;
    base = fc.constant(placeholders);
  }
  return withDrivers(base, options.steer === false ? [] : model.inputDrivers);
}

/**
 * A fast-check arbitrary of {@link Scenario}s for a definition: the input from `options.input`,
 * else the definition's `inputSchema`; per task, successive attempt outcomes (success with an
 * output from `options.outputs`, the TaskDef's `outputSchema` or `{}`; FAILED;
 * FAILED_WITH_TERMINAL_ERROR; a timeout; a latency).
 *
 * Steering: input and output fields that decide a SWITCH / DECISION (value-param keys, and the
 * literals of JavaScript expressions), a DO_WHILE condition or its `items` take values that reach
 * every case and loop depths 1..maxLoopIterations; each task's failure count is drawn from
 * 0..retryCount+1 so every retry and the exhausted path are reachable, and half of the
 * scenarios focus their failures on one task (the others succeed at once) so deep tasks fail as
 * often as shallow ones. Built from `fc.record`, `fc.tuple`, `fc.constantFrom`, `fc.option` and
 * `fc.array` only, so a failing scenario shrinks to fewer failures, fewer loop visits and the
 * first steered values.
 *
 * @example
 * fc.assert(fc.asyncProperty(scenarioArbitrary(def), async (s) => { ... }), { numRuns: 200, seed: 7 });
 */
export function scenarioArbitrary(def: WorkflowDef, options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  return scenarioArbitraryFor(analyseWorkflow(def, optionsForAnalysis(options)), options);
}

/** {@link scenarioArbitrary} over an already analysed definition. */
export function scenarioArbitraryFor(model: WorkflowModel, options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const exclude = new Set(options.exclude ?? []);
  const tasks: Record<string, fc.Arbitrary<Visit[]>> = {};
  const failing: string[] = [];
  for (const task of model.answerable) {
    if (exclude.has(task.ref)) continue;
    tasks[task.ref] = taskArbitrary(model, task, options);
    if (task.canFail) failing.push(task.ref);
  }
  // Half of the scenarios focus on one task: it fails 1..retryCount+1 times and every other task
  // succeeds at once, so failures deep in a long workflow are reached as often as shallow ones.
  const focus = failing.length === 0 ? fc.constant(null) : fc.option(fc.constantFrom(...failing), { nil: null, freq: 2 });
  return fc.record({ input: inputArbitrary(model.def, model, options), tasks: fc.record(tasks), focus }).map(({ input, tasks: visits, focus: focused }) => {
    const out: Record<string, Outcome[]> = {};
    for (const [ref, list] of Object.entries(visits)) {
      const mode = focused === null ? 'normal' : focused === ref ? 'focused' : 'calm';
      out[ref] = list.flatMap((v) => layOut(v, mode));
    }
    return { input, tasks: out };
  });
}

function optionsForAnalysis(options: ScenarioOptions): { taskDefs?: readonly TaskDef[]; maxLoopIterations?: number } {
  return {
    ...(options.taskDefs !== undefined ? { taskDefs: options.taskDefs } : {}),
    ...(options.maxLoopIterations !== undefined ? { maxLoopIterations: options.maxLoopIterations } : {}),
  };
}
