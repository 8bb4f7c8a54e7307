/**
 * NOOP: does nothing and completes in the decide that schedules it.
 *
 * Conductor source: core/.../execution/mapper/NoopTaskMapper.java (IN_PROGRESS, input {} — the
 * inputParameters are neither evaluated nor stored) and core/.../execution/tasks/Noop.java (sync,
 * execute → COMPLETED).
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow } from '../../../src/index.js';
import type { WorkflowDef } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

const def: WorkflowDef = {
  name: 'noop_flow',
  version: 1,
  schemaVersion: 2,
  tasks: [
    { name: 'nothing', taskReferenceName: 'nothing', type: 'NOOP', inputParameters: { ignored: '${workflow.input.x}' } },
    { name: 'after_task', taskReferenceName: 'after', type: 'SIMPLE' },
  ],
};

describe('NOOP', () => {
  it('completes at once with empty input and output', async () => {
    const trace = await runWorkflow({ workflowDef: def, input: { x: 1 } }, { mocks: { byRef: { after: ok() } } });

    const nothing = taskOf(trace, 'nothing');
    expect(taskRows(trace)).toEqual(['nothing:NOOP=COMPLETED#0@0', 'after:after_task=COMPLETED#0@0']);
    expect([nothing.inputData, nothing.outputData, nothing.endTime - Date.parse('2024-01-01T00:00:00Z')]).toEqual([{}, {}, 0]);
  });

  it('needs no mock in server-compat mode', async () => {
    const trace = await runWorkflow({ name: 'noop_flow', workflowDef: def, input: {}, taskRefToMockOutput: { after: [{ status: 'COMPLETED', output: {} }] } }, { mode: 'server-compat' });

    expect(taskRows(trace)).toEqual(['nothing:NOOP=COMPLETED#0@0', 'after:after_task=COMPLETED#0@0']);
    expect(trace.workflow.status).toBe('COMPLETED');
  });
});
