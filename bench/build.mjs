// Builds what `npm run bench` measures: the package's ESM output (tsconfig.esm.json, the same
// compiler settings as `npm run build`) plus the bench scripts, into a private copy of the package
// at .cache/bench/pkg (package.json + dist/esm). Inside it, `import 'conductor-testkit'` resolves by
// package self-reference to the built code, as it does for a user. A private copy, not dist/,
// because several people share this working tree: `npm run build` deletes dist/ first, and a
// rebuild by someone else in the middle of a run would pull the files from under the bench.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.cache', 'bench', 'pkg');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const started = process.hrtime.bigint();
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'bench', 'tsconfig.build.json')], { stdio: 'inherit' });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'package.json'), readFileSync(join(root, 'package.json')));
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stderr.write(`bench: built the package and the bench into ${out} in ${(ms / 1000).toFixed(1)} s\n`);
