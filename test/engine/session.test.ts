/**
 * The session API of a simulate-mode run: `signal`, `completeTask`, `advance`, `status`, `now`,
 * and its errors.
 *
 * Conductor behaviour it stands for: `signal` is TaskService.signalTask (the update's output is the
 * task's current output plus the given map, status COMPLETED); `completeTask` is a task update
 * (WorkflowExecutorOps.updateTask: output replaced, reason set, then a decide). Both are ignored by
 * the server for terminal tasks, which the session reports as a UsageError instead.
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow, startWorkflow } from '../../src/index.js';
import type { WorkflowDef, WorkflowTask } from '../../src/index.js';
import { taskOf, taskRows } from '../support/task-rows.js';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

function workflow(tasks: WorkflowTask[], extra: Partial<WorkflowDef> = {}): WorkflowDef {
  return { name: 'session_flow', version: 1, schemaVersion: 2, tasks, ...extra };
}

const human: WorkflowTask = { name: 'approval', taskReferenceName: 'approve', type: 'HUMAN', inputParameters: { amount: '${workflow.input.amount}' } };
const wait: WorkflowTask = { name: 'wait_for_callback', taskReferenceName: 'callback', type: 'WAIT' };
const ship: WorkflowTask = { name: 'ship_task', taskReferenceName: 'ship', type: 'SIMPLE', inputParameters: { approved: '${approve.output.approved}' } };
/** `ship` in a workflow of its own: no input from a task that is not there (Conductor rejects that). */
const shipAlone: WorkflowTask = { ...ship, inputParameters: {} };

describe('a session', () => {
  it('waits at a HUMAN task until the test signals it, then runs on', async () => {
    const run = await startWorkflow({ workflowDef: workflow([human, ship]), input: { amount: 10 } }, { mocks: { byRef: { ship: ok({ shipped: true }) } } });
    const before = run.trace();

    const after = await run.signal('approve', { approved: true });

    expect(run.status()).toBe('COMPLETED');
    expect(taskRows(before)).toEqual(['approve:HUMAN=IN_PROGRESS#0@0']);
    expect(before.workflow.status).toBe('RUNNING');
    expect(taskRows(after)).toEqual(['approve:HUMAN=COMPLETED#0@0', 'ship:ship_task=COMPLETED#0@0']);
    expect(taskOf(after, 'approve').outputData).toEqual({ approved: true });
    expect(taskOf(after, 'ship').inputData).toEqual({ approved: true });
  });

  it('signals a WAIT task that has no duration or until', async () => {
    const run = await startWorkflow({ workflowDef: workflow([wait]) });

    const trace = await run.signal('callback', { payload: 'p' });

    expect(taskRows(trace)).toEqual(['callback:WAIT=COMPLETED#0@0']);
    expect(taskOf(trace, 'callback').outputData).toEqual({ payload: 'p' });
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('fails a task with completeTask and the given reason, which fails the workflow', async () => {
    const run = await startWorkflow({ workflowDef: workflow([human, ship]), input: { amount: 10 } });

    const trace = await run.completeTask('approve', 'FAILED', { approved: false }, 'rejected by Ann');

    const task = taskOf(trace, 'approve');
    expect(taskRows(trace)).toEqual(['approve:HUMAN=FAILED#0@0']);
    expect([task.reasonForIncompletion, task.outputData]).toEqual(['rejected by Ann', { approved: false }]);
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${task.taskId} failed with status: FAILED and reason: 'rejected by Ann'`);
  });

  it('completes a task with completeTask, replacing its output', async () => {
    const run = await startWorkflow({ workflowDef: workflow([human]) });

    const trace = await run.completeTask('approve', 'COMPLETED', { by: 'ann' });

    expect(taskOf(trace, 'approve').outputData).toEqual({ by: 'ann' });
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('moves the virtual clock with advance, so a later signal happens later', async () => {
    const run = await startWorkflow({ workflowDef: workflow([human]) });

    await run.advance('2h');
    await run.advance(1500);
    const trace = await run.signal('approve');

    expect(run.now() - T0).toBe(7_201_500);
    expect(taskOf(trace, 'approve').endTime - T0).toBe(7_201_500);
    expect(trace.workflow.endTime - T0).toBe(7_201_500);
  });

  it('returns from startWorkflow at the start instant, and advance processes what falls due', async () => {
    const run = await startWorkflow({ workflowDef: workflow([shipAlone]) }, { mocks: { byRef: { ship: ok({}, { latency: '2s' }) } } });
    const atStart = run.trace();

    const early = await run.advance('1s');
    const late = await run.advance('1s');

    expect(run.now() - T0).toBe(2_000);
    expect(taskRows(atStart)).toEqual(['ship:ship_task=IN_PROGRESS#0@0']);
    expect(taskRows(early)).toEqual(['ship:ship_task=IN_PROGRESS#0@0']);
    expect(taskRows(late)).toEqual(['ship:ship_task=COMPLETED#0@0']);
    expect(late.workflow.status).toBe('COMPLETED');
  });

  it('runs everything to the end with runUntilIdle', async () => {
    const run = await startWorkflow({ workflowDef: workflow([shipAlone]) }, { mocks: { byRef: { ship: ok({}, { latency: '50m' }) } } });

    const trace = await run.runUntilIdle();

    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.endTime - T0).toBe(50 * 60_000);
  });

  it('keeps the clock at the last activity when a pending response timeout became moot', async () => {
    // The worker answers at +2 s; the sweep planned for its response timeout (+1 h) must not move the clock.
    const run = await startWorkflow({ workflowDef: workflow([{ ...ship, inputParameters: {} }, human]) }, { mocks: { byRef: { ship: ok({}, { latency: '2s' }) } } });

    await run.advance('2s');
    const trace = await run.signal('approve');

    expect(run.now() - T0).toBe(2_000);
    expect(trace.workflow.tasks.map((t) => t.endTime - T0)).toEqual([2_000, 2_000]);
  });

  it('exposes the top-level workflow id', async () => {
    const run = await startWorkflow({ workflowDef: workflow([human]) });

    expect(run.trace().workflow.workflowId).toBe(run.workflowId);
  });

  it('rejects a signal for a ref that has no running task, listing the running ones', async () => {
    const run = await startWorkflow({ workflowDef: workflow([human, ship]) });

    await expect(run.signal('aprove')).rejects.toMatchObject({
      name: 'UsageError',
      message: 'no running task "aprove" in workflow "session_flow" (status RUNNING); running tasks: approve',
    });
  });

  it('rejects completing a task that already ended', async () => {
    const run = await startWorkflow({ workflowDef: workflow([human]) });
    await run.signal('approve');

    await expect(run.completeTask('approve', 'COMPLETED')).rejects.toMatchObject({
      name: 'UsageError',
      message: 'no running task "approve" in workflow "session_flow" (status COMPLETED); running tasks: (none)',
    });
  });

  it('refuses to start a session in server-compat mode', async () => {
    await expect(startWorkflow({ workflowDef: workflow([human]) }, { mode: 'server-compat' })).rejects.toMatchObject({ name: 'UsageError' });
  });

  it('refuses a server-compat run without a request name, as the endpoint does', async () => {
    await expect(runWorkflow({ workflowDef: workflow([human]) }, { mode: 'server-compat' })).rejects.toMatchObject({
      name: 'UsageError',
      message: 'server-compat mode runs a WorkflowTestRequest: give it a "name" (and usually an inline workflowDef), as POST /api/workflow/test requires',
    });
  });

  it('refuses TypeScript mocks in server-compat mode', async () => {
    const request = { name: 'session_flow', workflowDef: workflow([shipAlone]), input: {}, taskRefToMockOutput: {} };

    await expect(runWorkflow(request, { mode: 'server-compat', mocks: { byRef: { ship: ok() } } })).rejects.toMatchObject({ name: 'UsageError' });
  });
});
