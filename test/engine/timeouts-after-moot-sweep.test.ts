/**
 * Regression (found by explore on fixtures/workflows/claim-triage.json, fixed in the simulate
 * driver's sweep bookkeeping): a silent worker must time out even when an earlier task's response
 * timeout, due sooner, became moot.
 *
 * `a` (responseTimeoutSeconds 30) is polled at +0 s, so the simulate driver schedules a sweep at
 * +30 s; `a` answers at once, so that sweep is stale. `b` (responseTimeoutSeconds 300) is then
 * polled and its worker never answers: its response timeout is due at +300 s. The run ends RUNNING
 * with `b` IN_PROGRESS: no sweep is ever scheduled for +300 s (after df98ba4 "drop timers whose
 * reason went away"; before it, the run timed out as expected).
 *
 * Expected (Conductor: core/.../execution/DeciderService.java `checkTaskResponseTimeout`;
 * engine-semantics §5.5): `b` TIMED_OUT at +300 s, and with retryCount 0 the workflow TIMED_OUT.
 */
import { describe, it, expect } from 'vitest';
import { noResponse, ok, runWorkflow } from '../../src/index.js';
import type { WorkflowDef } from '../../src/index.js';

const def: WorkflowDef = {
  name: 'moot_sweep',
  version: 1,
  schemaVersion: 2,
  tasks: [
    { name: 'a', taskReferenceName: 'a', type: 'SIMPLE', taskDefinition: { name: 'a', retryCount: 0, responseTimeoutSeconds: 30 } },
    { name: 'b', taskReferenceName: 'b', type: 'SIMPLE', taskDefinition: { name: 'b', retryCount: 0, responseTimeoutSeconds: 300 } },
  ],
};

describe('a silent worker after a moot response timeout', () => {
  it('still times out at its own response timeout', async () => {
    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { a: ok({}), b: noResponse() } } });

    expect(trace.workflow.tasks.map((t) => `${t.referenceTaskName}:${t.status}`)).toEqual(['a:COMPLETED', 'b:TIMED_OUT']);
    expect(trace.workflow.status).toBe('TIMED_OUT');
  });
});
