/**
 * SUB_WORKFLOW: children from the registry or inline, child mocks, and failure propagation in
 * both directions.
 *
 * Conductor source: core/.../execution/mapper/SubWorkflowTaskMapper.java (SCHEDULED task, input
 * {subWorkflowName, subWorkflowVersion, subWorkflowTaskToDomain, subWorkflowDefinition, priority,
 * idempotencyKey, idempotencyStrategy, workflowInput}); core/.../execution/tasks/SubWorkflow.java
 * (`start`: child input = workflowInput, or the whole task input when empty; an inline definition
 * adds `_systemMetadata.dynamic = true`; the task becomes IN_PROGRESS with `subWorkflowId`; when
 * the child ends the task mirrors it — COMPLETED / FAILED / TIMED_OUT, TERMINATED → CANCELED —
 * with the child output merged and reason "Sub workflow <name>.<version>/<childId> failure
 * reason: <child reason>"; `cancel`: a parent that ends first terminates the child with "Parent
 * workflow has been terminated with reason: <reason>"); the child gets the parent's correlationId
 * and parentWorkflowId/parentWorkflowTaskId. engine-semantics §2.12, §7.8; test-harness
 * SubWorkflowSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { fail, ok, runWorkflow, startWorkflow } from '../../../src/index.js';
import type { WorkflowDef, WorkflowTask } from '../../../src/index.js';
import { attemptsOf, taskOf, taskRows, workflowNamed } from '../../support/task-rows.js';

function worker(ref: string, extra: Partial<WorkflowTask> = {}): WorkflowTask {
  return { name: `${ref}_task`, taskReferenceName: ref, type: 'SIMPLE', ...extra };
}

const child: WorkflowDef = {
  name: 'pack_order',
  version: 2,
  schemaVersion: 2,
  tasks: [worker('pick', { retryCount: 0, inputParameters: { order: '${workflow.input.orderId}' } }), worker('box')],
  outputParameters: { boxId: '${box.output.boxId}' },
};

function parent(sub: Partial<WorkflowTask> = {}, extra: WorkflowTask[] = [worker('ship', { inputParameters: { box: '${pack.output.boxId}' } })]): WorkflowDef {
  return {
    name: 'order_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'pack_step', taskReferenceName: 'pack', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'pack_order', version: 2 }, inputParameters: { orderId: '${workflow.input.orderId}' }, ...sub },
      ...extra,
    ],
  };
}

const childMocks = { byRef: { pick: ok({ picked: true }), box: ok({ boxId: 'B-7' }) } };

describe('SUB_WORKFLOW from the registry', () => {
  it('starts the child with the evaluated input, waits for it, and takes its output', async () => {
    const trace = await runWorkflow(
      { workflowDef: parent(), input: { orderId: 'o-1' }, correlationId: 'corr-1' },
      { workflowDefs: [child], mocks: { byRef: { ship: ok() }, children: { pack: childMocks } } },
    );

    const childRun = workflowNamed(trace, 'pack_order');
    const pack = taskOf(trace, 'pack');
    expect(taskRows(trace)).toEqual(['pack:SUB_WORKFLOW=COMPLETED#0@0', 'ship:ship_task=COMPLETED#0@0']);
    expect(taskRows(childRun)).toEqual(['pick:pick_task=COMPLETED#0@0', 'box:box_task=COMPLETED#0@0']);
    expect(pack.subWorkflowId).toBe(childRun.workflowId);
    expect(pack.outputData).toEqual({ subWorkflowId: childRun.workflowId, boxId: 'B-7' });
    expect(pack.inputData).toEqual({
      subWorkflowName: 'pack_order',
      subWorkflowVersion: 2,
      subWorkflowTaskToDomain: null,
      subWorkflowDefinition: null,
      priority: null,
      idempotencyKey: null,
      idempotencyStrategy: null,
      workflowInput: { orderId: 'o-1' },
    });
    expect([childRun.input, childRun.workflowVersion, childRun.correlationId]).toEqual([{ orderId: 'o-1' }, 2, 'corr-1']);
    expect([childRun.parentWorkflowId, childRun.parentWorkflowTaskId]).toEqual([trace.workflow.workflowId, pack.taskId]);
    expect(taskOf(trace, 'ship').inputData).toEqual({ box: 'B-7' });
    expect(trace.workflows.map((w) => `${w.workflowName}=${w.status}`)).toEqual(['order_flow=COMPLETED', 'pack_order=COMPLETED']);
  });

  it('passes the whole task input to the child when inputParameters are empty', async () => {
    const trace = await runWorkflow({ workflowDef: parent({ inputParameters: {} }), input: { orderId: 'o-2' } }, { workflowDefs: [child], unmocked: 'stall', mocks: { children: { pack: childMocks } } });

    expect(Object.keys(workflowNamed(trace, 'pack_order').input).sort()).toEqual([
      'idempotencyKey',
      'idempotencyStrategy',
      'priority',
      'subWorkflowDefinition',
      'subWorkflowName',
      'subWorkflowTaskToDomain',
      'subWorkflowVersion',
      'workflowInput',
    ]);
  });

  it('takes child mocks from a subWorkflowTestRequest in simulate mode too', async () => {
    const trace = await runWorkflow(
      {
        name: 'order_flow',
        workflowDef: parent(),
        input: { orderId: 'o-3' },
        taskRefToMockOutput: { ship: [{ status: 'COMPLETED', output: {} }] },
        subWorkflowTestRequest: { pack: { taskRefToMockOutput: { pick: [{ status: 'COMPLETED', output: {} }], box: [{ status: 'COMPLETED', output: { boxId: 'B-3' } }] } } },
      },
      { workflowDefs: [child] },
    );

    expect(trace.workflow.status).toBe('COMPLETED');
    expect(taskOf(trace, 'pack').outputData['boxId']).toBe('B-3');
  });
});

describe('SUB_WORKFLOW with an inline definition', () => {
  it('runs the inline child and marks its input as dynamic', async () => {
    const inline: WorkflowDef = { name: 'inline_pack', version: 1, schemaVersion: 2, tasks: [worker('box')] };
    const def = parent({ subWorkflowParam: { name: 'inline_pack', workflowDefinition: inline } });

    const trace = await runWorkflow({ workflowDef: def, input: { orderId: 'o-4' } }, { mocks: { byRef: { ship: ok() }, children: { pack: { byRef: { box: ok({ boxId: 'B-4' }) } } } } });

    const childRun = workflowNamed(trace, 'inline_pack');
    expect(taskRows(trace)).toEqual(['pack:SUB_WORKFLOW=COMPLETED#0@0', 'ship:ship_task=COMPLETED#0@0']);
    expect(childRun.input).toEqual({ orderId: 'o-4', _systemMetadata: { dynamic: true } });
    expect(taskOf(trace, 'pack').inputData['subWorkflowVersion']).toBeNull();
    expect(taskOf(trace, 'ship').inputData).toEqual({ box: 'B-4' });
  });
});

describe('failure propagation', () => {
  it('fails the SUB_WORKFLOW task, and the parent, when the child fails', async () => {
    const trace = await runWorkflow(
      { workflowDef: parent(), input: { orderId: 'o-5' } },
      { workflowDefs: [child], mocks: { byRef: { ship: ok() }, children: { pack: { byRef: { pick: fail('out of stock') } } } } },
    );

    const childRun = workflowNamed(trace, 'pack_order');
    const pack = taskOf(trace, 'pack');
    const childReason = `Task ${taskOf(childRun, 'pick').taskId} failed with status: FAILED and reason: 'out of stock'`;
    expect(childRun.status).toBe('FAILED');
    expect(childRun.reasonForIncompletion).toBe(childReason);
    expect(taskRows(trace)).toEqual(['pack:SUB_WORKFLOW=FAILED#0@0']);
    expect(pack.reasonForIncompletion).toBe(`Sub workflow pack_order.2/${childRun.workflowId} failure reason: ${childReason}`);
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('cancels the SUB_WORKFLOW task and terminates the parent when the child is TERMINATED', async () => {
    const stopper: WorkflowDef = { ...child, tasks: [{ name: 'stop', taskReferenceName: 'stop', type: 'TERMINATE', inputParameters: { terminationStatus: 'TERMINATED', terminationReason: 'nothing to pack' } }] };

    const trace = await runWorkflow({ workflowDef: parent(), input: { orderId: 'o-6' } }, { workflowDefs: [stopper], mocks: { byRef: { ship: ok() } } });

    expect(workflowNamed(trace, 'pack_order').status).toBe('TERMINATED');
    expect(taskRows(trace)).toEqual(['pack:SUB_WORKFLOW=CANCELED#0@0']);
    expect(trace.workflow.status).toBe('TERMINATED');
  });

  it('continues after an optional SUB_WORKFLOW whose child failed', async () => {
    const trace = await runWorkflow(
      { workflowDef: parent({ optional: true }), input: { orderId: 'o-7' } },
      { workflowDefs: [child], mocks: { byRef: { ship: ok() }, children: { pack: { byRef: { pick: fail('out of stock') } } } } },
    );

    expect(taskRows(trace)).toEqual(['pack:SUB_WORKFLOW=COMPLETED_WITH_ERRORS#0@0', 'ship:ship_task=COMPLETED#0@0']);
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('starts a new child for each retry of the SUB_WORKFLOW task', async () => {
    // Mock sequences count per workflow instance, so the first child's pick fails through a closure.
    let picks = 0;
    const pick = (): ReturnType<typeof ok> => (picks++ === 0 ? fail('first child') : ok());

    const trace = await runWorkflow(
      { workflowDef: parent({ retryCount: 1 }), input: { orderId: 'o-8' } },
      { workflowDefs: [child], taskDefs: [{ name: 'pack_step', retryCount: 1, retryDelaySeconds: 10 }], mocks: { byRef: { ship: ok() }, children: { pack: { byRef: { pick, box: ok({ boxId: 'B-8' }) } } } } },
    );

    const [first, second] = attemptsOf(trace, 'pack');
    expect(taskRows(trace)).toEqual(['pack:SUB_WORKFLOW=FAILED#0@0', 'pack:SUB_WORKFLOW=COMPLETED#1@0', 'ship:ship_task=COMPLETED#0@0']);
    expect(trace.workflows.map((w) => `${w.workflowName}=${w.status}`)).toEqual(['order_flow=COMPLETED', 'pack_order=FAILED', 'pack_order=COMPLETED']);
    expect(first?.subWorkflowId).not.toBe(second?.subWorkflowId);
    expect((second?.startTime ?? 0) - Date.parse('2024-01-01T00:00:00Z')).toBe(10_000);
  });

  it('terminates a running child when the parent fails, with the parent reason', async () => {
    const slowChild: WorkflowDef = { ...child, tasks: [worker('pick')] };
    const def: WorkflowDef = {
      name: 'order_flow',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'fork',
          taskReferenceName: 'fork',
          type: 'FORK_JOIN',
          forkTasks: [[{ name: 'pack_step', taskReferenceName: 'pack', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'pack_order', version: 2 } }], [worker('charge', { retryCount: 0 })]],
        },
        { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['pack', 'charge'] },
      ],
    };

    const trace = await runWorkflow(
      { workflowDef: def },
      { workflowDefs: [slowChild], mocks: { byRef: { charge: fail('card declined', {}, { latency: '1s' }) }, children: { pack: { byRef: { pick: ok({}, { latency: '1h' }) } } } } },
    );

    const childRun = workflowNamed(trace, 'pack_order');
    expect(trace.workflow.status).toBe('FAILED');
    expect(taskRows(trace)).toEqual(['fork:FORK=COMPLETED#0@0', 'pack:SUB_WORKFLOW=CANCELED#0@0', 'charge:charge_task=FAILED#0@0', 'join:JOIN=CANCELED#0@0']);
    expect(childRun.status).toBe('TERMINATED');
    expect(childRun.reasonForIncompletion).toBe(`Parent workflow has been terminated with reason: ${trace.workflow.reasonForIncompletion}`);
    expect(taskRows(childRun)).toEqual(['pick:pick_task=CANCELED#0@0']);
  });
});

describe('signals into a child', () => {
  it('reaches a HUMAN task of a running child through the session', async () => {
    const humanChild: WorkflowDef = { name: 'review', version: 1, schemaVersion: 2, tasks: [{ name: 'approve', taskReferenceName: 'approve', type: 'HUMAN' }] };
    const def = parent({ subWorkflowParam: { name: 'review', version: 1 } }, []);
    const run = await startWorkflow({ workflowDef: def }, { workflowDefs: [humanChild] });

    const trace = await run.signal('approve', { ok: true });

    expect(trace.workflows.map((w) => `${w.workflowName}=${w.status}`)).toEqual(['order_flow=COMPLETED', 'review=COMPLETED']);
    expect(taskOf(trace, 'pack').outputData).toMatchObject({ ok: true });
  });
});

describe('SUB_WORKFLOW in server-compat mode', () => {
  it('mocks the child through subWorkflowTestRequest keyed by the SUB_WORKFLOW ref', async () => {
    const trace = await runWorkflow(
      {
        name: 'order_flow',
        workflowDef: parent(),
        input: { orderId: 'o-9' },
        taskRefToMockOutput: { ship: [{ status: 'COMPLETED', output: { shipped: true } }] },
        subWorkflowTestRequest: { pack: { taskRefToMockOutput: { pick: [{ status: 'COMPLETED', output: {} }], box: [{ status: 'COMPLETED', output: { boxId: 'B-9' } }] } } },
      },
      { mode: 'server-compat', workflowDefs: [child] },
    );

    const childRun = workflowNamed(trace, 'pack_order');
    expect(taskRows(trace)).toEqual(['pack:SUB_WORKFLOW=COMPLETED#0@0', 'ship:ship_task=COMPLETED#0@0']);
    expect(taskRows(childRun)).toEqual(['pick:pick_task=COMPLETED#0@0', 'box:box_task=COMPLETED#0@0']);
    expect(trace.workflow.output).toEqual({ shipped: true });
    expect(taskOf(trace, 'ship').inputData).toEqual({ box: 'B-9' });
  });

  it('leaves an unmocked child RUNNING and the parent with it', async () => {
    const trace = await runWorkflow(
      { name: 'order_flow', workflowDef: parent(), input: { orderId: 'o-10' }, taskRefToMockOutput: { ship: [{ status: 'COMPLETED', output: {} }] } },
      { mode: 'server-compat', workflowDefs: [child] },
    );

    expect(trace.workflow.status).toBe('RUNNING');
    expect(taskRows(trace)).toEqual(['pack:SUB_WORKFLOW=IN_PROGRESS#0@0']);
    expect(taskRows(workflowNamed(trace, 'pack_order'))).toEqual(['pick:pick_task=SCHEDULED#0@0']);
  });
});
