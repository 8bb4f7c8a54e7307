/**
 * Budgets (issue #8, STYLE 4.3): every run that would never end stops at a budget with an
 * EngineLimitError naming the limit, its value, the workflow and the task it stopped at, within
 * milliseconds; scripts that never return fail their task with Conductor's timeout text instead
 * of hanging; the server-compat driver stops where the real test endpoint stops (20,000 passes).
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowDef, WorkflowTask, WorkflowTestRequest } from '../../src/definitions/index.js';
import { MAX_TEST_LOOPS } from '../../src/engine/index.js';
import { isTestkitError } from '../../src/errors/index.js';
import type { EngineLimitError } from '../../src/errors/index.js';
import { SCRIPT_TIMEOUT_MESSAGE } from '../../src/expressions/index.js';
import { inProgress, ok, runWorkflow } from '../../src/mocks/index.js';
import type { RunOptions } from '../../src/mocks/index.js';
import type { Trace } from '../../src/trace/index.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const wf = (name: string, ...tasks: WorkflowTask[]): WorkflowDef => ({ name, version: 1, schemaVersion: 2, tasks });

/** The EngineLimitError a run ends with, as the plain fields a test compares. */
async function limitHit(def: WorkflowDef, options: RunOptions): Promise<{ name: string; limit: string; value: number; workflowName: string | undefined; taskReferenceName: string | undefined; message: string }> {
  try {
    await runWorkflow({ workflowDef: def }, options);
  } catch (error) {
    if (!isTestkitError(error) || error.name !== 'EngineLimitError') throw error;
    const e = error as EngineLimitError;
    return { name: e.name, limit: e.limit, value: e.value, workflowName: e.workflowName, taskReferenceName: e.taskReferenceName, message: e.message.replace(UUID, '<id>') };
  }
  throw new Error(`expected workflow "${def.name}" to end with an EngineLimitError, but it finished`);
}

const endless = wf('endless', { name: 'loop', taskReferenceName: 'loop', type: 'DO_WHILE', loopCondition: 'true', loopOver: [{ name: 'tick', taskReferenceName: 'tick', type: 'NOOP' }] });

describe('decide budgets', () => {
  it('ends a decide that never settles at maxDecisionsPerDecide, naming the last task', async () => {
    expect(await limitHit(endless, { limits: { maxDecisionsPerDecide: 50 } })).toEqual({
      name: 'EngineLimitError',
      limit: 'maxDecisionsPerDecide',
      value: 50,
      workflowName: 'endless',
      taskReferenceName: 'tick__25',
      message: 'workflow "endless" (<id>) did not settle after 50 decider passes (maxDecisionsPerDecide); last task: tick__25. An endless DO_WHILE or a loop of synchronous tasks? Raise limits.maxDecisionsPerDecide if the workflow really needs more.',
    });
  });

  it('ends a run at maxDecisions, the decider passes of the whole run', async () => {
    expect(await limitHit(endless, { limits: { maxDecisions: 40 } })).toEqual({
      name: 'EngineLimitError',
      limit: 'maxDecisions',
      value: 40,
      workflowName: 'endless',
      taskReferenceName: 'tick__20',
      message: 'workflow "endless" (<id>) did not settle after 40 decider passes (maxDecisions); last task: tick__20. An endless DO_WHILE or a loop of synchronous tasks? Raise limits.maxDecisions if the workflow really needs more.',
    });
  });

  it('ends an endless DO_WHILE at maxLoopIterations, naming the loop', async () => {
    expect(await limitHit(endless, { limits: { maxLoopIterations: 5 } })).toEqual({
      name: 'EngineLimitError',
      limit: 'maxLoopIterations',
      value: 5,
      workflowName: 'endless',
      taskReferenceName: 'loop',
      message: 'endless › loop: the DO_WHILE reached 5 iterations (maxLoopIterations) and its condition still says continue; an endless loop? Raise limits.maxLoopIterations if it really needs more.',
    });
  });

  it('ends a workflow that grows without end at maxTasksPerWorkflow', async () => {
    expect(await limitHit(endless, { limits: { maxTasksPerWorkflow: 30 } })).toEqual({
      name: 'EngineLimitError',
      limit: 'maxTasksPerWorkflow',
      value: 30,
      workflowName: 'endless',
      taskReferenceName: 'tick',
      message: 'workflow "endless" reached 30 tasks (maxTasksPerWorkflow 30) while scheduling "tick"; an endless loop? Raise limits.maxTasksPerWorkflow if intended.',
    });
  });
});

describe('workflow budgets', () => {
  const self = wf('self_call', { name: 'again', taskReferenceName: 'again', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'self_call', version: 1 } });

  it('ends a sub-workflow that starts itself by name at maxSubWorkflowDepth', async () => {
    expect(await limitHit(self, { workflowDefs: [self], limits: { maxSubWorkflowDepth: 3 } })).toEqual({
      name: 'EngineLimitError',
      limit: 'maxSubWorkflowDepth',
      value: 3,
      workflowName: 'self_call',
      taskReferenceName: 'again',
      message: 'self_call › again: workflow "self_call" would be nested 4 levels deep (maxSubWorkflowDepth 3); does a sub-workflow start itself? Raise limits.maxSubWorkflowDepth if the nesting is intended.',
    });
  });

  it('ends the self-call at the default depth of 32 without any option', async () => {
    const hit = await limitHit(self, { workflowDefs: [self] });

    expect([hit.limit, hit.value, hit.message]).toEqual([
      'maxSubWorkflowDepth',
      32,
      'self_call › again: workflow "self_call" would be nested 33 levels deep (maxSubWorkflowDepth 32); does a sub-workflow start itself? Raise limits.maxSubWorkflowDepth if the nesting is intended.',
    ]);
  });

  it('ends a workflow that keeps starting workflows at maxWorkflows', async () => {
    const fan = wf('fan_out', { name: 'start', taskReferenceName: 'start', type: 'START_WORKFLOW', inputParameters: { startWorkflow: { name: 'fan_out', version: 1 } } });

    expect(await limitHit(fan, { workflowDefs: [fan], limits: { maxWorkflows: 5 } })).toEqual({
      name: 'EngineLimitError',
      limit: 'maxWorkflows',
      value: 5,
      workflowName: 'fan_out',
      taskReferenceName: 'start',
      message: 'fan_out › start: the run started 5 workflows (maxWorkflows 5) while starting "fan_out"; raise limits.maxWorkflows if that is intended.',
    });
  });
});

describe('time and step budgets', () => {
  it('ends a run whose next event lies beyond maxVirtualTime', async () => {
    const waiter = wf('waiter', { name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters: { duration: '10 days' } });

    expect(await limitHit(waiter, { limits: { maxVirtualTime: 24 * 3600 * 1000 } })).toEqual({
      name: 'EngineLimitError',
      limit: 'maxVirtualTime',
      value: 86_400_000,
      workflowName: 'waiter',
      taskReferenceName: 'pause',
      message: 'waiter › pause: work due at +864000s of virtual time, beyond maxVirtualTime (86400s); a retry backoff or WAIT that long? Raise limits.maxVirtualTime if intended.',
    });
  });

  it('ends a worker that reports IN_PROGRESS forever at maxSteps', async () => {
    const poller = wf('forever', { name: 'poller', taskReferenceName: 'poller', type: 'SIMPLE' });

    expect(await limitHit(poller, { limits: { maxSteps: 50 }, mocks: { byRef: { poller: () => inProgress({}, { callbackAfterSeconds: 1 }) } } })).toEqual({
      name: 'EngineLimitError',
      limit: 'maxSteps',
      value: 50,
      workflowName: 'forever',
      taskReferenceName: 'poller',
      message: 'forever › poller: the run took more than 50 simulation steps (maxSteps); an endless retry or polling loop? Raise limits.maxSteps if intended.',
    });
  });
});

describe('payload budgets', () => {
  it('ends a run whose mock returns an output over maxPayloadBytes, naming the task', async () => {
    const fetcher = wf('big_payload', { name: 'fetch', taskReferenceName: 'fetch', type: 'SIMPLE' });

    expect(await limitHit(fetcher, { limits: { maxPayloadBytes: 100 }, mocks: { byRef: { fetch: ok({ blob: 'x'.repeat(200) }) } } })).toEqual({
      name: 'EngineLimitError',
      limit: 'maxPayloadBytes',
      value: 100,
      workflowName: 'big_payload',
      taskReferenceName: 'fetch',
      message: 'big_payload › fetch: output of 211 bytes exceeds maxPayloadBytes (100). Return a smaller output, or raise limits.maxPayloadBytes.',
    });
  });

  it('lets an output of exactly maxPayloadBytes through', async () => {
    const fetcher = wf('big_payload', { name: 'fetch', taskReferenceName: 'fetch', type: 'SIMPLE' });

    const trace = await runWorkflow({ workflowDef: fetcher }, { limits: { maxPayloadBytes: 211 }, mocks: { byRef: { fetch: ok({ blob: 'x'.repeat(200) }) } } });

    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('fails a SET_VARIABLE over maxVariablesBytes the way Conductor does, as data rather than an error', async () => {
    const setter = wf('vars', { name: 'set', taskReferenceName: 'set', type: 'SET_VARIABLE', inputParameters: { blob: 'x'.repeat(2000) } });

    const trace = await runWorkflow({ workflowDef: setter }, { limits: { maxVariablesBytes: 1024 } });

    const task = trace.workflow.tasks[0];
    expect([trace.workflow.status, task?.status, task?.reasonForIncompletion?.replace(UUID, '<id>')]).toEqual([
      'FAILED',
      'FAILED_WITH_TERMINAL_ERROR',
      'The variables payload size: 2011 of workflow: <id> is greater than the permissible limit: 1 kilobytes',
    ]);
  });
});

describe('script budgets', () => {
  const spin = 'while (true) {}';
  const only = (trace: Trace, ref: string): [string, string | undefined] => {
    const task = trace.workflow.tasks.find((t) => t.referenceTaskName === ref);
    return [String(task?.status), task?.reasonForIncompletion];
  };

  it('fails an INLINE script that never returns with Conductor timeout text, under the default budget', async () => {
    const trace = await runWorkflow({ workflowDef: wf('spin_inline', { name: 'calc', taskReferenceName: 'calc', type: 'INLINE', inputParameters: { expression: spin } }) });

    // Conductor: Inline.java maps the evaluator timeout to FAILED (retriable), output.error = message.
    expect(only(trace, 'calc')).toEqual(['FAILED', SCRIPT_TIMEOUT_MESSAGE]);
    expect(trace.workflow.tasks[0]?.outputData).toEqual({ error: 'Script not evaluated within 4 seconds, interrupted.' });
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('fails a SWITCH whose javascript never returns', async () => {
    const def = wf('spin_switch', { name: 'route', taskReferenceName: 'route', type: 'SWITCH', evaluatorType: 'javascript', expression: spin, decisionCases: { a: [{ name: 'n', taskReferenceName: 'n', type: 'NOOP' }] } });

    const trace = await runWorkflow({ workflowDef: def }, { limits: { scriptBudget: 20 } });

    expect(only(trace, 'route')).toEqual(['FAILED', 'Script not evaluated within 4 seconds, interrupted.']);
    expect(trace.workflow.reasonForIncompletion?.replace(UUID, '<id>')).toBe("Task <id> failed with status: FAILED and reason: 'Script not evaluated within 4 seconds, interrupted.'");
  });

  it('fails a DO_WHILE whose condition never returns with "Unable to evaluate condition"', async () => {
    const def = wf('spin_loop', { name: 'loop', taskReferenceName: 'loop', type: 'DO_WHILE', loopCondition: spin, loopOver: [{ name: 'n', taskReferenceName: 'n', type: 'NOOP' }] });

    const trace = await runWorkflow({ workflowDef: def }, { limits: { scriptBudget: 20 } });

    expect(only(trace, 'loop')).toEqual(['FAILED_WITH_TERMINAL_ERROR', 'Unable to evaluate condition while (true) {}, exception Script not evaluated within 4 seconds, interrupted.']);
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('fails a LAMBDA that never returns', async () => {
    const def = wf('spin_lambda', { name: 'l', taskReferenceName: 'l', type: 'LAMBDA', inputParameters: { scriptExpression: spin } });

    const trace = await runWorkflow({ workflowDef: def }, { limits: { scriptBudget: 20 } });

    expect(only(trace, 'l')).toEqual(['FAILED', 'Script not evaluated within 4 seconds, interrupted.']);
  });

  it('fails the workflow when a DECISION caseExpression never returns, with no DECISION task', async () => {
    const def = wf('spin_decision', { name: 'd', taskReferenceName: 'd', type: 'DECISION', caseExpression: spin, decisionCases: { a: [{ name: 'n', taskReferenceName: 'n', type: 'NOOP' }] } });

    const trace = await runWorkflow({ workflowDef: def }, { limits: { scriptBudget: 20 } });

    // Conductor: DecisionTaskMapper turns any evaluation error into a TerminateWorkflowException.
    expect([trace.workflow.status, trace.workflow.reasonForIncompletion, trace.workflow.tasks.length]).toEqual(['FAILED', 'Error while evaluating script: while (true) {}', 0]);
  });
});

describe('the server-compat loop cap', () => {
  it('is the 20,000 passes of the real test endpoint', () => {
    expect(MAX_TEST_LOOPS).toBe(20_000);
  });

  it('returns the workflow as it stands after 20,000 passes when every pass makes progress', async () => {
    const mocks = Array.from({ length: MAX_TEST_LOOPS + 5 }, (_, n) => ({ status: 'IN_PROGRESS' as const, output: { n } }));
    const request: WorkflowTestRequest = { name: 'busy', version: 1, workflowDef: wf('busy', { name: 'poller', taskReferenceName: 'poller', type: 'SIMPLE' }), taskRefToMockOutput: { poller: mocks } };

    const trace = await runWorkflow(request, { mode: 'server-compat' });

    // WorkflowTestService.testWorkflow: one mock per pass; the last one applied is number 19,999.
    expect([trace.workflow.status, trace.workflow.tasks[0]?.outputData]).toEqual(['RUNNING', { n: 19_999 }]);
  });

  it('returns at once when the passes would repeat themselves until the cap (a JOIN that can never finish)', async () => {
    const def = wf(
      'capped',
      { name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: [[{ name: 'a', taskReferenceName: 'a', type: 'SIMPLE' }]] },
      { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['a', 'never'] },
    );

    const trace = await runWorkflow({ name: 'capped', version: 1, workflowDef: def, taskRefToMockOutput: { a: [{ status: 'COMPLETED', output: {} }] } }, { mode: 'server-compat' });

    expect(trace.workflow.tasks.map((t) => [t.referenceTaskName, t.status])).toEqual([['fork', 'COMPLETED'], ['a', 'COMPLETED'], ['join', 'IN_PROGRESS']]);
    expect(trace.workflow.status).toBe('RUNNING');
  });
});
