/**
 * HTTP: the request goes through fetch (so msw answers it), the response lands in Conductor's
 * `response: {statusCode, headers, body, reasonPhrase}` shape, non-2xx fails the task, and a mock
 * can replace the call.
 *
 * Conductor source: core/.../execution/mapper/HTTPTaskMapper.java (SCHEDULED, task input plus
 * `asyncComplete`), http-task/src/main/java/com/netflix/conductor/tasks/http/HttpTask.java (async
 * `start`: `http_request` or the whole input as the request; missing uri/method → FAILED; 2xx →
 * COMPLETED (IN_PROGRESS with asyncComplete) with output.response = {statusCode, reasonPhrase,
 * headers: {name: [values]}, body: parsed JSON, or the text}; a non-2xx status makes RestTemplate
 * throw → FAILED "Failed to invoke HTTP task due to: java.lang.Exception: <message>" with the same
 * text in output.response). Ad-hoc TaskDef: no retries. In the test endpoint HTTP needs a mock.
 */
import { afterAll, afterEach, beforeAll, describe, it, expect } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { ok, runWorkflow, startWorkflow } from '../../../src/index.js';
import type { JsonObject, WorkflowDef } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function httpFlow(httpRequest: JsonObject, extra: Partial<WorkflowDef['tasks'][number]> = {}): WorkflowDef {
  return {
    name: 'http_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'call_api', taskReferenceName: 'call', type: 'HTTP', inputParameters: { http_request: httpRequest }, ...extra },
      { name: 'use_task', taskReferenceName: 'use', type: 'SIMPLE', inputParameters: { price: '${call.output.response.body.price}' } },
    ],
  };
}

const mocks = { byRef: { use: ok() } };

describe('HTTP through fetch', () => {
  it('calls the URI and stores the response in Conductor shape', async () => {
    server.use(http.get('https://api.example.test/price/:sku', ({ params }) => HttpResponse.json({ sku: params['sku'], price: 42 })));

    const trace = await runWorkflow({ workflowDef: httpFlow({ uri: 'https://api.example.test/price/${workflow.input.sku}', method: 'GET' }), input: { sku: 'A-1' } }, { mocks });

    const call = taskOf(trace, 'call');
    const response = call.outputData['response'] as { statusCode: number; reasonPhrase: string; body: unknown; headers: Record<string, string[]> };
    expect(taskRows(trace)).toEqual(['call:HTTP=COMPLETED#0@0', 'use:use_task=COMPLETED#0@0']);
    expect([response.statusCode, response.reasonPhrase, response.body]).toEqual([200, 'OK', { sku: 'A-1', price: 42 }]);
    expect(response.headers['content-type']).toEqual(['application/json']);
    expect(taskOf(trace, 'use').inputData).toEqual({ price: 42 });
    expect(call.inputData).toEqual({ http_request: { uri: 'https://api.example.test/price/A-1', method: 'GET' }, asyncComplete: false });
  });

  it('sends the method, headers and JSON body of http_request', async () => {
    const seen: unknown[] = [];
    server.use(
      http.post('https://api.example.test/orders', async ({ request }) => {
        seen.push([request.headers.get('x-tenant'), request.headers.get('content-type'), await request.json()]);
        return HttpResponse.json({ id: 'o-9' }, { status: 201 });
      }),
    );

    const trace = await runWorkflow(
      { workflowDef: httpFlow({ uri: 'https://api.example.test/orders', method: 'POST', headers: { 'X-Tenant': 'acme' }, body: { qty: '${workflow.input.qty}' } }), input: { qty: 3 } },
      { mocks },
    );

    expect(seen).toEqual([['acme', 'application/json', { qty: 3 }]]);
    expect(taskOf(trace, 'call').outputData['response']).toMatchObject({ statusCode: 201, reasonPhrase: 'Created', body: { id: 'o-9' } });
  });

  it('keeps a text body as text and gives null for an empty one', async () => {
    server.use(
      http.get('https://api.example.test/text', () => new HttpResponse('plain words', { status: 200 })),
      http.get('https://api.example.test/empty', () => new HttpResponse(null, { status: 204 })),
    );

    const text = await runWorkflow({ workflowDef: httpFlow({ uri: 'https://api.example.test/text', method: 'GET' }) }, { mocks });
    const empty = await runWorkflow({ workflowDef: httpFlow({ uri: 'https://api.example.test/empty', method: 'GET' }) }, { mocks });

    expect(taskOf(text, 'call').outputData['response']).toMatchObject({ statusCode: 200, body: 'plain words' });
    expect(taskOf(empty, 'call').outputData['response']).toMatchObject({ statusCode: 204, reasonPhrase: 'No Content', body: null });
  });

  it('fails the task, and the workflow, on a non-2xx status', async () => {
    server.use(http.get('https://api.example.test/down', () => new HttpResponse('down', { status: 503 })));

    const trace = await runWorkflow({ workflowDef: httpFlow({ uri: 'https://api.example.test/down', method: 'GET' }) }, { mocks });

    const call = taskOf(trace, 'call');
    expect(taskRows(trace)).toEqual(['call:HTTP=FAILED#0@0']);
    expect(call.reasonForIncompletion).toBe('Failed to invoke HTTP task due to: java.lang.Exception: 503 Service Unavailable: "down"');
    expect(call.outputData).toEqual({ response: 'java.lang.Exception: 503 Service Unavailable: "down"' });
    expect(trace.workflow.status).toBe('FAILED');
  });

  it('records each call in the event log', async () => {
    server.use(http.get('https://api.example.test/ping', () => HttpResponse.json({ price: 1 })));

    const trace = await runWorkflow({ workflowDef: httpFlow({ uri: 'https://api.example.test/ping', method: 'get' }) }, { mocks });

    const calls = trace.events.filter((e) => e.kind === 'http.call');
    expect(calls.map((e) => [e.ref, e.detail])).toEqual([['call', { method: 'GET', uri: 'https://api.example.test/ping', status: 200 }]]);
  });

  it('fails without a uri or a method, before any call', async () => {
    const noUri = await runWorkflow({ workflowDef: httpFlow({ method: 'GET' }) }, { mocks });
    const noMethod = await runWorkflow({ workflowDef: httpFlow({ uri: 'https://api.example.test/x' }) }, { mocks });

    expect(taskOf(noUri, 'call').reasonForIncompletion).toBe('Missing HTTP URI.  See documentation for HttpTask for required input parameters');
    expect(taskOf(noMethod, 'call').reasonForIncompletion).toBe('No HTTP method specified');
  });

  it('waits IN_PROGRESS after the response with asyncComplete, until signalled', async () => {
    server.use(http.get('https://api.example.test/job', () => HttpResponse.json({ accepted: true })));

    const run = await startWorkflow({ workflowDef: httpFlow({ uri: 'https://api.example.test/job', method: 'GET' }, { asyncComplete: true }) }, { mocks });
    const waiting = run.trace();
    const trace = await run.signal('call', { done: true });

    expect(taskRows(waiting)).toEqual(['call:HTTP=IN_PROGRESS#0@0']);
    expect(taskRows(trace)).toEqual(['call:HTTP=COMPLETED#0@0', 'use:use_task=COMPLETED#0@0']);
  });
});

describe('HTTP replaced by a mock', () => {
  it('takes the mock answer and makes no request', async () => {
    // msw would fail the test on any request: no handler is registered.
    const answer = ok({ response: { statusCode: 200, reasonPhrase: 'OK', headers: {}, body: { price: 7 } } });

    const trace = await runWorkflow({ workflowDef: httpFlow({ uri: 'https://api.example.test/price/x', method: 'GET' }) }, { mocks: { byRef: { call: answer, use: ok() } } });

    expect(taskRows(trace)).toEqual(['call:HTTP=COMPLETED#0@0', 'use:use_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'use').inputData).toEqual({ price: 7 });
    expect(trace.events.filter((e) => e.kind === 'http.call')).toEqual([]);
  });

  it('is answered by the request mock in server-compat mode and stops RUNNING without one', async () => {
    const def = httpFlow({ uri: 'https://api.example.test/price/x', method: 'GET' });

    const mocked = await runWorkflow(
      { name: 'http_flow', workflowDef: def, input: {}, taskRefToMockOutput: { call: [{ status: 'COMPLETED', output: { response: { body: { price: 5 } } } }], use: [{ status: 'COMPLETED', output: {} }] } },
      { mode: 'server-compat' },
    );
    const unmocked = await runWorkflow({ name: 'http_flow', workflowDef: def, input: {}, taskRefToMockOutput: { use: [{ status: 'COMPLETED', output: {} }] } }, { mode: 'server-compat' });

    expect(taskRows(mocked)).toEqual(['call:HTTP=COMPLETED#0@0', 'use:use_task=COMPLETED#0@0']);
    expect(taskOf(mocked, 'use').inputData).toEqual({ price: 5 });
    expect(taskRows(unmocked)).toEqual(['call:HTTP=SCHEDULED#0@0']);
    expect(unmocked.workflow.status).toBe('RUNNING');
  });
});
