/**
 * A property-based test: for any number of declined attempts (more or fewer than the retries the
 * TaskDef allows) the run ends as Conductor's retry rules say. fast-check picks the cases and
 * shrinks a failure to the smallest one; the seed comes from CTK_SEED so CI can replay a failure
 * (fast-check prints the seed and the path when a property fails).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fail, ok, runWorkflow } from 'conductor-testkit';
import type { WorkerAnswer, WorkflowDef } from 'conductor-testkit';
import 'conductor-testkit/vitest';

const seed = process.env['CTK_SEED'] === undefined || process.env['CTK_SEED'] === '' ? undefined : Number(process.env['CTK_SEED']);

const RETRIES = 3;

const payout: WorkflowDef = {
  name: 'payout',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'finance@example.com',
  inputParameters: ['amount'],
  tasks: [
    {
      name: 'transfer',
      taskReferenceName: 'transfer',
      type: 'SIMPLE',
      inputParameters: { amount: '${workflow.input.amount}' },
      taskDefinition: { name: 'transfer', retryCount: RETRIES, retryLogic: 'LINEAR_BACKOFF', retryDelaySeconds: 10, backoffScaleFactor: 2 },
    },
    { name: 'notify', taskReferenceName: 'notify', type: 'SIMPLE', inputParameters: { amount: '${workflow.input.amount}' } },
  ],
};

describe('payout', () => {
  it('completes exactly when the declines fit in the retries, and retries once per decline', async () => {
    const scenario = fc.record({
      amount: fc.integer({ min: 1, max: 1_000_000 }),
      declines: fc.integer({ min: 0, max: RETRIES + 2 }),
    });

    // Property: with n declined attempts, the run COMPLETES iff n <= retryCount, the transfer is
    // retried min(n, retryCount) times, and notify runs (with the amount) iff the transfer succeeded.
    await fc.assert(
      fc.asyncProperty(scenario, async ({ amount, declines }) => {
        const attempts: WorkerAnswer[] = [...Array.from({ length: declines }, () => fail('declined')), ok({ transferId: 'tr-1' })];

        const trace = await runWorkflow({ workflowDef: payout, input: { amount } }, { mocks: { byRef: { transfer: attempts, notify: ok() } } });

        expect(trace).toHaveRetried('transfer', Math.min(declines, RETRIES));
        if (declines <= RETRIES) {
          expect(trace).toHaveCompleted();
          expect(trace).toHaveTaskInput('notify', { amount });
        } else {
          expect(trace).toHaveFailed('declined');
          expect(trace).toNotHaveExecuted('notify');
        }
      }),
      { numRuns: 60, ...(seed === undefined ? {} : { seed }) },
    );
  });
});
