import { describe, expect, it } from 'vitest';
import '../../matchers/vitest.js';
import { failedRun, failureOf, orderRun, runningRun, terminatedRun, timedOutRun } from './fixtures.js';

describe('toHaveCompleted', () => {
  it('passes on a COMPLETED run', () => {
    expect(orderRun()).toHaveCompleted();
  });

  it('fails on a FAILED run, naming the status, the reason and marking the failed task', () => {
    expect(failureOf(() => expect(failedRun()).toHaveCompleted())).toMatchInlineSnapshot(`
      "expect(received).toHaveCompleted()

      Expected workflow "order_flow" to be COMPLETED, but it is FAILED at +19s: Task task#4 failed with status: FAILED and reason: 'card declined'.

      Timeline (> marks charge):
        wf#1 order_flow v1 FAILED: Task task#4 failed with status: FAILED and reason: 'card de…
          +0s   validate  validate  COMPLETED  #1
          +1s   charge    charge    FAILED     #1  card declined
          +7s   charge    charge    FAILED     #2  card declined
      >   +18s  charge    charge    FAILED     #3  card declined
          +19s  refund    refund    CANCELED   #1"
    `);
  });

  it('fails on a RUNNING run, naming the tasks it waits on', () => {
    expect(failureOf(() => expect(runningRun()).toHaveCompleted())).toMatchInlineSnapshot(`
      "expect(received).toHaveCompleted()

      Expected workflow "approval_flow" to be COMPLETED, but it is RUNNING, waiting on approval (IN_PROGRESS).

      Timeline (> marks approval):
        wf#1 approval_flow v1 RUNNING
          +0s  validate  validate  COMPLETED    #1
      >   +1s  approval  HUMAN     IN_PROGRESS  #1"
    `);
  });

  it('with .not, passes on a FAILED run and fails on a COMPLETED one', () => {
    expect(failedRun()).not.toHaveCompleted();
    expect(failureOf(() => expect(orderRun()).not.toHaveCompleted())).toMatchInlineSnapshot(`
      "expect(received).not.toHaveCompleted()

      Expected workflow "order_flow" not to be COMPLETED, but it is COMPLETED at +2m00s.

      Timeline:
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
          +9s     express   book_express  COMPLETED  #1
          +40s    poll      DO_WHILE      COMPLETED  #1  iter 2
          +40s    check__1  check         COMPLETED  #1  iter 1
          +50s    check__2  check         COMPLETED  #1  iter 2
          +1m00s  fulfil    SUB_WORKFLOW  COMPLETED  #1
            wf#2 fulfil_flow v1 COMPLETED
              +1m00s  pack   pack   COMPLETED  #1
              +1m30s  label  label  COMPLETED  #1
          +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });
});

describe('toHaveFailed', () => {
  it('passes on a FAILED run, with or without a reason', () => {
    expect(failedRun()).toHaveFailed();
    expect(failedRun()).toHaveFailed('card declined');
    expect(failedRun()).toHaveFailed(/reason: 'card/);
  });

  it('gives the same answer on every call with a global RegExp', () => {
    const declined = /declined/g;

    expect(failedRun()).toHaveFailed(declined);
    expect(failedRun()).toHaveFailed(declined);
  });

  it('fails on a COMPLETED run', () => {
    expect(failureOf(() => expect(orderRun()).toHaveFailed())).toMatchInlineSnapshot(`
      "expect(received).toHaveFailed()

      Expected workflow "order_flow" to be FAILED, but it is COMPLETED at +2m00s.

      Timeline:
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
          +9s     express   book_express  COMPLETED  #1
          +40s    poll      DO_WHILE      COMPLETED  #1  iter 2
          +40s    check__1  check         COMPLETED  #1  iter 1
          +50s    check__2  check         COMPLETED  #1  iter 2
          +1m00s  fulfil    SUB_WORKFLOW  COMPLETED  #1
            wf#2 fulfil_flow v1 COMPLETED
              +1m00s  pack   pack   COMPLETED  #1
              +1m30s  label  label  COMPLETED  #1
          +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });

  it('fails when the reason does not contain the text', () => {
    expect(failureOf(() => expect(failedRun()).toHaveFailed('insufficient funds'))).toMatchInlineSnapshot(`
      "expect(received).toHaveFailed("insufficient funds")

      Expected workflow "order_flow" to be FAILED with a reason containing "insufficient funds", but it is FAILED at +19s: Task task#4 failed with status: FAILED and reason: 'card declined'.

      Timeline (> marks charge):
        wf#1 order_flow v1 FAILED: Task task#4 failed with status: FAILED and reason: 'card de…
          +0s   validate  validate  COMPLETED  #1
          +1s   charge    charge    FAILED     #1  card declined
          +7s   charge    charge    FAILED     #2  card declined
      >   +18s  charge    charge    FAILED     #3  card declined
          +19s  refund    refund    CANCELED   #1"
    `);
  });

  it('with .not, passes on a COMPLETED run and fails on a FAILED one', () => {
    expect(orderRun()).not.toHaveFailed();
    expect(failedRun()).not.toHaveFailed('insufficient funds');
    expect(failureOf(() => expect(failedRun()).not.toHaveFailed())).toMatchInlineSnapshot(`
      "expect(received).not.toHaveFailed()

      Expected workflow "order_flow" not to be FAILED, but it is FAILED at +19s: Task task#4 failed with status: FAILED and reason: 'card declined'.

      Timeline (> marks charge):
        wf#1 order_flow v1 FAILED: Task task#4 failed with status: FAILED and reason: 'card de…
          +0s   validate  validate  COMPLETED  #1
          +1s   charge    charge    FAILED     #1  card declined
          +7s   charge    charge    FAILED     #2  card declined
      >   +18s  charge    charge    FAILED     #3  card declined
          +19s  refund    refund    CANCELED   #1"
    `);
  });
});

describe('toHaveTimedOut', () => {
  it('passes on a TIMED_OUT run', () => {
    expect(timedOutRun()).toHaveTimedOut();
  });

  it('fails on a COMPLETED run', () => {
    expect(failureOf(() => expect(orderRun()).toHaveTimedOut())).toMatchInlineSnapshot(`
      "expect(received).toHaveTimedOut()

      Expected workflow "order_flow" to be TIMED_OUT, but it is COMPLETED at +2m00s.

      Timeline:
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
          +9s     express   book_express  COMPLETED  #1
          +40s    poll      DO_WHILE      COMPLETED  #1  iter 2
          +40s    check__1  check         COMPLETED  #1  iter 1
          +50s    check__2  check         COMPLETED  #1  iter 2
          +1m00s  fulfil    SUB_WORKFLOW  COMPLETED  #1
            wf#2 fulfil_flow v1 COMPLETED
              +1m00s  pack   pack   COMPLETED  #1
              +1m30s  label  label  COMPLETED  #1
          +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });

  it('with .not, passes on a COMPLETED run and fails on a TIMED_OUT one', () => {
    expect(orderRun()).not.toHaveTimedOut();
    expect(failureOf(() => expect(timedOutRun()).not.toHaveTimedOut())).toMatchInlineSnapshot(`
      "expect(received).not.toHaveTimedOut()

      Expected workflow "approval_flow" not to be TIMED_OUT, but it is TIMED_OUT at +1h00m00s: Workflow timed out after 3600 seconds. Timeout configured as 3600 seconds. Timeout policy configured to TIME_OUT_WF.

      Timeline (> marks approval):
        wf#1 approval_flow v1 TIMED_OUT: Workflow timed out after 3600 seconds. Timeout configured a…
      >   +0s  approval  HUMAN  CANCELED  #1"
    `);
  });
});

describe('toHaveBeenTerminated', () => {
  it('passes on a TERMINATED run, with or without a reason', () => {
    expect(terminatedRun()).toHaveBeenTerminated();
    expect(terminatedRun()).toHaveBeenTerminated('duplicate order');
  });

  it('fails on a FAILED run', () => {
    expect(failureOf(() => expect(failedRun()).toHaveBeenTerminated())).toMatchInlineSnapshot(`
      "expect(received).toHaveBeenTerminated()

      Expected workflow "order_flow" to be TERMINATED, but it is FAILED at +19s: Task task#4 failed with status: FAILED and reason: 'card declined'.

      Timeline (> marks charge):
        wf#1 order_flow v1 FAILED: Task task#4 failed with status: FAILED and reason: 'card de…
          +0s   validate  validate  COMPLETED  #1
          +1s   charge    charge    FAILED     #1  card declined
          +7s   charge    charge    FAILED     #2  card declined
      >   +18s  charge    charge    FAILED     #3  card declined
          +19s  refund    refund    CANCELED   #1"
    `);
  });

  it('with .not, passes on a COMPLETED run and fails on a TERMINATED one', () => {
    expect(orderRun()).not.toHaveBeenTerminated();
    expect(failureOf(() => expect(terminatedRun()).not.toHaveBeenTerminated('duplicate'))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveBeenTerminated("duplicate")

      Expected workflow "order_flow" not to be TERMINATED with a reason containing "duplicate", but it is TERMINATED at +1s: duplicate order o-1.

      Timeline (> marks stop):
        wf#1 order_flow v1 TERMINATED: duplicate order o-1
          +0s  validate  validate   COMPLETED  #1
      >   +1s  stop      TERMINATE  COMPLETED  #1"
    `);
  });
});

describe('toHaveFinishedWithin', () => {
  it('passes when the run ended within the duration', () => {
    expect(orderRun()).toHaveFinishedWithin('2m');
    expect(orderRun()).toHaveFinishedWithin(120_000);
  });

  it('fails when the run took longer, naming its longest task', () => {
    expect(failureOf(() => expect(orderRun()).toHaveFinishedWithin('1m30s'))).toMatchInlineSnapshot(`
      "expect(received).toHaveFinishedWithin("1m30s")

      Expected workflow "order_flow" to finish within 1m30s, but it ended COMPLETED after 2m00s; its longest task was fulfil (1m00s).

      Timeline (> marks fulfil):
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
          +9s     express   book_express  COMPLETED  #1
          +40s    poll      DO_WHILE      COMPLETED  #1  iter 2
          +40s    check__1  check         COMPLETED  #1  iter 1
          +50s    check__2  check         COMPLETED  #1  iter 2
      >   +1m00s  fulfil    SUB_WORKFLOW  COMPLETED  #1
            wf#2 fulfil_flow v1 COMPLETED
              +1m00s  pack   pack   COMPLETED  #1
              +1m30s  label  label  COMPLETED  #1
          +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });

  it('fails on a run that has not ended', () => {
    expect(failureOf(() => expect(runningRun()).toHaveFinishedWithin('1d'))).toMatchInlineSnapshot(`
      "expect(received).toHaveFinishedWithin("1d")

      Expected workflow "approval_flow" to finish within 1d00h00m00s, but it is still RUNNING, waiting on approval (IN_PROGRESS).

      Timeline (> marks approval):
        wf#1 approval_flow v1 RUNNING
          +0s  validate  validate  COMPLETED    #1
      >   +1s  approval  HUMAN     IN_PROGRESS  #1"
    `);
  });

  it('with .not, passes on a slow run and fails on a quick one', () => {
    expect(orderRun()).not.toHaveFinishedWithin('1m');
    expect(failureOf(() => expect(orderRun()).not.toHaveFinishedWithin('1h'))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveFinishedWithin("1h")

      Expected workflow "order_flow" to still be running or to finish after 1h00m00s, but it ended COMPLETED after 2m00s; its longest task was fulfil (1m00s).

      Timeline (> marks fulfil):
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
          +9s     express   book_express  COMPLETED  #1
          +40s    poll      DO_WHILE      COMPLETED  #1  iter 2
          +40s    check__1  check         COMPLETED  #1  iter 1
          +50s    check__2  check         COMPLETED  #1  iter 2
      >   +1m00s  fulfil    SUB_WORKFLOW  COMPLETED  #1
            wf#2 fulfil_flow v1 COMPLETED
              +1m00s  pack   pack   COMPLETED  #1
              +1m30s  label  label  COMPLETED  #1
          +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });
});

describe('toHaveWorkflowOutput', () => {
  it('passes when the output contains the fields, nested objects partially, asymmetric matchers included', () => {
    expect(orderRun()).toHaveWorkflowOutput({ shipped: true, trackingId: expect.stringMatching(/^t-/) });
    expect(orderRun()).toHaveWorkflowOutput({ items: [{ sku: 'a' }] });
  });

  it('fails on a different value, with a diff of the fields it is about', () => {
    let error: unknown;
    try {
      expect(orderRun()).toHaveWorkflowOutput({ shipped: false });
    } catch (caught) {
      error = caught;
    }

    expect(error).toMatchObject({ actual: { shipped: true }, expected: { shipped: false } });
    expect(failureOf(() => expect(orderRun()).toHaveWorkflowOutput({ shipped: false }))).toMatchInlineSnapshot(`
      "expect(received).toHaveWorkflowOutput({ shipped: false })

      Expected workflow "order_flow" to have output matching { shipped: false }, but its output is { shipped: true, trackingId: "t-9", items: [{ sku: "a", qty: 2 }] }.

      Timeline:
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
          +9s     express   book_express  COMPLETED  #1
          +40s    poll      DO_WHILE      COMPLETED  #1  iter 2
          +40s    check__1  check         COMPLETED  #1  iter 1
          +50s    check__2  check         COMPLETED  #1  iter 2
          +1m00s  fulfil    SUB_WORKFLOW  COMPLETED  #1
            wf#2 fulfil_flow v1 COMPLETED
              +1m00s  pack   pack   COMPLETED  #1
              +1m30s  label  label  COMPLETED  #1
          +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });

  it('with .not, passes on other output and fails on matching output', () => {
    expect(orderRun()).not.toHaveWorkflowOutput({ trackingId: 't-1' });
    expect(failureOf(() => expect(orderRun()).not.toHaveWorkflowOutput({ shipped: true }))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveWorkflowOutput({ shipped: true })

      Expected workflow "order_flow" not to have output matching { shipped: true }, but its output is { shipped: true, trackingId: "t-9", items: [{ sku: "a", qty: 2 }] }.

      Timeline:
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
          +9s     express   book_express  COMPLETED  #1
          +40s    poll      DO_WHILE      COMPLETED  #1  iter 2
          +40s    check__1  check         COMPLETED  #1  iter 1
          +50s    check__2  check         COMPLETED  #1  iter 2
          +1m00s  fulfil    SUB_WORKFLOW  COMPLETED  #1
            wf#2 fulfil_flow v1 COMPLETED
              +1m00s  pack   pack   COMPLETED  #1
              +1m30s  label  label  COMPLETED  #1
          +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });
});
