/**
 * The decider and the executor: one faithful port of Conductor's
 * core/src/main/java/com/netflix/conductor/core/execution/DeciderService.java (one decider pass,
 * retries, timeouts, completion, output) and WorkflowExecutorOps.java (the outer decide loop,
 * scheduling, task updates, termination, failure workflows, sub-workflow coupling), plus the
 * async system-task tick of AsyncSystemTaskExecutor.java.
 *
 * The executor performs no I/O and reads time only from the virtual clock. It mutates the state it
 * owns in place (a copy per step would make long loops quadratic); what a driver must do next
 * (queue a task, decide a workflow soon) is handed to it through {@link DriverHooks}.
 *
 * Persistence model: the server keeps tasks in a store and decides on a loaded copy; in the pass
 * that completes or fails a workflow some in-memory changes are never written back (shared/spec
 * engine-semantics §1.7). Here state lives once; every persist point keeps a snapshot of the task
 * (`TaskModel.stored`), and when a decide ends, the tasks it touched fall back to their last
 * snapshot — exactly the changes the server would have lost (an `execute` that returned false, the
 * flags set in the pass that completed the workflow).
 */
import { EngineLimitError, InternalError, UsageError } from '../errors/index.js';
import type { TaskDef, WorkflowDef } from '../definitions/index.js';
import { cachedScriptInputUse, pruneScriptInput, resolveParameters, resolveValue } from '../expressions/index.js';
import type { JqEngine, ScriptEngine, ScriptOutcome, ScriptRequest } from '../expressions/index.js';
import { isSuccessfulTaskStatus, isTerminalTaskStatus, isTerminalWorkflowStatus } from '../trace/index.js';
import type { PublishedMessage, TaskStatus, WorkflowStatus } from '../trace/index.js';
import { effectiveTaskDef, nodeType, prepareDefinition } from './blueprint.js';
import type { EffectiveTaskDef, MetadataRegistry } from './blueprint.js';
import type { VirtualClock } from './clock.js';
import { createEvaluationDocument } from './document.js';
import type { EventLog } from './events.js';
import type { IdSource, RandomStream } from './ids.js';
import { Instance } from './instance.js';
import { ABSENT, TaskModel, WorkflowModel, toWorkflowRun } from './model.js';
import type { JsonMap, PreparedTask } from './model.js';
import { DecideAbort, StartWorkflowError, TerminateSignal } from './ops.js';
import type { ExecutorOps, MapperContext, StartWorkflowInput, SystemTask, TaskResultInput } from './ops.js';
import { appendIteration, baseRef } from './refs.js';
import { mappers, systemTasks } from './tasks/index.js';
import { loopTaskOutput } from './tasks/do-while.js';

const BUILT_IN = new Set(['DECISION', 'SWITCH', 'FORK', 'JOIN', 'EXCLUSIVE_JOIN', 'DO_WHILE']);
const INT_MAX = 2147483647;
/** The decider queue's default re-evaluation delay (conductor.app.workflowOffsetTimeout, 30 s). */
const SWEEP_INTERVAL_MS = 30_000;

/** What a driver is told by the executor. */
export interface DriverHooks {
  /** A task entered its queue (worker queue or system-task queue); it becomes visible after `delayMs`. */
  queued(instance: Instance, task: TaskModel, delayMs: number): void;
  /** A task left its queue. */
  dequeued(task: TaskModel): void;
  /** The decider queue: evaluate this workflow soon (a child's first decide, a parent after its child ended). */
  decideSoon(instance: Instance): void;
  /** A JOIN of this workflow may now be satisfiable. */
  expediteJoins(instance: Instance): void;
  /** A workflow instance was created. */
  created(instance: Instance): void;
}

/** Limits that stop a run which would otherwise never end (STYLE 4.3). */
export interface ExecutorLimits {
  /** Decider passes within one decide before giving up. */
  readonly maxDecisionsPerDecide: number;
  /** Decider passes over the whole run. */
  readonly maxDecisions: number;
  /** SUB_WORKFLOW nesting depth. */
  readonly maxSubWorkflowDepth: number;
  /** Workflow instances over the whole run. */
  readonly maxWorkflows: number;
  /** Tasks in one workflow. */
  readonly maxTasksPerWorkflow: number;
  /** JSON size of one task's output or input, in bytes (0 = unlimited). */
  readonly maxPayloadBytes: number;
  /** Iterations of one DO_WHILE. */
  readonly maxLoopIterations: number;
}

/** Everything the executor needs from its surroundings. */
export interface ExecutorEnv {
  readonly clock: VirtualClock;
  readonly ids: IdSource;
  readonly jitter: RandomStream;
  readonly scriptSeeds: RandomStream;
  readonly registry: MetadataRegistry;
  readonly log: EventLog;
  readonly limits: ExecutorLimits;
  readonly env: Readonly<Record<string, string>>;
  readonly waitZone: string;
  /** Default script budget passed to the sandbox. */
  readonly scriptBudget: number | undefined;
  readonly maxVariablesBytes: number;
  /** Queue types EVENT may publish to; `*` accepts all. */
  readonly eventQueueTypes: ReadonlySet<string>;
  scripts: ScriptEngine | null;
  jqEngine: JqEngine | null;
}

/** What one decider pass changed that the pass itself must know (refs marked executed during it). */
class Journal {
  private readonly executedRefs = new Map<string, number>();

  setStatus(task: TaskModel, status: TaskStatus): void {
    task.status = status;
  }
  setReason(task: TaskModel, reason: string | null): void {
    task.reasonForIncompletion = reason;
  }
  markExecuted(task: TaskModel): void {
    task.executed = true;
    this.executedRefs.set(task.referenceTaskName, (this.executedRefs.get(task.referenceTaskName) ?? 0) + 1);
  }
  markRetried(task: TaskModel): void {
    task.retried = true;
  }
  /** Refs marked executed during this pass (they do not count as executed "before" the pass). */
  executedThisPass(ref: string): number {
    return this.executedRefs.get(ref) ?? 0;
  }
}

interface DeciderOutcome {
  tasksToBeScheduled: TaskModel[];
  tasksToBeUpdated: TaskModel[];
  isComplete: boolean;
  terminateTask: TaskModel | null;
}

/** The engine core for one run: all workflow instances of the run and the operations on them. */
export class Executor implements ExecutorOps {
  readonly registry: MetadataRegistry;
  readonly env: Readonly<Record<string, string>>;
  readonly waitZone: string;
  readonly maxVariablesBytes: number;
  readonly maxLoopIterations: number;
  readonly instances: Instance[] = [];
  private readonly byId = new Map<string, Instance>();
  private readonly taskOwner = new Map<string, Instance>();
  private readonly ctx: ExecutorEnv;
  hooks: DriverHooks;
  /** Decider passes so far (limit `maxDecisions`). */
  decisions = 0;
  /** Tasks the current decide touched (a stack: a decide may start another workflow's decide). */
  private touched: Set<TaskModel>[] = [];

  constructor(env: ExecutorEnv, hooks: DriverHooks) {
    this.ctx = env;
    this.registry = env.registry;
    this.env = env.env;
    this.waitZone = env.waitZone;
    this.maxVariablesBytes = env.maxVariablesBytes;
    this.maxLoopIterations = env.limits.maxLoopIterations;
    this.hooks = hooks;
  }

  get log(): EventLog {
    return this.ctx.log;
  }

  now(): number {
    return this.ctx.clock.now();
  }

  newId(): string {
    return this.ctx.ids.next();
  }

  instance(workflowId: string): Instance | undefined {
    return this.byId.get(workflowId);
  }

  /** The instance that owns a task. */
  ownerOf(taskId: string): Instance | undefined {
    return this.taskOwner.get(taskId);
  }

  isSystemTask(taskType: string): boolean {
    return systemTasks.has(taskType);
  }

  private system(taskType: string): SystemTask | undefined {
    return systemTasks.get(taskType);
  }

  // ---------------------------------------------------------------- expressions and scripts

  evaluate(params: JsonMap | null | undefined, instance: Instance, taskDef?: TaskDef | null, taskId?: string | null): JsonMap {
    const doc = createEvaluationDocument(instance);
    const template = taskDef?.inputTemplate;
    return resolveParameters(params ?? {}, doc, {
      ...(taskId !== null && taskId !== undefined ? { taskId } : {}),
      ...(template !== undefined && Object.keys(template).length > 0 ? { inputTemplate: template } : {}),
      env: this.env,
    });
  }

  evaluateValue(value: unknown, instance: Instance, taskDef?: TaskDef | null, taskId?: string | null): unknown {
    const doc = createEvaluationDocument(instance);
    void taskDef;
    return resolveValue(value, doc, { ...(taskId !== null && taskId !== undefined ? { taskId } : {}), env: this.env });
  }

  scriptEngine(): ScriptEngine {
    if (this.ctx.scripts === null) {
      throw new InternalError('the JavaScript sandbox was not loaded before the run started');
    }
    return this.ctx.scripts;
  }

  jq(): JqEngine {
    if (this.ctx.jqEngine === null) throw new InternalError('the jq engine was not loaded before the run started');
    return this.ctx.jqEngine;
  }

  runScript(request: Omit<ScriptRequest, 'nowMs' | 'seed'>, _label: string): ScriptOutcome {
    const budget = request.budget ?? this.ctx.scriptBudget;
    // Only the parts of `$` the script can read are marshalled into the sandbox (a DO_WHILE's
    // output grows every iteration; passing it whole made long loops quadratic).
    const input = pruneScriptInput(request.input, cachedScriptInputUse(request.source));
    return this.scriptEngine().evaluate({
      ...request,
      input,
      ...(budget !== undefined ? { budget } : {}),
      nowMs: this.now(),
      seed: this.ctx.scriptSeeds.nextUint32(),
    });
  }

  acceptsQueueType(type: string): boolean {
    return this.ctx.eventQueueTypes.has('*') || this.ctx.eventQueueTypes.has(type);
  }

  publish(message: Omit<PublishedMessage, 'at'>): void {
    this.ctx.log.message(message);
  }

  noteStatus(task: TaskModel, status: TaskStatus): void {
    this.ctx.log.task(task, status);
  }

  // ---------------------------------------------------------------- persistence points

  /** `ExecutionDAOFacade.updateTask`: stamps updateTime/endTime, records the status. */
  persistTask(task: TaskModel): void {
    const now = this.now();
    const terminal = isTerminalTaskStatus(task.status);
    if (!terminal || task.updateTime === 0) task.updateTime = now;
    if (terminal && task.endTime === 0) task.endTime = now;
    if (task.aliasTasks !== null) refreshAliasedOutput(task);
    task.outputUndo = null;
    task.stored = storedStateOf(task);
    const owner = this.taskOwner.get(task.taskId);
    if (owner !== undefined) owner.persists++;
    this.ctx.log.task(task);
  }

  /** `ExecutionDAOFacade.updateWorkflow`. */
  persistWorkflow(instance: Instance): void {
    const wf = instance.wf;
    const now = this.now();
    wf.updateTime = now;
    if (isTerminalWorkflowStatus(wf.status)) wf.endTime = now;
    this.ctx.log.workflow(wf);
  }

  /** Rejects an output that entered from outside (a mock, a worker) when it exceeds `maxPayloadBytes`. */
  checkPayload(task: TaskModel): void {
    const max = this.ctx.limits.maxPayloadBytes;
    if (max <= 0) return;
    const size = JSON.stringify(task.outputData).length;
    if (size > max) {
      throw new EngineLimitError(
        `${task.workflowType} › ${task.referenceTaskName}: output of ${size} bytes exceeds maxPayloadBytes (${max}). Return a smaller output, or raise limits.maxPayloadBytes.`,
        { limit: 'maxPayloadBytes', value: max, workflowName: task.workflowType, taskReferenceName: task.referenceTaskName },
      );
    }
  }

  // ---------------------------------------------------------------- starting workflows

  /** `WorkflowExecutorOps.startWorkflow` / `startWorkflowIdempotent`. */
  startWorkflow(input: StartWorkflowInput): Instance {
    const definition = this.resolveDefinition(input);
    const parent = input.parentWorkflowId ? this.byId.get(input.parentWorkflowId) : undefined;
    const depth = parent === undefined ? 0 : parent.depth + 1;
    const by = input.startedBy;
    const where = by === undefined ? '' : `${by.workflowName} › ${by.taskReferenceName}: `;
    const naming = by === undefined ? {} : { taskReferenceName: by.taskReferenceName };
    if (depth > this.ctx.limits.maxSubWorkflowDepth) {
      throw new EngineLimitError(
        `${where}workflow "${definition.name}" would be nested ${depth} levels deep (maxSubWorkflowDepth ${this.ctx.limits.maxSubWorkflowDepth}); does a sub-workflow start itself? Raise limits.maxSubWorkflowDepth if the nesting is intended.`,
        { limit: 'maxSubWorkflowDepth', value: this.ctx.limits.maxSubWorkflowDepth, workflowName: by?.workflowName ?? definition.name, ...naming },
      );
    }
    if (this.instances.length >= this.ctx.limits.maxWorkflows) {
      const cause = input.cause === 'failure-workflow' ? ` (its failure workflow)` : '';
      throw new EngineLimitError(
        `${where}the run started ${this.instances.length} workflows (maxWorkflows ${this.ctx.limits.maxWorkflows}) while starting "${definition.name}"${cause}; raise limits.maxWorkflows if that is intended.`,
        { limit: 'maxWorkflows', value: this.ctx.limits.maxWorkflows, workflowName: by?.workflowName ?? definition.name, ...naming },
      );
    }
    const existing = input.workflowId ? this.byId.get(input.workflowId) : undefined;
    if (existing !== undefined) return existing;
    const blueprint = prepareDefinition(definition, this.registry);
    this.pinSubWorkflowVersions(blueprint.nodes);
    const wf = new WorkflowModel(blueprint.def);
    wf.workflowId = input.workflowId ?? this.newId();
    wf.correlationId = input.correlationId ?? null;
    wf.priority = input.priority ?? 0;
    wf.status = 'RUNNING';
    wf.parentWorkflowId = input.parentWorkflowId ?? null;
    wf.parentWorkflowTaskId = input.parentWorkflowTaskId ?? null;
    wf.createTime = this.now();
    wf.taskToDomain = { ...(input.taskToDomain ?? {}) };
    wf.variables = structuredClone(blueprint.def.variables ?? {});
    const given = input.input ?? {};
    if (Object.keys(given).length > 0) {
      // Conductor: ParametersUtils.getWorkflowInput — template keys absent from the input are added
      // (raw, unevaluated), and only when the input is non-empty (engine-semantics §3.7).
      const merged: JsonMap = structuredClone(given);
      for (const [k, v] of Object.entries(blueprint.def.inputTemplate ?? {})) if (!(k in merged)) merged[k] = structuredClone(v);
      wf.input = merged;
    } else wf.input = {};
    const instance = new Instance(wf, blueprint, depth, this.instances.length);
    this.instances.push(instance);
    this.byId.set(wf.workflowId, instance);
    this.ctx.log.workflow(wf, { cause: input.cause ?? 'test', name: wf.workflowName, version: wf.workflowVersion });
    this.hooks.created(instance);
    if (input.queueFirstDecide === true) this.hooks.decideSoon(instance);
    else this.decide(instance);
    return instance;
  }

  private resolveDefinition(input: StartWorkflowInput): WorkflowDef {
    if (input.definition !== undefined && input.definition !== null) return input.definition;
    const name = input.name ?? '';
    const def = this.registry.getWorkflowDef(name, input.version);
    if (def === undefined) {
      throw new StartWorkflowError(`No such workflow defined. name=${name}, version=${input.version ?? 'null'}`);
    }
    return def;
  }

  /** MetadataMapperService.populateVersionForSubWorkflow: pin `version: null` to the latest at start. */
  private pinSubWorkflowVersions(nodes: readonly PreparedTask[]): void {
    for (const node of nodes) {
      if (nodeType(node) !== 'SUB_WORKFLOW') continue;
      const params = node.subWorkflowParam;
      if (params === null || params === undefined) continue;
      if (params.workflowDefinition !== null && params.workflowDefinition !== undefined) continue;
      if (params.version !== null && params.version !== undefined) continue;
      const name = params.name ?? '';
      const latest = this.registry.getWorkflowDef(name, null);
      if (latest === undefined) {
        throw new StartWorkflowError(`The Task ${name} defined as a sub-workflow has no workflow definition available `);
      }
      params.version = latest.version ?? 1;
    }
  }

  // ---------------------------------------------------------------- the decide loop

  /** `WorkflowExecutorOps.decide(WorkflowModel)`: decider passes until nothing changes. */
  decide(instance: Instance): void {
    const wf = instance.wf;
    if (isTerminalWorkflowStatus(wf.status)) {
      if (wf.status !== 'COMPLETED' && wf.status !== 'PAUSED') this.cancelNonTerminalTasks(instance);
      return;
    }
    const touched = new Set<TaskModel>();
    this.touched.push(touched);
    let passes = 0;
    try {
      for (;;) {
        passes++;
        this.decisions++;
        if (passes > this.ctx.limits.maxDecisionsPerDecide || this.decisions > this.ctx.limits.maxDecisions) {
          const which = passes > this.ctx.limits.maxDecisionsPerDecide ? 'maxDecisionsPerDecide' : 'maxDecisions';
          const value = which === 'maxDecisions' ? this.ctx.limits.maxDecisions : this.ctx.limits.maxDecisionsPerDecide;
          const last = wf.tasks[wf.tasks.length - 1]?.referenceTaskName ?? '(none)';
          throw new EngineLimitError(
            `workflow "${wf.workflowName}" (${wf.workflowId}) did not settle after ${value} decider passes (${which}); last task: ${last}. An endless DO_WHILE or a loop of synchronous tasks? Raise limits.${which} if the workflow really needs more.`,
            { limit: which, value, workflowName: wf.workflowName, taskReferenceName: last },
          );
        }
        const journal = new Journal();
        for (const t of instance.pending) touched.add(t);
        let outcome: DeciderOutcome;
        try {
          outcome = this.deciderPass(instance, journal);
        } catch (e) {
          if (e instanceof TerminateSignal) {
            this.terminate(instance, e);
            return;
          }
          if (e instanceof DecideAbort) return;
          throw e;
        }
        if (outcome.isComplete) {
          try {
            this.endExecution(instance, outcome.terminateTask);
          } catch (e) {
            if (e instanceof TerminateSignal) this.terminate(instance, e);
            else throw e;
          }
          return;
        }
        const toSchedule = outcome.tasksToBeScheduled;
        for (const t of toSchedule) touched.add(t);
        this.setTaskDomains(toSchedule, wf);
        const toUpdate = outcome.tasksToBeUpdated;
        const fresh = this.dedupAndAddTasks(instance, toSchedule);
        let stateChanged = this.scheduleTasks(instance, fresh);
        for (const task of toSchedule) {
          if (!this.isSystemTask(task.taskType) || isTerminalTaskStatus(task.status)) continue;
          const system = this.system(task.taskType);
          if (system !== undefined && !system.isAsync && system.execute(instance, task, this)) {
            toUpdate.push(task);
            stateChanged = true;
          }
        }
        if (toUpdate.length > 0 || fresh.length > 0) for (const t of toUpdate) this.persistTask(t);
        if (stateChanged) continue;
        if (toUpdate.length > 0 || fresh.length > 0) this.persistWorkflow(instance);
        return;
      }
    } catch (e) {
      if (e instanceof TerminateSignal) {
        this.terminate(instance, e);
        return;
      }
      throw e;
    } finally {
      this.touched.pop();
      this.dropUnpersisted(instance, touched);
    }
  }

  /**
   * The end of a decide: the server's in-memory copy of the workflow is discarded, so every change
   * to a touched task since its last persist is lost (engine-semantics §1.7). DO_WHILE output
   * aliases end here too.
   */
  private dropUnpersisted(instance: Instance, touched: ReadonlySet<TaskModel>): void {
    let reindex = false;
    for (const task of touched) {
      task.aliasTasks = null;
      task.aliasIteration = null;
      if (task.outputUndo !== null) {
        // In-place DO_WHILE output writes that were never persisted are taken back.
        for (const [key, previous] of task.outputUndo) {
          if (previous === ABSENT) delete task.outputData[key];
          else task.outputData[key] = previous;
        }
        task.outputUndo = null;
      }
      const stored = task.stored;
      if (stored === null || task.owner === null) continue;
      if (sameStoredState(task, stored)) continue;
      if (task.status !== stored.status || task.executed !== stored.executed || task.retried !== stored.retried) reindex = true;
      restoreStored(task, stored);
    }
    if (reindex) instance.rebuild();
  }

  /** `DeciderService.decide`: one pass. */
  private deciderPass(instance: Instance, journal: Journal): DeciderOutcome {
    const wf = instance.wf;
    let preScheduled: TaskModel[] = [];
    if (instance.unprocessed === 0) preScheduled = this.firstTasks(instance);
    const outcome: DeciderOutcome = { tasksToBeScheduled: [], tasksToBeUpdated: [], isComplete: false, terminateTask: null };
    if (isTerminalWorkflowStatus(wf.status)) return outcome;
    this.checkWorkflowTimeout(instance);
    if (wf.status === 'PAUSED') return outcome;

    const pending = [...instance.pending];
    const terminateTask = instance.successfulTerminate() ?? null;
    if (terminateTask !== null) outcome.terminateTask = terminateTask;
    const unmarked = new Set<string>();
    const toSchedule = new Map<string, TaskModel>();
    for (const t of preScheduled) toSchedule.set(t.referenceTaskName, t);

    for (const p of pending) {
      if (this.isSystemTask(p.taskType) && !isTerminalTaskStatus(p.status)) {
        if (!toSchedule.has(p.referenceTaskName)) toSchedule.set(p.referenceTaskName, p);
        unmarked.add(p.referenceTaskName);
      }
      const taskDef = p.taskDefinition() ?? instance.bp.node(p.referenceTaskName)?.taskDefinition ?? null;
      if (taskDef !== null) {
        const eff = effectiveTaskDef(taskDef);
        this.checkTotalTimeout(eff, p, journal);
        this.checkTaskTimeout(eff, p, journal);
        this.checkPollTimeout(eff, p, journal);
        if (this.isResponseTimedOut(eff, p)) {
          journal.setStatus(p, 'TIMED_OUT');
          journal.setReason(
            p,
            `responseTimeout: ${eff.responseTimeoutSeconds} exceeded for the taskId: ${p.taskId} with Task Definition: ${p.taskDefName}`,
          );
        }
      }
      if (isTerminalTaskStatus(p.status) && !isSuccessfulTaskStatus(p.status)) {
        const node = p.workflowTask ?? instance.bp.node(p.referenceTaskName) ?? null;
        const retryTask = this.retry(taskDef, node, p, instance, journal);
        if (retryTask !== null) {
          toSchedule.set(retryTask.referenceTaskName, retryTask);
          unmarked.add(retryTask.referenceTaskName);
          outcome.tasksToBeUpdated.push(p);
        } else if (!(p.workflowTask !== null && p.workflowTask.permissive === true && p.workflowTask.optional !== true)) {
          journal.setStatus(p, 'COMPLETED_WITH_ERRORS');
        }
      }
      if (!p.executed && !p.retried && isTerminalTaskStatus(p.status)) {
        journal.markExecuted(p);
        let next = this.nextTasks(instance, p);
        if (p.isLoopOverTask() && p.taskType !== 'DO_WHILE' && next.length > 0) next = this.filterNextLoopOverTasks(next, p, instance);
        for (const n of next) if (!toSchedule.has(n.referenceTaskName)) toSchedule.set(n.referenceTaskName, n);
        outcome.tasksToBeUpdated.push(p);
      }
    }

    for (const task of toSchedule.values()) {
      const ref = task.referenceTaskName;
      const executedBefore = instance.executedCount(ref) - journal.executedThisPass(ref) > 0;
      if (!executedBefore || unmarked.has(ref)) outcome.tasksToBeScheduled.push(task);
    }
    if (terminateTask !== null || (outcome.tasksToBeScheduled.length === 0 && this.checkForWorkflowCompletion(instance))) {
      this.failPermissive(instance);
      outcome.isComplete = true;
    }
    return outcome;
  }

  /** At completion: a permissive, non-optional task whose latest attempt failed fails the workflow. */
  private failPermissive(instance: Instance): void {
    const latest = new Map<string, TaskModel>();
    for (const t of instance.wf.tasks) {
      const node = t.workflowTask;
      if (node === null || node.permissive !== true || node.optional === true) continue;
      const seen = latest.get(t.referenceTaskName);
      if (seen === undefined || !(seen.retryCount > t.retryCount)) latest.set(t.referenceTaskName, t);
    }
    // Divergence: the server joins these messages in HashMap order; we use list order.
    const failed = [...latest.values()].filter((t) => isTerminalTaskStatus(t.status) && !isSuccessfulTaskStatus(t.status));
    if (failed.length > 0) {
      throw new TerminateSignal(
        failed.map((t) => `Task ${t.taskId} failed with status: ${t.status} and reason: '${t.reasonForIncompletion ?? 'null'}'`).join('. '),
      );
    }
  }

  /** `DeciderService.startWorkflow`: the first non-skipped top-level node. */
  private firstTasks(instance: Instance): TaskModel[] {
    const tasks = instance.bp.def.tasks;
    if (tasks.length === 0) throw new TerminateSignal('No tasks found to be executed', 'COMPLETED');
    let node: PreparedTask | null = tasks[0] as PreparedTask;
    while (node !== null && this.isTaskSkipped(instance, node)) node = instance.bp.nextNode(node.taskReferenceName);
    if (node === null) return [];
    return this.getTasksToBeScheduled(instance, node, 0);
  }

  private isTaskSkipped(instance: Instance, node: PreparedTask | null): boolean {
    if (node === null) return false;
    return instance.taskByRef(node.taskReferenceName)?.status === 'SKIPPED';
  }

  /** `DeciderService.getTasksToBeScheduled`: maps a node and drops refs already running or done. */
  getTasksToBeScheduled(instance: Instance, node: PreparedTask, retryCount: number, retriedTaskId: string | null = null): TaskModel[] {
    const type = nodeType(node);
    const mapper = mappers.get(type) ?? mappers.get('USER_DEFINED');
    if (mapper === undefined) throw new InternalError(`no mapper for task type ${type}`);
    const taskId = this.newId();
    let contextInput: JsonMap | undefined;
    const ctx: MapperContext = {
      instance,
      node,
      taskDefinition: node.taskDefinition ?? null,
      get taskInput(): JsonMap {
        // Evaluated lazily: evaluation has no side effects, and most mappers re-evaluate with the TaskDef.
        contextInput ??= executor.evaluate(node.inputParameters, instance, null, null);
        return contextInput;
      },
      retryCount,
      retriedTaskId,
      taskId,
      ops: this,
      createTaskModel: () => this.createTaskModel(instance, node, taskId),
    };
    const executor = this;
    const produced = mapper.map(ctx);
    if (instance.wf.tasks.length + produced.length > this.ctx.limits.maxTasksPerWorkflow) {
      throw new EngineLimitError(
        `workflow "${instance.wf.workflowName}" reached ${instance.wf.tasks.length} tasks (maxTasksPerWorkflow ${this.ctx.limits.maxTasksPerWorkflow}) while scheduling "${node.taskReferenceName}"; an endless loop? Raise limits.maxTasksPerWorkflow if intended.`,
        { limit: 'maxTasksPerWorkflow', value: this.ctx.limits.maxTasksPerWorkflow, workflowName: instance.wf.workflowName, taskReferenceName: node.taskReferenceName },
      );
    }
    return produced.filter((t) => !instance.refOccupied(t.referenceTaskName));
  }

  /** `TaskMapperContext.createTaskModel`. */
  private createTaskModel(instance: Instance, node: PreparedTask, taskId: string): TaskModel {
    const wf = instance.wf;
    const t = new TaskModel();
    t.referenceTaskName = node.taskReferenceName;
    t.workflowInstanceId = wf.workflowId;
    t.workflowType = wf.workflowName;
    t.correlationId = wf.correlationId;
    t.scheduledTime = this.now();
    t.taskId = taskId;
    t.workflowTask = node;
    t.workflowPriority = wf.priority;
    t.taskType = nodeType(node);
    t.taskDefName = node.name;
    return t;
  }

  /** `DeciderService.getNextTask`. */
  private nextTasks(instance: Instance, task: TaskModel): TaskModel[] {
    if ((task.taskType === 'DECISION' || task.taskType === 'SWITCH') && task.inputData['hasChildren'] != null) return [];
    const ref = task.isLoopOverTask() ? baseRef(task.referenceTaskName) : task.referenceTaskName;
    let node = instance.bp.nextNode(ref);
    while (node !== null && this.isTaskSkipped(instance, node)) node = instance.bp.nextNode(node.taskReferenceName);
    if (node !== null && nodeType(node) === 'DO_WHILE' && instance.taskByRef(node.taskReferenceName) !== undefined) return [];
    if (node !== null) return this.getTasksToBeScheduled(instance, node, 0);
    return [];
  }

  /** `DeciderService.filterNextLoopOverTasks`. */
  private filterNextLoopOverTasks(tasks: TaskModel[], pending: TaskModel, instance: Instance): TaskModel[] {
    for (const t of tasks) {
      t.referenceTaskName = appendIteration(t.referenceTaskName, pending.iteration);
      t.iteration = pending.iteration;
    }
    return tasks.filter((t) => !instance.refOccupied(t.referenceTaskName));
  }

  scheduleNextIteration(loopTask: TaskModel, instance: Instance): void {
    const first = loopTask.workflowTask?.loopOver?.[0] as PreparedTask | undefined;
    if (first === undefined) return;
    const scheduled = this.getTasksToBeScheduled(instance, first, loopTask.retryCount, null);
    this.setTaskDomains(scheduled, instance.wf);
    for (const t of scheduled) {
      t.referenceTaskName = appendIteration(t.referenceTaskName, loopTask.iteration);
      t.iteration = loopTask.iteration;
    }
    // Conductor schedules first, then appends (WorkflowExecutorOps.scheduleNextIteration).
    this.scheduleTasks(instance, scheduled, true);
  }

  removeTasks(instance: Instance, tasks: ReadonlySet<TaskModel>): void {
    for (const t of tasks) this.taskOwner.delete(t.taskId);
    instance.removeTasks(tasks);
  }

  /** `DeciderService.retry`. Returns the retry copy, null when none, or throws a TerminateSignal. */
  private retry(taskDef: TaskDef | null, node: PreparedTask | null, task: TaskModel, instance: Instance, journal: Journal): TaskModel | null {
    const retryCount = task.retryCount;
    const def = taskDef ?? this.registry.getTaskDef(task.taskDefName) ?? null;
    const eff = def === null ? null : effectiveTaskDef(def);
    const nodeRetry = node?.retryCount;
    const expected = eff === null ? 0 : typeof nodeRetry === 'number' ? nodeRetry : eff.retryCount;
    const retriable = task.status === 'FAILED' || task.status === 'TIMED_OUT';
    if (!retriable || BUILT_IN.has(task.taskType) || expected <= retryCount || eff === null) {
      if (node !== null && (node.optional === true || node.permissive === true)) return null;
      const status: WorkflowStatus = task.status === 'CANCELED' ? 'TERMINATED' : task.status === 'TIMED_OUT' ? 'TIMED_OUT' : 'FAILED';
      this.updateWorkflowOutput(instance, task);
      throw new TerminateSignal(
        `Task ${task.taskId} failed with status: ${status} and reason: '${task.reasonForIncompletion ?? 'null'}'`,
        status as TerminateSignal['status'],
        task,
      );
    }
    if (eff.totalTimeoutSeconds > 0 && task.firstScheduledTime > 0) {
      const elapsed = Math.floor((this.now() - task.firstScheduledTime) / 1000);
      if (elapsed >= eff.totalTimeoutSeconds) {
        this.updateWorkflowOutput(instance, task);
        throw new TerminateSignal(
          `Task ${task.taskId}/${task.taskDefName} exceeded total timeout of ${eff.totalTimeoutSeconds} seconds (elapsed ${elapsed} seconds across all attempts). No further retries will be attempted.`,
          task.status === 'TIMED_OUT' ? 'TIMED_OUT' : 'FAILED',
          task,
        );
      }
    }
    const delay = retryDelaySeconds(eff, task.retryCount);
    journal.markRetried(task);
    const jitterMs = eff.backoffJitterMs > 0 ? this.ctx.jitter.nextInt(0, eff.backoffJitterMs) : 0;
    const copy = task.copy();
    copy.updateTime = 0;
    copy.scheduledTime = 0;
    copy.startTime = 0;
    copy.endTime = 0;
    copy.workerId = null;
    copy.outputData = {};
    const oldInput = { ...task.inputData };
    delete oldInput['subWorkflowId'];
    copy.startDelayInSeconds = delay;
    copy.callbackAfterSeconds = delay;
    copy.callbackAfterMs = delay * 1000 + jitterMs;
    copy.retryCount = task.retryCount + 1;
    copy.retried = false;
    copy.executed = false;
    copy.taskId = this.newId();
    copy.retriedTaskId = task.taskId;
    copy.status = 'SCHEDULED';
    copy.pollCount = 0;
    copy.reasonForIncompletion = task.reasonForIncompletion;
    copy.subWorkflowId = null;
    copy.seq = 0;
    copy.waitTimeout = 0;
    let input: JsonMap = oldInput;
    if (node !== null && (instance.wf.definition.schemaVersion ?? 2) > 1) {
      input = { ...input, ...this.evaluate(node.inputParameters, instance, def, copy.taskId) };
    }
    copy.inputData = input;
    this.ctx.log.retried(task, copy, copy.callbackAfterMs);
    return copy;
  }

  // ---------------------------------------------------------------- timeouts

  private checkWorkflowTimeout(instance: Instance): void {
    const wf = instance.wf;
    const timeoutSeconds = wf.definition.timeoutSeconds ?? 0;
    if (isTerminalWorkflowStatus(wf.status) || timeoutSeconds <= 0) return;
    const now = this.now();
    const elapsed = wf.lastRetriedTime > 0 ? now - wf.lastRetriedTime : now - wf.createTime;
    if (elapsed < timeoutSeconds * 1000) return;
    const policy = wf.definition.timeoutPolicy ?? 'ALERT_ONLY';
    const reason = `Workflow timed out after ${Math.floor(elapsed / 1000)} seconds. Timeout configured as ${timeoutSeconds} seconds. Timeout policy configured to ${policy}`;
    if (policy === 'TIME_OUT_WF') throw new TerminateSignal(reason, 'TIMED_OUT');
  }

  private checkTotalTimeout(def: EffectiveTaskDef, task: TaskModel, journal: Journal): void {
    if (def.totalTimeoutSeconds <= 0 || isTerminalTaskStatus(task.status) || task.firstScheduledTime <= 0) return;
    const elapsed = Math.floor((this.now() - task.firstScheduledTime) / 1000);
    if (elapsed < def.totalTimeoutSeconds) return;
    const reason = `Task ${task.taskDefName}/${task.taskId} exceeded total timeout of ${def.totalTimeoutSeconds} seconds (elapsed ${elapsed} seconds across all attempts including retry delays). Timeout policy: ${def.timeoutPolicy}`;
    this.timeoutWithPolicy(reason, def, task, journal);
  }

  private checkTaskTimeout(def: EffectiveTaskDef, task: TaskModel, journal: Journal): void {
    if (isTerminalTaskStatus(task.status) || def.timeoutSeconds <= 0 || task.startTime <= 0) return;
    const elapsed = this.now() - (task.startTime + task.startDelayInSeconds * 1000);
    if (elapsed < def.timeoutSeconds * 1000) return;
    const reason = `Task timed out after ${Math.floor(elapsed / 1000)} seconds. Timeout configured as ${def.timeoutSeconds} seconds. Timeout policy configured to ${def.timeoutPolicy}`;
    this.timeoutWithPolicy(reason, def, task, journal);
  }

  private checkPollTimeout(def: EffectiveTaskDef, task: TaskModel, journal: Journal): void {
    if (def.pollTimeoutSeconds === null || def.pollTimeoutSeconds <= 0 || task.status !== 'SCHEDULED') return;
    const adjusted = def.pollTimeoutSeconds * 1000 + task.callbackAfterSeconds * 1000;
    const elapsed = this.now() - (task.scheduledTime + task.startDelayInSeconds * 1000);
    if (elapsed < adjusted) return;
    const reason = `Task poll timed out after ${Math.floor(elapsed / 1000)} seconds. Poll timeout configured as ${def.pollTimeoutSeconds} seconds. Timeout policy configured to ${def.timeoutPolicy}`;
    this.timeoutWithPolicy(reason, def, task, journal);
  }

  private timeoutWithPolicy(reason: string, def: EffectiveTaskDef, task: TaskModel, journal: Journal): void {
    if (def.timeoutPolicy === 'ALERT_ONLY') return;
    journal.setStatus(task, 'TIMED_OUT');
    journal.setReason(task, reason);
    if (def.timeoutPolicy === 'TIME_OUT_WF') throw new TerminateSignal(reason, 'TIMED_OUT', task);
  }

  private isResponseTimedOut(def: EffectiveTaskDef, task: TaskModel): boolean {
    if (isTerminalTaskStatus(task.status) || this.isAsyncCompleteSystemTask(task)) return false;
    if (task.status !== 'IN_PROGRESS' || def.responseTimeoutSeconds === 0) return false;
    const callback = task.callbackAfterSeconds * 1000;
    return this.now() - task.updateTime >= def.responseTimeoutSeconds * 1000 + callback;
  }

  private isAsyncCompleteSystemTask(task: TaskModel): boolean {
    const system = this.system(task.taskType);
    return system !== undefined && system.isAsyncComplete(task);
  }

  /**
   * The earliest virtual instant at which a decide could time out a task or the workflow, or
   * undefined when nothing is pending. The simulate driver sweeps at that instant (the server's
   * sweeper would fire up to one sweep interval later).
   */
  nextTimeoutAt(instance: Instance): number | undefined {
    const wf = instance.wf;
    if (isTerminalWorkflowStatus(wf.status)) return undefined;
    let best: number | undefined;
    const consider = (at: number): void => {
      if (best === undefined || at < best) best = at;
    };
    const wfTimeout = wf.definition.timeoutSeconds ?? 0;
    if (wfTimeout > 0 && (wf.definition.timeoutPolicy ?? 'ALERT_ONLY') === 'TIME_OUT_WF') {
      consider((wf.lastRetriedTime > 0 ? wf.lastRetriedTime : wf.createTime) + wfTimeout * 1000);
    }
    for (const task of instance.pending) {
      if (isTerminalTaskStatus(task.status)) {
        // A task that is already terminal but not yet consumed (an async task its mapper created
        // FAILED) waits for the decider queue's sweep (workflowOffsetTimeout, 30 s by default).
        consider(this.now() + SWEEP_INTERVAL_MS);
        continue;
      }
      const def = task.taskDefinition();
      if (def === null) continue;
      const eff = effectiveTaskDef(def);
      const timeoutsApply = eff.timeoutPolicy !== 'ALERT_ONLY';
      if (timeoutsApply && eff.totalTimeoutSeconds > 0 && task.firstScheduledTime > 0) consider(task.firstScheduledTime + eff.totalTimeoutSeconds * 1000);
      if (timeoutsApply && eff.timeoutSeconds > 0 && task.startTime > 0) consider(task.startTime + task.startDelayInSeconds * 1000 + eff.timeoutSeconds * 1000);
      if (timeoutsApply && eff.pollTimeoutSeconds !== null && eff.pollTimeoutSeconds > 0 && task.status === 'SCHEDULED') {
        consider(task.scheduledTime + task.startDelayInSeconds * 1000 + (eff.pollTimeoutSeconds + task.callbackAfterSeconds) * 1000);
      }
      if (task.status === 'IN_PROGRESS' && eff.responseTimeoutSeconds !== 0 && !this.isAsyncCompleteSystemTask(task)) {
        consider(task.updateTime + (eff.responseTimeoutSeconds + task.callbackAfterSeconds) * 1000);
      }
    }
    return best;
  }

  // ---------------------------------------------------------------- completion and output

  /** `DeciderService.checkForWorkflowCompletion` (no successful TERMINATE exists when called). */
  private checkForWorkflowCompletion(instance: Instance): boolean {
    if (instance.nonTerminal > 0) return false;
    const tasks = instance.wf.tasks;
    if (tasks.length === 0) return false;
    for (const node of instance.bp.def.tasks) {
      const t = instance.taskByRef(node.taskReferenceName);
      if (t === undefined || !isTerminalTaskStatus(t.status)) return false;
    }
    for (const t of tasks) {
      if (t.retried && t.executed) continue;
      let next = instance.bp.nextNode(t.referenceTaskName);
      while (next !== null && this.isTaskSkipped(instance, next)) next = instance.bp.nextNode(next.taskReferenceName);
      if (next !== null && instance.taskByRef(next.taskReferenceName) === undefined) return false;
    }
    return true;
  }

  /** `DeciderService.updateWorkflowOutput`. */
  updateWorkflowOutput(instance: Instance, task: TaskModel | null): void {
    const tasks = instance.wf.tasks;
    if (tasks.length === 0) return;
    const terminate = instance.firstSuccessfulTerminate();
    let output: JsonMap;
    if (terminate !== undefined) {
      output = Object.keys(terminate.outputData).length > 0 ? structuredClone(terminate.outputData) : {};
    } else {
      const last = task ?? (tasks[tasks.length - 1] as TaskModel);
      const params = instance.wf.definition.outputParameters;
      if (params !== undefined && params !== null && Object.keys(params).length > 0) output = this.evaluate(params, instance, null, null);
      else output = structuredClone(last.outputData);
    }
    instance.wf.output = output;
  }

  private collectFailedNames(instance: Instance): void {
    for (const t of instance.wf.tasks) {
      if (t.status === 'FAILED' || t.status === 'FAILED_WITH_TERMINAL_ERROR') {
        instance.wf.failedReferenceTaskNames.add(t.referenceTaskName);
        instance.wf.failedTaskNames.add(t.taskDefName);
      }
    }
  }

  /** `WorkflowExecutorOps.endExecution`. */
  private endExecution(instance: Instance, terminateTask: TaskModel | null): void {
    const wf = instance.wf;
    if (terminateTask !== null) {
      const status = terminateTask.inputData['terminationStatus'];
      let reason = terminateTask.inputData['terminationReason'];
      if (typeof reason !== 'string' || reason.trim() === '') {
        reason = `Workflow is ${String(status)} by TERMINATE task: ${terminateTask.taskId}`;
      }
      if (status === 'FAILED' || status === 'TERMINATED') {
        wf.status = status;
        this.terminate(instance, new TerminateSignal(reason as string, status, terminateTask));
      } else {
        wf.reasonForIncompletion = reason as string;
        this.completeWorkflow(instance);
      }
    } else this.completeWorkflow(instance);
    this.cancelNonTerminalTasks(instance);
  }

  /** `WorkflowExecutorOps.completeWorkflow`. */
  private completeWorkflow(instance: Instance): void {
    const wf = instance.wf;
    if (wf.status === 'COMPLETED') return;
    if (isTerminalWorkflowStatus(wf.status)) throw new InternalError(`workflow ${wf.workflowId} is already ${wf.status}`);
    this.updateWorkflowOutput(instance, null);
    wf.status = 'COMPLETED';
    this.collectFailedNames(instance);
    this.persistWorkflow(instance);
    if (wf.parentWorkflowId !== null) this.notifyParent(instance);
  }

  /** `WorkflowExecutorOps.terminate(workflow, TerminateWorkflowException)`. */
  private terminate(instance: Instance, signal: TerminateSignal): void {
    const wf = instance.wf;
    if (!isTerminalWorkflowStatus(wf.status)) wf.status = signal.status;
    if (signal.task !== null && wf.failedTaskId === null) wf.failedTaskId = signal.task.taskId;
    let failureWorkflow = wf.definition.failureWorkflow ?? null;
    if (failureWorkflow !== null && failureWorkflow.startsWith('$')) {
      // Conductor splits on "." and uses the third segment as an input key, so only
      // "$workflow.input.key" works (engine-semantics §2.11).
      const key = failureWorkflow.split('.')[2];
      // Divergence: fewer than three segments throws inside the server's terminate; we start nothing.
      const value = key === undefined ? undefined : wf.input[key];
      failureWorkflow = typeof value === 'string' ? value : null;
    }
    if (signal.task !== null) this.persistTask(signal.task);
    this.terminateWorkflowWith(instance, signal.reason, failureWorkflow, wf.definition.failureWorkflowVersion ?? null);
  }

  terminateWorkflow(instance: Instance, reason: string): void {
    this.terminateWorkflowWith(instance, reason, null, null);
  }

  /** `WorkflowExecutorOps.terminateWorkflow(workflow, reason, failureWorkflow, version)`. */
  private terminateWorkflowWith(instance: Instance, reason: string, failureWorkflow: string | null, failureVersion: number | null): void {
    const wf = instance.wf;
    if (!isTerminalWorkflowStatus(wf.status)) wf.status = 'TERMINATED';
    try {
      this.updateWorkflowOutput(instance, null);
    } catch (e) {
      // Conductor swallows output errors here and terminates anyway.
      if (e instanceof EngineLimitError || e instanceof InternalError) throw e;
    }
    this.collectFailedNames(instance);
    wf.reasonForIncompletion = reason;
    this.cancelNonTerminalTasks(instance);
    this.persistWorkflow(instance);
    if (wf.parentWorkflowId !== null) this.notifyParent(instance);
    if (failureWorkflow !== null && failureWorkflow.trim() !== '') {
      const input: JsonMap = { ...wf.input, workflowId: wf.workflowId, reason, failureStatus: wf.status };
      if (wf.failedTaskId !== null) input['failureTaskId'] = wf.failedTaskId;
      input['failedWorkflow'] = structuredClone(toWorkflowRun(wf));
      const failureId = this.newId();
      try {
        this.startWorkflow({
          name: failureWorkflow,
          version: failureVersion,
          input,
          correlationId: wf.correlationId,
          taskToDomain: wf.taskToDomain,
          workflowId: failureId,
          cause: 'failure-workflow',
        });
        wf.output = { ...wf.output, 'conductor.failure_workflow': failureId };
      } catch (e) {
        if (!(e instanceof StartWorkflowError)) throw e;
        wf.output = { ...wf.output, 'conductor.failure_workflow': `Error workflow ${failureWorkflow} failed to start.  reason: ${e.message}` };
      }
      this.persistWorkflow(instance);
    }
  }

  /** `WorkflowExecutorOps.cancelNonTerminalTasks`. */
  cancelNonTerminalTasks(instance: Instance): void {
    if (instance.nonTerminal === 0) return;
    for (const task of [...instance.wf.tasks]) {
      if (isTerminalTaskStatus(task.status)) continue;
      task.status = 'CANCELED';
      const system = this.system(task.taskType);
      if (system !== undefined) system.cancel(instance, task, this);
      this.hooks.dequeued(task);
      this.persistTask(task);
    }
  }

  /** A child ended: `updateParentWorkflowTask`, then the parent's JOINs and decide are expedited. */
  private notifyParent(child: Instance): void {
    const parent = child.wf.parentWorkflowId === null ? undefined : this.byId.get(child.wf.parentWorkflowId);
    if (parent === undefined || child.wf.parentWorkflowTaskId === null) return;
    const task = parent.taskById(child.wf.parentWorkflowTaskId);
    // The server updates its stored copy of the parent task; when the parent is itself cancelling
    // the task, its in-memory CANCELED copy overwrites that write, so nothing changes (see cancel).
    if (task === undefined || isTerminalTaskStatus(task.status)) return;
    const subWorkflow = this.system('SUB_WORKFLOW');
    if (subWorkflow === undefined) return;
    subWorkflow.execute(parent, task, this);
    this.persistTask(task);
    if (isTerminalTaskStatus(task.status)) this.hooks.expediteJoins(parent);
    this.hooks.decideSoon(parent);
  }

  // ---------------------------------------------------------------- scheduling

  /** `WorkflowExecutorOps.setTaskDomains`: worker tasks only; the last domain of a list wins (no pollers). */
  private setTaskDomains(tasks: readonly TaskModel[], wf: WorkflowModel): void {
    const map = wf.taskToDomain;
    const pick = (text: string): string | null => {
      const parts = text.split(',');
      const last = (parts[parts.length - 1] ?? '').trim();
      return last.toUpperCase() === 'NO_DOMAIN' ? null : last;
    };
    const star = map['*'];
    for (const task of tasks) {
      if (this.isSystemTask(task.taskType)) continue;
      if (star !== undefined && star.trim() !== '') task.domain = pick(star);
      const own = map[task.taskType];
      if (own !== undefined) task.domain = pick(own);
    }
  }

  /** `WorkflowExecutorOps.dedupAndAddTasks`. */
  private dedupAndAddTasks(instance: Instance, tasks: readonly TaskModel[]): TaskModel[] {
    const fresh = tasks.filter((t) => !instance.hasRefAttempt(t.referenceTaskName, t.retryCount));
    for (const t of fresh) this.appendTask(instance, t);
    return fresh;
  }

  private appendTask(instance: Instance, task: TaskModel): void {
    instance.append(task);
    this.taskOwner.set(task.taskId, instance);
  }

  /**
   * `WorkflowExecutorOps.scheduleTask`: numbers, persists, starts sync system tasks and queues
   * the rest. `appendAfter` is the DO_WHILE path, which schedules before appending.
   */
  private scheduleTasks(instance: Instance, tasks: readonly TaskModel[], appendAfter = false): boolean {
    if (tasks.length === 0) return false;
    let started = false;
    let count = instance.maxSeq;
    const now = this.now();
    for (const t of tasks) {
      if (t.seq === 0) t.seq = ++count;
      if (t.firstScheduledTime === 0) t.firstScheduledTime = now;
    }
    if (appendAfter) for (const t of tasks) this.appendTask(instance, t);
    else if (count > instance.maxSeq) instance.maxSeq = count;
    for (const t of tasks) {
      // ExecutionDAO.createTasks: scheduledTime is set on insert; nothing else is stamped.
      t.scheduledTime = now;
      t.stored = storedStateOf(t);
      this.ctx.log.task(t);
      this.touched[this.touched.length - 1]?.add(t);
    }
    const toQueue: TaskModel[] = [];
    for (const t of tasks) {
      const system = this.system(t.taskType);
      if (system === undefined) {
        toQueue.push(t);
        continue;
      }
      if (!isTerminalTaskStatus(t.status) && t.startTime === 0) t.startTime = now;
      if (!system.isAsync) {
        system.start(instance, t, this);
        started = true;
        this.persistTask(t);
      } else toQueue.push(t);
    }
    for (const t of toQueue) this.hooks.queued(instance, t, queueDelayMs(t));
    return started;
  }

  // ---------------------------------------------------------------- updates from outside

  /** `WorkflowExecutorOps.updateTask`: a worker (or a mock, or a signal) reports a result. */
  updateTask(result: TaskResultInput): TaskModel | undefined {
    const instance = this.taskOwner.get(result.taskId);
    const task = instance?.taskById(result.taskId);
    if (instance === undefined || task === undefined) return undefined;
    {
      if (isTerminalTaskStatus(task.status) || isTerminalWorkflowStatus(instance.wf.status)) {
        this.hooks.dequeued(task);
        return task;
      }
      if (!this.isSystemTask(task.taskType) && result.status === 'IN_PROGRESS') task.status = 'SCHEDULED';
      else task.status = result.status;
      task.reasonForIncompletion = result.reasonForIncompletion;
      task.workerId = result.workerId;
      task.callbackAfterSeconds = result.callbackAfterSeconds;
      task.outputData = result.outputData;
      task.subWorkflowId = result.subWorkflowId;
      this.checkPayload(task);
      if (isTerminalTaskStatus(task.status)) {
        task.endTime = this.now();
        this.hooks.dequeued(task);
      } else this.hooks.queued(instance, task, result.callbackAfterSeconds * 1000);
      this.persistTask(task);
      if (!this.isLazy(instance, task)) this.decide(instance);
      else this.hooks.expediteJoins(instance);
      return task;
    }
  }

  /** `WorkflowExecutorOps.isLazyEvaluateWorkflow`. */
  private isLazy(instance: Instance, task: TaskModel): boolean {
    if (task.isLoopOverTask()) return false;
    const ref = task.referenceTaskName;
    const nodes = instance.bp.nodes;
    const inFork = nodes.some((n) => nodeType(n) === 'FORK_JOIN' && instance.bp.has(n, ref));
    if (!inFork) return false;
    return nodes.some((n) => nodeType(n) === 'JOIN' && (n.joinOn ?? []).includes(ref)) && isSuccessfulTaskStatus(task.status);
  }

  /**
   * Writes a task row directly, bypassing `updateTask` (the test endpoint's `executionTime` path,
   * shared/spec engine-semantics §7.6): no status mapping, no time stamping.
   */
  storeRaw(task: TaskModel, changes: { status: TaskStatus; output: JsonMap; scheduledTime: number; startTime: number }): void {
    task.scheduledTime = changes.scheduledTime;
    task.startTime = changes.startTime;
    task.status = changes.status;
    task.outputData = { ...task.outputData, ...changes.output };
    task.stored = storedStateOf(task);
    this.ctx.log.task(task);
  }

  /** A worker poll: the task is handed out (`ExecutionService.poll`). */
  pollTask(task: TaskModel, workerId: string | null): void {
    const now = this.now();
    task.status = 'IN_PROGRESS';
    if (task.startTime === 0) task.startTime = now;
    task.callbackAfterSeconds = 0;
    task.pollCount++;
    task.workerId = workerId;
    this.persistTask(task);
  }

  // ---------------------------------------------------------------- async system-task ticks

  /**
   * One execution of an async system task by a system-task worker
   * (`AsyncSystemTaskExecutor.execute`). Returns the delay in ms before the next tick, or
   * undefined when the task left its queue. HTTP is split by the driver (see `http-task.ts`).
   */
  tick(task: TaskModel): number | undefined {
    const instance = this.taskOwner.get(task.taskId);
    const system = this.system(task.taskType);
    if (instance === undefined || system === undefined || !system.isAsync) return undefined;
    if (isTerminalTaskStatus(task.status)) return undefined;
    let completed = false;
    let remove = false;
    let next: number | undefined;
    try {
      if (isTerminalWorkflowStatus(instance.wf.status)) {
        task.status = 'CANCELED';
        task.reasonForIncompletion = `Workflow is in ${instance.wf.status} state`;
        remove = true;
        return undefined;
      }
      const asyncComplete = system.isAsyncComplete(task);
      if (task.status === 'SCHEDULED' || !asyncComplete) task.pollCount++;
      const scheduled = task.status === 'SCHEDULED';
      if (scheduled) {
        task.startTime = this.now();
        this.persistTask(task);
        system.start(instance, task, this);
      } else if (task.status === 'IN_PROGRESS') system.execute(instance, task, this);
      if (asyncComplete && task.status !== 'SCHEDULED') {
        remove = true;
        completed = true;
      } else if (isTerminalTaskStatus(task.status)) {
        task.endTime = this.now();
        remove = true;
        completed = true;
      } else {
        const offset = system.evaluationOffset?.(task, this) ?? 30;
        task.callbackAfterSeconds = offset;
        next = offset * 1000;
      }
      return next;
    } finally {
      this.persistTask(task);
      if (remove) this.hooks.dequeued(task);
      if (completed) this.decide(instance);
    }
  }

  /** Applies the result of an HTTP call (or a mock) to an HTTP task's first tick. */
  completeAsyncStart(task: TaskModel, apply: () => void): void {
    const instance = this.taskOwner.get(task.taskId);
    if (instance === undefined) return;
    let completed = false;
    try {
      if (isTerminalWorkflowStatus(instance.wf.status) || isTerminalTaskStatus(task.status)) return;
      task.pollCount++;
      task.startTime = this.now();
      apply();
      const system = this.system(task.taskType);
      const asyncComplete = system?.isAsyncComplete(task) ?? false;
      if ((asyncComplete && task.status !== 'SCHEDULED') || isTerminalTaskStatus(task.status)) {
        if (isTerminalTaskStatus(task.status)) task.endTime = this.now();
        completed = true;
        this.hooks.dequeued(task);
      }
      this.persistTask(task);
    } finally {
      if (completed) this.decide(instance);
    }
  }

  /** Fails loudly on engine misuse from drivers. */
  requireInstance(workflowId: string): Instance {
    const instance = this.byId.get(workflowId);
    if (instance === undefined) throw new UsageError(`no workflow with id ${workflowId} in this run`);
    return instance;
  }
}

/** The queue delay of a newly scheduled task (`addTaskToQueue`). */
function queueDelayMs(task: TaskModel): number {
  if (task.callbackAfterMs > 0) return task.callbackAfterMs;
  if (task.callbackAfterSeconds > 0) return task.callbackAfterSeconds * 1000;
  return 0;
}

/**
 * Retry delay in seconds (DeciderService.retry), in Java 32-bit int arithmetic: overflow wraps,
 * a negative product is clamped to Integer.MAX_VALUE, `maxRetryDelaySeconds` caps (engine-semantics §4.2).
 */
export function retryDelaySeconds(def: EffectiveTaskDef, retryCount: number): number {
  let delay: number;
  switch (def.retryLogic) {
    case 'LINEAR_BACKOFF': {
      const raw = Math.imul(Math.imul(def.retryDelaySeconds | 0, def.backoffScaleFactor | 0), (retryCount + 1) | 0);
      delay = raw < 0 ? INT_MAX : raw;
      break;
    }
    case 'EXPONENTIAL_BACKOFF': {
      const pow = retryCount >= 31 ? INT_MAX : 2 ** retryCount;
      const raw = Math.imul(def.retryDelaySeconds | 0, pow | 0);
      delay = raw < 0 ? INT_MAX : raw;
      break;
    }
    default:
      delay = def.retryDelaySeconds | 0;
  }
  const cap = def.maxRetryDelaySeconds;
  return cap > 0 && delay > cap ? cap : delay;
}

/**
 * The fields of a task that can change after it is created, as last persisted. Everything else
 * (ids, ref, type, definition node) is fixed at creation.
 */
export interface StoredState {
  readonly status: TaskStatus;
  readonly executed: boolean;
  readonly retried: boolean;
  readonly inputData: JsonMap;
  readonly outputData: JsonMap;
  readonly reasonForIncompletion: string | null;
  readonly iteration: number;
  readonly callbackAfterSeconds: number;
  readonly scheduledTime: number;
  readonly startTime: number;
  readonly endTime: number;
  readonly updateTime: number;
  readonly pollCount: number;
  readonly workerId: string | null;
  readonly subWorkflowId: string | null;
  readonly waitTimeout: number;
  readonly seq: number;
}

function storedStateOf(t: TaskModel): StoredState {
  return {
    status: t.status,
    executed: t.executed,
    retried: t.retried,
    inputData: t.inputData,
    outputData: t.outputData,
    reasonForIncompletion: t.reasonForIncompletion,
    iteration: t.iteration,
    callbackAfterSeconds: t.callbackAfterSeconds,
    scheduledTime: t.scheduledTime,
    startTime: t.startTime,
    endTime: t.endTime,
    updateTime: t.updateTime,
    pollCount: t.pollCount,
    workerId: t.workerId,
    subWorkflowId: t.subWorkflowId,
    waitTimeout: t.waitTimeout,
    seq: t.seq,
  };
}

function sameStoredState(t: TaskModel, s: StoredState): boolean {
  return (
    t.status === s.status &&
    t.executed === s.executed &&
    t.retried === s.retried &&
    t.inputData === s.inputData &&
    t.outputData === s.outputData &&
    t.reasonForIncompletion === s.reasonForIncompletion &&
    t.iteration === s.iteration &&
    t.callbackAfterSeconds === s.callbackAfterSeconds &&
    t.scheduledTime === s.scheduledTime &&
    t.startTime === s.startTime &&
    t.endTime === s.endTime &&
    t.updateTime === s.updateTime &&
    t.pollCount === s.pollCount &&
    t.workerId === s.workerId &&
    t.subWorkflowId === s.subWorkflowId &&
    t.waitTimeout === s.waitTimeout &&
    t.seq === s.seq
  );
}

/** Restores a task to its stored state (plain writes; the caller rebuilds indexes when flags changed). */
function restoreStored(t: TaskModel, s: StoredState): void {
  const owner = t.owner;
  t.owner = null;
  t.status = s.status;
  t.executed = s.executed;
  t.retried = s.retried;
  t.owner = owner;
  t.inputData = s.inputData;
  t.outputData = s.outputData;
  t.reasonForIncompletion = s.reasonForIncompletion;
  t.iteration = s.iteration;
  t.callbackAfterSeconds = s.callbackAfterSeconds;
  t.scheduledTime = s.scheduledTime;
  t.startTime = s.startTime;
  t.endTime = s.endTime;
  t.updateTime = s.updateTime;
  t.pollCount = s.pollCount;
  t.workerId = s.workerId;
  t.subWorkflowId = s.subWorkflowId;
  t.waitTimeout = s.waitTimeout;
  t.seq = s.seq;
}

/**
 * DO_WHILE keeps references to its loop tasks' output maps in its own output (Java aliasing), so a
 * loop task that finishes later in the same decide shows up in the DO_WHILE's output when it is
 * written. Outputs here are copy-on-write, so the aliases are re-read when the DO_WHILE persists.
 */
function refreshAliasedOutput(task: TaskModel): void {
  const iteration = task.aliasIteration;
  const tasks = task.aliasTasks;
  if (iteration === null || tasks === null) return;
  const current = task.outputData[iteration];
  if (typeof current !== 'object' || current === null) return;
  const refreshed: JsonMap = { ...(current as JsonMap) };
  for (const [ref, loopTask] of tasks) if (ref in refreshed) refreshed[ref] = loopTaskOutput(loopTask);
  task.outputData[iteration] = refreshed;
}
