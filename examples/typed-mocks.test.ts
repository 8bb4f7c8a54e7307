/**
 * Typed test authoring. `conductor-testkit types` turned the JSON Schemas of
 * workflows/payment-capture.json (and of its TaskDefs in workflows/taskdefs/) into
 * generated/payment-capture.types.ts:
 *
 *   npx conductor-testkit types examples/workflows/payment-capture.json \
 *     --taskdefs examples/workflows/taskdefs -o examples/generated/payment-capture.types.ts
 *
 * `okFor(ref, output)` only accepts an output of the ref's type, and `satisfies` checks the
 * workflow input, so a misspelt field in a mock or an input is a compile error, not a confusing
 * run (test/types/typegen.test-d.ts pins that).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fail, parseJson, parseWorkflowDef, runWorkflow } from 'conductor-testkit';
import 'conductor-testkit/vitest';
import { okFor } from './generated/payment-capture.types.js';
import type { PaymentCaptureInput } from './generated/payment-capture.types.js';

const path = new URL('./workflows/payment-capture.json', import.meta.url);
const paymentCapture = parseWorkflowDef(parseJson(readFileSync(path, 'utf8'), path.pathname));

describe('payment capture with typed mocks', () => {
  it('captures an approved payment after one failed capture attempt', async () => {
    const input = { paymentId: 'pay_1', amount: 19.99, currency: 'EUR' } satisfies PaymentCaptureInput;

    const trace = await runWorkflow(
      { workflowDef: paymentCapture, input },
      {
        mocks: {
          byRef: {
            authorise: okFor('authorise', { authorisationId: 'auth_1', approved: true, riskScore: 12 }),
            capture: [fail('acquirer busy'), okFor('capture', { captureId: 'cap_1', capturedAmount: 19.99 })],
          },
        },
      },
    );

    expect(trace).toHaveCompleted();
    expect(trace).toHaveRetried('capture', 1);
    expect(trace).toHaveTaskInput('capture', { authorisationId: 'auth_1' });
    expect(trace).toHaveWorkflowOutput({ captureId: 'cap_1', capturedAmount: 19.99 });
  });
});
