/**
 * The module `conductor-testkit types` generated for examples/workflows/payment-capture.json
 * makes mocks and inputs type-checked: a misspelt, missing or mistyped field does not compile.
 * (test/cli/types.test.ts checks that the committed module is what the command generates.)
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { WorkerAnswer } from '../../src/index.js';
import { okFor } from '../../examples/generated/payment-capture.types.js';
import type { CaptureOutput, PaymentCaptureInput, PaymentCaptureTasks } from '../../examples/generated/payment-capture.types.js';

describe('generated workflow types', () => {
  it('accept a mock with the output its schema describes', () => {
    expectTypeOf(okFor('capture', { captureId: 'cap_1', capturedAmount: 10 })).toEqualTypeOf<WorkerAnswer>();
    expectTypeOf(okFor('capture', { captureId: 'cap_1', capturedAmount: 10, settledAt: '2024-01-01T00:00:00Z' }, { latency: '2s' })).toEqualTypeOf<WorkerAnswer>();
    expectTypeOf<PaymentCaptureTasks['capture']['output']>().toEqualTypeOf<CaptureOutput>();
    expectTypeOf<PaymentCaptureInput['currency']>().toEqualTypeOf<'EUR' | 'USD' | 'GBP'>();
  });

  it('reject a mock with a wrong output field', () => {
    // @ts-expect-error captureID is not a field of capture's output (captureId is)
    okFor('capture', { captureID: 'cap_1', capturedAmount: 10 });
    // @ts-expect-error capturedAmount is required by the schema
    okFor('capture', { captureId: 'cap_1' });
    // @ts-expect-error capturedAmount is a number
    okFor('capture', { captureId: 'cap_1', capturedAmount: '10' });
    // @ts-expect-error riskScore is an integer field of authorise's output, not capture's
    okFor('capture', { captureId: 'cap_1', capturedAmount: 10, riskScore: 3 });
    // @ts-expect-error no task has the ref "captrue"
    okFor('captrue', {});
  });

  it('reject a workflow input the input schema does not allow', () => {
    // @ts-expect-error CHF is not one of the currencies
    const input = { paymentId: 'p', amount: 1, currency: 'CHF' } satisfies PaymentCaptureInput;
    void input;
  });
});
