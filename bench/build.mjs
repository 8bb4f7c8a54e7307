// Builds what `npm run bench` measures: the package's ESM output, built exactly as `npm run build`
// builds it (scripts/esm-bundle.mjs: one esbuild bundle with code splitting), plus the bench
// scripts, into a private copy of the package at .cache/bench/pkg (package.json + dist/esm).
// Inside it, `import 'conductor-testkit'` resolves by package self-reference to the built code, as
// it does for a user. A private copy, not dist/, because several people share this working tree:
// `npm run build` deletes dist/ first, and a rebuild by someone else in the middle of a run would
// pull the files from under the bench.
//
// The bench scripts are bundled one file per script with `conductor-testkit` and every dependency
// external, so they load the package copy above. explore.js, expressions.js and scripts.js import
// internals (../src/...) that the package does not export: those get their own copy of the
// modules they use, which measures the same code. No type check here (the bench was checked by
// tsc before this used esbuild): `npm run typecheck` covers bench/.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleEsm } from '../scripts/esm-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.cache', 'bench', 'pkg');
const started = process.hrtime.bigint();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'package.json'), readFileSync(join(root, 'package.json')));
await bundleEsm({ root, outdir: join(out, 'dist', 'esm') });
await build({
  absWorkingDir: root,
  entryPoints: readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.ts')).map((f) => join('bench', f)),
  outdir: join(out, 'dist', 'esm', 'bench'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: join(root, 'tsconfig.esm.json'),
  packages: 'external',
  logLevel: 'warning',
});
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stderr.write(`bench: built the package and the bench into ${out} in ${(ms / 1000).toFixed(1)} s\n`);
