/**
 * Waiting in virtual time. `startWorkflow` processes what is due at the start instant and returns
 * a session: `advance` moves the clock (a WAIT with a duration ends when its deadline is reached),
 * `signal` / `completeTask` answer waiting tasks. A WAIT without a duration waits for a signal, and
 * a HUMAN task for a task update (Conductor's HUMAN tasks complete only through the task update
 * API, task-types §2.16), however far the clock is advanced. The matchers accept the session as
 * well as a trace.
 */
import { describe, expect, it } from 'vitest';
import { ok, startWorkflow } from 'conductor-testkit';
import type { WorkflowDef } from 'conductor-testkit';
import { toTimeline } from 'conductor-testkit/vitest';

const refund: WorkflowDef = {
  name: 'refund_request',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'support@example.com',
  inputParameters: ['orderId'],
  tasks: [
    { name: 'cooling_off', taskReferenceName: 'cooling_off', type: 'WAIT', inputParameters: { duration: '2 hours' } },
    { name: 'customer_reply', taskReferenceName: 'customer_reply', type: 'WAIT' },
    { name: 'approve_refund', taskReferenceName: 'approval', type: 'HUMAN', inputParameters: { reason: '${customer_reply.output.reason}' } },
    {
      name: 'decision',
      taskReferenceName: 'decision',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'approved',
      inputParameters: { approved: '${approval.output.approved}' },
      decisionCases: { true: [{ name: 'pay_refund', taskReferenceName: 'pay_refund', type: 'SIMPLE' }] },
    },
  ],
  outputParameters: { approvedBy: '${approval.output.by}' },
};

describe('refund request', () => {
  it('cools off for two hours, waits for the customer, then for a person, then pays', async () => {
    const run = await startWorkflow({ workflowDef: refund, input: { orderId: 'o-1' } }, { mocks: { byRef: { pay_refund: ok({ refunded: 42 }) } } });

    expect(run.status()).toBe('RUNNING');
    expect(run).toHaveTaskStatus('cooling_off', 'IN_PROGRESS');

    await run.advance('3d');
    expect(run).toHaveTaskStatus('cooling_off', 'COMPLETED');
    expect(run).toHaveTaskStatus('customer_reply', 'IN_PROGRESS');
    expect(run).toNotHaveExecuted('approval');

    await run.signal('customer_reply', { reason: 'parcel damaged' });
    expect(run).toHaveTaskInput('approval', { reason: 'parcel damaged' });

    await run.advance('4h');
    await run.completeTask('approval', 'COMPLETED', { approved: true, by: 'alice' });

    expect(run).toHaveCompleted();
    expect(run).toHaveTakenBranch('decision', 'true');
    expect(run).toHaveTaskOutput('pay_refund', { refunded: 42 });
    expect(run).toHaveWorkflowOutput({ approvedBy: 'alice' });
    expect(run).toHaveFinishedWithin('3d06h');
    expect(toTimeline(run)).toMatchInlineSnapshot(`
      wf#1 refund_request v1 COMPLETED
        +0s           cooling_off     WAIT        COMPLETED  #1
        +2h00m00s     customer_reply  WAIT        COMPLETED  #1
        +3d00h00m00s  approval        HUMAN       COMPLETED  #1
        +3d04h00m00s  decision        SWITCH      COMPLETED  #1
        +3d04h00m00s  pay_refund      pay_refund  COMPLETED  #1
    `);
  });

  it('pays nothing when the person says no', async () => {
    const run = await startWorkflow({ workflowDef: refund, input: { orderId: 'o-2' } });

    await run.advance('2h');
    await run.signal('customer_reply', { reason: 'changed my mind' });
    await run.completeTask('approval', 'COMPLETED', { approved: false, by: 'bob' });

    expect(run).toHaveCompleted();
    expect(run).toHaveTakenBranch('decision', 'false');
    expect(run).toNotHaveExecuted('pay_refund');
  });
});
