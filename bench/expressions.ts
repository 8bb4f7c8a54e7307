/**
 * Micro-benchmark of `${...}` resolution: prints µs per call, asserts nothing (STYLE 9.3).
 * Run: npx tsx bench/expressions.ts
 *
 * The "typical task" map mirrors what the engine resolves for each scheduled task: five keys
 * mixing typed whole-string reads, an embedded string, a task output read and a literal.
 */
import { readPath, resolveParameters, type EvaluationDocument } from '../src/expressions/index.js';

function makeDocument(): EvaluationDocument {
  return {
    workflow: {
      input: { orderId: 'o-1', customer: { id: 7, name: 'Ada', tier: 'gold' }, items: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }] },
      output: {},
      status: 'RUNNING',
      workflowId: 'wf-1',
      variables: { attempt: 1, region: 'eu' },
    },
    validate: { input: {}, output: { ok: true, total: 42.5, lines: [1, 2, 3] }, status: 'COMPLETED', taskId: 't-1' },
    charge: { input: {}, output: { chargeId: 'c-9' }, status: 'COMPLETED', taskId: 't-2' },
  };
}

const typicalTask: Record<string, unknown> = {
  orderId: '${workflow.input.orderId}',
  customer: '${workflow.input.customer}',
  total: '${validate.output.total}',
  note: 'order ${workflow.input.orderId} for ${workflow.input.customer.name}',
  retries: 3,
};

const richTask: Record<string, unknown> = {
  skus: '${workflow.input.items[*].sku}',
  big: '${workflow.input.items[?(@.qty > 1)].sku}',
  count: '${validate.output.lines.length()}',
  status: '${charge.status}',
  nested: { region: '${workflow.variables.region}', list: ['${validate.output.ok}', 'x'] },
};

function measure(label: string, iterations: number, fn: () => unknown): void {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) fn(); // warm-up
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    const micros = Number(process.hrtime.bigint() - start) / 1000 / iterations;
    best = Math.min(best, micros);
  }
  process.stdout.write(`${label.padEnd(58)} ${best.toFixed(3).padStart(8)} µs/call (best of 5 × ${iterations})\n`);
}

const doc = makeDocument();
process.stdout.write(`node ${process.version}\n`);
measure('resolveParameters, typical 5-key task input', 200_000, () => resolveParameters(typicalTask, doc));
measure('resolveParameters, 5 keys with wildcard/filter/function', 100_000, () => resolveParameters(richTask, doc));
measure('resolveParameters, 5 literal keys (no ${)', 200_000, () =>
  resolveParameters({ a: 'x', b: 1, c: true, d: null, e: 'plain text' }, doc),
);
measure('readPath, simple path', 1_000_000, () => readPath(doc, 'workflow.input.orderId'));
measure('readPath, filter path', 200_000, () => readPath(doc, 'workflow.input.items[?(@.qty > 1)].sku'));
