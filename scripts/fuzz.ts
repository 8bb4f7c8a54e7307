/**
 * `npm run fuzz [-- --cases N] [--seed S] [--path P] [--max-depth D]`: the workflow fuzzer of
 * issue #8. Generates random valid definitions of every task type with random mocks and engine
 * modes (test/support/fuzz), runs each twice with the same seed, and checks that no undocumented
 * error escapes, every run ends within its budgets, both runs are byte-identical, and the task
 * lists are consistent.
 *
 * Prints cases run, failures, the seed and the throughput; on a failure, the shrunk counterexample
 * and the command that replays it (`--seed S --path P`). Exit code 0 when every case passed, 1 on
 * a failure, 2 on bad arguments.
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { checkFuzzCase, createFuzzTally, formatOutcomes, fuzzCaseArbitrary, loadFuzzRuntimes } from '../test/support/fuzz/index.js';
import type { FuzzCase, FuzzCaseReport } from '../test/support/fuzz/index.js';

const USAGE = `Usage: npm run fuzz -- [--cases N] [--seed S] [--path P] [--max-depth D]

  --cases N      cases to generate (default 100000)
  --seed S       fast-check seed (default: time-based, printed)
  --path P       replay one counterexample: the path printed with a failure (needs --seed)
  --max-depth D  nesting depth of generated containers (default 3)`;

function fail(message: string): never {
  process.stderr.write(`fuzz: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function integer(text: string | undefined, name: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) fail(`${name} must be an integer >= ${min}, got "${text}"`);
  return value;
}

let args: ReturnType<typeof parseArgs<{ options: { cases: { type: 'string' }; seed: { type: 'string' }; path: { type: 'string' }; 'max-depth': { type: 'string' }; help: { type: 'boolean' } } }>>;
try {
  args = parseArgs({ options: { cases: { type: 'string' }, seed: { type: 'string' }, path: { type: 'string' }, 'max-depth': { type: 'string' }, help: { type: 'boolean' } } });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (args.values.help === true) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const cases = integer(args.values.cases, '--cases', 100_000, 1);
const seed = integer(args.values.seed, '--seed', Date.now() % 2_147_483_647, -2_147_483_648);
const maxDepth = integer(args.values['max-depth'], '--max-depth', 3, 0);
const path = args.values.path;
if (path !== undefined && args.values.seed === undefined) fail('--path replays a counterexample of one seed; give --seed too');

const runtimes = await loadFuzzRuntimes();
const tally = createFuzzTally();
let failing: { fuzzCase: FuzzCase; report: FuzzCaseReport } | undefined;
let shrinking = false;
const began = performance.now();
const progressEvery = Math.max(1000, Math.floor(cases / 20));
process.stdout.write(`fuzz: ${cases} cases, seed ${seed}${path !== undefined ? `, path ${path}` : ''}\n`);

// Property: for every generated case, checkFuzzCase finds no violation (see test/support/fuzz/run-case.ts).
const property = fc.asyncProperty(fuzzCaseArbitrary({ maxDepth }), async (fuzzCase) => {
  const report = await checkFuzzCase(fuzzCase, runtimes);
  if (!shrinking) {
    tally.add(report);
    const done = tally.snapshot().cases;
    if (done % progressEvery === 0) {
      const seconds = (performance.now() - began) / 1000;
      process.stdout.write(`  ${done} cases, ${(done / seconds).toFixed(0)} cases/s\n`);
    }
  }
  if (report.violations.length > 0) {
    shrinking = true;
    failing = { fuzzCase, report };
    throw new Error(report.violations.join('\n'));
  }
});

const details = await fc.check(property, { numRuns: cases, seed, ...(path !== undefined ? { path } : {}) });
const seconds = (performance.now() - began) / 1000;
runtimes.scripts.dispose();
const stats = tally.snapshot();
const statuses = [...stats.outcomes].filter(([label]) => label.startsWith('status:')).reduce((n, [, count]) => n + count, 0);

process.stdout.write(
  [
    '',
    `cases run:   ${stats.cases}`,
    `failures:    ${details.failed ? 1 : 0}`,
    `seed:        ${seed}`,
    `throughput:  ${(stats.cases / seconds).toFixed(1)} cases/s (${seconds.toFixed(1)} s; each case runs twice)`,
    `budget hits: ${stats.limitHits} (${((100 * stats.limitHits) / Math.max(1, stats.cases)).toFixed(2)}%), runs ending in a workflow status: ${((100 * statuses) / Math.max(1, stats.cases)).toFixed(1)}%`,
    `slowest case: ${stats.slowestMs.toFixed(0)} ms`,
    'outcomes:',
    formatOutcomes(stats),
    '',
  ].join('\n'),
);

if (details.failed) {
  const counterexample = details.counterexample?.[0] as FuzzCase | undefined;
  process.stdout.write(
    [
      'FAILED',
      `shrunk counterexample (after ${details.numShrinks} shrinks):`,
      JSON.stringify(counterexample ?? failing?.fuzzCase ?? null, null, 2),
      'violations:',
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
      '',
      `replay: npm run fuzz -- --seed ${details.seed} --path ${details.counterexamplePath ?? '?'} --cases 1`,
      '',
    ].join('\n'),
  );
  process.exitCode = 1;
}
