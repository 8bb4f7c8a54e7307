/**
 * The failure workflow (`WorkflowDef.failureWorkflow`): when it starts, with which input, and
 * what the failed workflow's output says about it.
 *
 * Conductor source: core/src/main/java/com/netflix/conductor/core/execution/WorkflowExecutorOps.java
 * — `terminate` resolves the name (`$workflow.input.key` reads the third path segment from the
 * input) and `terminateWorkflow` starts it with the failed workflow's input plus `workflowId`,
 * `reason`, `failureStatus`, `failureTaskId` (when a failing task is known) and `failedWorkflow`,
 * the same correlationId, then adds `conductor.failure_workflow` to the output (or
 * `Error workflow <name> failed to start.  reason: <message>`). Not started when the workflow
 * COMPLETES. engine-semantics §2.11, test-harness FailureWorkflowSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { fail, ok, runWorkflow } from '../../src/index.js';
import type { JsonObject, WorkflowDef, WorkflowTask } from '../../src/index.js';
import { taskOf, taskRows, workflowNamed } from '../support/task-rows.js';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

const cleanup: WorkflowDef = {
  name: 'order_cleanup',
  version: 1,
  schemaVersion: 2,
  tasks: [{ name: 'notify_support', taskReferenceName: 'notify', type: 'SIMPLE', inputParameters: { why: '${workflow.input.reason}', order: '${workflow.input.orderId}' } }],
};

const charge: WorkflowTask = { name: 'charge_card', taskReferenceName: 'charge', type: 'SIMPLE', retryCount: 0 };

function failing(extra: Partial<WorkflowDef> = {}, tasks: WorkflowTask[] = [charge]): WorkflowDef {
  return { name: 'order_flow', version: 1, schemaVersion: 2, tasks, failureWorkflow: 'order_cleanup', ...extra };
}

const cleanupMocks = { workflows: { order_cleanup: { byRef: { notify: ok({ paged: true }) } } } };

describe('failure workflow', () => {
  it('starts when a task fails the workflow, with the input Conductor gives it', async () => {
    const trace = await runWorkflow(
      { workflowDef: failing(), input: { orderId: 'o-1' }, correlationId: 'corr-9' },
      { workflowDefs: [cleanup], mocks: { byRef: { charge: fail('card declined') }, ...cleanupMocks } },
    );

    const failed = trace.workflow;
    const started = workflowNamed(trace, 'order_cleanup');
    const chargeTask = taskOf(trace, 'charge');
    const reason = `Task ${chargeTask.taskId} failed with status: FAILED and reason: 'card declined'`;
    expect(failed.status).toBe('FAILED');
    expect(failed.reasonForIncompletion).toBe(reason);
    expect(failed.output['conductor.failure_workflow']).toBe(started.workflowId);
    const { failedWorkflow, ...rest } = started.input as JsonObject & { failedWorkflow: JsonObject };
    expect(rest).toEqual({ orderId: 'o-1', workflowId: failed.workflowId, reason, failureStatus: 'FAILED', failureTaskId: chargeTask.taskId });
    expect([failedWorkflow['workflowId'], failedWorkflow['status'], failedWorkflow['reasonForIncompletion']]).toEqual([failed.workflowId, 'FAILED', reason]);
    expect(started.correlationId).toBe('corr-9');
    expect(started.parentWorkflowId).toBeUndefined();
    expect(started.status).toBe('COMPLETED');
    expect(taskRows(started)).toEqual(['notify:notify_support=COMPLETED#0@0']);
    expect(taskOf(started, 'notify').inputData).toEqual({ why: reason, order: 'o-1' });
  });

  it('lists the failed workflow first and the failure workflow after it in the trace', async () => {
    const trace = await runWorkflow({ workflowDef: failing(), input: { orderId: 'o-1' } }, { workflowDefs: [cleanup], mocks: { byRef: { charge: fail() }, ...cleanupMocks } });

    expect(trace.workflows.map((w) => `${w.workflowName}=${w.status}`)).toEqual(['order_flow=FAILED', 'order_cleanup=COMPLETED']);
    expect(trace.workflow.workflowId).toBe(trace.workflows[0]?.workflowId);
    const started = trace.events.filter((e) => e.kind === 'workflow.started').map((e) => [e.workflowId, e.detail?.['cause']]);
    expect(started).toEqual([
      [trace.workflows[0]?.workflowId, 'test'],
      [trace.workflows[1]?.workflowId, 'failure-workflow'],
    ]);
  });

  it('starts on a workflow timeout with failureStatus TIMED_OUT and no failureTaskId', async () => {
    const def = failing({ timeoutSeconds: 30, timeoutPolicy: 'TIME_OUT_WF' });

    const trace = await runWorkflow({ workflowDef: def, input: { orderId: 'o-2' } }, { workflowDefs: [cleanup], mocks: { byRef: { charge: ok({}, { latency: '1m' }) }, ...cleanupMocks } });

    const started = workflowNamed(trace, 'order_cleanup');
    expect(trace.workflow.status).toBe('TIMED_OUT');
    expect(started.input['failureStatus']).toBe('TIMED_OUT');
    expect(started.input['reason']).toBe('Workflow timed out after 30 seconds. Timeout configured as 30 seconds. Timeout policy configured to TIME_OUT_WF');
    expect(Object.keys(started.input)).not.toContain('failureTaskId');
    expect(started.createTime - T0).toBe(30_000);
  });

  it('starts when a TERMINATE task fails the workflow, naming the TERMINATE task as the failing task', async () => {
    const def = failing({}, [{ name: 'stop', taskReferenceName: 'stop', type: 'TERMINATE', inputParameters: { terminationStatus: 'FAILED', terminationReason: 'Early exit in terminate' } }]);

    const trace = await runWorkflow({ workflowDef: def, input: { orderId: 'o-3' } }, { workflowDefs: [cleanup], mocks: cleanupMocks });

    const started = workflowNamed(trace, 'order_cleanup');
    expect(trace.workflow.status).toBe('FAILED');
    expect(started.input['failureTaskId']).toBe(taskOf(trace, 'stop').taskId);
    expect(started.input['reason']).toBe('Early exit in terminate');
    expect(trace.workflow.output['conductor.failure_workflow']).toBe(started.workflowId);
  });

  it('starts when a TERMINATE task ends the workflow TERMINATED', async () => {
    const def = failing({}, [{ name: 'stop', taskReferenceName: 'stop', type: 'TERMINATE', inputParameters: { terminationStatus: 'TERMINATED' } }]);

    const trace = await runWorkflow({ workflowDef: def, input: { orderId: 'o-4' } }, { workflowDefs: [cleanup], mocks: cleanupMocks });

    expect(trace.workflow.status).toBe('TERMINATED');
    expect(workflowNamed(trace, 'order_cleanup').input['failureStatus']).toBe('TERMINATED');
  });

  it('does not start when the workflow completes, even through a TERMINATE task', async () => {
    const def = failing({}, [{ name: 'stop', taskReferenceName: 'stop', type: 'TERMINATE', inputParameters: { terminationStatus: 'COMPLETED' } }]);

    const trace = await runWorkflow({ workflowDef: def, input: { orderId: 'o-5' } }, { workflowDefs: [cleanup], mocks: cleanupMocks });

    expect(trace.workflow.status).toBe('COMPLETED');
    expect(trace.workflows.map((w) => w.workflowName)).toEqual(['order_flow']);
    expect(trace.workflow.output).toEqual({});
  });

  it('reads the failure workflow name from the input with $workflow.input.key', async () => {
    const def = failing({ failureWorkflow: '$workflow.input.onFailure' });

    const trace = await runWorkflow({ workflowDef: def, input: { onFailure: 'order_cleanup', orderId: 'o-6' } }, { workflowDefs: [cleanup], mocks: { byRef: { charge: fail() }, ...cleanupMocks } });

    expect(trace.workflows.map((w) => w.workflowName)).toEqual(['order_flow', 'order_cleanup']);
  });

  it('starts nothing for ${workflow.input.key}, whose third segment is "key}"', async () => {
    const def = failing({ failureWorkflow: '${workflow.input.onFailure}' });

    const trace = await runWorkflow({ workflowDef: def, input: { onFailure: 'order_cleanup' } }, { workflowDefs: [cleanup], mocks: { byRef: { charge: fail() }, ...cleanupMocks } });

    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflows.map((w) => w.workflowName)).toEqual(['order_flow']);
    expect(Object.keys(trace.workflow.output)).not.toContain('conductor.failure_workflow');
  });

  it('writes the start error into the output when the failure workflow is not registered', async () => {
    const trace = await runWorkflow({ workflowDef: failing(), input: { orderId: 'o-7' } }, { mocks: { byRef: { charge: fail() } } });

    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.output['conductor.failure_workflow']).toBe('Error workflow order_cleanup failed to start.  reason: No such workflow defined. name=order_cleanup, version=null');
    expect(trace.workflows).toHaveLength(1);
  });

  it('starts in server-compat mode too, with the failure workflow unmocked', async () => {
    const def = failing();

    const trace = await runWorkflow(
      { name: 'order_flow', workflowDef: def, input: { orderId: 'o-8' }, taskRefToMockOutput: { charge: [{ status: 'FAILED', output: {} }] } },
      { mode: 'server-compat', workflowDefs: [cleanup] },
    );

    const started = workflowNamed(trace, 'order_cleanup');
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.output['conductor.failure_workflow']).toBe(started.workflowId);
    // engine-semantics §7.7: failure workflows really start; their tasks are not mocked.
    expect(taskRows(started)).toEqual(['notify:notify_support=SCHEDULED#0@0']);
    expect(started.status).toBe('RUNNING');
  });
});
