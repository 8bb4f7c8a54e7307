/**
 * The trace matchers are typed on vitest's `expect` by `conductor-testkit/vitest` (module
 * augmentation of 'vitest'): real names and argument types compile, anything else does not.
 * Run by `vitest --typecheck`; an unused `@ts-expect-error` fails the run.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import '../../matchers/vitest.js';
import { toTimeline } from '../../matchers/vitest.js';
import type { TimelineView, TraceMatchers } from '../../matchers/vitest.js';
import type { WorkflowSession } from '../../src/engine/index.js';
import type { Trace } from '../../src/trace/index.js';

declare const trace: Trace;
declare const session: WorkflowSession;

describe('the vitest matcher types', () => {
  it('accept every matcher with its arguments, on a trace and a session, with .not', () => {
    expect(trace).toHaveCompleted();
    expect(trace).toHaveFailed();
    expect(trace).toHaveFailed(/declined/);
    expect(trace).toHaveTimedOut();
    expect(trace).toHaveBeenTerminated('duplicate');
    expect(trace).toHaveExecuted('charge');
    expect(trace).toHaveExecutedInOrder(['validate', 'charge']);
    expect(trace).toNotHaveExecuted('refund');
    expect(trace).toHaveRetried('charge', 2);
    expect(trace).toHaveTakenBranch('route', 'express');
    expect(trace).toHaveTaskStatus('charge', 'COMPLETED_WITH_ERRORS');
    expect(trace).toHaveTaskInput('charge', { amount: expect.any(Number) });
    expect(trace).toHaveTaskOutput('charge', { chargeId: 'ch_1' });
    expect(trace).toHaveWorkflowOutput({ shipped: true });
    expect(trace).toHaveIterated('loop', 3);
    expect(trace).toHaveFinishedWithin('2h');
    expect(trace).toHaveFinishedWithin(90_000);
    expect(session).not.toHaveExecuted('refund');
    expectTypeOf<TraceMatchers<void>['toHaveRetried']>().parameters.toEqualTypeOf<[ref: string, times: number]>();
    expectTypeOf(toTimeline(trace)).toEqualTypeOf<TimelineView>();
  });

  it('reject a misspelt matcher name', () => {
    // @ts-expect-error misspelt matcher name (toHaveCompleted)
    expect(trace).toHaveCompletd();
    // @ts-expect-error misspelt matcher name after .not (toHaveExecuted)
    expect(trace).not.toHaveExecute('charge');
  });

  it('reject wrong argument types', () => {
    // @ts-expect-error the retry count is a number
    expect(trace).toHaveRetried('charge', 'twice');
    // @ts-expect-error not a task status
    expect(trace).toHaveTaskStatus('charge', 'DONE');
    // @ts-expect-error refs come as an array
    expect(trace).toHaveExecutedInOrder('validate', 'charge');
    // @ts-expect-error the reason is a string or a RegExp
    expect(trace).toHaveFailed(42);
  });
});
