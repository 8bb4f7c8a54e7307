/**
 * REPRO (engine bug, for the lead): a DO_WHILE nested in a DO_WHILE whose outer loop runs twice
 * never settles: the first decide after the inner task completes spins (300 decider passes take
 * about 1 s, "last task: t__1", so the default maxDecisionsPerDecide of 250,000 is reached only
 * after many minutes — in practice a hang; a 300 s run did not end).
 *
 * What the server does (Conductor docs call nested DO_WHILE unsupported, but the code path is
 * deterministic): in outer iteration 2, WorkflowExecutorOps.scheduleNextIteration maps the inner
 * node afresh (DoWhileTaskMapper finds no task with ref `inner`) and renames it `inner__2`,
 * iteration 2. DoWhile.execute on `inner__2` finds no task of its subtree with iteration 2, so it
 * takes the first-execution branch: iteration := 1 and schedules `t` as `t__1` again. That copy's
 * (ref, retryCount) key already exists, so SqliteExecutionDAO.createTasks skips it (it lives only in
 * memory for the rest of that decide). On the next pass `inner__2` sees the old, COMPLETED `t__1`
 * (LinkedHashMap keeps the first of equal retryCounts), its condition `false` ends it, the outer
 * condition ends the outer loop, and `after` is scheduled: the workflow completes once `after` does.
 *
 * Expected: the run ends within seconds — ideally as the server does (below, tasks in order, the
 * phantom `t__1` absent); at the very least with an EngineLimitError instead of spinning.
 * Where: src/engine/tasks/do-while.ts first-execution branch / src/engine/executor.ts
 * `scheduleNextIteration` + dedup of (ref, retryCount).
 *
 * Runs in a child process with a wall-clock cap because the spin is synchronous.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const index = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

const script = `
const { runWorkflow, ok } = await import(${JSON.stringify(index)});
const def = { name: 'nest', version: 1, schemaVersion: 2, tasks: [
  { name: 'outer', taskReferenceName: 'outer', type: 'DO_WHILE', loopCondition: '$.outer["iteration"] < 2', loopOver: [
    { name: 'inner', taskReferenceName: 'inner', type: 'DO_WHILE', loopCondition: 'false', loopOver: [{ name: 't', taskReferenceName: 't', type: 'SIMPLE' }] } ] },
  { name: 'after', taskReferenceName: 'after', type: 'SIMPLE' } ] };
try {
  const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { t: ok({ n: 1 }), after: ok() } } });
  process.stdout.write(JSON.stringify({ status: trace.workflow.status, tasks: trace.workflow.tasks.map((t) => t.referenceTaskName + ':' + t.taskType + '=' + t.status + '@' + t.iteration) }));
} catch (e) {
  process.stdout.write(JSON.stringify({ error: e.name + ' ' + e.limit }));
}
`;

describe('a DO_WHILE nested in a DO_WHILE that runs twice', () => {
  it('completes as the server does instead of spinning', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });

    expect(result.signal).toBeNull();
    expect(JSON.parse(result.stdout)).toEqual({
      status: 'COMPLETED',
      tasks: ['outer:DO_WHILE=COMPLETED@2', 'inner__1:DO_WHILE=COMPLETED@1', 't__1:t=COMPLETED@1', 'inner__2:DO_WHILE=COMPLETED@1', 'after:after=COMPLETED@0'],
    });
  }, 40_000);
});
