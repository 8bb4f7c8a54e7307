/**
 * REPRO (engine bug, for the lead): an endless DO_WHILE of synchronous tasks does not end with
 * the budget error in any useful time under the default limits.
 *
 * `loopCondition: "true"` over one SET_VARIABLE never stops. The engine counts decider passes
 * against `maxDecisionsPerDecide` (default 250,000), but each pass costs time that grows with the
 * task list (measured on this machine: 1,000 passes 4.4 s, 4,000 passes 42 s), so the default
 * budget is reached after hours: `runWorkflow` (and `conductor-testkit check`) hangs. A nested
 * DO_WHILE, which Conductor does not support (task-types.md §2.10) and which never settles, hangs
 * the same way (10,000 passes took 56 s).
 *
 * Expected (issue #3 acceptance, STYLE 4.3): "no scenario can hang — an infinite DO_WHILE or
 * script ends with a clear budget error" naming the workflow and the limit, within seconds with
 * the default limits. Where: src/engine/engine.ts DEFAULT_LIMITS.maxDecisionsPerDecide and the
 * per-pass cost in src/engine/executor.ts `decide` / src/engine/tasks/do-while.ts (a budget on
 * loop iterations or on total tasks would bound it).
 *
 * The run happens in a child process with a wall-clock limit because a synchronous spin cannot be
 * interrupted from inside the test (vitest's own timeout never fires during it).
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const index = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

const script = `
const { runWorkflow } = await import(${JSON.stringify(index)});
const def = { name: 'endless', version: 1, schemaVersion: 2, tasks: [
  { name: 'spin', taskReferenceName: 'spin', type: 'DO_WHILE', loopCondition: 'true', loopOver: [
    { name: 'bump', taskReferenceName: 'bump', type: 'SET_VARIABLE', inputParameters: { n: '\${spin.output.iteration}' } } ] } ] };
try {
  const trace = await runWorkflow({ workflowDef: def });
  process.stdout.write('finished ' + trace.workflow.status);
} catch (e) {
  process.stdout.write(e.name + ' ' + e.limit + ' ' + e.workflowName);
}
`;

describe('an endless DO_WHILE under the default limits', () => {
  it('ends with an EngineLimitError naming the workflow within 60 seconds', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });

    expect(result.signal).toBeNull();
    expect(result.stdout).toBe('EngineLimitError maxLoopIterations endless');
  }, 70_000);
});
