/**
 * Hand-built traces for tests of src/trace and src/remote (the engine does not produce traces
 * yet). Ids are UUID-shaped and derived from `seed`, so two builds with different seeds differ
 * only in ids — exactly what the serializer and the diff must see through.
 */
import type { TaskRun, TaskStatus, Trace, TraceEvent, TraceSource, WorkflowRun, WorkflowStatus } from '../../src/trace/index.js';

/** One task. Everything but `ref` has a default; `{task:N}` / `{wf}` in reasons become ids. */
export interface TaskSpec extends Partial<Omit<TaskRun, 'taskId' | 'workflowInstanceId' | 'workflowType' | 'subWorkflowId'>> {
  readonly ref: string;
  /** Offset of `scheduledTime` (and `startTime`) from the start, ms. @defaultValue 0 */
  readonly at?: number;
  /** Milliseconds from scheduled to end. @defaultValue 0 */
  readonly took?: number;
  /** A child workflow this task started: sets `subWorkflowId` and `outputData.subWorkflowId`. */
  readonly child?: WorkflowSpec;
}

export interface WorkflowSpec extends Partial<Omit<WorkflowRun, 'workflowId' | 'tasks' | 'parentWorkflowId' | 'parentWorkflowTaskId'>> {
  readonly name: string;
  readonly tasks: readonly TaskSpec[];
}

export interface BuildOptions {
  /** @defaultValue 1 */
  readonly seed?: number;
  /** @defaultValue 2024-01-01T00:00:00.000Z */
  readonly startedAt?: number;
  /** @defaultValue 'simulate' */
  readonly source?: TraceSource;
  /** Workflows no task points to (failure workflows…), appended after the tree. */
  readonly extra?: readonly WorkflowSpec[];
  /** Event log entries; `{task:N}` in `taskId` refers to the top-level workflow's task N. */
  readonly events?: readonly Omit<TraceEvent, 'workflowId'>[];
}

export const DEFAULT_START = Date.parse('2024-01-01T00:00:00.000Z');

/** A deterministic UUID-shaped id source (mulberry32 over the seed). */
export function idSource(seed: number): () => string {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => {
    const hex = [next(), next(), next(), next()].map((n) => n.toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
}

/** Builds a trace whose top-level workflow is `spec`. */
export function buildTrace(spec: WorkflowSpec, options: BuildOptions = {}): Trace {
  const nextId = idSource(options.seed ?? 1);
  const startedAt = options.startedAt ?? DEFAULT_START;
  const all: WorkflowRun[] = [];
  const root = buildWorkflow(spec, nextId, startedAt, all, undefined);
  for (const extra of options.extra ?? []) buildWorkflow(extra, nextId, startedAt, all, undefined);
  const rootTasks = root.tasks;
  const events = (options.events ?? []).map((event) => ({
    ...event,
    workflowId: root.workflowId,
    ...(event.taskId === undefined ? {} : { taskId: substitute(event.taskId, root.workflowId, rootTasks.map((t) => t.taskId)) }),
  }));
  return {
    traceVersion: 1,
    source: options.source ?? 'simulate',
    startedAt,
    ...(options.source === 'remote' ? {} : { seed: options.seed ?? 1 }),
    workflow: root,
    workflows: all,
    events,
    messages: [],
  };
}

function buildWorkflow(
  spec: WorkflowSpec,
  nextId: () => string,
  startedAt: number,
  all: WorkflowRun[],
  parent: { workflowId: string; taskId: string } | undefined,
): WorkflowRun {
  const workflowId = nextId();
  const taskIds = spec.tasks.map(() => nextId());
  const index = all.length;
  all.push(undefined as unknown as WorkflowRun);
  const tasks: TaskRun[] = spec.tasks.map((task, i) => {
    const { ref, at, took, child, ...rest } = task;
    const taskId = taskIds[i] ?? '';
    const scheduledTime = rest.scheduledTime ?? startedAt + (at ?? 0);
    const endTime = scheduledTime + (took ?? 0);
    const retryCount = rest.retryCount ?? 0;
    const previous = retryCount > 0 ? findLastIndex(spec.tasks.slice(0, i), (t) => t.ref === ref) : -1;
    const later = spec.tasks.slice(i + 1).some((t) => t.ref === ref && (t.retryCount ?? 0) === retryCount + 1);
    let subWorkflowId: string | undefined;
    if (child !== undefined) subWorkflowId = buildWorkflow(child, nextId, startedAt, all, { workflowId, taskId }).workflowId;
    const reason = rest.reasonForIncompletion;
    const built: TaskRun = {
      taskId,
      referenceTaskName: ref,
      taskType: rest.taskType ?? ref,
      taskDefName: rest.taskDefName ?? rest.taskType ?? ref,
      status: rest.status ?? ('COMPLETED' satisfies TaskStatus),
      seq: rest.seq ?? i + 1,
      retryCount,
      iteration: rest.iteration ?? 0,
      scheduledTime,
      startTime: rest.startTime ?? scheduledTime,
      endTime: rest.endTime ?? endTime,
      updateTime: rest.updateTime ?? endTime,
      inputData: rest.inputData ?? {},
      outputData: subWorkflowId === undefined ? (rest.outputData ?? {}) : { ...rest.outputData, subWorkflowId },
      retried: rest.retried ?? later,
      executed: rest.executed ?? true,
      callbackAfterSeconds: rest.callbackAfterSeconds ?? 0,
      startDelayInSeconds: rest.startDelayInSeconds ?? 0,
      pollCount: rest.pollCount ?? 0,
      responseTimeoutSeconds: rest.responseTimeoutSeconds ?? 0,
      workflowInstanceId: workflowId,
      workflowType: spec.name,
      ...(reason === undefined ? {} : { reasonForIncompletion: substitute(reason, workflowId, taskIds) }),
      ...(previous >= 0 ? { retriedTaskId: taskIds[previous] ?? '' } : {}),
      ...(subWorkflowId === undefined ? {} : { subWorkflowId }),
      ...(rest.domain === undefined ? {} : { domain: rest.domain }),
      ...(rest.workerId === undefined ? {} : { workerId: rest.workerId }),
      ...(rest.correlationId === undefined ? {} : { correlationId: rest.correlationId }),
    };
    return built;
  });
  const { name, tasks: _tasks, reasonForIncompletion, ...fields } = spec;
  const status: WorkflowStatus = fields.status ?? 'COMPLETED';
  const lastEnd = Math.max(startedAt, ...tasks.map((t) => t.endTime));
  const workflow: WorkflowRun = {
    workflowId,
    workflowName: name,
    workflowVersion: fields.workflowVersion ?? 1,
    status,
    input: fields.input ?? {},
    output: fields.output ?? {},
    variables: fields.variables ?? {},
    failedReferenceTaskNames: fields.failedReferenceTaskNames ?? [],
    failedTaskNames: fields.failedTaskNames ?? [],
    createTime: fields.createTime ?? startedAt,
    updateTime: fields.updateTime ?? lastEnd,
    endTime: fields.endTime ?? (status === 'RUNNING' || status === 'PAUSED' ? 0 : lastEnd),
    priority: fields.priority ?? 0,
    taskToDomain: fields.taskToDomain ?? {},
    tasks,
    ...(reasonForIncompletion === undefined ? {} : { reasonForIncompletion: substitute(reasonForIncompletion, workflowId, taskIds) }),
    ...(fields.correlationId === undefined ? {} : { correlationId: fields.correlationId }),
    ...(parent === undefined ? {} : { parentWorkflowId: parent.workflowId, parentWorkflowTaskId: parent.taskId }),
  };
  all[index] = workflow;
  return workflow;
}

function substitute(text: string, workflowId: string, taskIds: readonly string[]): string {
  return text.replace(/\{wf\}/g, workflowId).replace(/\{task:(\d+)\}/g, (_m, n: string) => taskIds[Number(n)] ?? `<no task ${n}>`);
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i -= 1) if (predicate(items[i] as T)) return i;
  return -1;
}
