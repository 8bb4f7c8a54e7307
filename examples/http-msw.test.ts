/**
 * HTTP tasks make real `fetch` calls, so msw answers them: no network, and an unexpected request
 * fails the test (`onUnhandledRequest: 'error'`). The task's output is Conductor's HTTP task
 * output: `response.statusCode`, `response.body`, `response.headers`, `response.reasonPhrase`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { runWorkflow } from 'conductor-testkit';
import type { WorkflowDef } from 'conductor-testkit';
import 'conductor-testkit/vitest';

const pricing: WorkflowDef = {
  name: 'price_quote',
  version: 1,
  schemaVersion: 2,
  ownerEmail: 'pricing@example.com',
  inputParameters: ['currency', 'amount'],
  tasks: [
    {
      name: 'fetch_rate',
      taskReferenceName: 'rate',
      type: 'HTTP',
      inputParameters: {
        http_request: { uri: 'https://rates.example.com/v1/rates/${workflow.input.currency}', method: 'GET', accept: 'application/json' },
      },
      taskDefinition: { name: 'fetch_rate', retryCount: 1, retryLogic: 'FIXED', retryDelaySeconds: 30, responseTimeoutSeconds: 60, timeoutSeconds: 120 },
    },
    {
      name: 'convert',
      taskReferenceName: 'convert',
      type: 'INLINE',
      inputParameters: {
        evaluatorType: 'graaljs',
        expression: '(function () { return { total: $.amount * $.rate }; })()',
        amount: '${workflow.input.amount}',
        rate: '${rate.output.response.body.rate}',
      },
    },
  ],
  outputParameters: { total: '${convert.output.result.total}' },
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('price quote', () => {
  it('converts the amount with the rate the rates service returns', async () => {
    server.use(http.get('https://rates.example.com/v1/rates/:currency', ({ params }) => HttpResponse.json({ currency: params['currency'], rate: 1.5 })));

    const trace = await runWorkflow({ workflowDef: pricing, input: { currency: 'EUR', amount: 10 } });

    expect(trace).toHaveCompleted();
    expect(trace).toHaveTaskOutput('rate', { response: { statusCode: 200, body: { currency: 'EUR', rate: 1.5 } } });
    expect(trace).toHaveWorkflowOutput({ total: 15 });
  });

  it('retries once after a 503 and then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get('https://rates.example.com/v1/rates/:currency', () => {
        calls += 1;
        return calls === 1 ? new HttpResponse('busy', { status: 503 }) : HttpResponse.json({ rate: 2 });
      }),
    );

    const trace = await runWorkflow({ workflowDef: pricing, input: { currency: 'USD', amount: 10 } });

    expect(calls).toBe(2);
    expect(trace).toHaveCompleted();
    expect(trace).toHaveRetried('rate', 1);
    expect(trace).toHaveWorkflowOutput({ total: 20 });
  });

  it('fails the quote when the service keeps failing', async () => {
    server.use(http.get('https://rates.example.com/v1/rates/:currency', () => new HttpResponse(null, { status: 500 })));

    const trace = await runWorkflow({ workflowDef: pricing, input: { currency: 'GBP', amount: 10 } });

    expect(trace).toHaveFailed();
    expect(trace).toHaveTaskStatus('rate', 'FAILED');
    expect(trace).toNotHaveExecuted('convert');
  });
});
