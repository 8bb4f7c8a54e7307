import { describe, it, expect } from 'vitest';

import type { WorkflowDef } from '../../src/definitions/index.js';
import { neverAfterFailure, outputWhenCompleted, terminates } from '../../src/explore/index.js';
import { fail, noPoll, ok, runWorkflow } from '../../src/mocks/index.js';

const def: WorkflowDef = {
  name: 'refunds',
  version: 1,
  tasks: [
    { name: 'charge', taskReferenceName: 'charge', optional: true, taskDefinition: { name: 'charge', retryCount: 0 } },
    { name: 'refund', taskReferenceName: 'refund', taskDefinition: { name: 'refund', retryCount: 0 } },
  ],
  outputParameters: { refundId: '${refund.output.refundId}' },
};
const noScenario = { input: {}, tasks: {} };

describe('built-in invariants', () => {
  it('terminates() names the open tasks of a run that is still RUNNING', async () => {
    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { charge: ok(), refund: noPoll() } } });

    expect(() => terminates()(trace, noScenario)).toThrow('workflow is still RUNNING; open tasks: refund');
    expect(terminates().name).toBe('terminates');
  });

  it('neverAfterFailure() reports a task that ran after another failed for good', async () => {
    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { charge: fail('declined'), refund: ok({ refundId: 'r1' }) } } });

    expect(() => neverAfterFailure('charge', 'refund')(trace, noScenario)).toThrow('refund (COMPLETED) ran after charge ended COMPLETED_WITH_ERRORS');
  });

  it('outputWhenCompleted() lists the missing output fields of a COMPLETED run', async () => {
    const trace = await runWorkflow({ workflowDef: def }, { mocks: { byRef: { charge: ok(), refund: ok({}) } } });

    expect(() => outputWhenCompleted('refundId')(trace, noScenario)).toThrow('workflow COMPLETED without output "refundId"; output: {"refundId":null}');
    expect(outputWhenCompleted('refundId')(await runWorkflow({ workflowDef: def }, { mocks: { byRef: { charge: ok(), refund: ok({ refundId: 'r1' }) } } }), noScenario)).toBe(true);
  });
});
