/**
 * A real server's execution JSON, turned into the same {@link Trace} the engine produces, so
 * diffs, matchers and snapshots read one shape.
 *
 * @packageDocumentation
 */

import type { TaskRun, Trace, WorkflowRun } from '../trace/index.js';
import type { ServerTask, ServerWorkflow } from './server-workflow.js';

/** Options of {@link toTrace}. */
export interface ToTraceOptions {
  /**
   * Other executions to include (children fetched with `getWorkflow`, a failure workflow…), in
   * the order they should appear in `trace.workflows` after the top-level one. Duplicates of an
   * id already included are skipped.
   * @defaultValue []
   */
  readonly children?: readonly ServerWorkflow[];
}

/**
 * Converts the server's `Workflow` JSON (common/run/Workflow.java) into a {@link Trace} with
 * `source: 'remote'`, no events and no messages (the server keeps no event log we can read), and
 * `startedAt` = the workflow's `createTime` (the `startTime` getter returns the same value).
 *
 * Fields the server leaves out are filled in the way Conductor means them: the server's
 * ObjectMapper omits null properties (common/config/ObjectMapperProvider.java), and the Java
 * defaults of Task.java/Workflow.java are `0`, `false` and empty maps/sets. So an absent
 * `retried`/`executed` is `false`, absent counts and times are `0` ("never set"), absent
 * `inputData`/`outputData`/`input`/`output`/`variables`/`taskToDomain` are `{}`, absent
 * `failedReferenceTaskNames`/`failedTaskNames` are `[]`, and absent optional strings
 * (`reasonForIncompletion`, `retriedTaskId`, `subWorkflowId`, `workerId`, `domain`, …) stay
 * absent. `taskDefName` falls back to `taskType` like Task.getTaskDefName(); `workflowName` and
 * `workflowVersion` fall back to `workflowDefinition` (Workflow.getWorkflowName()); a task without
 * `workflowInstanceId`/`workflowType` takes its workflow's. `subWorkflowId` falls back to
 * `outputData.subWorkflowId` like Task.getSubWorkflowId(). Tasks are kept in `seq` order (ties:
 * server order). Null entries of `taskToDomain` are dropped.
 *
 * @example
 * const server = await client.testWorkflow(request);
 * const trace = toTrace(server);
 */
export function toTrace(server: ServerWorkflow, options: ToTraceOptions = {}): Trace {
  const workflow = toWorkflowRun(server);
  const workflows: WorkflowRun[] = [workflow];
  const seen = new Set([workflow.workflowId]);
  for (const child of options.children ?? []) {
    if (seen.has(child.workflowId)) continue;
    seen.add(child.workflowId);
    workflows.push(toWorkflowRun(child));
  }
  return {
    traceVersion: 1,
    source: 'remote',
    startedAt: workflow.createTime,
    workflow,
    workflows,
    events: [],
    messages: [],
  };
}

function toWorkflowRun(server: ServerWorkflow): WorkflowRun {
  const workflowName = server.workflowName ?? server.workflowDefinition?.name ?? '';
  const tasks = (server.tasks ?? [])
    .map((task, index) => ({ task, index }))
    .sort((a, b) => (a.task.seq ?? 0) - (b.task.seq ?? 0) || a.index - b.index)
    .map(({ task }) => toTaskRun(task, server.workflowId, workflowName));
  const taskToDomain: Record<string, string> = {};
  for (const [key, value] of Object.entries(server.taskToDomain ?? {})) if (typeof value === 'string') taskToDomain[key] = value;
  return {
    workflowId: server.workflowId,
    workflowName,
    workflowVersion: server.workflowVersion ?? server.workflowDefinition?.version ?? 1,
    status: server.status,
    input: server.input ?? {},
    output: server.output ?? {},
    variables: server.variables ?? {},
    failedReferenceTaskNames: server.failedReferenceTaskNames ?? [],
    failedTaskNames: server.failedTaskNames ?? [],
    createTime: server.createTime ?? server.startTime ?? 0,
    updateTime: server.updateTime ?? 0,
    endTime: server.endTime ?? 0,
    priority: server.priority ?? 0,
    taskToDomain,
    tasks,
    ...optional('reasonForIncompletion', server.reasonForIncompletion),
    ...optional('correlationId', server.correlationId),
    ...optional('parentWorkflowId', server.parentWorkflowId),
    ...optional('parentWorkflowTaskId', server.parentWorkflowTaskId),
  };
}

function toTaskRun(task: ServerTask, workflowId: string, workflowName: string): TaskRun {
  const outputData = task.outputData ?? {};
  const mirrored = outputData['subWorkflowId'];
  const subWorkflowId = blankToUndefined(task.subWorkflowId) ?? (typeof mirrored === 'string' ? mirrored : undefined);
  return {
    taskId: task.taskId,
    referenceTaskName: task.referenceTaskName,
    taskType: task.taskType,
    taskDefName: blankToUndefined(task.taskDefName) ?? task.taskType,
    status: task.status,
    seq: task.seq ?? 0,
    retryCount: task.retryCount ?? 0,
    iteration: task.iteration ?? 0,
    scheduledTime: task.scheduledTime ?? 0,
    startTime: task.startTime ?? 0,
    endTime: task.endTime ?? 0,
    updateTime: task.updateTime ?? 0,
    inputData: task.inputData ?? {},
    outputData,
    retried: task.retried ?? false,
    executed: task.executed ?? false,
    callbackAfterSeconds: task.callbackAfterSeconds ?? 0,
    startDelayInSeconds: task.startDelayInSeconds ?? 0,
    pollCount: task.pollCount ?? 0,
    responseTimeoutSeconds: task.responseTimeoutSeconds ?? 0,
    workflowInstanceId: task.workflowInstanceId ?? workflowId,
    workflowType: task.workflowType ?? workflowName,
    ...optional('reasonForIncompletion', task.reasonForIncompletion),
    ...optional('retriedTaskId', task.retriedTaskId),
    ...optional('correlationId', task.correlationId),
    ...optional('subWorkflowId', subWorkflowId),
    ...optional('workerId', task.workerId),
    ...optional('domain', task.domain),
  };
}

function optional<K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } {
  return value === null || value === undefined ? {} : ({ [key]: value } as { [P in K]?: string });
}

function blankToUndefined(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.trim() === '' ? undefined : value;
}
