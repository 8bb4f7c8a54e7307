/**
 * Prints how long the expression sandboxes take: µs per evaluation of a SWITCH-style script and
 * of a one-line INLINE, µs per jq run, and the one-off costs (loading, a context rebuilt after a
 * timeout). Never asserts: numbers depend on the machine and its load (STYLE 9.3).
 *
 * Run: npx tsx bench/scripts.ts
 */
import { cpus, loadavg } from 'node:os';
import { createJqEngine } from '../src/expressions/jq-engine.js';
import { createScriptEngine } from '../src/expressions/script-engine.js';
import type { ScriptRequest } from '../src/expressions/script-engine.js';

interface Timing {
  /** Wall-clock µs per call (median round). */
  readonly wall: number;
  /** CPU µs of this process per call (median round): less sensitive to other load on the machine. */
  readonly cpu: number;
}

/** Median of `rounds` rounds of `iterations` calls. */
function measure(iterations: number, rounds: number, body: () => void): Timing {
  for (let i = 0; i < Math.min(iterations, 200); i += 1) body(); // warm-up (JIT, wasm tier-up)
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i += 1) body();
    wall.push(Number(process.hrtime.bigint() - start) / 1000 / iterations);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / iterations);
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  return { wall: median(wall), cpu: median(cpu) };
}

function line(label: string, timing: Timing | number, note = ''): void {
  const { wall, cpu } = typeof timing === 'number' ? { wall: timing, cpu: Number.NaN } : timing;
  const cpuText = Number.isNaN(cpu) ? '' : `  (cpu ${cpu.toFixed(1)} µs)`;
  process.stdout.write(`${label.padEnd(58)} ${wall.toFixed(1).padStart(10)} µs${cpuText}${note === '' ? '' : `  ${note}`}\n`);
}

async function main(): Promise<void> {
  process.stdout.write(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n\n`);

  let start = process.hrtime.bigint();
  const engine = await createScriptEngine();
  line('createScriptEngine (two wasm instances + first context)', Number(process.hrtime.bigint() - start) / 1000);

  const base: Omit<ScriptRequest, 'source' | 'input'> = { mode: 'script', nowMs: Date.UTC(2024, 0, 1), seed: 1 };
  const switchRequest: ScriptRequest = { ...base, source: "$.type == 'a' ? 'x' : 'y'", input: { type: 'a' } };
  line('evaluate SWITCH  $.type == \'a\' ? \'x\' : \'y\'', measure(2000, 7, () => engine.evaluate(switchRequest)));

  const inlineInput = {
    evaluatorType: 'graaljs',
    expression: '({ total: $.items.reduce((s, i) => s + i.price * i.qty, 0), currency: $.currency })',
    items: [
      { sku: 'a', price: 10, qty: 2 },
      { sku: 'b', price: 2.5, qty: 4 },
    ],
    currency: 'EUR',
  };
  const inlineRequest: ScriptRequest = { ...base, source: inlineInput.expression, input: inlineInput };
  line('evaluate INLINE  ({ total: $.items.reduce(...), currency })', measure(2000, 7, () => engine.evaluate(inlineRequest)));

  const loopRequest: ScriptRequest = { ...base, source: "if ($.loop['iteration'] < $.value) { true; } else { false; }", input: { loop: { iteration: 2 }, value: 3 } };
  line('evaluate DO_WHILE condition', measure(2000, 7, () => engine.evaluate(loopRequest)));

  const leakRequest: ScriptRequest = { ...base, source: 'total = 1; total', input: {} };
  line('evaluate with an implicit global (clean-up pass)', measure(1000, 7, () => engine.evaluate(leakRequest)));

  const timeoutRequest: ScriptRequest = { ...base, source: 'while (true) {}', input: {} };
  line('evaluate while(true){} with the default budget', measure(1, 3, () => engine.evaluate(timeoutRequest)), 'timeout + new context');
  const smallTimeout: ScriptRequest = { ...timeoutRequest, budget: 1 };
  line('evaluate while(true){} with budget 1 (≈ context rebuild)', measure(5, 3, () => engine.evaluate(smallTimeout)));
  engine.dispose();

  start = process.hrtime.bigint();
  const jq = await createJqEngine();
  line('createJqEngine', Number(process.hrtime.bigint() - start) / 1000);
  let distinct = 0;
  line('jq .a + .b (distinct inputs: real jq run)', measure(50, 5, () => jq.run('.a + .b', { a: (distinct += 1), b: 2 })));
  line('jq .a + .b (same input: memo hit)', measure(2000, 7, () => jq.run('.a + .b', { a: 1, b: 2 })));
  jq.dispose();
}

void main();
