import { describe, expect, it } from 'vitest';
import '../../matchers/vitest.js';
import { buildTrace } from '../support/trace-builder.js';
import { errorOf, failedRun, failureOf, orderRun } from './fixtures.js';

describe('toHaveExecuted', () => {
  it('passes for a task that ran, by runtime ref, base ref and sub-workflow path', () => {
    expect(orderRun()).toHaveExecuted('validate');
    expect(orderRun()).toHaveExecuted('check');
    expect(orderRun()).toHaveExecuted('check__2');
    expect(orderRun()).toHaveExecuted('fulfil/pack');
  });

  it('fails for a ref the run does not have, listing the refs it has', () => {
    expect(failureOf(() => expect(orderRun()).toHaveExecuted('ship'))).toMatchInlineSnapshot(`
      "expect(received).toHaveExecuted("ship")

      Expected task "ship" to have run, but workflow "order_flow" has no task "ship"; its refs: validate, charge, route, express, poll, check, fulfil, notify.

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

  it('fails for a task that was scheduled but never started', () => {
    expect(failureOf(() => expect(orderRun()).toHaveExecuted('notify'))).toMatchInlineSnapshot(`
      "expect(received).toHaveExecuted("notify")

      Expected task "notify" to have run, but it never started: notify #1 at +2m00s SCHEDULED.

      Timeline (> marks notify):
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
      >   +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });

  it('with .not, passes for a task canceled before it started and fails for one that ran', () => {
    expect(failedRun()).not.toHaveExecuted('refund');
    expect(failureOf(() => expect(orderRun()).not.toHaveExecuted('charge'))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveExecuted("charge")

      Expected task "charge" never to have run, but it ran: charge #1 at +1s FAILED (card declined); charge #2 at +8s COMPLETED.

      Timeline (> marks charge):
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
      >   +1s     charge    charge        FAILED     #1          card declined
      >   +8s     charge    charge        COMPLETED  #2
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

describe('toNotHaveExecuted', () => {
  it('passes for a task that never ran', () => {
    expect(orderRun()).toNotHaveExecuted('notify');
    expect(orderRun()).toNotHaveExecuted('refund');
  });

  it('fails for a task that ran', () => {
    expect(failureOf(() => expect(orderRun()).toNotHaveExecuted('fulfil/label'))).toMatchInlineSnapshot(`
      "expect(received).toNotHaveExecuted("fulfil/label")

      Expected task "fulfil/label" never to have run, but it ran: label #1 at +1m30s COMPLETED.

      Timeline (> marks label):
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
      >       +1m30s  label  label  COMPLETED  #1
          +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });

  it('with .not, passes for a task that ran and fails for one that did not', () => {
    expect(orderRun()).not.toNotHaveExecuted('validate');
    expect(failureOf(() => expect(orderRun()).not.toNotHaveExecuted('notify'))).toMatchInlineSnapshot(`
      "expect(received).not.toNotHaveExecuted("notify")

      Expected task "notify" to have run, but it never started: notify #1 at +2m00s SCHEDULED.

      Timeline (> marks notify):
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
      >   +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });
});

describe('toHaveExecutedInOrder', () => {
  it('passes when the first runs come in that order, with other tasks in between', () => {
    expect(orderRun()).toHaveExecutedInOrder(['validate', 'route', 'check', 'fulfil/pack']);
  });

  it('fails when two tasks ran the other way round', () => {
    expect(failureOf(() => expect(orderRun()).toHaveExecutedInOrder(['charge', 'validate', 'express']))).toMatchInlineSnapshot(`
      "expect(received).toHaveExecutedInOrder(["charge", "validate", "express"])

      Expected the tasks to have first run in the order charge, validate, express, but they first ran in the order validate (+0s), charge (+1s), express (+9s).

      Timeline (> marks validate, charge, express):
        wf#1 order_flow v1 COMPLETED
      >   +0s     validate  validate      COMPLETED  #1
      >   +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
      >   +9s     express   book_express  COMPLETED  #1
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

  it('fails when a task never ran', () => {
    expect(failureOf(() => expect(orderRun()).toHaveExecutedInOrder(['validate', 'notify']))).toMatchInlineSnapshot(`
      "expect(received).toHaveExecutedInOrder(["validate", "notify"])

      Expected the tasks to have first run in the order validate, notify, but "notify" never started; the others first ran in the order validate (+0s).

      Timeline (> marks validate):
        wf#1 order_flow v1 COMPLETED
      >   +0s     validate  validate      COMPLETED  #1
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

  it('orders by the event log when the trace has one', () => {
    const trace = buildTrace(
      { name: 'flow', tasks: [{ ref: 'a' }, { ref: 'b' }] },
      {
        events: [
          { n: 1, at: 0, kind: 'task.scheduled', taskId: '{task:1}', ref: 'b' },
          { n: 2, at: 0, kind: 'task.scheduled', taskId: '{task:0}', ref: 'a' },
        ],
      },
    );

    expect(trace).toHaveExecutedInOrder(['b', 'a']);
    expect(trace).not.toHaveExecutedInOrder(['a', 'b']);
  });

  it('with .not, passes for another order and fails for the order they ran in', () => {
    expect(orderRun()).not.toHaveExecutedInOrder(['express', 'validate']);
    expect(failureOf(() => expect(orderRun()).not.toHaveExecutedInOrder(['validate', 'express']))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveExecutedInOrder(["validate", "express"])

      Expected the tasks not to have first run in the order validate, express, but they first ran in that order: validate (+0s), express (+9s).

      Timeline (> marks validate, express):
        wf#1 order_flow v1 COMPLETED
      >   +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
      >   +9s     express   book_express  COMPLETED  #1
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

  it('rejects an empty list and a ref listed twice', () => {
    expect(errorOf(() => expect(orderRun()).toHaveExecutedInOrder([]))).toMatchObject({ name: 'UsageError', message: 'toHaveExecutedInOrder: expected a non-empty array of task refs, got []' });
    expect(errorOf(() => expect(orderRun()).toHaveExecutedInOrder(['a', 'a']))).toMatchObject({ name: 'UsageError' });
  });
});

describe('toHaveRetried', () => {
  it('passes with the number of retries', () => {
    expect(orderRun()).toHaveRetried('charge', 1);
    expect(failedRun()).toHaveRetried('charge', 2);
    expect(orderRun()).toHaveRetried('validate', 0);
  });

  it('fails with another count, listing the attempts', () => {
    expect(failureOf(() => expect(failedRun()).toHaveRetried('charge', 3))).toMatchInlineSnapshot(`
      "expect(received).toHaveRetried("charge", 3)

      Expected task "charge" to have been retried 3 times, but it was retried 2 times: charge #1 at +1s FAILED (card declined); charge #2 at +7s FAILED (card declined); charge #3 at +18s FAILED (card declined).

      Timeline (> marks charge):
        wf#1 order_flow v1 FAILED: Task task#4 failed with status: FAILED and reason: 'card de…
          +0s   validate  validate  COMPLETED  #1
      >   +1s   charge    charge    FAILED     #1  card declined
      >   +7s   charge    charge    FAILED     #2  card declined
      >   +18s  charge    charge    FAILED     #3  card declined
          +19s  refund    refund    CANCELED   #1"
    `);
  });

  it('with .not, passes for another count and fails for the count', () => {
    expect(orderRun()).not.toHaveRetried('charge', 0);
    expect(failureOf(() => expect(orderRun()).not.toHaveRetried('charge', 1))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveRetried("charge", 1)

      Expected task "charge" not to have been retried 1 time, but it was retried 1 time: charge #1 at +1s FAILED (card declined); charge #2 at +8s COMPLETED.

      Timeline (> marks charge):
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
      >   +1s     charge    charge        FAILED     #1          card declined
      >   +8s     charge    charge        COMPLETED  #2
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

  it('rejects a negative count', () => {
    expect(errorOf(() => expect(orderRun()).toHaveRetried('charge', -1))).toMatchObject({ name: 'UsageError', message: 'toHaveRetried: times must be an integer >= 0, got -1' });
  });
});

describe('toHaveTakenBranch', () => {
  it('passes for the case the SWITCH evaluated to', () => {
    expect(orderRun()).toHaveTakenBranch('route', 'express');
  });

  it('fails for another case, saying which one it took', () => {
    expect(failureOf(() => expect(orderRun()).toHaveTakenBranch('route', 'standard'))).toMatchInlineSnapshot(`
      "expect(received).toHaveTakenBranch("route", "standard")

      Expected SWITCH "route" to have taken the branch "standard", but it evaluated to "express".

      Timeline (> marks route):
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
      >   +9s     route     SWITCH        COMPLETED  #1
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

  it('reads the case of a DECISION task', () => {
    const trace = buildTrace({ name: 'flow', tasks: [{ ref: 'decide', taskType: 'DECISION', inputData: { case: 'yes' }, outputData: { caseOutput: ['yes'] } }] });

    expect(trace).toHaveTakenBranch('decide', 'yes');
  });

  it('with .not, passes for another case and fails for the case taken', () => {
    expect(orderRun()).not.toHaveTakenBranch('route', 'standard');
    expect(failureOf(() => expect(orderRun()).not.toHaveTakenBranch('route', 'express'))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveTakenBranch("route", "express")

      Expected SWITCH "route" not to have taken the branch "express", but it evaluated to "express".

      Timeline (> marks route):
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
      >   +9s     route     SWITCH        COMPLETED  #1
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

  it('rejects a task that is not a SWITCH', () => {
    expect(errorOf(() => expect(orderRun()).toHaveTakenBranch('validate', 'x'))).toMatchObject({
      name: 'UsageError',
      message: 'toHaveTakenBranch: task "validate" is a validate task; this matcher reads SWITCH and DECISION tasks',
    });
  });
});

describe('toHaveTaskStatus', () => {
  it("passes with the latest attempt's status", () => {
    expect(orderRun()).toHaveTaskStatus('charge', 'COMPLETED');
    expect(failedRun()).toHaveTaskStatus('refund', 'CANCELED');
  });

  it('fails with another status, naming the attempt and its reason', () => {
    expect(failureOf(() => expect(failedRun()).toHaveTaskStatus('charge', 'COMPLETED'))).toMatchInlineSnapshot(`
      "expect(received).toHaveTaskStatus("charge", "COMPLETED")

      Expected task "charge" to be COMPLETED, but its latest attempt (#3 at +18s) is FAILED: card declined.

      Timeline (> marks charge):
        wf#1 order_flow v1 FAILED: Task task#4 failed with status: FAILED and reason: 'card de…
          +0s   validate  validate  COMPLETED  #1
          +1s   charge    charge    FAILED     #1  card declined
          +7s   charge    charge    FAILED     #2  card declined
      >   +18s  charge    charge    FAILED     #3  card declined
          +19s  refund    refund    CANCELED   #1"
    `);
  });

  it('with .not, passes for another status and fails for the status', () => {
    expect(orderRun()).not.toHaveTaskStatus('charge', 'FAILED');
    expect(failureOf(() => expect(orderRun()).not.toHaveTaskStatus('validate', 'COMPLETED'))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveTaskStatus("validate", "COMPLETED")

      Expected task "validate" not to be COMPLETED, but its latest attempt (#1 at +0s) is COMPLETED.

      Timeline (> marks validate):
        wf#1 order_flow v1 COMPLETED
      >   +0s     validate  validate      COMPLETED  #1
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

  it('rejects an unknown status', () => {
    expect(errorOf(() => expect(orderRun()).toHaveTaskStatus('charge', 'DONE' as never))).toMatchObject({ name: 'UsageError' });
  });
});

describe('toHaveTaskInput', () => {
  it("passes when the latest attempt's input contains the fields", () => {
    expect(orderRun()).toHaveTaskInput('charge', { amount: 42, currency: 'EUR' });
  });

  it('fails on a different value, showing the input it had', () => {
    expect(failureOf(() => expect(orderRun()).toHaveTaskInput('charge', { amount: 40 }))).toMatchInlineSnapshot(`
      "expect(received).toHaveTaskInput("charge", { amount: 40 })

      Expected task "charge" to have input matching { amount: 40 }, but its latest attempt (#2 at +8s, COMPLETED) had input { amount: 42, currency: "EUR" }.

      Timeline (> marks charge):
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
      >   +8s     charge    charge        COMPLETED  #2
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

  it('with .not, passes for other input and fails for matching input', () => {
    expect(orderRun()).not.toHaveTaskInput('charge', { currency: 'USD' });
    expect(failureOf(() => expect(orderRun()).not.toHaveTaskInput('validate', { orderId: 'o-1' }))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveTaskInput("validate", { orderId: "o-1" })

      Expected task "validate" not to have input matching { orderId: "o-1" }, but its latest attempt (#1 at +0s, COMPLETED) had input { orderId: "o-1" }.

      Timeline (> marks validate):
        wf#1 order_flow v1 COMPLETED
      >   +0s     validate  validate      COMPLETED  #1
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

describe('toHaveTaskOutput', () => {
  it("passes when the latest attempt's output contains the fields, nested objects partially", () => {
    expect(orderRun()).toHaveTaskOutput('charge', { chargeId: expect.any(String), fee: { currency: 'EUR' } });
    expect(orderRun()).toHaveTaskOutput('fulfil/pack', { boxes: 1 });
  });

  it('fails on a missing field, with a diff of the fields it is about', () => {
    let error: unknown;
    try {
      expect(orderRun()).toHaveTaskOutput('charge', { chargeId: 'ch_1', refunded: false });
    } catch (caught) {
      error = caught;
    }

    expect(error).toMatchObject({ actual: { chargeId: 'ch_1' }, expected: { chargeId: 'ch_1', refunded: false } });
    expect(failureOf(() => expect(orderRun()).toHaveTaskOutput('charge', { chargeId: 'ch_1', refunded: false }))).toMatchInlineSnapshot(`
      "expect(received).toHaveTaskOutput("charge", { chargeId: "ch_1", refunded: false })

      Expected task "charge" to have output matching { chargeId: "ch_1", refunded: false }, but its latest attempt (#2 at +8s, COMPLETED) had output { chargeId: "ch_1", fee: { amount: 1, currency: "EUR" } }.

      Timeline (> marks charge):
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
      >   +8s     charge    charge        COMPLETED  #2
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

  it('with .not, passes for other output and fails for matching output', () => {
    expect(orderRun()).not.toHaveTaskOutput('check__1', { ready: true });
    expect(failureOf(() => expect(orderRun()).not.toHaveTaskOutput('check', { ready: true }))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveTaskOutput("check", { ready: true })

      Expected task "check" not to have output matching { ready: true }, but its latest attempt (#1 of iteration 2 at +50s, COMPLETED) had output { ready: true }.

      Timeline (> marks check__2):
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
          +9s     express   book_express  COMPLETED  #1
          +40s    poll      DO_WHILE      COMPLETED  #1  iter 2
          +40s    check__1  check         COMPLETED  #1  iter 1
      >   +50s    check__2  check         COMPLETED  #1  iter 2
          +1m00s  fulfil    SUB_WORKFLOW  COMPLETED  #1
            wf#2 fulfil_flow v1 COMPLETED
              +1m00s  pack   pack   COMPLETED  #1
              +1m30s  label  label  COMPLETED  #1
          +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });
});

describe('toHaveIterated', () => {
  it('passes with the number of iterations of the DO_WHILE', () => {
    expect(orderRun()).toHaveIterated('poll', 2);
  });

  it('fails with another number', () => {
    expect(failureOf(() => expect(orderRun()).toHaveIterated('poll', 3))).toMatchInlineSnapshot(`
      "expect(received).toHaveIterated("poll", 3)

      Expected DO_WHILE "poll" to have run 3 iterations, but it ran 2 iterations and is COMPLETED.

      Timeline (> marks poll):
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
          +9s     express   book_express  COMPLETED  #1
      >   +40s    poll      DO_WHILE      COMPLETED  #1  iter 2
          +40s    check__1  check         COMPLETED  #1  iter 1
          +50s    check__2  check         COMPLETED  #1  iter 2
          +1m00s  fulfil    SUB_WORKFLOW  COMPLETED  #1
            wf#2 fulfil_flow v1 COMPLETED
              +1m00s  pack   pack   COMPLETED  #1
              +1m30s  label  label  COMPLETED  #1
          +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });

  it('with .not, passes for another number and fails for the number', () => {
    expect(orderRun()).not.toHaveIterated('poll', 1);
    expect(failureOf(() => expect(orderRun()).not.toHaveIterated('poll', 2))).toMatchInlineSnapshot(`
      "expect(received).not.toHaveIterated("poll", 2)

      Expected DO_WHILE "poll" not to have run 2 iterations, but it ran 2 iterations and is COMPLETED.

      Timeline (> marks poll):
        wf#1 order_flow v1 COMPLETED
          +0s     validate  validate      COMPLETED  #1
          +1s     charge    charge        FAILED     #1          card declined
          +8s     charge    charge        COMPLETED  #2
          +9s     route     SWITCH        COMPLETED  #1
          +9s     express   book_express  COMPLETED  #1
      >   +40s    poll      DO_WHILE      COMPLETED  #1  iter 2
          +40s    check__1  check         COMPLETED  #1  iter 1
          +50s    check__2  check         COMPLETED  #1  iter 2
          +1m00s  fulfil    SUB_WORKFLOW  COMPLETED  #1
            wf#2 fulfil_flow v1 COMPLETED
              +1m00s  pack   pack   COMPLETED  #1
              +1m30s  label  label  COMPLETED  #1
          +2m00s  notify    notify        SCHEDULED  #1"
    `);
  });

  it('rejects a task that is not a DO_WHILE', () => {
    expect(errorOf(() => expect(orderRun()).toHaveIterated('route', 1))).toMatchObject({
      name: 'UsageError',
      message: 'toHaveIterated: task "route" is a SWITCH task; this matcher reads DO_WHILE tasks',
    });
  });
});
