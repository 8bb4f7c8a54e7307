/**
 * Conformance scenarios: a WorkflowTestRequest plus the execution a real Conductor server returns
 * for it (the format of shared/fixtures/conductor-harness/README.md, "Scenario format"). A scenario
 * runs in server-compat mode unless it says `"mode": "simulate"`, and its expectation is matched
 * with the README's rules: the task list complete and in order; listed fields only; inputs and
 * outputs as deep subsets (lists exact); reasons as substrings.
 */
import type { JsonObject, Scenario, ScenarioExpectation, ScenarioTaskExpectation } from '../definitions/index.js';
import { isTestkitError } from '../errors/index.js';
import type { EngineOptions } from '../engine/index.js';
import type { TaskRun, Trace, WorkflowRun } from '../trace/index.js';
import { runWorkflow } from './run.js';

/** One difference between a scenario's expectation and a run. */
export interface ExpectationMismatch {
  /** Where, e.g. `tasks[3](ref=charge).status`, `output.orderId`, `tasks.length`. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
  /** What the rule was, when it is not plain equality (`subset`, `substring`, `present`). */
  readonly rule?: string;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  readonly id: string;
  readonly passed: boolean;
  readonly mismatches: readonly ExpectationMismatch[];
  /** The run (absent when the run itself failed with an error). */
  readonly trace?: Trace;
  /** An error that stopped the run (bad input, a limit), as one line. */
  readonly error?: string;
  readonly mode: 'simulate' | 'server-compat';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality with numbers compared numerically (server JSON `1.0` equals `1`). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** The README's subset rule: listed keys exist and match, nested objects alike, lists exactly. */
function subsetMismatches(expected: JsonObject, actual: unknown, path: string, out: ExpectationMismatch[]): void {
  if (!isObject(actual)) {
    out.push({ path, expected, actual, rule: 'subset' });
    return;
  }
  for (const [key, value] of Object.entries(expected)) {
    const at = `${path}.${key}`;
    if (!Object.prototype.hasOwnProperty.call(actual, key)) {
      out.push({ path: at, expected: value, actual: undefined, rule: 'present' });
      continue;
    }
    const got = actual[key];
    if (isObject(value)) subsetMismatches(value, got, at, out);
    else if (!deepEqual(value, got)) out.push({ path: at, expected: value, actual: got });
  }
}

function taskMismatches(expected: ScenarioTaskExpectation, actual: TaskRun, index: number, out: ExpectationMismatch[]): void {
  const at = `tasks[${index}](ref=${expected.ref})`;
  if (actual.referenceTaskName !== expected.ref) out.push({ path: `tasks[${index}].ref`, expected: expected.ref, actual: actual.referenceTaskName });
  if (actual.taskType !== expected.type) out.push({ path: `${at}.type`, expected: expected.type, actual: actual.taskType });
  if (expected.status !== undefined && actual.status !== expected.status) out.push({ path: `${at}.status`, expected: expected.status, actual: actual.status });
  if (expected.retryCount !== undefined && actual.retryCount !== expected.retryCount) {
    out.push({ path: `${at}.retryCount`, expected: expected.retryCount, actual: actual.retryCount });
  }
  if (expected.iteration !== undefined && actual.iteration !== expected.iteration) {
    out.push({ path: `${at}.iteration`, expected: expected.iteration, actual: actual.iteration });
  }
  if (expected.callbackAfterSeconds !== undefined && actual.callbackAfterSeconds !== expected.callbackAfterSeconds) {
    out.push({ path: `${at}.callbackAfterSeconds`, expected: expected.callbackAfterSeconds, actual: actual.callbackAfterSeconds });
  }
  if (expected.input !== undefined) subsetMismatches(expected.input, actual.inputData, `${at}.input`, out);
  if (expected.output !== undefined) {
    if (expected.outputExact === true) {
      if (!deepEqual(expected.output, actual.outputData)) out.push({ path: `${at}.output`, expected: expected.output, actual: actual.outputData, rule: 'exact' });
    } else subsetMismatches(expected.output, actual.outputData, `${at}.output`, out);
  }
  if (expected.reason !== undefined && !(actual.reasonForIncompletion ?? '').includes(expected.reason)) {
    out.push({ path: `${at}.reason`, expected: expected.reason, actual: actual.reasonForIncompletion ?? null, rule: 'substring' });
  }
}

/** Matches a workflow run against a scenario expectation; returns every mismatch. */
export function matchExpectation(expected: ScenarioExpectation, workflow: WorkflowRun): ExpectationMismatch[] {
  const out: ExpectationMismatch[] = [];
  if (workflow.status !== expected.status) out.push({ path: 'status', expected: expected.status, actual: workflow.status });
  const tasks = workflow.tasks;
  const n = Math.min(tasks.length, expected.tasks.length);
  for (let i = 0; i < n; i++) taskMismatches(expected.tasks[i] as ScenarioTaskExpectation, tasks[i] as TaskRun, i, out);
  if (tasks.length !== expected.tasks.length) {
    out.push({
      path: 'tasks.length',
      expected: expected.tasks.map((t) => `${t.ref}:${t.type}`),
      actual: tasks.map((t) => `${t.referenceTaskName}:${t.taskType}`),
    });
  }
  if (expected.output !== undefined) subsetMismatches(expected.output, workflow.output, 'output', out);
  for (const key of expected.outputKeys ?? []) {
    if (!Object.prototype.hasOwnProperty.call(workflow.output, key)) out.push({ path: `output.${key}`, expected: '(present)', actual: undefined, rule: 'present' });
  }
  if (expected.reasonContains !== undefined && !(workflow.reasonForIncompletion ?? '').includes(expected.reasonContains)) {
    out.push({ path: 'reasonForIncompletion', expected: expected.reasonContains, actual: workflow.reasonForIncompletion ?? null, rule: 'substring' });
  }
  if (expected.variables !== undefined) subsetMismatches(expected.variables, workflow.variables, 'variables', out);
  return out;
}

/** Options of {@link checkScenario}. */
export interface CheckScenarioOptions {
  /** Engine options (seed, limits, runtimes…) applied on top of the scenario's. */
  readonly engine?: EngineOptions;
}

/** Runs a scenario and matches its expectation. Input errors and limits become a failed result, never a throw. */
export async function checkScenario(scenario: Scenario, options: CheckScenarioOptions = {}): Promise<ScenarioResult> {
  const mode = scenario.mode === 'simulate' ? 'simulate' : 'server-compat';
  try {
    const trace = await runWorkflow(structuredClone(scenario.request), {
      ...(options.engine ?? {}),
      mode,
      taskDefs: scenario.taskDefs ?? [],
      workflowDefs: scenario.workflowDefs ?? [],
      ...(mode === 'simulate' ? { unmocked: options.engine?.unmocked ?? 'stall' } : {}),
    });
    const mismatches = matchExpectation(scenario.expect, trace.workflow);
    return { id: scenario.id, passed: mismatches.length === 0, mismatches, trace, mode };
  } catch (error) {
    if (!isTestkitError(error)) throw error;
    return { id: scenario.id, passed: false, mismatches: [], error: error.message.split('\n')[0] ?? error.message, mode };
  }
}

/** Formats mismatches as indented lines: `path: expected X, got Y`. */
export function formatMismatches(mismatches: readonly ExpectationMismatch[]): string {
  const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));
  return mismatches
    .map((m) => {
      const rule = m.rule === 'substring' ? 'to contain ' : m.rule === 'present' ? 'present: ' : m.rule === 'exact' ? 'exactly ' : '';
      return `  ${m.path}: expected ${rule}${show(m.expected)}, got ${show(m.actual)}`;
    })
    .join('\n');
}
