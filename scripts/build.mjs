// Builds both outputs (STYLE 9.2). ESM: declarations from tsconfig.esm.json (tsc, declaration-only
// emit, at the paths package.json "exports" names), JavaScript as one esbuild bundle with code
// splitting over every ESM entry point (scripts/esm-bundle.mjs says why). CommonJS: plain tsc with
// tsconfig.cjs.json, then dist/cjs is marked as CommonJS so Node and jest load it with require().
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEsm } from './esm-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.esm.json'), '--emitDeclarationOnly'], { stdio: 'inherit' });
await bundleEsm({ root, outdir: join(root, 'dist', 'esm') });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.cjs.json')], { stdio: 'inherit' });
mkdirSync(join(root, 'dist', 'cjs'), { recursive: true });
writeFileSync(join(root, 'dist', 'cjs', 'package.json'), '{"type":"commonjs"}\n');
