import { delay, http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createConductorClient } from '../../src/remote/index.js';
import { isTestkitError, type ReplayError } from '../../src/errors/index.js';
import { parentWorkflowJson } from './server-json.js';
import { closedPort } from '../support/closed-port.js';

const BASE = 'http://conductor.test:8080';
const TEST_URL = `${BASE}/api/workflow/test`;
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const REQUEST = { name: 'order_flow' };

async function rejection(promise: Promise<unknown>): Promise<ReplayError> {
  try {
    await promise;
  } catch (error) {
    if (isTestkitError(error) && error.name === 'ReplayError') return error as ReplayError;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function summary(error: ReplayError): unknown {
  return { kind: error.kind, method: error.method, url: error.url, status: error.status, message: error.message };
}

describe('ReplayError classes', () => {
  it('reports a refused connection with the start hint', async () => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}`;
    server.use(http.all(`${base}/*`, () => passthrough()));

    const error = await rejection(createConductorClient({ baseUrl: base }).testWorkflow(REQUEST));

    expect(summary(error)).toEqual({
      kind: 'connection',
      method: 'POST',
      url: `${base}/api/workflow/test`,
      status: undefined,
      message: `POST ${base}/api/workflow/test: connection refused at ${base} — is the server running? start one with scripts/conductor-server.sh start`,
    });
  });

  it('reports 401 without credentials as an auth error that says to pass keyId and keySecret', async () => {
    server.use(http.post(TEST_URL, () => HttpResponse.json({ error: 'INVALID_TOKEN', message: 'Missing token' }, { status: 401 })));

    const error = await rejection(createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST));

    expect(summary(error)).toEqual({
      kind: 'auth',
      method: 'POST',
      url: TEST_URL,
      status: 401,
      message: `POST ${TEST_URL}: unauthorized (HTTP 401: Missing token) — the server requires authentication; pass keyId and keySecret (an Orkes application access key)`,
    });
  });

  it('reports 403 as an auth error about permissions', async () => {
    server.use(http.post(TEST_URL, () => HttpResponse.json({ message: 'no EXECUTE on order_flow' }, { status: 403 })));

    const error = await rejection(createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST));

    expect([error.kind, error.status, error.message]).toEqual([
      'auth',
      403,
      `POST ${TEST_URL}: forbidden (HTTP 403: no EXECUTE on order_flow) — the credentials are valid but not allowed to do this; grant the application access to it`,
    ]);
  });

  it("reports 400 as a client error carrying the server's message, validation errors and a body excerpt", async () => {
    const body = {
      status: 400,
      message: 'Validation failed, check below errors for detail.',
      instance: 'host-1',
      retryable: false,
      validationErrors: [{ path: 'testWorkflow.request.name', message: 'Workflow name cannot be null or empty' }],
    };
    server.use(http.post(TEST_URL, () => HttpResponse.json(body, { status: 400 })));

    const error = await rejection(createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST));

    expect([error.kind, error.status, error.bodyExcerpt, error.message]).toEqual([
      'client',
      400,
      JSON.stringify(body),
      `POST ${TEST_URL}: the server refused the request (HTTP 400: Validation failed, check below errors for detail.; testWorkflow.request.name: Workflow name cannot be null or empty)`,
    ]);
  });

  it('reports 404 as a client error that points at baseUrl', async () => {
    server.use(http.get(`${BASE}/api/workflow/:id`, () => HttpResponse.json({ status: 404, message: 'No such workflow found by id: w1' }, { status: 404 })));

    const error = await rejection(createConductorClient({ baseUrl: BASE }).getWorkflow('w1'));

    expect(error.message).toBe(
      `GET ${BASE}/api/workflow/w1?includeTasks=true: the server refused the request (HTTP 404: No such workflow found by id: w1) — check baseUrl (${BASE}); the client adds /api/… itself`,
    );
  });

  it('reports 500 as a server error with the test-endpoint hint', async () => {
    server.use(http.post(TEST_URL, () => HttpResponse.json({ status: 500, message: null, retryable: false }, { status: 500 })));

    const error = await rejection(createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST));

    expect([error.kind, error.status, error.message]).toEqual([
      'server',
      500,
      `POST ${TEST_URL}: the server failed (HTTP 500) — see the server log; on the test endpoint a 500 is often a mock without "output" or a null taskToDomain (engine-semantics §7.1)`,
    ]);
  });

  it('reports a body that is not JSON as malformed', async () => {
    server.use(http.post(TEST_URL, () => new HttpResponse('<html>gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } })));

    const error = await rejection(createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST));

    expect([error.kind, error.status, error.bodyExcerpt]).toEqual(['malformed', 200, '<html>gateway</html>']);
    expect(error.message).toMatch(new RegExp(`^POST ${TEST_URL}: the answer \\(HTTP 200\\) is not valid JSON \\(.+\\) — is baseUrl pointing at a Conductor server\\?$`));
  });

  it('does not call a broken but complete JSON body truncated', async () => {
    server.use(http.post(TEST_URL, () => new HttpResponse('{"a": 1 x}', { status: 200, headers: { 'content-type': 'application/json' } })));

    const error = await rejection(createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST));

    expect(error.message).toMatch(/is not valid JSON \(.+\) — is baseUrl pointing at a Conductor server\?$/);
  });

  it('reports a JSON body cut off in the middle as malformed and says it looks truncated', async () => {
    const full = JSON.stringify(parentWorkflowJson());
    server.use(http.post(TEST_URL, () => new HttpResponse(full.slice(0, 300), { status: 200, headers: { 'content-type': 'application/json' } })));

    const error = await rejection(createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST));

    expect([error.kind, error.bodyExcerpt]).toEqual(['malformed', full.slice(0, 300)]);
    expect(error.message).toMatch(/the body looks cut off; check the server log and any proxy in between$/);
  });

  it('reports a body stream that breaks off as a connection error', async () => {
    server.use(
      http.post(TEST_URL, () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"workflowId":"w'));
            controller.error(new Error('socket hang up'));
          },
        });
        return new HttpResponse(stream, { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );

    const error = await rejection(createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST));

    expect([error.kind, error.message]).toEqual([
      'connection',
      `POST ${TEST_URL}: the connection broke while reading the response (socket hang up) — retry; if it keeps happening check the server and any proxy in between`,
    ]);
  });

  it('gives up on a slow server after timeoutMs', async () => {
    server.use(
      http.post(TEST_URL, async () => {
        await delay(200);
        return HttpResponse.json(parentWorkflowJson());
      }),
    );

    const error = await rejection(createConductorClient({ baseUrl: BASE, timeoutMs: 40 }).testWorkflow(REQUEST));

    expect([error.kind, error.status, error.message]).toEqual([
      'timeout',
      undefined,
      `POST ${TEST_URL}: no answer within 40 ms (timeoutMs) — the test endpoint keeps looping while mock keys remain for tasks that never run (engine-semantics §7.2); remove unused mock keys or raise timeoutMs`,
    ]);
  });
});

describe('response validation', () => {
  it('reports a workflow whose task has a wrong field type as malformed, naming the path', async () => {
    const answer = parentWorkflowJson();
    const tasks = answer['tasks'] as Record<string, unknown>[];
    tasks[1] = { ...tasks[1], status: 7 };
    server.use(http.post(TEST_URL, () => HttpResponse.json(answer)));

    const error = await rejection(createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST));

    expect([error.kind, error.status]).toEqual(['malformed', 200]);
    expect(error.message).toMatch(new RegExp(`^POST ${TEST_URL}: the answer does not look like a Conductor Workflow: tasks\\[1\\]\\.status: `));
  });

  it('reports a workflow without workflowId as malformed', async () => {
    const { workflowId: _id, ...answer } = parentWorkflowJson();
    server.use(http.post(TEST_URL, () => HttpResponse.json(answer)));

    const error = await rejection(createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST));

    expect(error.message).toMatch(/^POST \S+: the answer does not look like a Conductor Workflow: workflowId: .+ — is the server a compatible Conductor version\?$/);
  });

  it('reports an empty 200 answer from the test endpoint as malformed', async () => {
    server.use(http.post(TEST_URL, () => new HttpResponse(null, { status: 200 })));

    const error = await rejection(createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST));

    expect(error.message).toMatch(/^POST \S+: the answer does not look like a Conductor Workflow: \(root\): /);
  });

  it('accepts null properties and unknown fields', async () => {
    const answer = { ...parentWorkflowJson(), correlationId: null, somethingNew: { a: 1 } };
    server.use(http.post(TEST_URL, () => HttpResponse.json(answer)));

    const execution = await createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST);

    expect([execution.correlationId, execution['somethingNew']]).toEqual([null, { a: 1 }]);
  });
});
