/**
 * EVENT: publishes a message to a queue; the trace captures it.
 *
 * Conductor source: core/.../execution/mapper/EventTaskMapper.java (context input plus `sink` and
 * `asyncComplete`) and core/.../execution/tasks/Event.java (sync; `start`: IN_PROGRESS, output =
 * input + workflowInstanceId, workflowType, workflowVersion, correlationId, taskToDomain, and
 * event_produced = "conductor:<workflow>:<ref>" for sink "conductor", "conductor:<workflow>:<X>"
 * for "conductor:X", the sink itself otherwise, FAILED "Invalid / Unsupported sink specified: <s>"
 * for other "conductor…" sinks; `execute`: publishes the output and COMPLETES, unless asyncComplete;
 * an unknown queue type FAILS with "Error loading queue:<q>, for task:<id>, error: Unknown queue
 * type <t>" (core/.../events/EventQueues.java)). The stock server has only the `conductor` queue
 * type; simulate mode accepts every type. test-harness EventTaskSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow, startWorkflow } from '../../../src/index.js';
import type { WorkflowDef, WorkflowTask } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

function eventFlow(event: Partial<WorkflowTask>): WorkflowDef {
  return {
    name: 'event_flow',
    version: 3,
    schemaVersion: 2,
    tasks: [
      { name: 'notify', taskReferenceName: 'notify', type: 'EVENT', sink: 'conductor', inputParameters: { orderId: '${workflow.input.orderId}' }, ...event },
      { name: 'next_task', taskReferenceName: 'next', type: 'SIMPLE' },
    ],
  };
}

const mocks = { byRef: { next: ok() } };

describe('EVENT', () => {
  it('publishes its output to conductor:<workflow>:<ref> and completes in the same decide', async () => {
    const trace = await runWorkflow({ workflowDef: eventFlow({}), input: { orderId: 'o-1' }, correlationId: 'c-1' }, { mocks });

    const notify = taskOf(trace, 'notify');
    const expectedOutput = {
      orderId: 'o-1',
      sink: 'conductor',
      asyncComplete: false,
      workflowInstanceId: trace.workflow.workflowId,
      workflowType: 'event_flow',
      workflowVersion: 3,
      correlationId: 'c-1',
      taskToDomain: {},
      event_produced: 'conductor:event_flow:notify',
    };
    expect(taskRows(trace)).toEqual(['notify:EVENT=COMPLETED#0@0', 'next:next_task=COMPLETED#0@0']);
    expect(notify.outputData).toEqual(expectedOutput);
    expect(trace.messages.map((m) => [m.ref, m.taskType, m.destination, m.payload, m.taskId])).toEqual([['notify', 'EVENT', 'conductor:event_flow:notify', expectedOutput, notify.taskId]]);
    expect(trace.events.filter((e) => e.kind === 'message.published').map((e) => e.detail)).toEqual([{ destination: 'conductor:event_flow:notify' }]);
  });

  it('names the queue after the part behind conductor:', async () => {
    const trace = await runWorkflow({ workflowDef: eventFlow({ sink: 'conductor:order_events' }) }, { mocks });

    expect(trace.messages.map((m) => m.destination)).toEqual(['conductor:event_flow:order_events']);
  });

  it('publishes to other queue types as named in simulate mode', async () => {
    const trace = await runWorkflow({ workflowDef: eventFlow({ sink: 'sqs:${workflow.input.queue}' }), input: { queue: 'orders' } }, { mocks });

    expect(taskOf(trace, 'notify').outputData['event_produced']).toBe('sqs:orders');
    expect(trace.messages.map((m) => m.destination)).toEqual(['sqs:orders']);
  });

  it('fails for a sink that starts with "conductor" but is not conductor or conductor:X', async () => {
    const trace = await runWorkflow({ workflowDef: eventFlow({ sink: 'conductorX' }) }, { mocks });

    expect(taskRows(trace)).toEqual(['notify:EVENT=FAILED#0@0']);
    expect(taskOf(trace, 'notify').reasonForIncompletion).toBe('Invalid / Unsupported sink specified: conductorX');
    expect(trace.messages).toEqual([]);
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('stays IN_PROGRESS after publishing with asyncComplete, until updated', async () => {
    const run = await startWorkflow({ workflowDef: eventFlow({ asyncComplete: true }) }, { mocks });
    const waiting = run.trace();

    const trace = await run.signal('notify', { acked: true });

    expect(taskRows(waiting)).toEqual(['notify:EVENT=IN_PROGRESS#0@0']);
    // Event.execute publishes on every execution, and an IN_PROGRESS sync task is executed in every
    // decider pass: the start's two passes publish twice (a real server also re-publishes on each
    // later decide, e.g. every sweep).
    expect(waiting.messages.map((m) => m.destination)).toEqual(['conductor:event_flow:notify', 'conductor:event_flow:notify']);
    expect(taskRows(trace)).toEqual(['notify:EVENT=COMPLETED#0@0', 'next:next_task=COMPLETED#0@0']);
  });

  it('fails an sqs sink on the stock server (server-compat), which has only the conductor queue type', async () => {
    const trace = await runWorkflow(
      { name: 'event_flow', workflowDef: eventFlow({ sink: 'sqs:orders' }), input: {}, taskRefToMockOutput: { next: [{ status: 'COMPLETED', output: {} }] } },
      { mode: 'server-compat' },
    );

    const notify = taskOf(trace, 'notify');
    expect(taskRows(trace)).toEqual(['notify:EVENT=FAILED#0@0']);
    expect(notify.reasonForIncompletion).toBe(`Error loading queue:sqs:orders, for task:${notify.taskId}, error: Unknown queue type sqs`);
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('completes without a mock in server-compat mode with the conductor sink', async () => {
    const trace = await runWorkflow(
      { name: 'event_flow', workflowDef: eventFlow({}), input: { orderId: 'o-2' }, taskRefToMockOutput: { next: [{ status: 'COMPLETED', output: {} }] } },
      { mode: 'server-compat' },
    );

    expect(taskRows(trace)).toEqual(['notify:EVENT=COMPLETED#0@0', 'next:next_task=COMPLETED#0@0']);
    expect(trace.messages.map((m) => m.destination)).toEqual(['conductor:event_flow:notify']);
  });
});
