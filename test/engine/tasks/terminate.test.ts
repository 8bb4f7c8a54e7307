/**
 * TERMINATE: ends the workflow from any depth with COMPLETED, FAILED or TERMINATED.
 *
 * Conductor source: core/.../execution/tasks/Terminate.java (sync; output = workflowOutput when it
 * is a map, {output: value} for another non-null value, else {}; the task is COMPLETED);
 * core/.../execution/WorkflowExecutorOps.java `endExecution` (reason = terminationReason, or
 * "Workflow is <STATUS> by TERMINATE task: <taskId>"; COMPLETED keeps that reason on a COMPLETED
 * workflow; FAILED/TERMINATED go through `terminate` with the TERMINATE task as failing task; then
 * every non-terminal task is CANCELED); DeciderService `updateWorkflowOutput` (the TERMINATE
 * output replaces outputParameters); WorkflowDef.getNextTask (nothing follows a TERMINATE).
 * test-harness LambdaAndTerminateTaskSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow } from '../../../src/index.js';
import type { JsonObject, WorkflowDef, WorkflowTask } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

function worker(ref: string, extra: Partial<WorkflowTask> = {}): WorkflowTask {
  return { name: `${ref}_task`, taskReferenceName: ref, type: 'SIMPLE', ...extra };
}

function terminate(inputParameters: JsonObject): WorkflowTask {
  return { name: 'stop', taskReferenceName: 'stop', type: 'TERMINATE', inputParameters };
}

function flow(tasks: WorkflowTask[]): WorkflowDef {
  return { name: 'terminate_flow', version: 1, schemaVersion: 2, tasks, outputParameters: { ignored: true } };
}

describe('TERMINATE', () => {
  it('completes the workflow with the workflowOutput, a reason, and nothing after it', async () => {
    const def = flow([worker('a'), terminate({ terminationStatus: 'COMPLETED', workflowOutput: { total: '${a.output.total}' } }), worker('never')]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({ total: 12 }), never: ok() } } });

    const stop = taskOf(trace, 'stop');
    expect(taskRows(trace)).toEqual(['a:a_task=COMPLETED#0@0', 'stop:TERMINATE=COMPLETED#0@0']);
    expect(stop.outputData).toEqual({ total: 12 });
    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.output).toEqual({ total: 12 });
    expect(trace.workflow.reasonForIncompletion).toBe(`Workflow is COMPLETED by TERMINATE task: ${stop.taskId}`);
  });

  it('fails the workflow with the terminationReason while the TERMINATE task itself completes', async () => {
    const def = flow([terminate({ terminationStatus: 'FAILED', terminationReason: 'order rejected' })]);

    const trace = await runWorkflow({ workflowDef: def });

    expect(taskRows(trace)).toEqual(['stop:TERMINATE=COMPLETED#0@0']);
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe('order rejected');
    expect(trace.workflow.output).toEqual({});
    expect(trace.workflow.failedReferenceTaskNames).toEqual([]);
  });

  it('ends the workflow TERMINATED with the default reason', async () => {
    const def = flow([terminate({ terminationStatus: 'TERMINATED' })]);

    const trace = await runWorkflow({ workflowDef: def });

    expect(trace.workflow.status).toBe('TERMINATED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Workflow is TERMINATED by TERMINATE task: ${taskOf(trace, 'stop').taskId}`);
  });

  it('wraps a workflowOutput that is not a map as {output: value}', async () => {
    const def = flow([terminate({ terminationStatus: 'COMPLETED', workflowOutput: '${workflow.input.code}' })]);

    const trace = await runWorkflow({ workflowDef: def, input: { code: 'X-1' } });

    expect(taskOf(trace, 'stop').outputData).toEqual({ output: 'X-1' });
    expect(trace.workflow.output).toEqual({ output: 'X-1' });
  });

  it('ends the workflow from inside a SWITCH case', async () => {
    const def = flow([
      {
        name: 'check',
        taskReferenceName: 'check',
        type: 'SWITCH',
        evaluatorType: 'value-param',
        expression: 'ok',
        inputParameters: { ok: '${workflow.input.ok}' },
        decisionCases: { false: [terminate({ terminationStatus: 'FAILED', terminationReason: 'not ok' })] },
      },
      worker('after'),
    ]);

    const trace = await runWorkflow({ workflowDef: def, input: { ok: false } }, { mocks: { byRef: { after: ok() } } });

    expect(taskRows(trace)).toEqual(['check:SWITCH=COMPLETED#0@0', 'stop:TERMINATE=COMPLETED#0@0']);
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('ends the workflow from a fork branch, cancelling the other branch and the JOIN', async () => {
    const def = flow([
      { name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: [[worker('slow')], [worker('quick'), terminate({ terminationStatus: 'COMPLETED' })]] },
      { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['slow', 'stop'] },
      worker('never'),
    ]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { slow: ok({}, { latency: '1h' }), quick: ok({}, { latency: '1s' }), never: ok() } } });

    expect(taskRows(trace)).toEqual([
      'fork:FORK=COMPLETED#0@0',
      'slow:slow_task=CANCELED#0@0',
      'quick:quick_task=COMPLETED#0@0',
      'join:JOIN=CANCELED#0@0',
      'stop:TERMINATE=COMPLETED#0@0',
    ]);
    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.endTime - Date.parse('2024-01-01T00:00:00Z')).toBe(1_000);
  });

  it('ends the workflow from inside a loop, cancelling the loop', async () => {
    const def = flow([
      {
        name: 'loop',
        taskReferenceName: 'loop',
        type: 'DO_WHILE',
        loopCondition: 'true',
        loopOver: [
          {
            name: 'enough',
            taskReferenceName: 'enough',
            type: 'SWITCH',
            evaluatorType: 'javascript',
            expression: "$.i >= 2 ? 'stop' : 'go'",
            inputParameters: { i: '${loop.output.iteration}' },
            decisionCases: { stop: [terminate({ terminationStatus: 'COMPLETED', workflowOutput: { rounds: '${loop.output.iteration}' } })] },
          },
        ],
      },
      worker('never'),
    ]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { never: ok() } } });

    expect(taskRows(trace)).toEqual(['loop:DO_WHILE=CANCELED#0@2', 'enough__1:SWITCH=COMPLETED#0@1', 'enough__2:SWITCH=COMPLETED#0@2', 'stop__2:TERMINATE=COMPLETED#0@2']);
    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.output).toEqual({ rounds: 2 });
  });

  it('needs no mock in server-compat mode', async () => {
    const def = flow([worker('a'), terminate({ terminationStatus: 'COMPLETED', workflowOutput: { done: true } }), worker('never')]);

    const trace = await runWorkflow({ name: 'terminate_flow', workflowDef: def, input: {}, taskRefToMockOutput: { a: [{ status: 'COMPLETED', output: {} }] } }, { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual(['a:a_task=COMPLETED#0@0', 'stop:TERMINATE=COMPLETED#0@0']);
    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.output).toEqual({ done: true });
  });
});
