/**
 * Hand-built runs for the matcher tests (fast, and independent of the engine), plus a helper that
 * returns the message of a failed assertion without ANSI codes.
 */
import { stripVTControlCharacters } from 'node:util';
import type { Trace } from '../../src/trace/index.js';
import { buildTrace } from '../support/trace-builder.js';

const S = 1000;

/**
 * A COMPLETED order run: validate, a charge that failed once and was retried, a SWITCH that chose
 * "express", a DO_WHILE of two iterations, and a SUB_WORKFLOW whose child ran `pack`.
 */
export function orderRun(seed = 1): Trace {
  return buildTrace(
    {
      name: 'order_flow',
      input: { orderId: 'o-1', speed: 'express' },
      output: { shipped: true, trackingId: 't-9', items: [{ sku: 'a', qty: 2 }] },
      tasks: [
        { ref: 'validate', inputData: { orderId: 'o-1' }, outputData: { valid: true }, took: 1 * S },
        { ref: 'charge', status: 'FAILED', at: 1 * S, took: 2 * S, reasonForIncompletion: 'card declined', inputData: { amount: 42 } },
        { ref: 'charge', retryCount: 1, at: 8 * S, took: 1 * S, inputData: { amount: 42, currency: 'EUR' }, outputData: { chargeId: 'ch_1', fee: { amount: 1, currency: 'EUR' } } },
        { ref: 'route', taskType: 'SWITCH', at: 9 * S, inputData: { case: 'express', hasChildren: 'true' }, outputData: { evaluationResult: ['express'], selectedCase: 'express' } },
        { ref: 'express', taskType: 'book_express', at: 9 * S, took: 30 * S },
        { ref: 'poll', taskType: 'DO_WHILE', iteration: 2, at: 40 * S, took: 20 * S, outputData: { iteration: 2 } },
        { ref: 'check__1', taskType: 'check', iteration: 1, at: 40 * S, took: 5 * S, outputData: { ready: false } },
        { ref: 'check__2', taskType: 'check', iteration: 2, at: 50 * S, took: 5 * S, outputData: { ready: true } },
        {
          ref: 'fulfil',
          taskType: 'SUB_WORKFLOW',
          at: 60 * S,
          took: 60 * S,
          child: { name: 'fulfil_flow', tasks: [{ ref: 'pack', at: 60 * S, took: 30 * S, outputData: { boxes: 1 } }, { ref: 'label', at: 90 * S, took: 30 * S }] },
        },
        { ref: 'notify', status: 'SCHEDULED', at: 120 * S, startTime: 0, endTime: 0, updateTime: 0 },
      ],
    },
    { seed },
  );
}

/** A FAILED run: `charge` failed three times; `ship` was never scheduled, `refund` was scheduled then canceled. */
export function failedRun(): Trace {
  return buildTrace({
    name: 'order_flow',
    status: 'FAILED',
    reasonForIncompletion: "Task {task:3} failed with status: FAILED and reason: 'card declined'",
    failedReferenceTaskNames: ['charge'],
    tasks: [
      { ref: 'validate', took: 1 * S },
      { ref: 'charge', status: 'FAILED', at: 1 * S, took: 1 * S, reasonForIncompletion: 'card declined' },
      { ref: 'charge', status: 'FAILED', retryCount: 1, at: 7 * S, took: 1 * S, reasonForIncompletion: 'card declined' },
      { ref: 'charge', status: 'FAILED', retryCount: 2, at: 18 * S, took: 1 * S, reasonForIncompletion: 'card declined' },
      { ref: 'refund', status: 'CANCELED', at: 19 * S, startTime: 0 },
    ],
  });
}

/** A run that ended TIMED_OUT while `approval` (a HUMAN task) waited. */
export function timedOutRun(): Trace {
  return buildTrace({
    name: 'approval_flow',
    status: 'TIMED_OUT',
    reasonForIncompletion: 'Workflow timed out after 3600 seconds. Timeout configured as 3600 seconds. Timeout policy configured to TIME_OUT_WF',
    tasks: [{ ref: 'approval', taskType: 'HUMAN', status: 'CANCELED', took: 3600 * S }],
  });
}

/** A run that a TERMINATE task ended. */
export function terminatedRun(): Trace {
  return buildTrace({
    name: 'order_flow',
    status: 'TERMINATED',
    reasonForIncompletion: 'duplicate order o-1',
    output: { duplicate: true },
    tasks: [
      { ref: 'validate', took: 1 * S },
      { ref: 'stop', taskType: 'TERMINATE', at: 1 * S, inputData: { terminationStatus: 'TERMINATED', terminationReason: 'duplicate order o-1' } },
    ],
  });
}

/** A run still RUNNING: `approval` waits for a signal. */
export function runningRun(): Trace {
  return buildTrace({
    name: 'approval_flow',
    status: 'RUNNING',
    tasks: [
      { ref: 'validate', took: 1 * S },
      { ref: 'approval', taskType: 'HUMAN', status: 'IN_PROGRESS', at: 1 * S, endTime: 0, updateTime: 1 * S },
    ],
  });
}

/** The message of the assertion `run` makes, ANSI codes stripped; throws if it does not fail. */
export function failureOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return stripVTControlCharacters(error instanceof Error ? error.message : String(error));
  }
  throw new Error('expected the assertion to fail, but it passed');
}

/** The error `run` throws. */
export function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
