import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createConductorClient } from '../../src/remote/index.js';
import { isTestkitError, type ReplayError } from '../../src/errors/index.js';
import type { WorkflowTestRequest } from '../../src/definitions/index.js';
import { parentWorkflowJson, PARENT_ID } from './server-json.js';

const BASE = 'http://conductor.test:8080';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const REQUEST: WorkflowTestRequest = {
  name: 'order_flow',
  workflowDef: { name: 'order_flow', tasks: [{ name: 'a', taskReferenceName: 'a' }] },
  taskRefToMockOutput: { a: [{ status: 'COMPLETED', output: { x: 1 } }] },
};

async function rejection(promise: Promise<unknown>): Promise<ReplayError> {
  try {
    await promise;
  } catch (error) {
    if (isTestkitError(error) && error.name === 'ReplayError') return error as ReplayError;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('createConductorClient endpoints', () => {
  it('posts the test request as JSON to /api/workflow/test and returns the execution with unknown fields kept', async () => {
    let received: unknown;
    let contentType: string | null = null;
    server.use(
      http.post(`${BASE}/api/workflow/test`, async ({ request }) => {
        received = await request.json();
        contentType = request.headers.get('content-type');
        return HttpResponse.json(parentWorkflowJson());
      }),
    );

    const execution = await createConductorClient({ baseUrl: BASE }).testWorkflow(REQUEST);

    expect(received).toEqual(REQUEST);
    expect(contentType).toBe('application/json');
    expect([execution.workflowId, execution.status, execution.tasks?.length, execution['ownerApp']]).toEqual([PARENT_ID, 'COMPLETED', 3, 'test']);
  });

  it('treats a base URL with a trailing /api or slash as the same server', async () => {
    server.use(http.get(`${BASE}/api/health`, () => HttpResponse.json({ healthy: true, healthResults: [] })));

    const answers = await Promise.all(
      [BASE, `${BASE}/`, `${BASE}/api`, `${BASE}/api/`].map((baseUrl) => createConductorClient({ baseUrl }).health()),
    );

    expect(answers.map((a) => a.healthy)).toEqual([true, true, true, true]);
    expect(createConductorClient({ baseUrl: `${BASE}/api/` }).baseUrl).toBe(BASE);
  });

  it('keeps a path prefix in front of /api', async () => {
    server.use(http.get('http://proxy.test/conductor/api/health', () => HttpResponse.json({ healthy: false })));

    const health = await createConductorClient({ baseUrl: 'http://proxy.test/conductor/api' }).health();

    expect(health.healthy).toBe(false);
  });

  it('reads an execution with or without its tasks', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/api/workflow/:id`, ({ request, params }) => {
        seen.push(`${String(params['id'])}?${new URL(request.url).searchParams.toString()}`);
        return HttpResponse.json(parentWorkflowJson());
      }),
    );
    const client = createConductorClient({ baseUrl: BASE });

    await client.getWorkflow(PARENT_ID);
    await client.getWorkflow(PARENT_ID, { includeTasks: false });

    expect(seen).toEqual([`${PARENT_ID}?includeTasks=true`, `${PARENT_ID}?includeTasks=false`]);
  });

  it('registers task definitions as one array and deletes them by name, reporting a missing one as false', async () => {
    const calls: string[] = [];
    server.use(
      http.post(`${BASE}/api/metadata/taskdefs`, async ({ request }) => {
        calls.push(`POST ${JSON.stringify(await request.json())}`);
        return new HttpResponse(null, { status: 200 });
      }),
      http.delete(`${BASE}/api/metadata/taskdefs/:name`, ({ params }) => {
        calls.push(`DELETE ${String(params['name'])}`);
        return params['name'] === 'known task'
          ? new HttpResponse(null, { status: 200 })
          : HttpResponse.json({ status: 404, message: 'No such task definition' }, { status: 404 });
      }),
    );
    const client = createConductorClient({ baseUrl: BASE });

    await client.registerTaskDefs([{ name: 'a', retryCount: 0 }]);
    const deleted = await client.deleteTaskDef('known task');
    const missing = await client.deleteTaskDef('ghost');

    expect(calls).toEqual(['POST [{"name":"a","retryCount":0}]', 'DELETE known task', 'DELETE ghost']);
    expect([deleted, missing]).toEqual([true, false]);
  });

  it('creates or updates a workflow definition with PUT and surfaces bulk errors the server answers with 200', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.put(`${BASE}/api/metadata/workflow`, async ({ request }) => {
        const body = (await request.json()) as { name: string }[];
        bodies.push(body);
        return body[0]?.name === 'bad'
          ? HttpResponse.json({ bulkErrorResults: { bad: 'tasks must not be empty' }, bulkSuccessfulResults: [], message: 'Bulk Request has been processed.' })
          : HttpResponse.json({ bulkErrorResults: {}, bulkSuccessfulResults: ['good'], message: 'Bulk Request has been processed.' });
      }),
    );
    const client = createConductorClient({ baseUrl: BASE });

    await client.registerWorkflowDef({ name: 'good', tasks: [{ name: 'a', taskReferenceName: 'a' }] });
    const error = await rejection(client.registerWorkflowDef({ name: 'bad', tasks: [] }));

    expect(bodies).toEqual([[{ name: 'good', tasks: [{ name: 'a', taskReferenceName: 'a' }] }], [{ name: 'bad', tasks: [] }]]);
    expect([error.kind, error.status, error.message]).toEqual([
      'client',
      200,
      `PUT ${BASE}/api/metadata/workflow: the server did not store workflow "bad" (bad: tasks must not be empty) — fix the definition and register it again`,
    ]);
  });

  it('sends configured headers on every request', async () => {
    let tenant: string | null = null;
    server.use(
      http.get(`${BASE}/api/health`, ({ request }) => {
        tenant = request.headers.get('x-tenant');
        return HttpResponse.json({ healthy: true });
      }),
    );

    await createConductorClient({ baseUrl: BASE, headers: { 'X-Tenant': 'blue' } }).health();

    expect(tenant).toBe('blue');
  });
});

describe('createConductorClient options', () => {
  it('rejects a base URL that is not http(s) with a config ReplayError', () => {
    const attempt = (): unknown => createConductorClient({ baseUrl: 'localhost:8080' });

    expect(attempt).toThrow('baseUrl "localhost:8080" must be an http:// or https:// URL');
    expect(() => createConductorClient({ baseUrl: 'not a url' })).toThrow('baseUrl "not a url" is not a URL; pass the server address, e.g. http://127.0.0.1:8080');
  });

  it('rejects a key id without a secret and a non-positive timeout', () => {
    expect(() => createConductorClient({ baseUrl: BASE, keyId: 'k' })).toThrow(
      'keyId was given without keySecret; pass both (an Orkes application access key) or neither',
    );
    expect(() => createConductorClient({ baseUrl: BASE, timeoutMs: 0 })).toThrow('timeoutMs must be a positive number of milliseconds, got 0');
  });

  it('marks option errors as config ReplayErrors', () => {
    let caught: unknown;
    try {
      createConductorClient({ baseUrl: BASE, keySecret: 's' });
    } catch (error) {
      caught = error;
    }

    expect([isTestkitError(caught), (caught as ReplayError).kind, (caught as ReplayError).code]).toEqual([true, 'config', 'REPLAY']);
  });
});
