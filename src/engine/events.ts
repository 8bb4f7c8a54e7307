/**
 * The ordered event log of a run: every status a task or workflow reached, retries, signals and
 * clock moves, each with its virtual timestamp. Recorded where the server persists state, so the
 * log shows what an observer of the server would have seen.
 */
import type { PublishedMessage, TaskStatus, TraceEvent, TraceEventKind, WorkflowStatus } from '../trace/index.js';
import type { TaskModel, WorkflowModel } from './model.js';

const TASK_EVENT: Readonly<Record<TaskStatus, TraceEventKind>> = {
  SCHEDULED: 'task.scheduled',
  IN_PROGRESS: 'task.started',
  COMPLETED: 'task.completed',
  COMPLETED_WITH_ERRORS: 'task.completed',
  FAILED: 'task.failed',
  FAILED_WITH_TERMINAL_ERROR: 'task.failed',
  TIMED_OUT: 'task.timed_out',
  CANCELED: 'task.canceled',
  SKIPPED: 'task.skipped',
};

/** Collects trace events and published messages for one run. */
export class EventLog {
  readonly events: TraceEvent[] = [];
  readonly messages: PublishedMessage[] = [];
  private readonly lastTaskStatus = new Map<string, TaskStatus>();
  private readonly lastWorkflowStatus = new Map<string, WorkflowStatus>();
  private readonly now: () => number;
  /** When false nothing is recorded (benchmarks of the bare engine). */
  enabled = true;

  constructor(now: () => number) {
    this.now = now;
  }

  private push(event: Omit<TraceEvent, 'n' | 'at'>): void {
    this.events.push({ n: this.events.length + 1, at: this.now(), ...event });
  }

  /** Records the task's status if it differs from the last one recorded for it. */
  task(task: TaskModel, status: TaskStatus = task.status): void {
    if (!this.enabled) return;
    const previous = this.lastTaskStatus.get(task.taskId);
    if (previous === status) return;
    this.lastTaskStatus.set(task.taskId, status);
    // Built in its final shape (n and at first), not spread into a second object by push().
    const event: Record<string, unknown> = {
      n: this.events.length + 1,
      at: this.now(),
      kind: TASK_EVENT[status],
      workflowId: task.workflowInstanceId,
      taskId: task.taskId,
      ref: task.referenceTaskName,
      taskType: task.taskType,
      status,
      attempt: task.retryCount + 1,
    };
    if (task.reasonForIncompletion !== null && (status === 'FAILED' || status === 'FAILED_WITH_TERMINAL_ERROR' || status === 'TIMED_OUT' || status === 'CANCELED' || status === 'COMPLETED_WITH_ERRORS')) {
      event['reason'] = task.reasonForIncompletion;
    }
    this.events.push(event as unknown as TraceEvent);
  }

  /** Records that a retry copy was created for `failed`, due after `delayMs`. */
  retried(failed: TaskModel, copy: TaskModel, delayMs: number): void {
    if (!this.enabled) return;
    this.push({
      kind: 'task.retried',
      workflowId: failed.workflowInstanceId,
      taskId: failed.taskId,
      ref: failed.referenceTaskName,
      taskType: failed.taskType,
      attempt: copy.retryCount + 1,
      detail: { nextTaskId: copy.taskId, delayMs },
    });
  }

  /** Records the workflow's status if it changed. */
  workflow(workflow: WorkflowModel, detail?: Readonly<Record<string, unknown>>): void {
    if (!this.enabled) return;
    const previous = this.lastWorkflowStatus.get(workflow.workflowId);
    if (previous === workflow.status) return;
    this.lastWorkflowStatus.set(workflow.workflowId, workflow.status);
    const event: Record<string, unknown> = {
      kind: previous === undefined ? 'workflow.started' : 'workflow.status',
      workflowId: workflow.workflowId,
      status: workflow.status,
    };
    if (workflow.reasonForIncompletion !== null && previous !== undefined) event['reason'] = workflow.reasonForIncompletion;
    if (detail !== undefined) event['detail'] = detail;
    this.push(event as Omit<TraceEvent, 'n' | 'at'>);
  }

  /** Records a signal or a manual task completion sent by the test. */
  signal(task: TaskModel, status: string): void {
    if (!this.enabled) return;
    this.push({ kind: 'signal', workflowId: task.workflowInstanceId, taskId: task.taskId, ref: task.referenceTaskName, taskType: task.taskType, status });
  }

  /** Records a move of the virtual clock requested by the test. */
  clockAdvanced(workflowId: string, fromMs: number, toMs: number): void {
    if (!this.enabled) return;
    this.push({ kind: 'clock.advanced', workflowId, detail: { fromMs, toMs } });
  }

  /** Records an HTTP call made by an HTTP task. */
  httpCall(task: TaskModel, detail: Readonly<Record<string, unknown>>): void {
    if (!this.enabled) return;
    this.push({ kind: 'http.call', workflowId: task.workflowInstanceId, taskId: task.taskId, ref: task.referenceTaskName, taskType: task.taskType, detail });
  }

  /** Captures a message published by EVENT or KAFKA_PUBLISH. */
  message(message: Omit<PublishedMessage, 'at'>): void {
    const at = this.now();
    this.messages.push({ at, ...message });
    if (!this.enabled) return;
    this.push({
      kind: 'message.published',
      workflowId: message.workflowId,
      taskId: message.taskId,
      ref: message.ref,
      taskType: message.taskType,
      detail: { destination: message.destination },
    });
  }
}
