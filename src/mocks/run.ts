/**
 * The one-call way to run a workflow: a WorkflowTestRequest (as sent to `POST /api/workflow/test`)
 * or a definition plus TypeScript mocks, in simulate mode (default) or server-compat mode.
 */
import type { JsonObject, WorkflowDef, WorkflowTestRequest } from '../definitions/index.js';
import { UsageError } from '../errors/index.js';
import { createEngine } from '../engine/index.js';
import type { EngineOptions, WorkflowSession } from '../engine/index.js';
import type { Trace } from '../trace/index.js';
import { createFetchHttpPort } from './http-bridge.js';
import { createMockResolver } from './resolver.js';
import type { MockSet } from './resolver.js';
import { checkRunInput, checkRunLiterals, runDefinitions } from './check-input.js';
import { sharedRuntimes } from './shared-runtimes.js';

/** A definition to run with its input (the TypeScript alternative to a WorkflowTestRequest). */
export interface WorkflowRunInput {
  readonly workflowDef: WorkflowDef;
  /** @defaultValue {} */
  readonly input?: JsonObject;
  readonly correlationId?: string;
  readonly priority?: number;
  readonly taskToDomain?: Record<string, string>;
}

/** Options of {@link runWorkflow}: the engine's options plus mocks. */
export interface RunOptions extends EngineOptions {
  /** TypeScript mocks (simulate mode); a WorkflowTestRequest's own mocks are used as well. @defaultValue {} */
  readonly mocks?: MockSet;
}

/**
 * The engine's options for one run. Unless the caller passes its own `runtimes`, the run uses the
 * process-wide sandboxes of shared-runtimes.ts (loaded only when `defs` need one).
 */
async function engineOptions(
  options: RunOptions,
  input: WorkflowRunInput | WorkflowTestRequest,
  request: WorkflowTestRequest | undefined,
): Promise<EngineOptions> {
  const { mocks: _mocks, ...rest } = options;
  checkRunInput(input as { workflowDef?: WorkflowDef | null }, request, options);
  const known = runDefinitions(input as { workflowDef?: WorkflowDef | null }, options);
  const runtimes = options.runtimes ?? (await sharedRuntimes(known));
  checkRunLiterals(known, runtimes ?? {});
  return { ...rest, http: options.http ?? createFetchHttpPort(), ...(runtimes !== undefined ? { runtimes } : {}) };
}

/** The input as a WorkflowTestRequest when it is one (it carries Conductor's own mocks). */
function asRequest(input: WorkflowRunInput | WorkflowTestRequest): WorkflowTestRequest | undefined {
  return 'taskRefToMockOutput' in input || 'subWorkflowTestRequest' in input ? (input as WorkflowTestRequest) : undefined;
}

/**
 * Starts a workflow in simulate mode and processes everything due at the start instant; returns a
 * session to move the virtual clock (`advance`), signal waiting tasks, or run to the end
 * (`runUntilIdle`).
 *
 * @example
 * const run = await startWorkflow({ workflowDef, input: { orderId: 'o-1' } }, { mocks: { byRef: { charge: ok() } } });
 * await run.advance('2h');
 * await run.signal('approval', { approved: true });
 */
export async function startWorkflow(input: WorkflowRunInput | WorkflowTestRequest, options: RunOptions = {}): Promise<WorkflowSession> {
  if (options.mode === 'server-compat') throw new UsageError("startWorkflow() runs in simulate mode; use runWorkflow() for mode 'server-compat'");
  const def = (input as { workflowDef?: WorkflowDef | null }).workflowDef ?? null;
  const request = asRequest(input);
  const engine = createEngine(await engineOptions(options, input, request));
  const resolver = createMockResolver({ ...(options.mocks ?? {}), ...(request !== undefined && options.mocks?.request === undefined ? { request } : {}) });
  return engine.start({
    ...(def !== null ? { workflowDef: def } : {}),
    ...(typeof (input as { name?: unknown }).name === 'string' ? { name: (input as WorkflowTestRequest).name } : {}),
    ...((input as WorkflowTestRequest).version !== undefined ? { version: (input as WorkflowTestRequest).version ?? null } : {}),
    input: (input.input ?? {}) as JsonObject,
    ...(input.correlationId !== undefined ? { correlationId: input.correlationId ?? null } : {}),
    ...(input.priority !== undefined ? { priority: input.priority ?? null } : {}),
    ...(input.taskToDomain !== undefined ? { taskToDomain: input.taskToDomain } : {}),
    resolver,
  });
}

/**
 * Runs a workflow to the end (or until it waits for a signal) and returns its trace. In
 * server-compat mode the input must be a WorkflowTestRequest; the answer is what
 * `POST /api/workflow/test` would return.
 */
export async function runWorkflow(input: WorkflowRunInput | WorkflowTestRequest, options: RunOptions = {}): Promise<Trace> {
  if (options.mode === 'server-compat') {
    if (typeof (input as { name?: unknown }).name !== 'string') {
      throw new UsageError("server-compat mode runs a WorkflowTestRequest: give it a \"name\" (and usually an inline workflowDef), as POST /api/workflow/test requires");
    }
    if (options.mocks !== undefined) throw new UsageError('server-compat mode takes mocks only from the WorkflowTestRequest (taskRefToMockOutput), as the server does');
    return createEngine(await engineOptions(options, input, input as WorkflowTestRequest)).runTestRequest(input as WorkflowTestRequest);
  }
  const session = await startWorkflow(input, options);
  return session.runUntilIdle();
}
