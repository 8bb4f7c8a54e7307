/**
 * The same matchers under jest 30: `import 'conductor-testkit/jest'` registers them with jest's
 * `expect` (from @jest/globals) and types them. Run with `npm run test:jest`.
 */
import { describe, expect, it } from '@jest/globals';
import { fail, ok, runWorkflow, startWorkflow } from 'conductor-testkit';
import type { WorkflowDef } from 'conductor-testkit';
import { toTimeline } from 'conductor-testkit/jest';

const checkout: WorkflowDef = {
  name: 'checkout',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'shop@example.com',
  inputParameters: ['orderId', 'amount', 'speed'],
  tasks: [
    {
      name: 'charge_card',
      taskReferenceName: 'charge',
      type: 'SIMPLE',
      inputParameters: { amount: '${workflow.input.amount}' },
      taskDefinition: { name: 'charge_card', retryCount: 2, retryLogic: 'FIXED', retryDelaySeconds: 10 },
    },
    {
      name: 'speed_switch',
      taskReferenceName: 'speed',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'speed',
      inputParameters: { speed: '${workflow.input.speed}' },
      decisionCases: { express: [{ name: 'book_courier', taskReferenceName: 'courier', type: 'SIMPLE' }] },
      defaultCase: [{ name: 'book_post', taskReferenceName: 'post', type: 'SIMPLE' }],
    },
    { name: 'confirm', taskReferenceName: 'confirm', type: 'WAIT' },
  ],
  outputParameters: { chargeId: '${charge.output.chargeId}' },
};

const mocks = { byRef: { charge: [fail('gateway timeout'), ok({ chargeId: 'ch_1' })], courier: ok(), post: ok() } };

describe('checkout under jest', () => {
  it('retries the charge, books the courier, and completes when confirmed', async () => {
    const run = await startWorkflow({ workflowDef: checkout, input: { orderId: 'o-1', amount: 42, speed: 'express' } }, { mocks });
    // The start stops at the start instant; the charge's retry is due later, then the run waits for us.
    await run.runUntilIdle();

    expect(run).toHaveTaskStatus('confirm', 'IN_PROGRESS');
    await run.signal('confirm', { confirmed: true });

    expect(run).toHaveCompleted();
    expect(run).toHaveRetried('charge', 1);
    expect(run).toHaveTakenBranch('speed', 'express');
    expect(run).not.toHaveExecuted('post');
    expect(run).toHaveExecutedInOrder(['charge', 'courier', 'confirm']);
    expect(run).toHaveWorkflowOutput({ chargeId: expect.any(String) });
    expect(run).toHaveFinishedWithin('10s');
    expect(toTimeline(run)).toMatchSnapshot();
  });

  it('fails when the card is declined on every attempt', async () => {
    const trace = await runWorkflow({ workflowDef: checkout, input: { orderId: 'o-2', amount: 42, speed: 'standard' } }, { mocks: { byRef: { charge: fail('card declined') } } });

    expect(trace).toHaveFailed('card declined');
    expect(trace).toHaveTaskStatus('charge', 'FAILED');
    expect(trace).toNotHaveExecuted('post');
    expect(trace).toMatchSnapshot();
  });
});
