/**
 * REPRO (engine bug, for the lead): a WAIT that its mapper creates already terminal
 * (FAILED_WITH_TERMINAL_ERROR for a bad `until`, or for both `duration` and `until`) never fails
 * the workflow in simulate mode: the run ends RUNNING with the failed WAIT in its task list.
 *
 * Conductor: core/.../execution/mapper/WaitTaskMapper.java `setCallbackAfter` sets the status at
 * creation; WAIT is an async system task, so `WorkflowExecutorOps.scheduleTask` only enqueues it
 * and the decide ends without another pass; `AsyncSystemTaskExecutor.execute` drops a terminal
 * task from its queue without deciding. The workflow is still in the decider queue
 * (`ExecutionDAOFacade.createWorkflow` pushes it with workflowOffsetTimeout, 30 s by default;
 * `ExecutorUtils.computePostpone`), so the sweeper decides it within about 30 s; the decider then
 * sees the terminal, non-retriable WAIT (`DeciderService.retry`) and fails the workflow with
 * "Task <id> failed with status: FAILED and reason: '<WAIT reason>'".
 *
 * Expected in simulate mode: the workflow ends FAILED with that reason (the instant is the
 * sweeper's, not asserted). Where: src/engine/simulate.ts `scheduleSweep` only plans decides for
 * timeouts (`Executor.nextTimeoutAt`), so nothing ever decides the workflow again.
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow } from '../../src/index.js';
import type { JsonObject, WorkflowDef } from '../../src/index.js';

function waitFlow(inputParameters: JsonObject): WorkflowDef {
  return {
    name: 'bad_wait',
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters },
      { name: 'resume_task', taskReferenceName: 'resume', type: 'SIMPLE' },
    ],
  };
}

describe('a WAIT created FAILED_WITH_TERMINAL_ERROR', () => {
  it('fails the workflow when until cannot be parsed', async () => {
    const trace = await runWorkflow({ workflowDef: waitFlow({ until: 'tomorrow' }) }, { mocks: { byRef: { resume: ok() } } });

    const pause = trace.workflow.tasks[0];
    expect(pause?.status).toBe('FAILED_WITH_TERMINAL_ERROR');
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${pause?.taskId} failed with status: FAILED and reason: 'Invalid/Unsupported Wait Until format.  Provided: tomorrow'`);
  });

  it('fails the workflow when both duration and until are given', async () => {
    const trace = await runWorkflow({ workflowDef: waitFlow({ duration: '1s', until: '2024-01-02' }) }, { mocks: { byRef: { resume: ok() } } });

    expect(trace.workflow.status).toBe('FAILED');
  });
});
