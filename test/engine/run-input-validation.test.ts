/**
 * `runWorkflow` / `startWorkflow` check what they are given before anything runs (found by the
 * bad-input catalogue, test/reliability/bad-inputs.test.ts: they used to run whatever they got). A definition, request or mock that
 * the parse functions reject either crashes inside the engine with a raw TypeError (not one of the
 * documented error classes), loops until a budget, or runs silently with nonsense in the trace.
 *
 * Seen before the fix:
 * - a task without taskReferenceName → TypeError "Cannot read properties of undefined (reading 'indexOf')";
 * - a fork branch or a decision case that is not a list → TypeError "(tasks ?? []) is not iterable";
 * - server-compat mocks given as one object, not a list → TypeError "(list ?? []) is not iterable";
 * - a DO_WHILE without loopOver → spins until maxDecisionsPerDecide (250,000 passes by default);
 * - a WAIT with a duration Conductor rejects → the run ends RUNNING with no task at all;
 * - a TypeScript mock with status "DONE" → a task whose status is "DONE" in the trace;
 * - a TypeScript mock for a ref no task has → silently ignored;
 * - `limits.maxSteps: 'x'` → silently ignored.
 *
 * Expected (architecture.md "Errors": input problems collect every Issue and throw one
 * DefinitionError; issue #8: the library throws only its documented error classes; Conductor:
 * the test endpoint validates the request like any start request and answers 400 —
 * core/.../service/WorkflowTestService.java, harness README "How the real endpoint consumes these
 * requests" point 1): the same DefinitionError `parseWorkflowDef` / `parseTestRequest` give,
 * before anything runs; a MockError naming the ref for a bad TypeScript mock; a UsageError for
 * a bad limit.
 * Where: src/mocks/run.ts (`startWorkflow` / `runWorkflow`: parse the definition, the request and
 * the registered workflowDefs, and run `assertWorkflowDefLint` from src/engine/lint.ts), src/mocks/
 * resolver.ts (check MockSet answers and keys), src/engine/engine.ts `resolveOptions` (limits).
 */
import { describe, expect, it } from 'vitest';
import { parseTestRequest, parseWorkflowDef } from '../../src/definitions/index.js';
import type { WorkflowDef, WorkflowTestRequest } from '../../src/definitions/index.js';
import { isTestkitError } from '../../src/errors/index.js';
import type { MockError } from '../../src/errors/index.js';
import { ok, runWorkflow } from '../../src/mocks/index.js';
import type { WorkerAnswer } from '../../src/engine/index.js';

async function thrown(act: () => unknown): Promise<{ name: string; message: string; ref?: string | undefined }> {
  try {
    await act();
  } catch (error) {
    if (!isTestkitError(error)) return { name: `undocumented ${error instanceof Error ? error.name : typeof error}`, message: String(error) };
    return { name: error.name, message: error.message, ...(error.name === 'MockError' ? { ref: (error as MockError).taskReferenceName } : {}) };
  }
  return { name: 'nothing thrown', message: '' };
}

const wf = (...tasks: unknown[]): WorkflowDef => ({ name: 'order_flow', version: 1, schemaVersion: 2, tasks } as unknown as WorkflowDef);

/** runWorkflow must throw exactly what parseWorkflowDef throws for the same definition. */
async function expectParseError(def: WorkflowDef, options: Parameters<typeof runWorkflow>[1] = { unmocked: 'fail' }): Promise<void> {
  const expected = await thrown(() => parseWorkflowDef(def));
  expect(expected.name).toBe('DefinitionError');

  expect(await thrown(() => runWorkflow({ workflowDef: def }, options))).toEqual(expected);
}

describe('runWorkflow validates what it is given', () => {
  it('rejects a task without taskReferenceName with a DefinitionError instead of a TypeError', async () => {
    await expectParseError(wf({ name: 'charge' }));
  });

  it('rejects a fork branch that is not a list', async () => {
    await expectParseError(wf({ name: 'fork', taskReferenceName: 'fork', type: 'FORK_JOIN', forkTasks: [{ name: 'a', taskReferenceName: 'a' }] }, { name: 'join', taskReferenceName: 'join', type: 'JOIN' }));
  });

  it('rejects a decision case that is not a list', async () => {
    await expectParseError(wf({ name: 'route', taskReferenceName: 'route', type: 'SWITCH', evaluatorType: 'value-param', expression: 'x', inputParameters: { x: 'a' }, decisionCases: { a: { name: 'z', taskReferenceName: 'z' } } }));
  });

  it('rejects a DO_WHILE without loopOver instead of spinning to a budget', async () => {
    await expectParseError(wf({ name: 'loop', taskReferenceName: 'loop', type: 'DO_WHILE', loopCondition: 'false' }), { limits: { maxDecisionsPerDecide: 500 } });
  });

  it('rejects a WAIT duration Conductor rejects instead of ending RUNNING with no task', async () => {
    const def = wf({ name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters: { duration: 'soon' } });

    expect((await thrown(() => runWorkflow({ workflowDef: def }))).name).toBe('DefinitionError');
  });

  it('rejects server-compat mocks given as one object with the DefinitionError of parseTestRequest', async () => {
    const request = { name: 'order_flow', version: 1, workflowDef: wf({ name: 'charge', taskReferenceName: 'charge' }), taskRefToMockOutput: { charge: { status: 'COMPLETED', output: {} } } } as unknown as WorkflowTestRequest;
    const expected = await thrown(() => parseTestRequest(request));

    expect(await thrown(() => runWorkflow(request, { mode: 'server-compat' }))).toEqual(expected);
  });

  it('rejects a TypeScript mock whose status is not a task result status, naming the ref', async () => {
    const done = { kind: 'result', status: 'DONE', output: {} } as unknown as WorkerAnswer;

    const error = await thrown(() => runWorkflow({ workflowDef: wf({ name: 'charge', taskReferenceName: 'charge' }) }, { mocks: { byRef: { charge: done } } }));

    expect([error.name, error.ref]).toEqual(['MockError', 'charge']);
  });

  it('rejects a TypeScript mock for a ref no task can have, naming it', async () => {
    const error = await thrown(() => runWorkflow({ workflowDef: wf({ name: 'charge', taskReferenceName: 'charge' }) }, { mocks: { byRef: { charge: ok(), chrage: ok() } } }));

    expect([error.name, error.ref]).toEqual(['MockError', 'chrage']);
  });

  it('rejects a limit that is not a number', async () => {
    const error = await thrown(() => runWorkflow({ workflowDef: wf({ name: 'charge', taskReferenceName: 'charge' }) }, { limits: { maxSteps: 'x' as unknown as number }, mocks: { byRef: { charge: ok() } } }));

    expect(error.name).toBe('UsageError');
  });
});
