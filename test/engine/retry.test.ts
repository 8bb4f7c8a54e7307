/**
 * Retries of failed tasks: delays per retryLogic in virtual time, the retry copy's fields,
 * terminal errors, optional and permissive tasks.
 *
 * Conductor source: core/src/main/java/com/netflix/conductor/core/execution/DeciderService.java
 * (`retry`: expectedRetryCount from node or TaskDef, FIXED / LINEAR_BACKOFF / EXPONENTIAL_BACKOFF,
 * `applyMaxRetryDelayCap`, jitter in [0, backoffJitterMs], the copy's new taskId, retriedTaskId,
 * retryCount + 1, SCHEDULED, seq 0 (re-numbered max + 1), reason copied, callbackAfterSeconds =
 * startDelayInSeconds = delay, input re-evaluated with the new task id; `decide`: optional →
 * COMPLETED_WITH_ERRORS, permissive keeps FAILED and fails the workflow when it completes).
 * A worker poll sets startTime and resets callbackAfterSeconds to 0
 * (core/.../service/ExecutionService.java `poll`).
 */
import { describe, it, expect } from 'vitest';
import { fail, noPoll, ok, runWorkflow, terminalError } from '../../src/index.js';
import type { TaskDef, WorkflowDef, WorkflowTask } from '../../src/index.js';
import { attemptsOf, taskOf, taskRows } from '../support/task-rows.js';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

function workflow(tasks: WorkflowTask[]): WorkflowDef {
  return { name: 'retry_flow', version: 1, schemaVersion: 2, tasks };
}

function worker(ref: string, extra: Partial<WorkflowTask> = {}): WorkflowTask {
  return { name: `${ref}_task`, taskReferenceName: ref, type: 'SIMPLE', ...extra };
}

/** Start offsets (ms after T0) of every attempt of `ref`. */
async function attemptStarts(taskDef: TaskDef, answers: ReturnType<typeof fail>[]): Promise<number[]> {
  const trace = await runWorkflow({ workflowDef: workflow([worker('job')]) }, { taskDefs: [taskDef], mocks: { byRef: { job: answers } } });
  return attemptsOf(trace, 'job').map((t) => t.startTime - T0);
}

describe('retry delays in virtual time', () => {
  it('polls every FIXED retry retryDelaySeconds after the previous failure', async () => {
    const starts = await attemptStarts({ name: 'job_task', retryCount: 3, retryLogic: 'FIXED', retryDelaySeconds: 5 }, [fail(), fail(), fail(), ok()]);

    expect(starts).toEqual([0, 5_000, 10_000, 15_000]);
  });

  it('grows LINEAR_BACKOFF delays as retryDelaySeconds × backoffScaleFactor × (retryCount + 1)', async () => {
    const starts = await attemptStarts(
      { name: 'job_task', retryCount: 3, retryLogic: 'LINEAR_BACKOFF', retryDelaySeconds: 3, backoffScaleFactor: 2 },
      [fail(), fail(), fail(), ok()],
    );

    // delays 6 s, 12 s, 18 s
    expect(starts).toEqual([0, 6_000, 18_000, 36_000]);
  });

  it('doubles EXPONENTIAL_BACKOFF delays as retryDelaySeconds × 2^retryCount', async () => {
    const starts = await attemptStarts(
      { name: 'job_task', retryCount: 3, retryLogic: 'EXPONENTIAL_BACKOFF', retryDelaySeconds: 2 },
      [fail(), fail(), fail(), ok()],
    );

    // delays 2 s, 4 s, 8 s
    expect(starts).toEqual([0, 2_000, 6_000, 14_000]);
  });

  it('caps EXPONENTIAL_BACKOFF delays at maxRetryDelaySeconds', async () => {
    // TestDeciderService: EXPONENTIAL 60 s capped at 200 → 60, 120, 200, 200.
    const starts = await attemptStarts(
      { name: 'job_task', retryCount: 4, retryLogic: 'EXPONENTIAL_BACKOFF', retryDelaySeconds: 60, maxRetryDelaySeconds: 200 },
      [fail(), fail(), fail(), fail(), ok()],
    );

    expect(starts).toEqual([0, 60_000, 180_000, 380_000, 580_000]);
  });

  it('caps LINEAR_BACKOFF delays at maxRetryDelaySeconds', async () => {
    // RetryPolicySpec: LINEAR 2 s, scale 2, cap 5 → 4 then 5.
    const starts = await attemptStarts(
      { name: 'job_task', retryCount: 2, retryLogic: 'LINEAR_BACKOFF', retryDelaySeconds: 2, backoffScaleFactor: 2, maxRetryDelaySeconds: 5 },
      [fail(), fail(), ok()],
    );

    expect(starts).toEqual([0, 4_000, 9_000]);
  });

  it('counts the delay from the end of the failed attempt, after its latency', async () => {
    const trace = await runWorkflow(
      { workflowDef: workflow([worker('job')]) },
      { taskDefs: [{ name: 'job_task', retryCount: 1, retryDelaySeconds: 10 }], mocks: { byRef: { job: [fail('slow failure', {}, { latency: 1500 }), ok({}, { latency: 250 })] } } },
    );

    expect(attemptsOf(trace, 'job').map((t) => [t.scheduledTime - T0, t.startTime - T0, t.endTime - T0])).toEqual([
      [0, 0, 1_500],
      [1_500, 11_500, 11_750],
    ]);
  });

  it('adds a seeded jitter of at most backoffJitterMs to the delay and keeps callbackAfterSeconds whole', async () => {
    const def = workflow([worker('job')]);
    const taskDefs: TaskDef[] = [{ name: 'job_task', retryCount: 1, retryDelaySeconds: 10, backoffJitterMs: 500 }];
    const run = (): ReturnType<typeof runWorkflow> =>
      runWorkflow({ workflowDef: def }, { seed: 11, taskDefs, mocks: { byRef: { job: [fail(), noPoll()] } } });

    const [a, b] = [await run(), await run()];

    const copy = attemptsOf(a, 'job')[1];
    expect(copy?.callbackAfterSeconds).toBe(10);
    expect(copy?.startDelayInSeconds).toBe(10);
    const retried = a.events.find((e) => e.kind === 'task.retried');
    const delayMs = retried?.detail?.['delayMs'] as number;
    expect(delayMs).toBeGreaterThanOrEqual(10_000);
    expect(delayMs).toBeLessThanOrEqual(10_500);
    expect(b.events.find((e) => e.kind === 'task.retried')?.detail).toEqual(retried?.detail);
  });

  it('lets the node retryCount override the TaskDef retryCount', async () => {
    const trace = await runWorkflow(
      { workflowDef: workflow([worker('job', { retryCount: 1 })]) },
      { taskDefs: [{ name: 'job_task', retryCount: 5, retryDelaySeconds: 1 }], mocks: { byRef: { job: [fail('one'), fail('two'), ok()] } } },
    );

    expect(taskRows(trace)).toEqual(['job:job_task=FAILED#0@0', 'job:job_task=FAILED#1@0']);
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('fails the workflow at once when the node sets retryCount 0', async () => {
    const trace = await runWorkflow({ workflowDef: workflow([worker('job', { retryCount: 0 })]) }, { mocks: { byRef: { job: [fail('nope'), ok()] } } });

    expect(taskRows(trace)).toEqual(['job:job_task=FAILED#0@0']);
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${taskOf(trace, 'job').taskId} failed with status: FAILED and reason: 'nope'`);
  });
});

describe('the retry copy', () => {
  const taskDefs: TaskDef[] = [{ name: 'job_task', retryCount: 2, retryDelaySeconds: 30 }];

  it('gets a new taskId, retriedTaskId of the failed attempt, retryCount + 1 and the next seq', async () => {
    const def = workflow([worker('job')]);

    const trace = await runWorkflow({ workflowDef: def }, { taskDefs, mocks: { byRef: { job: [fail('first'), ok({ done: 1 })] } } });

    const [failed, copy] = attemptsOf(trace, 'job');
    expect(copy?.taskId).not.toBe(failed?.taskId);
    expect(copy?.retriedTaskId).toBe(failed?.taskId);
    expect(failed?.retriedTaskId).toBeUndefined();
    expect([failed?.retryCount, copy?.retryCount]).toEqual([0, 1]);
    expect([failed?.seq, copy?.seq]).toEqual([1, 2]);
    expect([failed?.retried, copy?.retried]).toEqual([true, false]);
    expect(copy?.startDelayInSeconds).toBe(30);
    // A worker poll resets callbackAfterSeconds (ExecutionService.poll).
    expect(copy?.callbackAfterSeconds).toBe(0);
  });

  it('shows the previous failure reason and the delay while it waits to be polled', async () => {
    const def = workflow([worker('job')]);

    const trace = await runWorkflow({ workflowDef: def }, { taskDefs, mocks: { byRef: { job: [fail('gateway down'), noPoll()] } } });

    const copy = attemptsOf(trace, 'job')[1];
    expect(copy?.status).toBe('SCHEDULED');
    expect(copy?.reasonForIncompletion).toBe('gateway down');
    expect([copy?.callbackAfterSeconds, copy?.startDelayInSeconds, copy?.startTime, copy?.endTime]).toEqual([30, 30, 0, 0]);
    expect(copy?.outputData).toEqual({});
  });

  it('re-evaluates the input with the new task id', async () => {
    const def = workflow([worker('job', { inputParameters: { me: '${CPEWF_TASK_ID}', fixed: 'x' } })]);

    const trace = await runWorkflow({ workflowDef: def }, { taskDefs, mocks: { byRef: { job: [fail(), fail(), ok()] } } });

    expect(attemptsOf(trace, 'job').map((t) => t.inputData['me'] === t.taskId && t.inputData['fixed'] === 'x')).toEqual([true, true, true]);
  });

  it('numbers the copy after tasks scheduled in between', async () => {
    // Fork branches a and b run in parallel; a fails, and its copy takes the next seq after the JOIN.
    const def: WorkflowDef = {
      name: 'retry_fork',
      version: 1,
      schemaVersion: 2,
      tasks: [
        { name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: [[worker('a')], [worker('b')]] },
        { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['a', 'b'] },
      ],
    };

    const trace = await runWorkflow(
      { workflowDef: def },
      { taskDefs: [{ name: 'a_task', retryCount: 1, retryDelaySeconds: 5 }], mocks: { byRef: { a: [fail(), ok({ a: 1 })], b: ok({ b: 1 }, { latency: '1m' }) } } },
    );

    expect(trace.workflow.tasks.map((t) => `${t.seq}:${t.referenceTaskName}#${t.retryCount}=${t.status}`)).toEqual([
      '1:fork#0=COMPLETED',
      '2:a#0=FAILED',
      '3:b#0=COMPLETED',
      '4:join#0=COMPLETED',
      '5:a#1=COMPLETED',
    ]);
  });
});

describe('failures that are not retried', () => {
  it('does not retry FAILED_WITH_TERMINAL_ERROR and names the workflow status FAILED in the reason', async () => {
    const trace = await runWorkflow(
      { workflowDef: workflow([worker('job'), worker('after')]) },
      { taskDefs: [{ name: 'job_task', retryCount: 3, retryDelaySeconds: 1 }], mocks: { byRef: { job: [terminalError('fatal'), ok()], after: ok() } } },
    );

    expect(taskRows(trace)).toEqual(['job:job_task=FAILED_WITH_TERMINAL_ERROR#0@0']);
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${taskOf(trace, 'job').taskId} failed with status: FAILED and reason: 'fatal'`);
    expect(trace.events.filter((e) => e.kind === 'task.retried')).toEqual([]);
  });

  it('never retries a system task without a TaskDef, even when it fails', async () => {
    // MetadataMapperService gives system tasks an ad-hoc TaskDef with retryCount 0.
    const def = workflow([{ name: 'call', taskReferenceName: 'call', type: 'HTTP', inputParameters: { http_request: { uri: 'http://example.invalid/x', method: 'GET' } } }]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { call: [fail('HTTP 503'), ok()] } } });

    expect(taskRows(trace)).toEqual(['call:HTTP=FAILED#0@0']);
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.events.filter((e) => e.kind === 'task.retried')).toEqual([]);
  });

  it('retries a system task whose node sets retryCount', async () => {
    const def = workflow([{ name: 'call', taskReferenceName: 'call', type: 'HTTP', retryCount: 1, inputParameters: { http_request: { uri: 'http://example.invalid/x', method: 'GET' } } }]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { call: [fail('HTTP 503'), ok({ response: { statusCode: 200 } })] } } });

    expect(taskRows(trace)).toEqual(['call:HTTP=FAILED#0@0', 'call:HTTP=COMPLETED#1@0']);
    expect(trace.workflow.status).toBe('COMPLETED');
  });
});

describe('optional tasks', () => {
  it('turn an exhausted failure into COMPLETED_WITH_ERRORS and let the workflow go on', async () => {
    const def = workflow([worker('maybe', { optional: true, retryCount: 0 }), worker('after')]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { maybe: fail('optional broke'), after: ok({ fine: true }) } } });

    expect(taskRows(trace)).toEqual(['maybe:maybe_task=COMPLETED_WITH_ERRORS#0@0', 'after:after_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'maybe').reasonForIncompletion).toBe('optional broke');
    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.output).toEqual({ fine: true });
    // COMPLETED_WITH_ERRORS is not FAILED, so it is not listed (engine-semantics §1.4).
    expect(trace.workflow.failedReferenceTaskNames).toEqual([]);
  });

  it('are retried first while retries remain', async () => {
    const def = workflow([worker('maybe', { optional: true }), worker('after')]);

    const trace = await runWorkflow(
      { workflowDef: def },
      { taskDefs: [{ name: 'maybe_task', retryCount: 1, retryDelaySeconds: 2 }], mocks: { byRef: { maybe: [fail('1'), fail('2')], after: ok() } } },
    );

    expect(taskRows(trace)).toEqual(['maybe:maybe_task=FAILED#0@0', 'maybe:maybe_task=COMPLETED_WITH_ERRORS#1@0', 'after:after_task=COMPLETED#0@0']);
    expect(trace.workflow.failedReferenceTaskNames).toEqual(['maybe']);
  });

  it('turn FAILED_WITH_TERMINAL_ERROR into COMPLETED_WITH_ERRORS too', async () => {
    const def = workflow([worker('maybe', { optional: true }), worker('after')]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { maybe: terminalError('hard'), after: ok() } } });

    expect(taskRows(trace)).toEqual(['maybe:maybe_task=COMPLETED_WITH_ERRORS#0@0', 'after:after_task=COMPLETED#0@0']);
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('keep FAILED in the stored list when the failure is the pass that completes the workflow', async () => {
    // engine-semantics §1.7: the completing pass is not persisted, so the in-memory
    // COMPLETED_WITH_ERRORS of the last task is lost while the workflow is COMPLETED.
    const def = workflow([worker('first'), worker('last', { optional: true, retryCount: 0 })]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { first: ok(), last: fail('at the end') } } });

    expect(taskRows(trace)).toEqual(['first:first_task=COMPLETED#0@0', 'last:last_task=FAILED#0@0']);
    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.failedReferenceTaskNames).toEqual([]);
  });
});

describe('permissive tasks', () => {
  it('stay FAILED, let the next task run, and fail the workflow when everything else is done', async () => {
    const def = workflow([worker('lenient', { permissive: true, retryCount: 0 }), worker('after')]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { lenient: fail('NETWORK ERROR'), after: ok({ ran: true }) } } });

    expect(taskRows(trace)).toEqual(['lenient:lenient_task=FAILED#0@0', 'after:after_task=COMPLETED#0@0']);
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${taskOf(trace, 'lenient').taskId} failed with status: FAILED and reason: 'NETWORK ERROR'`);
    expect(trace.workflow.failedReferenceTaskNames).toEqual(['lenient']);
  });

  it('print the task status, not the workflow status, for a terminal error', async () => {
    const def = workflow([worker('lenient', { permissive: true }), worker('after')]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { lenient: terminalError('bad input'), after: ok() } } });

    expect(trace.workflow.reasonForIncompletion).toBe(
      `Task ${taskOf(trace, 'lenient').taskId} failed with status: FAILED_WITH_TERMINAL_ERROR and reason: 'bad input'`,
    );
  });

  it('behave like optional tasks when the node is also optional', async () => {
    const def = workflow([worker('both', { permissive: true, optional: true, retryCount: 0 }), worker('after')]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { both: fail('x'), after: ok() } } });

    expect(taskRows(trace)).toEqual(['both:both_task=COMPLETED_WITH_ERRORS#0@0', 'after:after_task=COMPLETED#0@0']);
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('join every failure message with ". " when several permissive tasks failed', async () => {
    const def = workflow([worker('p1', { permissive: true, retryCount: 0 }), worker('p2', { permissive: true, retryCount: 0 })]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { p1: fail('one'), p2: fail('two') } } });

    const [p1, p2] = [taskOf(trace, 'p1'), taskOf(trace, 'p2')];
    expect(trace.workflow.reasonForIncompletion).toBe(
      `Task ${p1.taskId} failed with status: FAILED and reason: 'one'. Task ${p2.taskId} failed with status: FAILED and reason: 'two'`,
    );
  });
});

describe('retries in server-compat mode', () => {
  it('records the retry delay on the copy without waiting for it', async () => {
    const def: WorkflowDef = { ...workflow([worker('job')]), name: 'retry_compat' };

    const trace = await runWorkflow(
      { name: 'retry_compat', workflowDef: def, input: {}, taskRefToMockOutput: { job: [{ status: 'FAILED', output: {} }, { status: 'FAILED', output: {} }, { status: 'COMPLETED', output: { ok: 1 } }] } },
      { mode: 'server-compat', taskDefs: [{ name: 'job_task', retryCount: 2, retryLogic: 'EXPONENTIAL_BACKOFF', retryDelaySeconds: 7 }] },
    );

    expect(taskRows(trace)).toEqual(['job:job_task=FAILED#0@0', 'job:job_task=FAILED#1@0', 'job:job_task=COMPLETED#2@0']);
    expect(attemptsOf(trace, 'job').map((t) => t.callbackAfterSeconds)).toEqual([0, 7, 14]);
    expect(trace.workflow.status).toBe('COMPLETED');
  });
});
