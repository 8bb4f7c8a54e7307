/**
 * The workflow fuzzer (issue #8): random valid definitions of every task type with random mocks
 * and engine modes, and the properties every run must satisfy. Test tooling, not product: used by
 * test/reliability/fuzz.test.ts and scripts/fuzz.ts.
 */
import type fc from 'fast-check';
import { casePlanArbitrary } from './plan.js';
import type { PlanOptions } from './plan.js';
import { materialize } from './materialize.js';
import type { FuzzCase } from './materialize.js';

export { casePlanArbitrary, WORKERS } from './plan.js';
export type { CasePlan, NodePlan, PlanOptions } from './plan.js';
export { materialize, fuzzHttpPort, TOP_NAME } from './materialize.js';
export type { FuzzAction, FuzzCase } from './materialize.js';
export { FUZZ_LIMITS, checkFuzzCase, generatorViolations, loadFuzzRuntimes, runFuzzCase } from './run-case.js';
export type { FuzzCaseReport, FuzzOutcome, FuzzRuntimes } from './run-case.js';
export { taskListViolations, traceViolations } from './invariants.js';
export type { InvariantOptions } from './invariants.js';
export { createFuzzTally, formatOutcomes } from './stats.js';
export type { FuzzStats, FuzzTally } from './stats.js';

/** Arbitrary runnable cases: a generated plan, materialized. Shrinks through the plan. */
export function fuzzCaseArbitrary(options: PlanOptions = {}): fc.Arbitrary<FuzzCase> {
  return casePlanArbitrary(options).map(materialize);
}
