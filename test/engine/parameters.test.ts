/**
 * `${...}` resolution in task inputs, as the engine feeds it: the evaluation document built from
 * the running workflow (workflow fields, every task by ref), TaskDef input templates, workflow
 * input templates. The resolver's own rules are unit-tested in test/expressions.
 *
 * Conductor source: core/src/main/java/com/netflix/conductor/core/utils/ParametersUtils.java
 * (`getTaskInputV2`: the document with `workflow.{input, output, status, workflowId,
 * correlationId, workflowType, version, variables, …}` and one entry per task ref with `input`,
 * `output`, `status`, `taskId`, `retryCount`…; missing paths give null and keep the key; only a
 * value that is exactly one `${…}` keeps its type; `$${` escapes; TaskDef `inputTemplate` fills
 * absent and null keys; `getWorkflowInput` merges the workflow inputTemplate only into a non-empty
 * input). engine-semantics §3.
 */
import { describe, it, expect } from 'vitest';
import { fail, ok, runWorkflow } from '../../src/index.js';
import type { JsonObject, TaskDef, WorkflowDef, WorkflowTask } from '../../src/index.js';
import { attemptsOf, taskOf } from '../support/task-rows.js';

function worker(ref: string, inputParameters: JsonObject = {}, extra: Partial<WorkflowTask> = {}): WorkflowTask {
  return { name: `${ref}_task`, taskReferenceName: ref, type: 'SIMPLE', inputParameters, ...extra };
}

function workflow(tasks: WorkflowTask[], extra: Partial<WorkflowDef> = {}): WorkflowDef {
  return { name: 'params_flow', version: 3, schemaVersion: 2, tasks, ...extra };
}

const input = { name: 'Bob', n: 5, flag: true, list: [1, 2, 3], obj: { a: 1, b: 'x' }, deep: { inner: { leaf: 'L' } } };

describe('task inputs read the workflow', () => {
  it('resolves workflow.input paths with their JSON types', async () => {
    const def = workflow([
      worker('t', {
        name: '${workflow.input.name}',
        n: '${workflow.input.n}',
        flag: '${workflow.input.flag}',
        list: '${workflow.input.list}',
        obj: '${workflow.input.obj}',
        leaf: '${workflow.input.deep.inner.leaf}',
        second: '${workflow.input.list[1]}',
        whole: '${workflow.input.obj.b}',
      }),
    ]);

    const trace = await runWorkflow({ workflowDef: def, input }, { mocks: { byRef: { t: ok() } } });

    expect(taskOf(trace, 't').inputData).toEqual({ name: 'Bob', n: 5, flag: true, list: [1, 2, 3], obj: { a: 1, b: 'x' }, leaf: 'L', second: 2, whole: 'x' });
  });

  it('reads workflowId, correlationId, workflowType, version and status', async () => {
    const def = workflow([
      worker('t', { id: '${workflow.workflowId}', corr: '${workflow.correlationId}', type: '${workflow.workflowType}', version: '${workflow.version}', status: '${workflow.status}' }),
    ]);

    const trace = await runWorkflow({ workflowDef: def, input: {}, correlationId: 'corr-7' }, { mocks: { byRef: { t: ok() } } });

    expect(taskOf(trace, 't').inputData).toEqual({ id: trace.workflow.workflowId, corr: 'corr-7', type: 'params_flow', version: 3, status: 'RUNNING' });
  });

  it('reads workflow.variables as set by the definition and by SET_VARIABLE', async () => {
    const def = workflow(
      [
        { name: 'set', taskReferenceName: 'set', type: 'SET_VARIABLE', inputParameters: { stage: 'charged', count: '${workflow.input.n}' } },
        worker('t', { stage: '${workflow.variables.stage}', count: '${workflow.variables.count}', region: '${workflow.variables.region}' }),
      ],
      { variables: { region: 'eu', stage: 'new' } },
    );

    const trace = await runWorkflow({ workflowDef: def, input }, { mocks: { byRef: { t: ok() } } });

    expect(taskOf(trace, 't').inputData).toEqual({ stage: 'charged', count: 5, region: 'eu' });
    expect(trace.workflow.variables).toEqual({ region: 'eu', stage: 'charged', count: 5 });
  });

  it('keeps a missing path as a key with a null value', async () => {
    // (A reference to a task the workflow does not have is rejected at registration, like Conductor.)
    const def = workflow([worker('first'), worker('t', { missing: '${workflow.input.nope}', alsoMissing: '${first.output.x.y}', embedded: 'm=${workflow.input.nope}' })]);

    const trace = await runWorkflow({ workflowDef: def, input }, { mocks: { byRef: { first: ok({}), t: ok() } } });

    expect(taskOf(trace, 't').inputData).toEqual({ missing: null, alsoMissing: null, embedded: 'm=null' });
  });

  it('splices embedded expressions into strings with Java formatting', async () => {
    const def = workflow([
      worker('t', { greeting: 'Hello ${workflow.input.name}!', both: '${workflow.input.name}${workflow.input.n}', list: 'L=${workflow.input.list}', obj: 'O=${workflow.input.obj}' }),
    ]);

    const trace = await runWorkflow({ workflowDef: def, input }, { mocks: { byRef: { t: ok() } } });

    expect(taskOf(trace, 't').inputData).toEqual({ greeting: 'Hello Bob!', both: 'Bob5', list: 'L=[1, 2, 3]', obj: 'O={a=1, b=x}' });
  });

  it('walks nested objects and arrays of the input parameters, never evaluating keys', async () => {
    const def = workflow([worker('t', { order: { who: '${workflow.input.name}', lines: ['${workflow.input.n}', 'fixed', { f: '${workflow.input.flag}' }] }, '${workflow.input.name}': 'key stays' })]);

    const trace = await runWorkflow({ workflowDef: def, input }, { mocks: { byRef: { t: ok() } } });

    expect(taskOf(trace, 't').inputData).toEqual({ order: { who: 'Bob', lines: [5, 'fixed', { f: true }] }, '${workflow.input.name}': 'key stays' });
  });

  it('turns $${ into a literal ${', async () => {
    const def = workflow([worker('t', { literal: '$${workflow.input.name}', mixed: 'a $${x} b ${workflow.input.name}' })]);

    const trace = await runWorkflow({ workflowDef: def, input }, { mocks: { byRef: { t: ok() } } });

    expect(taskOf(trace, 't').inputData).toEqual({ literal: '${workflow.input.name}', mixed: 'a ${x} b Bob' });
  });
});

describe('task inputs read earlier tasks', () => {
  it('reads another task output, input, status and taskId', async () => {
    const def = workflow([
      worker('a', { given: 'in-a' }),
      worker('b', { out: '${a.output}', x: '${a.output.x}', nested: '${a.output.deep.k}', in: '${a.input.given}', status: '${a.status}', id: '${a.taskId}', text: 'a said ${a.output.x}' }),
    ]);

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({ x: 7, deep: { k: [1, 2] } }), b: ok() } } });

    expect(taskOf(trace, 'b').inputData).toEqual({
      out: { x: 7, deep: { k: [1, 2] } },
      x: 7,
      nested: [1, 2],
      in: 'in-a',
      status: 'COMPLETED',
      id: taskOf(trace, 'a').taskId,
      text: 'a said 7',
    });
  });

  it('sees the latest attempt of a retried task', async () => {
    const def = workflow([worker('a'), worker('b', { from: '${a.output.v}', retries: '${a.retryCount}' })]);
    const taskDefs: TaskDef[] = [{ name: 'a_task', retryCount: 1, retryDelaySeconds: 0 }];

    const trace = await runWorkflow({ workflowDef: def }, { taskDefs, mocks: { byRef: { a: [fail('x', { v: 'first' }), ok({ v: 'second' })], b: ok() } } });

    expect(taskOf(trace, 'b').inputData).toEqual({ from: 'second', retries: 1 });
  });

  it('re-evaluates a retry copy against the outputs of the moment', async () => {
    const def = workflow([worker('a'), worker('b', { seen: '${a.output.v}', mine: '${b.output.v}' })]);
    const taskDefs: TaskDef[] = [{ name: 'b_task', retryCount: 1, retryDelaySeconds: 0 }];

    const trace = await runWorkflow({ workflowDef: def }, { taskDefs, mocks: { byRef: { a: ok({ v: 'A' }), b: [fail('x', { v: 'b1' }), ok({ v: 'b2' })] } } });

    // The first attempt saw no output of b yet; the copy sees the failed attempt's output.
    expect(attemptsOf(trace, 'b').map((t) => t.inputData)).toEqual([
      { seen: 'A', mine: null },
      { seen: 'A', mine: 'b1' },
    ]);
  });
});

describe('input templates', () => {
  it('fills absent and null task inputs from the TaskDef inputTemplate, raw', async () => {
    const def = workflow([worker('t', { given: 'mine', nulled: '${workflow.input.nope}' })]);
    const taskDefs: TaskDef[] = [{ name: 't_task', inputTemplate: { given: 'template', nulled: 'fallback', extra: '${workflow.input.name}' } }];

    const trace = await runWorkflow({ workflowDef: def, input }, { taskDefs, mocks: { byRef: { t: ok() } } });

    // `extra` is added before evaluation, so it is evaluated; `nulled` is replaced after, raw.
    expect(taskOf(trace, 't').inputData).toEqual({ given: 'mine', nulled: 'fallback', extra: 'Bob' });
  });

  it('merges the workflow inputTemplate into a non-empty input only', async () => {
    const def = workflow([worker('t', { region: '${workflow.input.region}' })], { inputTemplate: { region: 'eu' } });

    const withInput = await runWorkflow({ workflowDef: def, input: { other: 1 } }, { mocks: { byRef: { t: ok() } } });
    const withoutInput = await runWorkflow({ workflowDef: def, input: {} }, { mocks: { byRef: { t: ok() } } });

    expect(withInput.workflow.input).toEqual({ other: 1, region: 'eu' });
    expect(taskOf(withInput, 't').inputData).toEqual({ region: 'eu' });
    expect(withoutInput.workflow.input).toEqual({});
    expect(taskOf(withoutInput, 't').inputData).toEqual({ region: null });
  });
});

describe('parameters in server-compat mode', () => {
  it('resolves the same inputs as simulate mode', async () => {
    const def = workflow([worker('a', { who: '${workflow.input.name}' }), worker('b', { x: '${a.output.x}', line: '${a.status}:${workflow.correlationId}' })]);

    const trace = await runWorkflow(
      { name: 'params_flow', workflowDef: def, input, correlationId: 'c-1', taskRefToMockOutput: { a: [{ status: 'COMPLETED', output: { x: [1] } }], b: [{ status: 'COMPLETED', output: {} }] } },
      { mode: 'server-compat' },
    );

    expect(taskOf(trace, 'a').inputData).toEqual({ who: 'Bob' });
    expect(taskOf(trace, 'b').inputData).toEqual({ x: [1], line: 'COMPLETED:c-1' });
  });
});
