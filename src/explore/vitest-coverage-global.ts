/**
 * vitest global setup (`test.globalSetup`) for workflow coverage: clears old parts before the
 * run, merges every test file's part after it into `<dir>/coverage.json` and `<dir>/<workflow>-v<n>.html`,
 * and prints the coverage tables. See `vitest-coverage-setup.ts`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { mergeCoverageParts } from './coverage-registry.js';

function dir(): string {
  return process.env['CTK_COVERAGE_DIR'] ?? 'coverage/workflows';
}

/** Before the run: forget parts of an earlier run. */
export function setup(): void {
  rmSync(join(dir(), '.parts'), { recursive: true, force: true });
}

/** After the run: merge the parts and print where the reports are. */
export function teardown(): void {
  if (process.env['CTK_COVERAGE'] === '0') return;
  const merged = mergeCoverageParts(join(dir(), '.parts'), dir());
  if (merged.files.length === 0) return;
  process.stdout.write(`\nWorkflow coverage (${dir()}/${merged.files.join(`, ${dir()}/`)}):\n\n${merged.table}\n`);
}
