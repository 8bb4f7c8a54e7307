import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it, expect } from 'vitest';

import type { WorkflowDef } from '../../src/definitions/index.js';
import { COVERAGE_REGISTRY, TRACE_OBSERVER, explore, installCoverageRegistry, mergeCoverageParts, writeCoveragePart } from '../../src/explore/index.js';
import type { ObservedRun } from '../../src/explore/index.js';
import { fail, noPoll, ok, startWorkflow } from '../../src/mocks/index.js';

const def: WorkflowDef = {
  name: 'pay',
  version: 1,
  tasks: [
    { name: 'charge', taskReferenceName: 'charge', taskDefinition: { name: 'charge', retryCount: 1, retryDelaySeconds: 1 } },
    { name: 'ship', taskReferenceName: 'ship', taskDefinition: { name: 'ship', retryCount: 0 } },
  ],
};

/** What the engine facade does after a run when an observer is installed. */
function engineHook(run: ObservedRun): void {
  const observe = (globalThis as Record<symbol, unknown>)[TRACE_OBSERVER];
  if (typeof observe === 'function') (observe as (r: ObservedRun) => void)(run);
}

afterEach(() => {
  const slots = globalThis as Record<symbol, unknown>;
  delete slots[TRACE_OBSERVER];
  delete slots[COVERAGE_REGISTRY];
});

describe('the run-wide coverage registry', () => {
  it('counts each run once, with its latest trace, whatever the number of observations', async () => {
    const registry = installCoverageRegistry();
    const session = await startWorkflow({ workflowDef: def }, { mocks: { byRef: { charge: [fail(), ok()], ship: noPoll() } } });
    await session.runUntilIdle(); // the retry of charge is due 1 s after the start; ship then waits for us
    engineHook({ run: session, definition: def, trace: session.trace() });
    const done = await session.completeTask('ship', 'COMPLETED');
    engineHook({ run: session, definition: def, trace: done });
    engineHook({ run: session, definition: def, trace: done });

    const [part, ...more] = registry.drain();

    expect(more).toEqual([]);
    expect(part?.report.runs).toBe(1);
    expect(part?.report.outcomes).toEqual({ COMPLETED: 1 });
    expect(part?.report.targets.filter((t) => t.hits > 0).map((t) => t.id)).toEqual(['task:charge', 'retry:charge:1', 'task:ship']);
  });

  it('takes an explore campaign as one report and ignores the campaign runs themselves', async () => {
    const registry = installCoverageRegistry();

    const result = await explore(def, { runs: 25, seed: 4 });
    const parts = registry.drain();

    expect(parts.map((p) => p.report.runs)).toEqual([25]);
    expect(JSON.stringify(parts[0]?.report)).toBe(JSON.stringify(result.coverage));
  });

  it('merges the parts of several test files into coverage.json and one HTML page per workflow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctk-cov-'));
    try {
      const registry = installCoverageRegistry();
      await explore(def, { runs: 10, seed: 1 });
      writeCoveragePart(join(dir, '.parts'), 'a.test.ts', registry.drain());
      await explore(def, { runs: 15, seed: 2 });
      writeCoveragePart(join(dir, '.parts'), 'b.test.ts', registry.drain());

      const merged = mergeCoverageParts(join(dir, '.parts'), dir);
      const reports = JSON.parse(readFileSync(join(dir, 'coverage.json'), 'utf8')) as { runs: number }[];

      expect(merged.files).toEqual(['coverage.json', 'pay-v1.html']);
      expect(reports.map((r) => r.runs)).toEqual([25]);
      expect(merged.table.startsWith('pay v1: 25 runs, coverage ')).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(['coverage.json', 'pay-v1.html']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
