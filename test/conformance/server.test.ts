/**
 * The server suite: with CONDUCTOR_SERVER_URL set (CI starts the pinned conductor-server with
 * scripts/conductor-server.sh), every scenario of fixtures/scenarios is replayed on the real
 * server and in the engine, and the answers must agree field for field. Without a server the
 * suite is skipped, and says so.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createConductorClient, formatTraceDiff, parseScenario, replay } from '../../src/index.js';

const url = process.env['CONDUCTOR_SERVER_URL'];
const dir = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.golden.json'))
  // simulate-only scenarios (virtual time, real HTTP/Kafka calls) have no server answer
  .filter((f) => (JSON.parse(readFileSync(dir + f, 'utf8')) as { mode?: string }).mode !== 'simulate')
  .sort();

if (url === undefined || url === '') {
  process.stdout.write(
    '[conductor-testkit] server suite skipped: CONDUCTOR_SERVER_URL is not set. Start the pinned server with ' +
      '`scripts/conductor-server.sh start` (needs Java 21+ and Maven) and set CONDUCTOR_SERVER_URL to `scripts/conductor-server.sh url` to run it; CI always does.\n',
  );
}

describe.skipIf(url === undefined || url === '')('the real server agrees with the engine', () => {
  const client = createConductorClient({ baseUrl: url ?? 'http://127.0.0.1:1', timeoutMs: 600_000 });

  for (const file of files) {
    it(`${file.replace(/\.json$/, '')}`, async () => {
      const scenario = parseScenario(JSON.parse(readFileSync(dir + file, 'utf8')));

      const result = await replay(scenario.request, { client, taskDefs: scenario.taskDefs ?? [], workflowDefs: scenario.workflowDefs ?? [] });

      expect(result.error?.message ?? '').toBe('');
      expect(result.diff === undefined || result.diff.equal ? '' : formatTraceDiff(result.diff)).toBe('');
    }, 600_000);
  }
});
