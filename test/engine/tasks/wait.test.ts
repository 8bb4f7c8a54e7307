/**
 * WAIT: for a duration, until an instant, or until signalled.
 *
 * Conductor source: core/.../execution/mapper/WaitTaskMapper.java (IN_PROGRESS at creation,
 * startTime now; `duration` → waitTimeout = now + seconds, callbackAfterSeconds = seconds; `until`
 * → waitTimeout = the instant, callbackAfterSeconds = max(0, seconds to it); neither → wait
 * forever, callbackAfterSeconds 2147483647; both → FAILED_WITH_TERMINAL_ERROR "Both 'duration' and
 * 'until' specified. Please provide only one input"; a bad until → FAILED_WITH_TERMINAL_ERROR
 * "Invalid/Unsupported Wait Until format.  Provided: <v>"), core/.../execution/tasks/Wait.java
 * (async tick completes it once the instant passed; output stays {}), core/.../utils/
 * DateTimeUtils.java (duration and until grammars). Fidelity limit (src/engine/simulate.ts): the
 * simulator ends a WAIT at its instant, a server on the first tick after it. In the test endpoint a
 * WAIT needs a mock (engine-semantics §7.3). test-harness WaitTaskSpec.groovy.
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow, startWorkflow } from '../../../src/index.js';
import type { JsonObject, WorkflowDef } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

function waitFlow(inputParameters: JsonObject): WorkflowDef {
  return {
    name: 'wait_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters },
      { name: 'resume_task', taskReferenceName: 'resume', type: 'SIMPLE' },
    ],
  };
}

const mocks = { byRef: { resume: ok() } };

describe('WAIT for a duration', () => {
  it('waits that long in virtual time, then the next task runs', async () => {
    const trace = await runWorkflow({ workflowDef: waitFlow({ duration: '30 seconds' }) }, { mocks });

    const pause = taskOf(trace, 'pause');
    expect(taskRows(trace)).toEqual(['pause:WAIT=COMPLETED#0@0', 'resume:resume_task=COMPLETED#0@0']);
    expect([pause.startTime - T0, pause.endTime - T0, pause.callbackAfterSeconds]).toEqual([0, 30_000, 30]);
    expect(pause.outputData).toEqual({});
    expect(taskOf(trace, 'resume').startTime - T0).toBe(30_000);
  });

  it('can be signalled before the duration ends', async () => {
    const run = await startWorkflowAt({ duration: '2 hours' });
    const atStart = run.trace();

    await run.advance('10m');
    const trace = await run.signal('pause', { early: true });

    expect(taskRows(atStart)).toEqual(['pause:WAIT=IN_PROGRESS#0@0']);
    expect(taskRows(trace)).toEqual(['pause:WAIT=COMPLETED#0@0', 'resume:resume_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'pause').endTime - T0).toBe(600_000);
    expect(taskOf(trace, 'pause').outputData).toEqual({ early: true });
  });

  it('ends by itself once the clock reaches its instant', async () => {
    const run = await startWorkflowAt({ duration: '2 hours' });

    const before = await run.advance('1h59m');
    const after = await run.advance('1m');

    expect(taskRows(before)).toEqual(['pause:WAIT=IN_PROGRESS#0@0']);
    expect(taskRows(after)).toEqual(['pause:WAIT=COMPLETED#0@0', 'resume:resume_task=COMPLETED#0@0']);
    expect(taskOf(after, 'pause').endTime - T0).toBe(7_200_000);
  });

  it('reads the duration grammar: 1d2h3m4s', async () => {
    const trace = await runWorkflow({ workflowDef: waitFlow({ duration: '${workflow.input.d}' }), input: { d: '1d2h3m4s' } }, { mocks });

    expect(taskOf(trace, 'pause').endTime - T0).toBe(93_784_000);
  });
});

describe('WAIT until an instant', () => {
  it('waits until the given time, read in its time zone', async () => {
    const trace = await runWorkflow({ workflowDef: waitFlow({ until: '2024-01-01 01:10 GMT+01:00' }) }, { mocks });

    const pause = taskOf(trace, 'pause');
    expect([pause.endTime - T0, pause.callbackAfterSeconds]).toEqual([600_000, 600]);
  });

  it('completes at once when the instant has passed', async () => {
    const trace = await runWorkflow({ workflowDef: waitFlow({ until: '2023-12-31' }) }, { mocks });

    const pause = taskOf(trace, 'pause');
    expect([pause.status, pause.endTime - T0, pause.callbackAfterSeconds]).toEqual(['COMPLETED', 0, 0]);
  });

  it('fails with a terminal error for an unsupported format', async () => {
    const trace = await runWorkflow({ workflowDef: waitFlow({ until: '${workflow.input.when}' }), input: { when: '2024-01-01T10:00:00Z' } }, { mocks });

    expect(taskRows(trace)).toEqual(['pause:WAIT=FAILED_WITH_TERMINAL_ERROR#0@0']);
    expect(taskOf(trace, 'pause').reasonForIncompletion).toBe('Invalid/Unsupported Wait Until format.  Provided: 2024-01-01T10:00:00Z');
  });

  it('fails the workflow on the next sweep, as nothing else decides it', async () => {
    // WAIT is async: scheduleTask only enqueues the already-terminal task, AsyncSystemTaskExecutor
    // drops it without a decide, and the decider queue (workflowOffsetTimeout, 30 s) decides next.
    // A literal "tomorrow" is rejected at registration (isWaitTaskValid); one that arrives through
    // an expression is not checked there and fails the task at run time.
    const trace = await runWorkflow({ workflowDef: waitFlow({ until: '${workflow.input.until}' }), input: { until: 'tomorrow' } }, { mocks });

    const pause = taskOf(trace, 'pause');
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${pause.taskId} failed with status: FAILED and reason: 'Invalid/Unsupported Wait Until format.  Provided: tomorrow'`);
    expect(trace.workflow.endTime - T0).toBe(30_000);
  });

  it('is rejected with both duration and until, as Conductor rejects it', async () => {
    await expect(runWorkflow({ workflowDef: waitFlow({ duration: '1s', until: '2024-01-02' }) }, { mocks })).rejects.toMatchObject({
      name: 'DefinitionError',
      message: expect.stringContaining('set either inputParameters.duration or inputParameters.until, not both') as unknown,
    });
  });

  it('fails with a terminal error when both duration and until are given inside a loop, which Conductor does not validate', async () => {
    const def: WorkflowDef = {
      name: 'wait_flow',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'once',
          taskReferenceName: 'once',
          type: 'DO_WHILE',
          loopCondition: 'false',
          loopOver: [{ name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters: { duration: '1s', until: '2024-01-02' } }],
        },
        { name: 'resume_task', taskReferenceName: 'resume', type: 'SIMPLE' },
      ],
    };

    const trace = await runWorkflow({ workflowDef: def }, { mocks });

    expect(taskOf(trace, 'pause__1').status).toBe('FAILED_WITH_TERMINAL_ERROR');
    expect(taskOf(trace, 'pause__1').reasonForIncompletion).toBe("Both 'duration' and 'until' specified. Please provide only one input");
    expect(trace.workflow.status).toBe('FAILED');
  });
});

describe('WAIT for a signal', () => {
  it('waits forever without input, until the test signals it', async () => {
    const run = await startWorkflowAt({});
    const waiting = run.trace();

    await run.advance('30d');
    const trace = await run.signal('pause', { approvedBy: 'ann' });

    expect(taskRows(waiting)).toEqual(['pause:WAIT=IN_PROGRESS#0@0']);
    expect(taskOf(waiting, 'pause').callbackAfterSeconds).toBe(2147483647);
    expect(taskRows(trace)).toEqual(['pause:WAIT=COMPLETED#0@0', 'resume:resume_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'pause').outputData).toEqual({ approvedBy: 'ann' });
    expect(taskOf(trace, 'pause').endTime - T0).toBe(30 * 86_400_000);
  });

  it('is completed by a mock answer when the test gives one', async () => {
    const trace = await runWorkflow({ workflowDef: waitFlow({}) }, { mocks: { byRef: { pause: ok({ via: 'mock' }, { latency: '5m' }), resume: ok() } } });

    expect(taskRows(trace)).toEqual(['pause:WAIT=COMPLETED#0@0', 'resume:resume_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'pause').outputData).toEqual({ via: 'mock' });
    expect(taskOf(trace, 'pause').endTime - T0).toBe(300_000);
  });
});

describe('WAIT in server-compat mode', () => {
  it('is completed by its mock', async () => {
    const trace = await runWorkflow(
      { name: 'wait_flow', workflowDef: waitFlow({ duration: '1 hour' }), input: {}, taskRefToMockOutput: { pause: [{ status: 'COMPLETED', output: { ok: 1 } }], resume: [{ status: 'COMPLETED', output: {} }] } },
      { mode: 'server-compat' },
    );

    expect(taskRows(trace)).toEqual(['pause:WAIT=COMPLETED#0@0', 'resume:resume_task=COMPLETED#0@0']);
  });

  it('stops the run RUNNING without a mock', async () => {
    const trace = await runWorkflow({ name: 'wait_flow', workflowDef: waitFlow({}), input: {}, taskRefToMockOutput: { resume: [{ status: 'COMPLETED', output: {} }] } }, { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual(['pause:WAIT=IN_PROGRESS#0@0']);
    expect(trace.workflow.status).toBe('RUNNING');
  });
});

function startWorkflowAt(inputParameters: JsonObject): ReturnType<typeof startWorkflow> {
  return startWorkflow({ workflowDef: waitFlow(inputParameters) }, { mocks });
}
