import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';

import { parseWorkflowDef } from '../../src/definitions/index.js';
import type { WorkflowDef } from '../../src/definitions/index.js';
import { analyseWorkflow, runScenario, toTestRequest, toVitestSource } from '../../src/explore/index.js';
import type { Scenario } from '../../src/explore/index.js';
import { runWorkflow } from '../../src/mocks/index.js';
import { serializeTrace } from '../../src/trace/index.js';

const claimTriage: WorkflowDef = parseWorkflowDef(JSON.parse(readFileSync('fixtures/workflows/claim-triage.json', 'utf8')));
const model = analyseWorkflow(claimTriage);

const scenario: Scenario = {
  input: { channel: 'phone', documentCount: 2 },
  tasks: {
    register_claim: [{ status: 'TIMED_OUT' }, { status: 'COMPLETED', output: { id: 7 }, latencyMs: 1500 }],
    fetch_document: [{ status: 'COMPLETED', output: { page: 1 } }, { status: 'FAILED' }, { status: 'COMPLETED', output: { page: 2 } }],
    score_risk: [{ status: 'COMPLETED', output: { score: 90 } }],
    fraud_review: [{ status: 'FAILED_WITH_TERMINAL_ERROR' }],
  },
};

describe('toTestRequest', () => {
  it('keys loop tasks by runtime ref, one mock per attempt, and writes a silent worker as a late answer', async () => {
    const run = await runScenario(model, scenario);

    const request = toTestRequest(claimTriage, scenario.input, run.trace, run.answers, model);

    expect(request.taskRefToMockOutput).toEqual({
      register_claim: [
        { status: 'COMPLETED', output: {}, executionTime: 31_000 },
        { status: 'COMPLETED', output: { id: 7 }, executionTime: 1500 },
      ],
      transcribe_call: [{ status: 'COMPLETED', output: {} }],
      fetch_document__1: [{ status: 'COMPLETED', output: { page: 1 } }],
      fetch_document__2: [
        { status: 'FAILED', output: {} },
        { status: 'COMPLETED', output: { page: 2 } },
      ],
      score_risk: [{ status: 'COMPLETED', output: { score: 90 } }],
      fraud_review: [{ status: 'FAILED_WITH_TERMINAL_ERROR', output: {} }],
    });
  });

  it('replays the run exactly in simulate mode', async () => {
    const run = await runScenario(model, scenario);

    const replayed = await runWorkflow(toTestRequest(claimTriage, scenario.input, run.trace, run.answers, model), { unmocked: 'error' });

    expect(serializeTrace(replayed)).toBe(serializeTrace(run.trace));
  });
});

describe('toVitestSource', () => {
  it('writes the answers with the mock builders, by base ref, and pins the path taken', async () => {
    const run = await runScenario(model, scenario);

    const source = toVitestSource(claimTriage, scenario.input, run.trace, run.answers, { title: 'replays', definitionPath: 'fixtures/workflows/claim-triage.json' });

    expect(source).toContain(`import { runWorkflow, ok, noResponse } from 'conductor-testkit';`);
    expect(source).toContain(`const terminal = { kind: 'result', status: 'FAILED_WITH_TERMINAL_ERROR', output: {} } as const;`);
    expect(source).toContain(`        "register_claim": [noResponse(), ok({"id":7}, { latency: 1500 })],\n`);
    expect(source).toContain(`        "fetch_document": [ok({"page":1}), failed, ok({"page":2})],\n`);
    expect(source).toContain(`    expect(trace.workflow.status).toBe("FAILED");\n`);
  });
});
