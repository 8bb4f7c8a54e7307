/**
 * The engine's internal, mutable state: one {@link TaskModel} per task instance and one
 * {@link WorkflowModel} per workflow instance, mirroring Conductor's own
 * core/src/main/java/com/netflix/conductor/model/TaskModel.java and WorkflowModel.java,
 * including the internal fields that drive behaviour but never reach the JSON
 * (`firstScheduledTime`, `callbackAfterMs`, `waitTimeout`).
 *
 * Rule that keeps snapshots cheap: `inputData` and `outputData` objects are never mutated after a
 * task is persisted; every change assigns a new object. A shallow copy of a TaskModel is therefore
 * a faithful snapshot.
 */
import type { TaskDef, WorkflowDef, WorkflowTask } from '../definitions/index.js';
import type { TaskRun, TaskStatus, WorkflowRun, WorkflowStatus } from '../trace/index.js';

/** A JSON object owned by the engine. */
export type JsonMap = Record<string, unknown>;

/** A definition node with the TaskDef Conductor attached to it at workflow start. */
export type PreparedTask = WorkflowTask & { taskDefinition?: TaskDef | null };

/** Marks an output key that did not exist, in an undo log. */
export const ABSENT: unique symbol = Symbol('absent');

/** Receives the changes of the fields the engine keeps indexes on. */
export interface TaskChangeListener {
  onStatus(task: TaskModel, from: TaskStatus, to: TaskStatus): void;
  onExecuted(task: TaskModel, value: boolean): void;
  onRetried(task: TaskModel, value: boolean): void;
}

/** One task instance. Field names and meanings follow Conductor's TaskModel. */
export class TaskModel {
  taskId = '';
  referenceTaskName = '';
  taskType = '';
  taskDefName = '';
  /** The workflow instance that indexes this task; null until the task is appended. */
  owner: TaskChangeListener | null = null;
  private statusValue: TaskStatus = 'SCHEDULED';
  private executedValue = false;
  private retriedValue = false;

  get status(): TaskStatus {
    return this.statusValue;
  }
  set status(value: TaskStatus) {
    const from = this.statusValue;
    if (from === value) return;
    this.statusValue = value;
    this.owner?.onStatus(this, from, value);
  }
  get executed(): boolean {
    return this.executedValue;
  }
  set executed(value: boolean) {
    if (this.executedValue === value) return;
    this.executedValue = value;
    this.owner?.onExecuted(this, value);
  }
  get retried(): boolean {
    return this.retriedValue;
  }
  set retried(value: boolean) {
    if (this.retriedValue === value) return;
    this.retriedValue = value;
    this.owner?.onRetried(this, value);
  }
  seq = 0;
  retryCount = 0;
  iteration = 0;
  scheduledTime = 0;
  startTime = 0;
  endTime = 0;
  updateTime = 0;
  /** Stamped the first time the task is scheduled; carried over to retry copies. */
  firstScheduledTime = 0;
  inputData: JsonMap = {};
  outputData: JsonMap = {};
  reasonForIncompletion: string | null = null;
  retriedTaskId: string | null = null;
  callbackAfterSeconds = 0;
  /** Retry delay including jitter, in ms (internal). */
  callbackAfterMs = 0;
  startDelayInSeconds = 0;
  pollCount = 0;
  responseTimeoutSeconds = 0;
  rateLimitPerFrequency = 0;
  rateLimitFrequencyInSeconds = 0;
  workflowInstanceId = '';
  workflowType = '';
  correlationId: string | null = null;
  workflowPriority = 0;
  subWorkflowId: string | null = null;
  workerId: string | null = null;
  domain: string | null = null;
  /** WAIT: instant the wait ends (0 = wait for a signal). */
  waitTimeout = 0;
  /** The definition node this task was created from. */
  workflowTask: PreparedTask | null = null;
  /** The task's mutable fields as last persisted (what the server's store holds); null until first persisted. */
  stored: import('./executor.js').StoredState | null = null;
  /** DO_WHILE only, within one decide: the iteration whose output entries alias loop tasks' outputs. */
  aliasIteration: string | null = null;
  /** DO_WHILE only, within one decide: base ref → loop task whose output the entry aliases. */
  aliasTasks: readonly (readonly [string, TaskModel])[] | null = null;
  /**
   * DO_WHILE only: output keys written in place since the last persist, with their previous values
   * (ABSENT when new). A DO_WHILE's output is the one output mutated in place (it grows with every
   * iteration); everything else is copy-on-write.
   */
  outputUndo: Map<string, unknown> | null = null;
  /**
   * DO_WHILE only, engine bookkeeping: how often `execute` found no task of the current iteration
   * and restarted the loop at iteration 1 (once is the normal start). Not part of the trace.
   */
  loopRestarts = 0;
  /**
   * Engine bookkeeping: the task's start failed in a way a retry cannot change (a SUB_WORKFLOW
   * definition that does not convert); the server would retry it for ever, so it is not ticked again.
   */
  stuck = false;

  /** A copy with a new identity (Conductor's `TaskModel.copy()`). */
  copy(): TaskModel {
    const copy = Object.assign(new TaskModel(), this);
    copy.owner = null;
    copy.stored = null;
    copy.aliasIteration = null;
    copy.aliasTasks = null;
    copy.outputUndo = null;
    copy.stuck = false;
    copy.loopRestarts = 0;
    copy.outputData = this.taskType === 'DO_WHILE' ? { ...this.outputData } : this.outputData;
    return copy;
  }

  /** The attached TaskDef (Conductor's `getTaskDefinition()`). */
  taskDefinition(): TaskDef | null {
    return this.workflowTask?.taskDefinition ?? null;
  }

  /** True for tasks created inside a DO_WHILE iteration (Conductor's `isLoopOverTask`). */
  isLoopOverTask(): boolean {
    return this.iteration > 0;
  }
}

/** One workflow instance. Field names and meanings follow Conductor's WorkflowModel. */
export class WorkflowModel {
  workflowId = '';
  status: WorkflowStatus = 'RUNNING';
  input: JsonMap = {};
  output: JsonMap = {};
  variables: JsonMap = {};
  reasonForIncompletion: string | null = null;
  failedReferenceTaskNames = new Set<string>();
  failedTaskNames = new Set<string>();
  /** Internal: id of the task that caused a failure (surfaces as `failureTaskId`). */
  failedTaskId: string | null = null;
  createTime = 0;
  updateTime = 0;
  endTime = 0;
  lastRetriedTime = 0;
  correlationId: string | null = null;
  priority = 0;
  parentWorkflowId: string | null = null;
  parentWorkflowTaskId: string | null = null;
  taskToDomain: Record<string, string> = {};
  definition: WorkflowDef;
  tasks: TaskModel[] = [];

  constructor(definition: WorkflowDef) {
    this.definition = definition;
  }

  get workflowName(): string {
    return this.definition.name;
  }

  get workflowVersion(): number {
    return this.definition.version ?? 1;
  }
}

function withOptional<T extends object>(target: T, key: string, value: string | null | undefined): T {
  if (value !== null && value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}

/** The JSON shape of a task (omits null properties, as the server's ObjectMapper does). */
export function toTaskRun(task: TaskModel): TaskRun {
  const run = {
    taskId: task.taskId,
    referenceTaskName: task.referenceTaskName,
    taskType: task.taskType,
    taskDefName: task.taskDefName,
    status: task.status,
    seq: task.seq,
    retryCount: task.retryCount,
    iteration: task.iteration,
    scheduledTime: task.scheduledTime,
    startTime: task.startTime,
    endTime: task.endTime,
    updateTime: task.updateTime,
    inputData: task.inputData,
    outputData: task.taskType === 'DO_WHILE' ? { ...task.outputData } : task.outputData,
    retried: task.retried,
    executed: task.executed,
    callbackAfterSeconds: task.callbackAfterSeconds,
    startDelayInSeconds: task.startDelayInSeconds,
    pollCount: task.pollCount,
    responseTimeoutSeconds: task.responseTimeoutSeconds,
    workflowInstanceId: task.workflowInstanceId,
    workflowType: task.workflowType,
  };
  withOptional(run, 'reasonForIncompletion', task.reasonForIncompletion);
  withOptional(run, 'retriedTaskId', task.retriedTaskId);
  withOptional(run, 'correlationId', task.correlationId);
  withOptional(run, 'subWorkflowId', task.subWorkflowId);
  withOptional(run, 'workerId', task.workerId);
  withOptional(run, 'domain', task.domain);
  return run as TaskRun;
}

/** The JSON shape of a workflow with its tasks in `seq` order. */
export function toWorkflowRun(workflow: WorkflowModel): WorkflowRun {
  const run = {
    workflowId: workflow.workflowId,
    workflowName: workflow.workflowName,
    workflowVersion: workflow.workflowVersion,
    status: workflow.status,
    input: workflow.input,
    output: workflow.output,
    variables: workflow.variables,
    failedReferenceTaskNames: [...workflow.failedReferenceTaskNames],
    failedTaskNames: [...workflow.failedTaskNames],
    createTime: workflow.createTime,
    updateTime: workflow.updateTime,
    endTime: workflow.endTime,
    priority: workflow.priority,
    taskToDomain: workflow.taskToDomain,
    tasks: workflow.tasks.map(toTaskRun),
  };
  withOptional(run, 'reasonForIncompletion', workflow.reasonForIncompletion);
  withOptional(run, 'correlationId', workflow.correlationId);
  withOptional(run, 'parentWorkflowId', workflow.parentWorkflowId);
  withOptional(run, 'parentWorkflowTaskId', workflow.parentWorkflowTaskId);
  return run as WorkflowRun;
}
