/**
 * LAMBDA (legacy): a function body in `scriptExpression` that must `return`.
 *
 * Conductor source: core/.../execution/mapper/LambdaTaskMapper.java (IN_PROGRESS, task input) and
 * core/.../execution/tasks/Lambda.java (sync: wraps the script as `function scriptFun(){…}
 * scriptFun();` with `$` = the task input; output.result; blank script → FAILED "Empty
 * 'scriptExpression' in Lambda task's input parameters. A non-empty String value must be
 * provided."; every error — syntax, throw, time limit — is FAILED (retriable) with output.error).
 * test-harness LambdaAndTerminateTaskSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { runWorkflow } from '../../../src/index.js';
import type { JsonObject, WorkflowDef } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

function lambda(inputParameters: JsonObject): WorkflowDef {
  return { name: 'lambda_flow', version: 1, schemaVersion: 2, tasks: [{ name: 'fn', taskReferenceName: 'fn', type: 'LAMBDA', inputParameters }] };
}

describe('LAMBDA', () => {
  it('returns the value of the function body in output.result', async () => {
    const trace = await runWorkflow({ workflowDef: lambda({ scriptExpression: 'if ($.amount > 100) { return { tier: "gold" }; } return { tier: "basic" };', amount: '${workflow.input.amount}' }), input: { amount: 150 } });

    expect(taskRows(trace)).toEqual(['fn:LAMBDA=COMPLETED#0@0']);
    expect(taskOf(trace, 'fn').outputData).toEqual({ result: { tier: 'gold' } });
  });

  it('gives null without a return statement', async () => {
    const trace = await runWorkflow({ workflowDef: lambda({ scriptExpression: '$.amount * 2;', amount: 1 }) });

    expect(taskOf(trace, 'fn').outputData).toEqual({ result: null });
  });

  it('fails (retriable, not terminal) when the script throws', async () => {
    const trace = await runWorkflow({ workflowDef: lambda({ scriptExpression: 'throw new Error("nope");' }) });

    const task = taskOf(trace, 'fn');
    expect(task.status).toBe('FAILED');
    expect(task.outputData['error']).toBe(task.reasonForIncompletion);
    expect(task.reasonForIncompletion).toContain('nope');
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('fails for a blank script', async () => {
    const trace = await runWorkflow({ workflowDef: lambda({ scriptExpression: '  ' }) });

    expect(taskOf(trace, 'fn').reasonForIncompletion).toBe("Empty 'scriptExpression' in Lambda task's input parameters. A non-empty String value must be provided.");
  });

  it('stops an endless loop with the time-limit failure', async () => {
    const trace = await runWorkflow({ workflowDef: lambda({ scriptExpression: 'while (true) {}' }) });

    expect(taskRows(trace)).toEqual(['fn:LAMBDA=FAILED#0@0']);
    expect(taskOf(trace, 'fn').reasonForIncompletion).toBe('Script not evaluated within 4 seconds, interrupted.');
  });

  it('runs inside the start in server-compat mode', async () => {
    const def = lambda({ scriptExpression: 'return $.a + $.b;', a: 1, b: 2 });

    const trace = await runWorkflow({ name: 'lambda_flow', workflowDef: def, input: {}, taskRefToMockOutput: {} }, { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual(['fn:LAMBDA=COMPLETED#0@0']);
    expect(trace.workflow.output).toEqual({ result: 3 });
  });
});
