/**
 * HUMAN: waits IN_PROGRESS until someone updates it.
 *
 * Conductor source: core/.../execution/mapper/HumanTaskMapper.java (IN_PROGRESS at creation,
 * startTime now, context input) and core/.../execution/tasks/Human.java (sync; start and execute
 * do nothing; it completes only through a task update, with any status; the ad-hoc TaskDef of a
 * system task has responseTimeoutSeconds 0, so it never times out). In the test endpoint HUMAN is
 * not an operator: it needs a mock (engine-semantics §7.3).
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow, startWorkflow } from '../../../src/index.js';
import type { WorkflowDef } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

const def: WorkflowDef = {
  name: 'approval_flow',
  version: 1,
  schemaVersion: 2,
  tasks: [
    { name: 'manager_review', taskReferenceName: 'review', type: 'HUMAN', inputParameters: { amount: '${workflow.input.amount}' } },
    { name: 'pay_task', taskReferenceName: 'pay', type: 'SIMPLE', inputParameters: { approvedBy: '${review.output.by}' } },
  ],
};

describe('HUMAN', () => {
  it('stays IN_PROGRESS, whatever the time, until signalled', async () => {
    const run = await startWorkflow({ workflowDef: def, input: { amount: 900 } }, { mocks: { byRef: { pay: ok() } } });
    await run.advance('400d');
    const waiting = run.trace();

    const trace = await run.signal('review', { by: 'ann' });

    expect(taskRows(waiting)).toEqual(['review:HUMAN=IN_PROGRESS#0@0']);
    expect(taskOf(waiting, 'review').inputData).toEqual({ amount: 900 });
    expect(taskRows(trace)).toEqual(['review:HUMAN=COMPLETED#0@0', 'pay:pay_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'pay').inputData).toEqual({ approvedBy: 'ann' });
    expect(taskOf(trace, 'review').endTime - T0).toBe(400 * 86_400_000);
  });

  it('can be failed with completeTask, which fails the workflow', async () => {
    const run = await startWorkflow({ workflowDef: def, input: { amount: 900 } }, { mocks: { byRef: { pay: ok() } } });

    const trace = await run.completeTask('review', 'FAILED', { by: 'bob' }, 'rejected');

    expect(taskRows(trace)).toEqual(['review:HUMAN=FAILED#0@0']);
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('is answered by a mock when the test gives one', async () => {
    const trace = await runWorkflow({ workflowDef: def, input: { amount: 5 } }, { mocks: { byRef: { review: ok({ by: 'auto' }), pay: ok() } } });

    expect(taskRows(trace)).toEqual(['review:HUMAN=COMPLETED#0@0', 'pay:pay_task=COMPLETED#0@0']);
  });

  it('is signalled by its base ref inside a loop', async () => {
    const looped: WorkflowDef = {
      name: 'loop_approval',
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: 'rounds', taskReferenceName: 'rounds', type: 'DO_WHILE', loopCondition: "$.rounds['iteration'] < 2", loopOver: [{ name: 'manager_review', taskReferenceName: 'review', type: 'HUMAN' }] }],
    };
    const run = await startWorkflow({ workflowDef: looped });

    await run.signal('review', { round: 1 });
    const trace = await run.signal('review', { round: 2 });

    expect(taskRows(trace)).toEqual(['rounds:DO_WHILE=COMPLETED#0@2', 'review__1:HUMAN=COMPLETED#0@1', 'review__2:HUMAN=COMPLETED#0@2']);
    expect(taskOf(trace, 'rounds').outputData).toEqual({ iteration: 2, '1': { review: { round: 1 } }, '2': { review: { round: 2 } } });
  });

  it('needs a mock in server-compat mode; an IN_PROGRESS mock keeps it IN_PROGRESS', async () => {
    const trace = await runWorkflow(
      {
        name: 'approval_flow',
        workflowDef: def,
        input: { amount: 1 },
        taskRefToMockOutput: { review: [{ status: 'IN_PROGRESS', output: { seen: true } }, { status: 'COMPLETED', output: { by: 'carl' } }], pay: [{ status: 'COMPLETED', output: {} }] },
      },
      { mode: 'server-compat' },
    );

    expect(taskRows(trace)).toEqual(['review:HUMAN=COMPLETED#0@0', 'pay:pay_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'review').outputData).toEqual({ seen: true, by: 'carl' });
  });
});
