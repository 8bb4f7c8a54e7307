/**
 * The public face of the engine: {@link createEngine} and the {@link WorkflowSession} a run is
 * driven through (signals, task completions, clock moves), in either mode:
 *
 * - `simulate` (default): time runs forward; worker tasks are answered by a {@link TaskResolver};
 *   waits, retry delays and timeouts happen in virtual time.
 * - `server-compat`: reproduces `POST /api/workflow/test` on a WorkflowTestRequest, answer for
 *   answer, so the result can be compared with a real server's.
 */
import type { TaskDef, TaskResultStatus, WorkflowDef, WorkflowTask, WorkflowTestRequest } from '../definitions/index.js';
import { EngineLimitError, UsageError } from '../errors/index.js';
import { createJqEngine, createScriptEngine } from '../expressions/index.js';
import type { JqEngine, ScriptEngine } from '../expressions/index.js';
import { isTerminalTaskStatus, isTerminalWorkflowStatus } from '../trace/index.js';
import type { Trace, WorkflowRun, WorkflowStatus } from '../trace/index.js';
import { EMPTY_REGISTRY, createMetadataRegistry, nodeType } from './blueprint.js';
import { createVirtualClock, parseDuration, toEpochMs, DEFAULT_START_TIME } from './clock.js';
import { EventLog } from './events.js';
import { Executor } from './executor.js';
import type { ExecutorLimits } from './executor.js';
import { createIdSource, createRandomSource } from './ids.js';
import type { Instance } from './instance.js';
import { toWorkflowRun } from './model.js';
import type { JsonMap, TaskModel } from './model.js';
import { StartWorkflowError } from './ops.js';
import type { HttpPort, TaskResolver } from './ports.js';
import { baseRef } from './refs.js';
import { ServerCompatDriver } from './server-compat.js';
import { SimulateDriver } from './simulate.js';
import type { UnmockedPolicy } from './simulate.js';

/** How the engine runs a workflow. */
export const EngineMode = { SIMULATE: 'simulate', SERVER_COMPAT: 'server-compat' } as const;
export type EngineMode = (typeof EngineMode)[keyof typeof EngineMode];

/** Budgets that end a run which would otherwise never end, with an {@link EngineLimitError}. */
export interface EngineLimits extends ExecutorLimits {
  /** Virtual time a simulate run may span, in ms. @defaultValue 5 years */
  readonly maxVirtualTime: number;
  /** Timer events a simulate run may process. @defaultValue 1,000,000 */
  readonly maxSteps: number;
  /** Deterministic step budget of one script evaluation (INLINE, LAMBDA, SWITCH, DO_WHILE). @defaultValue the sandbox default */
  readonly scriptBudget: number | undefined;
  /** JSON size of the workflow variables (SET_VARIABLE), bytes. @defaultValue 262144 (256 KB, as the server) */
  readonly maxVariablesBytes: number;
  /** Iterations of one DO_WHILE before the run ends with an EngineLimitError (the server has no cap). @defaultValue 50,000 */
  readonly maxLoopIterations: number;
}

/** Options of {@link createEngine}. Every field is optional. */
export interface EngineOptions {
  /** Seed of ids and every random stream. @defaultValue 1 */
  readonly seed?: number;
  /** Virtual start instant (ISO-8601 or epoch ms). @defaultValue '2024-01-01T00:00:00.000Z' */
  readonly startTime?: string | number;
  /** @defaultValue 'simulate' */
  readonly mode?: EngineMode;
  /** TaskDefs "registered" on the simulated server (retry/timeout settings by task name). @defaultValue [] */
  readonly taskDefs?: readonly TaskDef[];
  /** Workflow definitions "registered" (sub-workflows, failure workflows, START_WORKFLOW targets). @defaultValue [] */
  readonly workflowDefs?: readonly WorkflowDef[];
  /** Simulate mode: what a worker task without a mock does. @defaultValue 'error' */
  readonly unmocked?: UnmockedPolicy;
  /** Simulate mode: how HTTP tasks reach the network. @defaultValue a port that fails every call (set one, e.g. the fetch bridge of src/mocks) */
  readonly http?: HttpPort;
  /** Host environment for `${workflow.env.X}` and system parameters. @defaultValue {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Time zone of WAIT `until` values without a zone (the server JVM's default zone). @defaultValue 'UTC' */
  readonly waitZone?: string;
  /** Queue types EVENT tasks may publish to. @defaultValue every type in simulate mode, `conductor` only in server-compat mode (the stock server) */
  readonly eventQueueTypes?: readonly string[];
  /** @defaultValue see {@link EngineLimits} */
  readonly limits?: Partial<EngineLimits>;
  /** Record the event log (off only for benchmarks of the bare engine). @defaultValue true */
  readonly recordEvents?: boolean;
  /** Preloaded sandboxes (shared between engines to save start-up time). @defaultValue loaded on first use */
  readonly runtimes?: { readonly scripts?: ScriptEngine; readonly jq?: JqEngine };
}

/** What to start. */
export interface StartRequest {
  /** Inline definition; otherwise `name`/`version` are looked up in `workflowDefs`. */
  readonly workflowDef?: WorkflowDef | null;
  readonly name?: string;
  readonly version?: number | null;
  /** @defaultValue {} */
  readonly input?: JsonMap;
  readonly correlationId?: string | null;
  readonly priority?: number | null;
  readonly taskToDomain?: Record<string, string>;
  /** Simulate mode: answers for worker tasks of this workflow (and, through it, its children). */
  readonly resolver?: TaskResolver;
}

const DEFAULT_LIMITS: EngineLimits = {
  maxDecisionsPerDecide: 250_000,
  maxDecisions: 2_000_000,
  maxSubWorkflowDepth: 32,
  maxWorkflows: 10_000,
  maxTasksPerWorkflow: 200_000,
  maxPayloadBytes: 0,
  maxVirtualTime: 5 * 365 * 24 * 3600 * 1000,
  maxSteps: 1_000_000,
  scriptBudget: undefined,
  maxVariablesBytes: 256 * 1024,
  maxLoopIterations: 50_000,
};

interface ResolvedOptions {
  readonly seed: number;
  readonly startMs: number;
  readonly mode: EngineMode;
  readonly taskDefs: readonly TaskDef[];
  readonly workflowDefs: readonly WorkflowDef[];
  readonly unmocked: UnmockedPolicy;
  readonly http: HttpPort;
  readonly env: Readonly<Record<string, string>>;
  readonly waitZone: string;
  readonly eventQueueTypes: ReadonlySet<string>;
  readonly limits: EngineLimits;
  readonly recordEvents: boolean;
  readonly runtimes: EngineOptions['runtimes'];
}

const NO_HTTP: HttpPort = {
  call: (request) =>
    Promise.resolve({
      kind: 'error',
      message: `I/O error on ${request.method} request for "${request.uri}": no HTTP port configured (pass options.http, e.g. createFetchHttpPort() from conductor-testkit)`,
    }),
};

function resolveOptions(options: EngineOptions): ResolvedOptions {
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`options.seed must be an integer, got ${String(seed)}`);
  const mode = options.mode ?? 'simulate';
  if (mode !== 'simulate' && mode !== 'server-compat') throw new UsageError(`options.mode must be 'simulate' or 'server-compat', got "${String(mode)}"`);
  const unmocked = options.unmocked ?? 'error';
  if (unmocked !== 'error' && unmocked !== 'stall' && unmocked !== 'fail') {
    throw new UsageError(`options.unmocked must be 'error', 'stall' or 'fail', got "${String(unmocked)}"`);
  }
  return {
    seed,
    startMs: toEpochMs(options.startTime ?? DEFAULT_START_TIME),
    mode,
    taskDefs: options.taskDefs ?? [],
    workflowDefs: options.workflowDefs ?? [],
    unmocked,
    http: options.http ?? NO_HTTP,
    env: options.env ?? {},
    waitZone: options.waitZone ?? 'UTC',
    eventQueueTypes: new Set(options.eventQueueTypes ?? (mode === 'simulate' ? ['*'] : ['conductor'])),
    limits: resolveLimits(options.limits),
    recordEvents: options.recordEvents ?? true,
    runtimes: options.runtimes,
  };
}

/** The default limits overlaid with the given ones, each checked: a whole number >= 0 (scriptBudget: > 0). */
function resolveLimits(given: Partial<EngineLimits> | undefined): EngineLimits {
  if (given === undefined) return DEFAULT_LIMITS;
  if (typeof given !== 'object' || given === null) throw new UsageError(`options.limits must be an object of numbers, got ${JSON.stringify(given)}`);
  for (const [name, value] of Object.entries(given)) {
    if (!(name in DEFAULT_LIMITS)) {
      throw new UsageError(`options.limits.${name} is not a limit; the limits are ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || (name === 'scriptBudget' && value === 0)) {
      throw new UsageError(`options.limits.${name} must be a whole number ${name === 'scriptBudget' ? '> 0' : '>= 0'}, got ${JSON.stringify(value) ?? String(value)}`);
    }
  }
  return { ...DEFAULT_LIMITS, ...given };
}

/** Which sandboxes runs of some definitions may call. */
export interface RuntimeNeeds {
  readonly scripts: boolean;
  readonly jq: boolean;
}

/**
 * Whether a run of these definitions (and of the inline sub-workflows they hold) may evaluate
 * JavaScript or jq: INLINE, LAMBDA, DO_WHILE, a SWITCH that is not `value-param` and a DECISION with
 * a `caseExpression` need JavaScript; JSON_JQ_TRANSFORM needs jq; DYNAMIC, FORK_JOIN_DYNAMIC and a
 * sub-workflow definition given as a string may resolve to anything at run time, so they need both.
 * The engine loads the sandboxes it is not given from this; so does the shared-runtime cache of
 * `runWorkflow` (src/mocks/shared-runtimes.ts).
 */
export function runtimeNeeds(defs: readonly WorkflowDef[]): RuntimeNeeds {
  let scripts = false;
  let jq = false;
  const seen = new Set<WorkflowDef>();
  const walk = (tasks: readonly WorkflowTask[] | undefined): void => {
    for (const t of tasks ?? []) {
      switch (nodeType(t)) {
        case 'INLINE':
        case 'LAMBDA':
        case 'DO_WHILE':
          scripts = true;
          break;
        case 'SWITCH':
          if (t.evaluatorType !== 'value-param') scripts = true;
          break;
        case 'DECISION':
          if (typeof t.caseExpression === 'string' && t.caseExpression.trim() !== '') scripts = true;
          break;
        case 'JSON_JQ_TRANSFORM':
          jq = true;
          break;
        case 'DYNAMIC':
        case 'FORK_JOIN_DYNAMIC':
          scripts = true;
          jq = true;
          break;
        default:
          break;
      }
      walk(t.loopOver);
      walk(t.defaultCase);
      for (const list of Object.values(t.decisionCases ?? {})) walk(list);
      for (const branch of t.forkTasks ?? []) walk(branch);
      const inline = t.subWorkflowParam?.workflowDefinition;
      if (typeof inline === 'object' && inline !== null) visit(inline);
      if (typeof inline === 'string') {
        scripts = true;
        jq = true;
      }
    }
  };
  const visit = (def: WorkflowDef): void => {
    if (seen.has(def)) return;
    seen.add(def);
    walk(def.tasks);
  };
  for (const def of defs) visit(def);
  return { scripts, jq };
}

/** A run in progress: read its state, signal tasks, move the clock. */
export interface WorkflowSession {
  /** Id of the top-level workflow. */
  readonly workflowId: string;
  /** The top-level workflow's status now. */
  status(): WorkflowStatus;
  /** Virtual now (epoch ms). */
  now(): number;
  /** Everything the run produced so far. */
  trace(): Trace;
  /**
   * Completes the waiting task with this ref (a WAIT, HUMAN, or any running task) with COMPLETED
   * and the given output merged into its output (Conductor's `signalTask` semantics), then
   * processes what that makes due at the current instant (the clock does not move).
   * @throws UsageError when no running task has that ref.
   */
  signal(ref: string, output?: JsonMap): Promise<Trace>;
  /** Ends the running task with this ref with a status and output (a task update), then processes what is due now. */
  completeTask(ref: string, status: TaskResultStatus, output?: JsonMap, reasonForIncompletion?: string): Promise<Trace>;
  /** Moves the virtual clock forward (`'2h'`, `'30d'`, or ms), processing everything that falls due. */
  advance(duration: string | number): Promise<Trace>;
  /** Processes everything due now and later until nothing is left (timers beyond reach end with a limit error). */
  runUntilIdle(): Promise<Trace>;
}

/** An engine: a configured factory of runs. */
export interface Engine {
  readonly mode: EngineMode;
  /**
   * Starts a workflow and processes everything due at the start instant (simulate mode); returns
   * the session, so a test can act before later timers (a WAIT's end, a worker's latency, a retry
   * delay) with `advance`, `signal` or `runUntilIdle`.
   */
  start(request: StartRequest): Promise<WorkflowSession>;
  /** Starts, runs until nothing is due any more, returns the trace. */
  run(request: StartRequest): Promise<Trace>;
  /** Server-compat mode: runs a WorkflowTestRequest exactly as `POST /api/workflow/test` does. */
  runTestRequest(request: WorkflowTestRequest): Promise<Trace>;
}

/**
 * Creates an engine.
 *
 * @example
 * const engine = createEngine({ seed: 7, startTime: '2024-06-01T00:00:00Z' });
 * const trace = await engine.run({ workflowDef, input: { orderId: 'o-1' }, resolver });
 * @throws UsageError on invalid options.
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const resolved = resolveOptions(options);
  return new EngineImpl(resolved);
}

class EngineImpl implements Engine {
  readonly mode: EngineMode;
  private readonly options: ResolvedOptions;
  private scripts: ScriptEngine | undefined;
  private jq: JqEngine | undefined;
  /** One registry per engine, so prepared definitions are reused across runs. */
  private readonly registry: ReturnType<typeof createMetadataRegistry>;

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.registry = options.taskDefs.length === 0 && options.workflowDefs.length === 0 ? EMPTY_REGISTRY : createMetadataRegistry(options.taskDefs, options.workflowDefs);
    this.mode = options.mode;
    this.scripts = options.runtimes?.scripts;
    this.jq = options.runtimes?.jq;
  }

  private async loadRuntimes(defs: readonly WorkflowDef[]): Promise<void> {
    const needs = runtimeNeeds([...defs, ...this.options.workflowDefs]);
    if (needs.scripts && this.scripts === undefined) this.scripts = await createScriptEngine();
    if (needs.jq && this.jq === undefined) this.jq = await createJqEngine();
  }

  private newRun(): RunContext {
    const o = this.options;
    const clock = createVirtualClock({ start: o.startMs });
    const random = createRandomSource(o.seed);
    const log = new EventLog(() => clock.now());
    log.enabled = o.recordEvents;
    const driver = o.mode === 'simulate'
      ? new SimulateDriver({ unmocked: o.unmocked, http: o.http, maxVirtualTimeMs: o.limits.maxVirtualTime, maxSteps: o.limits.maxSteps }, o.startMs)
      : new ServerCompatDriver();
    const executor = new Executor(
      {
        clock,
        ids: createIdSource(random.stream('ids')),
        jitter: random.stream('jitter'),
        scriptSeeds: random.stream('scripts'),
        registry: this.registry,
        log,
        limits: o.limits,
        env: o.env,
        waitZone: o.waitZone,
        scriptBudget: o.limits.scriptBudget,
        maxVariablesBytes: o.limits.maxVariablesBytes,
        eventQueueTypes: o.eventQueueTypes,
        scripts: this.scripts ?? null,
        jqEngine: this.jq ?? null,
      },
      driver,
    );
    driver.attach(executor);
    if (driver instanceof SimulateDriver) driver.clockTo = (at) => clock.advanceTo(at);
    return { executor, driver, log, clock, seed: o.seed, startMs: o.startMs };
  }

  async start(request: StartRequest): Promise<WorkflowSession> {
    if (this.mode !== 'simulate') {
      throw new UsageError("start() drives a simulate-mode run; in server-compat mode use runTestRequest(request)");
    }
    const def = this.lookup(request);
    await this.loadRuntimes([def]);
    const run = this.newRun();
    const driver = run.driver as SimulateDriver;
    driver.pendingResolver = { resolver: request.resolver, strict: true };
    const instance = startTop(run, def, request);
    const session = new Session(run, instance, def);
    await session.settle();
    return session;
  }

  async run(request: StartRequest): Promise<Trace> {
    const session = await this.start(request);
    return session.runUntilIdle();
  }

  async runTestRequest(request: WorkflowTestRequest): Promise<Trace> {
    if (this.mode !== 'server-compat') {
      throw new UsageError("runTestRequest() reproduces POST /api/workflow/test; create the engine with mode: 'server-compat'");
    }
    const def = this.lookup({ workflowDef: request.workflowDef ?? null, name: request.name, version: request.version ?? null });
    await this.loadRuntimes([def]);
    const run = this.newRun();
    const driver = run.driver as ServerCompatDriver;
    // The endpoint puts every worker task in a fresh random domain so no real worker polls it.
    const taskToDomain = { ...(request.taskToDomain ?? {}), '*': run.executor.newId() };
    const instance = startTop(run, def, {
      input: request.input ?? {},
      correlationId: request.correlationId ?? null,
      priority: request.priority ?? null,
      taskToDomain,
    });
    const result = driver.run(request, instance);
    const trace = buildTrace(run, 'server-compat', result.snapshot);
    observe(run, def, trace);
    return trace;
  }

  private lookup(request: Pick<StartRequest, 'workflowDef' | 'name' | 'version'>): WorkflowDef {
    if (request.workflowDef !== undefined && request.workflowDef !== null) return request.workflowDef;
    const def = request.name === undefined ? undefined : this.registry.getWorkflowDef(request.name, request.version);
    if (def === undefined) {
      throw new UsageError(
        `no workflow definition to run: give workflowDef, or the name of one of options.workflowDefs (got name ${JSON.stringify(request.name)}, version ${String(request.version ?? 'latest')})`,
      );
    }
    return def;
  }
}

interface RunContext {
  readonly executor: Executor;
  readonly driver: SimulateDriver | ServerCompatDriver;
  readonly log: EventLog;
  readonly clock: ReturnType<typeof createVirtualClock>;
  readonly seed: number;
  readonly startMs: number;
}

function startTop(run: RunContext, def: WorkflowDef, request: Omit<StartRequest, 'workflowDef' | 'resolver'>): Instance {
  try {
    return run.executor.startWorkflow({
      definition: def,
      input: request.input ?? {},
      correlationId: request.correlationId ?? null,
      priority: request.priority ?? null,
      taskToDomain: request.taskToDomain ?? {},
      cause: 'test',
    });
  } catch (e) {
    if (e instanceof StartWorkflowError) throw new UsageError(`workflow "${def.name}" cannot start: ${e.message}`, { cause: e });
    throw e;
  }
}

/**
 * Builds the trace of a run; `top` overrides the top-level workflow (the server-compat snapshot).
 * No deep copy is needed: the engine never changes an input, output or variables object after it
 * was stored (it replaces them), so the trace can share them. Traces are read-only.
 */
function buildTrace(run: RunContext, source: 'simulate' | 'server-compat', top?: WorkflowRun): Trace {
  const workflows = run.executor.instances.map((i) => toWorkflowRun(i.wf));
  const first = top ?? workflows[0];
  if (first === undefined) throw new UsageError('the run has no workflow');
  if (top !== undefined) workflows[0] = top;
  return {
    traceVersion: 1,
    source,
    startedAt: run.startMs,
    seed: run.seed,
    workflow: first,
    workflows,
    events: [...run.log.events],
    messages: [...run.log.messages],
  };
}

/** `globalThis` slot where a run-wide coverage collector may listen (src/explore coverage-registry). */
const TRACE_OBSERVER = Symbol.for('conductor-testkit/trace-observer');

/** Tells an installed observer (run-wide coverage) about a trace. Nothing happens when none is installed. */
function observe(run: object, definition: WorkflowDef, trace: Trace): void {
  const observer = (globalThis as Record<symbol, unknown>)[TRACE_OBSERVER];
  if (typeof observer === 'function') (observer as (o: { run: object; definition: WorkflowDef; trace: Trace }) => void)({ run, definition, trace });
}

class Session implements WorkflowSession {
  readonly workflowId: string;
  private readonly run: RunContext;
  private readonly top: Instance;

  private readonly definition: WorkflowDef;

  constructor(run: RunContext, top: Instance, definition: WorkflowDef) {
    this.run = run;
    this.top = top;
    this.definition = definition;
    this.workflowId = top.wf.workflowId;
  }

  status(): WorkflowStatus {
    return this.top.wf.status;
  }

  now(): number {
    return this.run.clock.now();
  }

  trace(): Trace {
    const trace = buildTrace(this.run, 'simulate');
    observe(this, this.definition, trace);
    return trace;
  }

  /** Processes everything due at the current instant, without building a trace or moving the clock. */
  async settle(): Promise<void> {
    await this.driver.runUntil(this.run.clock.now());
  }

  private get driver(): SimulateDriver {
    return this.run.driver as SimulateDriver;
  }

  async runUntilIdle(): Promise<Trace> {
    await this.driver.runUntil();
    return this.trace();
  }

  async advance(duration: string | number): Promise<Trace> {
    const ms = parseDuration(duration);
    const from = this.run.clock.now();
    this.run.log.clockAdvanced(this.workflowId, from, from + ms);
    await this.driver.runUntil(from + ms);
    return this.trace();
  }

  private findRunning(ref: string): TaskModel {
    const candidates: TaskModel[] = [];
    for (const instance of this.run.executor.instances) {
      for (const task of instance.wf.tasks) {
        if (isTerminalTaskStatus(task.status) || isTerminalWorkflowStatus(instance.wf.status)) continue;
        if (task.referenceTaskName === ref || (task.iteration > 0 && baseRef(task.referenceTaskName) === ref)) candidates.push(task);
      }
    }
    const found = candidates[candidates.length - 1];
    if (found === undefined) {
      const running = this.run.executor.instances.flatMap((i) =>
        i.wf.tasks.filter((t) => !isTerminalTaskStatus(t.status)).map((t) => t.referenceTaskName),
      );
      throw new UsageError(
        `no running task "${ref}" in workflow "${this.top.wf.workflowName}" (status ${this.top.wf.status}); running tasks: ${running.length === 0 ? '(none)' : running.join(', ')}`,
      );
    }
    return found;
  }

  async signal(ref: string, output: JsonMap = {}): Promise<Trace> {
    const task = this.findRunning(ref);
    this.run.log.signal(task, 'COMPLETED');
    this.run.executor.updateTask({
      taskId: task.taskId,
      status: 'COMPLETED',
      outputData: { ...task.outputData, ...structuredClone(output) },
      reasonForIncompletion: task.reasonForIncompletion,
      callbackAfterSeconds: task.callbackAfterSeconds,
      workerId: task.workerId,
      subWorkflowId: task.subWorkflowId,
    });
    await this.settle();
    return this.trace();
  }

  async completeTask(ref: string, status: TaskResultStatus, output: JsonMap = {}, reasonForIncompletion?: string): Promise<Trace> {
    const task = this.findRunning(ref);
    this.run.log.signal(task, status);
    this.run.executor.updateTask({
      taskId: task.taskId,
      status,
      outputData: structuredClone(output),
      reasonForIncompletion: reasonForIncompletion ?? null,
      callbackAfterSeconds: 0,
      workerId: null,
      subWorkflowId: task.subWorkflowId,
    });
    await this.settle();
    return this.trace();
  }
}

/** Thrown helper type re-export for callers that want to catch budget errors. */
export type { EngineLimitError };
