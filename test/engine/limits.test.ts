/**
 * Budgets that end runs which would never end (STYLE 4.3): each hit is an EngineLimitError naming
 * the limit, its value and the workflow. A real server would spin forever (or until its own
 * 20,000-pass test-endpoint cap), so these are ours, not Conductor's.
 */
import { describe, it, expect } from 'vitest';
import { EngineLimitError, fail, inProgress, isTestkitError, ok, runWorkflow } from '../../src/index.js';
import type { WorkflowDef } from '../../src/index.js';

async function limitError(run: Promise<unknown>): Promise<EngineLimitError> {
  try {
    await run;
  } catch (e) {
    if (isTestkitError(e) && e.name === 'EngineLimitError') return e as EngineLimitError;
    throw e;
  }
  throw new Error('expected the run to end with an EngineLimitError, but it finished');
}

describe('engine limits', () => {
  it('stops a sub-workflow that starts itself at maxSubWorkflowDepth', async () => {
    const recurse: WorkflowDef = {
      name: 'recurse',
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: 'again', taskReferenceName: 'again', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'recurse', version: 1 } }],
    };

    const error = await limitError(runWorkflow({ workflowDef: recurse }, { workflowDefs: [recurse], limits: { maxSubWorkflowDepth: 3 } }));

    expect([error.limit, error.value, error.workflowName]).toEqual(['maxSubWorkflowDepth', 3, 'recurse']);
    expect(error.message).toBe(
      'recurse › again: workflow "recurse" would be nested 4 levels deep (maxSubWorkflowDepth 3); does a sub-workflow start itself? Raise limits.maxSubWorkflowDepth if the nesting is intended.',
    );
  });

  it('stops a worker that reports IN_PROGRESS forever at maxSteps', async () => {
    const def: WorkflowDef = { name: 'forever', version: 1, schemaVersion: 2, tasks: [{ name: 'poller', taskReferenceName: 'poller', type: 'SIMPLE' }] };

    const error = await limitError(runWorkflow({ workflowDef: def }, { limits: { maxSteps: 200 }, mocks: { byRef: { poller: () => inProgress() } } }));

    expect([error.limit, error.value, error.workflowName]).toEqual(['maxSteps', 200, 'forever']);
    expect(error.message).toBe(
      'forever › poller: the run took more than 200 simulation steps (maxSteps); an endless retry or polling loop? Raise limits.maxSteps if intended.',
    );
  });

  it('stops a run whose next event lies beyond maxVirtualTime', async () => {
    const def: WorkflowDef = { name: 'patient', version: 1, schemaVersion: 2, tasks: [{ name: 'slow_retry', taskReferenceName: 'slow', type: 'SIMPLE' }] };
    const tenYears = 10 * 365 * 24 * 3600;

    const error = await limitError(
      runWorkflow({ workflowDef: def }, { taskDefs: [{ name: 'slow_retry', retryCount: 1, retryDelaySeconds: tenYears }], mocks: { byRef: { slow: [fail(), ok()] } } }),
    );

    expect([error.limit, error.workflowName]).toEqual(['maxVirtualTime', 'patient']);
    expect(error.message).toBe(
      `patient › slow: work due at +${tenYears}s of virtual time, beyond maxVirtualTime (157680000s); a retry backoff or WAIT that long? Raise limits.maxVirtualTime if intended.`,
    );
  });

  it('lets a long run finish when the limit is raised', async () => {
    const def: WorkflowDef = { name: 'patient', version: 1, schemaVersion: 2, tasks: [{ name: 'slow_retry', taskReferenceName: 'slow', type: 'SIMPLE' }] };
    const tenYears = 10 * 365 * 24 * 3600;

    const trace = await runWorkflow(
      { workflowDef: def },
      { limits: { maxVirtualTime: 11 * 365 * 24 * 3600 * 1000 }, taskDefs: [{ name: 'slow_retry', retryCount: 1, retryDelaySeconds: tenYears }], mocks: { byRef: { slow: [fail(), ok()] } } },
    );

    expect(trace.workflow.status).toBe('COMPLETED');
  });
});

describe('endless synchronous loops', () => {
  it('end an endless DO_WHILE with an EngineLimitError naming the workflow, the limit and the last task', async () => {
    const def: WorkflowDef = {
      name: 'endless',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'spin',
          taskReferenceName: 'spin',
          type: 'DO_WHILE',
          loopCondition: 'true',
          loopOver: [{ name: 'bump', taskReferenceName: 'bump', type: 'SET_VARIABLE', inputParameters: { n: '${spin.output.iteration}' } }],
        },
      ],
    };

    const error = await limitError(runWorkflow({ workflowDef: def }, { limits: { maxDecisionsPerDecide: 200 } }));

    expect([error.limit, error.value, error.workflowName, error.taskReferenceName]).toEqual(['maxDecisionsPerDecide', 200, 'endless', 'bump__100']);
    expect(error.message).toMatch(
      /^workflow "endless" \([0-9a-f-]{36}\) did not settle after 200 decider passes \(maxDecisionsPerDecide\); last task: bump__100\. An endless DO_WHILE or a loop of synchronous tasks\? Raise limits\.maxDecisionsPerDecide if the workflow really needs more\.$/,
    );
  });
});
