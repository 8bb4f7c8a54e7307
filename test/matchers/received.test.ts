import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import '../../matchers/vitest.js';
import { traceMatchers } from '../../matchers/index.js';
import { isTestkitError } from '../../src/errors/index.js';
import { buildTrace } from '../support/trace-builder.js';
import { errorOf, failedRun, failureOf, orderRun } from './fixtures.js';

describe('what a matcher receives', () => {
  it('reads a WorkflowSession through its trace()', () => {
    const session = { workflowId: 'x', trace: () => orderRun() };

    expect(session).toHaveCompleted();
    expect(session).toHaveRetried('charge', 1);
  });

  it('rejects a value that is not a trace, naming what it got', () => {
    const error = errorOf(() => expect({ status: 'COMPLETED' }).toHaveCompleted());

    expect(isTestkitError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'toHaveCompleted: expected a Trace (from runWorkflow) or a WorkflowSession (from startWorkflow), received an object with keys ["status"]',
    );
  });

  it('tells a Promise to be awaited', () => {
    const error = errorOf(() => expect(Promise.resolve(orderRun())).toHaveCompleted());

    expect((error as Error).message).toBe(
      'toHaveCompleted: expected a Trace (from runWorkflow) or a WorkflowSession (from startWorkflow), received a Promise (await runWorkflow(...) first, or use expect(promise).resolves)',
    );
  });

  it('works after .resolves, and says so in the hint', async () => {
    await expect(Promise.resolve(orderRun())).resolves.toHaveCompleted();

    let message = '';
    try {
      await expect(Promise.resolve(failedRun())).resolves.toHaveCompleted();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')[0]).toBe('expect(received).resolves.toHaveCompleted()');
  });

  it('computes pass without looking at .not', () => {
    const positive = traceMatchers.toHaveCompleted.call({ isNot: false }, failedRun());
    const negative = traceMatchers.toHaveCompleted.call({ isNot: true }, failedRun());

    expect(positive.pass).toBe(false);
    expect(negative.pass).toBe(false);
    expect(positive.message().split('\n')[0]).toBe('expect(received).toHaveCompleted()');
    expect(negative.message().split('\n')[0]).toBe('expect(received).not.toHaveCompleted()');
  });

  it('returns actual and expected for the diff only when the positive form fails', () => {
    expect(traceMatchers.toHaveTaskStatus.call({}, failedRun(), 'charge', 'COMPLETED')).toMatchObject({ pass: false, actual: 'FAILED', expected: 'COMPLETED' });
    expect(traceMatchers.toHaveTaskStatus.call({}, failedRun(), 'charge', 'FAILED')).not.toHaveProperty('expected');
  });

  it('matches data made in another realm, as jest hands over values copied by the host structuredClone', () => {
    const trace = buildTrace({ name: 'flow', tasks: [{ ref: 'a', outputData: runInNewContext('({ nested: { n: 1 }, list: [{ k: "v" }] })') as Record<string, unknown> }] });

    expect(trace).toHaveTaskOutput('a', { nested: { n: 1 }, list: [{ k: 'v' }] });
    expect(traceMatchers.toHaveTaskOutput.call({}, trace, 'a', { nested: { n: 1 } }).pass).toBe(true);
  });

  it('matches partial data without a runner, honouring asymmetric matchers', () => {
    expect(traceMatchers.toHaveTaskOutput.call({}, orderRun(), 'charge', { chargeId: expect.any(String) }).pass).toBe(true);
    expect(traceMatchers.toHaveTaskOutput.call({}, orderRun(), 'charge', { fee: { amount: 2 } }).pass).toBe(false);
  });
});

describe('the timeline in a failure message', () => {
  it('keeps the lines around the marked task of a long run and counts what it leaves out', () => {
    const tasks = Array.from({ length: 80 }, (_unused, i) => ({ ref: `step_${i}`, at: i * 1000 }));
    const trace = buildTrace({ name: 'long_flow', tasks: [...tasks.slice(0, 40), { ref: 'broken', at: 40_000, status: 'FAILED' as const }, ...tasks.slice(40)] });

    expect(failureOf(() => expect(trace).toHaveTaskStatus('broken', 'COMPLETED'))).toMatchInlineSnapshot(`
      "expect(received).toHaveTaskStatus("broken", "COMPLETED")

      Expected task "broken" to be COMPLETED, but its latest attempt (#1 at +40s) is FAILED.

      Timeline (> marks broken):
        wf#1 long_flow v1 COMPLETED
        … 36 more lines
          +36s    step_36  step_36  COMPLETED  #1
          +37s    step_37  step_37  COMPLETED  #1
          +38s    step_38  step_38  COMPLETED  #1
          +39s    step_39  step_39  COMPLETED  #1
      >   +40s    broken   broken   FAILED     #1
          +40s    step_40  step_40  COMPLETED  #1
          +41s    step_41  step_41  COMPLETED  #1
          +42s    step_42  step_42  COMPLETED  #1
          +43s    step_43  step_43  COMPLETED  #1
        … 36 more lines"
    `);
  });
});
