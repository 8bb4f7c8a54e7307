/**
 * DECISION (deprecated but supported): caseValueParam and caseExpression.
 *
 * Conductor source: core/.../execution/mapper/DecisionTaskMapper.java — case = "" +
 * input[caseValueParam], or String(script result) for a non-blank caseExpression ("null" for
 * null); the DECISION task's input is only {case} (+ hasChildren "true"), its output
 * {caseOutput: [case]}; a missing **or empty** case list falls back to defaultCase; a script error
 * throws TerminateWorkflowException("Error while evaluating script: <expr>") before any task is
 * created. core/.../execution/tasks/Decision.java completes it in the same decide.
 * test-harness DecisionTaskSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow } from '../../../src/index.js';
import type { JsonObject, WorkflowDef, WorkflowTask } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

function worker(ref: string): WorkflowTask {
  return { name: `${ref}_task`, taskReferenceName: ref, type: 'SIMPLE' };
}

function decisionFlow(decision: Partial<WorkflowTask>): WorkflowDef {
  return {
    name: 'decision_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      {
        name: 'decide',
        taskReferenceName: 'decide',
        type: 'DECISION',
        caseValueParam: 'tier',
        inputParameters: { tier: '${workflow.input.tier}', amount: '${workflow.input.amount}' },
        decisionCases: { gold: [worker('vip'), worker('gift')], silver: [worker('regular')], bronze: [] },
        defaultCase: [worker('fallback')],
        ...decision,
      },
      worker('close'),
    ],
  };
}

// By task name: one set of mocks for every variant of the flow (a byRef key naming a task the
// variant lacks would be rejected as a likely typo).
const mocks = { byName: { vip_task: ok(), gift_task: ok(), regular_task: ok(), fallback_task: ok(), close_task: ok() } };

async function run(def: WorkflowDef, input: JsonObject): Promise<Awaited<ReturnType<typeof runWorkflow>>> {
  return runWorkflow({ workflowDef: def, input }, { mocks });
}

describe('DECISION with caseValueParam', () => {
  it('runs the matching case and records only the case in its input', async () => {
    const trace = await run(decisionFlow({}), { tier: 'gold', amount: 10 });

    const decide = taskOf(trace, 'decide');
    expect(taskRows(trace)).toEqual(['decide:DECISION=COMPLETED#0@0', 'vip:vip_task=COMPLETED#0@0', 'gift:gift_task=COMPLETED#0@0', 'close:close_task=COMPLETED#0@0']);
    expect([decide.taskDefName, decide.inputData, decide.outputData]).toEqual(['DECISION', { case: 'gold', hasChildren: 'true' }, { caseOutput: ['gold'] }]);
  });

  it('falls back to the defaultCase for an empty case list, unlike SWITCH', async () => {
    const trace = await run(decisionFlow({}), { tier: 'bronze' });

    expect(taskRows(trace)).toEqual(['decide:DECISION=COMPLETED#0@0', 'fallback:fallback_task=COMPLETED#0@0', 'close:close_task=COMPLETED#0@0']);
  });

  it('falls back to the defaultCase when the value is missing (case "null")', async () => {
    const trace = await run(decisionFlow({}), {});

    expect(taskOf(trace, 'decide').inputData).toEqual({ case: 'null', hasChildren: 'true' });
    expect(taskRows(trace)[1]).toBe('fallback:fallback_task=COMPLETED#0@0');
  });

  it('schedules the next task at once when nothing matches and there is no default', async () => {
    const trace = await run(decisionFlow({ defaultCase: [] }), { tier: 'platinum' });

    expect(taskRows(trace)).toEqual(['decide:DECISION=COMPLETED#0@0', 'close:close_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'decide').inputData).toEqual({ case: 'platinum' });
  });
});

describe('DECISION with caseExpression', () => {
  it('evaluates the script over $ and uses its string value as the case', async () => {
    const trace = await run(decisionFlow({ caseValueParam: null, caseExpression: '$.amount > 100 ? "gold" : "silver"' }), { amount: 150 });

    expect(taskRows(trace)).toEqual(['decide:DECISION=COMPLETED#0@0', 'vip:vip_task=COMPLETED#0@0', 'gift:gift_task=COMPLETED#0@0', 'close:close_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'decide').outputData).toEqual({ caseOutput: ['gold'] });
  });

  it('prefers caseExpression over caseValueParam', async () => {
    const trace = await run(decisionFlow({ caseExpression: '"silver"' }), { tier: 'gold' });

    expect(taskRows(trace)[1]).toBe('regular:regular_task=COMPLETED#0@0');
  });

  it('fails the workflow without creating a DECISION task when the script throws', async () => {
    const trace = await run(decisionFlow({ caseExpression: 'nope.nope' }), {});

    expect(taskRows(trace)).toEqual([]);
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe('Error while evaluating script: nope.nope');
  });

  it('selects the same case in server-compat mode', async () => {
    const def = decisionFlow({ caseValueParam: null, caseExpression: '$.tier' });

    const trace = await runWorkflow(
      { name: 'decision_flow', workflowDef: def, input: { tier: 'silver' }, taskRefToMockOutput: { regular: [{ status: 'COMPLETED', output: {} }], close: [{ status: 'COMPLETED', output: {} }] } },
      { mode: 'server-compat' },
    );

    expect(taskRows(trace)).toEqual(['decide:DECISION=COMPLETED#0@0', 'regular:regular_task=COMPLETED#0@0', 'close:close_task=COMPLETED#0@0']);
    expect(trace.workflow.status).toBe('COMPLETED');
  });
});
