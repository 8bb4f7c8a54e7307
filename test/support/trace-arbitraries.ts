/**
 * fast-check arbitraries of {@link WorkflowSpec}s for property tests of src/trace, built from
 * combinators (no `.filter`) so shrinking stays useful.
 */
import fc from 'fast-check';

import type { TaskStatus, WorkflowStatus } from '../../src/trace/index.js';
import type { TaskSpec, WorkflowSpec } from './trace-builder.js';

const REFS = ['validate', 'charge', 'ship', 'notify', 'loop', 'pick'] as const;
const TASK_STATUSES: readonly TaskStatus[] = ['COMPLETED', 'FAILED', 'SCHEDULED', 'IN_PROGRESS', 'TIMED_OUT', 'CANCELED', 'COMPLETED_WITH_ERRORS'];
const WORKFLOW_STATUSES: readonly WorkflowStatus[] = ['COMPLETED', 'FAILED', 'RUNNING', 'TIMED_OUT', 'TERMINATED'];

/** Fixed UUIDs that play user data (not run ids): the same in every build. */
const USER_UUIDS = ['9d4c0a1e-1b2c-4d3e-8f40-5a6b7c8d9e0f', '00000000-1111-4222-8333-444444444444'] as const;

const jsonLeaf = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constant(null), fc.constantFrom('a', 'b', 'x y', ...USER_UUIDS));
const jsonValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, jsonLeaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('k', 'z', 'a.b', 'orderId', 'note'), tie('value'), { maxKeys: 3 })),
})).value;
const record = fc.dictionary(fc.constantFrom('amount', 'ok', 'items', 'note', 'z', 'A'), jsonValue, { maxKeys: 4 }) as fc.Arbitrary<Record<string, unknown>>;

function taskArbitrary(size: number, withChild: boolean): fc.Arbitrary<TaskSpec> {
  return fc.record(
    {
      ref: fc.constantFrom(...REFS),
      status: fc.constantFrom(...TASK_STATUSES),
      retryCount: fc.integer({ min: 0, max: 2 }),
      iteration: fc.integer({ min: 0, max: 3 }),
      at: fc.integer({ min: 0, max: 10_000_000 }),
      took: fc.integer({ min: 0, max: 100_000 }),
      inputData: record,
      outputData: record,
      callbackAfterSeconds: fc.constantFrom(0, 60),
      reasonForIncompletion: fc.option(fc.oneof(fc.constant('boom'), fc.integer({ min: 0, max: Math.max(0, size - 1) }).map((n) => `Task {task:${n}} failed with status: FAILED and reason: 'null'`)), { nil: undefined }),
      child: withChild ? fc.option(workflowArbitrary(false), { nil: undefined, freq: 4 }) : fc.constant(undefined),
    },
    { requiredKeys: ['ref'] },
  ) as fc.Arbitrary<TaskSpec>;
}

/** A workflow of up to six tasks; with `nested`, some tasks start a child workflow (one level). */
export function workflowArbitrary(nested = true): fc.Arbitrary<WorkflowSpec> {
  return fc.integer({ min: 0, max: 6 }).chain((size) =>
    fc.record({
      name: fc.constantFrom('order_flow', 'child_flow'),
      status: fc.constantFrom(...WORKFLOW_STATUSES),
      input: record,
      output: record,
      variables: record,
      failedReferenceTaskNames: fc.uniqueArray(fc.constantFrom(...REFS), { maxLength: 3 }),
      reasonForIncompletion: fc.option(fc.constant("Task {task:0} failed with status: FAILED and reason: 'null'"), { nil: undefined }),
      tasks: fc.array(taskArbitrary(size, nested), { minLength: size, maxLength: size }),
    }),
  ) as fc.Arbitrary<WorkflowSpec>;
}
