#!/usr/bin/env node
// Entry point of the `conductor-testkit` command: the built CLI when present, else the TypeScript
// sources through tsx (a checkout without a build, e.g. `npx conductor-testkit` in this repository).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'esm', 'src', 'cli', 'main.js');
if (existsSync(built)) {
  const { runCli } = await import(pathToFileURL(built).href);
  const code = await runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  });
  process.exitCode = code;
} else {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
