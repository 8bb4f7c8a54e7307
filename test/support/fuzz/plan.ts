/**
 * The abstract shape of a fuzz case: what fast-check generates and shrinks. A plan names no task
 * reference; `materialize.ts` turns it into definitions, mocks and a request, assigning refs and
 * wiring `${...}` expressions to refs that exist. Keeping the plan small and free of refs keeps
 * shrinking useful (STYLE 7.4): dropping a node never leaves an expression pointing nowhere.
 *
 * Every task type the engine runs has a plan kind; the shapes follow
 * shared/spec/task-types.md §2 (which fields each type reads) so that every materialized
 * definition passes `parseWorkflowDef` (the fuzz property asserts it).
 */
import fc from 'fast-check';

/** Worker task names (SIMPLE tasks, DYNAMIC targets, dynamic fork items). Few, so byName mocks and TaskDefs hit. */
export const WORKERS = ['w_a', 'w_b', 'w_c'] as const;
export type WorkerIndex = 0 | 1 | 2;

/** A value for one input parameter: a literal or an expression (refs are picked later by index). */
export type ValuePlan =
  | { readonly v: 'lit'; readonly value: number | string | boolean | null }
  | { readonly v: 'list' }
  | { readonly v: 'obj' }
  | { readonly v: 'wf'; readonly path: number }
  | { readonly v: 'ref'; readonly ref: number; readonly path: number }
  | { readonly v: 'text'; readonly ref: number }
  | { readonly v: 'escape' }
  | { readonly v: 'nested' }
  | { readonly v: 'taskId' };

/** Node fields every type may carry (`optional`, `permissive`, `retryCount`, `startDelay`). */
export interface FlagsPlan {
  readonly optional: boolean;
  readonly permissive: boolean;
  /** Node-level retryCount override (null = use the TaskDef). */
  readonly retryCount: number | null;
  readonly startDelay: number;
}

/** An embedded or registered TaskDef's retry and timeout settings. */
export interface TaskDefPlan {
  readonly retryCount: number;
  readonly retryLogic: 'FIXED' | 'LINEAR_BACKOFF' | 'EXPONENTIAL_BACKOFF';
  readonly retryDelaySeconds: number;
  readonly backoffJitterMs: number;
  readonly maxRetryDelaySeconds: number;
  /** 0 = disabled; responseTimeoutSeconds is clamped to it (TaskTimeoutConstraint). */
  readonly timeoutSeconds: number;
  readonly responseTimeoutSeconds: number;
  readonly pollTimeoutSeconds: number | null;
  readonly totalTimeoutSeconds: number;
  readonly timeoutPolicy: 'RETRY' | 'TIME_OUT_WF' | 'ALERT_ONLY';
  readonly concurrentExecLimit: number;
}

/** A JavaScript source for INLINE, LAMBDA, SWITCH and DECISION (index into the script tables). */
export type ScriptPlan = { readonly script: number };

export type NodePlan =
  | { readonly kind: 'SIMPLE'; readonly worker: WorkerIndex; readonly params: readonly ValuePlan[]; readonly flags: FlagsPlan; readonly taskDef: TaskDefPlan | null }
  | { readonly kind: 'SWITCH_VALUE'; readonly selector: number; readonly cases: readonly (readonly NodePlan[])[]; readonly defaultCase: readonly NodePlan[]; readonly exclusiveJoin: boolean; readonly flags: FlagsPlan }
  | { readonly kind: 'SWITCH_JS'; readonly evaluator: 'javascript' | 'graaljs'; readonly script: number; readonly cases: readonly (readonly NodePlan[])[]; readonly defaultCase: readonly NodePlan[]; readonly flags: FlagsPlan }
  | { readonly kind: 'DECISION'; readonly byExpression: boolean; readonly selector: number; readonly cases: readonly (readonly NodePlan[])[]; readonly defaultCase: readonly NodePlan[]; readonly exclusiveJoin: boolean; readonly flags: FlagsPlan }
  | { readonly kind: 'FORK'; readonly branches: readonly (readonly NodePlan[])[]; readonly joinOn: 'all' | 'first' | 'none'; readonly flags: FlagsPlan }
  | { readonly kind: 'DYNAMIC_FORK'; readonly form: 'simple' | 'classic' | 'legacy'; readonly count: number; readonly worker: WorkerIndex; readonly systemTypes: readonly number[]; readonly flags: FlagsPlan }
  | { readonly kind: 'DO_WHILE'; readonly mode: 'count' | 'items' | 'endless'; readonly iterations: number; readonly body: readonly NodePlan[]; readonly keepLastN: number | null; readonly flags: FlagsPlan }
  | { readonly kind: 'SUB_WORKFLOW'; readonly target: 'inline' | 'registered' | 'expression' | 'self'; readonly body: readonly NodePlan[]; readonly params: readonly ValuePlan[]; readonly flags: FlagsPlan }
  | { readonly kind: 'START_WORKFLOW'; readonly known: boolean; readonly params: readonly ValuePlan[]; readonly flags: FlagsPlan }
  | { readonly kind: 'TERMINATE'; readonly status: 'COMPLETED' | 'FAILED' | 'TERMINATED'; readonly withReason: boolean; readonly output: ValuePlan | null }
  | { readonly kind: 'SET_VARIABLE'; readonly params: readonly ValuePlan[]; readonly flags: FlagsPlan }
  | { readonly kind: 'WAIT'; readonly mode: 'duration' | 'until' | 'signal'; readonly seconds: number; readonly flags: FlagsPlan }
  | { readonly kind: 'HUMAN'; readonly flags: FlagsPlan }
  | { readonly kind: 'HTTP'; readonly status: number; readonly method: 'GET' | 'POST'; readonly asyncComplete: boolean; readonly registered: boolean; readonly flags: FlagsPlan }
  | { readonly kind: 'INLINE'; readonly evaluator: 'javascript' | 'graaljs' | 'value-param' | 'default'; readonly script: number; readonly params: readonly ValuePlan[]; readonly flags: FlagsPlan }
  | { readonly kind: 'LAMBDA'; readonly script: number; readonly params: readonly ValuePlan[]; readonly flags: FlagsPlan }
  | { readonly kind: 'JQ'; readonly query: number; readonly params: readonly ValuePlan[]; readonly flags: FlagsPlan }
  | { readonly kind: 'EVENT'; readonly sink: number; readonly asyncComplete: boolean; readonly flags: FlagsPlan }
  | { readonly kind: 'NOOP'; readonly flags: FlagsPlan }
  | { readonly kind: 'DYNAMIC'; readonly target: 'worker' | 'input' | 'missing' | 'system'; readonly worker: WorkerIndex; readonly system: number; readonly flags: FlagsPlan }
  | { readonly kind: 'KAFKA'; readonly complete: boolean; readonly flags: FlagsPlan };

/** One worker answer in a mock sequence (simulate mode). */
export interface AnswerPlan {
  readonly kind: 'ok' | 'fail' | 'terminal' | 'canceled' | 'inProgress' | 'noResponse' | 'noPoll';
  readonly latencyMs: number;
  readonly queueWaitMs: number;
  readonly callbackAfterSeconds: number;
  readonly output: number;
}

/** One `TaskMock` of a WorkflowTestRequest (server-compat mode, or the request form in simulate mode). */
export interface TaskMockPlan {
  readonly status: 'COMPLETED' | 'FAILED' | 'FAILED_WITH_TERMINAL_ERROR' | 'IN_PROGRESS' | 'CANCELED';
  readonly output: number;
  readonly executionTime: number;
  readonly queueWaitTime: number;
}

/** A test's move on a simulate session after the start: signal or complete a running task, move the clock. */
export interface ActionPlan {
  readonly kind: 'signal' | 'complete' | 'advance';
  /** Index into the running tasks at the moment of the action (modulo). */
  readonly target: number;
  readonly status: 'COMPLETED' | 'FAILED' | 'FAILED_WITH_TERMINAL_ERROR' | 'CANCELED' | 'IN_PROGRESS';
  readonly seconds: number;
  readonly output: number;
}

/** Everything of a case besides the top-level task list. */
export interface CasePlan {
  readonly tasks: readonly NodePlan[];
  readonly mode: 'simulate' | 'simulate-request' | 'server-compat';
  readonly seed: number;
  readonly unmocked: 'fail' | 'stall' | 'error';
  /** Registered TaskDefs for the worker names (null = ad-hoc defaults: 3 retries, 60 s). */
  readonly workerDefs: readonly (TaskDefPlan | null)[];
  /** Mock sequences, assigned to mockable refs in order (modulo). */
  readonly answers: readonly (readonly AnswerPlan[])[];
  /** Which mockable refs get a mock: bit i of the mask for ref i (modulo 31). */
  readonly mockMask: number;
  /** Also mock by task name (applies to dynamic fork items and unmocked refs). */
  readonly byName: boolean;
  readonly taskMocks: readonly (readonly TaskMockPlan[])[];
  readonly workflowTimeout: { readonly seconds: number; readonly policy: 'TIME_OUT_WF' | 'ALERT_ONLY' } | null;
  readonly failureWorkflow: boolean;
  readonly outputParams: readonly ValuePlan[];
  readonly variables: boolean;
  /** Simulate mode: moves on the session after the start (none = `runWorkflow`). */
  readonly actions: readonly ActionPlan[];
  /** Virtual start instant: 0 = the default (2024-01-01T00:00Z), else one of a few others. */
  readonly startTime: number;
  /** Answer some refs with a function of the attempt instead of a fixed sequence. */
  readonly functionMocks: boolean;
  /** Shape of the workflow input: 0 the usual, 1 empty (inputTemplate is then not merged), 2 with extra keys. */
  readonly inputShape: number;
  /** Workflow and TaskDef inputTemplates. */
  readonly templates: boolean;
  /** failureWorkflow given as "$workflow.input.failureWf" (read from the input at failure). */
  readonly failureFromInput: boolean;
}

// ------------------------------------------------------------------ arbitraries

const valuePlan: fc.Arbitrary<ValuePlan> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ v: fc.constant('lit' as const), value: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constantFrom('x', 'hello', ''), fc.boolean(), fc.constant(null)) }) },
  { weight: 1, arbitrary: fc.constant({ v: 'list' as const }) },
  { weight: 1, arbitrary: fc.constant({ v: 'obj' as const }) },
  { weight: 4, arbitrary: fc.record({ v: fc.constant('wf' as const), path: fc.nat({ max: 11 }) }) },
  { weight: 4, arbitrary: fc.record({ v: fc.constant('ref' as const), ref: fc.nat({ max: 40 }), path: fc.nat({ max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ v: fc.constant('text' as const), ref: fc.nat({ max: 40 }) }) },
  { weight: 1, arbitrary: fc.constant({ v: 'escape' as const }) },
  { weight: 1, arbitrary: fc.constant({ v: 'nested' as const }) },
  { weight: 1, arbitrary: fc.constant({ v: 'taskId' as const }) },
);

const params: fc.Arbitrary<ValuePlan[]> = fc.array(valuePlan, { maxLength: 3 });

const flags: fc.Arbitrary<FlagsPlan> = fc.record({
  optional: fc.constantFrom(false, false, false, false, true),
  permissive: fc.constantFrom(false, false, false, false, false, true),
  retryCount: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) }),
  startDelay: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }) }),
});

/** Flags without optional (TERMINATE may not be optional) — also used for containers sometimes. */
const plainFlags: fc.Arbitrary<FlagsPlan> = fc.constant({ optional: false, permissive: false, retryCount: null, startDelay: 0 });

export const taskDefPlan: fc.Arbitrary<TaskDefPlan> = fc.record({
  retryCount: fc.integer({ min: 0, max: 3 }),
  retryLogic: fc.constantFrom('FIXED' as const, 'LINEAR_BACKOFF' as const, 'EXPONENTIAL_BACKOFF' as const),
  retryDelaySeconds: fc.constantFrom(0, 1, 5, 60),
  backoffJitterMs: fc.constantFrom(0, 0, 500),
  maxRetryDelaySeconds: fc.constantFrom(0, 0, 10),
  timeoutSeconds: fc.constantFrom(0, 0, 30, 120),
  responseTimeoutSeconds: fc.constantFrom(1, 10, 60, 3600),
  pollTimeoutSeconds: fc.constantFrom(null, null, 20),
  totalTimeoutSeconds: fc.constantFrom(0, 0, 0, 600),
  timeoutPolicy: fc.constantFrom('TIME_OUT_WF' as const, 'RETRY' as const, 'ALERT_ONLY' as const),
  concurrentExecLimit: fc.constantFrom(0, 0, 0, 1),
});

const worker: fc.Arbitrary<WorkerIndex> = fc.constantFrom(0 as const, 1 as const, 2 as const);

const leaf: fc.Arbitrary<NodePlan> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('SIMPLE' as const), worker, params, flags, taskDef: fc.option(taskDefPlan, { freq: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('TERMINATE' as const), status: fc.constantFrom('COMPLETED' as const, 'FAILED' as const, 'TERMINATED' as const), withReason: fc.boolean(), output: fc.option(valuePlan) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('SET_VARIABLE' as const), params: fc.array(valuePlan, { minLength: 1, maxLength: 3 }), flags }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('WAIT' as const), mode: fc.constantFrom('duration' as const, 'until' as const, 'signal' as const), seconds: fc.constantFrom(1, 30, 3600, 86_400 * 2), flags }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('HUMAN' as const), flags }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('HTTP' as const), status: fc.constantFrom(200, 201, 204, 404, 500, 0), method: fc.constantFrom('GET' as const, 'POST' as const), asyncComplete: fc.constantFrom(false, false, false, true), registered: fc.boolean(), flags }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('INLINE' as const), evaluator: fc.constantFrom('javascript' as const, 'graaljs' as const, 'value-param' as const, 'default' as const), script: fc.nat({ max: 20 }), params, flags }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('LAMBDA' as const), script: fc.nat({ max: 20 }), params, flags }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('JQ' as const), query: fc.nat({ max: 20 }), params, flags }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('EVENT' as const), sink: fc.nat({ max: 5 }), asyncComplete: fc.constantFrom(false, false, true), flags }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('NOOP' as const), flags }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('DYNAMIC' as const), target: fc.constantFrom('worker' as const, 'worker' as const, 'input' as const, 'missing' as const, 'system' as const), worker, system: fc.nat({ max: 9 }), flags }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('KAFKA' as const), complete: fc.constantFrom(true, true, false), flags }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('START_WORKFLOW' as const), known: fc.constantFrom(true, true, false), params, flags }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('DYNAMIC_FORK' as const), form: fc.constantFrom('simple' as const, 'classic' as const, 'legacy' as const), count: fc.integer({ min: 0, max: 3 }), worker, systemTypes: fc.array(fc.nat({ max: 9 }), { maxLength: 3 }), flags }) },
);

/**
 * Task lists of a bounded depth. A container is a SWITCH (both evaluators), DECISION, FORK_JOIN,
 * DO_WHILE or SUB_WORKFLOW whose lists are built one level down; at depth 0 only leaves appear.
 */
function taskList(depth: number, maxLength: number): fc.Arbitrary<NodePlan[]> {
  return fc.array(node(depth), { minLength: 1, maxLength });
}

const caseLists = (depth: number): fc.Arbitrary<NodePlan[][]> =>
  fc.array(fc.oneof({ weight: 6, arbitrary: taskList(depth, 3) }, { weight: 1, arbitrary: fc.constant<NodePlan[]>([]) }), { minLength: 1, maxLength: 3 });

const memo = new Map<number, fc.Arbitrary<NodePlan>>();

function node(depth: number): fc.Arbitrary<NodePlan> {
  const cached = memo.get(depth);
  if (cached !== undefined) return cached;
  if (depth <= 0) {
    memo.set(depth, leaf);
    return leaf;
  }
  const inner = depth - 1;
  const containers: fc.Arbitrary<NodePlan> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('SWITCH_VALUE' as const), selector: fc.nat({ max: 4 }), cases: caseLists(inner), defaultCase: fc.oneof(fc.constant([]), taskList(inner, 2)), exclusiveJoin: fc.boolean(), flags: plainFlags }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('SWITCH_JS' as const), evaluator: fc.constantFrom('javascript' as const, 'graaljs' as const), script: fc.nat({ max: 20 }), cases: caseLists(inner), defaultCase: fc.oneof(fc.constant([]), taskList(inner, 2)), flags }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('DECISION' as const), byExpression: fc.boolean(), selector: fc.nat({ max: 4 }), cases: caseLists(inner), defaultCase: fc.oneof(fc.constant([]), taskList(inner, 2)), exclusiveJoin: fc.boolean(), flags: plainFlags }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('FORK' as const), branches: fc.array(taskList(inner, 3), { minLength: 1, maxLength: 3 }), joinOn: fc.constantFrom('all' as const, 'all' as const, 'first' as const, 'none' as const), flags: plainFlags }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('DO_WHILE' as const), mode: fc.oneof({ weight: 12, arbitrary: fc.constant('count' as const) }, { weight: 4, arbitrary: fc.constant('items' as const) }, { weight: 1, arbitrary: fc.constant('endless' as const) }), iterations: fc.integer({ min: 1, max: 3 }), body: taskList(inner, 3), keepLastN: fc.option(fc.integer({ min: 1, max: 2 }), { freq: 5 }), flags: plainFlags }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('SUB_WORKFLOW' as const), target: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('inline' as const, 'registered' as const, 'expression' as const) }, { weight: 1, arbitrary: fc.constant('self' as const) }), body: taskList(inner, 3), params, flags }) },
  );
  const arb = fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: containers });
  memo.set(depth, arb);
  return arb;
}

const answerPlan: fc.Arbitrary<AnswerPlan> = fc.record({
  kind: fc.oneof(
    { weight: 10, arbitrary: fc.constant('ok' as const) },
    { weight: 4, arbitrary: fc.constant('fail' as const) },
    { weight: 1, arbitrary: fc.constant('terminal' as const) },
    { weight: 1, arbitrary: fc.constant('canceled' as const) },
    { weight: 2, arbitrary: fc.constant('inProgress' as const) },
    { weight: 1, arbitrary: fc.constant('noResponse' as const) },
    { weight: 1, arbitrary: fc.constant('noPoll' as const) },
  ),
  latencyMs: fc.constantFrom(0, 0, 250, 5_000, 120_000),
  queueWaitMs: fc.constantFrom(0, 0, 0, 1_000),
  callbackAfterSeconds: fc.constantFrom(0, 1, 30),
  output: fc.nat({ max: 5 }),
});

const taskMockPlan: fc.Arbitrary<TaskMockPlan> = fc.record({
  status: fc.oneof(
    { weight: 8, arbitrary: fc.constant('COMPLETED' as const) },
    { weight: 3, arbitrary: fc.constant('FAILED' as const) },
    { weight: 1, arbitrary: fc.constant('FAILED_WITH_TERMINAL_ERROR' as const) },
    { weight: 1, arbitrary: fc.constant('IN_PROGRESS' as const) },
    { weight: 1, arbitrary: fc.constant('CANCELED' as const) },
  ),
  output: fc.nat({ max: 5 }),
  executionTime: fc.constantFrom(0, 0, 0, 1_500, 200_000),
  queueWaitTime: fc.constantFrom(0, 0, 0, 700),
});

const actionPlan: fc.Arbitrary<ActionPlan> = fc.record({
  kind: fc.constantFrom('signal' as const, 'complete' as const, 'advance' as const),
  target: fc.nat({ max: 9 }),
  status: fc.constantFrom('COMPLETED' as const, 'COMPLETED' as const, 'FAILED' as const, 'FAILED_WITH_TERMINAL_ERROR' as const, 'CANCELED' as const, 'IN_PROGRESS' as const),
  seconds: fc.constantFrom(1, 60, 3600, 86_400 * 3),
  output: fc.nat({ max: 5 }),
});

/** Options bounding the size of generated definitions. */
export interface PlanOptions {
  /** Nesting depth of containers. @defaultValue 3 */
  readonly maxDepth?: number;
  /** Length of the top-level task list. @defaultValue 5 */
  readonly maxTopLevel?: number;
}

/** The arbitrary of whole case plans. */
export function casePlanArbitrary(options: PlanOptions = {}): fc.Arbitrary<CasePlan> {
  const depth = options.maxDepth ?? 3;
  return fc.record({
    tasks: taskList(depth, options.maxTopLevel ?? 5),
    mode: fc.oneof({ weight: 5, arbitrary: fc.constant('simulate' as const) }, { weight: 1, arbitrary: fc.constant('simulate-request' as const) }, { weight: 3, arbitrary: fc.constant('server-compat' as const) }),
    seed: fc.integer({ min: 1, max: 2_000_000_000 }),
    unmocked: fc.oneof({ weight: 4, arbitrary: fc.constant('fail' as const) }, { weight: 3, arbitrary: fc.constant('stall' as const) }, { weight: 1, arbitrary: fc.constant('error' as const) }),
    workerDefs: fc.array(fc.option(taskDefPlan, { freq: 3 }), { minLength: 3, maxLength: 3 }),
    answers: fc.array(fc.array(answerPlan, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
    mockMask: fc.integer({ min: 0, max: 0x7fffffff }),
    byName: fc.boolean(),
    taskMocks: fc.array(fc.array(taskMockPlan, { minLength: 0, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
    workflowTimeout: fc.option(fc.record({ seconds: fc.constantFrom(60, 3600), policy: fc.constantFrom('TIME_OUT_WF' as const, 'ALERT_ONLY' as const) }), { freq: 8 }),
    failureWorkflow: fc.constantFrom(false, false, false, true),
    outputParams: fc.array(valuePlan, { maxLength: 2 }),
    variables: fc.boolean(),
    actions: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(actionPlan, { minLength: 1, maxLength: 4 }) }),
    startTime: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
    functionMocks: fc.boolean(),
    inputShape: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
    templates: fc.boolean(),
    failureFromInput: fc.boolean(),
  });
}
