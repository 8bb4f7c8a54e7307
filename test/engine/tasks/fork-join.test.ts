/**
 * FORK_JOIN and JOIN: parallel branches, the JOIN's output, failing, optional and permissive
 * branches.
 *
 * Conductor source: core/.../execution/mapper/ForkJoinTaskMapper.java (FORK task COMPLETED, then
 * the first task of every branch in order, then the JOIN), mapper/JoinTaskMapper.java (JOIN
 * IN_PROGRESS with input {joinOn}), core/.../execution/tasks/Join.java (output keyed by joinOn ref
 * for non-empty outputs; a non-optional failure fails the JOIN at once unless permissive, which
 * waits for all; optional COMPLETED_WITH_ERRORS → JOIN COMPLETED_WITH_ERRORS with reason
 * "<taskDefName>/<taskId> completed with errors"), DeciderService (a terminal failure of a branch
 * task fails the workflow before the JOIN is evaluated; JOIN is built-in and never retried).
 * test-harness ForkJoinSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { fail, ok, runWorkflow } from '../../../src/index.js';
import type { WorkflowDef, WorkflowTask } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

function worker(ref: string, extra: Partial<WorkflowTask> = {}): WorkflowTask {
  return { name: `${ref}_task`, taskReferenceName: ref, type: 'SIMPLE', ...extra };
}

function forkFlow(left: WorkflowTask[], right: WorkflowTask[], joinOn: string[]): WorkflowDef {
  return {
    name: 'fork_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'fan_out', taskReferenceName: 'fan', type: 'FORK_JOIN', forkTasks: [left, right] },
      { name: 'fan_in', taskReferenceName: 'join', type: 'JOIN', joinOn },
      worker('after'),
    ],
  };
}

describe('FORK_JOIN and JOIN', () => {
  it('starts every branch, runs them to the JOIN, and goes on with the JOIN output keyed by ref', async () => {
    const def = forkFlow([worker('a'), worker('c')], [worker('b')], ['c', 'b']);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({ a: 1 }), c: ok({ c: 3 }, { latency: '2s' }), b: ok({ b: 2 }, { latency: '1s' }), after: ok() } } });

    expect(taskRows(trace)).toEqual([
      'fan:FORK=COMPLETED#0@0',
      'a:a_task=COMPLETED#0@0',
      'b:b_task=COMPLETED#0@0',
      'join:JOIN=COMPLETED#0@0',
      'c:c_task=COMPLETED#0@0',
      'after:after_task=COMPLETED#0@0',
    ]);
    const join = taskOf(trace, 'join');
    expect([join.taskDefName, join.inputData, join.outputData]).toEqual(['JOIN', { joinOn: ['c', 'b'] }, { c: { c: 3 }, b: { b: 2 } }]);
    expect(join.endTime - Date.parse('2024-01-01T00:00:00Z')).toBe(2_000);
    expect(taskOf(trace, 'fan').taskDefName).toBe('FORK');
  });

  it('leaves empty branch outputs out of the JOIN output', async () => {
    const def = forkFlow([worker('a')], [worker('b')], ['a', 'b']);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({}), b: ok({ b: 2 }), after: ok() } } });

    expect(taskOf(trace, 'join').outputData).toEqual({ b: { b: 2 } });
  });

  it('fails the workflow when a branch task fails without retries, cancelling the JOIN and the other branch', async () => {
    const def = forkFlow([worker('a'), worker('c')], [worker('b', { retryCount: 0 })], ['c', 'b']);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok(), c: ok({}, { latency: '1m' }), b: fail('branch broke', {}, { latency: '1s' }), after: ok() } } });

    expect(taskRows(trace)).toEqual(['fan:FORK=COMPLETED#0@0', 'a:a_task=COMPLETED#0@0', 'b:b_task=FAILED#0@0', 'join:JOIN=CANCELED#0@0', 'c:c_task=CANCELED#0@0']);
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${taskOf(trace, 'b').taskId} failed with status: FAILED and reason: 'branch broke'`);
  });

  it('completes the JOIN with errors when an optional branch task failed, and the workflow goes on', async () => {
    const def = forkFlow([worker('a')], [worker('b', { optional: true, retryCount: 0 })], ['a', 'b']);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({ a: 1 }, { latency: '1s' }), b: fail('optional broke', { partial: 1 }), after: ok() } } });

    const b = taskOf(trace, 'b');
    expect(taskRows(trace)).toEqual(['fan:FORK=COMPLETED#0@0', 'a:a_task=COMPLETED#0@0', 'b:b_task=COMPLETED_WITH_ERRORS#0@0', 'join:JOIN=COMPLETED_WITH_ERRORS#0@0', 'after:after_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'join').reasonForIncompletion).toBe(`b_task/${b.taskId} completed with errors`);
    expect(taskOf(trace, 'join').outputData).toEqual({ a: { a: 1 }, b: { partial: 1 } });
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('waits for every branch when a permissive branch task failed, then fails the JOIN and the workflow', async () => {
    const def = forkFlow([worker('a', { permissive: true, retryCount: 0 })], [worker('b')], ['a', 'b']);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: fail('NETWORK ERROR'), b: ok({ b: 2 }, { latency: '30s' }), after: ok() } } });

    const join = taskOf(trace, 'join');
    expect(taskRows(trace)).toEqual(['fan:FORK=COMPLETED#0@0', 'a:a_task=FAILED#0@0', 'b:b_task=COMPLETED#0@0', 'join:JOIN=FAILED#0@0']);
    expect(join.reasonForIncompletion).toBe('NETWORK ERROR');
    expect(join.endTime - Date.parse('2024-01-01T00:00:00Z')).toBe(30_000);
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${join.taskId} failed with status: FAILED and reason: 'NETWORK ERROR'`);
    expect([...trace.workflow.failedReferenceTaskNames].sort()).toEqual(['a', 'join']);
  });

  it('retries a branch task before the JOIN gives up on it', async () => {
    const def = forkFlow([worker('a')], [worker('b')], ['a', 'b']);

    const trace = await runWorkflow(
      { workflowDef: def },
      { taskDefs: [{ name: 'b_task', retryCount: 1, retryDelaySeconds: 5 }], mocks: { byRef: { a: ok(), b: [fail('flaky'), ok({ b: 'second' })], after: ok() } } },
    );

    expect(taskRows(trace)).toEqual(['fan:FORK=COMPLETED#0@0', 'a:a_task=COMPLETED#0@0', 'b:b_task=FAILED#0@0', 'join:JOIN=COMPLETED#0@0', 'b:b_task=COMPLETED#1@0', 'after:after_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'join').outputData).toEqual({ b: { b: 'second' } });
  });

  it('completes a JOIN with an empty joinOn at once, while the workflow still waits for the branch', async () => {
    const def = forkFlow([worker('a')], [worker('b')], []);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({}, { latency: '1m' }), b: ok({}, { latency: '1m' }), after: ok() } } });

    const join = taskOf(trace, 'join');
    const after = taskOf(trace, 'after');
    expect([join.status, join.endTime - Date.parse('2024-01-01T00:00:00Z'), join.outputData]).toEqual(['COMPLETED', 0, {}]);
    expect(after.scheduledTime - Date.parse('2024-01-01T00:00:00Z')).toBe(0);
    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.endTime - Date.parse('2024-01-01T00:00:00Z')).toBe(60_000);
  });

  it('runs nested forks, each with its own JOIN', async () => {
    const def: WorkflowDef = {
      name: 'nested_fork',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'outer',
          taskReferenceName: 'outer',
          type: 'FORK_JOIN',
          forkTasks: [
            [
              { name: 'inner', taskReferenceName: 'inner', type: 'FORK_JOIN', forkTasks: [[worker('x')], [worker('y')]] },
              { name: 'inner_join', taskReferenceName: 'inner_join', type: 'JOIN', joinOn: ['x', 'y'] },
            ],
            [worker('z')],
          ],
        },
        { name: 'outer_join', taskReferenceName: 'outer_join', type: 'JOIN', joinOn: ['inner_join', 'z'] },
      ],
    };

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { x: ok({ x: 1 }), y: ok({ y: 1 }), z: ok({ z: 1 }) } } });

    expect(taskRows(trace)).toEqual([
      'outer:FORK=COMPLETED#0@0',
      'inner:FORK=COMPLETED#0@0',
      'x:x_task=COMPLETED#0@0',
      'y:y_task=COMPLETED#0@0',
      'inner_join:JOIN=COMPLETED#0@0',
      'z:z_task=COMPLETED#0@0',
      'outer_join:JOIN=COMPLETED#0@0',
    ]);
    expect(taskOf(trace, 'outer_join').outputData).toEqual({ inner_join: { x: { x: 1 }, y: { y: 1 } }, z: { z: 1 } });
  });

  it('runs the same fork in server-compat mode, the JOIN completed by the background tick', async () => {
    const def = forkFlow([worker('a'), worker('c')], [worker('b')], ['c', 'b']);
    const done = [{ status: 'COMPLETED' as const, output: { ok: true } }];

    const trace = await runWorkflow({ name: 'fork_flow', workflowDef: def, input: {}, taskRefToMockOutput: { a: done, b: done, c: done, after: done } }, { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual([
      'fan:FORK=COMPLETED#0@0',
      'a:a_task=COMPLETED#0@0',
      'b:b_task=COMPLETED#0@0',
      'join:JOIN=COMPLETED#0@0',
      'c:c_task=COMPLETED#0@0',
      'after:after_task=COMPLETED#0@0',
    ]);
    expect(trace.workflow.status).toBe('COMPLETED');
  });
});
