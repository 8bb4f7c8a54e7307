/**
 * A checkout: reserve stock, charge the card (retried with exponential backoff), ship.
 * Worker tasks are answered by mocks, one answer per attempt; time is virtual, so the 15 s of
 * backoff cost nothing.
 */
import { describe, expect, it } from 'vitest';
import { fail, ok, runWorkflow } from 'conductor-testkit';
import type { WorkflowDef } from 'conductor-testkit';
import { toTimeline } from 'conductor-testkit/vitest';

const checkout: WorkflowDef = {
  name: 'checkout',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'shop@example.com',
  inputParameters: ['orderId', 'amount'],
  tasks: [
    { name: 'reserve_stock', taskReferenceName: 'reserve', type: 'SIMPLE', inputParameters: { orderId: '${workflow.input.orderId}' } },
    {
      name: 'charge_card',
      taskReferenceName: 'charge',
      type: 'SIMPLE',
      inputParameters: { amount: '${workflow.input.amount}', idempotencyKey: 'charge-${workflow.input.orderId}' },
      taskDefinition: { name: 'charge_card', retryCount: 2, retryLogic: 'EXPONENTIAL_BACKOFF', retryDelaySeconds: 5, responseTimeoutSeconds: 60, timeoutSeconds: 300 },
    },
    { name: 'ship_parcel', taskReferenceName: 'ship', type: 'SIMPLE', inputParameters: { orderId: '${workflow.input.orderId}', chargeId: '${charge.output.chargeId}' } },
  ],
  outputParameters: { chargeId: '${charge.output.chargeId}', trackingId: '${ship.output.trackingId}' },
};

describe('checkout', () => {
  it('retries a declined charge with exponential backoff, then ships', async () => {
    const trace = await runWorkflow(
      { workflowDef: checkout, input: { orderId: 'o-1', amount: 42 } },
      {
        mocks: {
          byRef: {
            reserve: ok({ reserved: true }),
            charge: [fail('gateway timeout'), fail('gateway timeout'), ok({ chargeId: 'ch_1' }, { latency: '2s' })],
            ship: ok({ trackingId: 't-1' }),
          },
        },
      },
    );

    expect(trace).toHaveCompleted();
    expect(trace).toHaveRetried('charge', 2);
    expect(trace).toHaveExecutedInOrder(['reserve', 'charge', 'ship']);
    expect(trace).toHaveTaskInput('charge', { amount: 42, idempotencyKey: 'charge-o-1' });
    expect(trace).toHaveTaskInput('ship', { chargeId: 'ch_1' });
    expect(trace).toHaveWorkflowOutput({ chargeId: 'ch_1', trackingId: 't-1' });
    // 5 s + 10 s of backoff (5 * 2^retryCount) and 2 s for the successful attempt.
    expect(trace).toHaveFinishedWithin('17s');
    expect(trace).not.toHaveFinishedWithin('16s');
    expect(toTimeline(trace)).toMatchInlineSnapshot(`
      wf#1 checkout v1 COMPLETED
        +0s   reserve  reserve_stock  COMPLETED  #1
        +0s   charge   charge_card    FAILED     #1  gateway timeout
        +5s   charge   charge_card    FAILED     #2  gateway timeout
        +15s  charge   charge_card    COMPLETED  #3
        +17s  ship     ship_parcel    COMPLETED  #1
    `);
  });

  it('fails the order when every attempt is declined, and never ships', async () => {
    const trace = await runWorkflow(
      { workflowDef: checkout, input: { orderId: 'o-2', amount: 42 } },
      { mocks: { byRef: { reserve: ok(), charge: fail('card declined') } } },
    );

    expect(trace).toHaveFailed('card declined');
    expect(trace).toHaveRetried('charge', 2);
    expect(trace).toHaveTaskStatus('charge', 'FAILED');
    expect(trace).toNotHaveExecuted('ship');
  });
});
