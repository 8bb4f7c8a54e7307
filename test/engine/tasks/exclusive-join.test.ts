/**
 * EXCLUSIVE_JOIN: joins the one branch a SWITCH/DECISION took and copies its output.
 *
 * Conductor source: core/.../execution/mapper/ExclusiveJoinTaskMapper.java (taskType/taskDefName
 * EXCLUSIVE_JOIN, IN_PROGRESS, input {joinOn, defaultExclusiveJoinTask}) and
 * core/.../execution/tasks/ExclusiveJoin.java (the first scheduled joinOn task decides once it is
 * terminal; when none was scheduled, the first scheduled `defaultExclusiveJoinTask` entry decides;
 * COMPLETED with that task's output, FAILED with the joined reasons on failure). Sync: it completes
 * in the decide that schedules it. test-harness ExclusiveJoinSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow } from '../../../src/index.js';
import type { WorkflowDef, WorkflowTask } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

function worker(ref: string): WorkflowTask {
  return { name: `${ref}_task`, taskReferenceName: ref, type: 'SIMPLE' };
}

const def: WorkflowDef = {
  name: 'exclusive_flow',
  version: 1,
  schemaVersion: 2,
  tasks: [
    worker('prep'),
    {
      name: 'pick',
      taskReferenceName: 'pick',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'route',
      inputParameters: { route: '${workflow.input.route}' },
      decisionCases: { a: [worker('ta')], b: [worker('tb1'), worker('tb2')] },
    },
    { name: 'merge', taskReferenceName: 'merge', type: 'EXCLUSIVE_JOIN', joinOn: ['ta', 'tb2'], defaultExclusiveJoinTask: ['prep'] },
    worker('done'),
  ],
};

const mocks = { byRef: { prep: ok({ from: 'prep' }), ta: ok({ from: 'ta' }), tb1: ok({ from: 'tb1' }), tb2: ok({ from: 'tb2' }), done: ok() } };

describe('EXCLUSIVE_JOIN', () => {
  it('completes with the output of the joinOn task of the branch taken', async () => {
    const trace = await runWorkflow({ workflowDef: def, input: { route: 'b' } }, { mocks });

    const merge = taskOf(trace, 'merge');
    expect(taskRows(trace)).toEqual([
      'prep:prep_task=COMPLETED#0@0',
      'pick:SWITCH=COMPLETED#0@0',
      'tb1:tb1_task=COMPLETED#0@0',
      'tb2:tb2_task=COMPLETED#0@0',
      'merge:EXCLUSIVE_JOIN=COMPLETED#0@0',
      'done:done_task=COMPLETED#0@0',
    ]);
    expect([merge.taskDefName, merge.inputData, merge.outputData]).toEqual(['EXCLUSIVE_JOIN', { joinOn: ['ta', 'tb2'], defaultExclusiveJoinTask: ['prep'] }, { from: 'tb2' }]);
  });

  it('takes the other branch output when the other case runs', async () => {
    const trace = await runWorkflow({ workflowDef: def, input: { route: 'a' } }, { mocks });

    expect(taskRows(trace)).toEqual(['prep:prep_task=COMPLETED#0@0', 'pick:SWITCH=COMPLETED#0@0', 'ta:ta_task=COMPLETED#0@0', 'merge:EXCLUSIVE_JOIN=COMPLETED#0@0', 'done:done_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'merge').outputData).toEqual({ from: 'ta' });
  });

  it('falls back to the defaultExclusiveJoinTask when no joinOn task was scheduled', async () => {
    const trace = await runWorkflow({ workflowDef: def, input: { route: 'none' } }, { mocks });

    expect(taskRows(trace)).toEqual(['prep:prep_task=COMPLETED#0@0', 'pick:SWITCH=COMPLETED#0@0', 'merge:EXCLUSIVE_JOIN=COMPLETED#0@0', 'done:done_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'merge').outputData).toEqual({ from: 'prep' });
  });

  it('joins the same way in server-compat mode, without a mock of its own', async () => {
    const done = (from: string): Array<{ status: 'COMPLETED'; output: { from: string } }> => [{ status: 'COMPLETED', output: { from } }];

    const trace = await runWorkflow(
      { name: 'exclusive_flow', workflowDef: def, input: { route: 'a' }, taskRefToMockOutput: { prep: done('prep'), ta: done('ta'), done: done('done') } },
      { mode: 'server-compat' },
    );

    expect(taskRows(trace)).toEqual(['prep:prep_task=COMPLETED#0@0', 'pick:SWITCH=COMPLETED#0@0', 'ta:ta_task=COMPLETED#0@0', 'merge:EXCLUSIVE_JOIN=COMPLETED#0@0', 'done:done_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'merge').outputData).toEqual({ from: 'ta' });
  });
});
