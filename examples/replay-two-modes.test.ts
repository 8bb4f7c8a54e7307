/**
 * One suite, two modes. The same tests run on the in-memory engine and, when CONDUCTOR_SERVER_URL
 * points at a Conductor server, on the server's `POST /api/workflow/test` too, with the same
 * matchers. Without a server, `runModes()` gives the engine only and prints why the server mode
 * was skipped. Start one with `scripts/conductor-server.sh start` and run:
 *
 *   CONDUCTOR_SERVER_URL=$(scripts/conductor-server.sh url) npx vitest run examples/replay-two-modes.test.ts
 *
 * Requests are Conductor's own WorkflowTestRequest (mocks per task reference, one per attempt), and
 * the engine runs in server-compat mode, the semantics of that endpoint, so both modes must agree.
 */
import { describe, expect, it } from 'vitest';
import { formatTraceDiff, runModes } from 'conductor-testkit';
import type { TaskDef, WorkflowDef, WorkflowTestRequest } from 'conductor-testkit';
import 'conductor-testkit/vitest';

const refund: WorkflowDef = {
  name: 'example_refund',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'shop@example.com',
  inputParameters: ['orderId', 'reason'],
  tasks: [
    { name: 'example_lookup_order', taskReferenceName: 'lookup', type: 'SIMPLE', inputParameters: { orderId: '${workflow.input.orderId}' } },
    {
      name: 'by_payment',
      taskReferenceName: 'by_payment',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'paidWith',
      inputParameters: { paidWith: '${lookup.output.paidWith}' },
      decisionCases: {
        card: [{ name: 'example_refund_card', taskReferenceName: 'refund_card', type: 'SIMPLE', inputParameters: { amount: '${lookup.output.amount}' } }],
      },
      defaultCase: [{ name: 'example_issue_voucher', taskReferenceName: 'voucher', type: 'SIMPLE', inputParameters: { amount: '${lookup.output.amount}' } }],
    },
  ],
  outputParameters: { refundId: '${refund_card.output.refundId}', voucher: '${voucher.output.code}' },
};

// Registered on the server before each request, and given to the engine: one retry, no delay.
const taskDefs: TaskDef[] = [
  { name: 'example_refund_card', retryCount: 1, retryLogic: 'FIXED', retryDelaySeconds: 0, timeoutSeconds: 60, responseTimeoutSeconds: 30, ownerEmail: 'shop@example.com' },
];

const request = (paidWith: string, refundCard: WorkflowTestRequest['taskRefToMockOutput'] = {}): WorkflowTestRequest => ({
  name: refund.name,
  version: 1,
  workflowDef: refund,
  input: { orderId: 'o-7', reason: 'damaged' },
  taskRefToMockOutput: {
    lookup: [{ status: 'COMPLETED', output: { paidWith, amount: 30 } }],
    voucher: [{ status: 'COMPLETED', output: { code: 'V-30' } }],
    ...refundCard,
  },
});

describe.each(runModes())('refund on the $name', (mode) => {
  it('refunds a card payment, retrying a declined refund once', async () => {
    const trace = await mode.run(
      request('card', { refund_card: [{ status: 'FAILED', output: { error: 'gateway' } }, { status: 'COMPLETED', output: { refundId: 'r-1' } }] }),
      { taskDefs },
    );

    expect(trace).toHaveCompleted();
    expect(trace).toHaveTakenBranch('by_payment', 'card');
    expect(trace).toHaveRetried('refund_card', 1);
    expect(trace).toHaveTaskInput('refund_card', { amount: 30 });
    expect(trace).toHaveWorkflowOutput({ refundId: 'r-1' });
    expect(trace).not.toHaveExecuted('voucher');
  });

  it('issues a voucher for anything that was not paid by card', async () => {
    const trace = await mode.run(request('invoice'), { taskDefs });

    expect(trace).toHaveCompleted();
    // The case value Conductor records is the evaluated one; no case matches it, so defaultCase ran.
    expect(trace).toHaveTakenBranch('by_payment', 'invoice');
    expect(trace).toHaveExecutedInOrder(['lookup', 'by_payment', 'voucher']);
    expect(trace).toHaveWorkflowOutput({ voucher: 'V-30' });
  });

  it('fails the workflow when the refund is declined on every attempt', async () => {
    const trace = await mode.run(
      request('card', { refund_card: [{ status: 'FAILED', output: {} }, { status: 'FAILED', output: { error: 'card closed' } }] }),
      { taskDefs },
    );

    expect(trace).toHaveFailed();
    expect(trace).toHaveTaskStatus('refund_card', 'FAILED');
    // In server mode the engine ran the same request beside the server: they must agree.
    expect(mode.lastDiff === undefined || mode.lastDiff.equal ? '' : formatTraceDiff(mode.lastDiff)).toBe('');
  });
});
