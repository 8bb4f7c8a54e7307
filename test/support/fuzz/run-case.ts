/**
 * Runs one fuzz case and checks the properties of issue #8:
 * (a) only documented errors escape (an `InternalError` or a non-testkit error is a failure);
 * (b) every run ends within the budgets (`FUZZ_LIMITS`; an `EngineLimitError` is a counted outcome);
 * (c) the same seed gives a byte-identical run (JSON of the trace and `serializeTrace`);
 * (d) the task lists are consistent (`traceViolations`).
 * It also checks the generator: every generated definition and request must validate.
 */
import type { SubWorkflowTestRequest, TaskDef, WorkflowDef } from '../../../src/definitions/index.js';
import { parseTestRequest, parseWorkflowDef } from '../../../src/definitions/index.js';
import type { EngineLimits } from '../../../src/engine/index.js';
import { lintWorkflowDef } from '../../../src/engine/lint.js';
import { ErrorCode, isTestkitError } from '../../../src/errors/index.js';
import type { EngineLimitError } from '../../../src/errors/index.js';
import { createJqEngine, createScriptEngine } from '../../../src/expressions/index.js';
import type { JqEngine, ScriptEngine } from '../../../src/expressions/index.js';
import { runWorkflow, startWorkflow } from '../../../src/mocks/index.js';
import type { RunOptions } from '../../../src/mocks/index.js';
import { isTerminalTaskStatus, isTerminalWorkflowStatus, serializeTrace } from '../../../src/trace/index.js';
import type { Trace } from '../../../src/trace/index.js';
import { traceViolations } from './invariants.js';
import { fuzzHttpPort } from './materialize.js';
import type { FuzzCase } from './materialize.js';

/** Sandboxes loaded once and shared by every run (loading QuickJS costs far more than a run). */
export interface FuzzRuntimes {
  readonly scripts: ScriptEngine;
  readonly jq: JqEngine;
}

/** Loads the sandboxes. Call `dispose` on the scripts engine when done. */
export async function loadFuzzRuntimes(): Promise<FuzzRuntimes> {
  const [scripts, jq] = await Promise.all([createScriptEngine(), createJqEngine()]);
  return { scripts, jq };
}

/**
 * Budgets of fuzz runs: small enough that an endless case ends in milliseconds, large enough that
 * honest generated workflows (a few dozen tasks, loops of at most 3 iterations) never reach them.
 */
export const FUZZ_LIMITS: Partial<EngineLimits> = {
  maxDecisionsPerDecide: 2_000,
  maxDecisions: 20_000,
  maxSteps: 5_000,
  maxVirtualTime: 60 * 24 * 3600 * 1000,
  maxLoopIterations: 12,
  maxSubWorkflowDepth: 4,
  maxWorkflows: 60,
  maxTasksPerWorkflow: 1_500,
  scriptBudget: 40,
};

/** How one run ended. */
export type FuzzOutcome =
  | { readonly kind: 'status'; readonly label: string; readonly trace: Trace }
  | { readonly kind: 'error'; readonly label: string; readonly message: string }
  | { readonly kind: 'crash'; readonly label: string; readonly error: unknown };

/** The result of checking one case. */
export interface FuzzCaseReport {
  /** `status:COMPLETED`, `limit:maxSteps`, `error:MockError`, `crash:TypeError`… */
  readonly outcome: string;
  /** Wall-clock milliseconds of the first run. */
  readonly ms: number;
  /** Broken properties, as sentences; empty when the case passed. */
  readonly violations: readonly string[];
  readonly trace: Trace | undefined;
}

function optionsOf(c: FuzzCase, runtimes: FuzzRuntimes, limits: Partial<EngineLimits>): RunOptions {
  return {
    seed: c.seed,
    mode: c.mode,
    ...(c.startTime !== undefined ? { startTime: c.startTime } : {}),
    taskDefs: c.taskDefs,
    workflowDefs: c.workflowDefs,
    limits,
    http: fuzzHttpPort,
    runtimes,
    ...(c.mode === 'simulate' ? { unmocked: c.unmocked } : {}),
    ...(c.mocks !== undefined ? { mocks: c.mocks } : {}),
  };
}

/** Runs a case once and classifies how it ended. Never throws. */
export async function runFuzzCase(c: FuzzCase, runtimes: FuzzRuntimes, limits: Partial<EngineLimits> = FUZZ_LIMITS): Promise<FuzzOutcome> {
  try {
    const input = structuredClone(c.request ?? { workflowDef: c.workflowDef, input: c.input });
    const trace = c.actions.length === 0 ? await runWorkflow(input, optionsOf(c, runtimes, limits)) : await runSession(c, input, optionsOf(c, runtimes, limits));
    return { kind: 'status', label: `status:${trace.workflow.status}`, trace };
  } catch (error) {
    if (isTestkitError(error) && error.code !== ErrorCode.INTERNAL) {
      const label = error.code === ErrorCode.ENGINE_LIMIT ? `limit:${(error as EngineLimitError).limit}` : `error:${error.name}`;
      return { kind: 'error', label, message: error.message };
    }
    const name = error instanceof Error ? error.name : typeof error;
    return { kind: 'crash', label: `crash:${name}`, error };
  }
}

/** Starts a simulate session and applies the case's actions to whatever is running at each step. */
async function runSession(c: FuzzCase, input: Parameters<typeof startWorkflow>[0], options: RunOptions): Promise<Trace> {
  const session = await startWorkflow(input, options);
  for (const action of c.actions) {
    if (action.kind === 'advance') {
      await session.advance(action.ms);
      continue;
    }
    const running = session
      .trace()
      .workflows.filter((wf) => !isTerminalWorkflowStatus(wf.status))
      .flatMap((wf) => wf.tasks.filter((t) => !isTerminalTaskStatus(t.status)).map((t) => t.referenceTaskName));
    const ref = running[action.target % Math.max(1, running.length)];
    if (ref === undefined) continue;
    if (action.kind === 'signal') await session.signal(ref, action.output);
    else await session.completeTask(ref, action.status, action.output, action.status === 'COMPLETED' ? undefined : 'fuzz action');
  }
  return session.trace();
}

/**
 * Problems of the generated inputs themselves (a generator bug, not an engine bug): every
 * definition and request must pass `parseWorkflowDef` / `parseTestRequest`, and every definition
 * `lintWorkflowDef` (scripts, jq and WAIT literals are valid; they may still fail at run time).
 */
export function generatorViolations(c: FuzzCase, runtimes?: FuzzRuntimes): string[] {
  const out: string[] = [];
  const taskDefs = new Map<string, TaskDef>(c.taskDefs.map((d) => [d.name, d]));
  const workflowDefs = new Map<string, WorkflowDef>(c.workflowDefs.map((d) => [d.name, d]));
  const check = (what: string, parse: () => unknown): void => {
    try {
      parse();
    } catch (error) {
      out.push(`generator: ${what} does not validate: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  check('the workflow definition', () => parseWorkflowDef(c.workflowDef, { taskDefs, workflowDefs }));
  for (const def of c.workflowDefs) check(`registered workflow "${def.name}"`, () => parseWorkflowDef(def, { taskDefs, workflowDefs }));
  if (c.request !== undefined) check('the test request', () => parseTestRequest(c.request, { taskDefs, workflowDefs }));
  if (runtimes !== undefined) {
    for (const def of [c.workflowDef, ...c.workflowDefs]) {
      for (const issue of lintWorkflowDef(def, runtimes)) out.push(`generator: lint of "${def.name}" at ${issue.path.join('.')}: ${issue.message}`);
    }
  }
  return out;
}

/** Runtime refs whose server-compat mocks are stored raw (see `InvariantOptions.rawStoreRefs`). */
function rawStoreRefs(request: SubWorkflowTestRequest | undefined, into: Set<string> = new Set()): Set<string> {
  if (request === undefined) return into;
  for (const [ref, mocks] of Object.entries(request.taskRefToMockOutput ?? {})) {
    if (mocks.some((m) => (m.executionTime ?? 0) > 0 || (m.queueWaitTime ?? 0) > 0)) into.add(ref);
  }
  for (const child of Object.values(request.subWorkflowTestRequest ?? {})) rawStoreRefs(child, into);
  return into;
}

function describeCrash(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  return String(error);
}

/**
 * Checks the four properties on one case: runs it twice with the same seed, compares, and checks
 * the trace. Returns the violations (the caller decides how to fail).
 */
export async function checkFuzzCase(c: FuzzCase, runtimes: FuzzRuntimes, limits: Partial<EngineLimits> = FUZZ_LIMITS): Promise<FuzzCaseReport> {
  const violations = generatorViolations(c, runtimes);
  const began = performance.now();
  const first = await runFuzzCase(c, runtimes, limits);
  const ms = performance.now() - began;
  const second = await runFuzzCase(c, runtimes, limits);
  if (first.kind === 'crash') violations.push(`(a) an undocumented error escaped: ${describeCrash(first.error)}`);
  if (first.label !== second.label) violations.push(`(c) the same seed ended differently: ${first.label} then ${second.label}`);
  if (first.kind === 'error' && second.kind === 'error' && first.message !== second.message) {
    violations.push(`(c) the same seed gave different errors:\n  ${first.message}\n  ${second.message}`);
  }
  if (first.kind === 'status' && second.kind === 'status') {
    // A trace is JSON (it mirrors Conductor's Workflow JSON); one that cannot be written is a failure too.
    try {
      if (JSON.stringify(first.trace) !== JSON.stringify(second.trace)) violations.push('(c) the same seed gave traces whose JSON differs');
      else if (serializeTrace(first.trace) !== serializeTrace(second.trace)) violations.push('(c) the same seed gave traces whose serialized text differs');
      const options = c.mode === 'server-compat' ? { rawStoreRefs: rawStoreRefs(c.request) } : { externalUpdates: c.actions.length > 0 };
      violations.push(...traceViolations(first.trace, options).map((v) => `(d) ${v}`));
    } catch (error) {
      violations.push(`(c) the trace cannot be written as JSON or text: ${describeCrash(error).split('\n')[0] ?? ''}`);
    }
  }
  return { outcome: first.label, ms, violations, trace: first.kind === 'status' ? first.trace : undefined };
}
