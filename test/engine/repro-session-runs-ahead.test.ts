/**
 * REPRO (engine API bug, for the lead): `startWorkflow` runs every future timer before it returns,
 * so a test cannot act in the middle of a wait.
 *
 * The doc comment of `startWorkflow` (src/mocks/run.ts) says it "runs it until nothing is due;
 * returns a session to signal waiting tasks and move the virtual clock", with the example
 * `await run.advance('2h'); await run.signal('approval', …)`. But the session is created by
 * `Engine.start`, which calls `runUntilIdle()` → `SimulateDriver.runUntil()` with no bound, so a
 * 2-hour WAIT has already ended (at +2h) when `startWorkflow` returns: `advance` then has nothing
 * left to process, and a WAIT can never be signalled before its duration (the server allows
 * that: TaskService.signalTask / a task update on an IN_PROGRESS WAIT).
 *
 * Expected (as documented): after `startWorkflow` the clock is at the last instant with work due
 * *now* (here +0 s), the WAIT is IN_PROGRESS, `advance('10m')` moves to +10 min, and a signal then
 * completes the WAIT at +10 min. `runWorkflow` keeps running everything to the end.
 * Where: src/engine/engine.ts `EngineImpl.start` (calls `session.runUntilIdle()`).
 */
import { describe, it, expect } from 'vitest';
import { ok, startWorkflow } from '../../src/index.js';
import type { WorkflowDef } from '../../src/index.js';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

const def: WorkflowDef = {
  name: 'wait_then_ship',
  version: 1,
  schemaVersion: 2,
  tasks: [
    { name: 'cooling_off', taskReferenceName: 'cool', type: 'WAIT', inputParameters: { duration: '2 hours' } },
    { name: 'ship_task', taskReferenceName: 'ship', type: 'SIMPLE' },
  ],
};

describe('a session', () => {
  it('returns from startWorkflow at the start, so the test can signal a WAIT before its duration', async () => {
    const run = await startWorkflow({ workflowDef: def }, { mocks: { byRef: { ship: ok() } } });
    const atStart = run.trace();

    await run.advance('10m');
    const trace = await run.signal('cool', { skipped: true });

    expect(atStart.workflow.tasks.map((t) => `${t.referenceTaskName}=${t.status}`)).toEqual(['cool=IN_PROGRESS']);
    expect(trace.workflow.tasks.map((t) => [t.referenceTaskName, t.status, t.endTime - T0])).toEqual([
      ['cool', 'COMPLETED', 600_000],
      ['ship', 'COMPLETED', 600_000],
    ]);
  });
});
