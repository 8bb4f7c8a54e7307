/**
 * REPRO (engine gap, for the lead; found by test/reliability/budgets.test.ts): four budget errors
 * do not name the task they stopped at, so a user cannot tell where the run went wrong.
 *
 * STYLE 4.3: "the error names the limit, its value, the workflow and the last task ref. 'Limit
 * exceeded' alone is not a message." Issue #8: "Budgets with clear errors naming the workflow and
 * task". maxDecisionsPerDecide, maxDecisions, maxLoopIterations, maxTasksPerWorkflow and
 * maxPayloadBytes do (EngineLimitError.taskReferenceName is set and the message names the ref);
 * these four leave `taskReferenceName` undefined and the ref out of the message:
 * - maxSubWorkflowDepth: the SUB_WORKFLOW task that would start the too-deep child;
 * - maxWorkflows: the task (START_WORKFLOW, SUB_WORKFLOW) or failure path that would start one more;
 * - maxSteps: the task whose timer was being processed when the budget ran out;
 * - maxVirtualTime: the task whose timer lies beyond the limit.
 * Where: src/engine/executor.ts `startWorkflow` (depth, workflows: the parent task is known from
 * `parentWorkflowTaskId`; a START_WORKFLOW is the task being ticked) and src/engine/simulate.ts
 * `runUntil` (steps, virtual time: the due timer's action carries its task).
 *
 * Conductor has none of these budgets (a real server spins); they are ours, so the expectation
 * comes from the house style, not from the server.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowDef, WorkflowTask } from '../../src/definitions/index.js';
import { isTestkitError } from '../../src/errors/index.js';
import type { EngineLimitError } from '../../src/errors/index.js';
import { inProgress, runWorkflow } from '../../src/mocks/index.js';
import type { RunOptions } from '../../src/mocks/index.js';

const wf = (name: string, task: WorkflowTask): WorkflowDef => ({ name, version: 1, schemaVersion: 2, tasks: [task] });

async function limitHit(def: WorkflowDef, options: RunOptions): Promise<EngineLimitError> {
  try {
    await runWorkflow({ workflowDef: def }, options);
  } catch (error) {
    if (isTestkitError(error) && error.name === 'EngineLimitError') return error as EngineLimitError;
    throw error;
  }
  throw new Error('expected an EngineLimitError');
}

describe('budget errors name the task they stopped at', () => {
  it('maxSubWorkflowDepth names the SUB_WORKFLOW task', async () => {
    const self = wf('self_call', { name: 'again', taskReferenceName: 'again', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'self_call', version: 1 } });

    const error = await limitHit(self, { workflowDefs: [self], limits: { maxSubWorkflowDepth: 3 } });

    expect([error.limit, error.taskReferenceName, error.message.includes('again')]).toEqual(['maxSubWorkflowDepth', 'again', true]);
  });

  it('maxWorkflows names the task that starts one workflow too many', async () => {
    const fan = wf('fan_out', { name: 'start', taskReferenceName: 'start', type: 'START_WORKFLOW', inputParameters: { startWorkflow: { name: 'fan_out', version: 1 } } });

    const error = await limitHit(fan, { workflowDefs: [fan], limits: { maxWorkflows: 5 } });

    expect([error.limit, error.taskReferenceName, error.message.includes('start')]).toEqual(['maxWorkflows', 'start', true]);
  });

  it('maxSteps names the task whose timer was due', async () => {
    const poller = wf('forever', { name: 'poller', taskReferenceName: 'poller', type: 'SIMPLE' });

    const error = await limitHit(poller, { limits: { maxSteps: 50 }, mocks: { byRef: { poller: () => inProgress({}, { callbackAfterSeconds: 1 }) } } });

    expect([error.limit, error.taskReferenceName, error.message.includes('poller')]).toEqual(['maxSteps', 'poller', true]);
  });

  it('maxVirtualTime names the task whose timer lies beyond the limit', async () => {
    const waiter = wf('waiter', { name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters: { duration: '10 days' } });

    const error = await limitHit(waiter, { limits: { maxVirtualTime: 24 * 3600 * 1000 } });

    expect([error.limit, error.taskReferenceName, error.message.includes('pause')]).toEqual(['maxVirtualTime', 'pause', true]);
  });
});
