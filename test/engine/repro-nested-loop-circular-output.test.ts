/**
 * REPRO (engine bug, for the lead; found by `npm run fuzz -- --seed 777`, case 19,720, then reduced
 * by hand): a DO_WHILE inside a DO_WHILE leaves a trace whose outputs are circular, so
 * `JSON.stringify(trace)` throws "Converting circular structure to JSON" and `serializeTrace` /
 * `formatTimeline` throw "Maximum call stack size exceeded" (the CLI, snapshots and diffs all die).
 *
 * The inner loop runs twice here (list mode, two items); its runtime tasks inner__1 and inner__2
 * share the base ref `inner`, which is in the inner loop's own subtree, so each one's per-iteration
 * output map gets the other's output object under key "inner" — the same object, not a copy —
 * and the objects end up containing each other (inner__1.output["2"].inner → inner__2.output …).
 * It shows once the workflow fails while the loops run (here a SWITCH in a parallel branch).
 *
 * Conductor does not support nested DO_WHILE (task-types §2.10; validateWorkflowDef warns), but it
 * accepts the definition and a run must still produce a trace. On the server a task's output is
 * stored as JSON (ExecutionDAO keeps serialized TaskModels), so outputs never share structure and
 * DoWhile.java's `output.put(baseRef, loopOverTask.getOutputData())` copies a snapshot. Expected:
 * the trace is JSON (architecture.md "Determinism": a byte-identical serialized trace).
 * Where: src/engine/tasks/do-while.ts (the per-iteration output map stores the task's output
 * object itself) — a structuredClone of what it stores, or excluding the loop's own runtime
 * copies, would do.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowDef, WorkflowTask } from '../../src/definitions/index.js';
import { ok, runWorkflow } from '../../src/mocks/index.js';
import { formatTimeline, serializeTrace } from '../../src/trace/index.js';

const inner: WorkflowTask = { name: 'inner', taskReferenceName: 'inner', type: 'DO_WHILE', loopCondition: '', items: '${workflow.input.list}', loopOver: [{ name: 'n', taskReferenceName: 'n', type: 'NOOP' }] };
const outer: WorkflowTask = { name: 'outer', taskReferenceName: 'outer', type: 'DO_WHILE', loopCondition: "$.outer['iteration'] < 1", loopOver: [inner] };
const failingSwitch: WorkflowTask = { name: 'route', taskReferenceName: 'route', type: 'SWITCH', evaluatorType: 'javascript', expression: '$.missing.x', decisionCases: { a: [{ name: 'x', taskReferenceName: 'x', type: 'NOOP' }] } };

const def: WorkflowDef = {
  name: 'nested_loops',
  version: 1,
  schemaVersion: 2,
  tasks: [
    { name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: [[outer], [{ name: 'w', taskReferenceName: 'w', type: 'SIMPLE' }, failingSwitch]] },
    { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['outer', 'route'] },
  ],
};

describe('a nested DO_WHILE', () => {
  it('leaves a trace that is JSON', async () => {
    const trace = await runWorkflow({ workflowDef: def, input: { list: [1, 2] } }, { mocks: { byRef: { w: ok() } } });

    expect(trace.workflow.status).toBe('FAILED');
    expect(() => JSON.stringify(trace)).not.toThrow();
    expect(() => serializeTrace(trace)).not.toThrow();
    expect(() => formatTimeline(trace)).not.toThrow();
  });
});
