/**
 * Snapshots of whole runs. A trace snapshots as its canonical text (ids as `wf#1`/`task#3`,
 * times as offsets from the start, keys sorted), so it is the same on every machine, seed and
 * start time; `toTimeline` gives the compact one-line-per-task view for inline snapshots.
 */
import { describe, expect, it } from 'vitest';
import { fail, ok, runWorkflow } from 'conductor-testkit';
import type { RunOptions, WorkflowDef } from 'conductor-testkit';
import { toTimeline } from 'conductor-testkit/vitest';

const onboarding: WorkflowDef = {
  name: 'onboarding',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'people@example.com',
  inputParameters: ['email'],
  tasks: [
    { name: 'create_account', taskReferenceName: 'account', type: 'SIMPLE', inputParameters: { email: '${workflow.input.email}' } },
    {
      name: 'send_welcome',
      taskReferenceName: 'welcome',
      type: 'SIMPLE',
      optional: true,
      inputParameters: { accountId: '${account.output.accountId}' },
      taskDefinition: { name: 'send_welcome', retryCount: 1, retryLogic: 'FIXED', retryDelaySeconds: 60 },
    },
    { name: 'record', taskReferenceName: 'record', type: 'SET_VARIABLE', inputParameters: { accountId: '${account.output.accountId}' } },
  ],
  outputParameters: { accountId: '${account.output.accountId}' },
};

const mocks: RunOptions['mocks'] = { byRef: { account: ok({ accountId: 'acc-1' }), welcome: [fail('smtp down'), fail('smtp down')] } };

describe('onboarding snapshots', () => {
  it('matches the stored snapshot of the whole run', async () => {
    const trace = await runWorkflow({ workflowDef: onboarding, input: { email: 'ada@example.com' } }, { mocks });

    expect(trace).toMatchSnapshot();
  });

  it('stores the same text for any seed and start time', async () => {
    for (const options of [{ seed: 1 }, { seed: 1 }, { seed: 42, startTime: '2031-06-01T12:00:00Z' }]) {
      const trace = await runWorkflow({ workflowDef: onboarding, input: { email: 'ada@example.com' } }, { ...options, mocks });

      await expect(trace).toMatchFileSnapshot('./__snapshots__/onboarding.trace.txt');
    }
  });

  it('reads as a timeline inline', async () => {
    const trace = await runWorkflow({ workflowDef: onboarding, input: { email: 'ada@example.com' } }, { mocks });

    expect(toTimeline(trace)).toMatchInlineSnapshot(`
      wf#1 onboarding v1 COMPLETED
        +0s     account  create_account  COMPLETED              #1
        +0s     welcome  send_welcome    FAILED                 #1  smtp down
        +1m00s  welcome  send_welcome    COMPLETED_WITH_ERRORS  #2  smtp down
        +1m00s  record   SET_VARIABLE    COMPLETED              #1
    `);
  });
});
