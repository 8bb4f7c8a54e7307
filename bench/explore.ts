/**
 * Throughput of exploration on the claim-triage fixture: prints scenarios per second for a whole
 * explore() campaign, for scenario generation alone and for engine runs alone. Asserts nothing
 * (STYLE 9.3). Run: npx tsx bench/explore.ts [runs]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import fc from 'fast-check';
import { parseWorkflowDef } from '../src/definitions/index.js';
import { analyseWorkflow, createScenarioRunner, explore, scenarioArbitraryFor } from '../src/explore/index.js';

const runs = Number(process.argv[2] ?? 2000);
const def = parseWorkflowDef(JSON.parse(readFileSync('fixtures/workflows/claim-triage.json', 'utf8')));
const model = analyseWorkflow(def);

function rate(label: string, n: number, ms: number): void {
  process.stdout.write(`${label.padEnd(34)} ${String(Math.round((n / ms) * 1000)).padStart(7)} scenarios/s  (${n} in ${Math.round(ms)} ms, ${((ms / n) * 1000).toFixed(0)} µs each)\n`);
}

async function main(): Promise<void> {
  process.stdout.write(`node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  await explore(def, { runs: 500, seed: 99 }); // warm-up: sandbox load, JIT

  let t = performance.now();
  const result = await explore(def, { runs, seed: 1 });
  rate('explore() campaign', result.runs, performance.now() - t);

  t = performance.now();
  const scenarios = fc.sample(scenarioArbitraryFor(model), { seed: 1, numRuns: runs });
  rate('generation only (fc.sample)', runs, performance.now() - t);

  const runner = createScenarioRunner(model);
  t = performance.now();
  for (const s of scenarios) await runner.run(s);
  rate('engine runs only (start + trace)', runs, performance.now() - t);
  process.stdout.write(`coverage ${result.coverage.summary.percent}% (${result.coverage.summary.covered}/${result.coverage.summary.targets})\n`);
}

void main();
