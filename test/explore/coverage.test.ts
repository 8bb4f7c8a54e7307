import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';

import { parseWorkflowDef } from '../../src/definitions/index.js';
import type { WorkflowDef } from '../../src/definitions/index.js';
import { analyseWorkflow, createCoverageCollector, formatCoverageTable, mergeCoverageReports, runScenario } from '../../src/explore/index.js';
import type { Scenario } from '../../src/explore/index.js';

const claimTriage: WorkflowDef = parseWorkflowDef(JSON.parse(readFileSync('fixtures/workflows/claim-triage.json', 'utf8')));
const model = analyseWorkflow(claimTriage);

const emailRetriedTwice: Scenario = {
  input: { channel: 'email', documentCount: 2 },
  tasks: {
    parse_email: [{ status: 'FAILED' }, { status: 'FAILED' }, { status: 'COMPLETED', output: {} }],
    fetch_document: [{ status: 'COMPLETED', output: {} }, { status: 'FAILED' }, { status: 'COMPLETED', output: {} }],
    score_risk: [{ status: 'COMPLETED', output: { score: 50 } }],
    pay_out: [{ status: 'FAILED' }, { status: 'FAILED' }, { status: 'FAILED' }, { status: 'FAILED' }],
    notify_customer: [{ status: 'FAILED' }, { status: 'FAILED' }],
  },
};

async function hitsOf(scenario: Scenario): Promise<string[]> {
  const coverage = createCoverageCollector(model);
  coverage.record((await runScenario(model, scenario)).trace);
  return coverage.report().targets.filter((t) => t.hits > 0).map((t) => t.id);
}

describe('coverage of one run', () => {
  it('counts the tasks that ran, the cases taken, the loop depth, each retry and each final failure', async () => {
    expect(await hitsOf(emailRetriedTwice)).toEqual([
      'task:register_claim',
      'task:route_by_channel',
      'case:route_by_channel:email',
      'task:parse_email',
      'retry:parse_email:1',
      'retry:parse_email:2',
      'task:collect_documents',
      'loop:collect_documents:2',
      'task:fetch_document',
      'retry:fetch_document:1',
      'task:score_risk',
      'task:risk_level',
      'case:risk_level:medium',
      'task:adjuster_review',
      'task:settle',
      'fork:settle:branch-failed',
      'task:pay_out',
      'retry:pay_out:1',
      'retry:pay_out:2',
      'retry:pay_out:3',
      'failure:pay_out:failed',
      'task:notify_customer',
      'retry:notify_customer:1',
      'failure:notify_customer:failed',
      'task:settle_join',
    ]);
  });

  it('takes the default case for a value no case key matches', async () => {
    const hits = await hitsOf({ input: { channel: 'fax', documentCount: 1 }, tasks: {} });

    expect(hits.filter((id) => id.startsWith('case:route_by_channel'))).toEqual(['case:route_by_channel:default']);
  });

  it('sees a terminal error and a timeout', async () => {
    const hits = await hitsOf({ input: { channel: 'web', documentCount: 1 }, tasks: { register_claim: [{ status: 'TIMED_OUT' }, { status: 'COMPLETED', output: {} }], web_intake: [{ status: 'FAILED_WITH_TERMINAL_ERROR' }] } });

    expect(hits).toEqual(['task:register_claim', 'retry:register_claim:1', 'failure:register_claim:timed-out', 'task:route_by_channel', 'case:route_by_channel:web', 'task:web_intake', 'failure:web_intake:terminal-error']);
  });
});

describe('coverage reports', () => {
  it('add up: merging two reports equals recording both runs in one collector', async () => {
    const a = (await runScenario(model, emailRetriedTwice)).trace;
    const b = (await runScenario(model, { input: { channel: 'phone', documentCount: 3 }, tasks: {} })).trace;
    const both = createCoverageCollector(model);
    both.record(a);
    both.record(b);
    const one = createCoverageCollector(model);
    one.record(a);
    const two = createCoverageCollector(model);
    two.record(b);

    expect(JSON.stringify(mergeCoverageReports([one.report(), two.report()]))).toBe(JSON.stringify(both.report()));
    expect(both.report().nodes['collect_documents']?.iterations).toEqual({ '2': 1, '3': 1 });
  });

  it('print as a table with totals per kind and what each node misses', async () => {
    const coverage = createCoverageCollector(model);
    coverage.record((await runScenario(model, { input: { channel: 'web', documentCount: 1 }, tasks: { score_risk: [{ status: 'COMPLETED', output: { score: 10 } }] } })).trace);

    const table = formatCoverageTable(coverage.report());

    expect(table.split('\n').slice(0, 10)).toEqual([
      'claim_triage v1: 1 run, coverage 17.6% (15/85 paths)',
      '',
      '  tasks run      12/18',
      '  switch cases   2/8',
      '  loop depths    1/3',
      '  retries        0/17',
      '  failure paths  0/38',
      '  fork failures  0/1',
      '',
      '  node               type       runs  paths  missing',
    ]);
    expect(table).toContain('\n  parse_email        SIMPLE     0     0/6    ran, retry 1, retry 2, failed (no retry left), terminal error, timed out\n');
    expect(table.endsWith('\n  workflow ended: COMPLETED 1\n')).toBe(true);
  });
});
