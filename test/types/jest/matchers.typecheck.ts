/**
 * The trace matchers are typed on jest's `expect` (from @jest/globals) by
 * `conductor-testkit/jest`, through an augmentation of the `expect` package alone: this file is
 * compiled by `tsc -p test/types/jest` with no vitest types in the program. An unused
 * `@ts-expect-error` is a compile error, so each line below must really fail.
 */
import { expect } from '@jest/globals';
import '../../../matchers/jest.js';
import type { Trace } from '../../../src/trace/index.js';

declare const trace: Trace;

export function typedUnderJest(): void {
  expect(trace).toHaveCompleted();
  expect(trace).not.toHaveExecuted('refund');
  expect(trace).toHaveRetried('charge', 2);
  expect(trace).toHaveTaskOutput('charge', { chargeId: expect.any(String) });
  expect(trace).toHaveFinishedWithin('2h');

  // @ts-expect-error misspelt matcher name (toHaveCompleted)
  expect(trace).toHaveCompletd();
  // @ts-expect-error misspelt matcher name after .not (toHaveExecuted)
  expect(trace).not.toHaveExecute('charge');
  // @ts-expect-error the retry count is a number
  expect(trace).toHaveRetried('charge', 'twice');
  // @ts-expect-error not a task status
  expect(trace).toHaveTaskStatus('charge', 'DONE');
}
