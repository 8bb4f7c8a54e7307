/**
 * Profiles one workload on the built code and prints its hot spots: self and inclusive shares of
 * the CPU samples with the call paths that carry them. Asserts nothing.
 *
 *   node bench/build.mjs
 *   node .cache/bench/pkg/dist/esm/bench/profile.js <workload> [--seconds S] [--top N] [--mode simulate|server-compat]
 *
 * <workload> is an id printed by `npm run bench` (a-line-20, c-loop-sync-1000, e-explore-claim-triage, …).
 *
 * Runs `node --cpu-prof` on bench/worker.js (one warm-up second, then the timed samples) and reads
 * the profile it writes; the .cpuprofile is kept (path printed) for Chrome DevTools / speedscope.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeProfile, topInclusive } from './lib/cpuprofile.js';
import type { CpuProfile } from './lib/cpuprofile.js';

const here = dirname(fileURLToPath(import.meta.url));

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

function main(args: readonly string[]): void {
  const id = args[0];
  if (id === undefined || id.startsWith('--')) throw new Error('usage: profile.js <workload> [--seconds S] [--top N] [--mode simulate|server-compat]');
  const seconds = Number(option(args, '--seconds') ?? 5);
  const top = Number(option(args, '--top') ?? 15);
  const mode = option(args, '--mode') ?? 'simulate';
  const dir = mkdtempSync(join(tmpdir(), 'ctk-prof-'));
  const load = loadavg();
  const run = spawnSync(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100', join(here, 'worker.js'), 'time', id, '--mode', mode, '--samples', '1', '--sample-ms', String(seconds * 1000), '--warmup-ms', '1000'],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`worker failed (${String(run.status)}): ${run.stderr}`);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile written in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const summary = summarizeProfile(profile, { pathDepth: 4, pathsPerFunction: 2 });
  const out: string[] = [];
  out.push(`profile of ${id} (${mode}), ${summary.sampleCount} samples over ${(summary.durationMs / 1000).toFixed(1)} s (warm-up included), load average ${load.map((l) => l.toFixed(2)).join(' ')}`);
  out.push(`file: ${join(dir, file)}`);
  out.push(`garbage collector ${summary.gcPercent.toFixed(1)} %, idle ${summary.idlePercent.toFixed(1)} %`);
  out.push('', `top ${top} by self time:`);
  for (const f of summary.functions.slice(0, top)) {
    out.push(`${f.selfPercent.toFixed(1).padStart(6)} % self ${f.totalPercent.toFixed(1).padStart(6)} % total  ${f.key}`);
    for (const p of f.paths) out.push(`${''.padStart(10)}${p.percent.toFixed(1).padStart(5)} % via ${p.path}`);
  }
  out.push('', `top ${top} by inclusive time:`);
  for (const f of topInclusive(summary, top)) out.push(`${f.totalPercent.toFixed(1).padStart(6)} % total ${f.selfPercent.toFixed(1).padStart(6)} % self  ${f.key}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main(process.argv.slice(2));
