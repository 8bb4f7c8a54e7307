/**
 * A parent workflow that starts a child through a SUB_WORKFLOW task. The child's definition is
 * "registered" with `workflowDefs`; its worker tasks get their own mocks under
 * `mocks.children[<SUB_WORKFLOW ref>]`. Matchers reach into the child with a path:
 * `payment/charge` is the task `charge` of the child started by `payment`.
 */
import { describe, expect, it } from 'vitest';
import { fail, ok, runWorkflow } from 'conductor-testkit';
import type { WorkflowDef } from 'conductor-testkit';
import { toTimeline } from 'conductor-testkit/vitest';

const payment: WorkflowDef = {
  name: 'payment',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'pay@example.com',
  inputParameters: ['amount'],
  tasks: [
    { name: 'fraud_check', taskReferenceName: 'fraud_check', type: 'SIMPLE', inputParameters: { amount: '${workflow.input.amount}' } },
    { name: 'charge_card', taskReferenceName: 'charge', type: 'SIMPLE', inputParameters: { amount: '${workflow.input.amount}' }, taskDefinition: { name: 'charge_card', retryCount: 0 } },
  ],
  outputParameters: { chargeId: '${charge.output.chargeId}' },
};

const order: WorkflowDef = {
  name: 'order',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'shop@example.com',
  inputParameters: ['amount'],
  tasks: [
    { name: 'pay', taskReferenceName: 'payment', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'payment', version: 1 }, inputParameters: { amount: '${workflow.input.amount}' } },
    { name: 'ship', taskReferenceName: 'ship', type: 'SIMPLE', inputParameters: { chargeId: '${payment.output.chargeId}' } },
  ],
};

describe('order with a payment sub-workflow', () => {
  it("runs the child with its own mocks and passes the child's output on", async () => {
    const trace = await runWorkflow(
      { workflowDef: order, input: { amount: 42 } },
      {
        workflowDefs: [payment],
        mocks: {
          byRef: { ship: ok({ trackingId: 't-1' }) },
          children: { payment: { byRef: { fraud_check: ok({ score: 3 }), charge: ok({ chargeId: 'ch_9' }) } } },
        },
      },
    );

    expect(trace).toHaveCompleted();
    expect(trace).toHaveExecutedInOrder(['payment/fraud_check', 'payment/charge', 'ship']);
    expect(trace).toHaveTaskInput('payment/charge', { amount: 42 });
    expect(trace).toHaveTaskOutput('payment', { chargeId: 'ch_9' });
    expect(trace).toHaveTaskInput('ship', { chargeId: 'ch_9' });
    expect(toTimeline(trace)).toMatchInlineSnapshot(`
      wf#1 order v1 COMPLETED
        +0s  payment  SUB_WORKFLOW  COMPLETED  #1
          wf#2 payment v1 COMPLETED
            +0s  fraud_check  fraud_check  COMPLETED  #1
            +0s  charge       charge_card  COMPLETED  #1
        +0s  ship     ship          COMPLETED  #1
    `);
  });

  it('fails the parent when the child fails', async () => {
    const trace = await runWorkflow(
      { workflowDef: order, input: { amount: 42 } },
      { workflowDefs: [payment], mocks: { children: { payment: { byRef: { fraud_check: ok({ score: 3 }), charge: fail('card declined') } } } } },
    );

    expect(trace).toHaveFailed();
    expect(trace).toHaveTaskStatus('payment/charge', 'FAILED');
    expect(trace).toHaveTaskStatus('payment', 'FAILED');
    expect(trace).toNotHaveExecuted('ship');
  });
});
