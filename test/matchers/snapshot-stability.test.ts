import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../../matchers/vitest.js';
import { traceSnapshotSerializer } from '../../matchers/index.js';
import { parseTestRequest } from '../../src/definitions/index.js';
import { runWorkflow } from '../../src/mocks/index.js';
import type { Trace } from '../../src/trace/index.js';

/** The demo request: retries with backoff, a SWITCH, a FORK/JOIN with an optional branch. */
const request = parseTestRequest(JSON.parse(readFileSync(new URL('../../fixtures/requests/order-fulfilment.request.json', import.meta.url), 'utf8')));

async function run(seed: number, startTime?: string): Promise<Trace> {
  return runWorkflow(request, { seed, ...(startTime === undefined ? {} : { startTime }) });
}

describe('snapshots of a run', () => {
  it('are identical for the same run taken twice and for another seed and start time', async () => {
    const [first, again, reseeded] = [await run(1), await run(1), await run(99, '2031-03-04T05:06:07Z')];

    // The seed does change the ids and the start time every timestamp, so the snapshots agree only
    // because the serializer replaces both.
    expect(reseeded.workflow.workflowId).not.toBe(first.workflow.workflowId);
    expect(reseeded.workflow.createTime).not.toBe(first.workflow.createTime);
    expect(traceSnapshotSerializer.serialize(again, {}, '')).toBe(traceSnapshotSerializer.serialize(first, {}, ''));
    expect(traceSnapshotSerializer.serialize(reseeded, {}, '')).toBe(traceSnapshotSerializer.serialize(first, {}, ''));
  });

  it('match one stored snapshot file from every one of those runs', async () => {
    for (const trace of [await run(1), await run(1), await run(99, '2031-03-04T05:06:07Z')]) {
      await expect(trace).toMatchFileSnapshot('./__snapshots__/order-fulfilment.trace.txt');
    }
  });
});
