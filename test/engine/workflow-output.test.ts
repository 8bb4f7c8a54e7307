/**
 * The workflow's output: `outputParameters` when the definition has them, else the output of the
 * last task in the list; computed on completion and on failure.
 *
 * Conductor source: core/src/main/java/com/netflix/conductor/core/execution/DeciderService.java
 * `updateWorkflowOutput` (a successful TERMINATE's output wins; else outputParameters evaluated
 * without TaskDef or task id; else the last task's output), called from
 * WorkflowExecutorOps `completeWorkflow` and `terminateWorkflow`. engine-semantics §2.7.
 */
import { describe, it, expect } from 'vitest';
import { fail, ok, runWorkflow } from '../../src/index.js';
import type { WorkflowDef, WorkflowTask } from '../../src/index.js';
import { taskOf } from '../support/task-rows.js';

function worker(ref: string, extra: Partial<WorkflowTask> = {}): WorkflowTask {
  return { name: `${ref}_task`, taskReferenceName: ref, type: 'SIMPLE', ...extra };
}

function workflow(tasks: WorkflowTask[], extra: Partial<WorkflowDef> = {}): WorkflowDef {
  return { name: 'output_flow', version: 1, schemaVersion: 2, tasks, ...extra };
}

describe('workflow output', () => {
  it('evaluates outputParameters when the workflow completes', async () => {
    const def = workflow([worker('a'), worker('b')], {
      outputParameters: { fromA: '${a.output.x}', fromB: '${b.output}', input: '${workflow.input.id}', text: 'a=${a.output.x}', missing: '${a.output.none}', literal: 5 },
    });

    const trace = await runWorkflow({ workflowDef: def, input: { id: 'i-1' } }, { mocks: { byRef: { a: ok({ x: 1 }), b: ok({ y: [2] }) } } });

    expect(trace.workflow.output).toEqual({ fromA: 1, fromB: { y: [2] }, input: 'i-1', text: 'a=1', missing: null, literal: 5 });
  });

  it('takes the output of the last task in the list when there are no outputParameters', async () => {
    const def = workflow([worker('a'), worker('b')]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({ x: 1 }), b: ok({ y: 2 }) } } });

    expect(trace.workflow.output).toEqual({ y: 2 });
  });

  it('takes the JOIN output when the JOIN is the last task of the list', async () => {
    const def = workflow([
      { name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: [[worker('a')], [worker('b')]] },
      { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['a', 'b'] },
    ]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({ x: 1 }), b: ok({ y: 2 }) } } });

    expect(trace.workflow.tasks.at(-1)?.referenceTaskName).toBe('join');
    expect(trace.workflow.output).toEqual({ a: { x: 1 }, b: { y: 2 } });
  });

  it('computes the output of a FAILED workflow too', async () => {
    const def = workflow([worker('a'), worker('b', { retryCount: 0 })], { outputParameters: { a: '${a.output.x}', bStatus: '${b.status}' } });

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({ x: 1 }), b: fail('broken', { partial: true }) } } });

    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.output).toEqual({ a: 1, bStatus: 'FAILED' });
  });

  it('takes the failed task output when a FAILED workflow has no outputParameters', async () => {
    const def = workflow([worker('a'), worker('b', { retryCount: 0 })]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({ x: 1 }), b: fail('broken', { partial: true }) } } });

    expect(trace.workflow.output).toEqual({ partial: true });
  });

  it('is empty while the workflow runs', async () => {
    const def = workflow([worker('a'), worker('b', { inputParameters: { wfOut: '${workflow.output}' } })], { outputParameters: { a: '${a.output.x}' } });

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({ x: 1 }), b: ok() } } });

    expect(taskOf(trace, 'b').inputData).toEqual({ wfOut: {} });
    expect(trace.workflow.output).toEqual({ a: 1 });
  });

  it('can carry the workflow variables', async () => {
    const def = workflow([{ name: 'set', taskReferenceName: 'set', type: 'SET_VARIABLE', inputParameters: { total: '${workflow.input.total}' } }], {
      outputParameters: { variables: '${workflow.variables}' },
      variables: { currency: 'EUR' },
    });

    const trace = await runWorkflow({ workflowDef: def, input: { total: 12 } });

    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.output).toEqual({ variables: { currency: 'EUR', total: 12 } });
    expect(trace.workflow.variables).toEqual({ currency: 'EUR', total: 12 });
  });

  it('is computed the same way in server-compat mode', async () => {
    const def = workflow([worker('a'), worker('b')], { outputParameters: { sum: '${a.output.x}-${b.output.y}' } });

    const trace = await runWorkflow(
      { name: 'output_flow', workflowDef: def, input: {}, taskRefToMockOutput: { a: [{ status: 'COMPLETED', output: { x: 1 } }], b: [{ status: 'COMPLETED', output: { y: 2 } }] } },
      { mode: 'server-compat' },
    );

    expect(trace.workflow.output).toEqual({ sum: '1-2' });
  });
});
