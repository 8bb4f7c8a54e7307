/**
 * Replay: the same WorkflowTestRequest sent to a real server's `POST /api/workflow/test` and run by
 * the engine in server-compat mode, the two answers normalised into traces and compared.
 *
 * The server is our oracle (shared/spec engine-semantics §7): where the two disagree, the engine is
 * wrong until shown otherwise. Fields that are nondeterministic on a real server are not compared:
 * ids and wall-clock times (the diff tokenises and drops them), a JOIN's `pollCount` and the
 * `callbackAfterSeconds` its ticks write (§7.9), `workerId`, domains, and `createTime` values the
 * server embeds in definitions it copies into task input.
 */
import type { TaskDef, WorkflowDef, WorkflowTask, WorkflowTestRequest } from '../definitions/index.js';
import { ErrorCode, isTestkitError } from '../errors/index.js';
import type { ReplayError } from '../errors/index.js';
import { createEngine } from '../engine/index.js';
import type { EngineOptions } from '../engine/index.js';
import { DiffFields, diffTraces } from '../trace/index.js';
import type { Trace, TraceDiff, WorkflowRun } from '../trace/index.js';
import type { ConductorClient } from './client.js';
import { toTrace } from './normalize.js';
import type { ServerWorkflow } from './server-workflow.js';

/** What a replay needs besides the request. */
export interface ReplayOptions {
  /** The server to replay against. */
  readonly client: ConductorClient;
  /** TaskDefs to register first (overwriting); task names the request uses that are not listed are deleted from the server. @defaultValue [] */
  readonly taskDefs?: readonly TaskDef[];
  /** Workflow definitions to register first (children started by name, failure workflows…). @defaultValue [] */
  readonly workflowDefs?: readonly WorkflowDef[];
  /** Engine options for the local run (seed, limits…); the mode is always server-compat. @defaultValue {} */
  readonly engine?: Omit<EngineOptions, 'mode'>;
}

/** The outcome of one replay. The local run is always there, even when the server failed. */
export interface ReplayResult {
  /** The engine's answer (server-compat mode). */
  readonly local: Trace;
  /** The server's answer as a trace; absent when the server call failed. */
  readonly remote?: Trace;
  /** The server's raw JSON; absent when the server call failed. */
  readonly server?: ServerWorkflow;
  /** Differences between the two (server = expected, engine = actual); absent when the server call failed. */
  readonly diff?: TraceDiff;
  /** True when both answered and agree. */
  readonly equal: boolean;
  /** The server error, when the call failed (connection, auth, 5xx, timeout, malformed body). */
  readonly error?: ReplayError;
}

/** Every task name a definition uses (nodes at any depth, inline sub-workflow definitions included). */
export function taskNamesOf(def: WorkflowDef, into: Set<string> = new Set()): Set<string> {
  const visit = (tasks: readonly WorkflowTask[] | undefined): void => {
    for (const t of tasks ?? []) {
      if (typeof t.name === 'string' && t.name !== '') into.add(t.name);
      visit(t.loopOver);
      visit(t.defaultCase);
      for (const list of Object.values(t.decisionCases ?? {})) visit(list);
      for (const branch of t.forkTasks ?? []) visit(branch);
      const inline = t.subWorkflowParam?.workflowDefinition;
      if (typeof inline === 'object' && inline !== null) taskNamesOf(inline, into);
    }
  };
  visit(def.tasks);
  return into;
}

/**
 * Puts the server's metadata in the state a scenario assumes: its TaskDefs and workflow definitions
 * registered, and no TaskDef registered for any other task name the request uses (the server would
 * otherwise use it instead of the ad-hoc default: 3 retries for SIMPLE, 0 for system tasks).
 */
export async function prepareServer(
  client: ConductorClient,
  request: WorkflowTestRequest,
  taskDefs: readonly TaskDef[] = [],
  workflowDefs: readonly WorkflowDef[] = [],
): Promise<void> {
  const listed = new Set(taskDefs.map((d) => d.name));
  const used = new Set<string>();
  if (request.workflowDef !== undefined && request.workflowDef !== null) taskNamesOf(request.workflowDef, used);
  for (const def of workflowDefs) taskNamesOf(def, used);
  for (const name of [...used].sort()) if (!listed.has(name)) await client.deleteTaskDef(name);
  if (taskDefs.length > 0) await client.registerTaskDefs(taskDefs);
  for (const def of workflowDefs) await client.registerWorkflowDef(def);
}

/** Sets the fields a real server fills nondeterministically to fixed values (JOIN ticks). */
function steady(trace: Trace, withChildren: boolean): Trace {
  const fix = (wf: WorkflowRun): WorkflowRun => ({
    ...wf,
    tasks: wf.tasks.map((t) => (t.taskType === 'JOIN' ? { ...t, pollCount: 0, callbackAfterSeconds: 0 } : t)),
  });
  const workflow = fix(trace.workflow);
  return { ...trace, workflow, workflows: withChildren ? trace.workflows.map(fix) : [workflow] };
}

/**
 * Compares the engine's answer with the server's, field by field (server-compat field set), the
 * top-level workflow only unless `children` is true (then both traces must carry their children).
 */
export function compareWithServer(local: Trace, remote: Trace, options: { readonly children?: boolean } = {}): TraceDiff {
  const children = options.children ?? false;
  return diffTraces(steady(remote, children), steady(local, children), {
    workflowFields: DiffFields.serverCompat.workflow,
    taskFields: DiffFields.serverCompat.task,
    ignore: ['inputData.**.createTime', 'workerId'],
    ignoreDigitsInReasons: true,
    children,
  });
}

/**
 * Replays a WorkflowTestRequest: runs it in the engine (server-compat mode), prepares the server's
 * metadata, sends the request, and compares the answers.
 *
 * @example
 * const result = await replay(request, { client: createConductorClient({ baseUrl: 'http://127.0.0.1:8080' }) });
 * if (!result.equal) console.log(formatTraceDiff(result.diff));
 */
export async function replay(request: WorkflowTestRequest, options: ReplayOptions): Promise<ReplayResult> {
  const local = await createEngine({
    ...(options.engine ?? {}),
    mode: 'server-compat',
    taskDefs: options.taskDefs ?? [],
    workflowDefs: options.workflowDefs ?? [],
  }).runTestRequest(structuredClone(request));
  try {
    await prepareServer(options.client, request, options.taskDefs ?? [], options.workflowDefs ?? []);
    const server = await options.client.testWorkflow(structuredClone(request));
    const remote = toTrace(server);
    const diff = compareWithServer(local, remote);
    return { local, remote, server, diff, equal: diff.equal };
  } catch (error) {
    if (isTestkitError(error) && error.code === ErrorCode.REPLAY) {
      return { local, equal: false, error: error as ReplayError };
    }
    throw error;
  }
}
