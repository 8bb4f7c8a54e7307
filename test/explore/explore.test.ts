import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';

import { parseWorkflowDef } from '../../src/definitions/index.js';
import type { WorkflowDef } from '../../src/definitions/index.js';
import { explore, explorationProperty, mergeCoverageReports, parseShard } from '../../src/explore/index.js';
import type { Invariant } from '../../src/explore/index.js';
import { ok, runWorkflow } from '../../src/mocks/index.js';
import { serializeTrace } from '../../src/trace/index.js';

const claimTriage: WorkflowDef = parseWorkflowDef(JSON.parse(readFileSync('fixtures/workflows/claim-triage.json', 'utf8')));

/** The planted bug: someone believed parse_email never fails twice. */
const atMostOneEmailFailure: Invariant = function atMostOneEmailFailure(trace) {
  return trace.workflow.tasks.filter((t) => t.referenceTaskName === 'parse_email' && t.status === 'FAILED').length < 2;
};

describe('explore on the claim-triage fixture', () => {
  it('reaches every switch case, loop depth, retry and failure path within 1,000 runs', async () => {
    const result = await explore(claimTriage, { runs: 1000, seed: 1 });

    const missed = result.coverage.targets.filter((t) => t.hits === 0).map((t) => t.id);
    expect(missed).toEqual([]);
    expect(result.coverage.byKind.case).toEqual({ targets: 8, covered: 8 });
    expect(result.coverage.byKind.retry).toEqual({ targets: 17, covered: 17 });
    expect(result.coverage.byKind.loop).toEqual({ targets: 3, covered: 3 });
    expect(result.runs).toBe(1000);
    expect(result.failure).toBeUndefined();
  });

  it('gives the same coverage for the same seed and a different one for another seed', async () => {
    const first = await explore(claimTriage, { runs: 150, seed: 42 });
    const again = await explore(claimTriage, { runs: 150, seed: 42 });
    const other = await explore(claimTriage, { runs: 150, seed: 43 });

    expect(JSON.stringify(again.coverage)).toBe(JSON.stringify(first.coverage));
    expect(JSON.stringify(other.coverage)).not.toBe(JSON.stringify(first.coverage));
  });
});

describe('a planted bug', () => {
  const expectedShrunk = {
    input: { claimId: 'claimId-1', channel: 'email', documentCount: 1, amount: 'amount-1' },
    tasks: {
      register_claim: [{ status: 'COMPLETED', output: {} }],
      web_intake: [{ status: 'COMPLETED', output: {} }],
      parse_email: [{ status: 'FAILED' }, { status: 'FAILED' }, { status: 'COMPLETED', output: {} }],
      transcribe_call: [{ status: 'COMPLETED', output: {} }],
      partner_sync: [{ status: 'COMPLETED', output: {} }],
      manual_intake: [{ status: 'COMPLETED', output: {} }],
      fetch_document: [{ status: 'COMPLETED', output: {} }],
      score_risk: [{ status: 'COMPLETED', output: { score: 80 } }],
      fraud_review: [{ status: 'COMPLETED', output: {} }],
      adjuster_review: [{ status: 'COMPLETED', output: {} }],
      auto_approve: [{ status: 'COMPLETED', output: {} }],
      pay_out: [{ status: 'COMPLETED', output: {} }],
      notify_customer: [{ status: 'COMPLETED', output: {} }],
    },
  };

  it('is found and shrunk to the email branch with parse_email failing twice', async () => {
    const result = await explore(claimTriage, { runs: 1000, seed: 1, invariant: atMostOneEmailFailure });

    expect(result.failure?.invariant).toBe('atMostOneEmailFailure');
    expect(result.failure?.scenario).toEqual(expectedShrunk);
    expect(result.failure?.trace?.workflow.tasks.map((t) => `${t.referenceTaskName}:${t.status}`)).toEqual([
      'register_claim:COMPLETED',
      'route_by_channel:COMPLETED',
      'parse_email:FAILED',
      'parse_email:FAILED',
      'parse_email:COMPLETED',
      'collect_documents:COMPLETED',
      'fetch_document__1:COMPLETED',
      'score_risk:COMPLETED',
      'risk_level:COMPLETED',
      'fraud_review:COMPLETED',
      'settle:COMPLETED',
      'pay_out:COMPLETED',
      'notify_customer:COMPLETED',
      'settle_join:COMPLETED',
    ]);
  });

  it('shrinks to the same minimal scenario from another seed', async () => {
    const result = await explore(claimTriage, { runs: 1000, seed: 2, invariant: atMostOneEmailFailure });

    expect(result.failure?.scenario).toEqual(expectedShrunk);
  });

  it('prints a WorkflowTestRequest that replays the failing run byte for byte', async () => {
    const result = await explore(claimTriage, { runs: 1000, seed: 1, invariant: atMostOneEmailFailure });
    const failure = result.failure;
    if (failure?.testRequest === undefined || failure.trace === undefined) throw new Error('expected a failure with a trace');

    const replayed = await runWorkflow(JSON.parse(JSON.stringify(failure.testRequest)), { unmocked: 'error' });

    expect(failure.testRequest.taskRefToMockOutput?.['parse_email']).toEqual([
      { status: 'FAILED', output: {} },
      { status: 'FAILED', output: {} },
      { status: 'COMPLETED', output: {} },
    ]);
    expect(serializeTrace(replayed)).toBe(serializeTrace(failure.trace));
  });

  it('prints a vitest test with the mock sequence, the seed and the path', async () => {
    const result = await explore(claimTriage, { runs: 1000, seed: 1, invariant: atMostOneEmailFailure, definitionPath: 'fixtures/workflows/claim-triage.json' });
    const failure = result.failure;

    expect(failure?.vitestSource).toContain(`"parse_email": [failed, failed, ok({})],`);
    expect(failure?.vitestSource).toContain(`const failed = { kind: 'result', status: 'FAILED', output: {} } as const;`);
    expect(failure?.vitestSource).toContain(`readFileSync("fixtures/workflows/claim-triage.json", 'utf8')`);
    expect(failure?.vitestSource).toContain(`(seed 1, path ${failure?.path ?? ''})`);
    expect(failure?.report).toContain(`seed 1, path "${failure?.path ?? ''}"`);
    expect(failure?.report).toContain('parse_email: FAILED, FAILED, COMPLETED {}');
  });

  it('replays the shrunk counterexample from its seed and path alone', async () => {
    const found = await explore(claimTriage, { runs: 1000, seed: 1, invariant: atMostOneEmailFailure });

    const replay = await explore(claimTriage, { seed: found.failure?.seed ?? 0, path: found.failure?.path ?? '', invariant: atMostOneEmailFailure });

    expect(replay.failure?.scenario).toEqual(expectedShrunk);
  });

  it('is reported by fc.assert through explorationProperty', async () => {
    const property = explorationProperty(claimTriage, { invariant: atMostOneEmailFailure });

    const error: unknown = await fc.assert(property, { seed: 1, numRuns: 1000 }).then(() => undefined, (e: unknown) => e);

    expect(String(error)).toMatch(/Property failed after \d+ tests\n\{ seed: 1, path: "[\d:]+", endOnFailure: true \}/);
    expect(((error as Error).cause as Error).message).toBe('invariant "atMostOneEmailFailure" failed: returned false');
  });
});

describe('explorationProperty', () => {
  it('passes fc.assert when the invariant holds on every run', async () => {
    const property = explorationProperty(claimTriage, { invariant: (trace) => trace.workflow.tasks.length > 0 });

    await expect(fc.assert(property, { seed: 3, numRuns: 30 })).resolves.toBeUndefined();
  });
});

describe('sharding', () => {
  it('splits the runs so that the shards together are the whole campaign', async () => {
    const whole = await explore(claimTriage, { runs: 40, seed: 9 });
    const shards = await Promise.all([1, 2, 3].map((index) => explore(claimTriage, { runs: 40, seed: 9, shard: `${index}/3` })));

    expect(shards.map((s) => s.runs)).toEqual([14, 13, 13]);
    expect(JSON.stringify(mergeCoverageReports(shards.map((s) => s.coverage)))).toBe(JSON.stringify(whole.coverage));
  });

  it('rejects a shard outside 1..n', () => {
    expect(() => parseShard('4/3')).toThrow('shard must be "i/n" with 1 <= i <= n (e.g. "2/4"), got "4/3"');
  });
});

describe('fixed mocks', () => {
  it('answer the refs they name instead of generated outcomes, and appear in the printed request', async () => {
    const result = await explore(claimTriage, {
      runs: 300,
      seed: 5,
      mocks: { byRef: { pay_out: ok({ paymentId: 'pay-1' }) } },
      invariant: function paidWhenCompleted(trace) {
        return trace.workflow.status !== 'COMPLETED' || trace.workflow.output['paymentId'] !== 'pay-1';
      },
    });

    expect(result.coverage.targets.filter((t) => t.ref === 'pay_out' && t.kind !== 'task').map((t) => t.hits)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(result.failure?.invariant).toBe('paidWhenCompleted');
    expect(result.failure?.testRequest?.taskRefToMockOutput?.['pay_out']).toEqual([{ status: 'COMPLETED', output: { paymentId: 'pay-1' } }]);
    expect(Object.keys(result.failure?.scenario.tasks ?? {})).not.toContain('pay_out');
  });
});

describe('runs that throw', () => {
  it('are reported as failures named "error" with the engine message', async () => {
    const result = await explore(claimTriage, { runs: 5, seed: 1, limits: { maxSteps: 3 } });

    expect(result.failure?.invariant).toBe('error');
    expect(result.failure?.message).toMatch(/^EngineLimitError: claim_triage › \w+: the run took more than 3 simulation steps \(maxSteps\)/);
    expect(result.failure?.trace).toBeUndefined();
  });
});
