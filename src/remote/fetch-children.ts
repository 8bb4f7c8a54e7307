/**
 * Fetching the child executions of a server answer, so {@link toTrace} can include them.
 *
 * @packageDocumentation
 */

import type { ConductorClient } from './client.js';
import type { ServerWorkflow } from './server-workflow.js';

/** Options of {@link fetchChildWorkflows}. */
export interface FetchChildWorkflowsOptions {
  /** How many levels of sub-workflows to follow. @defaultValue 10 */
  readonly maxDepth?: number;
}

/**
 * Fetches, depth-first in task order, every child execution a SUB_WORKFLOW task of `workflow`
 * points to (its `subWorkflowId`, or the `outputData.subWorkflowId` the server mirrors it in,
 * common/.../tasks/Task.java `getSubWorkflowId`), then their children, up to `maxDepth` levels.
 * Each id is fetched once. The test endpoint answers with the parent only (engine-semantics §7.8),
 * so replay calls this before {@link toTrace}.
 *
 * @throws ReplayError from {@link ConductorClient.getWorkflow}.
 */
export async function fetchChildWorkflows(
  client: ConductorClient,
  workflow: ServerWorkflow,
  options: FetchChildWorkflowsOptions = {},
): Promise<ServerWorkflow[]> {
  const maxDepth = options.maxDepth ?? 10;
  const fetched: ServerWorkflow[] = [];
  const seen = new Set<string>([workflow.workflowId]);
  const visit = async (parent: ServerWorkflow, depth: number): Promise<void> => {
    if (depth >= maxDepth) return;
    for (const task of parent.tasks ?? []) {
      const mirrored = task.outputData?.['subWorkflowId'];
      const childId = task.subWorkflowId ?? (typeof mirrored === 'string' ? mirrored : undefined);
      if (childId === undefined || childId === '' || seen.has(childId)) continue;
      seen.add(childId);
      const child = await client.getWorkflow(childId, { includeTasks: true });
      fetched.push(child);
      await visit(child, depth + 1);
    }
  };
  await visit(workflow, 0);
  return fetched;
}
