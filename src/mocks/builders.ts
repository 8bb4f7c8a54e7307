/**
 * Mock answers for worker tasks, built in TypeScript: results with an output, failures, a worker
 * that never answers, latency and queue waits in virtual time.
 *
 * A mock fails a task only by *returning* a failure (STYLE 5.4): anything a mock function throws
 * (an `expect` inside it, say) aborts the run and reaches the test unchanged.
 */
import type { TaskResultStatus } from '../definitions/index.js';
import { parseDuration } from '../engine/index.js';
import type { WorkerAnswer } from '../engine/index.js';

/** Timing of an answer, in virtual time: `'2s'`, `'150ms'`, or milliseconds. */
export interface AnswerTiming {
  /** Time between the poll and the answer (the attempt's execution time). @defaultValue 0 */
  readonly latency?: string | number;
  /** Time the task waits in the queue before a worker polls it. @defaultValue 0 */
  readonly queueWait?: string | number;
}

function timing(options: AnswerTiming | undefined): { latencyMs?: number; queueWaitMs?: number } {
  const out: { latencyMs?: number; queueWaitMs?: number } = {};
  if (options?.latency !== undefined) out.latencyMs = parseDuration(options.latency);
  if (options?.queueWait !== undefined) out.queueWaitMs = parseDuration(options.queueWait);
  return out;
}

function result(status: TaskResultStatus, output: Readonly<Record<string, unknown>>, reason: string | undefined, options?: AnswerTiming & { callbackAfterSeconds?: number }): WorkerAnswer {
  return {
    kind: 'result',
    status,
    output,
    ...(reason !== undefined ? { reasonForIncompletion: reason } : {}),
    ...(options?.callbackAfterSeconds !== undefined ? { callbackAfterSeconds: options.callbackAfterSeconds } : {}),
    ...timing(options),
  };
}

/**
 * The worker completes the task with this output.
 * @example ok({ chargeId: 'ch_1' }, { latency: '2s' })
 */
export function ok(output: Readonly<Record<string, unknown>> = {}, options?: AnswerTiming): WorkerAnswer {
  return result('COMPLETED', output, undefined, options);
}

/** The worker fails the attempt (retried if the TaskDef allows). */
export function fail(reason = 'mock failure', output: Readonly<Record<string, unknown>> = {}, options?: AnswerTiming): WorkerAnswer {
  return result('FAILED', output, reason, options);
}

/** The worker fails the task with FAILED_WITH_TERMINAL_ERROR (never retried). */
export function terminalError(reason = 'mock terminal error', output: Readonly<Record<string, unknown>> = {}, options?: AnswerTiming): WorkerAnswer {
  return result('FAILED_WITH_TERMINAL_ERROR', output, reason, options);
}

/** The worker cancels the task (a non-optional CANCELED task terminates the workflow). */
export function canceled(output: Readonly<Record<string, unknown>> = {}, options?: AnswerTiming): WorkerAnswer {
  return result('CANCELED', output, undefined, options);
}

/**
 * The worker reports progress: the task goes back to the queue and is polled again after
 * `callbackAfterSeconds` (the next answer in the sequence is used then).
 */
export function inProgress(output: Readonly<Record<string, unknown>> = {}, options?: AnswerTiming & { callbackAfterSeconds?: number }): WorkerAnswer {
  return result('IN_PROGRESS', output, undefined, options);
}

/** A worker polls the task and never answers: reaches `responseTimeoutSeconds` and `timeoutSeconds`. */
export function noResponse(options?: Pick<AnswerTiming, 'queueWait'>): WorkerAnswer {
  const t = timing(options);
  return t.queueWaitMs !== undefined ? { kind: 'no-response', queueWaitMs: t.queueWaitMs } : { kind: 'no-response' };
}

/** No worker ever polls the task: reaches `pollTimeoutSeconds`. */
export function noPoll(): WorkerAnswer {
  return { kind: 'no-poll' };
}
