/**
 * SET_VARIABLE: writes workflow variables.
 *
 * Conductor source: core/.../execution/mapper/SetVariableTaskMapper.java (IN_PROGRESS, context
 * input) and core/.../execution/tasks/SetVariable.java (sync: each input key overwrites
 * `workflow.variables[key]`, shallow, nulls kept; if the JSON of the variables exceeds
 * maxWorkflowVariablesPayloadSizeThreshold (256 KB) the changes are rolled back and the task is
 * FAILED_WITH_TERMINAL_ERROR "The variables payload size: <n> of workflow: <id> is greater than
 * the permissible limit: <kb> kilobytes"; else COMPLETED with output {}). test-harness
 * SetVariableTaskSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow } from '../../../src/index.js';
import type { WorkflowDef } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

const def: WorkflowDef = {
  name: 'variables_flow',
  version: 1,
  schemaVersion: 2,
  variables: { region: 'eu', nested: { a: 1, b: 2 } },
  tasks: [
    { name: 'first_set', taskReferenceName: 'set1', type: 'SET_VARIABLE', inputParameters: { stage: 'start', nested: { a: 9 }, nothing: null } },
    { name: 'work_task', taskReferenceName: 'work', type: 'SIMPLE', inputParameters: { stage: '${workflow.variables.stage}' } },
    { name: 'second_set', taskReferenceName: 'set2', type: 'SET_VARIABLE', inputParameters: { stage: '${work.output.stage}' } },
  ],
  outputParameters: { vars: '${workflow.variables}' },
};

describe('SET_VARIABLE', () => {
  it('overwrites variables key by key, shallowly, and later tasks read them', async () => {
    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { work: ok({ stage: 'done' }) } } });

    expect(taskRows(trace)).toEqual(['set1:SET_VARIABLE=COMPLETED#0@0', 'work:work_task=COMPLETED#0@0', 'set2:SET_VARIABLE=COMPLETED#0@0']);
    expect(taskOf(trace, 'work').inputData).toEqual({ stage: 'start' });
    expect(taskOf(trace, 'set1').outputData).toEqual({});
    expect(trace.workflow.variables).toEqual({ region: 'eu', nested: { a: 9 }, nothing: null, stage: 'done' });
    expect(trace.workflow.output).toEqual({ vars: { region: 'eu', nested: { a: 9 }, nothing: null, stage: 'done' } });
  });

  it('rolls back and fails with a terminal error when the variables grow past the size limit', async () => {
    const big: WorkflowDef = { ...def, tasks: [{ name: 'too_big', taskReferenceName: 'big', type: 'SET_VARIABLE', inputParameters: { blob: '${workflow.input.blob}' } }] };

    const trace = await runWorkflow({ workflowDef: big, input: { blob: 'x'.repeat(300 * 1024) } });

    const task = taskOf(trace, 'big');
    expect(taskRows(trace)).toEqual(['big:SET_VARIABLE=FAILED_WITH_TERMINAL_ERROR#0@0']);
    expect(task.reasonForIncompletion).toMatch(new RegExp(`^The variables payload size: \\d+ of workflow: ${trace.workflow.workflowId} is greater than the permissible limit: 256 kilobytes$`));
    expect(trace.workflow.variables).toEqual({ region: 'eu', nested: { a: 1, b: 2 } });
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('sets the same variables in server-compat mode', async () => {
    const trace = await runWorkflow({ name: 'variables_flow', workflowDef: def, input: {}, taskRefToMockOutput: { work: [{ status: 'COMPLETED', output: { stage: 'done' } }] } }, { mode: 'server-compat' });

    expect(trace.workflow.variables).toEqual({ region: 'eu', nested: { a: 9 }, nothing: null, stage: 'done' });
  });
});
