/**
 * SWITCH: a `value-param` switch on the shipping speed, and a `javascript` switch on the amount.
 * `toHaveTakenBranch` reads the case value the SWITCH recorded; the tasks of the branch show
 * which list ran (the default case when no key matches).
 */
import { describe, expect, it } from 'vitest';
import { ok, runWorkflow } from 'conductor-testkit';
import type { WorkflowDef } from 'conductor-testkit';
import 'conductor-testkit/vitest';

const shipping: WorkflowDef = {
  name: 'shipping',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'shop@example.com',
  inputParameters: ['speed', 'amount'],
  tasks: [
    {
      name: 'speed_switch',
      taskReferenceName: 'speed',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'speed',
      inputParameters: { speed: '${workflow.input.speed}' },
      decisionCases: {
        express: [{ name: 'book_courier', taskReferenceName: 'courier', type: 'SIMPLE' }],
        pickup: [],
      },
      defaultCase: [{ name: 'book_post', taskReferenceName: 'post', type: 'SIMPLE' }],
    },
    {
      name: 'review_switch',
      taskReferenceName: 'review',
      type: 'SWITCH',
      evaluatorType: 'javascript',
      expression: '$.amount > 1000 ? "manual" : "auto"',
      inputParameters: { amount: '${workflow.input.amount}' },
      decisionCases: { manual: [{ name: 'manual_review', taskReferenceName: 'manual_review', type: 'SIMPLE' }] },
    },
  ],
};

const mocks = { byRef: { courier: ok(), post: ok(), manual_review: ok({ approved: true }) } };

describe('shipping', () => {
  it.each([
    ['express', 'courier', 'post'],
    ['standard', 'post', 'courier'],
  ])('on speed %s books with %s, not %s', async (speed, runs, skips) => {
    const trace = await runWorkflow({ workflowDef: shipping, input: { speed, amount: 10 } }, { mocks });

    expect(trace).toHaveCompleted();
    expect(trace).toHaveTakenBranch('speed', speed);
    expect(trace).toHaveExecuted(runs);
    expect(trace).not.toHaveExecuted(skips);
  });

  it('runs nothing for a case whose list is empty (the default is not used)', async () => {
    const trace = await runWorkflow({ workflowDef: shipping, input: { speed: 'pickup', amount: 10 } }, { mocks });

    expect(trace).toHaveTakenBranch('speed', 'pickup');
    expect(trace).toNotHaveExecuted('courier');
    expect(trace).toNotHaveExecuted('post');
  });

  it('sends large orders to manual review through the javascript switch', async () => {
    const trace = await runWorkflow({ workflowDef: shipping, input: { speed: 'express', amount: 5000 } }, { mocks });

    expect(trace).toHaveTakenBranch('review', 'manual');
    expect(trace).toHaveTaskOutput('manual_review', { approved: true });
    expect(trace).toHaveExecutedInOrder(['speed', 'courier', 'review', 'manual_review']);
  });

  it('completes the javascript switch without a branch for small orders', async () => {
    const trace = await runWorkflow({ workflowDef: shipping, input: { speed: 'express', amount: 5 } }, { mocks });

    expect(trace).toHaveTakenBranch('review', 'auto');
    expect(trace).toHaveTaskStatus('review', 'COMPLETED');
    expect(trace).toNotHaveExecuted('manual_review');
  });
});
