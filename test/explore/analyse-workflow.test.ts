import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';

import { parseWorkflowDef } from '../../src/definitions/index.js';
import type { WorkflowDef } from '../../src/definitions/index.js';
import { analyseWorkflow } from '../../src/explore/index.js';

const claimTriage: WorkflowDef = parseWorkflowDef(JSON.parse(readFileSync('fixtures/workflows/claim-triage.json', 'utf8')));

describe('analyseWorkflow', () => {
  it('lists every worker task with its retries, loop and timeout, in definition order', () => {
    const model = analyseWorkflow(claimTriage);

    expect(model.answerable.map((t) => [t.ref, t.retryCount, t.loop ?? '-', t.timeoutMs ?? '-'])).toEqual([
      ['register_claim', 1, '-', 30_000],
      ['web_intake', 1, '-', 30_000],
      ['parse_email', 2, '-', 60_000],
      ['transcribe_call', 1, '-', 120_000],
      ['partner_sync', 2, '-', 30_000],
      ['manual_intake', 0, '-', 300_000],
      ['fetch_document', 2, 'collect_documents', 60_000],
      ['score_risk', 1, '-', 30_000],
      ['fraud_review', 2, '-', 600_000],
      ['adjuster_review', 1, '-', 600_000],
      ['auto_approve', 0, '-', 30_000],
      ['pay_out', 3, '-', 60_000],
      ['notify_customer', 1, '-', 60_000],
    ]);
  });

  it('steers a value-param SWITCH input to every case key and to a value matching none', () => {
    const model = analyseWorkflow(claimTriage);

    expect(model.inputDrivers).toContainEqual({ source: { kind: 'input', path: ['channel'] }, values: ['web', 'email', 'phone', 'partner', 'other'] });
  });

  it('steers the output field a JavaScript SWITCH reads to the literals of its expression, thresholds ±1', () => {
    const model = analyseWorkflow(claimTriage);

    expect(model.outputDrivers.get('score_risk')).toEqual([
      { source: { kind: 'output', ref: 'score_risk', path: ['score'] }, values: [80, 81, 79, 'high', 40, 41, 39, 'medium', 'low', true, false] },
    ]);
  });

  it('steers the input a DO_WHILE condition compares the iteration with to depths 1..maxLoopIterations', () => {
    const model = analyseWorkflow(claimTriage, { maxLoopIterations: 4 });

    expect(model.inputDrivers).toContainEqual({ source: { kind: 'input', path: ['documentCount'] }, values: [1, 2, 3, 4, true, false] });
  });

  it('reads the cases, loops and forks', () => {
    const model = analyseWorkflow(claimTriage);

    expect(model.branches).toEqual([
      { ref: 'route_by_channel', type: 'SWITCH', cases: ['web', 'email', 'phone', 'partner'], defaultTarget: true },
      { ref: 'risk_level', type: 'SWITCH', cases: ['high', 'medium', 'low'], defaultTarget: false },
    ]);
    expect(model.loops).toEqual([{ ref: 'collect_documents', body: ['fetch_document'] }]);
    expect(model.forks).toEqual([{ ref: 'settle', branches: [['pay_out'], ['notify_customer']] }]);
  });

  it('follows a workflow variable back to the task output a SET_VARIABLE copied it from', () => {
    const def: WorkflowDef = {
      name: 'vars',
      tasks: [
        { name: 'check', taskReferenceName: 'check', type: 'SIMPLE' },
        { name: 'keep', taskReferenceName: 'keep', type: 'SET_VARIABLE', inputParameters: { verdict: '${check.output.verdict}' } },
        { name: 'route', taskReferenceName: 'route', type: 'DECISION', caseValueParam: 'v', inputParameters: { v: '${workflow.variables.verdict}' }, decisionCases: { ok: [], true: [] } },
      ],
    };

    const model = analyseWorkflow(def);

    expect(model.outputDrivers.get('check')).toEqual([{ source: { kind: 'output', ref: 'check', path: ['verdict'] }, values: ['ok', true, 'true', 'other'] }]);
  });

  it('steers a DO_WHILE over a list (items) with lists of every length up to maxLoopIterations', () => {
    const def: WorkflowDef = {
      name: 'items',
      tasks: [{ name: 'each', taskReferenceName: 'each', type: 'DO_WHILE', items: '${workflow.input.orders}', loopCondition: '', loopOver: [{ name: 'ship', taskReferenceName: 'ship' }] }],
    };

    const model = analyseWorkflow(def, { maxLoopIterations: 2 });

    expect(model.inputDrivers).toEqual([{ source: { kind: 'input', path: ['orders'] }, values: [[], [1], [1, 2]] }]);
  });

  it('gives an unregistered SIMPLE task the ad-hoc 3 retries and a HUMAN task none and no failures', () => {
    const def: WorkflowDef = { name: 'adhoc', tasks: [{ name: 'w', taskReferenceName: 'w' }, { name: 'h', taskReferenceName: 'h', type: 'HUMAN' }] };

    const model = analyseWorkflow(def);

    expect(model.answerable.map((t) => [t.ref, t.retryCount, t.canFail, t.timeoutMs ?? '-'])).toEqual([
      ['w', 3, true, 3_600_000],
      ['h', 0, false, '-'],
    ]);
  });

  it('answers a WAIT that waits for a signal, and leaves a WAIT with a duration to its timer', () => {
    const def: WorkflowDef = {
      name: 'waits',
      tasks: [
        { name: 'signal', taskReferenceName: 'signal', type: 'WAIT' },
        { name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters: { duration: '10 seconds' } },
      ],
    };

    const model = analyseWorkflow(def);

    expect(model.answerable.map((t) => [t.ref, t.retryCount, t.canFail, t.timeoutMs ?? '-'])).toEqual([['signal', 0, false, '-']]);
  });
});
