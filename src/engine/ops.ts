/**
 * The contract between the executor and the task types (the engine's internal port), modelled
 * on Conductor's `TaskMapper` / `TaskMapperContext` (core/.../execution/mapper/) and
 * `WorkflowSystemTask` (core/.../execution/tasks/WorkflowSystemTask.java).
 */
import type { TaskDef, WorkflowDef } from '../definitions/index.js';
import type { JqEngine, ScriptEngine, ScriptOutcome, ScriptRequest } from '../expressions/index.js';
import type { PublishedMessage, TaskStatus } from '../trace/index.js';
import type { MetadataRegistry } from './blueprint.js';
import type { Instance } from './instance.js';
import type { JsonMap, PreparedTask, TaskModel } from './model.js';

/**
 * Raised inside a decide to end the workflow (Conductor's `TerminateWorkflowException`).
 * Control flow only: it never leaves the engine.
 */
export class TerminateSignal {
  readonly reason: string;
  readonly status: 'FAILED' | 'TIMED_OUT' | 'TERMINATED' | 'COMPLETED';
  readonly task: TaskModel | null;

  constructor(reason: string, status: TerminateSignal['status'] = 'FAILED', task: TaskModel | null = null) {
    this.reason = reason;
    this.status = status;
    this.task = task;
  }
}

/** Raised when a decide cannot proceed and the server would leave the workflow as it was (a runtime exception in decide). */
export class DecideAbort {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

/** A failure to start a workflow (unknown definition…), reported like the server's start error. */
export class StartWorkflowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartWorkflowError';
  }
}

/** What a mapper receives (Conductor's `TaskMapperContext`). */
export interface MapperContext {
  readonly instance: Instance;
  readonly node: PreparedTask;
  readonly taskDefinition: TaskDef | null;
  /** The node's inputParameters evaluated without TaskDef and task id ("context input"), computed on first read. */
  readonly taskInput: JsonMap;
  readonly retryCount: number;
  readonly retriedTaskId: string | null;
  readonly taskId: string;
  readonly ops: ExecutorOps;
  /** Conductor's `createTaskModel()`: the common template every mapper starts from. */
  createTaskModel(): TaskModel;
}

/** Maps a definition node to the runtime tasks it creates. */
export interface TaskMapper {
  map(ctx: MapperContext): TaskModel[];
}

/** Behaviour of a system task type, keyed by runtime `taskType`. */
export interface SystemTask {
  readonly taskType: string;
  /** Async tasks run on a background tick; sync ones inside the decide. */
  readonly isAsync: boolean;
  isAsyncComplete(task: TaskModel): boolean;
  start(instance: Instance, task: TaskModel, ops: ExecutorOps): void;
  /** Returns true when the task changed and must be persisted. */
  execute(instance: Instance, task: TaskModel, ops: ExecutorOps): boolean;
  cancel(instance: Instance, task: TaskModel, ops: ExecutorOps): void;
  /** Seconds until the next tick of a still-running async task (`getEvaluationOffset`). */
  evaluationOffset?(task: TaskModel, ops: ExecutorOps): number | undefined;
}

/** A task type module: its mapper (by definition type) and its system behaviour (by runtime type). */
export interface TaskTypeModule {
  /** Definition `type` values this mapper handles. */
  readonly definitionTypes: readonly string[];
  readonly mapper: TaskMapper;
  readonly system?: SystemTask;
}

/** Start request for a workflow (Conductor's `StartWorkflowInput`). */
export interface StartWorkflowInput {
  readonly name?: string | null;
  readonly version?: number | null;
  readonly definition?: WorkflowDef | null;
  readonly input?: JsonMap | null;
  readonly correlationId?: string | null;
  readonly priority?: number | null;
  readonly taskToDomain?: Record<string, string> | null;
  readonly workflowId?: string | null;
  readonly parentWorkflowId?: string | null;
  readonly parentWorkflowTaskId?: string | null;
  /** True for sub-workflows: the first decide is queued instead of run inside the start call. */
  readonly queueFirstDecide?: boolean;
  /** Which workflow caused this start (failure workflow, START_WORKFLOW), for the trace. */
  readonly cause?: 'test' | 'sub-workflow' | 'failure-workflow' | 'start-workflow';
  /** The workflow and task reference that start this one (SUB_WORKFLOW, START_WORKFLOW), for budget errors. */
  readonly startedBy?: { readonly workflowName: string; readonly taskReferenceName: string };
}

/** A task-result update (Conductor's `TaskResult`). */
export interface TaskResultInput {
  readonly taskId: string;
  readonly status: 'IN_PROGRESS' | 'FAILED' | 'FAILED_WITH_TERMINAL_ERROR' | 'COMPLETED' | 'CANCELED';
  readonly outputData: JsonMap;
  readonly reasonForIncompletion: string | null;
  readonly callbackAfterSeconds: number;
  readonly workerId: string | null;
  readonly subWorkflowId: string | null;
}

/** What task types may ask of the executor. */
export interface ExecutorOps {
  readonly registry: MetadataRegistry;
  now(): number;
  newId(): string;
  /** Evaluates parameters against the instance ("task input" with a TaskDef/id, or "context input" without). */
  evaluate(params: JsonMap | null | undefined, instance: Instance, taskDef?: TaskDef | null, taskId?: string | null): JsonMap;
  /** Resolves a single value the way a parameter value is resolved. */
  evaluateValue(value: unknown, instance: Instance, taskDef?: TaskDef | null, taskId?: string | null): unknown;
  getTasksToBeScheduled(instance: Instance, node: PreparedTask, retryCount: number, retriedTaskId?: string | null): TaskModel[];
  /** DO_WHILE: schedules the first loopOver node for the loop task's current iteration (appended now). */
  scheduleNextIteration(loopTask: TaskModel, instance: Instance): void;
  /** Removes old loop iterations (keepLastN). */
  removeTasks(instance: Instance, tasks: ReadonlySet<TaskModel>): void;
  isSystemTask(taskType: string): boolean;
  /** Runs JavaScript in the sandbox; throws an engine configuration error if scripts were not loaded. */
  runScript(request: Omit<ScriptRequest, 'nowMs' | 'seed'>, label: string): ScriptOutcome;
  jq(): JqEngine;
  scriptEngine(): ScriptEngine;
  startWorkflow(input: StartWorkflowInput): Instance;
  instance(workflowId: string): Instance | undefined;
  /** Terminates a workflow (used to cancel a child when its parent ends). */
  terminateWorkflow(instance: Instance, reason: string): void;
  publish(message: Omit<PublishedMessage, 'at'>): void;
  /** True when EVENT messages to this queue type (`conductor`, `sqs`…) are accepted. */
  acceptsQueueType(type: string): boolean;
  /** Host environment for `${workflow.env.X}` and system parameters. */
  readonly env: Readonly<Record<string, string>>;
  /** Default zone for WAIT `until` values without a zone. */
  readonly waitZone: string;
  /** Payload limits. */
  readonly maxVariablesBytes: number;
  /** Iterations one DO_WHILE may run before the run ends with an EngineLimitError. */
  readonly maxLoopIterations: number;
  /** Records a status the task reached outside the normal persist points (for the event log). */
  noteStatus(task: TaskModel, status: TaskStatus): void;
}
