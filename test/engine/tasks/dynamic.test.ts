/**
 * DYNAMIC: a worker task whose name comes from the input.
 *
 * Conductor source: core/.../execution/mapper/DynamicTaskMapper.java — name = String(input
 * [dynamicTaskNameParam]) (absent → TerminateWorkflowException "Cannot map a dynamic task based
 * on the parameter and input. Parameter= <p>, input= <map>"); the task gets taskType and
 * taskDefName = the resolved name, the node's ref, SCHEDULED, input = the evaluated
 * inputParameters including the name parameter; its TaskDef is the one attached to the node at
 * start (MetadataMapperService: an ad-hoc TaskDef of the DYNAMIC node's own name, retryCount 0).
 */
import { describe, it, expect } from 'vitest';
import { fail, ok, runWorkflow } from '../../../src/index.js';
import type { WorkflowDef } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

const def: WorkflowDef = {
  name: 'dynamic_flow',
  version: 1,
  schemaVersion: 2,
  tasks: [
    { name: 'pick_carrier', taskReferenceName: 'carrier', type: 'DYNAMIC', dynamicTaskNameParam: 'taskToExecute', inputParameters: { taskToExecute: '${workflow.input.carrier}', weight: 3 } },
    { name: 'label_task', taskReferenceName: 'label', type: 'SIMPLE', inputParameters: { tracking: '${carrier.output.tracking}' } },
  ],
};

describe('DYNAMIC', () => {
  it('runs a worker task named by the input, under the node ref', async () => {
    const trace = await runWorkflow({ workflowDef: def, input: { carrier: 'ship_ups' } }, { mocks: { byRef: { carrier: ok({ tracking: 'T1' }), label: ok() } } });

    const carrier = taskOf(trace, 'carrier');
    expect(taskRows(trace)).toEqual(['carrier:ship_ups=COMPLETED#0@0', 'label:label_task=COMPLETED#0@0']);
    expect([carrier.taskDefName, carrier.inputData]).toEqual(['ship_ups', { taskToExecute: 'ship_ups', weight: 3 }]);
    expect(taskOf(trace, 'label').inputData).toEqual({ tracking: 'T1' });
  });

  it('can be mocked by the resolved task name', async () => {
    const trace = await runWorkflow({ workflowDef: def, input: { carrier: 'ship_dhl' } }, { mocks: { byName: { ship_dhl: ok({ tracking: 'D1' }), label_task: ok() } } });

    expect(taskRows(trace)).toEqual(['carrier:ship_dhl=COMPLETED#0@0', 'label:label_task=COMPLETED#0@0']);
  });

  it('fails the workflow without creating a task when the name is missing', async () => {
    const oneKey: WorkflowDef = { ...def, tasks: [{ name: 'pick_carrier', taskReferenceName: 'carrier', type: 'DYNAMIC', dynamicTaskNameParam: 'taskToExecute', inputParameters: { taskToExecute: '${workflow.input.carrier}' } }] };

    const trace = await runWorkflow({ workflowDef: oneKey, input: {} });

    expect(taskRows(trace)).toEqual([]);
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe('Cannot map a dynamic task based on the parameter and input. Parameter= taskToExecute, input= {taskToExecute=null}');
  });

  it('is not retried, because the node TaskDef is the ad-hoc one of a non-SIMPLE node', async () => {
    const trace = await runWorkflow({ workflowDef: def, input: { carrier: 'ship_ups' } }, { mocks: { byRef: { carrier: [fail('no truck'), ok()], label: ok() } } });

    expect(taskRows(trace)).toEqual(['carrier:ship_ups=FAILED#0@0']);
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('is mocked by its ref in server-compat mode', async () => {
    const trace = await runWorkflow(
      { name: 'dynamic_flow', workflowDef: def, input: { carrier: 'ship_ups' }, taskRefToMockOutput: { carrier: [{ status: 'COMPLETED', output: { tracking: 'T9' } }], label: [{ status: 'COMPLETED', output: {} }] } },
      { mode: 'server-compat' },
    );

    expect(taskRows(trace)).toEqual(['carrier:ship_ups=COMPLETED#0@0', 'label:label_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'label').inputData).toEqual({ tracking: 'T9' });
  });
});
