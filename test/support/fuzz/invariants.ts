/**
 * Consistency laws every trace must obey, whatever the workflow and the mocks. Each returns the
 * violations it finds as sentences (empty = fine), so a fuzz failure says exactly what is wrong.
 *
 * Where a law comes from (Conductor OSS at b54f0d4, shared/spec engine-semantics):
 * - seq: WorkflowExecutorOps.scheduleTask numbers new tasks `max(seq) + 1`, and a retry copy gets a
 *   fresh seq (DeciderService.retry sets it to 0 so scheduleTask renumbers it); reads sort by seq
 *   (§1.6). So seqs are unique and increase in list order.
 * - endTime: ExecutionDAOFacade.updateTask stamps endTime when it stores a terminal task (§1.3).
 * - retries: DeciderService.retry marks the failed attempt `retried`, and the copy carries
 *   `retriedTaskId` = that attempt's id and `retryCount + 1`; only FAILED and TIMED_OUT are retried
 *   (§4.1, §4.3). The copy keeps the ref and the iteration.
 * - loops: DoWhile / WorkflowExecutorOps.scheduleNextIteration name loop tasks `<ref>__<iteration>`
 *   and set `iteration` to that number (task-types §1.10, §2.10).
 * - terminal workflows: endTime is set when the terminal workflow is stored
 *   (ExecutionDAOFacade.updateWorkflow, §1.4), and a terminal workflow is never decided again
 *   (WorkflowExecutorOps.decide returns at once), so nothing is scheduled or started in it after
 *   it ended (see the note in `taskListViolations` on what does *not* hold).
 * - sub-workflows: SubWorkflow.start links the child (parentWorkflowId, parentWorkflowTaskId) and
 *   records its id on the parent task (task-types §2.11).
 * - the event log is the run's total order on the virtual clock (architecture.md "Determinism").
 */
import { TaskStatus, WorkflowStatus, isTerminalTaskStatus, isTerminalWorkflowStatus } from '../../../src/trace/index.js';
import type { TaskRun, Trace, WorkflowRun } from '../../../src/trace/index.js';

const RETRIABLE = new Set(['FAILED', 'TIMED_OUT']);
const TASK_STATUSES: ReadonlySet<string> = new Set(Object.values(TaskStatus));
const WORKFLOW_STATUSES: ReadonlySet<string> = new Set(Object.values(WorkflowStatus));

function at(wf: WorkflowRun, task: TaskRun): string {
  return `${wf.workflowName} › ${task.referenceTaskName} (seq ${task.seq}, ${task.status})`;
}

/** Exceptions a caller knows about from the inputs of the run. */
export interface InvariantOptions {
  /**
   * Server-compat mode: runtime refs with a mock that has `executionTime` or `queueWaitTime`.
   * WorkflowTestService.testWorkflow stores such a mock with a raw `executionDAO.updateTask`,
   * bypassing the facade that stamps endTime, so the server returns those tasks terminal with
   * endTime 0; the engine does the same.
   */
  readonly rawStoreRefs?: ReadonlySet<string>;
  /**
   * The test signalled or completed tasks itself (a session's `signal` / `completeTask`, which is
   * Conductor's task update API: it accepts any task, a JOIN or a SUB_WORKFLOW included). Laws
   * about when the engine completes such tasks then do not apply. @defaultValue false
   */
  readonly externalUpdates?: boolean;
}

/** Laws of one workflow's task list. */
export function taskListViolations(wf: WorkflowRun, options: InvariantOptions = {}): string[] {
  const rawStore = options.rawStoreRefs ?? new Set<string>();
  const out: string[] = [];
  const byId = new Map<string, { task: TaskRun; index: number }>();
  const retriedBy = new Map<string, string>();
  let previousSeq = 0;
  if (!WORKFLOW_STATUSES.has(wf.status)) out.push(`${wf.workflowName}: status ${JSON.stringify(wf.status)} is not a workflow status`);
  wf.tasks.forEach((task, index) => {
    if (!TASK_STATUSES.has(task.status)) out.push(`${at(wf, task)}: ${JSON.stringify(task.status)} is not a task status (model/TaskModel.java Status)`);
    if (task.seq <= previousSeq) out.push(`${at(wf, task)}: seq ${task.seq} does not increase after ${previousSeq} in list order`);
    previousSeq = Math.max(previousSeq, task.seq);
    if (byId.has(task.taskId)) out.push(`${at(wf, task)}: taskId ${task.taskId} appears twice`);
    byId.set(task.taskId, { task, index });
    if (task.workflowInstanceId !== wf.workflowId) out.push(`${at(wf, task)}: workflowInstanceId ${task.workflowInstanceId} is not its workflow's id ${wf.workflowId}`);
    if (isTerminalTaskStatus(task.status) && task.endTime <= 0 && !rawStore.has(task.referenceTaskName)) out.push(`${at(wf, task)}: terminal task without an endTime`);
    if (!isTerminalTaskStatus(task.status) && task.endTime > 0) out.push(`${at(wf, task)}: non-terminal task with an endTime`);
    if (task.endTime > 0 && task.startTime > task.endTime) out.push(`${at(wf, task)}: startTime ${task.startTime} after endTime ${task.endTime}`);
    if (task.endTime > 0 && task.scheduledTime > task.endTime) out.push(`${at(wf, task)}: scheduledTime ${task.scheduledTime} after endTime ${task.endTime}`);
    if (task.retried && !RETRIABLE.has(task.status)) out.push(`${at(wf, task)}: marked retried but only FAILED and TIMED_OUT attempts are retried`);
    if (task.retryCount < 0) out.push(`${at(wf, task)}: negative retryCount ${task.retryCount}`);
    const suffix = /__(\d+)$/.exec(task.referenceTaskName);
    if (task.taskType !== 'DO_WHILE') {
      if (task.iteration > 0 && (suffix === null || Number(suffix[1]) !== task.iteration)) {
        out.push(`${at(wf, task)}: iteration ${task.iteration} but the ref does not end with "__${task.iteration}"`);
      }
      if (task.iteration === 0 && suffix !== null) out.push(`${at(wf, task)}: ref has a loop suffix but iteration is 0`);
    }
    if (task.retriedTaskId !== undefined) {
      const previous = byId.get(task.retriedTaskId);
      if (previous === undefined) {
        out.push(`${at(wf, task)}: retriedTaskId ${task.retriedTaskId} names no earlier task of the workflow`);
      } else {
        const p = previous.task;
        if (p.referenceTaskName !== task.referenceTaskName) out.push(`${at(wf, task)}: retries ${p.referenceTaskName}, a different ref`);
        if (p.retryCount !== task.retryCount - 1) out.push(`${at(wf, task)}: retryCount ${task.retryCount} but the attempt it retries has retryCount ${p.retryCount}`);
        if (p.iteration !== task.iteration) out.push(`${at(wf, task)}: iteration ${task.iteration} differs from the retried attempt's ${p.iteration}`);
        if (!p.retried) out.push(`${at(wf, task)}: the attempt it retries (seq ${p.seq}) is not marked retried`);
        if (!RETRIABLE.has(p.status)) out.push(`${at(wf, task)}: retries an attempt that ended ${p.status}`);
      }
      const other = retriedBy.get(task.retriedTaskId);
      if (other !== undefined) out.push(`${at(wf, task)}: attempt ${task.retriedTaskId} is retried twice (also by ${other})`);
      retriedBy.set(task.retriedTaskId, task.taskId);
    }
  });
  for (const task of wf.tasks) {
    if (task.retried && !retriedBy.has(task.taskId)) out.push(`${at(wf, task)}: marked retried but no later attempt names it in retriedTaskId`);
    if (task.startTime > 0 && task.scheduledTime > 0 && task.startTime < task.scheduledTime) out.push(`${at(wf, task)}: startTime ${task.startTime} before scheduledTime ${task.scheduledTime}`);
    if (task.pollCount < 0) out.push(`${at(wf, task)}: negative pollCount ${task.pollCount}`);
    // SwitchTaskMapper: evaluationResult is [case] and selectedCase is case, the case the input records.
    if (task.taskType === 'SWITCH' && task.status === 'COMPLETED') {
      const evaluation = task.outputData['evaluationResult'];
      if (!Array.isArray(evaluation) || evaluation[0] !== task.inputData['case'] || task.outputData['selectedCase'] !== task.inputData['case']) {
        out.push(`${at(wf, task)}: output ${JSON.stringify(task.outputData)} does not record the case ${JSON.stringify(task.inputData['case'])}`);
      }
    }
  }
  const latest = new Map<string, TaskRun>();
  for (const task of wf.tasks) latest.set(task.referenceTaskName, task);
  for (const task of wf.tasks) {
    // Join.java: a JOIN completes only once every task it waits for is terminal.
    if (options.externalUpdates !== true && task.taskType === 'JOIN' && (task.status === 'COMPLETED' || task.status === 'COMPLETED_WITH_ERRORS')) {
      const joinOn = task.inputData['joinOn'];
      for (const ref of Array.isArray(joinOn) ? joinOn : []) {
        const runtime = task.iteration > 0 ? `${String(ref)}__${task.iteration}` : String(ref);
        const waited = latest.get(runtime);
        if (waited === undefined || !isTerminalTaskStatus(waited.status)) out.push(`${at(wf, task)}: completed while ${runtime} is ${waited === undefined ? 'missing' : waited.status}`);
      }
    }
    // DoWhile.java: the loop's output "iteration" is its iteration counter. Not for a loop inside
    // a loop (unsupported by Conductor, task-types §2.10): the outer loop sets its iteration field.
    if (task.taskType === 'DO_WHILE' && !/__\d+$/.test(task.referenceTaskName) && 'iteration' in task.outputData && task.outputData['iteration'] !== task.iteration) {
      out.push(`${at(wf, task)}: output.iteration ${JSON.stringify(task.outputData['iteration'])} but iteration ${task.iteration}`);
    }
  }
  // Not a law: "every task of a terminal workflow is terminal". The decider pass that completes or
  // fails a workflow does not store the task changes it made in memory (a timeout, an optional
  // task turned COMPLETED_WITH_ERRORS): WorkflowExecutorOps.decide goes to endExecution without
  // updateTask, and terminate stores only the task carried by the TerminateWorkflowException
  // (engine-semantics §1.7). The server then returns such a task IN_PROGRESS in a FAILED or
  // COMPLETED workflow, and so does the engine. What holds is the event-log law below: nothing is
  // scheduled or started in a workflow after it ended.
  if (isTerminalWorkflowStatus(wf.status) && wf.endTime <= 0) out.push(`${wf.workflowName}: ${wf.status} workflow without an endTime`);
  const refs = new Set(wf.tasks.map((t) => t.referenceTaskName));
  for (const name of wf.failedReferenceTaskNames) {
    if (!refs.has(name)) out.push(`${wf.workflowName}: failedReferenceTaskNames lists "${name}", which no task has`);
  }
  return out;
}

/** Laws of a whole trace: every workflow's task list, sub-workflow links, the event log. */
export function traceViolations(trace: Trace, options: InvariantOptions = {}): string[] {
  const out: string[] = [];
  const byId = new Map(trace.workflows.map((wf) => [wf.workflowId, wf]));
  if (trace.workflows[0]?.workflowId !== trace.workflow.workflowId) out.push('trace.workflows[0] is not the top-level workflow');
  if (byId.size !== trace.workflows.length) out.push('two workflows share an id');
  for (const wf of trace.workflows) {
    out.push(...taskListViolations(wf, options));
    for (const task of wf.tasks) {
      if (task.taskType !== 'SUB_WORKFLOW' || task.subWorkflowId === undefined) continue;
      const child = byId.get(task.subWorkflowId);
      if (child === undefined) {
        out.push(`${at(wf, task)}: subWorkflowId ${task.subWorkflowId} is no workflow of the run`);
        continue;
      }
      // SubWorkflow.java / WorkflowExecutorOps: a child that ends updates its parent task at once.
      if (options.externalUpdates !== true && isTerminalWorkflowStatus(child.status) && !isTerminalTaskStatus(task.status) && !isTerminalWorkflowStatus(wf.status)) {
        out.push(`${at(wf, task)}: child ${child.workflowName} ended ${child.status} but the task is still ${task.status}`);
      }
      if (child.parentWorkflowId !== wf.workflowId || child.parentWorkflowTaskId !== task.taskId) {
        out.push(`${at(wf, task)}: child ${child.workflowName} is not linked back (parentWorkflowId ${String(child.parentWorkflowId)}, parentWorkflowTaskId ${String(child.parentWorkflowTaskId)})`);
      }
    }
  }
  if (JSON.stringify(trace.workflows[0]) !== JSON.stringify(trace.workflow)) out.push('trace.workflow differs from trace.workflows[0]');
  const taskIds = new Set(trace.workflows.flatMap((wf) => wf.tasks.map((t) => t.taskId)));
  for (const message of trace.messages) {
    if (!byId.has(message.workflowId)) out.push(`message to ${message.destination} names workflow ${message.workflowId}, which is not in the run`);
    // DO_WHILE keepLastN deletes the tasks of old iterations (task-types §2.10); their messages stay.
    if (!taskIds.has(message.taskId) && !/__\d+$/.test(message.ref)) out.push(`message to ${message.destination} names task ${message.taskId} (${message.ref}), which is not in the run`);
  }
  const ended = new Map<string, number>();
  for (const event of trace.events) {
    if (event.kind === 'workflow.status' && event.status !== undefined && isTerminalWorkflowStatus(event.status as WorkflowRun['status']) && !ended.has(event.workflowId)) {
      ended.set(event.workflowId, event.n);
    }
    const end = ended.get(event.workflowId);
    // Except a raw-stored server-compat mock: WorkflowTestService re-reads the task, sets the mock's
    // status on it even when the task was canceled meanwhile, stores it, and decides again (which
    // cancels it again). The server's store shows the same reopening.
    const reopened = event.ref !== undefined && (options.rawStoreRefs?.has(event.ref) ?? false);
    if (end !== undefined && !reopened && (event.kind === 'task.scheduled' || event.kind === 'task.started')) {
      out.push(`event ${event.n}: ${event.ref ?? '?'} ${event.kind === 'task.scheduled' ? 'scheduled' : 'started'} after its workflow ended (event ${end})`);
    }
  }
  let previous = { n: 0, at: Number.NEGATIVE_INFINITY };
  for (const event of trace.events) {
    if (event.n <= previous.n) out.push(`event ${event.n} (${event.kind}) does not follow event ${previous.n}`);
    if (event.at < previous.at) out.push(`event ${event.n} (${event.kind}) at ${event.at} is earlier than event ${previous.n} at ${previous.at}: the virtual clock went back`);
    previous = { n: event.n, at: event.at };
  }
  return out;
}
