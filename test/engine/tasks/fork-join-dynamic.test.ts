/**
 * FORK_JOIN_DYNAMIC in its three forms: simple (`forkTaskName` + `forkTaskInputs`), classic
 * (`dynamicForkTasksParam` + `dynamicForkTasksInputParamName`) and legacy
 * (`dynamicForkJoinTasksParam`).
 *
 * Conductor source: core/.../execution/mapper/ForkJoinDynamicTaskMapper.java — the simple form
 * wins when `forkTaskInputs` is a list (refs `_<name>_<i>`, or `_<forkRef>_<name>_<i>` once the
 * workflow already holds a task of a FORK_JOIN_DYNAMIC node; input = item map, or {input: item},
 * plus `__index`); the FORK task (COMPLETED, executed) carries `forkedTasks`/`forkedTaskDefs` plus
 * the node's input; the JOIN gets the JOIN node's raw input plus `joinOn` = the generated refs;
 * forked tasks take the *registered* TaskDef of their name only (none → no retries, no timeouts);
 * invalid inputs end the workflow FAILED before any FORK is created. test-harness
 * DynamicForkJoinSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { fail, ok, runWorkflow } from '../../../src/index.js';
import type { JsonObject, WorkflowDef, WorkflowTask } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

function dynamicFlow(fork: Partial<WorkflowTask>, extra: WorkflowTask[] = []): WorkflowDef {
  return {
    name: 'dynamic_fork_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'fan_out', taskReferenceName: 'fan', type: 'FORK_JOIN_DYNAMIC', ...fork },
      { name: 'fan_in', taskReferenceName: 'join', type: 'JOIN' },
      ...extra,
    ],
  };
}

const classic = dynamicFlow({
  dynamicForkTasksParam: 'dynamicTasks',
  dynamicForkTasksInputParamName: 'dynamicTasksInput',
  inputParameters: { dynamicTasks: '${workflow.input.tasks}', dynamicTasksInput: '${workflow.input.inputs}' },
});

const parcels: JsonObject = {
  tasks: [
    { name: 'ship_parcel', taskReferenceName: 'p1', type: 'SIMPLE' },
    { name: 'ship_parcel', taskReferenceName: 'p2' },
  ],
  inputs: { p1: { parcel: 1 }, p2: { parcel: 2 } },
};

describe('FORK_JOIN_DYNAMIC, classic form', () => {
  it('forks one task per listed WorkflowTask, each with its own input, and joins on all of them', async () => {
    const trace = await runWorkflow({ workflowDef: classic, input: parcels }, { mocks: { byRef: { p1: ok({ t: 'A' }), p2: ok({ t: 'B' }) } } });

    expect(taskRows(trace)).toEqual(['fan:FORK=COMPLETED#0@0', 'p1:ship_parcel=COMPLETED#0@0', 'p2:ship_parcel=COMPLETED#0@0', 'join:JOIN=COMPLETED#0@0']);
    expect([taskOf(trace, 'p1').inputData, taskOf(trace, 'p2').inputData]).toEqual([{ parcel: 1 }, { parcel: 2 }]);
    expect(taskOf(trace, 'join').inputData).toEqual({ joinOn: ['p1', 'p2'] });
    expect(taskOf(trace, 'join').outputData).toEqual({ p1: { t: 'A' }, p2: { t: 'B' } });
    const fan = taskOf(trace, 'fan');
    expect(fan.inputData['forkedTasks']).toEqual(['p1', 'p2']);
    expect(fan.inputData['dynamicTasksInput']).toEqual(parcels['inputs']);
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('forks nothing for an empty list, and the JOIN completes at once', async () => {
    const trace = await runWorkflow({ workflowDef: classic, input: { tasks: [], inputs: {} } });

    expect(taskRows(trace)).toEqual(['fan:FORK=COMPLETED#0@0', 'join:JOIN=COMPLETED#0@0']);
    expect(taskOf(trace, 'join').inputData).toEqual({ joinOn: [] });
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('fails the workflow before forking when a forked task input is not a map', async () => {
    const trace = await runWorkflow({ workflowDef: classic, input: { tasks: parcels['tasks'] ?? [], inputs: { p1: 'v1', p2: 'v2' } } });

    expect(taskRows(trace)).toEqual([]);
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toMatch(/^Tasks could not be dynamically forked due to invalid input: /);
  });

  it('fails the workflow when the input map is not a map', async () => {
    const trace = await runWorkflow({ workflowDef: classic, input: { tasks: parcels['tasks'] ?? [], inputs: 'oops' } });

    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe('Input to the dynamically forked tasks is not a map -> expecting a map of K,V  but found oops');
  });

  it('fails the workflow when a listed task has no taskReferenceName', async () => {
    const trace = await runWorkflow({ workflowDef: classic, input: { tasks: [{ name: 'ship_parcel' }], inputs: {} } });

    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe("Input 'dynamicTasks' is invalid. Cannot deserialize a list of Workflow Tasks from '[{name=ship_parcel}]'");
  });

  it('does not retry a forked task whose name has no registered TaskDef', async () => {
    const trace = await runWorkflow({ workflowDef: classic, input: parcels }, { mocks: { byRef: { p1: fail('lost'), p2: ok({}, { latency: '1m' }) } } });

    expect(taskRows(trace)).toEqual(['fan:FORK=COMPLETED#0@0', 'p1:ship_parcel=FAILED#0@0', 'p2:ship_parcel=CANCELED#0@0', 'join:JOIN=CANCELED#0@0']);
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('retries a forked task by the TaskDef registered under its name', async () => {
    const trace = await runWorkflow(
      { workflowDef: classic, input: parcels },
      { taskDefs: [{ name: 'ship_parcel', retryCount: 1, retryDelaySeconds: 1 }], mocks: { byRef: { p1: [fail('lost'), ok()], p2: ok() } } },
    );

    expect(taskRows(trace)).toEqual(['fan:FORK=COMPLETED#0@0', 'p1:ship_parcel=FAILED#0@0', 'p2:ship_parcel=COMPLETED#0@0', 'join:JOIN=COMPLETED#0@0', 'p1:ship_parcel=COMPLETED#1@0']);
  });

  it('forks the same way in server-compat mode, mocked by the generated refs', async () => {
    const done = [{ status: 'COMPLETED' as const, output: { shipped: true } }];

    const trace = await runWorkflow({ name: 'dynamic_fork_flow', workflowDef: classic, input: parcels, taskRefToMockOutput: { p1: done, p2: done } }, { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual(['fan:FORK=COMPLETED#0@0', 'p1:ship_parcel=COMPLETED#0@0', 'p2:ship_parcel=COMPLETED#0@0', 'join:JOIN=COMPLETED#0@0']);
    expect(trace.workflow.output).toEqual({ p1: { shipped: true }, p2: { shipped: true } });
  });
});

describe('FORK_JOIN_DYNAMIC, simple form', () => {
  const simple = dynamicFlow({ inputParameters: { forkTaskName: 'ship_parcel', forkTaskInputs: '${workflow.input.items}' } });

  it('forks one forkTaskName task per item, refs _<name>_<index>, input = item + __index', async () => {
    const trace = await runWorkflow({ workflowDef: simple, input: { items: [{ w: 1 }, { w: 2 }, 'loose'] } }, { mocks: { byName: { ship_parcel: ok({ ok: 1 }) } } });

    expect(taskRows(trace)).toEqual([
      'fan:FORK=COMPLETED#0@0',
      '_ship_parcel_0:ship_parcel=COMPLETED#0@0',
      '_ship_parcel_1:ship_parcel=COMPLETED#0@0',
      '_ship_parcel_2:ship_parcel=COMPLETED#0@0',
      'join:JOIN=COMPLETED#0@0',
    ]);
    expect(trace.workflow.tasks.slice(1, 4).map((t) => t.inputData)).toEqual([
      { w: 1, __index: 0 },
      { w: 2, __index: 1 },
      { input: 'loose', __index: 2 },
    ]);
    expect(taskOf(trace, 'join').inputData).toEqual({ joinOn: ['_ship_parcel_0', '_ship_parcel_1', '_ship_parcel_2'] });
  });

  it('prefixes the refs of a second dynamic fork with its own ref', async () => {
    const def: WorkflowDef = {
      ...simple,
      tasks: [
        ...simple.tasks,
        { name: 'again', taskReferenceName: 'again', type: 'FORK_JOIN_DYNAMIC', inputParameters: { forkTaskName: 'ship_parcel', forkTaskInputs: '${workflow.input.items}' } },
        { name: 'again_join', taskReferenceName: 'again_join', type: 'JOIN' },
      ],
    };

    const trace = await runWorkflow({ workflowDef: def, input: { items: [{ w: 1 }] } }, { mocks: { byName: { ship_parcel: ok() } } });

    expect(taskRows(trace)).toEqual([
      'fan:FORK=COMPLETED#0@0',
      '_ship_parcel_0:ship_parcel=COMPLETED#0@0',
      'join:JOIN=COMPLETED#0@0',
      'again:FORK=COMPLETED#0@0',
      '_again_ship_parcel_0:ship_parcel=COMPLETED#0@0',
      'again_join:JOIN=COMPLETED#0@0',
    ]);
  });

  it('names the forked tasks after the fork ref when forkTaskName is absent', async () => {
    const def = dynamicFlow({ inputParameters: { forkTaskInputs: [{ a: 1 }] } });

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byName: { fan: ok() } } });

    expect(taskRows(trace)).toEqual(['fan:FORK=COMPLETED#0@0', '_fan_0:fan=COMPLETED#0@0', 'join:JOIN=COMPLETED#0@0']);
  });

  it('makes every forked task optional when the dynamic fork is optional', async () => {
    const def = dynamicFlow({ optional: true, inputParameters: { forkTaskName: 'ship_parcel', forkTaskInputs: [{ a: 1 }, { a: 2 }] } });

    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { _ship_parcel_0: fail('x'), _ship_parcel_1: ok() } } });

    expect(taskRows(trace)).toEqual([
      'fan:FORK=COMPLETED#0@0',
      '_ship_parcel_0:ship_parcel=COMPLETED_WITH_ERRORS#0@0',
      '_ship_parcel_1:ship_parcel=COMPLETED#0@0',
      'join:JOIN=COMPLETED_WITH_ERRORS#0@0',
    ]);
    expect(trace.workflow.status).toBe('COMPLETED');
  });
});

describe('FORK_JOIN_DYNAMIC, legacy form', () => {
  it('forks the tasks of {dynamicTasks: [{taskName, referenceName, type, input}]}', async () => {
    const def = dynamicFlow({ dynamicForkJoinTasksParam: 'plan', inputParameters: { plan: '${workflow.input.plan}' } });
    const plan = {
      dynamicTasks: [
        { taskName: 'pack_box', referenceName: 'box1', type: 'SIMPLE', input: { size: 'S' } },
        { taskName: 'pack_box', referenceName: 'box2', type: 'SIMPLE', input: { size: 'L' } },
      ],
    };

    const trace = await runWorkflow({ workflowDef: def, input: { plan } }, { mocks: { byName: { pack_box: ok() } } });

    expect(taskRows(trace)).toEqual(['fan:FORK=COMPLETED#0@0', 'box1:pack_box=COMPLETED#0@0', 'box2:pack_box=COMPLETED#0@0', 'join:JOIN=COMPLETED#0@0']);
    expect([taskOf(trace, 'box1').inputData, taskOf(trace, 'box2').inputData]).toEqual([{ size: 'S' }, { size: 'L' }]);
  });
});
