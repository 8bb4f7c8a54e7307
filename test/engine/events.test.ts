/**
 * The event log of a run: which kinds are recorded, in which order, at which virtual instants.
 * The log is ours (src/engine/events.ts): it records a status each time the server would persist
 * a new one (scheduling, a worker poll, an update, a retry copy, a timeout, the workflow ending).
 */
import { describe, it, expect } from 'vitest';
import { fail, noResponse, ok, runWorkflow, startWorkflow } from '../../src/index.js';
import type { Trace, WorkflowDef } from '../../src/index.js';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

/** `+ms kind ref status #attempt` per event (workflow events without ref and attempt). */
function lines(trace: Trace): string[] {
  return trace.events.map((e) => [`+${e.at - T0}`, e.kind, e.ref ?? '-', e.status ?? '-', e.attempt === undefined ? '-' : `#${e.attempt}`].join(' '));
}

const def: WorkflowDef = {
  name: 'event_flow',
  version: 1,
  schemaVersion: 2,
  tasks: [
    { name: 'a_task', taskReferenceName: 'a', type: 'SIMPLE' },
    { name: 'b_task', taskReferenceName: 'b', type: 'SIMPLE' },
  ],
};

describe('the event log', () => {
  it('records scheduling, polls, answers, the retry and the workflow end in order, with virtual times', async () => {
    const trace = await runWorkflow(
      { workflowDef: def },
      { taskDefs: [{ name: 'a_task', retryCount: 1, retryDelaySeconds: 5 }], mocks: { byRef: { a: [fail('x', {}, { latency: '1s' }), ok({}, { latency: '2s' })], b: ok({}, { latency: 500 }) } } },
    );

    expect(lines(trace)).toEqual([
      '+0 workflow.started - RUNNING -',
      '+0 task.scheduled a SCHEDULED #1',
      '+0 task.started a IN_PROGRESS #1',
      '+1000 task.failed a FAILED #1',
      '+1000 task.retried a - #2',
      '+1000 task.scheduled a SCHEDULED #2',
      '+6000 task.started a IN_PROGRESS #2',
      '+8000 task.completed a COMPLETED #2',
      '+8000 task.scheduled b SCHEDULED #1',
      '+8000 task.started b IN_PROGRESS #1',
      '+8500 task.completed b COMPLETED #1',
      '+8500 workflow.status - COMPLETED -',
    ]);
  });

  it('numbers events from 1 without gaps', async () => {
    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok(), b: ok() } } });

    expect(trace.events.map((e) => e.n)).toEqual(trace.events.map((_, i) => i + 1));
  });

  it('gives the retry event the next attempt, the copy id and the delay', async () => {
    const trace = await runWorkflow({ workflowDef: def }, { taskDefs: [{ name: 'a_task', retryCount: 1, retryDelaySeconds: 5 }], mocks: { byRef: { a: [fail(), ok()], b: ok() } } });

    const retried = trace.events.find((e) => e.kind === 'task.retried');
    const [first, copy] = trace.workflow.tasks;
    expect(retried).toMatchObject({ ref: 'a', taskId: first?.taskId, attempt: 2, detail: { nextTaskId: copy?.taskId, delayMs: 5000 } });
  });

  it('records timeouts with their reason and the workflow end with its reason', async () => {
    const trace = await runWorkflow(
      { workflowDef: { ...def, tasks: [def.tasks[0] as WorkflowDef['tasks'][number]] } },
      { taskDefs: [{ name: 'a_task', retryCount: 0, responseTimeoutSeconds: 10 }], mocks: { byRef: { a: noResponse() } } },
    );

    const taskId = trace.workflow.tasks[0]?.taskId;
    const reason = `responseTimeout: 10 exceeded for the taskId: ${taskId} with Task Definition: a_task`;
    expect(trace.events.slice(-2).map((e) => [e.at - T0, e.kind, e.status, e.reason])).toEqual([
      [10_000, 'task.timed_out', 'TIMED_OUT', reason],
      [10_000, 'workflow.status', 'TIMED_OUT', `Task ${taskId} failed with status: TIMED_OUT and reason: '${reason}'`],
    ]);
  });

  it('records cancellations of running tasks when the workflow ends', async () => {
    const forked: WorkflowDef = {
      name: 'cancel_flow',
      version: 1,
      schemaVersion: 2,
      tasks: [
        { name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: [[{ name: 'slow_task', taskReferenceName: 'slow', type: 'SIMPLE' }], [{ name: 'bad_task', taskReferenceName: 'bad', type: 'SIMPLE', retryCount: 0 }]] },
        { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['slow', 'bad'] },
      ],
    };

    const trace = await runWorkflow({ workflowDef: forked }, { mocks: { byRef: { slow: ok({}, { latency: '1m' }), bad: fail('boom', {}, { latency: '1s' }) } } });

    // The late answer of the cancelled attempt at +60 s records nothing (updateTask ignores terminal tasks).
    expect(lines(trace).slice(-4)).toEqual([
      '+1000 task.failed bad FAILED #1',
      '+1000 task.canceled slow CANCELED #1',
      '+1000 task.canceled join CANCELED #1',
      '+1000 workflow.status - FAILED -',
    ]);
    expect(trace.workflow.tasks.map((t) => `${t.referenceTaskName}=${t.status}`)).toEqual(['fork=COMPLETED', 'slow=CANCELED', 'bad=FAILED', 'join=CANCELED']);
  });

  it('records signals and clock moves requested by the test', async () => {
    const human: WorkflowDef = { name: 'human_flow', version: 1, schemaVersion: 2, tasks: [{ name: 'approve', taskReferenceName: 'approve', type: 'HUMAN' }] };
    const run = await startWorkflow({ workflowDef: human });

    await run.advance('90s');
    const trace = await run.signal('approve', { ok: true });

    expect(lines(trace)).toEqual([
      '+0 workflow.started - RUNNING -',
      '+0 task.started approve IN_PROGRESS #1',
      '+0 clock.advanced - - -',
      '+90000 signal approve COMPLETED -',
      '+90000 task.completed approve COMPLETED #1',
      '+90000 workflow.status - COMPLETED -',
    ]);
    expect(trace.events[2]?.detail).toEqual({ fromMs: T0, toMs: T0 + 90_000 });
  });
});
