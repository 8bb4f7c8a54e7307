import { describe, expect, it } from 'vitest';
import { runWorkflow } from 'conductor-testkit';
import type { Trace } from 'conductor-testkit';
import { forkWorkload, kitchensinkWorkload, lineWorkload, loopWorkload } from '../../bench/workloads.js';
import type { EngineWorkload } from '../../bench/workloads.js';

function taskCount(trace: Trace): number {
  return trace.workflows.reduce((sum, wf) => sum + wf.tasks.length, 0);
}

// Small sizes of every workload: the bench runs the same builders at full size.
const small: readonly EngineWorkload[] = [lineWorkload(3), forkWorkload(4), loopWorkload(5, 'worker'), loopWorkload(5, 'sync'), kitchensinkWorkload()];

describe('benchmark workloads', () => {
  for (const workload of small) {
    it(`${workload.id} completes in simulate mode with the task count it declares`, async () => {
      const trace = await runWorkflow(workload.input, { mocks: workload.mocks });

      expect({ status: trace.workflow.status, tasks: taskCount(trace) }).toEqual(workload.expect);
    });

    it(`${workload.id} completes in server-compat mode with the task count it declares`, async () => {
      const trace = await runWorkflow(workload.request, { mode: 'server-compat' });

      expect({ status: trace.workflow.status, tasks: taskCount(trace) }).toEqual(workload.expect);
    });
  }

  it('the line passes each output on to the next task', async () => {
    const trace = await runWorkflow(lineWorkload(3).input, { mocks: lineWorkload(3).mocks });

    expect(trace.workflow.tasks.map((t) => t.inputData['previous'])).toEqual([10, 1, 2]);
    expect(trace.workflow.output).toEqual({ last: 3 });
  });

  it('the loop with a worker body runs its SIMPLE task once per iteration', async () => {
    const workload = loopWorkload(5, 'worker');

    const trace = await runWorkflow(workload.input, { mocks: workload.mocks });

    expect(trace.workflow.tasks.filter((t) => t.taskType === 'bench_work').map((t) => t.referenceTaskName)).toEqual(['work__1', 'work__2', 'work__3', 'work__4', 'work__5']);
  });

  it('the loop with a synchronous body computes each INLINE result in the sandbox', async () => {
    const workload = loopWorkload(3, 'sync');

    const trace = await runWorkflow(workload.input, { mocks: workload.mocks });

    expect(trace.workflow.tasks.filter((t) => t.taskType === 'INLINE').map((t) => t.outputData['result'])).toEqual([2, 4, 6]);
    expect(trace.workflow.output).toEqual({ last: 6 });
  });

  it('the kitchensink retries its flaky task twice and takes the express case', async () => {
    const workload = kitchensinkWorkload();

    const trace = await runWorkflow(workload.input, { mocks: workload.mocks });

    const flaky = trace.workflow.tasks.filter((t) => t.referenceTaskName === 'flaky').map((t) => t.status);
    expect(flaky).toEqual(['FAILED', 'FAILED', 'COMPLETED']);
    expect(trace.workflow.tasks.some((t) => t.referenceTaskName === 'express_quote')).toBe(true);
    expect(trace.workflow.output).toEqual({ summary: { child: 'b', packed: 1 }, flaky: 'third time' });
  });
});
