/**
 * `runModes()`: the engine always, the server when CONDUCTOR_SERVER_URL is set; each mode's
 * `run(request)` gives a trace the matchers read. msw stands in for the server: it answers with
 * the engine's own run, altered or not, so the server mode's trace and `lastDiff` can be checked.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowTestRequest } from '../../src/definitions/index.js';
import { createEngine } from '../../src/engine/index.js';
import { ReplayError } from '../../src/errors/index.js';
import { runModes, serverModeSkipReason } from '../../src/remote/index.js';
import '../../matchers/vitest.js';

const BASE = 'http://conductor.test:8080';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const request: WorkflowTestRequest = {
  name: 'modes_flow',
  version: 1,
  input: { amount: 5 },
  workflowDef: {
    name: 'modes_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [{ name: 'charge', taskReferenceName: 'charge', type: 'SIMPLE', inputParameters: { amount: '${workflow.input.amount}' } }],
    outputParameters: { chargeId: '${charge.output.chargeId}' },
  },
  taskRefToMockOutput: { charge: [{ status: 'COMPLETED', output: { chargeId: 'ch_1' } }] },
};

/** The server answers with the engine's run; with `failed`, the run and its task FAILED instead. */
async function serverAnswering(answer: 'same' | 'failed' | 500): Promise<void> {
  const right = (await createEngine({ mode: 'server-compat' }).runTestRequest(structuredClone(request))).workflow;
  const wrong = { ...right, status: 'FAILED', tasks: right.tasks.map((t) => ({ ...t, status: 'FAILED' })) };
  server.use(
    http.delete(`${BASE}/api/metadata/taskdefs/:name`, () => new HttpResponse(null, { status: 404 })),
    http.post(`${BASE}/api/workflow/test`, () =>
      answer === 500 ? HttpResponse.json({ message: 'boom' }, { status: 500 }) : HttpResponse.json(answer === 'same' ? right : wrong),
    ),
  );
}

describe('runModes', () => {
  it('gives the engine only, and says why, when CONDUCTOR_SERVER_URL is not set', async () => {
    const lines: string[] = [];

    const modes = runModes({ env: {}, log: (line) => lines.push(line) });

    expect(modes.map((m) => m.name)).toEqual(['engine']);
    expect(lines).toEqual([`[conductor-testkit] ${serverModeSkipReason({}) ?? ''}`]);
    expect(lines[0]).toContain('server mode skipped: CONDUCTOR_SERVER_URL is not set');
    const trace = await modes[0]!.run(request);
    expect(trace).toHaveCompleted();
    expect(trace).toHaveWorkflowOutput({ chargeId: 'ch_1' });
    expect(modes[0]!.lastDiff).toBeUndefined();
  });

  it('adds the server when CONDUCTOR_SERVER_URL is set, and its trace reads like the engine one', async () => {
    await serverAnswering('same');
    const lines: string[] = [];

    const modes = runModes({ env: { CONDUCTOR_SERVER_URL: BASE }, log: (line) => lines.push(line) });

    expect(modes.map((m) => m.name)).toEqual(['engine', 'server']);
    expect(lines).toEqual([]);
    const onServer = await modes[1]!.run(request);
    expect(onServer).toHaveCompleted();
    expect(onServer).toHaveTaskInput('charge', { amount: 5 });
    expect(onServer).toHaveWorkflowOutput({ chargeId: 'ch_1' });
    expect(modes[1]!.lastDiff?.equal).toBe(true);
  });

  it("returns the server's answer, not the engine's, and keeps the difference in lastDiff", async () => {
    await serverAnswering('failed');

    const [, onServer] = runModes({ env: { CONDUCTOR_SERVER_URL: BASE }, log: () => undefined });
    const trace = await onServer!.run(request);

    expect(trace).toHaveFailed();
    expect(trace).toHaveTaskStatus('charge', 'FAILED');
    expect(onServer!.lastDiff?.equal).toBe(false);
  });

  it("throws the server's error as a ReplayError", async () => {
    await serverAnswering(500);

    const [, onServer] = runModes({ env: { CONDUCTOR_SERVER_URL: BASE }, log: () => undefined });

    await expect(onServer!.run(request)).rejects.toBeInstanceOf(ReplayError);
    await expect(onServer!.run(request)).rejects.toThrow(/500/);
  });
});
