/**
 * JSON_JQ_TRANSFORM: a jq query over the task input.
 *
 * Conductor source: core/.../execution/mapper/JsonJQTransformTaskMapper.java (IN_PROGRESS, task
 * input) and json-jq-task/.../JsonJqTransform.java (runs in `start`: `.` = the whole input,
 * queryExpression included; output.result = first value or null, output.resultList = all values;
 * a missing query → FAILED "Missing 'queryExpression' in input parameters"; jq errors → FAILED
 * with reason = output.error = the first cause message, e.g. `Cannot index string with string
 * "array"`). test-harness JsonJQTransformSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow } from '../../../src/index.js';
import type { JsonObject, WorkflowDef } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

function jq(inputParameters: JsonObject): WorkflowDef {
  return {
    name: 'jq_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'reshape', taskReferenceName: 'reshape', type: 'JSON_JQ_TRANSFORM', inputParameters },
      { name: 'use_task', taskReferenceName: 'use', type: 'SIMPLE', inputParameters: { merged: '${reshape.output.result.all}' } },
    ],
  };
}

describe('JSON_JQ_TRANSFORM', () => {
  it('stores the first result and the list of results, and later tasks read them', async () => {
    const def = jq({ queryExpression: '{ all: (.left.items + .right.items) }', left: '${workflow.input.a}', right: '${workflow.input.b}' });

    const trace = await runWorkflow({ workflowDef: def, input: { a: { items: ['x', 'y'] }, b: { items: ['z'] } } }, { mocks: { byRef: { use: ok() } } });

    expect(taskRows(trace)).toEqual(['reshape:JSON_JQ_TRANSFORM=COMPLETED#0@0', 'use:use_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'reshape').outputData).toEqual({ result: { all: ['x', 'y', 'z'] }, resultList: [{ all: ['x', 'y', 'z'] }] });
    expect(taskOf(trace, 'use').inputData).toEqual({ merged: ['x', 'y', 'z'] });
  });

  it('keeps every value a query emits in resultList', async () => {
    const trace = await runWorkflow({ workflowDef: jq({ queryExpression: '.nums[] | . * 10', nums: [1, 2, 3] }) }, { mocks: { byRef: { use: ok() } } });

    expect(taskOf(trace, 'reshape').outputData).toEqual({ result: 10, resultList: [10, 20, 30] });
  });

  it('gives result null and an empty resultList for a query without output', async () => {
    const trace = await runWorkflow({ workflowDef: jq({ queryExpression: 'empty' }) }, { mocks: { byRef: { use: ok() } } });

    expect(taskOf(trace, 'reshape').outputData).toEqual({ result: null, resultList: [] });
  });

  it('sees its own queryExpression in the input', async () => {
    const trace = await runWorkflow({ workflowDef: jq({ queryExpression: '.queryExpression | length' }) }, { mocks: { byRef: { use: ok() } } });

    expect(taskOf(trace, 'reshape').outputData['result']).toBe('.queryExpression | length'.length);
  });

  it('fails the task, and without retries the workflow, on a jq error', async () => {
    const def = jq({ queryExpression: '.data.array', data: 'just a string' });

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { use: ok() } } });

    const task = taskOf(trace, 'reshape');
    expect(taskRows(trace)).toEqual(['reshape:JSON_JQ_TRANSFORM=FAILED#0@0']);
    expect(task.reasonForIncompletion).toBe('Cannot index string with string "array"');
    expect(task.outputData).toEqual({ error: 'Cannot index string with string "array"' });
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('is rejected without a queryExpression, as Conductor rejects it', async () => {
    await expect(runWorkflow({ workflowDef: jq({ data: 1 }) }, { mocks: { byRef: { use: ok() } } })).rejects.toMatchObject({
      name: 'DefinitionError',
      message: expect.stringContaining('inputParameters.queryExpression is required for JSON_JQ_TRANSFORM tasks') as unknown,
    });
  });

  it('fails without a queryExpression inside a loop, which Conductor does not validate', async () => {
    const reshape = { name: 'reshape', taskReferenceName: 'reshape', type: 'JSON_JQ_TRANSFORM', inputParameters: { data: 1 } };
    const def: WorkflowDef = { name: 'jq_flow', version: 1, schemaVersion: 2, tasks: [{ name: 'once', taskReferenceName: 'once', type: 'DO_WHILE', loopCondition: 'false', loopOver: [reshape] }] };

    const trace = await runWorkflow({ workflowDef: def });

    expect(taskOf(trace, 'reshape__1').reasonForIncompletion).toBe("Missing 'queryExpression' in input parameters");
  });

  it('transforms inside the start in server-compat mode', async () => {
    const def = jq({ queryExpression: '{ all: [.n, .n + 1] }', n: '${workflow.input.n}' });

    const trace = await runWorkflow({ name: 'jq_flow', workflowDef: def, input: { n: 1 }, taskRefToMockOutput: { use: [{ status: 'COMPLETED', output: {} }] } }, { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual(['reshape:JSON_JQ_TRANSFORM=COMPLETED#0@0', 'use:use_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'use').inputData).toEqual({ merged: [1, 2] });
  });
});
