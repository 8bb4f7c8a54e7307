/**
 * REPRO (engine bug, for the lead): a sweep scheduled for a timeout that can no longer happen still
 * moves the virtual clock.
 *
 * A worker task with the ad-hoc TaskDef (responseTimeoutSeconds 3600) is polled at +0 s; the
 * simulate driver schedules a sweep at +3600 s for its response timeout. The worker answers at
 * +2 s, so that timeout can never fire, but `runUntilIdle` (called by `startWorkflow`) still pops
 * the stale sweep and advances the clock to +3600 s. Everything the test does next (signal,
 * completeTask, advance) then happens an hour late: a HUMAN task signalled right after the start
 * ends at +1h instead of +2 s.
 *
 * Expected: a run at rest stays at the instant of its last real activity. Conductor has no such
 * jump: its sweeper only re-evaluates the workflow (DeciderService.decide) and changes nothing
 * when no timeout is due; time in the server is wall-clock time, which the test drives here.
 * Where: src/engine/simulate.ts `scheduleSweep` / `runUntil` (stale `sweep` actions are applied
 * and move the clock via `clockTo` before the decide finds nothing to do).
 */
import { describe, it, expect } from 'vitest';
import { ok, startWorkflow } from '../../src/index.js';
import type { WorkflowDef } from '../../src/index.js';

const T0 = Date.parse('2024-01-01T00:00:00.000Z');

const def: WorkflowDef = {
  name: 'stale_sweep',
  version: 1,
  schemaVersion: 2,
  tasks: [
    { name: 'prepare', taskReferenceName: 'prepare', type: 'SIMPLE' },
    { name: 'approval', taskReferenceName: 'approve', type: 'HUMAN' },
  ],
};

describe('a run at rest', () => {
  it('keeps the virtual clock at its last activity when a pending timeout became moot', async () => {
    const run = await startWorkflow({ workflowDef: def }, { mocks: { byRef: { prepare: ok({}, { latency: '2s' }) } } });

    await run.advance('2s');
    const trace = await run.signal('approve');

    expect(run.now() - T0).toBe(2_000);
    expect(trace.workflow.tasks.map((t) => t.endTime - T0)).toEqual([2_000, 2_000]);
  });
});
