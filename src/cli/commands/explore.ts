/**
 * `conductor-testkit explore <workflow.json> [--runs N] [--seed S] [--shard i/n] [--report html|json]
 * [--min-coverage P]`: explores a workflow's branches, retries and failures on the in-memory engine,
 * prints coverage, and prints the first invariant failure shrunk, ready to paste.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TaskDef, WorkflowDef } from '../../definitions/index.js';
import { parseTaskDef, parseWorkflowDef } from '../../definitions/index.js';
import { UsageError } from '../../errors/index.js';
import { explore, formatCoverageTable, renderCoverageHtml, terminates } from '../../explore/index.js';
import type { Invariant } from '../../explore/index.js';
import type { Command } from '../command.js';
import { readJsonFile } from '../files.js';

const USAGE = `Usage: conductor-testkit explore <workflow.json | test-request.json> [options]

Generates workflow inputs and task outcomes (success, FAILED, FAILED_WITH_TERMINAL_ERROR, a worker
that never answers, latency), steered so every SWITCH case, loop depth and retry path is reached;
runs each on the in-memory engine; prints workflow coverage. With --terminates, a run that does not
end is a failure: it is shrunk and printed as a WorkflowTestRequest and a vitest test.

Options:
  --runs <n>            scenarios to run, over all shards (default 100)
  --seed <n>            fast-check seed (default 1); the same seed gives the same result
  --shard <i/n>         run only slice i of n of the runs (CI machines: one slice each)
  --report <html|json>  also write the coverage report (HTML: the workflow graph coloured by coverage)
  --out <path>          where to write it (default artifacts/coverage/<workflow>.<html|json>)
  --min-coverage <p>    exit 1 when fewer than p percent of the paths were reached
  --terminates          check that every run ends (not RUNNING)
  --task-defs <file>    JSON array of TaskDefs registered on the simulated server
  --max-loop <n>        loop depths to reach, 1..n (default 3)

Exit codes: 0 ok, 1 an invariant failed or coverage is below --min-coverage, 2 bad usage.`;

function integer(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

function progressBar(done: number, total: number): string {
  const width = 30;
  const filled = Math.round((width * done) / Math.max(1, total));
  return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} runs`;
}

export const exploreCommand: Command = {
  name: 'explore',
  summary: 'explore branches, retries and failures with generated scenarios; print workflow coverage',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        runs: { type: 'string' },
        seed: { type: 'string' },
        shard: { type: 'string' },
        report: { type: 'string' },
        out: { type: 'string' },
        'min-coverage': { type: 'string' },
        terminates: { type: 'boolean' },
        'task-defs': { type: 'string' },
        'max-loop': { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one workflow definition (or test-request) file; see --help');
    const file = positionals[0] as string;
    const raw = readJsonFile(file, io.cwd);
    const candidate = typeof raw === 'object' && raw !== null && 'workflowDef' in raw ? (raw as { workflowDef: unknown }).workflowDef : raw;
    const def: WorkflowDef = parseWorkflowDef(candidate, { subject: file });
    const runs = integer(values.runs, 'runs', 1) ?? 100;
    const seed = integer(values.seed, 'seed', -(2 ** 31)) ?? 1;
    const maxLoop = integer(values['max-loop'], 'max-loop', 1);
    const report = values.report;
    if (report !== undefined && report !== 'html' && report !== 'json') throw new UsageError(`--report must be html or json, got "${report}"`);
    const minCoverage = values['min-coverage'] === undefined ? undefined : Number(values['min-coverage']);
    if (minCoverage !== undefined && !(Number.isFinite(minCoverage) && minCoverage >= 0 && minCoverage <= 100)) {
      throw new UsageError(`--min-coverage must be a percentage between 0 and 100, got "${values['min-coverage'] ?? ''}"`);
    }
    let taskDefs: TaskDef[] | undefined;
    if (values['task-defs'] !== undefined) {
      const list = readJsonFile(values['task-defs'], io.cwd);
      if (!Array.isArray(list)) throw new UsageError(`${values['task-defs']}: expected a JSON array of TaskDefs`);
      taskDefs = list.map((t, i) => parseTaskDef(t, { subject: `${values['task-defs'] ?? ''}[${i}]` }));
    }
    const invariants: Record<string, Invariant> = values.terminates === true ? { terminates: terminates() } : {};

    const showProgress = io.isTTY && runs >= 200;
    let lastDrawn = -1;
    const result = await explore(def, {
      runs,
      seed,
      invariants,
      definitionPath: file,
      ...(values.shard !== undefined ? { shard: values.shard } : {}),
      ...(taskDefs !== undefined ? { taskDefs } : {}),
      ...(maxLoop !== undefined ? { maxLoopIterations: maxLoop } : {}),
      ...(showProgress
        ? {
            onProgress: (done: number, total: number) => {
              const step = Math.floor((100 * done) / total);
              if (step === lastDrawn && done !== total) return;
              lastDrawn = step;
              io.err(progressBar(done, total));
              if (done === total) io.err('\n');
            },
          }
        : {}),
    });
    // A failure stops the campaign early: end the bar's line.
    if (showProgress && lastDrawn >= 0 && lastDrawn < 100) io.err('\n');

    const shardText = result.shard.count > 1 ? ` (shard ${result.shard.index}/${result.shard.count})` : '';
    io.out(`explore ${def.name}: seed ${seed}${shardText}\n`);
    io.out(formatCoverageTable(result.coverage));
    if (report !== undefined) {
      const out = resolve(io.cwd, values.out ?? `artifacts/coverage/${def.name}.${report}`);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, report === 'html' ? renderCoverageHtml(def, result.coverage) : `${JSON.stringify(result.coverage, null, 2)}\n`);
      io.out(`coverage report written to ${values.out ?? `artifacts/coverage/${def.name}.${report}`}\n`);
    }
    let code = 0;
    if (result.failure !== undefined) {
      io.out(`\nFAILED: ${result.failure.report}\n`);
      code = 1;
    }
    if (minCoverage !== undefined && result.coverage.summary.percent < minCoverage) {
      io.out(`\ncoverage ${result.coverage.summary.percent}% is below --min-coverage ${minCoverage}%\n`);
      code = 1;
    }
    return code;
  },
};
