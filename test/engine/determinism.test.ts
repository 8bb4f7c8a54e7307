/**
 * Determinism (architecture.md "Determinism", STYLE 4): the same request and seed give a
 * byte-identical trace, whatever the mocks do, and no state leaks from one run into the next.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fail, noResponse, ok, runWorkflow, serializeTrace, terminalError } from '../../src/index.js';
import type { TaskDef, WorkerAnswer, WorkflowDef, WorkflowTestRequest } from '../../src/index.js';
import { testSeed } from '../support/seed.js';

const def: WorkflowDef = {
  name: 'determinism_flow',
  version: 1,
  schemaVersion: 2,
  tasks: [
    { name: 'a_task', taskReferenceName: 'a', type: 'SIMPLE', inputParameters: { id: '${CPEWF_TASK_ID}', wf: '${workflow.workflowId}' } },
    {
      name: 'fork',
      taskReferenceName: 'fork',
      type: 'FORK_JOIN',
      forkTasks: [
        [{ name: 'b_task', taskReferenceName: 'b', type: 'SIMPLE', inputParameters: { fromA: '${a.output}' } }],
        [{ name: 'c_task', taskReferenceName: 'c', type: 'SIMPLE', optional: true }],
      ],
    },
    { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['b', 'c'] },
    { name: 'd_task', taskReferenceName: 'd', type: 'SIMPLE', permissive: true },
  ],
};

const taskDefs: TaskDef[] = ['a_task', 'b_task', 'c_task', 'd_task'].map((name) => ({
  name,
  retryCount: 2,
  retryDelaySeconds: 3,
  backoffJitterMs: 750,
  responseTimeoutSeconds: 5,
}));

const answerArb: fc.Arbitrary<WorkerAnswer> = fc.oneof(
  fc.record({ v: fc.integer({ min: 0, max: 9 }), latency: fc.integer({ min: 0, max: 8000 }) }).map(({ v, latency }) => ok({ v }, { latency })),
  fc.record({ latency: fc.integer({ min: 0, max: 8000 }) }).map(({ latency }) => fail('generated failure', {}, { latency })),
  fc.constant(terminalError('generated terminal error')),
  fc.constant(noResponse()),
);

const mocksArb = fc.record({
  a: fc.array(answerArb, { minLength: 1, maxLength: 3 }),
  b: fc.array(answerArb, { minLength: 1, maxLength: 3 }),
  c: fc.array(answerArb, { minLength: 1, maxLength: 3 }),
  d: fc.array(answerArb, { minLength: 1, maxLength: 3 }),
});

type Mocks = { a: WorkerAnswer[]; b: WorkerAnswer[]; c: WorkerAnswer[]; d: WorkerAnswer[] };

async function simulate(mocks: Mocks, seed: number): Promise<ReturnType<typeof runWorkflow>> {
  return runWorkflow({ workflowDef: def, input: { order: 'o-1' } }, { seed, taskDefs, unmocked: 'fail', mocks: { byRef: { ...mocks } } });
}

describe('determinism', () => {
  it('gives byte-identical JSON and serialized traces for two runs of the same mocks and seed', async () => {
    // Property: for any per-attempt mock sequences and seed, run(x, s) and run(x, s) are equal as
    // JSON text and as canonical trace text.
    await fc.assert(
      fc.asyncProperty(mocksArb, fc.integer({ min: 1, max: 1_000_000 }), async (mocks, seed) => {
        const first = await simulate(mocks, seed);
        const second = await simulate(mocks, seed);

        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
        expect(serializeTrace(second)).toBe(serializeTrace(first));
      }),
      { seed: testSeed, numRuns: 40 },
    );
  });

  it('leaks nothing from one run into the next', async () => {
    // Property: running an unrelated request in between does not change a run's trace.
    await fc.assert(
      fc.asyncProperty(mocksArb, mocksArb, async (mocks, other) => {
        const before = await simulate(mocks, 7);
        await simulate(other, 7);
        const after = await simulate(mocks, 7);

        expect(JSON.stringify(after)).toBe(JSON.stringify(before));
      }),
      { seed: testSeed, numRuns: 15 },
    );
  });

  it('gives byte-identical traces for two server-compat runs of the same request', async () => {
    const statusArb = fc.constantFrom('COMPLETED', 'FAILED', 'FAILED_WITH_TERMINAL_ERROR', 'IN_PROGRESS') as fc.Arbitrary<'COMPLETED' | 'FAILED' | 'FAILED_WITH_TERMINAL_ERROR' | 'IN_PROGRESS'>;
    const mockArb = fc.record({ status: statusArb, output: fc.record({ v: fc.integer({ min: 0, max: 9 }) }) });
    const listArb = fc.array(mockArb, { minLength: 0, maxLength: 3 });
    // Property: the endpoint emulation is a pure function of the request and the seed.
    await fc.assert(
      fc.asyncProperty(fc.record({ a: listArb, b: listArb, c: listArb, d: listArb }), async (mocks) => {
        const request: WorkflowTestRequest = { name: def.name, workflowDef: def, input: { order: 'o-2' }, taskRefToMockOutput: mocks };

        const first = await runWorkflow(structuredClone(request), { mode: 'server-compat', taskDefs, seed: 3 });
        const second = await runWorkflow(structuredClone(request), { mode: 'server-compat', taskDefs, seed: 3 });

        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
        expect(serializeTrace(second)).toBe(serializeTrace(first));
      }),
      { seed: testSeed, numRuns: 40 },
    );
  });

  it('changes the ids, but not the serialized trace, with another seed when nothing random is involved', async () => {
    const noJitter = taskDefs.map((t) => ({ ...t, backoffJitterMs: 0 }));
    const run = (seed: number): ReturnType<typeof runWorkflow> =>
      runWorkflow({ workflowDef: def, input: {} }, { seed, taskDefs: noJitter, mocks: { byRef: { a: ok({ v: 1 }), b: ok({ v: 2 }), c: [fail(), ok()], d: ok({ v: 4 }) } } });

    const [one, two] = [await run(1), await run(2)];

    expect(one.workflow.workflowId).not.toBe(two.workflow.workflowId);
    expect(serializeTrace(one)).toBe(serializeTrace(two));
  });

  it('draws the retry jitter from the seed', async () => {
    const run = (seed: number): ReturnType<typeof runWorkflow> =>
      runWorkflow({ workflowDef: def, input: {} }, { seed, taskDefs, mocks: { byRef: { a: [fail(), ok()], b: ok(), c: ok(), d: ok() } } });
    const delay = (trace: Awaited<ReturnType<typeof runWorkflow>>): unknown => trace.events.find((e) => e.kind === 'task.retried')?.detail?.['delayMs'];

    const delays = [delay(await run(1)), delay(await run(2)), delay(await run(1))];

    expect(delays[0]).toBe(delays[2]);
    expect(delays[0]).not.toBe(delays[1]);
  });
});
