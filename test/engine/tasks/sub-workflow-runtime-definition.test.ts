/**
 * A SUB_WORKFLOW whose `workflowDefinition` is a `${...}` expression, resolving at run time to
 * something that is not a usable definition (found while extending the fuzzer; it used to crash the
 * run with a raw TypeError). The workflow definition itself is valid
 * (parseWorkflowDef accepts it: the value is only known at run time), so no validation can catch it.
 *
 * Seen before the fix (`subWorkflowParam.workflowDefinition: "${workflow.input.child}"`):
 * - child = "not a definition"          → TypeError "Invalid value used as weak map key"
 * - child = { name: "kid" } (no tasks)   → TypeError "Cannot read properties of undefined (reading 'map')"
 * - child = { name: "kid", tasks: {} }  → TypeError "def.tasks.map is not a function"
 * - child = { name: "kid", tasks: [{ name: "w", type: "SIMPLE" }] } (no taskReferenceName) → the
 *   child runs a task whose referenceTaskName is undefined.
 *
 * Conductor: core/.../execution/tasks/SubWorkflow.java `start` converts the resolved value with
 * `objectMapper.convertValue(input.get("subWorkflowDefinition"), WorkflowDef.class)`; a value that
 * does not convert throws, and AsyncSystemTaskExecutor.execute catches any exception of `start`,
 * logs it and stores the task unchanged, so the SUB_WORKFLOW stays SCHEDULED and the workflow
 * RUNNING (the start is retried on every later tick). A run must never end in an undocumented
 * error (issue #8; architecture.md "Errors": a run that cannot go on is data, a misuse a
 * documented error).
 * Expected here: the run returns a trace — for a value that does not convert, the SUB_WORKFLOW task
 * still SCHEDULED and the workflow RUNNING, as on the server; for a converted definition whose task
 * has no reference, no task with an undefined ref in the trace (a documented error, or a FAILED
 * SUB_WORKFLOW, would do).
 * Where: src/engine/tasks/sub-workflow.ts (the start tick) and src/engine/blueprint.ts
 * `prepareDefinition` (assumes a well-formed definition).
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject, WorkflowDef } from '../../../src/definitions/index.js';
import { parseWorkflowDef } from '../../../src/definitions/index.js';
import { isTestkitError } from '../../../src/errors/index.js';
import { runWorkflow } from '../../../src/mocks/index.js';
import type { Trace } from '../../../src/trace/index.js';

const parent: WorkflowDef = {
  name: 'parent',
  version: 1,
  schemaVersion: 2,
  tasks: [{ name: 'child', taskReferenceName: 'child', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'kid', version: 1, workflowDefinition: '${workflow.input.child}' } }],
};

async function outcome(child: unknown): Promise<{ crash: string } | { trace: Trace } | { error: string }> {
  try {
    return { trace: await runWorkflow({ workflowDef: parent, input: { child } as JsonObject }, { unmocked: 'stall' }) };
  } catch (error) {
    if (isTestkitError(error)) return { error: error.name };
    return { crash: `${error instanceof Error ? error.name : typeof error}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const statuses = (result: Awaited<ReturnType<typeof outcome>>): unknown =>
  'trace' in result ? [result.trace.workflow.status, result.trace.workflow.tasks.map((t) => [t.referenceTaskName, t.status])] : result;

describe('a sub-workflow definition resolved at run time', () => {
  it('is a valid workflow definition', () => {
    expect(parseWorkflowDef(parent).name).toBe('parent');
  });

  it('leaves the SUB_WORKFLOW scheduled when the value is a string, as the server does', async () => {
    expect(statuses(await outcome('not a definition'))).toEqual(['RUNNING', [['child', 'SCHEDULED']]]);
  });

  it('does not crash on a definition without tasks', async () => {
    expect(await outcome({ name: 'kid' })).not.toHaveProperty('crash');
  });

  it('leaves the SUB_WORKFLOW scheduled when tasks is not a list, as the server does', async () => {
    expect(statuses(await outcome({ name: 'kid', tasks: {} }))).toEqual(['RUNNING', [['child', 'SCHEDULED']]]);
  });

  it('never runs a task without a reference name', async () => {
    const result = await outcome({ name: 'kid', version: 1, tasks: [{ name: 'w', type: 'SIMPLE' }] });

    const refs = 'trace' in result ? result.trace.workflows.flatMap((wf) => wf.tasks.map((t) => t.referenceTaskName)) : [];
    expect(refs.filter((ref) => typeof ref !== 'string')).toEqual([]);
    expect(result).not.toHaveProperty('crash');
  });
});
