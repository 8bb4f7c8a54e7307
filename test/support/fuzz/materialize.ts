/**
 * Plan → runnable case: workflow definitions with unique refs and `${...}` expressions that name
 * refs of the same definition, registered child / target / failure workflows, TaskDefs, and the
 * mocks (a MockSet in simulate mode, a WorkflowTestRequest in server-compat mode).
 *
 * Shapes follow shared/spec/task-types.md §2 (fields per type) and engine-semantics §3 (expression
 * forms the server resolves); the scripts, jq queries and WAIT values below are syntactically valid
 * on purpose (a definition with a literal syntax error is a bad input, catalogued elsewhere), but
 * several fail or loop at run time, which is behaviour the engine must handle.
 */
import type { JsonObject, SubWorkflowTestRequest, TaskDef, TaskMock, WorkflowDef, WorkflowTask, WorkflowTestRequest } from '../../../src/definitions/index.js';
import type { HttpPort, HttpTaskResponse, WorkerAnswer } from '../../../src/engine/index.js';
import { canceled, fail, inProgress, noPoll, noResponse, ok, terminalError } from '../../../src/mocks/index.js';
import type { MockSet, MockSpec } from '../../../src/mocks/index.js';
import type { WorkerTaskView } from '../../../src/engine/index.js';
import fc from 'fast-check';
import { WORKERS } from './plan.js';
import type { AnswerPlan, CasePlan, FlagsPlan, NodePlan, TaskDefPlan, TaskMockPlan, ValuePlan } from './plan.js';

/** A runnable case: what `runFuzzCase` hands to `runWorkflow`. */
export interface FuzzCase {
  readonly mode: 'simulate' | 'server-compat';
  /** The top-level definition. */
  readonly workflowDef: WorkflowDef;
  readonly input: JsonObject;
  /** Server-compat mode, and simulate mode in its request form: the request run. */
  readonly request: WorkflowTestRequest | undefined;
  /** Simulate mode: TypeScript mocks. */
  readonly mocks: MockSet | undefined;
  readonly workflowDefs: readonly WorkflowDef[];
  readonly taskDefs: readonly TaskDef[];
  readonly seed: number;
  readonly unmocked: 'fail' | 'stall' | 'error';
  /** Simulate mode: moves on the session after the start (empty: the run goes through `runWorkflow`). */
  readonly actions: readonly FuzzAction[];
  /** Virtual start instant (absent: the engine's default). */
  readonly startTime?: string;
}

/** A move on a simulate session: `target` picks one of the running tasks at that moment (modulo). */
export type FuzzAction =
  | { readonly kind: 'signal'; readonly target: number; readonly output: JsonObject }
  | { readonly kind: 'complete'; readonly target: number; readonly status: 'COMPLETED' | 'FAILED' | 'FAILED_WITH_TERMINAL_ERROR' | 'CANCELED' | 'IN_PROGRESS'; readonly output: JsonObject }
  | { readonly kind: 'advance'; readonly ms: number };

export const TOP_NAME = 'fuzz_wf';
const START_TARGET = 'fuzz_start_target';
const FAILURE_HANDLER = 'fuzz_failure_handler';
const CASES = ['c0', 'c1', 'c2', 'true'] as const;
const CHOICES = ['c0', 'c1', 'c2', 'zz'] as const;
const REF_MARK = '\u0001';
/** Start instants besides the default: a leap day near midnight, a DST change in Europe, the far future. */
const START_TIMES: readonly (string | undefined)[] = [undefined, '2024-02-29T23:59:30.000Z', '2024-03-31T00:59:59.500Z', '2099-12-31T23:00:00.000Z'];

/** INLINE scripts (`$` = the task input: `a`, `list`, `p0`…). Valid syntax; some fail or loop at run time. */
export const INLINE_SCRIPTS: readonly string[] = [
  '$.a + 1',
  "$.a > 10 ? 'big' : 'small'",
  '(function () { var s = 0; for (var i = 0; i < $.list.length; i++) { s += $.list[i]; } return s; })()',
  '$.missing.deep',
  'while (true) {}',
  '({ v: $.a, at: Date.now(), r: Math.random() })',
  'JSON.stringify($.p0)',
  '[1, 2, 3].map(function (x) { return x * $.a; })',
  "throw new Error('inline boom ' + $.a)",
  '${workflow.input.a} * 2',
  '$.p0 == null ? null : $.p0',
  'new Date().toISOString()',
  "'ab'.repeat(3)",
  '$.list',
  // Global state must not leak from one evaluation (or one run) into the next.
  'globalThis.__ctkCount = (globalThis.__ctkCount || 0) + 1; globalThis.__ctkCount',
  "try { Array.prototype.__ctkLeak = 1; } catch (e) {} typeof [].__ctkLeak",
];

/** SWITCH / DECISION scripts (`$` = the node's evaluated inputParameters: `sel`, `a`). */
export const SWITCH_SCRIPTS: readonly string[] = [
  '$.sel',
  "$.a > 10 ? 'c0' : 'c1'",
  "$.sel == 'c0' ? 'c0' : 'nomatch'",
  '$.missing.x',
  'while (true) {}',
  "$.a % 3 == 0 ? 'c2' : 'c0'",
  'null',
  'true',
];

/** LAMBDA bodies (`$` = the task input). */
export const LAMBDA_SCRIPTS: readonly string[] = [
  'return $.a;',
  'return { v: $.a + 1 };',
  "throw new Error('lambda boom');",
  'while (true) {}',
  'return $.missing.x;',
  'var s = 0; for (var i = 0; i < 10; i++) { s += i; } return s;',
  'return null;',
];

/** jq queries (`.` = the task input). Valid syntax; some fail at run time. */
export const JQ_QUERIES: readonly string[] = [
  '.a',
  '.list | length',
  '[.list[] | . * 2]',
  '.a | keys',
  '{x: .a, n: (.list | add)}',
  '.items | map(.id)',
  'empty',
  '.list[]',
  'error("jq boom")',
  '.p0 // "default"',
  'if .a > 10 then "big" else "small" end',
  'reduce .list[] as $x (0; . + $x)',
];

/**
 * System task types a DYNAMIC task may resolve to, or a classic dynamic fork may list (with the
 * input each needs). DynamicTaskMapper / ForkJoinDynamicTaskMapper map them like any node.
 */
const SYSTEM_TARGETS: readonly { readonly type: string; readonly input: JsonObject }[] = [
  { type: 'NOOP', input: {} },
  { type: 'SET_VARIABLE', input: { fromDynamic: '${workflow.input.a}' } },
  { type: 'INLINE', input: { expression: '$.a * 3', a: '${workflow.input.a}' } },
  { type: 'HTTP', input: { http_request: { uri: 'http://fuzz.test/status/200', method: 'GET' } } },
  { type: 'WAIT', input: { duration: '5 seconds' } },
  { type: 'HUMAN', input: {} },
  { type: 'TERMINATE', input: { terminationStatus: 'COMPLETED', workflowOutput: { via: 'dynamic' } } },
  { type: 'JSON_JQ_TRANSFORM', input: { queryExpression: '.a', a: '${workflow.input.a}' } },
  { type: 'LAMBDA', input: { scriptExpression: 'return $.a;', a: 1 } },
  { type: 'JOIN', input: {} },
];

const EVENT_SINKS = ['conductor', 'conductor:fuzz_queue', 'sqs:fuzz_queue', 'nats:fuzz_subject', 'conductorX', 'amqp:fuzz'] as const;

const WF_PATHS = [
  '${workflow.input.a}',
  '${workflow.input.list}',
  '${workflow.input.list[1]}',
  '${workflow.input.list.length()}',
  '${workflow.input.items[*].id}',
  '${workflow.input.items[?(@.id > 1)]}',
  '${workflow.variables.v}',
  '${workflow.workflowId}',
  'n=${workflow.input.a}',
  '${workflow.input.missing}',
  '${workflow.input.s}',
  '${workflow.correlationId}',
] as const;

const REF_PATHS = ['output', 'output.v', 'status', 'input', 'output.result', 'taskId'] as const;

const OUTPUTS: readonly JsonObject[] = [
  {},
  { v: 1 },
  { v: 'x', result: [1, 2] },
  { nested: { deep: true }, v: 3 },
  { v: null },
  { big: 'x'.repeat(100), v: 5 },
];

function pick<T>(list: readonly T[], index: number): T {
  return list[((index % list.length) + list.length) % list.length] as T;
}

/** A ref placeholder, replaced once every ref of the definition is known. */
function refSlot(index: number): string {
  return `${REF_MARK}${index}${REF_MARK}`;
}

function value(plan: ValuePlan): unknown {
  switch (plan.v) {
    case 'lit':
      return plan.value;
    case 'list':
      return [1, 'two', { three: 3 }];
    case 'obj':
      return { k: '${workflow.input.a}', nested: { l: [1, 2] } };
    case 'wf':
      return pick(WF_PATHS, plan.path);
    case 'ref':
      return `\${${refSlot(plan.ref)}.${pick(REF_PATHS, plan.path)}}`;
    case 'text':
      return `x-\${${refSlot(plan.ref)}.output.v}-\${workflow.input.s}`;
    case 'escape':
      return '$${workflow.input.s}';
    case 'nested':
      return '${workflow.input.${workflow.input.key}}';
    case 'taskId':
      return '${CPEWF_TASK_ID}';
  }
}

function paramsOf(plans: readonly ValuePlan[], extra: JsonObject = {}): JsonObject {
  const out: JsonObject = { ...extra };
  plans.forEach((p, i) => {
    out[`p${i}`] = value(p);
  });
  return out;
}

function taskDefOf(name: string, plan: TaskDefPlan): TaskDef {
  // TaskTimeoutConstraint: responseTimeoutSeconds <= timeoutSeconds when timeoutSeconds > 0, and
  // timeoutSeconds <= totalTimeoutSeconds when both are positive (engine-semantics §1.5).
  const response = plan.timeoutSeconds > 0 ? Math.min(plan.responseTimeoutSeconds, plan.timeoutSeconds) : plan.responseTimeoutSeconds;
  const total = plan.totalTimeoutSeconds > 0 && plan.timeoutSeconds > 0 ? Math.max(plan.totalTimeoutSeconds, plan.timeoutSeconds) : plan.totalTimeoutSeconds;
  return {
    name,
    retryCount: plan.retryCount,
    retryLogic: plan.retryLogic,
    retryDelaySeconds: plan.retryDelaySeconds,
    backoffScaleFactor: 1,
    backoffJitterMs: plan.backoffJitterMs,
    maxRetryDelaySeconds: plan.maxRetryDelaySeconds,
    timeoutSeconds: plan.timeoutSeconds,
    responseTimeoutSeconds: response,
    ...(plan.pollTimeoutSeconds !== null ? { pollTimeoutSeconds: plan.pollTimeoutSeconds } : {}),
    totalTimeoutSeconds: total,
    timeoutPolicy: plan.timeoutPolicy,
    ...(plan.concurrentExecLimit > 0 ? { concurrentExecLimit: plan.concurrentExecLimit } : {}),
  };
}

function applyFlags(task: WorkflowTask, flags: FlagsPlan, options: { startDelay?: boolean } = {}): WorkflowTask {
  const out: WorkflowTask = { ...task };
  if (flags.optional) out.optional = true;
  if (flags.permissive) out.permissive = true;
  if (flags.retryCount !== null) out.retryCount = flags.retryCount;
  if (options.startDelay === true && flags.startDelay > 0) out.startDelay = flags.startDelay;
  return out;
}

/** A task the mocks may answer: its runtime refs (loop suffixes included) and how it is answered. */
interface Mockable {
  readonly ref: string;
  /** Runtime refs the server-compat request must key (base ref, or `ref__1..n` inside loops). */
  readonly keys: readonly string[];
}

/** One definition being built: its refs in creation order and the tasks mocks may answer. */
interface DefScope {
  readonly refs: string[];
  readonly mockable: Mockable[];
  /** SUB_WORKFLOW ref → the child definition's scope, for children mocks. */
  readonly children: Map<string, { scope: DefScope; name: string }>;
  /** Loop iterations around the node being built (for server-compat mock keys). */
  loopIterations: number;
}

/** Shared by every definition of one case. */
interface Builder {
  counter: number;
  /** A SUB_WORKFLOW starts the top-level workflow by name (it is then registered too). */
  usesSelf: boolean;
  /** Child definitions a SUB_WORKFLOW reads from the workflow input (`${workflow.input.childDefs.<ref>}`). */
  readonly inputDefs: Map<string, WorkflowDef>;
  readonly registered: Map<string, WorkflowDef>;
  readonly registeredScopes: Map<string, DefScope>;
  readonly taskDefs: Map<string, TaskDef>;
}

function nextRef(b: Builder, prefix: string): string {
  b.counter += 1;
  return `${prefix}_${b.counter}`;
}

function loopKeys(ref: string, iterations: number): string[] {
  if (iterations <= 0) return [ref];
  const keys: string[] = [];
  for (let i = 1; i <= iterations; i++) keys.push(`${ref}__${i}`);
  return keys;
}

function addMockable(scope: DefScope, ref: string): void {
  scope.mockable.push({ ref, keys: loopKeys(ref, scope.loopIterations) });
}

function buildList(b: Builder, scope: DefScope, plans: readonly NodePlan[]): WorkflowTask[] {
  const out: WorkflowTask[] = [];
  for (const plan of plans) out.push(...buildNode(b, scope, plan));
  return out;
}

function lastRef(list: readonly WorkflowTask[]): string | undefined {
  return list[list.length - 1]?.taskReferenceName;
}

function buildCases(b: Builder, scope: DefScope, cases: readonly (readonly NodePlan[])[]): { decisionCases: Record<string, WorkflowTask[]>; lasts: string[] } {
  const decisionCases: Record<string, WorkflowTask[]> = {};
  const lasts: string[] = [];
  cases.forEach((list, i) => {
    const built = buildList(b, scope, list);
    decisionCases[pick(CASES, i)] = built;
    const last = lastRef(built);
    if (last !== undefined) lasts.push(last);
  });
  return { decisionCases, lasts };
}

function selectorValue(selector: number): unknown {
  switch (selector % 5) {
    case 0:
      return '${workflow.input.choice}';
    case 1:
      return 'c0';
    case 2:
      return 'c1';
    case 3:
      return '${workflow.input.missing}';
    default:
      return `\${${refSlot(selector)}.output.v}`;
  }
}

function buildNode(b: Builder, scope: DefScope, plan: NodePlan): WorkflowTask[] {
  switch (plan.kind) {
    case 'SIMPLE': {
      const name = pick(WORKERS, plan.worker);
      const ref = nextRef(b, 'simple');
      scope.refs.push(ref);
      addMockable(scope, ref);
      let task: WorkflowTask = { name, taskReferenceName: ref, type: 'SIMPLE', inputParameters: paramsOf(plan.params) };
      if (plan.taskDef !== null) task.taskDefinition = taskDefOf(name, plan.taskDef);
      task = applyFlags(task, plan.flags, { startDelay: true });
      return [task];
    }
    case 'SWITCH_VALUE':
    case 'SWITCH_JS':
    case 'DECISION': {
      const ref = nextRef(b, plan.kind === 'DECISION' ? 'decision' : 'switch');
      scope.refs.push(ref);
      const inputParameters: JsonObject = { sel: plan.kind === 'SWITCH_JS' ? '${workflow.input.choice}' : selectorValue(plan.selector), a: '${workflow.input.a}' };
      const { decisionCases, lasts } = buildCases(b, scope, plan.cases);
      const defaultCase = buildList(b, scope, plan.defaultCase);
      let task: WorkflowTask;
      if (plan.kind === 'SWITCH_VALUE') {
        task = { name: ref, taskReferenceName: ref, type: 'SWITCH', evaluatorType: 'value-param', expression: 'sel', inputParameters, decisionCases, defaultCase };
      } else if (plan.kind === 'SWITCH_JS') {
        task = { name: ref, taskReferenceName: ref, type: 'SWITCH', evaluatorType: plan.evaluator, expression: pick(SWITCH_SCRIPTS, plan.script), inputParameters, decisionCases, defaultCase };
      } else if (plan.byExpression) {
        task = { name: ref, taskReferenceName: ref, type: 'DECISION', caseExpression: pick(SWITCH_SCRIPTS, plan.selector), inputParameters, decisionCases, defaultCase };
      } else {
        task = { name: ref, taskReferenceName: ref, type: 'DECISION', caseValueParam: 'sel', inputParameters, decisionCases, defaultCase };
      }
      task = applyFlags(task, plan.flags);
      const out = [task];
      const defaultLast = lastRef(defaultCase);
      if (plan.kind !== 'SWITCH_JS' && plan.exclusiveJoin && (lasts.length > 0 || defaultLast !== undefined)) {
        // ExclusiveJoin.java: joinOn lists the last task of each case, defaultExclusiveJoinTask the default's.
        const joinRef = nextRef(b, 'xjoin');
        scope.refs.push(joinRef);
        out.push({ name: joinRef, taskReferenceName: joinRef, type: 'EXCLUSIVE_JOIN', joinOn: lasts, ...(defaultLast !== undefined ? { defaultExclusiveJoinTask: [defaultLast] } : {}) });
      }
      return out;
    }
    case 'FORK': {
      const ref = nextRef(b, 'fork');
      scope.refs.push(ref);
      const forkTasks = plan.branches.map((branch) => buildList(b, scope, branch));
      const lasts = forkTasks.map((branch) => lastRef(branch)).filter((r): r is string => r !== undefined);
      const joinRef = nextRef(b, 'join');
      scope.refs.push(joinRef);
      const joinOn = plan.joinOn === 'all' ? lasts : plan.joinOn === 'first' ? lasts.slice(0, 1) : [];
      // ForkJoinTaskMapper: the node after a FORK_JOIN must be its JOIN.
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'FORK_JOIN', forkTasks }, plan.flags), { name: joinRef, taskReferenceName: joinRef, type: 'JOIN', joinOn }];
    }
    case 'DYNAMIC_FORK': {
      const ref = nextRef(b, 'dynfork');
      scope.refs.push(ref);
      const name = pick(WORKERS, plan.worker);
      let task: WorkflowTask;
      const forked: string[] = [];
      if (plan.form === 'simple') {
        // ForkJoinDynamicTaskMapper: forkTaskInputs items become "_<name>_<i>" tasks.
        const items = Array.from({ length: plan.count }, (_, i) => ({ x: i, a: '${workflow.input.a}' }));
        task = { name: ref, taskReferenceName: ref, type: 'FORK_JOIN_DYNAMIC', inputParameters: { forkTaskName: name, forkTaskInputs: items } };
        for (let i = 0; i < plan.count; i++) forked.push(`_${name}_${i}`);
      } else if (plan.form === 'classic') {
        const systems = plan.systemTypes.map((n) => pick(SYSTEM_TARGETS, n));
        const tasks = [
          ...Array.from({ length: plan.count }, (_, i) => ({ name, taskReferenceName: `${ref}_d${i}`, type: 'SIMPLE', inputParameters: {} as JsonObject })),
          ...systems.map((t, i) => ({ name: `${ref}_s${i}`, taskReferenceName: `${ref}_s${i}`, type: t.type, inputParameters: t.input })),
        ];
        const inputs = Object.fromEntries(tasks.map((t, i) => [t.taskReferenceName, { x: i }]));
        task = { name: ref, taskReferenceName: ref, type: 'FORK_JOIN_DYNAMIC', dynamicForkTasksParam: 'dynamicTasks', dynamicForkTasksInputParamName: 'dynamicTasksInput', inputParameters: { dynamicTasks: tasks, dynamicTasksInput: inputs } };
        for (const t of tasks) if (t.type === 'SIMPLE') forked.push(t.taskReferenceName);
      } else {
        const dynamicTasks = Array.from({ length: plan.count }, (_, i) => ({ taskName: name, referenceName: `${ref}_l${i}`, type: 'SIMPLE', input: { x: i } }));
        task = { name: ref, taskReferenceName: ref, type: 'FORK_JOIN_DYNAMIC', dynamicForkJoinTasksParam: 'legacy', inputParameters: { legacy: { dynamicTasks } } };
        for (const t of dynamicTasks) forked.push(t.referenceName);
      }
      for (const f of forked) scope.mockable.push({ ref: f, keys: scope.loopIterations > 0 ? loopKeys(f, scope.loopIterations) : [f] });
      const joinRef = nextRef(b, 'join');
      scope.refs.push(joinRef);
      return [applyFlags(task, plan.flags), { name: joinRef, taskReferenceName: joinRef, type: 'JOIN', joinOn: [] }];
    }
    case 'DO_WHILE': {
      const ref = nextRef(b, 'loop');
      scope.refs.push(ref);
      const outer = scope.loopIterations;
      // Mock keys for the runtime refs `ref__1..n` of the tasks in the body (an endless loop gets 3).
      scope.loopIterations = Math.max(outer, 1) * (plan.mode === 'count' ? plan.iterations : 3);
      const body = buildList(b, scope, plan.body);
      scope.loopIterations = outer;
      const inputParameters: JsonObject = { a: '${workflow.input.a}' };
      if (plan.keepLastN !== null) inputParameters['keepLastN'] = plan.keepLastN;
      const task: WorkflowTask = { name: ref, taskReferenceName: ref, type: 'DO_WHILE', inputParameters, loopOver: body, loopCondition: '' };
      if (plan.mode === 'count') task.loopCondition = `$.${ref}['iteration'] < ${plan.iterations}`;
      else if (plan.mode === 'endless') task.loopCondition = 'true';
      else task.items = '${workflow.input.list}';
      return [applyFlags(task, plan.flags)];
    }
    case 'SUB_WORKFLOW': {
      const ref = nextRef(b, 'sub');
      scope.refs.push(ref);
      const input = paramsOf(plan.params, { a: '${workflow.input.a}', list: '${workflow.input.list}', choice: '${workflow.input.choice}' });
      let task: WorkflowTask;
      if (plan.target === 'self') {
        b.usesSelf = true;
        task = { name: ref, taskReferenceName: ref, type: 'SUB_WORKFLOW', inputParameters: input, subWorkflowParam: { name: TOP_NAME, version: 1 } };
      } else {
        const childName = plan.target === 'registered' ? `reg_${ref}` : `${plan.target}_${ref}`;
        const child = buildDefinition(b, childName, plan.body, {});
        scope.children.set(ref, { scope: child.scope, name: childName });
        if (plan.target === 'inline') {
          task = { name: ref, taskReferenceName: ref, type: 'SUB_WORKFLOW', inputParameters: input, subWorkflowParam: { name: childName, version: 1, workflowDefinition: child.def } };
        } else if (plan.target === 'expression') {
          // SubWorkflowTaskMapper resolves a "${...}" workflowDefinition at run time (the workflow input carries it).
          b.inputDefs.set(ref, child.def);
          task = { name: ref, taskReferenceName: ref, type: 'SUB_WORKFLOW', inputParameters: input, subWorkflowParam: { name: childName, version: 1, workflowDefinition: `\${workflow.input.childDefs.${ref}}` } };
        } else {
          b.registered.set(childName, child.def);
          b.registeredScopes.set(childName, child.scope);
          task = { name: ref, taskReferenceName: ref, type: 'SUB_WORKFLOW', inputParameters: input, subWorkflowParam: { name: childName, ...(b.counter % 2 === 0 ? { version: 1 } : {}) } };
        }
      }
      return [applyFlags(task, plan.flags)];
    }
    case 'START_WORKFLOW': {
      const ref = nextRef(b, 'start');
      scope.refs.push(ref);
      addMockable(scope, ref);
      const startWorkflow = { name: plan.known ? START_TARGET : 'no_such_workflow', version: 1, input: paramsOf(plan.params, { from: '${workflow.workflowId}' }) };
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'START_WORKFLOW', inputParameters: { startWorkflow } }, plan.flags)];
    }
    case 'TERMINATE': {
      const ref = nextRef(b, 'terminate');
      scope.refs.push(ref);
      const inputParameters: JsonObject = { terminationStatus: plan.status };
      if (plan.withReason) inputParameters['terminationReason'] = 'fuzz says stop';
      if (plan.output !== null) inputParameters['workflowOutput'] = value(plan.output);
      return [{ name: ref, taskReferenceName: ref, type: 'TERMINATE', inputParameters }];
    }
    case 'SET_VARIABLE': {
      const ref = nextRef(b, 'setvar');
      scope.refs.push(ref);
      const inputParameters = paramsOf(plan.params, { v: '${workflow.input.a}' });
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'SET_VARIABLE', inputParameters }, plan.flags)];
    }
    case 'WAIT': {
      const ref = nextRef(b, 'wait');
      scope.refs.push(ref);
      addMockable(scope, ref);
      let inputParameters: JsonObject = {};
      if (plan.mode === 'duration') inputParameters = { duration: `${plan.seconds} seconds` };
      else if (plan.mode === 'until') inputParameters = { until: untilText(plan.seconds) };
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'WAIT', inputParameters }, plan.flags)];
    }
    case 'HUMAN': {
      const ref = nextRef(b, 'human');
      scope.refs.push(ref);
      addMockable(scope, ref);
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'HUMAN', inputParameters: { assignee: 'fuzz' } }, plan.flags)];
    }
    case 'HTTP': {
      const ref = nextRef(b, 'http');
      scope.refs.push(ref);
      addMockable(scope, ref);
      const name = plan.registered ? 'w_http' : ref;
      if (plan.registered) b.taskDefs.set('w_http', { name: 'w_http', retryCount: 1, retryDelaySeconds: 1, responseTimeoutSeconds: 60 });
      const uri = plan.status === 0 ? 'http://fuzz.test/down' : `http://fuzz.test/status/${plan.status}`;
      const http_request: JsonObject = { uri, method: plan.method, ...(plan.method === 'POST' ? { body: { a: '${workflow.input.a}' } } : {}) };
      return [applyFlags({ name, taskReferenceName: ref, type: 'HTTP', inputParameters: { http_request }, ...(plan.asyncComplete ? { asyncComplete: true } : {}) }, plan.flags, { startDelay: true })];
    }
    case 'INLINE': {
      const ref = nextRef(b, 'inline');
      scope.refs.push(ref);
      const base: JsonObject = { a: '${workflow.input.a}', list: '${workflow.input.list}' };
      if (plan.evaluator === 'value-param') Object.assign(base, { evaluatorType: 'value-param', expression: 'a' });
      else {
        if (plan.evaluator !== 'default') base['evaluatorType'] = plan.evaluator;
        base['expression'] = pick(INLINE_SCRIPTS, plan.script);
      }
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'INLINE', inputParameters: paramsOf(plan.params, base) }, plan.flags)];
    }
    case 'LAMBDA': {
      const ref = nextRef(b, 'lambda');
      scope.refs.push(ref);
      const inputParameters = paramsOf(plan.params, { a: '${workflow.input.a}', scriptExpression: pick(LAMBDA_SCRIPTS, plan.script) });
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'LAMBDA', inputParameters }, plan.flags)];
    }
    case 'JQ': {
      const ref = nextRef(b, 'jq');
      scope.refs.push(ref);
      const inputParameters = paramsOf(plan.params, { a: '${workflow.input.a}', list: '${workflow.input.list}', items: '${workflow.input.items}', queryExpression: pick(JQ_QUERIES, plan.query) });
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'JSON_JQ_TRANSFORM', inputParameters }, plan.flags)];
    }
    case 'EVENT': {
      const ref = nextRef(b, 'event');
      scope.refs.push(ref);
      addMockable(scope, ref);
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'EVENT', sink: pick(EVENT_SINKS, plan.sink), inputParameters: { a: '${workflow.input.a}' }, ...(plan.asyncComplete ? { asyncComplete: true } : {}) }, plan.flags)];
    }
    case 'NOOP': {
      const ref = nextRef(b, 'noop');
      scope.refs.push(ref);
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'NOOP' }, plan.flags)];
    }
    case 'DYNAMIC': {
      const ref = nextRef(b, 'dynamic');
      scope.refs.push(ref);
      addMockable(scope, ref);
      const inputParameters: JsonObject = { a: '${workflow.input.a}' };
      if (plan.target === 'system') {
        const target = pick(SYSTEM_TARGETS, plan.system);
        Object.assign(inputParameters, target.input, { taskToExecute: target.type });
      } else if (plan.target === 'worker') inputParameters['taskToExecute'] = pick(WORKERS, plan.worker);
      else if (plan.target === 'input') inputParameters['taskToExecute'] = '${workflow.input.dyn}';
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'DYNAMIC', dynamicTaskNameParam: 'taskToExecute', inputParameters }, plan.flags)];
    }
    case 'KAFKA': {
      const ref = nextRef(b, 'kafka');
      scope.refs.push(ref);
      addMockable(scope, ref);
      const kafka_request: JsonObject = { topic: 'fuzz_topic', bootStrapServers: 'localhost:9092', key: '${workflow.input.s}', ...(plan.complete ? { value: { a: '${workflow.input.a}' } } : {}) };
      return [applyFlags({ name: ref, taskReferenceName: ref, type: 'KAFKA_PUBLISH', inputParameters: { kafka_request } }, plan.flags)];
    }
  }
}

/** A WAIT `until` value `seconds` after the default start time (2024-01-01T00:00Z), minute precision. */
function untilText(seconds: number): string {
  const at = new Date(Date.UTC(2024, 0, 1) + Math.max(60, seconds) * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

/** Replaces ref placeholders in every string of a definition's own tasks by refs of that definition. */
function wireRefs(value: unknown, refs: readonly string[]): unknown {
  if (typeof value === 'string') {
    if (!value.includes(REF_MARK)) return value;
    return value.replace(/\u0001(\d+)\u0001/g, (_m, n: string) => pick(refs, Number(n)));
  }
  if (Array.isArray(value)) return value.map((v) => wireRefs(v, refs));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = wireRefs(v, refs);
    return out;
  }
  return value;
}

function buildDefinition(
  b: Builder,
  name: string,
  plans: readonly NodePlan[],
  extra: Partial<WorkflowDef>,
): { def: WorkflowDef; scope: DefScope } {
  const scope: DefScope = { refs: [], mockable: [], children: new Map(), loopIterations: 0 };
  const tasks = buildList(b, scope, plans);
  const def = wireRefs({ name, version: 1, schemaVersion: 2, ...extra, tasks }, scope.refs) as WorkflowDef;
  return { def, scope };
}

function answerOf(plan: AnswerPlan): WorkerAnswer {
  const output = pick(OUTPUTS, plan.output);
  const timing = { ...(plan.latencyMs > 0 ? { latency: plan.latencyMs } : {}), ...(plan.queueWaitMs > 0 ? { queueWait: plan.queueWaitMs } : {}) };
  switch (plan.kind) {
    case 'ok':
      return ok(output, timing);
    case 'fail':
      return fail('fuzz failure', output, timing);
    case 'terminal':
      return terminalError('fuzz terminal error', output, timing);
    case 'canceled':
      return canceled(output, timing);
    case 'inProgress':
      return inProgress(output, { ...timing, callbackAfterSeconds: plan.callbackAfterSeconds });
    case 'noResponse':
      return plan.queueWaitMs > 0 ? noResponse({ queueWait: plan.queueWaitMs }) : noResponse();
    case 'noPoll':
      return noPoll();
  }
}

/**
 * A mock that answers by attempt and loop iteration (stateless, so both runs of a seed see the
 * same answers); printed by fast-check as the list it picks from.
 */
function attemptMock(answers: readonly WorkerAnswer[]): MockSpec {
  const mock = (task: WorkerTaskView): WorkerAnswer | undefined => answers[(task.attempt - 1 + task.iteration) % answers.length];
  return Object.assign(mock, { [fc.toStringMethod]: () => `byAttempt(${fc.stringify(answers)})` });
}

function mockSetOf(plan: CasePlan, scope: DefScope, salt: number, registeredScopes: ReadonlyMap<string, DefScope>): MockSet {
  const byRef: Record<string, MockSpec> = {};
  scope.mockable.forEach((m, i) => {
    if (((plan.mockMask >>> ((i + salt) % 31)) & 1) === 0) return;
    const answers = pick(plan.answers, i + salt).map(answerOf);
    if (plan.functionMocks && i % 2 === 1) {
      byRef[m.ref] = attemptMock(answers);
      return;
    }
    byRef[m.ref] = answers.length === 1 ? (answers[0] as WorkerAnswer) : answers;
  });
  const byName: Record<string, WorkerAnswer[]> = {};
  if (plan.byName) WORKERS.forEach((w, i) => (byName[w] = pick(plan.answers, i + salt + 1).map(answerOf)));
  const children: Record<string, MockSet> = {};
  let k = 0;
  for (const [ref, child] of scope.children) children[ref] = mockSetOf(plan, child.scope, salt + 7 + k++, registeredScopes);
  const workflows: Record<string, MockSet> = {};
  for (const [name, s] of registeredScopes) if (name === START_TARGET || name === FAILURE_HANDLER) workflows[name] = mockSetOf(plan, s, salt + 13, new Map());
  return { byRef, byName, children, workflows };
}

function taskMockOf(plan: TaskMockPlan): TaskMock {
  return {
    status: plan.status,
    output: pick(OUTPUTS, plan.output),
    ...(plan.executionTime > 0 ? { executionTime: plan.executionTime } : {}),
    ...(plan.queueWaitTime > 0 ? { queueWaitTime: plan.queueWaitTime } : {}),
  };
}

function requestMocksOf(plan: CasePlan, scope: DefScope, salt: number): Pick<SubWorkflowTestRequest, 'taskRefToMockOutput' | 'subWorkflowTestRequest'> {
  const taskRefToMockOutput: Record<string, TaskMock[]> = {};
  let n = 0;
  scope.mockable.forEach((m, i) => {
    if (((plan.mockMask >>> ((i + salt) % 31)) & 1) === 0) return;
    for (const key of m.keys) taskRefToMockOutput[key] = pick(plan.taskMocks, n++ + salt).map(taskMockOf);
  });
  const subWorkflowTestRequest: Record<string, SubWorkflowTestRequest> = {};
  let k = 0;
  for (const [ref, child] of scope.children) subWorkflowTestRequest[ref] = requestMocksOf(plan, child.scope, salt + 5 + k++);
  return { taskRefToMockOutput, ...(Object.keys(subWorkflowTestRequest).length > 0 ? { subWorkflowTestRequest } : {}) };
}

/** Builds the runnable case of a plan. Pure: the same plan gives the same case. */
export function materialize(plan: CasePlan): FuzzCase {
  const b: Builder = { counter: 0, usesSelf: false, inputDefs: new Map(), registered: new Map(), registeredScopes: new Map(), taskDefs: new Map() };
  const start = buildDefinition(b, START_TARGET, [{ kind: 'SIMPLE', worker: 1, params: [], flags: { optional: false, permissive: false, retryCount: 0, startDelay: 0 }, taskDef: null }, { kind: 'NOOP', flags: { optional: false, permissive: false, retryCount: null, startDelay: 0 } }], {});
  b.registered.set(START_TARGET, start.def);
  b.registeredScopes.set(START_TARGET, start.scope);
  if (plan.failureWorkflow) {
    const handler = buildDefinition(b, FAILURE_HANDLER, [{ kind: 'SIMPLE', worker: 2, params: [{ v: 'wf', path: 0 }], flags: { optional: false, permissive: false, retryCount: 0, startDelay: 0 }, taskDef: null }], {});
    b.registered.set(FAILURE_HANDLER, handler.def);
    b.registeredScopes.set(FAILURE_HANDLER, handler.scope);
  }
  const extra: Partial<WorkflowDef> = {
    ...(plan.workflowTimeout !== null ? { timeoutSeconds: plan.workflowTimeout.seconds, timeoutPolicy: plan.workflowTimeout.policy } : {}),
    ...(plan.failureWorkflow ? { failureWorkflow: plan.failureFromInput ? '$workflow.input.failureWf' : FAILURE_HANDLER } : {}),
    ...(plan.templates ? { inputTemplate: { a: 99, fromTemplate: true } } : {}),
    ...(plan.variables ? { variables: { v: 0, preset: 'yes' } } : {}),
    outputParameters: paramsOf(plan.outputParams, { a: '${workflow.input.a}' }),
  };
  const top = buildDefinition(b, TOP_NAME, plan.tasks, extra);
  if (b.usesSelf) b.registered.set(TOP_NAME, top.def);
  WORKERS.forEach((w, i) => {
    const d = plan.workerDefs[i];
    if (d !== null && d !== undefined) b.taskDefs.set(w, { ...taskDefOf(w, d), ...(plan.templates ? { inputTemplate: { tpl: w, a: 'from template' } } : {}) });
  });
  const usual: JsonObject = {
    a: plan.seed % 20,
    s: 'str',
    list: [1, 2, 3].slice(0, 1 + (plan.seed % 3)),
    items: [{ id: 1 }, { id: 2 }],
    choice: pick(CHOICES, plan.seed),
    key: 's',
    dyn: pick(WORKERS, plan.seed >>> 3),
    ...(plan.failureFromInput ? { failureWf: FAILURE_HANDLER } : {}),
    ...(b.inputDefs.size > 0 ? { childDefs: Object.fromEntries(b.inputDefs) } : {}),
  };
  const input: JsonObject = plan.inputShape === 1 ? {} : plan.inputShape === 2 ? { ...usual, extra: { deep: [1, { x: null }] }, 'dotted.key': 'dk' } : usual;
  const workflowDefs = [...b.registered.values()];
  const taskDefs = [...b.taskDefs.values()];
  const actions: FuzzAction[] = plan.actions.map((a) =>
    a.kind === 'advance'
      ? { kind: 'advance', ms: a.seconds * 1000 }
      : a.kind === 'signal'
        ? { kind: 'signal', target: a.target, output: pick(OUTPUTS, a.output) }
        : { kind: 'complete', target: a.target, status: a.status, output: pick(OUTPUTS, a.output) },
  );
  const startTime = START_TIMES[plan.startTime];
  const common = { workflowDef: top.def, input, workflowDefs, taskDefs, seed: plan.seed, unmocked: plan.unmocked, actions: plan.mode === 'server-compat' ? [] : actions, ...(startTime !== undefined ? { startTime } : {}) };
  if (plan.mode === 'simulate') {
    return { ...common, mode: 'simulate', request: undefined, mocks: mockSetOf(plan, top.scope, 0, b.registeredScopes) };
  }
  const request: WorkflowTestRequest = { name: TOP_NAME, version: 1, workflowDef: top.def, input, correlationId: 'fuzz-corr', ...requestMocksOf(plan, top.scope, 0) };
  if (plan.mode === 'simulate-request') {
    return { ...common, mode: 'simulate', request, mocks: { byName: plan.byName ? mockSetOf(plan, top.scope, 3, b.registeredScopes).byName ?? {} : {} } };
  }
  return { ...common, mode: 'server-compat', request, mocks: undefined };
}

/**
 * The fake HTTP port of fuzz runs: no network. `http://fuzz.test/status/<code>` answers that status
 * with a small JSON body; `http://fuzz.test/down` is a connection error. Pure, so runs stay
 * deterministic.
 */
export const fuzzHttpPort: HttpPort = {
  call(request): Promise<HttpTaskResponse> {
    const match = /\/status\/(\d+)$/.exec(request.uri);
    if (match === null) return Promise.resolve({ kind: 'error', message: `Connection refused: ${request.uri}` });
    const status = Number(match[1]);
    const bodyText = status === 204 ? null : JSON.stringify({ status, method: request.method, echo: request.body ?? null });
    return Promise.resolve({ kind: 'response', status, headers: { 'Content-Type': ['application/json'] }, bodyText });
  },
};
