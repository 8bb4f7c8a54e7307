/**
 * Replay faults (issue #8): the server is down, refuses the credentials, fails, answers too slowly,
 * or sends a body cut off or not a Conductor workflow. `replay()` returns a clear ReplayError and
 * still the engine's own answer (nothing lost); `conductor-testkit replay` prints the error and
 * that answer, counts the request as failed and exits 1 — it does not crash.
 *
 * No real network: msw answers every request (`onUnhandledRequest: 'error'`); "server down" is a
 * loopback port nothing listens on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { WorkflowTestRequest } from '../../src/definitions/index.js';
import { createEngine } from '../../src/engine/index.js';
import { createConductorClient, replay } from '../../src/remote/index.js';
import { formatTimeline, serializeTrace } from '../../src/trace/index.js';
import type { Trace } from '../../src/trace/index.js';
import { closedPort } from '../support/closed-port.js';

const BASE = 'http://conductor.test:8080';
const TEST_URL = `${BASE}/api/workflow/test`;
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const request: WorkflowTestRequest = {
  name: 'order_flow',
  version: 1,
  input: { orderId: 'o-1' },
  workflowDef: {
    name: 'order_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'charge', taskReferenceName: 'charge', type: 'SIMPLE', inputParameters: { orderId: '${workflow.input.orderId}' } },
      { name: 'ship', taskReferenceName: 'ship', type: 'SIMPLE' },
    ],
  },
  taskRefToMockOutput: { charge: [{ status: 'COMPLETED', output: { chargeId: 'ch_1' } }], ship: [{ status: 'COMPLETED', output: {} }] },
};

/** The engine's answer to the request on its own, to compare with what replay keeps. */
async function engineAnswer(): Promise<Trace> {
  return createEngine({ mode: 'server-compat' }).runTestRequest(structuredClone(request));
}

/** Metadata calls replay makes before the test endpoint: no TaskDef of these names is registered. */
const metadata = http.delete(`${BASE}/api/metadata/taskdefs/:name`, () => new HttpResponse(null, { status: 404 }));

/** A handler that answers only when the client gives up (it aborts the request at its timeout). */
const never = (): Promise<Response> =>
  new Promise(() => {
    // Nothing: the client's AbortController ends the exchange at timeoutMs.
  });

interface Fault {
  readonly name: string;
  /** msw handlers standing in for the server (besides `metadata`); the base URL to use. */
  readonly setup: () => Promise<{ base: string; handlers: Parameters<typeof server.use> }>;
  readonly kind: string;
  readonly status: number | undefined;
  readonly message: (base: string) => string;
}

const faults: readonly Fault[] = [
  {
    name: 'the server is down',
    setup: async () => {
      const base = `http://127.0.0.1:${await closedPort()}`;
      return { base, handlers: [http.all(`${base}/*`, () => passthrough())] };
    },
    kind: 'connection',
    status: undefined,
    message: (base) => `DELETE ${base}/api/metadata/taskdefs/charge: connection refused at ${base} — is the server running? start one with scripts/conductor-server.sh start`,
  },
  {
    name: 'the server answers 401',
    setup: async () => ({ base: BASE, handlers: [http.all(`${BASE}/*`, () => HttpResponse.json({ error: 'INVALID_TOKEN', message: 'Missing token' }, { status: 401 }))] }),
    kind: 'auth',
    status: 401,
    message: (base) => `DELETE ${base}/api/metadata/taskdefs/charge: unauthorized (HTTP 401: Missing token) — the server requires authentication; pass keyId and keySecret (an Orkes application access key)`,
  },
  {
    name: 'the test endpoint answers 500',
    setup: async () => ({ base: BASE, handlers: [metadata, http.post(TEST_URL, () => HttpResponse.json({ status: 500, message: 'NullPointerException', retryable: false }, { status: 500 }))] }),
    kind: 'server',
    status: 500,
    message: (base) => `POST ${base}/api/workflow/test: the server failed (HTTP 500: NullPointerException) — see the server log; on the test endpoint a 500 is often a mock without "output" or a null taskToDomain (engine-semantics §7.1)`,
  },
  {
    name: 'the test endpoint is slower than the timeout',
    setup: async () => ({ base: BASE, handlers: [metadata, http.post(TEST_URL, never)] }),
    kind: 'timeout',
    status: undefined,
    message: (base) => `POST ${base}/api/workflow/test: no answer within 50 ms (timeoutMs) — the test endpoint keeps looping while mock keys remain for tasks that never run (engine-semantics §7.2); remove unused mock keys or raise timeoutMs`,
  },
  {
    name: 'the body is cut off in the middle',
    setup: async () => ({ base: BASE, handlers: [metadata, http.post(TEST_URL, () => new HttpResponse('{"workflowId":"w1","status":"COMPLETED","tasks":[{"taskId":"t1","sta', { status: 200, headers: { 'content-type': 'application/json' } }))] }),
    kind: 'malformed',
    status: 200,
    message: (base) => `POST ${base}/api/workflow/test: the answer (HTTP 200) is not valid JSON (Unterminated string in JSON at position 68) — the body looks cut off; check the server log and any proxy in between`,
  },
  {
    name: 'the body is a proxy error page',
    setup: async () => ({ base: BASE, handlers: [metadata, http.post(TEST_URL, () => new HttpResponse('<html>502 Bad Gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } }))] }),
    kind: 'malformed',
    status: 200,
    message: (base) => `POST ${base}/api/workflow/test: the answer (HTTP 200) is not valid JSON (Unexpected token '<', "<html>502 "... is not valid JSON) — is baseUrl pointing at a Conductor server?`,
  },
  {
    name: 'the body is JSON but not a workflow',
    setup: async () => ({ base: BASE, handlers: [metadata, http.post(TEST_URL, () => HttpResponse.json({ hello: 'world' }))] }),
    kind: 'malformed',
    status: 200,
    message: (base) => `POST ${base}/api/workflow/test: the answer does not look like a Conductor Workflow: workflowId: Invalid input: expected string, received undefined; status: Invalid option: expected one of "RUNNING"|"COMPLETED"|"FAILED"|"TIMED_OUT"|"TERMINATED"|"PAUSED" — is the server a compatible Conductor version?`,
  },
];

/**
 * 50 ms only where the timeout is the fault; elsewhere a generous one, so a loaded machine (CI, two
 * cores) cannot turn a refused connection or a 500 into a timeout.
 */
function timeoutMsFor(fault: { readonly kind: string }): number {
  return fault.kind === 'timeout' ? 50 : 30_000;
}

describe('replay() when the server fails', () => {
  for (const fault of faults) {
    it(`keeps the engine's answer and reports a ${fault.kind} error when ${fault.name}`, async () => {
      const { base, handlers } = await fault.setup();
      server.use(...handlers);
      const client = createConductorClient({ baseUrl: base, timeoutMs: timeoutMsFor(fault) });

      const result = await replay(request, { client });

      expect({ equal: result.equal, remote: result.remote, diff: result.diff, kind: result.error?.kind, status: result.error?.status, message: result.error?.message }).toEqual({
        equal: false,
        remote: undefined,
        diff: undefined,
        kind: fault.kind,
        status: fault.status,
        message: fault.message(base),
      });
      expect(result.error?.name).toBe('ReplayError');
      expect(serializeTrace(result.local)).toBe(serializeTrace(await engineAnswer()));
    });
  }
});

describe('conductor-testkit replay when the server fails', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ctk-replay-'));
    writeFileSync(join(dir, 'order.json'), JSON.stringify(request));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd: dir, env: {}, isTTY: false });
    return { code, out, err };
  }

  const kept = async (): Promise<string> =>
    formatTimeline(await engineAnswer())
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n');

  for (const fault of faults) {
    it(`prints the error and the engine's answer, and exits 1, when ${fault.name}`, async () => {
      const { base, handlers } = await fault.setup();
      server.use(...handlers);

      const result = await cli('replay', 'order.json', '--server', base, '--timeout', String(timeoutMsFor(fault) / 1000));

      expect(result).toEqual({
        code: 1,
        out: `ERROR order: ${fault.message(base)}\n  the engine's answer (kept):\n${await kept()}\n0 passed, 1 failed\n`,
        err: '',
      });
    });
  }

  it('reports the error in --json output too', async () => {
    server.use(metadata, http.post(TEST_URL, () => HttpResponse.json({ status: 500, message: 'NullPointerException' }, { status: 500 })));

    const result = await cli('replay', 'order.json', '--server', BASE, '--json');

    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toEqual({
      passed: 0,
      failed: 1,
      known: 0,
      skipped: 0,
      results: [
        {
          file: 'order.json',
          id: 'order',
          equal: false,
          error: `POST ${TEST_URL}: the server failed (HTTP 500: NullPointerException) — see the server log; on the test endpoint a 500 is often a mock without "output" or a null taskToDomain (engine-semantics §7.1)`,
          differences: [],
        },
      ],
    });
  });

  it('goes on with the next file after a failing one', async () => {
    writeFileSync(join(dir, 'second.json'), JSON.stringify(request));
    let calls = 0;
    server.use(
      metadata,
      http.post(TEST_URL, () => {
        calls++;
        return HttpResponse.json({ status: 503, message: 'overloaded' }, { status: 503 });
      }),
    );

    const result = await cli('replay', 'order.json', 'second.json', '--server', BASE);

    expect([result.code, calls, result.out.split('\n').filter((l) => l.startsWith('ERROR ')).length, result.out.endsWith('0 passed, 2 failed\n')]).toEqual([1, 2, 2, true]);
    rmSync(join(dir, 'second.json'));
  });
});
