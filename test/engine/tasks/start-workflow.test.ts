/**
 * START_WORKFLOW: starts another workflow and completes at once, without waiting for it.
 *
 * Conductor source: core/.../execution/mapper/StartWorkflowTaskMapper.java (SCHEDULED, context
 * input) and core/.../execution/tasks/StartWorkflow.java (async `start`: the `startWorkflow` input
 * converted to a StartWorkflowRequest and validated — "Missing 'startWorkflow' in input data.",
 * "startWorkflow validation failed. '<field>' -> <message>. " — an empty taskToDomain and a blank
 * correlationId are taken from the starter; COMPLETED with output {workflowId}; a start error
 * FAILS the task with its message). The started workflow is not a child: no parent link, no
 * waiting, no propagation. test-harness StartWorkflowSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow } from '../../../src/index.js';
import type { JsonObject, WorkflowDef } from '../../../src/index.js';
import { taskOf, taskRows, workflowNamed } from '../../support/task-rows.js';

const audit: WorkflowDef = {
  name: 'audit_order',
  version: 1,
  schemaVersion: 2,
  tasks: [
    { name: 'record_task', taskReferenceName: 'record', type: 'SIMPLE', inputParameters: { orderId: '${workflow.input.orderId}' } },
    { name: 'review', taskReferenceName: 'review', type: 'HUMAN' },
  ],
};

function starter(startWorkflow: JsonObject | undefined): WorkflowDef {
  return {
    name: 'starter_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'kick_off', taskReferenceName: 'kick', type: 'START_WORKFLOW', inputParameters: startWorkflow === undefined ? {} : { startWorkflow } },
      { name: 'next_task', taskReferenceName: 'next', type: 'SIMPLE' },
    ],
  };
}

const request = { name: 'audit_order', version: 1, input: { orderId: '${workflow.input.orderId}' } };

describe('START_WORKFLOW', () => {
  it('starts the workflow, completes with its id, and does not wait for it', async () => {
    const trace = await runWorkflow(
      { workflowDef: starter(request), input: { orderId: 'o-1' }, correlationId: 'corr-s' },
      { workflowDefs: [audit], mocks: { byRef: { next: ok() }, workflows: { audit_order: { byRef: { record: ok({ saved: true }) } } } } },
    );

    const started = workflowNamed(trace, 'audit_order');
    const kick = taskOf(trace, 'kick');
    expect(taskRows(trace)).toEqual(['kick:START_WORKFLOW=COMPLETED#0@0', 'next:next_task=COMPLETED#0@0']);
    expect(kick.outputData).toEqual({ workflowId: started.workflowId });
    expect(kick.inputData).toEqual({ startWorkflow: { name: 'audit_order', version: 1, input: { orderId: 'o-1' } } });
    expect(trace.workflow.status).toBe('COMPLETED');
    expect(started.status).toBe('RUNNING');
    expect(taskRows(started)).toEqual(['record:record_task=COMPLETED#0@0', 'review:HUMAN=IN_PROGRESS#0@0']);
    expect([started.input, started.correlationId, started.parentWorkflowId]).toEqual([{ orderId: 'o-1' }, 'corr-s', undefined]);
  });

  it('fails the task, and the workflow, when the startWorkflow input is missing', async () => {
    const trace = await runWorkflow({ workflowDef: starter(undefined) }, { workflowDefs: [audit] });

    expect(taskRows(trace)).toEqual(['kick:START_WORKFLOW=FAILED#0@0']);
    expect(taskOf(trace, 'kick').reasonForIncompletion).toBe("Missing 'startWorkflow' in input data.");
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('fails the task when the request has no name', async () => {
    const trace = await runWorkflow({ workflowDef: starter({ input: { a: 1 } }) }, { workflowDefs: [audit] });

    expect(taskOf(trace, 'kick').reasonForIncompletion).toBe("startWorkflow validation failed. 'name' -> Workflow name cannot be null or empty. ");
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('fails the task when the workflow is not registered', async () => {
    const trace = await runWorkflow({ workflowDef: starter({ name: 'ghost_flow' }) });

    expect(taskOf(trace, 'kick').status).toBe('FAILED');
    expect(taskOf(trace, 'kick').reasonForIncompletion).toBe('No such workflow defined. name=ghost_flow, version=null');
    expect(trace.workflows).toHaveLength(1);
  });

  it('needs a mock in server-compat mode, which stands for the whole call', async () => {
    const withMock = await runWorkflow(
      { name: 'starter_flow', workflowDef: starter(request), input: { orderId: 'o-2' }, taskRefToMockOutput: { kick: [{ status: 'COMPLETED', output: { workflowId: 'w-1' } }], next: [{ status: 'COMPLETED', output: {} }] } },
      { mode: 'server-compat', workflowDefs: [audit] },
    );
    const withoutMock = await runWorkflow(
      { name: 'starter_flow', workflowDef: starter(request), input: { orderId: 'o-2' }, taskRefToMockOutput: { next: [{ status: 'COMPLETED', output: {} }] } },
      { mode: 'server-compat', workflowDefs: [audit] },
    );

    expect(taskRows(withMock)).toEqual(['kick:START_WORKFLOW=COMPLETED#0@0', 'next:next_task=COMPLETED#0@0']);
    expect(taskOf(withMock, 'kick').outputData).toEqual({ workflowId: 'w-1' });
    expect(taskRows(withoutMock)).toEqual(['kick:START_WORKFLOW=SCHEDULED#0@0']);
    expect(withoutMock.workflow.status).toBe('RUNNING');
  });
});
