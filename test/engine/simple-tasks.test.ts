/**
 * SIMPLE (worker) tasks and how mocks answer them, in simulate and server-compat mode.
 *
 * Conductor sources: core/.../execution/mapper/SimpleTaskMapper.java (taskType = node name,
 * callbackAfterSeconds = startDelay), core/.../execution/DeciderService.java (retry copies),
 * core/.../service/WorkflowTestService.java (one mock consumed per visit of a non-terminal task;
 * a missing mock stops the test loop), core/.../metadata/MetadataMapperService.java (an
 * unregistered SIMPLE task gets an ad-hoc TaskDef: 3 retries, FIXED 60 s).
 */
import { describe, it, expect } from 'vitest';
import { fail, ok, runWorkflow, terminalError } from '../../src/index.js';
import type { TaskDef, WorkflowDef, WorkflowTask, WorkflowTestRequest } from '../../src/index.js';
import { attemptsOf, taskOf, taskRows } from '../support/task-rows.js';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

function simple(ref: string, name = `${ref}_task`, extra: Partial<WorkflowTask> = {}): WorkflowTask {
  return { name, taskReferenceName: ref, type: 'SIMPLE', ...extra };
}

function workflow(tasks: WorkflowTask[], extra: Partial<WorkflowDef> = {}): WorkflowDef {
  return { name: 'simple_flow', version: 1, schemaVersion: 2, tasks, ...extra };
}

function request(def: WorkflowDef, mocks: NonNullable<WorkflowTestRequest['taskRefToMockOutput']>, input: Record<string, unknown> = {}): WorkflowTestRequest {
  return { name: def.name, version: 1, workflowDef: def, input, taskRefToMockOutput: mocks };
}

describe('SIMPLE tasks in simulate mode', () => {
  it('gives a SIMPLE task the node name as taskType and taskDefName', async () => {
    const def = workflow([simple('validate', 'validate_order')]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { validate: ok({ valid: true }) } } });

    const task = taskOf(trace, 'validate');
    expect([task.taskType, task.taskDefName, task.status]).toEqual(['validate_order', 'validate_order', 'COMPLETED']);
    expect(task.outputData).toEqual({ valid: true });
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('consumes one mock of a sequence per attempt', async () => {
    const def = workflow([simple('charge')]);
    const taskDefs: TaskDef[] = [{ name: 'charge_task', retryCount: 2, retryDelaySeconds: 1 }];

    const trace = await runWorkflow(
      { workflowDef: def },
      { taskDefs, mocks: { byRef: { charge: [fail('declined', { try: 1 }), fail('declined again', { try: 2 }), ok({ try: 3 })] } } },
    );

    expect(taskRows(trace)).toEqual(['charge:charge_task=FAILED#0@0', 'charge:charge_task=FAILED#1@0', 'charge:charge_task=COMPLETED#2@0']);
    expect(attemptsOf(trace, 'charge').map((t) => t.outputData)).toEqual([{ try: 1 }, { try: 2 }, { try: 3 }]);
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('runs the tasks of a linear workflow one after the other, each seeing the previous output', async () => {
    const def = workflow([simple('a'), simple('b', 'b_task', { inputParameters: { fromA: '${a.output.x}' } })]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({ x: 41 }), b: ok({ y: 42 }) } } });

    expect(taskRows(trace)).toEqual(['a:a_task=COMPLETED#0@0', 'b:b_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'b').inputData).toEqual({ fromA: 41 });
    expect(trace.workflow.tasks.map((t) => t.seq)).toEqual([1, 2]);
  });

  it('answers by task name when no mock is keyed by the ref', async () => {
    const def = workflow([simple('first', 'shared_worker'), simple('second', 'shared_worker')]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byName: { shared_worker: [ok({ n: 1 }), ok({ n: 2 })] } } });

    expect(taskRows(trace)).toEqual(['first:shared_worker=COMPLETED#0@0', 'second:shared_worker=COMPLETED#0@0']);
    expect(trace.workflow.tasks.map((t) => t.outputData)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('passes the resolved input and the attempt number to a mock function', async () => {
    const def = workflow([simple('echo', 'echo_task', { inputParameters: { who: '${workflow.input.name}' } })], {});
    const seen: Array<[unknown, number]> = [];

    const trace = await runWorkflow(
      { workflowDef: def, input: { name: 'ada' } },
      {
        taskDefs: [{ name: 'echo_task', retryCount: 1, retryDelaySeconds: 0 }],
        mocks: {
          byRef: {
            echo: (task) => {
              seen.push([task.inputData['who'], task.attempt]);
              return task.attempt === 1 ? fail('first try') : ok({ hello: task.inputData['who'] });
            },
          },
        },
      },
    );

    expect(seen).toEqual([['ada', 1], ['ada', 2]]);
    expect(attemptsOf(trace, 'echo').map((t) => t.outputData)).toEqual([{}, { hello: 'ada' }]);
  });

  it('retries an unregistered SIMPLE task three times, 60 s apart, as the ad-hoc TaskDef says', async () => {
    const def = workflow([simple('flaky')]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { flaky: [fail('e1'), fail('e2'), fail('e3'), fail('e4')] } } });

    expect(taskRows(trace)).toEqual([
      'flaky:flaky_task=FAILED#0@0',
      'flaky:flaky_task=FAILED#1@0',
      'flaky:flaky_task=FAILED#2@0',
      'flaky:flaky_task=FAILED#3@0',
    ]);
    expect(attemptsOf(trace, 'flaky').map((t) => t.startTime - T0)).toEqual([0, 60_000, 120_000, 180_000]);
    const last = attemptsOf(trace, 'flaky')[3];
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${last?.taskId} failed with status: FAILED and reason: 'e4'`);
    expect(trace.workflow.failedReferenceTaskNames).toEqual(['flaky']);
    expect(trace.workflow.failedTaskNames).toEqual(['flaky_task']);
  });

  it('holds a task with startDelay in the queue for that many seconds before a worker polls it', async () => {
    const def = workflow([simple('later', 'later_task', { startDelay: 30 })]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { later: ok({}, { latency: '5s' }) } } });

    const task = taskOf(trace, 'later');
    expect([task.scheduledTime - T0, task.startTime - T0, task.endTime - T0]).toEqual([0, 30_000, 35_000]);
    expect([task.callbackAfterSeconds, task.startDelayInSeconds]).toEqual([0, 30]);
  });

  it('stops with a MockError naming the ref and the mocked refs when a worker task has no mock', async () => {
    const def = workflow([simple('a'), simple('b')]);

    const run = runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok() } } });

    await expect(run).rejects.toMatchObject({
      name: 'MockError',
      message: 'simple_flow › b (attempt 1, +0s): no mock for "b"; mocked refs: a. Add a mock for "b" or pass unmocked: \'fail\' (or \'stall\').',
    });
  });

  it("leaves an unmocked task SCHEDULED with unmocked: 'stall'", async () => {
    const def = workflow([simple('a'), simple('b')]);

    const trace = await runWorkflow({ workflowDef: def }, { unmocked: 'stall', mocks: { byRef: { a: ok() } } });

    expect(taskRows(trace)).toEqual(['a:a_task=COMPLETED#0@0', 'b:b_task=SCHEDULED#0@0']);
    expect(trace.workflow.status).toBe('RUNNING');
  });

  it("fails an unmocked task with unmocked: 'fail'", async () => {
    const def = workflow([simple('a', 'a_task', { retryCount: 0 })]);

    const trace = await runWorkflow({ workflowDef: def }, { unmocked: 'fail' });

    expect(taskRows(trace)).toEqual(['a:a_task=FAILED#0@0']);
    expect(taskOf(trace, 'a').reasonForIncompletion).toBe('no mock for "a"');
    expect(trace.workflow.status).toBe('FAILED');
  });
});

describe('SIMPLE tasks in server-compat mode (POST /api/workflow/test)', () => {
  // engine-semantics §7.11 example A: mocks a: [FAILED {e:1}, COMPLETED {x:1}], b: [COMPLETED {y:2}].
  it('consumes mocks in order, one per attempt, and completes with the last task output', async () => {
    const def = workflow([simple('a'), simple('b')]);

    const trace = await runWorkflow(
      request(def, { a: [{ status: 'FAILED', output: { e: 1 } }, { status: 'COMPLETED', output: { x: 1 } }], b: [{ status: 'COMPLETED', output: { y: 2 } }] }),
      { mode: 'server-compat' },
    );

    expect(taskRows(trace)).toEqual(['a:a_task=FAILED#0@0', 'a:a_task=COMPLETED#1@0', 'b:b_task=COMPLETED#0@0']);
    const [first, second] = attemptsOf(trace, 'a');
    expect(second?.retriedTaskId).toBe(first?.taskId);
    expect([first?.callbackAfterSeconds, second?.callbackAfterSeconds, second?.startDelayInSeconds]).toEqual([0, 60, 60]);
    expect([first?.retried, second?.retried]).toEqual([true, false]);
    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.output).toEqual({ y: 2 });
    expect(trace.workflow.failedReferenceTaskNames).toEqual(['a']);
    expect(trace.workflow.reasonForIncompletion).toBeUndefined();
  });

  // §7.11 example B and TestWorkflowSpec "simple tasks": a worker task without a key stops the loop.
  it('returns RUNNING with the unmocked task SCHEDULED', async () => {
    const def = workflow([simple('a'), simple('b')]);

    const trace = await runWorkflow(request(def, { a: [{ status: 'COMPLETED', output: { x: 1 } }] }), { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual(['a:a_task=COMPLETED#0@0', 'b:b_task=SCHEDULED#0@0']);
    expect(trace.workflow.status).toBe('RUNNING');
  });

  // §7.11 example C: one FAILED mock for a 3-retry ad-hoc task leaves an unmocked retry copy.
  it('returns RUNNING when the retries outnumber the mocks', async () => {
    const def = workflow([simple('a')]);

    const trace = await runWorkflow(request(def, { a: [{ status: 'FAILED', output: {} }] }), { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual(['a:a_task=FAILED#0@0', 'a:a_task=SCHEDULED#1@0']);
    expect(trace.workflow.status).toBe('RUNNING');
  });

  // A mock cannot carry a reason (TaskMock has no such field), so the workflow reason reads 'null'.
  it("fails the workflow after retryCount + 1 failing mocks with reason 'null'", async () => {
    const def = workflow([simple('a', 'a_task', { retryCount: 1 })]);

    const trace = await runWorkflow(request(def, { a: [{ status: 'FAILED', output: {} }, { status: 'FAILED', output: {} }] }), { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual(['a:a_task=FAILED#0@0', 'a:a_task=FAILED#1@0']);
    const last = attemptsOf(trace, 'a')[1];
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${last?.taskId} failed with status: FAILED and reason: 'null'`);
  });

  // engine-semantics §7.4: an IN_PROGRESS mock puts a worker task back to SCHEDULED; outputs merge.
  it('merges the outputs of an IN_PROGRESS mock and the mock that completes the task', async () => {
    const def = workflow([simple('a')]);

    const trace = await runWorkflow(
      request(def, { a: [{ status: 'IN_PROGRESS', output: { progress: 50 } }, { status: 'COMPLETED', output: { done: true } }] }),
      { mode: 'server-compat' },
    );

    expect(taskRows(trace)).toEqual(['a:a_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'a').outputData).toEqual({ progress: 50, done: true });
  });

  it('does not retry a FAILED_WITH_TERMINAL_ERROR mock', async () => {
    const def = workflow([simple('a'), simple('b')]);

    const trace = await runWorkflow(request(def, { a: [{ status: 'FAILED_WITH_TERMINAL_ERROR', output: { code: 7 } }], b: [{ status: 'COMPLETED', output: {} }] }), {
      mode: 'server-compat',
    });

    expect(taskRows(trace)).toEqual(['a:a_task=FAILED_WITH_TERMINAL_ERROR#0@0']);
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${taskOf(trace, 'a').taskId} failed with status: FAILED and reason: 'null'`);
    expect(trace.workflow.output).toEqual({ code: 7 });
  });

  it('gives worker tasks startTime 0 because the endpoint never polls them', async () => {
    const def = workflow([simple('a')]);

    const trace = await runWorkflow(request(def, { a: [{ status: 'COMPLETED', output: {} }] }), { mode: 'server-compat' });

    expect(taskOf(trace, 'a').startTime).toBe(0);
    expect(taskOf(trace, 'a').pollCount).toBe(0);
  });

  it('terminates the workflow when a non-optional task is mocked CANCELED', async () => {
    const def = workflow([simple('a')]);

    const trace = await runWorkflow(request(def, { a: [{ status: 'CANCELED', output: {} }] }), { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual(['a:a_task=CANCELED#0@0']);
    expect(trace.workflow.status).toBe('TERMINATED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${taskOf(trace, 'a').taskId} failed with status: TERMINATED and reason: 'null'`);
    expect(trace.workflow.failedReferenceTaskNames).toEqual([]);
  });
});

describe('FAILED_WITH_TERMINAL_ERROR in simulate mode', () => {
  it('fails the workflow at once even when retries remain, with the task reason in the message', async () => {
    const def = workflow([simple('a')]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: [terminalError('card stolen'), ok()] } } });

    expect(taskRows(trace)).toEqual(['a:a_task=FAILED_WITH_TERMINAL_ERROR#0@0']);
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${taskOf(trace, 'a').taskId} failed with status: FAILED and reason: 'card stolen'`);
    expect(trace.workflow.failedReferenceTaskNames).toEqual(['a']);
  });
});

describe('task types the server does not know', () => {
  // DeciderService falls back to the USER_DEFINED mapper (mapper/UserDefinedTaskMapper.java): a
  // worker task whose taskType is the type string itself.
  it('run as worker tasks whose taskType is the type string', async () => {
    const def = workflow([{ name: 'legacy_step', taskReferenceName: 'legacy', type: 'MY_LEGACY_TYPE', inputParameters: { x: '${workflow.input.x}' } }]);

    const trace = await runWorkflow({ workflowDef: def, input: { x: 1 } }, { mocks: { byRef: { legacy: ok({ done: true }) } } });

    expect(taskRows(trace)).toEqual(['legacy:MY_LEGACY_TYPE=COMPLETED#0@0']);
    expect([taskOf(trace, 'legacy').taskDefName, taskOf(trace, 'legacy').inputData]).toEqual(['legacy_step', { x: 1 }]);
  });
});
