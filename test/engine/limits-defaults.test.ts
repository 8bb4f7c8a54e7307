/**
 * The default limits end an endless DO_WHILE with a clear budget error (issue #3 acceptance: "no
 * scenario can hang — an infinite DO_WHILE or script ends with a clear budget error"; STYLE 4.3).
 *
 * The run happens in a child process with a wall-clock cap because a synchronous spin cannot be
 * interrupted from inside the test (vitest's own timeout never fires during it); the cap only
 * guards the suite against a regression to a hang, the assertion is on the error.
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
  process.stdout.write(JSON.stringify({ finished: trace.workflow.status }));
} catch (e) {
  process.stdout.write(JSON.stringify({ name: e.name, limit: e.limit, workflowName: e.workflowName, message: e.message }));
}
`;

describe('an endless DO_WHILE under the default limits', () => {
  it('ends with an EngineLimitError naming the workflow and the limit within 60 seconds', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });

    expect(result.signal).toBeNull();
    const outcome = JSON.parse(result.stdout) as { name?: string; limit?: string; workflowName?: string; message?: string };
    expect([outcome.name, outcome.workflowName]).toEqual(['EngineLimitError', 'endless']);
    expect(outcome.message).toContain('endless');
    expect(outcome.message).toContain(`(${String(outcome.limit)})`);
  }, 70_000);
});
