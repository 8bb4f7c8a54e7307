/**
 * The trace model: what one run of a workflow produced, in the shape of Conductor's own
 * `Workflow` / `Task` JSON (common/src/main/java/com/netflix/conductor/common/run/Workflow.java,
 * common/.../metadata/tasks/Task.java), plus an ordered event log with virtual timestamps.
 *
 * The engine produces traces; a real server's answer is normalised into the same shape
 * (src/remote); matchers, snapshots, coverage and diffs read nothing else.
 *
 * Times are epoch milliseconds on the virtual clock (0 means "never set", as on the server).
 */

/** Task statuses (model/TaskModel.java `Status`). */
export const TaskStatus = {
  IN_PROGRESS: 'IN_PROGRESS',
  CANCELED: 'CANCELED',
  FAILED: 'FAILED',
  FAILED_WITH_TERMINAL_ERROR: 'FAILED_WITH_TERMINAL_ERROR',
  COMPLETED: 'COMPLETED',
  COMPLETED_WITH_ERRORS: 'COMPLETED_WITH_ERRORS',
  SCHEDULED: 'SCHEDULED',
  TIMED_OUT: 'TIMED_OUT',
  SKIPPED: 'SKIPPED',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

/** Workflow statuses (model/WorkflowModel.java `Status`). */
export const WorkflowStatus = {
  RUNNING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  TERMINATED: 'TERMINATED',
  PAUSED: 'PAUSED',
} as const;
export type WorkflowStatus = (typeof WorkflowStatus)[keyof typeof WorkflowStatus];

/** Terminal task statuses. */
export function isTerminalTaskStatus(status: TaskStatus): boolean {
  return status !== 'SCHEDULED' && status !== 'IN_PROGRESS';
}

/** Conductor's "successful": everything except FAILED, TIMED_OUT, FAILED_WITH_TERMINAL_ERROR, CANCELED. */
export function isSuccessfulTaskStatus(status: TaskStatus): boolean {
  return status !== 'FAILED' && status !== 'TIMED_OUT' && status !== 'FAILED_WITH_TERMINAL_ERROR' && status !== 'CANCELED';
}

/** Terminal workflow statuses. */
export function isTerminalWorkflowStatus(status: WorkflowStatus): boolean {
  return status !== 'RUNNING' && status !== 'PAUSED';
}

/** One task instance (one attempt of one reference), shaped like Conductor's `Task` JSON. */
export interface TaskRun {
  readonly taskId: string;
  /** Runtime reference name; `ref__N` inside DO_WHILE iteration N. */
  readonly referenceTaskName: string;
  /** SIMPLE tasks: the task *name*; system tasks: their type (`FORK` for both fork kinds). */
  readonly taskType: string;
  readonly taskDefName: string;
  readonly status: TaskStatus;
  /** 1-based creation order within its workflow. */
  readonly seq: number;
  /** 0 for the first attempt, +1 for each retry copy. */
  readonly retryCount: number;
  /** Loop iteration (0 outside loops); a DO_WHILE task carries its current iteration. */
  readonly iteration: number;
  readonly scheduledTime: number;
  readonly startTime: number;
  readonly endTime: number;
  readonly updateTime: number;
  readonly inputData: Readonly<Record<string, unknown>>;
  readonly outputData: Readonly<Record<string, unknown>>;
  readonly reasonForIncompletion?: string;
  /** On a retry copy: the id of the attempt it replaces. */
  readonly retriedTaskId?: string;
  /** True on an attempt that has been superseded by a retry copy. */
  readonly retried: boolean;
  readonly executed: boolean;
  readonly callbackAfterSeconds: number;
  readonly startDelayInSeconds: number;
  readonly pollCount: number;
  readonly responseTimeoutSeconds: number;
  readonly workflowInstanceId: string;
  readonly workflowType: string;
  readonly correlationId?: string;
  readonly subWorkflowId?: string;
  readonly workerId?: string;
  readonly domain?: string;
}

/** One workflow instance, shaped like Conductor's `Workflow` JSON. */
export interface WorkflowRun {
  readonly workflowId: string;
  readonly workflowName: string;
  readonly workflowVersion: number;
  readonly status: WorkflowStatus;
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: Readonly<Record<string, unknown>>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly reasonForIncompletion?: string;
  readonly failedReferenceTaskNames: readonly string[];
  readonly failedTaskNames: readonly string[];
  readonly createTime: number;
  readonly updateTime: number;
  readonly endTime: number;
  readonly correlationId?: string;
  readonly parentWorkflowId?: string;
  readonly parentWorkflowTaskId?: string;
  readonly priority: number;
  readonly taskToDomain: Readonly<Record<string, string>>;
  /** Tasks in `seq` order. */
  readonly tasks: readonly TaskRun[];
}

/** Kinds of entries in the event log. */
export const TraceEventKind = {
  WORKFLOW_STARTED: 'workflow.started',
  WORKFLOW_STATUS: 'workflow.status',
  TASK_SCHEDULED: 'task.scheduled',
  TASK_STARTED: 'task.started',
  TASK_UPDATED: 'task.updated',
  TASK_COMPLETED: 'task.completed',
  TASK_FAILED: 'task.failed',
  TASK_TIMED_OUT: 'task.timed_out',
  TASK_CANCELED: 'task.canceled',
  TASK_RETRIED: 'task.retried',
  TASK_SKIPPED: 'task.skipped',
  SIGNAL: 'signal',
  CLOCK_ADVANCED: 'clock.advanced',
  MESSAGE_PUBLISHED: 'message.published',
  HTTP_CALL: 'http.call',
} as const;
export type TraceEventKind = (typeof TraceEventKind)[keyof typeof TraceEventKind];

/** One entry of the ordered event log. `at` is epoch ms on the virtual clock. */
export interface TraceEvent {
  /** Position in the log, from 1; the total order of events. */
  readonly n: number;
  readonly at: number;
  readonly kind: TraceEventKind;
  readonly workflowId: string;
  readonly taskId?: string;
  readonly ref?: string;
  readonly taskType?: string;
  /** The status after the event (task or workflow status). */
  readonly status?: string;
  /** Attempt number from 1 (retryCount + 1), for task events. */
  readonly attempt?: number;
  readonly reason?: string;
  /** Small free-form details (e.g. retry delay in ms, signal output keys). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** A message an EVENT or KAFKA_PUBLISH task published, captured for asserts. */
export interface PublishedMessage {
  readonly at: number;
  readonly workflowId: string;
  readonly taskId: string;
  readonly ref: string;
  /** `EVENT` or `KAFKA_PUBLISH`. */
  readonly taskType: string;
  /** Queue (`conductor:wf:ref`, `sqs:q`, …) or Kafka topic. */
  readonly destination: string;
  readonly payload: unknown;
  readonly key?: unknown;
  readonly headers?: Readonly<Record<string, unknown>>;
}

/** Where a trace came from. */
export type TraceSource = 'simulate' | 'server-compat' | 'remote';

/**
 * Everything one run produced: the top-level workflow, every other workflow instance it caused
 * (sub-workflows, failure workflows, START_WORKFLOW targets) in creation order, the event log and
 * captured messages.
 */
export interface Trace {
  readonly traceVersion: 1;
  readonly source: TraceSource;
  /** Virtual epoch ms at which the top-level workflow was started. */
  readonly startedAt: number;
  /** The seed ids were derived from (absent for remote traces). */
  readonly seed?: number;
  readonly workflow: WorkflowRun;
  /** Every workflow instance, the top-level one first. */
  readonly workflows: readonly WorkflowRun[];
  readonly events: readonly TraceEvent[];
  readonly messages: readonly PublishedMessage[];
}
