/**
 * Structural comparison of two traces: what replay reports when the engine and a real server
 * disagree, and what trace matchers print.
 *
 * @packageDocumentation
 */

import type { Trace } from './model.js';
import { normalizeTrace, type NormalizedTask, type NormalizedTrace, type NormalizedValue, type NormalizedWorkflow } from './normalize.js';
import { assertNever } from '../errors/index.js';
import { compareKeys, isPlainObject, jsonEqual, sortedKeys, toCanonicalJson } from './internal/canonical-json.js';

/** How one compared value differs. */
export const DifferenceKind = {
  /** Present on both sides with different values. */
  CHANGED: 'changed',
  /** Present in the expected trace only. */
  MISSING: 'missing',
  /** Present in the actual trace only. */
  UNEXPECTED: 'unexpected',
} as const;
export type DifferenceKind = (typeof DifferenceKind)[keyof typeof DifferenceKind];

/** One difference, at a path such as `tasks[3](ref=charge).status`. Values are normalized (ids as tokens). */
export interface TraceDifference {
  readonly kind: DifferenceKind;
  /** Where: workflow fields plainly (`status`, `output.total`), tasks as `tasks[i](ref=…)`, children under `….subWorkflow`. */
  readonly path: string;
  /** `undefined` when `kind` is `unexpected`. */
  readonly expected: NormalizedValue | undefined;
  /** `undefined` when `kind` is `missing`. */
  readonly actual: NormalizedValue | undefined;
}

/** The result of {@link diffTraces}. */
export interface TraceDiff {
  readonly equal: boolean;
  readonly differences: readonly TraceDifference[];
}

/** The fields compared on each workflow and each task. */
export interface DiffFieldSet {
  readonly workflow: readonly string[];
  readonly task: readonly string[];
}

/**
 * Field sets for the two kinds of comparison.
 *
 * `logical` is what a run *means*: outcome, data and the shape of the task list. It leaves out
 * bookkeeping that differs between a worker-driven run and the test endpoint
 * (engine-semantics §7.10: `startTime`, `pollCount`, `workerId`, `domain`, `updateTime`) and the
 * `executed` flag the server does not persist on the final decider pass (§1.7).
 *
 * `serverCompat` adds the fields the engine's server-compat driver reproduces exactly
 * (§1.3 "exact" column): `taskDefName`, `seq`, `retried`, `executed`, `startDelayInSeconds`,
 * `responseTimeoutSeconds`, `retriedTaskId` (as a token), `workflowType`, `correlationId`,
 * `workerId`; on workflows `input`, `failedTaskNames`, name, version, `correlationId`, `priority`.
 * Never compared by default: `pollCount` (JOIN ticks are non-deterministic, §7.9), `domain` and
 * `taskToDomain` (random in test mode, §7.2), and times.
 */
export const DiffFields: { readonly logical: DiffFieldSet; readonly serverCompat: DiffFieldSet } = {
  logical: {
    workflow: ['status', 'reasonForIncompletion', 'output', 'variables', 'failedReferenceTaskNames'],
    task: [
      'referenceTaskName',
      'taskType',
      'status',
      'retryCount',
      'iteration',
      'inputData',
      'outputData',
      'reasonForIncompletion',
      'callbackAfterSeconds',
    ],
  },
  serverCompat: {
    workflow: [
      'status',
      'reasonForIncompletion',
      'output',
      'variables',
      'failedReferenceTaskNames',
      'failedTaskNames',
      'input',
      'workflowName',
      'workflowVersion',
      'correlationId',
      'priority',
    ],
    task: [
      'referenceTaskName',
      'taskType',
      'status',
      'retryCount',
      'iteration',
      'inputData',
      'outputData',
      'reasonForIncompletion',
      'callbackAfterSeconds',
      'taskDefName',
      'seq',
      'retried',
      'executed',
      'startDelayInSeconds',
      'responseTimeoutSeconds',
      'retriedTaskId',
      'workflowType',
      'correlationId',
      'workerId',
    ],
  },
};

/** Options of {@link diffTraces}. */
export interface DiffOptions {
  /** Fields compared on every workflow (the task list is always compared). @defaultValue DiffFields.logical.workflow */
  readonly workflowFields?: readonly string[];
  /** Fields compared on every task. @defaultValue DiffFields.logical.task */
  readonly taskFields?: readonly string[];
  /**
   * Relative paths never compared, on workflows and tasks alike: a field (`'callbackAfterSeconds'`)
   * or a nested key (`'outputData.requestId'`, `'output.audit'`). A path also hides everything
   * below it. `*` stands for one key, `[*]` for one index and `**` for any run of segments, e.g.
   * `'inputData.**.createTime'` for wall-clock times a server embeds in data (the
   * `taskDefinition.createTime` of dynamically forked tasks).
   * @defaultValue []
   */
  readonly ignore?: readonly string[];
  /**
   * Replace every run of digits in `reasonForIncompletion` by `#` before comparing, for reasons
   * that quote elapsed seconds (`Task timed out after 61 seconds…`). Ids in reasons are compared
   * as tokens either way; with this option the token numbers are masked too (`task#3` → `task##`).
   * @defaultValue false
   */
  readonly ignoreDigitsInReasons?: boolean;
  /** Compare child workflows under the task that started them. @defaultValue true */
  readonly children?: boolean;
}

/**
 * Compares two traces field by field, ignoring ids and wall-clock times.
 *
 * Both traces go through {@link normalizeTrace} (times as offsets, ids as tokens), so an id only
 * matters through what it refers to. Workflow fields are compared as listed in `workflowFields`;
 * the task lists are compared by position (order matters: `seq` order is scheduling order,
 * engine-semantics §1.6), each task on `taskFields`. Object key order never matters (the server's
 * maps are hash maps), numbers compare numerically (`1.0` from the server equals `1`), and
 * `failedReferenceTaskNames`/`failedTaskNames` compare as sets. When two tasks at one position
 * have different reference names only that is reported for the position. A child workflow is
 * matched through the task that started it (`subWorkflowId`, or `outputData.subWorkflowId`) and
 * compared the same way under `tasks[i](ref=…).subWorkflow`.
 *
 * @example
 * const diff = diffTraces(engineTrace, serverTrace, { taskFields: DiffFields.serverCompat.task });
 * if (!diff.equal) throw new Error(formatTraceDiff(diff));
 */
export function diffTraces(expected: Trace, actual: Trace, options: DiffOptions = {}): TraceDiff {
  const comparer = new Comparer(normalizeTrace(expected, { events: false, messages: false }), normalizeTrace(actual, { events: false, messages: false }), {
    workflowFields: options.workflowFields ?? DiffFields.logical.workflow,
    taskFields: options.taskFields ?? DiffFields.logical.task,
    ignore: options.ignore ?? [],
    ignoreDigitsInReasons: options.ignoreDigitsInReasons ?? false,
    children: options.children ?? true,
  });
  const differences = comparer.run();
  return { equal: differences.length === 0, differences };
}

type ResolvedDiffOptions = Required<DiffOptions>;

class Comparer {
  private readonly out: TraceDifference[] = [];
  private readonly expectedById: ReadonlyMap<string, NormalizedWorkflow>;
  private readonly actualById: ReadonlyMap<string, NormalizedWorkflow>;
  private readonly ignorePatterns: readonly RegExp[];

  constructor(
    private readonly expected: NormalizedTrace,
    private readonly actual: NormalizedTrace,
    private readonly options: ResolvedDiffOptions,
  ) {
    this.ignorePatterns = options.ignore.map(ignorePattern);
    this.expectedById = new Map(expected.workflows.map((w) => [w.workflowId, w]));
    this.actualById = new Map(actual.workflows.map((w) => [w.workflowId, w]));
  }

  run(): TraceDifference[] {
    const [expectedRoot] = this.expected.workflows;
    const [actualRoot] = this.actual.workflows;
    if (expectedRoot !== undefined && actualRoot !== undefined) this.workflow('', expectedRoot, actualRoot, new Set());
    return this.out;
  }

  /** `seen` holds `e:<token>` and `a:<token>` of workflows already compared, so a cycle cannot recurse. */
  private workflow(prefix: string, expected: NormalizedWorkflow, actual: NormalizedWorkflow, seen: Set<string>): void {
    seen.add(`e:${expected.workflowId}`);
    seen.add(`a:${actual.workflowId}`);
    for (const field of this.options.workflowFields) {
      if (field === 'tasks') continue;
      this.field(join(prefix, field), field, expected[field], actual[field]);
    }
    const count = Math.max(expected.tasks.length, actual.tasks.length);
    for (let i = 0; i < count; i += 1) {
      const e = expected.tasks[i];
      const a = actual.tasks[i];
      const path = `${join(prefix, 'tasks')}[${i}](ref=${(e ?? a)?.referenceTaskName ?? '?'})`;
      if (e === undefined) this.push('unexpected', path, undefined, summary(a));
      else if (a === undefined) this.push('missing', path, summary(e), undefined);
      else if (e.referenceTaskName !== a.referenceTaskName) this.push('changed', path, summary(e), summary(a));
      else this.task(path, e, a, seen);
    }
  }

  private task(path: string, expected: NormalizedTask, actual: NormalizedTask, seen: Set<string>): void {
    for (const field of this.options.taskFields) this.field(`${path}.${field}`, field, expected[field], actual[field]);
    if (!this.options.children) return;
    const expectedChild = childId(expected);
    const actualChild = childId(actual);
    if (expectedChild === undefined && actualChild === undefined) return;
    const e = expectedChild === undefined || seen.has(`e:${expectedChild}`) ? undefined : this.expectedById.get(expectedChild);
    const a = actualChild === undefined || seen.has(`a:${actualChild}`) ? undefined : this.actualById.get(actualChild);
    const childPath = `${path}.subWorkflow`;
    if (e !== undefined && a !== undefined) this.workflow(childPath, e, a, seen);
    else if (e !== undefined) this.push('missing', childPath, workflowSummary(e), undefined);
    else if (a !== undefined) this.push('unexpected', childPath, undefined, workflowSummary(a));
  }

  private field(path: string, relative: string, expected: NormalizedValue | undefined, actual: NormalizedValue | undefined): void {
    if (this.ignored(relative)) return;
    if (relative === 'reasonForIncompletion' && this.options.ignoreDigitsInReasons) {
      this.value(path, relative, maskDigits(expected), maskDigits(actual));
    } else this.value(path, relative, expected, actual);
  }

  private value(path: string, relative: string, expected: NormalizedValue | undefined, actual: NormalizedValue | undefined): void {
    if (this.ignored(relative)) return;
    if (expected === undefined && actual === undefined) return;
    if (expected === undefined) return this.push('unexpected', path, undefined, actual);
    if (actual === undefined) return this.push('missing', path, expected, undefined);
    if (isPlainObject(expected) && isPlainObject(actual)) {
      const keys = [...new Set([...sortedKeys(expected), ...sortedKeys(actual)])].sort(compareKeys);
      for (const key of keys) {
        this.value(appendKey(path, key), appendKey(relative, key), expected[key] as NormalizedValue | undefined, actual[key] as NormalizedValue | undefined);
      }
      return;
    }
    if (Array.isArray(expected) && Array.isArray(actual) && !jsonEqual(expected, actual)) {
      const e = expected as readonly NormalizedValue[];
      const a = actual as readonly NormalizedValue[];
      if (e.length !== a.length) return this.push('changed', path, expected, actual);
      e.forEach((item, i) => this.value(`${path}[${i}]`, `${relative}[${i}]`, item, a[i]));
      return;
    }
    if (!jsonEqual(expected, actual)) this.push('changed', path, expected, actual);
  }

  private ignored(relative: string): boolean {
    return this.ignorePatterns.some((pattern) => pattern.test(relative));
  }

  private push(kind: DifferenceKind, path: string, expected: NormalizedValue | undefined, actual: NormalizedValue | undefined): void {
    this.out.push({ kind, path, expected, actual });
  }
}

/** `a.*.b`, `list[*]`, `**.createTime` → a regex over relative paths that also matches everything below. */
function ignorePattern(entry: string): RegExp {
  let source = '';
  for (let i = 0; i < entry.length; i += 1) {
    const rest = entry.slice(i);
    if (rest.startsWith('[*]')) {
      source += '\\[\\d+\\]';
      i += 2;
    } else if (rest.startsWith('**.')) {
      source += '(?:.*[.\\]])?';
      i += 2;
    } else if (rest.startsWith('**')) {
      source += '.*';
      i += 1;
    } else if (rest.startsWith('*')) source += '[^.[\\]]+';
    else source += (entry[i] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}(?:$|[.[])`);
}

function childId(task: NormalizedTask): string | undefined {
  const direct = task['subWorkflowId'];
  if (typeof direct === 'string') return direct;
  const output = task['outputData'];
  if (isPlainObject(output) && typeof output['subWorkflowId'] === 'string') return output['subWorkflowId'];
  return undefined;
}

function summary(task: NormalizedTask | undefined): NormalizedValue | undefined {
  if (task === undefined) return undefined;
  return { referenceTaskName: task.referenceTaskName, taskType: task.taskType, status: task.status };
}

function workflowSummary(workflow: NormalizedWorkflow): NormalizedValue {
  return { workflowName: workflow.workflowName, status: workflow.status };
}

function maskDigits(value: NormalizedValue | undefined): NormalizedValue | undefined {
  return typeof value === 'string' ? value.replace(/[0-9]+/g, '#') : value;
}

function join(prefix: string, field: string): string {
  return prefix === '' ? field : `${prefix}.${field}`;
}

function appendKey(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Longest value printed by {@link formatTraceDiff} before it is cut with `…`. */
const VALUE_WIDTH = 120;

/**
 * Prints a diff, one difference per line, paths aligned:
 * ```
 * traces differ in 2 places:
 *   status                       expected "COMPLETED", got "FAILED"
 *   tasks[3](ref=charge).status  expected "COMPLETED", got "FAILED"
 * ```
 * Values are compact JSON with sorted keys, cut at 120 characters. No colour. An equal diff
 * prints `traces are equal`.
 */
export function formatTraceDiff(diff: TraceDiff): string {
  if (diff.differences.length === 0) return 'traces are equal';
  const width = Math.max(...diff.differences.map((d) => d.path.length));
  const noun = diff.differences.length === 1 ? 'place' : 'places';
  const lines = diff.differences.map((d) => `  ${d.path.padEnd(width)}  ${describe(d)}`);
  return [`traces differ in ${diff.differences.length} ${noun}:`, ...lines].join('\n');
}

function describe(difference: TraceDifference): string {
  switch (difference.kind) {
    case 'changed':
      return `expected ${show(difference.expected)}, got ${show(difference.actual)}`;
    case 'missing':
      return `missing: expected ${show(difference.expected)}, got nothing`;
    case 'unexpected':
      return `unexpected: expected nothing, got ${show(difference.actual)}`;
    default:
      return assertNever(difference.kind, 'difference kind');
  }
}

function show(value: NormalizedValue | undefined): string {
  const text = value === undefined ? 'undefined' : toCanonicalJson(value, 0);
  return text.length <= VALUE_WIDTH ? text : `${text.slice(0, VALUE_WIDTH - 1)}…`;
}
