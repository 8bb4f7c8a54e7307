/**
 * Fidelity without Java: each scenario of fixtures/scenarios that has a golden file beside it
 * (`<name>.golden.json`, the real server's answer recorded by `conductor-testkit record` from the
 * pinned conductor-server) must be answered identically by the engine in server-compat mode.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEngine, parseScenario, toTrace, compareWithServer, formatTraceDiff } from '../../src/index.js';
import type { ServerWorkflow } from '../../src/index.js';

const dir = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url));
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.golden.json'))
  // simulate-only scenarios (virtual time, real HTTP/Kafka calls) have no server answer
  .filter((f) => (JSON.parse(readFileSync(dir + f, 'utf8')) as { mode?: string }).mode !== 'simulate')
  .sort();
const withGolden = scenarios.filter((f) => existsSync(dir + f.replace(/\.json$/, '.golden.json')));

describe('recorded server answers (goldens)', () => {
  it('exist for every scenario', () => {
    expect(scenarios.filter((f) => !withGolden.includes(f))).toEqual([]);
  });

  it('were recorded from the pinned server version', () => {
    const pinned = /CONDUCTOR_VERSION=(\S+)/.exec(readFileSync(fileURLToPath(new URL('../../scripts/conductor-server.sh', import.meta.url)), 'utf8'))?.[1];
    const labels = new Set(withGolden.map((f) => (JSON.parse(readFileSync(dir + f.replace(/\.json$/, '.golden.json'), 'utf8')) as { server: string }).server));

    expect([...labels]).toEqual([`conductor-server ${pinned ?? '?'}`]);
  });

  for (const file of withGolden) {
    it(`${file.replace(/\.json$/, '')}: the engine answers as the server did`, async () => {
      const scenario = parseScenario(JSON.parse(readFileSync(dir + file, 'utf8')));
      const golden = JSON.parse(readFileSync(dir + file.replace(/\.json$/, '.golden.json'), 'utf8')) as { answer: ServerWorkflow };

      const local = await createEngine({ mode: 'server-compat', taskDefs: scenario.taskDefs ?? [], workflowDefs: scenario.workflowDefs ?? [] }).runTestRequest(
        structuredClone(scenario.request),
      );
      const diff = compareWithServer(local, toTrace(golden.answer));

      expect(diff.equal ? '' : formatTraceDiff(diff)).toBe('');
    });
  }
});
