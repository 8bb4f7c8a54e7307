/**
 * vitest setup file (`test.setupFiles`) that accumulates workflow coverage over the whole test
 * run: installs the coverage registry the engine facade and `explore` feed, and writes this test
 * file's coverage to `<dir>/.parts/` after the file. Pair it with `vitest-coverage-global.ts`
 * (`test.globalSetup`), which merges the parts into `<dir>/coverage.json` and one HTML page per
 * workflow. `<dir>` is `CTK_COVERAGE_DIR`, else `coverage/workflows`; `CTK_COVERAGE=0` turns it off.
 *
 * @example
 * // vitest.config.ts
 * test: { setupFiles: ['conductor-testkit/coverage/setup'], globalSetup: ['conductor-testkit/coverage/global'] }
 */
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { installCoverageRegistry, writeCoveragePart } from './coverage-registry.js';

if (process.env['CTK_COVERAGE'] !== '0') {
  const registry = installCoverageRegistry();
  const dir = process.env['CTK_COVERAGE_DIR'] ?? 'coverage/workflows';
  afterAll(() => {
    const testPath = expect.getState().testPath ?? `pid-${process.pid}`;
    const name = testPath.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-150);
    writeCoveragePart(join(dir, '.parts'), name, registry.drain());
  });
}
