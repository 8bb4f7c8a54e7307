import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';

import { parseWorkflowDef } from '../../src/definitions/index.js';
import type { WorkflowDef } from '../../src/definitions/index.js';
import { analyseWorkflow, scenarioArbitrary } from '../../src/explore/index.js';
import type { Outcome } from '../../src/explore/index.js';
import { testSeed } from '../support/seed.js';

const claimTriage: WorkflowDef = parseWorkflowDef(JSON.parse(readFileSync('fixtures/workflows/claim-triage.json', 'utf8')));
const model = analyseWorkflow(claimTriage);

/** Splits a non-loop task's outcome list into (failures before the end, how it ends). */
function shape(list: readonly Outcome[]): { failures: number; last: string } {
  return { failures: list.filter((o) => o.status === 'FAILED' || o.status === 'TIMED_OUT').length, last: list[list.length - 1]?.status ?? 'none' };
}

describe('scenarioArbitrary', () => {
  it('never plans more attempts than a task has, and only failures before the last attempt', () => {
    // Property: for a task outside loops, the list is k failures then one success/terminal error
    // (k ≤ retryCount), or exactly retryCount+1 failures.
    fc.assert(
      fc.property(scenarioArbitrary(claimTriage), (scenario) => {
        for (const task of model.answerable.filter((t) => t.loop === undefined)) {
          const list = scenario.tasks[task.ref] ?? [];
          const { failures, last } = shape(list);
          const exhausted = failures === task.retryCount + 1 && list.length === failures;
          const ended = list.length === failures + 1 && (last === 'COMPLETED' || last === 'FAILED_WITH_TERMINAL_ERROR') && failures <= task.retryCount;
          expect(exhausted || ended).toBe(true);
        }
      }),
      { seed: testSeed, numRuns: 200 },
    );
  });

  it('reaches every failure count 0..retryCount+1 of every task within 1,000 samples', () => {
    const samples = fc.sample(scenarioArbitrary(claimTriage), { seed: 11, numRuns: 1000 });

    const missing: string[] = [];
    for (const task of model.answerable.filter((t) => t.loop === undefined)) {
      const seen = new Set(samples.map((s) => shape(s.tasks[task.ref] ?? []).failures));
      for (let k = 0; k <= task.retryCount + 1; k++) if (!seen.has(k)) missing.push(`${task.ref}:${k}`);
    }
    expect(missing).toEqual([]);
  });

  it('takes every steered channel and every loop depth', () => {
    const samples = fc.sample(scenarioArbitrary(claimTriage), { seed: 12, numRuns: 300 });

    expect([...new Set(samples.map((s) => s.input['channel']))].sort()).toEqual(['email', 'other', 'partner', 'phone', 'web']);
    expect([...new Set(samples.map((s) => s.input['documentCount']))].sort()).toEqual([1, 2, 3, false, true]);
  });

  it('plans one to maxLoopIterations visits for a task inside a loop', () => {
    const samples = fc.sample(scenarioArbitrary(claimTriage, { maxLoopIterations: 2, outcomes: { failed: false, terminalError: false, timeout: false } }), { seed: 13, numRuns: 200 });

    expect([...new Set(samples.map((s) => s.tasks['fetch_document']?.length))].sort()).toEqual([1, 2]);
  });

  it('generates only successes when every failure kind is switched off', () => {
    const samples = fc.sample(scenarioArbitrary(claimTriage, { outcomes: { failed: false, terminalError: false, timeout: false } }), { seed: 14, numRuns: 100 });

    const statuses = new Set(samples.flatMap((s) => Object.values(s.tasks).flatMap((list) => list.map((o) => o.status))));
    expect([...statuses]).toEqual(['COMPLETED']);
  });

  it('uses a fixed output, the latencies given, and leaves excluded refs out', () => {
    const samples = fc.sample(scenarioArbitrary(claimTriage, { outputs: { pay_out: { paymentId: 'p-1' } }, latencies: [250], exclude: ['notify_customer'] }), { seed: 15, numRuns: 100 });

    const payouts = samples.flatMap((s) => (s.tasks['pay_out'] ?? []).filter((o) => o.status === 'COMPLETED'));
    expect(payouts.length).toBeGreaterThan(0);
    expect(new Set(payouts.map((o) => JSON.stringify(o)))).toEqual(new Set(['{"status":"COMPLETED","output":{"paymentId":"p-1"},"latencyMs":250}']));
    expect(samples.every((s) => !('notify_customer' in s.tasks))).toBe(true);
  });

  it('generates the input from the inputSchema and the output from the TaskDef outputSchema', () => {
    const def: WorkflowDef = {
      name: 'schemas',
      inputSchema: { name: 'in', type: 'JSON', data: { type: 'object', properties: { qty: { type: 'integer', minimum: 1, maximum: 5 } }, required: ['qty'] } },
      tasks: [{ name: 'price', taskReferenceName: 'price', taskDefinition: { name: 'price', retryCount: 0, outputSchema: { name: 'out', type: 'JSON', data: { type: 'object', properties: { cents: { type: 'integer', minimum: 0, maximum: 9 } }, required: ['cents'] } } } }],
    };

    const samples = fc.sample(scenarioArbitrary(def, { outcomes: { failed: false, terminalError: false, timeout: false } }), { seed: 16, numRuns: 100 });

    expect(samples.every((s) => Number.isInteger(s.input['qty']) && (s.input['qty'] as number) >= 1 && (s.input['qty'] as number) <= 5)).toBe(true);
    expect(samples.every((s) => (s.tasks['price'] ?? []).every((o) => o.status === 'COMPLETED' && Number.isInteger(o.output['cents'])))).toBe(true);
  });
});
