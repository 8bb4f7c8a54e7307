/**
 * `npm run bench`: the benchmark of issue #7 on the built package. Prints one table (or `--json`)
 * with, per workload, the median and spread of runs per second, microseconds per task step and the
 * peak heap, then the targets. Never asserts and always exits 0 when every workload ran (STYLE 9.3):
 * the numbers depend on the machine and on whatever else it is doing, so the load average is
 * printed with every number.
 *
 *   npm run bench [-- --json] [--short] [--only a,c,d-kitchensink] [--server URL | --no-server] [--out FILE]
 *   npm run bench -- --from FILE        (prints the table of a saved --out/--json file; measures nothing)
 *
 * --short   every workload once, briefly (CI: keeps the bench from rotting; judges nothing).
 * --only    comma-separated group letters (a–g) or workload ids.
 * --out     also writes the --json document to FILE (npm prints its own header on stdout, so
 *           `npm run bench -- --json > file` needs `npm run -s`).
 * --server  the Conductor server for (g); else $CONDUCTOR_SERVER_URL, else
 *           `scripts/conductor-server.sh url`; (g) is skipped, with the reason, when none answers.
 *
 * Every measurement runs in a fresh `node` process (bench/worker.js, bench/cold-start.js), one
 * after the other, never two at once. Runs from the repository root (fixtures are read from there).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConductorClient, replay } from 'conductor-testkit';
import type { WorkflowTestRequest } from 'conductor-testkit';
import { peakHeapMb } from './lib/gc-trace.js';
import { summarize } from './lib/stats.js';
import type { Summary } from './lib/stats.js';
import { formatNumber, formatSignificant, formatTable } from './lib/table.js';
import { EXPLORE_ID } from './lib/protocol.js';
import type { HeapResult, TimeResult } from './lib/protocol.js';
import { engineWorkloads, kitchensinkWorkload, serverWorkloads } from './workloads.js';
import type { EngineWorkload } from './workloads.js';

const here = dirname(fileURLToPath(import.meta.url));
const WORKER = join(here, 'worker.js');
const COLD_START = join(here, 'cold-start.js');
const COLD_START_REQUEST = 'fixtures/requests/order-fulfilment.request.json';

/** What "task step" means in every number of this bench. */
export const TASK_STEP =
  'one task instance of the run (a row of workflow.tasks, in the top-level workflow or a child): created, scheduled, executed or answered by its mock, and completed, with the decides around it. µs per task step = wall time of a whole run / task instances it created (engine set-up and trace included).';

interface Settings {
  readonly short: boolean;
  readonly json: boolean;
  readonly out: string | undefined;
  readonly from: string | undefined;
  readonly only: readonly string[] | undefined;
  readonly server: string | undefined;
  readonly noServer: boolean;
}

/** One row of results. */
interface Row {
  readonly id: string;
  readonly group: string;
  readonly title: string;
  readonly kind: 'engine' | 'explore' | 'cold-start' | 'server' | 'engine-server-compat';
  /** Task instances per run (scenarios per campaign for exploration); undefined where it means nothing. */
  readonly stepsPerRun: number | undefined;
  /** Runs (scenarios for exploration, requests for the server) per second, over the samples. */
  readonly runsPerSecond: Summary;
  readonly msPerRun: number;
  readonly usPerStep: number | undefined;
  /** Same, from process CPU time instead of wall time (less sensitive to other load). */
  readonly cpuUsPerStep: number | undefined;
  readonly heap: { readonly peakMb: number; readonly baselineMb: number; readonly retainedMb: number } | undefined;
  /** 1-minute load average before and after the measurement. */
  readonly load: readonly [number, number];
  readonly detail?: Record<string, unknown>;
}

interface Target {
  readonly id: string;
  readonly text: string;
  readonly measured: string;
  readonly met: boolean | null;
}

const USAGE = `usage: npm run bench [-- --json] [--short] [--only a,c,...] [--server URL | --no-server] [--out FILE] [--from FILE]
  --json          print the run as JSON instead of the table
  --short         every workload once (CI: keeps the bench from rotting, judges nothing)
  --only a,c      some workloads (group letters or workload ids)
  --server URL    the Conductor server for (g) (default: CONDUCTOR_SERVER_URL, else the one
                  scripts/conductor-server.sh started; (g) is skipped when none answers)
  --no-server     skip (g)
  --out FILE      also write the JSON document to FILE
  --from FILE     print the table of a saved run`;

/** A wrong command line: one line and the usage, no stack. */
class ArgumentError extends Error {}

function parseArgs(argv: readonly string[]): Settings {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new ArgumentError(`${name} needs a value`);
    return v;
  };
  const known = new Set(['--json', '--short', '--only', '--server', '--no-server', '--out', '--from']);
  const withValue = new Set(['--only', '--server', '--out', '--from']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!known.has(arg)) throw new ArgumentError(`unknown argument "${arg}"`);
    if (withValue.has(arg)) i++;
  }
  const only = value('--only');
  return {
    short: argv.includes('--short'),
    json: argv.includes('--json'),
    out: value('--out'),
    from: value('--from'),
    only: only === undefined ? undefined : only.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    server: value('--server'),
    noServer: argv.includes('--no-server'),
  };
}

function wanted(settings: Settings, group: string, id: string): boolean {
  return settings.only === undefined || settings.only.includes(group) || settings.only.includes(id);
}

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

function load1(): number {
  return loadavg()[0] ?? Number.NaN;
}

/** Runs `node <args>` to completion; resolves with stdout, the wall time from spawn to exit, or rejects with stderr. */
function runNode(args: readonly string[]): Promise<{ stdout: string; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve({ stdout, wallMs });
      else reject(new Error(`node ${args.join(' ')} exited with ${String(code)}:\n${stderr}`));
    });
  });
}

function resultLine<T>(stdout: string): T {
  const line = stdout.split('\n').find((l) => l.startsWith('@@result '));
  if (line === undefined) throw new Error(`no @@result line in:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice('@@result '.length)) as T;
}

async function measureTime(id: string, mode: 'simulate' | 'server-compat', settings: Settings): Promise<TimeResult> {
  const args = settings.short
    ? ['--samples', '1', '--sample-ms', '0', '--warmup-ms', '0', '--explore-runs', '20']
    : ['--samples', '7', '--sample-ms', '300', '--warmup-ms', '500', '--budget-ms', '6000', '--explore-runs', '200'];
  const { stdout } = await runNode([WORKER, 'time', id, '--mode', mode, ...args]);
  return resultLine<TimeResult>(stdout);
}

async function measureHeap(id: string, settings: Settings): Promise<Row['heap']> {
  const { stdout } = await runNode(['--trace-gc', '--expose-gc', WORKER, 'heap', id, '--explore-runs', settings.short ? '20' : '200']);
  const result = resultLine<HeapResult>(stdout);
  return { peakMb: peakHeapMb(stdout, result.endMb), baselineMb: result.baselineMb, retainedMb: result.retainedMb };
}

function timeRow(time: TimeResult, meta: { id: string; group: string; title: string; kind: Row['kind'] }, heap: Row['heap'], loadBefore: number): Row {
  const rates = time.samples.map((s) => (s.units / s.ms) * 1000);
  const runsPerSecond = summarize(rates);
  const cpuPerUnitMs = summarize(time.samples.map((s) => s.cpuMs / s.units)).median;
  const perStep = meta.kind === 'explore' ? undefined : time.stepsPerUnit;
  return {
    ...meta,
    stepsPerRun: time.stepsPerUnit,
    runsPerSecond,
    msPerRun: 1000 / runsPerSecond.median,
    usPerStep: perStep === undefined ? undefined : 1e6 / runsPerSecond.median / perStep,
    cpuUsPerStep: perStep === undefined ? undefined : (cpuPerUnitMs * 1000) / perStep,
    heap,
    load: [loadBefore, time.load[0] ?? Number.NaN],
    detail: { warmupRuns: time.warmupUnits, samples: time.samples },
  };
}

async function engineRows(settings: Settings, workloads: readonly EngineWorkload[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const w of workloads) {
    if (!wanted(settings, w.group, w.id)) continue;
    const before = load1();
    const time = await measureTime(w.id, 'simulate', settings);
    const heap = await measureHeap(w.id, settings);
    const row = timeRow(time, { id: w.id, group: w.group, title: w.title, kind: 'engine' }, heap, before);
    progress(`(${w.group}) ${w.title}: ${formatNumber(row.runsPerSecond.median, 1)} runs/s, ${formatSignificant(row.usPerStep)} µs/step, peak heap ${formatNumber(heap?.peakMb, 1)} MB (load ${before.toFixed(2)})`);
    rows.push(row);
  }
  return rows;
}

async function exploreRow(settings: Settings): Promise<Row | undefined> {
  if (!wanted(settings, 'e', EXPLORE_ID)) return undefined;
  const before = load1();
  const time = await measureTime(EXPLORE_ID, 'simulate', settings);
  const heap = await measureHeap(EXPLORE_ID, settings);
  const row = timeRow(time, { id: EXPLORE_ID, group: 'e', title: `explore claim-triage (${time.stepsPerUnit} scenarios/campaign)`, kind: 'explore' }, heap, before);
  // One "run" of this workload is a campaign; the rate the issue asks for is scenarios per second.
  const scenarios = summarize(time.samples.map((s) => ((s.units * time.stepsPerUnit) / s.ms) * 1000));
  const out: Row = { ...row, stepsPerRun: undefined, runsPerSecond: scenarios, msPerRun: 1000 / scenarios.median };
  progress(`(e) explore: ${formatNumber(scenarios.median)} scenarios/s (load ${before.toFixed(2)})`);
  return out;
}

async function coldStartRows(settings: Settings): Promise<Row[]> {
  if (!wanted(settings, 'f', 'f-cold-start')) return [];
  const dir = mkdtempSync(join(tmpdir(), 'ctk-bench-'));
  const kitchensink = join(dir, 'kitchensink.request.json');
  writeFileSync(kitchensink, JSON.stringify(kitchensinkWorkload().request));
  const cases = [
    { id: 'f-cold-start-order-fulfilment', title: 'cold start: order-fulfilment (no sandbox)', file: COLD_START_REQUEST },
    { id: 'f-cold-start-kitchensink', title: 'cold start: kitchensink (QuickJS + jq)', file: kitchensink },
  ];
  const reps = settings.short ? 1 : 10;
  const rows: Row[] = [];
  for (const c of cases) {
    const before = load1();
    const walls: number[] = [];
    const parts: { bootMs: number; importMs: number; runMs: number; cpuMs: number; status: string; tasks: number }[] = [];
    for (let i = 0; i < reps; i++) {
      const { stdout, wallMs } = await runNode([COLD_START, c.file]);
      walls.push(wallMs);
      parts.push(resultLine(stdout));
    }
    const wall = summarize(walls);
    const first = parts[0];
    if (first === undefined || parts.some((p) => p.status !== 'COMPLETED')) throw new Error(`${c.id}: the workflow did not complete: ${JSON.stringify(parts)}`);
    const med = (pick: (p: (typeof parts)[number]) => number): number => summarize(parts.map(pick)).median;
    rows.push({
      id: c.id,
      group: 'f',
      title: c.title,
      kind: 'cold-start',
      stepsPerRun: first.tasks,
      runsPerSecond: summarize(walls.map((w) => 1000 / w)),
      msPerRun: wall.median,
      usPerStep: undefined,
      cpuUsPerStep: undefined,
      heap: undefined,
      load: [before, load1()],
      detail: { wallMs: wall, bootMs: med((p) => p.bootMs), importMs: med((p) => p.importMs), runMs: med((p) => p.runMs), cpuMs: med((p) => p.cpuMs) },
    });
    progress(`(f) ${c.title}: ${formatNumber(wall.median)} ms median wall (boot ${formatNumber(med((p) => p.bootMs))}, import ${formatNumber(med((p) => p.importMs))}, run ${formatNumber(med((p) => p.runMs))} ms; process CPU ${formatNumber(med((p) => p.cpuMs))} ms; load ${before.toFixed(2)})`);
  }
  return rows;
}

/** The server to compare with, or the reason there is none. */
async function findServer(settings: Settings): Promise<{ url: string } | { skip: string }> {
  if (settings.noServer) return { skip: '--no-server given' };
  let url = settings.server ?? process.env['CONDUCTOR_SERVER_URL'];
  let source = settings.server !== undefined ? '--server' : 'CONDUCTOR_SERVER_URL';
  if (url === undefined || url === '') {
    source = 'scripts/conductor-server.sh url';
    try {
      url = execFileSync('bash', ['scripts/conductor-server.sh', 'url'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return { skip: 'no Conductor server: none given (--server URL or CONDUCTOR_SERVER_URL) and scripts/conductor-server.sh reports none running (start one with scripts/conductor-server.sh start)' };
    }
  }
  try {
    await createConductorClient({ baseUrl: url, timeoutMs: 10_000 }).health();
    return { url };
  } catch (error) {
    return { skip: `the Conductor server at ${url} (from ${source}) does not answer: ${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)}` };
  }
}

async function postTest(url: string, request: WorkflowTestRequest): Promise<{ ms: number; status: string }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${url.replace(/\/+$/, '').replace(/\/api$/, '')}/api/workflow/test`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as { status?: string };
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!response.ok) throw new Error(`POST /api/workflow/test answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, status: body.status ?? '?' };
}

async function serverRows(settings: Settings, skipped: { what: string; reason: string }[]): Promise<Row[]> {
  const workloads = serverWorkloads().filter((w) => wanted(settings, 'g', w.id));
  if (workloads.length === 0) return [];
  const server = await findServer(settings);
  if ('skip' in server) {
    skipped.push({ what: '(g) engine vs real server', reason: server.skip });
    progress(`(g) skipped: ${server.skip}`);
    return [];
  }
  const client = createConductorClient({ baseUrl: server.url, timeoutMs: 600_000 });
  const rows: Row[] = [];
  const warmups = settings.short ? 0 : 2;
  const timed = settings.short ? 1 : 5;
  for (const w of workloads) {
    // Warm the server (the first requests after a start are slow) and check both give one answer.
    const check = await replay(w.request, { client });
    for (let i = 0; i < warmups; i++) await postTest(server.url, w.request);
    const before = load1();
    const times: number[] = [];
    const statuses: string[] = [];
    for (let i = 0; i < timed; i++) {
      const r = await postTest(server.url, w.request);
      times.push(r.ms);
      statuses.push(r.status);
    }
    const serverRow: Row = {
      id: `g-server-${w.id}`,
      group: 'g',
      title: `server: ${w.title}`,
      kind: 'server',
      stepsPerRun: w.expect.tasks,
      runsPerSecond: summarize(times.map((t) => 1000 / t)),
      msPerRun: summarize(times).median,
      usPerStep: (summarize(times).median * 1000) / w.expect.tasks,
      cpuUsPerStep: undefined,
      heap: undefined,
      load: [before, load1()],
      detail: { url: server.url, requestMs: times, statuses, sameAnswerAsEngine: check.equal, differences: check.diff?.differences.length ?? null, error: check.error?.message ?? null },
    };
    const engineBefore = load1();
    const time = await measureTime(w.id, 'server-compat', settings);
    const engineRow = timeRow(time, { id: `g-engine-${w.id}`, group: 'g', title: `engine (server-compat): ${w.title}`, kind: 'engine-server-compat' }, undefined, engineBefore);
    const ratio = serverRow.msPerRun / engineRow.msPerRun;
    rows.push({ ...engineRow, detail: { ...engineRow.detail, serverOverEngine: ratio } }, { ...serverRow, detail: { ...serverRow.detail, serverOverEngine: ratio } });
    progress(`(g) ${w.title}: server ${formatNumber(serverRow.msPerRun)} ms, engine ${formatSignificant(engineRow.msPerRun)} ms per request → ×${formatNumber(ratio)} (same answer: ${String(check.equal)})`);
  }
  return rows;
}

function gitState(): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench'], { encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

function findRow(rows: readonly Row[], id: string): Row | undefined {
  return rows.find((r) => r.id === id);
}

function judge(rows: readonly Row[], short: boolean): Target[] {
  const targets: Target[] = [];
  const met = (ok: boolean): boolean | null => (short ? null : ok);
  const line = findRow(rows, 'a-line-20');
  if (line?.usPerStep !== undefined) targets.push({ id: 'a', text: '(a) ≤ 5 µs per task step (median)', measured: `${formatSignificant(line.usPerStep)} µs`, met: met(line.usPerStep <= 5) });
  for (const body of ['worker', 'sync']) {
    const small = findRow(rows, `c-loop-${body}-1000`);
    const large = findRow(rows, `c-loop-${body}-10000`);
    if (small !== undefined && large !== undefined) {
      const ratio = large.msPerRun / small.msPerRun;
      targets.push({ id: `c-${body}-linear`, text: `(c) ${body} body: 10,000 iterations ≤ 12 × 1,000`, measured: `× ${formatSignificant(ratio)}`, met: met(ratio <= 12) });
    }
    if (large?.heap !== undefined) targets.push({ id: `c-${body}-heap`, text: `(c) ${body} body: 10,000 iterations < 200 MB heap`, measured: `${formatNumber(large.heap.peakMb, 1)} MB peak`, met: met(large.heap.peakMb < 200) });
  }
  const explore = findRow(rows, EXPLORE_ID);
  if (explore !== undefined) targets.push({ id: 'e', text: '(e) ≥ 2,000 scenarios/s', measured: `${formatNumber(explore.runsPerSecond.median)} /s`, met: met(explore.runsPerSecond.median >= 2000) });
  for (const cold of rows.filter((r) => r.kind === 'cold-start')) {
    targets.push({ id: cold.id, text: `(f) ${cold.title} < 400 ms`, measured: `${formatNumber(cold.msPerRun)} ms`, met: met(cold.msPerRun < 400) });
  }
  for (const server of rows.filter((r) => r.kind === 'server')) {
    const ratio = server.detail?.['serverOverEngine'] as number;
    targets.push({ id: server.id, text: `(g) ${server.title.replace('server: ', '')}: engine ≥ 1,000 × faster`, measured: `× ${formatNumber(ratio)}`, met: met(ratio >= 1000) });
  }
  return targets;
}

function printTable(rows: readonly Row[], targets: readonly Target[], header: Record<string, unknown>, skipped: readonly { what: string; reason: string }[], short: boolean): void {
  const out: string[] = [];
  out.push(`conductor-testkit bench — ${String(header['date'])}, commit ${String(header['commit'])}${header['dirty'] === true ? ' (+ uncommitted changes)' : ''}`);
  out.push(`node ${String(header['node'])}, ${String(header['cores'])} × ${String(header['cpu'])}, ${String(header['memoryGb'])} GB; load average at start ${String(header['loadAtStart'])}`);
  if (short) out.push('--short: every workload once; these numbers are not measurements and no target is judged.');
  out.push('');
  const table = formatTable(
    [
      { header: 'workload' },
      { header: 'steps', right: true },
      { header: 'runs/s', right: true },
      { header: '±%', right: true },
      { header: 'ms/run', right: true },
      { header: 'µs/step', right: true },
      { header: 'cpu µs/step', right: true },
      { header: 'peak heap MB', right: true },
      { header: 'load', right: true },
    ],
    rows.map((r) => [
      `(${r.group}) ${r.title}`,
      r.stepsPerRun === undefined ? '' : formatNumber(r.stepsPerRun),
      formatNumber(r.runsPerSecond.median, r.runsPerSecond.median < 10 ? 2 : 0),
      r.runsPerSecond.n > 1 ? formatNumber(r.runsPerSecond.spreadPercent, 0) : '',
      formatSignificant(r.msPerRun),
      r.usPerStep === undefined ? '' : formatSignificant(r.usPerStep),
      r.cpuUsPerStep === undefined ? '' : formatSignificant(r.cpuUsPerStep),
      r.heap === undefined ? '' : formatNumber(r.heap.peakMb, 1),
      `${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)}`,
    ]),
  );
  out.push(table, '');
  out.push('runs/s: median over samples (explore: scenarios/s; server rows: requests/s); ±%: half the interquartile range of the samples, relative to the median.');
  out.push(`task step: ${TASK_STEP}`);
  out.push('cpu µs/step: the same from this process\'s CPU time (user + system; V8\'s GC threads included). peak heap: largest V8 heap in use during one run in a fresh process (from --trace-gc), library loaded. load: 1-minute load average before–after.');
  const colds = rows.filter((r) => r.kind === 'cold-start');
  if (colds.length > 0) {
    out.push('', 'cold start, medians (ms): wall from spawn to exit = node start-up + import + run + exit; CPU = the child process\'s own CPU time:');
    for (const c of colds) {
      const d = c.detail ?? {};
      out.push(`  ${c.title.replace('cold start: ', '').padEnd(28)} wall ${formatNumber(c.msPerRun).padStart(5)}  node start-up ${formatNumber(d['bootMs'] as number).padStart(4)}  import ${formatNumber(d['importMs'] as number).padStart(4)}  run ${formatNumber(d['runMs'] as number).padStart(5)}  CPU ${formatNumber(d['cpuMs'] as number).padStart(5)}`);
    }
  }
  const servers = rows.filter((r) => r.kind === 'server');
  if (servers.length > 0) {
    out.push('', 'engine vs server (same WorkflowTestRequest, engine in server-compat mode, measured in this run):');
    for (const s of servers) out.push(`  ${s.title.replace('server: ', '').padEnd(36)} server ${formatNumber(s.msPerRun).padStart(7)} ms / engine ${formatSignificant(s.msPerRun / (s.detail?.['serverOverEngine'] as number)).padStart(6)} ms = × ${formatNumber(s.detail?.['serverOverEngine'] as number)}; same answer: ${String(s.detail?.['sameAnswerAsEngine'])}`);
  }
  for (const s of skipped) out.push('', `skipped ${s.what}: ${s.reason}`);
  if (targets.length > 0) {
    out.push('', 'targets (issue #7):');
    for (const t of targets) out.push(`  ${t.met === null ? 'not judged' : t.met ? 'met       ' : 'NOT MET   '}  ${t.text.padEnd(58)} ${t.measured}`);
  }
  out.push('', 'workloads:');
  for (const w of engineWorkloads()) out.push(`  ${w.id}: ${w.about}`);
  out.push(`  ${EXPLORE_ID}: (e) explore() campaigns on fixtures/workflows/claim-triage.json (4-way value-param SWITCH, DO_WHILE, JavaScript SWITCH, FORK_JOIN, per-task retries), a new seed per campaign.`);
  out.push(`  f-cold-start-*: (f) \`node cold-start.js <request>\`: a fresh process imports conductor-testkit (the built package) and runs one request; wall time from spawn to exit.`);
  out.push('  g-*: (g) the same WorkflowTestRequest through POST /api/workflow/test of a real server (after a replay check and 2 warm-up requests) and through the engine in server-compat mode; the loops run 100 iterations there.');
  process.stdout.write(`${out.join('\n')}\n`);
}

/** The document `--json` prints and `--out` writes. */
interface BenchDocument {
  readonly schema: 'conductor-testkit-bench/1';
  readonly short: boolean;
  readonly results: Row[];
  readonly targets: Target[];
  readonly skipped: { what: string; reason: string }[];
  readonly [key: string]: unknown;
}

async function main(argv: readonly string[]): Promise<void> {
  const settings = parseArgs(argv);
  if (settings.from !== undefined) {
    const saved = JSON.parse(readFileSync(settings.from, 'utf8')) as BenchDocument;
    if (saved.schema !== 'conductor-testkit-bench/1') throw new Error(`${settings.from} is not a bench result (schema ${String(saved.schema)})`);
    printTable(saved.results, saved.targets, saved, saved.skipped, saved.short);
    return;
  }
  if (!existsSync(COLD_START_REQUEST)) throw new Error(`run the bench from the repository root (${COLD_START_REQUEST} not found in ${process.cwd()})`);
  const started = performance.now();
  const cpu = cpus();
  const header = {
    date: new Date().toISOString(),
    ...gitState(),
    node: process.version,
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    loadAtStart: loadavg().map((l) => l.toFixed(2)).join(' '),
    short: settings.short,
  };
  progress(`${header.node}, ${header.cores} cores, load ${header.loadAtStart}${settings.short ? ', --short' : ''}`);
  const skipped: { what: string; reason: string }[] = [];
  const rows: Row[] = [];
  rows.push(...(await engineRows(settings, engineWorkloads())));
  const explore = await exploreRow(settings);
  if (explore !== undefined) rows.push(explore);
  rows.push(...(await coldStartRows(settings)));
  rows.push(...(await serverRows(settings, skipped)));
  const targets = judge(rows, settings.short);
  const totalSeconds = (performance.now() - started) / 1000;
  progress(`done in ${totalSeconds.toFixed(0)} s`);
  const document: BenchDocument = { schema: 'conductor-testkit-bench/1', ...header, taskStep: TASK_STEP, totalSeconds, results: rows, targets, skipped };
  if (settings.out !== undefined) writeFileSync(settings.out, `${JSON.stringify(document, null, 2)}\n`);
  if (settings.json) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  else printTable(rows, targets, header, skipped, settings.short);
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
} else {
  main(argv).catch(failed);
}

function failed(error: unknown): void {
  if (error instanceof ArgumentError) {
    process.stderr.write(`bench: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
