/**
 * `conductor-testkit replay --retries`: a server whose answers to the same request differ (a race)
 * is asked again; the request passes when one answer agrees with the engine and fails when none
 * does. msw stands in for the server: it answers with the engine's own run, altered or not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import type { WorkflowTestRequest } from '../../../src/definitions/index.js';
import { createEngine } from '../../../src/engine/index.js';

const BASE = 'http://conductor.test:8080';
const server = setupServer();
const scratch = mkdtempSync(join(tmpdir(), 'ctk-replay-'));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
});

const request: WorkflowTestRequest = {
  name: 'race_flow',
  version: 1,
  input: {},
  workflowDef: { name: 'race_flow', version: 1, schemaVersion: 2, tasks: [{ name: 'charge', taskReferenceName: 'charge', type: 'SIMPLE' }] },
  taskRefToMockOutput: { charge: [{ status: 'COMPLETED', output: { chargeId: 'ch_1' } }] },
};
const file = join(scratch, 'race_flow.json');
writeFileSync(file, JSON.stringify(request));

/** The server answers with the engine's run; `wrongFirst` answers are altered (the task FAILED). */
async function serverAnswering(wrongFirst: number): Promise<{ calls: () => number }> {
  const right = (await createEngine({ mode: 'server-compat' }).runTestRequest(structuredClone(request))).workflow;
  const wrong = { ...right, status: 'FAILED', tasks: right.tasks.map((t) => ({ ...t, status: 'FAILED' })) };
  let calls = 0;
  server.use(
    http.delete(`${BASE}/api/metadata/taskdefs/:name`, () => new HttpResponse(null, { status: 404 })),
    http.post(`${BASE}/api/workflow/test`, () => {
      calls++;
      return HttpResponse.json(calls <= wrongFirst ? wrong : right);
    }),
  );
  return { calls: () => calls };
}

async function replay(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['replay', file, '--server', BASE, ...argv], { out: (t) => (out += t), err: (t) => (err += t), cwd: scratch, env: {}, isTTY: false });
  return { code, out, err };
}

describe('conductor-testkit replay --retries', () => {
  it('passes when a later answer of the server agrees, and says on which attempt', async () => {
    const server = await serverAnswering(2);

    const { code, out } = await replay('--retries', '2');

    expect(code).toBe(0);
    expect(out).toBe('same race_flow  (the server agreed on attempt 3 of 3)\n1 passed, 0 failed\n');
    expect(server.calls()).toBe(3);
  });

  it('fails with the last difference when no answer agrees', async () => {
    const server = await serverAnswering(5);

    const { code, out } = await replay('--retries', '1');

    expect(code).toBe(1);
    expect(out).toMatch(/^DIFF race_flow\n/);
    expect(out).toContain('status');
    expect(out.endsWith('0 passed, 1 failed\n')).toBe(true);
    expect(server.calls()).toBe(2);
  });

  it('asks once without --retries', async () => {
    const server = await serverAnswering(1);

    const { code } = await replay();

    expect(code).toBe(1);
    expect(server.calls()).toBe(1);
  });

  it('rejects a retry count that is not a whole number', async () => {
    expect(await replay('--retries', 'two')).toEqual({ code: 2, out: '', err: 'conductor-testkit replay: --retries must be a whole number >= 0, got "two"\n' });
  });
});
