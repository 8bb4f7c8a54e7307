/**
 * Fidelity on Conductor's own test harness (shared/fixtures/conductor-harness, read in place, never
 * copied): every scenario's request runs in the engine in server-compat mode and must give the
 * execution the scenario expects (status, task list, outputs, reasons as the corpus states them).
 * The scenarios listed in docs/divergences.md as server races are held to the same expectation:
 * the corpus records one outcome of each race, and the engine must give that one.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkScenario, formatMismatches, parseScenario } from '../../src/index.js';

const scenarios = fileURLToPath(new URL('../../../shared/fixtures/conductor-harness/scenarios/', import.meta.url));
const present = existsSync(scenarios);
if (!present) process.stdout.write(`[conformance] skipping the harness corpus: ${scenarios} is absent\n`);

const files = present ? readdirSync(scenarios).filter((f) => f.endsWith('.json')).sort() : [];

describe.skipIf(!present)('the conductor-harness scenarios', () => {
  it('are all there (the corpus has 126)', () => {
    expect(files.length).toBeGreaterThanOrEqual(126);
  });

  for (const file of files) {
    it(file.replace(/\.json$/, ''), async () => {
      const scenario = parseScenario(JSON.parse(readFileSync(scenarios + file, 'utf8')), { subject: file });

      const result = await checkScenario(scenario);

      expect(result.error ?? '').toBe('');
      expect(result.passed ? '' : formatMismatches(result.mismatches)).toBe('');
    });
  }
});
