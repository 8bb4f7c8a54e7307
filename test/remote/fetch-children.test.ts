import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createConductorClient, fetchChildWorkflows, type ServerWorkflow } from '../../src/remote/index.js';

const BASE = 'http://conductor.test:8080';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function workflow(id: string, children: readonly { ref: string; childId: string; mirroredOnly?: boolean }[]): ServerWorkflow {
  return {
    workflowId: id,
    status: 'COMPLETED',
    tasks: children.map(({ ref, childId, mirroredOnly }, i) => ({
      taskId: `${id}-t${i}`,
      referenceTaskName: ref,
      taskType: 'SUB_WORKFLOW',
      status: 'COMPLETED',
      outputData: { subWorkflowId: childId },
      ...(mirroredOnly === true ? {} : { subWorkflowId: childId }),
    })),
  };
}

describe('fetchChildWorkflows', () => {
  it('fetches children depth-first in task order, following subWorkflowId or its mirror in outputData, each once', async () => {
    const store: Record<string, ServerWorkflow> = {
      c1: workflow('c1', [{ ref: 'deep', childId: 'g1' }]),
      g1: workflow('g1', []),
      c2: workflow('c2', [{ ref: 'back', childId: 'c1' }]),
    };
    const fetched: string[] = [];
    server.use(
      http.get(`${BASE}/api/workflow/:id`, ({ params, request }) => {
        const id = String(params['id']);
        fetched.push(`${id}?${new URL(request.url).searchParams.toString()}`);
        return HttpResponse.json(store[id]);
      }),
    );
    const root = workflow('root', [
      { ref: 'first', childId: 'c1' },
      { ref: 'second', childId: 'c2', mirroredOnly: true },
    ]);

    const children = await fetchChildWorkflows(createConductorClient({ baseUrl: BASE }), root);

    expect(children.map((w) => w.workflowId)).toEqual(['c1', 'g1', 'c2']);
    expect(fetched).toEqual(['c1?includeTasks=true', 'g1?includeTasks=true', 'c2?includeTasks=true']);
  });

  it('stops at maxDepth levels', async () => {
    server.use(http.get(`${BASE}/api/workflow/:id`, ({ params }) => HttpResponse.json(workflow(String(params['id']), [{ ref: 'next', childId: `${String(params['id'])}x` }]))));

    const children = await fetchChildWorkflows(createConductorClient({ baseUrl: BASE }), workflow('r', [{ ref: 'c', childId: 'c' }]), { maxDepth: 2 });

    expect(children.map((w) => w.workflowId)).toEqual(['c', 'cx']);
  });
});
