/**
 * Task and workflow timeouts in virtual time.
 *
 * Conductor source: core/src/main/java/com/netflix/conductor/core/execution/DeciderService.java —
 * `checkTotalTimeout`, `checkTaskTimeout` (elapsed from startTime + startDelay), `checkTaskPollTimeout`
 * (elapsed from scheduledTime + startDelay, threshold pollTimeout + callbackAfterSeconds),
 * `isResponseTimedOut` (silence since updateTime; always retried, whatever the policy),
 * `timeoutTaskWithTimeoutPolicy` (ALERT_ONLY: nothing; RETRY: TIMED_OUT + retry; TIME_OUT_WF:
 * TIMED_OUT and the workflow TIMED_OUT), `checkWorkflowTimeout` (only TIME_OUT_WF acts), and the
 * total-timeout guard inside `retry`. Messages: engine-semantics Appendix A.
 */
import { describe, it, expect } from 'vitest';
import { fail, inProgress, noPoll, noResponse, ok, runWorkflow } from '../../src/index.js';
import type { TaskDef, WorkflowDef, WorkflowTask, WorkflowTestRequest } from '../../src/index.js';
import { attemptsOf, taskOf, taskRows } from '../support/task-rows.js';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

function workflow(tasks: WorkflowTask[], extra: Partial<WorkflowDef> = {}): WorkflowDef {
  return { name: 'timeout_flow', version: 1, schemaVersion: 2, tasks, ...extra };
}

const job: WorkflowTask = { name: 'job_task', taskReferenceName: 'job', type: 'SIMPLE' };
const after: WorkflowTask = { name: 'after_task', taskReferenceName: 'after', type: 'SIMPLE' };

function jobDef(extra: Partial<TaskDef>): TaskDef {
  return { name: 'job_task', retryCount: 0, retryDelaySeconds: 0, ...extra };
}

describe('task timeoutSeconds', () => {
  // The worker heartbeats every 8 s (IN_PROGRESS updates), so only timeoutSeconds can fire.
  const heartbeats = [inProgress({}, { latency: '8s' }), inProgress({}, { latency: '8s' }), inProgress({}, { latency: '8s' }), ok({ done: true }, { latency: '8s' })];

  it('times the workflow out with TIME_OUT_WF, measured from the first poll, without retrying', async () => {
    const taskDefs = [jobDef({ retryCount: 2, timeoutSeconds: 20, responseTimeoutSeconds: 10, timeoutPolicy: 'TIME_OUT_WF' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: heartbeats } } });

    const reason = 'Task timed out after 20 seconds. Timeout configured as 20 seconds. Timeout policy configured to TIME_OUT_WF';
    expect(taskRows(trace)).toEqual(['job:job_task=TIMED_OUT#0@0']);
    expect(taskOf(trace, 'job').reasonForIncompletion).toBe(reason);
    expect(taskOf(trace, 'job').endTime - T0).toBe(20_000);
    expect(trace.workflow.status).toBe('TIMED_OUT');
    expect(trace.workflow.reasonForIncompletion).toBe(reason);
    expect(trace.workflow.endTime - T0).toBe(20_000);
    expect(trace.workflow.failedReferenceTaskNames).toEqual([]);
  });

  it('lets the task run past timeoutSeconds with ALERT_ONLY', async () => {
    const taskDefs = [jobDef({ timeoutSeconds: 20, responseTimeoutSeconds: 10, timeoutPolicy: 'ALERT_ONLY' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: heartbeats } } });

    expect(taskRows(trace)).toEqual(['job:job_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'job').endTime - T0).toBe(32_000);
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('retries a timed-out attempt with RETRY', async () => {
    const taskDefs = [jobDef({ retryCount: 1, retryDelaySeconds: 5, timeoutSeconds: 10, responseTimeoutSeconds: 10, timeoutPolicy: 'RETRY' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: [noResponse(), ok({ second: true }, { latency: '1s' })] } } });

    expect(taskRows(trace)).toEqual(['job:job_task=TIMED_OUT#0@0', 'job:job_task=COMPLETED#1@0']);
    const [first, second] = attemptsOf(trace, 'job');
    expect(first?.reasonForIncompletion).toBe('Task timed out after 10 seconds. Timeout configured as 10 seconds. Timeout policy configured to RETRY');
    expect([(first?.endTime ?? 0) - T0, (second?.startTime ?? 0) - T0, (second?.endTime ?? 0) - T0]).toEqual([10_000, 15_000, 16_000]);
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('times the workflow out when the last RETRY attempt times out too', async () => {
    const taskDefs = [jobDef({ retryCount: 1, retryDelaySeconds: 0, timeoutSeconds: 10, responseTimeoutSeconds: 10, timeoutPolicy: 'RETRY' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: [noResponse(), noResponse()] } } });

    const last = attemptsOf(trace, 'job')[1];
    expect(taskRows(trace)).toEqual(['job:job_task=TIMED_OUT#0@0', 'job:job_task=TIMED_OUT#1@0']);
    expect(trace.workflow.status).toBe('TIMED_OUT');
    expect(trace.workflow.reasonForIncompletion).toBe(
      `Task ${last?.taskId} failed with status: TIMED_OUT and reason: 'Task timed out after 10 seconds. Timeout configured as 10 seconds. Timeout policy configured to RETRY'`,
    );
    expect(trace.workflow.endTime - T0).toBe(20_000);
  });

  it('lets the response timeout win when the retry delay postpones the task timeout', async () => {
    // The copy is polled at +15 s with startDelayInSeconds 5: the task timeout is due at
    // +15 + 5 + 10 = +30 s, the response timeout (silence since the poll) at +25 s.
    const taskDefs = [jobDef({ retryCount: 1, retryDelaySeconds: 5, timeoutSeconds: 10, responseTimeoutSeconds: 10, timeoutPolicy: 'RETRY' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: [noResponse(), noResponse()] } } });

    const last = attemptsOf(trace, 'job')[1];
    expect(taskRows(trace)).toEqual(['job:job_task=TIMED_OUT#0@0', 'job:job_task=TIMED_OUT#1@0']);
    expect(last?.reasonForIncompletion).toBe(`responseTimeout: 10 exceeded for the taskId: ${last?.taskId} with Task Definition: job_task`);
    expect(trace.workflow.status).toBe('TIMED_OUT');
    expect(trace.workflow.endTime - T0).toBe(25_000);
  });

  it('counts the start delay out of the timeout', async () => {
    const def = workflow([{ ...job, startDelay: 30 }]);
    const taskDefs = [jobDef({ timeoutSeconds: 10, responseTimeoutSeconds: 10, timeoutPolicy: 'TIME_OUT_WF' })];
    // Heartbeats every 9 s keep the response timeout away.
    const answers = [...Array.from({ length: 6 }, () => inProgress({}, { latency: '9s' })), ok()];

    const trace = await runWorkflow({ workflowDef: def }, { taskDefs, mocks: { byRef: { job: answers } } });

    // Polled at +30 s (startDelay); elapsed = now − (startTime + startDelay × 1000) reaches 10 s at +70 s.
    expect(taskOf(trace, 'job').startTime - T0).toBe(30_000);
    expect(taskOf(trace, 'job').endTime - T0).toBe(70_000);
    expect(trace.workflow.reasonForIncompletion).toBe('Task timed out after 10 seconds. Timeout configured as 10 seconds. Timeout policy configured to TIME_OUT_WF');
  });
});

describe('responseTimeoutSeconds', () => {
  it('times out a silent attempt and retries it whatever the timeout policy says', async () => {
    const taskDefs = [jobDef({ retryCount: 1, retryDelaySeconds: 5, responseTimeoutSeconds: 10, timeoutPolicy: 'TIME_OUT_WF' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: [noResponse(), ok({ answered: true })] } } });

    const [first, second] = attemptsOf(trace, 'job');
    expect(taskRows(trace)).toEqual(['job:job_task=TIMED_OUT#0@0', 'job:job_task=COMPLETED#1@0']);
    expect(first?.reasonForIncompletion).toBe(`responseTimeout: 10 exceeded for the taskId: ${first?.taskId} with Task Definition: job_task`);
    expect([(first?.endTime ?? 0) - T0, (second?.startTime ?? 0) - T0]).toEqual([10_000, 15_000]);
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('retries on response timeout even with ALERT_ONLY', async () => {
    const taskDefs = [jobDef({ retryCount: 1, retryDelaySeconds: 0, timeoutSeconds: 60, responseTimeoutSeconds: 10, timeoutPolicy: 'ALERT_ONLY' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: [noResponse(), ok()] } } });

    expect(taskRows(trace)).toEqual(['job:job_task=TIMED_OUT#0@0', 'job:job_task=COMPLETED#1@0']);
  });

  it('is reset by every IN_PROGRESS update', async () => {
    const taskDefs = [jobDef({ responseTimeoutSeconds: 10 })];
    const answers = [inProgress({ step: 1 }, { latency: '9s' }), inProgress({ step: 2 }, { latency: '9s' }), ok({ step: 3 }, { latency: '9s' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: answers } } });

    expect(taskRows(trace)).toEqual(['job:job_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'job').endTime - T0).toBe(27_000);
    // A worker update replaces the output (WorkflowExecutorOps.updateTask).
    expect(taskOf(trace, 'job').outputData).toEqual({ step: 3 });
  });

  it('adds the callbackAfterSeconds of an IN_PROGRESS update to the allowed silence', async () => {
    const taskDefs = [jobDef({ responseTimeoutSeconds: 10 })];
    // The update asks to be polled again in 30 s; the task is SCHEDULED meanwhile, so nothing times out.
    const answers = [inProgress({}, { callbackAfterSeconds: 30 }), ok({ late: true }, { latency: '2s' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: answers } } });

    expect(taskRows(trace)).toEqual(['job:job_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'job').endTime - T0).toBe(32_000);
  });
});

describe('pollTimeoutSeconds', () => {
  it('times the workflow out when no worker polls the task in time (TIME_OUT_WF)', async () => {
    const taskDefs = [jobDef({ pollTimeoutSeconds: 5, timeoutPolicy: 'TIME_OUT_WF' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: noPoll() } } });

    const reason = 'Task poll timed out after 5 seconds. Poll timeout configured as 5 seconds. Timeout policy configured to TIME_OUT_WF';
    expect(taskRows(trace)).toEqual(['job:job_task=TIMED_OUT#0@0']);
    expect(taskOf(trace, 'job').reasonForIncompletion).toBe(reason);
    expect(trace.workflow.status).toBe('TIMED_OUT');
    expect(trace.workflow.reasonForIncompletion).toBe(reason);
    expect(trace.workflow.endTime - T0).toBe(5_000);
  });

  it('counts the retry delay twice for a RETRY copy (startDelay and callbackAfterSeconds)', async () => {
    const taskDefs = [jobDef({ retryCount: 1, retryDelaySeconds: 10, pollTimeoutSeconds: 5, timeoutPolicy: 'RETRY' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: [noPoll(), noPoll()] } } });

    const [first, copy] = attemptsOf(trace, 'job');
    expect(taskRows(trace)).toEqual(['job:job_task=TIMED_OUT#0@0', 'job:job_task=TIMED_OUT#1@0']);
    // The copy is scheduled at +5 s: elapsed = now − (5 s + 10 s) must reach 5 s + 10 s → +30 s.
    expect([(first?.endTime ?? 0) - T0, (copy?.scheduledTime ?? 0) - T0, (copy?.endTime ?? 0) - T0]).toEqual([5_000, 5_000, 30_000]);
    expect(copy?.reasonForIncompletion).toBe('Task poll timed out after 15 seconds. Poll timeout configured as 5 seconds. Timeout policy configured to RETRY');
    expect(trace.workflow.status).toBe('TIMED_OUT');
  });

  it('leaves an unpolled task SCHEDULED with ALERT_ONLY', async () => {
    const taskDefs = [jobDef({ pollTimeoutSeconds: 5, timeoutPolicy: 'ALERT_ONLY' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: noPoll() } } });

    expect(taskRows(trace)).toEqual(['job:job_task=SCHEDULED#0@0']);
    expect(trace.workflow.status).toBe('RUNNING');
  });
});

describe('totalTimeoutSeconds', () => {
  it('times out the pending retry once the budget across attempts is spent (TIME_OUT_WF)', async () => {
    const taskDefs = [jobDef({ retryCount: 5, retryDelaySeconds: 10, totalTimeoutSeconds: 25, timeoutPolicy: 'TIME_OUT_WF' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: [fail('1'), fail('2'), fail('3'), ok()] } } });

    const last = attemptsOf(trace, 'job')[3];
    expect(taskRows(trace)).toEqual(['job:job_task=FAILED#0@0', 'job:job_task=FAILED#1@0', 'job:job_task=FAILED#2@0', 'job:job_task=TIMED_OUT#3@0']);
    const reason = `Task job_task/${last?.taskId} exceeded total timeout of 25 seconds (elapsed 25 seconds across all attempts including retry delays). Timeout policy: TIME_OUT_WF`;
    expect(last?.reasonForIncompletion).toBe(reason);
    expect(trace.workflow.status).toBe('TIMED_OUT');
    expect(trace.workflow.reasonForIncompletion).toBe(reason);
    expect(trace.workflow.endTime - T0).toBe(25_000);
  });

  it('refuses another retry once the budget is spent (RETRY), with the retry guard message', async () => {
    const taskDefs = [jobDef({ retryCount: 5, retryDelaySeconds: 10, totalTimeoutSeconds: 25, timeoutPolicy: 'RETRY' })];

    const trace = await runWorkflow({ workflowDef: workflow([job]) }, { taskDefs, mocks: { byRef: { job: [fail('1'), fail('2'), fail('3'), ok()] } } });

    const last = attemptsOf(trace, 'job')[3];
    expect(taskRows(trace)).toEqual(['job:job_task=FAILED#0@0', 'job:job_task=FAILED#1@0', 'job:job_task=FAILED#2@0', 'job:job_task=TIMED_OUT#3@0']);
    expect(trace.workflow.status).toBe('TIMED_OUT');
    expect(trace.workflow.reasonForIncompletion).toBe(
      `Task ${last?.taskId}/job_task exceeded total timeout of 25 seconds (elapsed 25 seconds across all attempts). No further retries will be attempted.`,
    );
  });
});

describe('the workflow timeoutSeconds', () => {
  const slow: Record<string, ReturnType<typeof ok>> = { job: ok({ finally: true }, { latency: '2m' }), after: ok() };

  it('times the workflow out with TIME_OUT_WF and cancels the running task', async () => {
    const def = workflow([job, after], { timeoutSeconds: 60, timeoutPolicy: 'TIME_OUT_WF' });

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: slow } });

    expect(taskRows(trace)).toEqual(['job:job_task=CANCELED#0@0']);
    expect(trace.workflow.status).toBe('TIMED_OUT');
    expect(trace.workflow.reasonForIncompletion).toBe('Workflow timed out after 60 seconds. Timeout configured as 60 seconds. Timeout policy configured to TIME_OUT_WF');
    expect(trace.workflow.endTime - T0).toBe(60_000);
  });

  it('does nothing with ALERT_ONLY, the default policy', async () => {
    const def = workflow([job, after], { timeoutSeconds: 60 });

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: slow } });

    expect(taskRows(trace)).toEqual(['job:job_task=COMPLETED#0@0', 'after:after_task=COMPLETED#0@0']);
    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.endTime - T0).toBe(120_000);
  });
});

describe('timeouts in server-compat mode (mock executionTime)', () => {
  function request(mocks: NonNullable<WorkflowTestRequest['taskRefToMockOutput']>): WorkflowTestRequest {
    return { name: 'timeout_flow', workflowDef: workflow([job, after]), input: {}, taskRefToMockOutput: mocks };
  }

  it('times the workflow out when an IN_PROGRESS mock ran longer than timeoutSeconds (TIME_OUT_WF)', async () => {
    const taskDefs = [jobDef({ timeoutSeconds: 120, responseTimeoutSeconds: 10, timeoutPolicy: 'TIME_OUT_WF' })];

    const trace = await runWorkflow(request({ job: [{ status: 'IN_PROGRESS', output: {}, executionTime: 130_000 }] }), { mode: 'server-compat', taskDefs });

    expect(taskRows(trace)).toEqual(['job:job_task=TIMED_OUT#0@0']);
    expect(trace.workflow.status).toBe('TIMED_OUT');
    expect(trace.workflow.reasonForIncompletion).toBe('Task timed out after 130 seconds. Timeout configured as 120 seconds. Timeout policy configured to TIME_OUT_WF');
  });

  it('retries an attempt that ran too long with RETRY and goes on', async () => {
    const taskDefs = [jobDef({ retryCount: 1, timeoutSeconds: 5, responseTimeoutSeconds: 5, timeoutPolicy: 'RETRY' })];

    const trace = await runWorkflow(
      request({ job: [{ status: 'IN_PROGRESS', output: {}, executionTime: 6_000 }, { status: 'COMPLETED', output: { ok: true } }], after: [{ status: 'COMPLETED', output: {} }] }),
      { mode: 'server-compat', taskDefs },
    );

    expect(taskRows(trace)).toEqual(['job:job_task=TIMED_OUT#0@0', 'job:job_task=COMPLETED#1@0', 'after:after_task=COMPLETED#0@0']);
    expect(attemptsOf(trace, 'job')[0]?.reasonForIncompletion).toBe('Task timed out after 6 seconds. Timeout configured as 5 seconds. Timeout policy configured to RETRY');
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('response-times-out an IN_PROGRESS mock on a never-updated task at once (updateTime 0)', async () => {
    // engine-semantics §7.6: the executionTime path bypasses updateTask, so updateTime stays 0.
    const taskDefs = [jobDef({ retryCount: 1, responseTimeoutSeconds: 3600 })];

    const trace = await runWorkflow(
      request({ job: [{ status: 'IN_PROGRESS', output: {}, executionTime: 1 }, { status: 'COMPLETED', output: {} }], after: [{ status: 'COMPLETED', output: {} }] }),
      { mode: 'server-compat', taskDefs },
    );

    const first = attemptsOf(trace, 'job')[0];
    expect(taskRows(trace)).toEqual(['job:job_task=TIMED_OUT#0@0', 'job:job_task=COMPLETED#1@0', 'after:after_task=COMPLETED#0@0']);
    expect(first?.reasonForIncompletion).toBe(`responseTimeout: 3600 exceeded for the taskId: ${first?.taskId} with Task Definition: job_task`);
  });
});
