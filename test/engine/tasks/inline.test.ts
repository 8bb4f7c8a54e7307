/**
 * INLINE: JavaScript (or value-param) evaluated in the sandbox, `$` bound to the task input.
 *
 * Conductor source: core/.../execution/mapper/InlineTaskMapper.java (IN_PROGRESS, task input) and
 * core/.../execution/tasks/Inline.java (sync: evaluatorType from the input, default javascript;
 * output.result on success, COMPLETED; blank evaluatorType, unknown evaluator, blank expression and
 * script errors → FAILED_WITH_TERMINAL_ERROR with output.error = reason; the script time limit →
 * FAILED "Script not evaluated within 4 seconds, interrupted."), core/.../events/ScriptEvaluator.java
 * (`$` = a deep copy of the whole input; no console, no host access). Our sandbox reads the virtual
 * clock for `Date` and stops an endless script by a step budget, reported with Conductor's
 * timeout text (task-types §2.18, §3.2).
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow } from '../../../src/index.js';
import type { JsonObject, WorkflowDef } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

function inline(inputParameters: JsonObject, before: WorkflowDef['tasks'] = []): WorkflowDef {
  return {
    name: 'inline_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [...before, { name: 'calc', taskReferenceName: 'calc', type: 'INLINE', inputParameters }],
  };
}

async function calc(inputParameters: JsonObject, input: JsonObject = {}): Promise<ReturnType<typeof taskOf>> {
  const trace = await runWorkflow({ workflowDef: inline(inputParameters), input });
  return taskOf(trace, 'calc');
}

describe('INLINE', () => {
  it('evaluates the expression over $ and stores the value in output.result', async () => {
    const trace = await runWorkflow({
      workflowDef: inline({ evaluatorType: 'javascript', expression: '$.items.map(i => i.qty * i.price).reduce((a, b) => a + b, 0)', items: '${workflow.input.items}' }),
      input: { items: [{ qty: 2, price: 5 }, { qty: 1, price: 2.5 }] },
    });

    expect(taskRows(trace)).toEqual(['calc:INLINE=COMPLETED#0@0']);
    expect(taskOf(trace, 'calc').outputData).toEqual({ result: 12.5 });
    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflow.output).toEqual({ result: 12.5 });
  });

  it('binds the whole input, evaluatorType and expression included, to $', async () => {
    const task = await calc({ evaluatorType: 'graaljs', expression: '$.evaluatorType + ":" + $.extra' , extra: 'x' });

    expect(task.outputData).toEqual({ result: 'graaljs:x' });
  });

  it('uses javascript when evaluatorType is absent', async () => {
    const task = await calc({ expression: '[1, 2].length' });

    expect([task.status, task.outputData]).toEqual(['COMPLETED', { result: 2 }]);
  });

  it('returns the input value named by the expression with value-param', async () => {
    const task = await calc({ evaluatorType: 'value-param', expression: 'payload', payload: { a: [1, 2] } });

    expect(task.outputData).toEqual({ result: { a: [1, 2] } });
  });

  it('converts objects, arrays and undefined as the server does', async () => {
    const task = await calc({ evaluatorType: 'javascript', expression: '({ n: 2.0, f: 2.5, list: [1, "x"], none: undefined, nil: null })' });

    expect(task.outputData).toEqual({ result: { n: 2, f: 2.5, list: [1, 'x'], none: null, nil: null } });
  });

  it('reads the virtual clock through Date', async () => {
    const def = inline({ evaluatorType: 'javascript', expression: '[new Date().toISOString(), Date.now()]' }, [{ name: 'wait_task', taskReferenceName: 'w', type: 'SIMPLE' }]);

    const trace = await runWorkflow({ workflowDef: def }, { startTime: '2030-05-01T10:00:00.000Z', mocks: { byRef: { w: ok({}, { latency: '90s' }) } } });

    expect(taskOf(trace, 'calc').outputData).toEqual({ result: ['2030-05-01T10:01:30.000Z', Date.parse('2030-05-01T10:01:30.000Z')] });
  });

  it('draws Math.random from the seed', async () => {
    const def = inline({ evaluatorType: 'javascript', expression: 'Math.random()' });
    const value = async (seed: number): Promise<unknown> => taskOf(await runWorkflow({ workflowDef: def }, { seed }), 'calc').outputData['result'];

    const [a, b, c] = [await value(5), await value(5), await value(6)];

    expect(typeof a).toBe('number');
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('has no process, require or console', async () => {
    const probe = await calc({ evaluatorType: 'javascript', expression: 'typeof process + "/" + typeof require + "/" + typeof console' });
    const requiring = await calc({ evaluatorType: 'javascript', expression: 'require("fs")' });

    expect(probe.outputData).toEqual({ result: 'undefined/undefined/undefined' });
    expect([requiring.status, requiring.reasonForIncompletion]).toEqual(['FAILED_WITH_TERMINAL_ERROR', 'Error evaluating the script `ReferenceError: require is not defined` at line 1']);
  });

  it('fails with a terminal error, and an error output, when the script throws', async () => {
    const task = await calc({ evaluatorType: 'javascript', expression: 'throw new Error("bad total")' });

    expect(task.status).toBe('FAILED_WITH_TERMINAL_ERROR');
    expect(task.reasonForIncompletion).toBe('Error evaluating the script `Error: bad total`');
    expect(task.outputData).toEqual({ error: 'Error evaluating the script `Error: bad total`' });
  });

  it('stops an endless script with the retriable time-limit failure, which fails the workflow', async () => {
    const trace = await runWorkflow({ workflowDef: inline({ evaluatorType: 'javascript', expression: 'while (true) {}' }) });

    const task = taskOf(trace, 'calc');
    expect(taskRows(trace)).toEqual(['calc:INLINE=FAILED#0@0']);
    expect(task.reasonForIncompletion).toBe('Script not evaluated within 4 seconds, interrupted.');
    expect(task.outputData).toEqual({ error: 'Script not evaluated within 4 seconds, interrupted.' });
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${task.taskId} failed with status: FAILED and reason: 'Script not evaluated within 4 seconds, interrupted.'`);
  });

  it('retries an endless script when the node allows retries, all inside the same decide', async () => {
    const def = inline({ evaluatorType: 'javascript', expression: 'for (;;) {}' });
    def.tasks[0] = { ...(def.tasks[0] as WorkflowDef['tasks'][number]), retryCount: 1 };

    const trace = await runWorkflow({ workflowDef: def });

    // Sync system tasks ignore the retry delay (engine-semantics §4.5).
    expect(taskRows(trace)).toEqual(['calc:INLINE=FAILED#0@0', 'calc:INLINE=FAILED#1@0']);
    expect(trace.workflow.tasks.map((t) => t.endTime - Date.parse('2024-01-01T00:00:00Z'))).toEqual([0, 0]);
  });

  it('rejects a blank evaluatorType, an unknown evaluator and a blank expression with terminal errors', async () => {
    const blankType = await calc({ evaluatorType: ' ', expression: '1' });
    const unknown = await calc({ evaluatorType: 'ruby', expression: '1' });
    const blankExpression = await calc({ evaluatorType: 'javascript', expression: '' });

    expect([blankType, unknown, blankExpression].map((t) => [t.status, t.reasonForIncompletion])).toEqual([
      ['FAILED_WITH_TERMINAL_ERROR', "Empty 'evaluatorType' in INLINE task's input parameters. A non-empty String value must be provided."],
      ['FAILED_WITH_TERMINAL_ERROR', "Unknown evaluator 'ruby' in INLINE task."],
      ['FAILED_WITH_TERMINAL_ERROR', "Empty 'expression' in Inline task's input parameters. A non-empty String value must be provided."],
    ]);
  });

  it('completes inside the start in server-compat mode, needing no mock', async () => {
    const def = inline({ evaluatorType: 'javascript', expression: '$.n + 1', n: '${workflow.input.n}' });

    const trace = await runWorkflow({ name: 'inline_flow', workflowDef: def, input: { n: 41 }, taskRefToMockOutput: {} }, { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual(['calc:INLINE=COMPLETED#0@0']);
    expect(trace.workflow.output).toEqual({ result: 42 });
    expect(trace.workflow.status).toBe('COMPLETED');
  });
});
