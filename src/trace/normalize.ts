/**
 * The normalized trace: the plain-JSON view of a {@link Trace} that the canonical serializer, the
 * timeline and the structural diff all read, so that they agree on what "the same run" means.
 *
 * @packageDocumentation
 */

import type { Trace, TraceSource, WorkflowRun } from './model.js';
import { formatTraceTime } from './format-offset.js';
import { compareKeys, isPlainObject, sortedKeys, type JsonValue } from './internal/canonical-json.js';
import { IdTokens, type IdKind } from './internal/id-tokens.js';

/** A JSON value in a normalized trace. */
export type NormalizedValue = JsonValue;

/** One task instance, normalized: the fields of {@link TaskRun} with ids and times rewritten. */
export interface NormalizedTask {
  readonly [field: string]: NormalizedValue;
  readonly taskId: string;
  readonly referenceTaskName: string;
  readonly taskType: string;
  readonly status: string;
  readonly seq: number;
  readonly retryCount: number;
  readonly iteration: number;
}

/** One workflow instance, normalized: the fields of {@link WorkflowRun} with ids and times rewritten. */
export interface NormalizedWorkflow {
  readonly [field: string]: NormalizedValue;
  readonly workflowId: string;
  readonly workflowName: string;
  readonly workflowVersion: number;
  readonly status: string;
  readonly tasks: readonly NormalizedTask[];
}

/** A normalized event-log entry or published message. */
export type NormalizedRecord = { readonly [field: string]: NormalizedValue };

/**
 * Plain JSON, no ids and no absolute times: two runs that differ only in seed, ids or start time
 * normalize to deeply equal values.
 */
export interface NormalizedTrace {
  readonly traceVersion: 1;
  readonly source: TraceSource;
  /**
   * Every workflow instance, in token order: the top-level one (`wf#1`) first, then depth-first
   * through its tasks (a child right after the task that started it), then any instance no task
   * points to (e.g. a failure workflow) in the trace's own order.
   */
  readonly workflows: readonly NormalizedWorkflow[];
  /** Absent when `events: false`. */
  readonly events?: readonly NormalizedRecord[];
  /** Absent when `messages: false`. */
  readonly messages?: readonly NormalizedRecord[];
}

/** How {@link normalizeTrace} rewrites a trace. */
export interface NormalizeOptions {
  /**
   * `offset`: absolute times become offsets from `trace.startedAt` (`+1m00s`; `-` for 0, which
   * Conductor uses for "never set"). `drop`: time fields are left out.
   * @defaultValue 'offset'
   */
  readonly times?: 'offset' | 'drop';
  /**
   * `tokens`: ids become `wf#n` / `task#n` / `id#n` tokens. `keep`: ids stay as they are.
   * @defaultValue 'tokens'
   */
  readonly ids?: 'tokens' | 'keep';
  /** Include the event log. @defaultValue true */
  readonly events?: boolean;
  /** Include published messages. @defaultValue true */
  readonly messages?: boolean;
  /**
   * Field names left out of every workflow, task, event and message, e.g. `['pollCount']` for
   * traces of a real server, where JOIN poll counts depend on background ticks
   * (engine-semantics §7.9). Only top-level fields of those records; nested data is kept.
   * @defaultValue []
   */
  readonly omitFields?: readonly string[];
}

const WORKFLOW_ID_FIELDS: ReadonlySet<string> = new Set(['workflowId', 'parentWorkflowId', 'workflowInstanceId', 'subWorkflowId']);
const TASK_ID_FIELDS: ReadonlySet<string> = new Set(['taskId', 'retriedTaskId', 'parentWorkflowTaskId']);
const TIME_FIELDS: ReadonlySet<string> = new Set(['createTime', 'updateTime', 'endTime', 'scheduledTime', 'startTime', 'at']);
const TEXT_FIELDS: ReadonlySet<string> = new Set(['reasonForIncompletion', 'reason']);
/** Conductor keeps these as `Set`s serialised in hash order (Workflow.java); we sort them. */
const SET_FIELDS: ReadonlySet<string> = new Set(['failedReferenceTaskNames', 'failedTaskNames']);
/** Values under these keys are ids even without an id-like key: the test endpoint puts a random UUID domain in `taskToDomain["*"]` (engine-semantics §7.2). */
const ID_MAP_FIELDS: ReadonlySet<string> = new Set(['taskToDomain']);

/**
 * Turns a trace into plain JSON with ids replaced by stable tokens and absolute times replaced by
 * offsets (or dropped).
 *
 * Ids: every workflow id and task id in the trace gets a token in order of first appearance in a
 * depth-first walk (top-level workflow, its tasks in list order, a child workflow right after
 * the task that points to it through `subWorkflowId` or an id in its output). Other id-valued
 * strings are rewritten too: any string equal to a known id, a UUID under a key that names an id
 * (`subWorkflowId`, `workflowId` in a START_WORKFLOW output, `conductor.failure_workflow`,
 * `…TaskId`, `…Id`, `domain`, values of `taskToDomain`), and ids embedded in failure reasons
 * (`Task <id> failed with status: FAILED…`, EXEC/DeciderService.java). Other UUIDs in user data
 * stay as they are. Objects are walked in sorted key order, so the server's hash-map key order
 * never changes a token.
 *
 * Also: `seed` and `startedAt` are left out (they are what differs between equivalent runs);
 * `failedReferenceTaskNames`/`failedTaskNames` are sorted (they are sets in Conductor).
 *
 * Pure: no clock, no randomness, the input is not modified.
 *
 * @example
 * const a = normalizeTrace(run1);
 * const b = normalizeTrace(run2); // same request, other seed
 * // a and b are deeply equal
 */
export function normalizeTrace(trace: Trace, options: NormalizeOptions = {}): NormalizedTrace {
  const context = new Normalizer(trace, {
    times: options.times ?? 'offset',
    ids: options.ids ?? 'tokens',
    omitFields: new Set(options.omitFields ?? []),
  });
  const workflows = context.orderedWorkflows().map((workflow) => context.workflow(workflow));
  const base: { traceVersion: 1; source: TraceSource; workflows: readonly NormalizedWorkflow[] } = {
    traceVersion: 1,
    source: trace.source,
    workflows,
  };
  const events = options.events ?? true ? trace.events.map((event) => context.record(event)) : undefined;
  const messages = options.messages ?? true ? trace.messages.map((message) => context.record(message)) : undefined;
  return {
    ...base,
    ...(events === undefined ? {} : { events }),
    ...(messages === undefined ? {} : { messages }),
  };
}

interface ResolvedNormalizeOptions {
  readonly times: 'offset' | 'drop';
  readonly ids: 'tokens' | 'keep';
  readonly omitFields: ReadonlySet<string>;
}

class Normalizer {
  private readonly ids = new IdTokens();
  private readonly order: WorkflowRun[] = [];

  constructor(
    private readonly trace: Trace,
    private readonly options: ResolvedNormalizeOptions,
  ) {
    const byId = new Map<string, WorkflowRun>();
    for (const workflow of [trace.workflow, ...trace.workflows]) {
      if (!byId.has(workflow.workflowId)) byId.set(workflow.workflowId, workflow);
    }
    const visited = new Set<string>();
    const visit = (workflow: WorkflowRun): void => {
      if (visited.has(workflow.workflowId)) return;
      visited.add(workflow.workflowId);
      this.order.push(workflow);
      this.ids.assign(workflow.workflowId, 'wf');
      for (const task of workflow.tasks) {
        this.ids.assign(task.taskId, 'task');
        const pointed = task.subWorkflowId === undefined ? [] : [task.subWorkflowId];
        collectStrings(task.outputData, pointed);
        for (const id of pointed) {
          const child = byId.get(id);
          if (child !== undefined) visit(child);
        }
      }
      const pointed: string[] = [];
      collectStrings(workflow.output, pointed);
      for (const id of pointed) {
        const other = byId.get(id);
        if (other !== undefined) visit(other);
      }
    };
    visit(trace.workflow);
    for (const workflow of trace.workflows) visit(workflow);
  }

  orderedWorkflows(): readonly WorkflowRun[] {
    return this.order;
  }

  workflow(workflow: WorkflowRun): NormalizedWorkflow {
    const { tasks, ...fields } = workflow;
    const normalized = this.record(fields) as Record<string, NormalizedValue>;
    normalized['tasks'] = tasks.map((task) => this.record(task));
    return normalized as unknown as NormalizedWorkflow;
  }

  /** Normalizes one flat record (workflow without tasks, task, event, message) field by field. */
  record(value: object): NormalizedRecord {
    const source = value as Readonly<Record<string, unknown>>;
    const out: Record<string, NormalizedValue> = {};
    for (const key of sortedKeys(source)) {
      if (this.options.omitFields.has(key)) continue;
      const field = source[key];
      if (TIME_FIELDS.has(key) && typeof field === 'number') {
        if (this.options.times === 'offset') out[key] = formatTraceTime(field, this.trace.startedAt);
        continue;
      }
      if (typeof field === 'string' && WORKFLOW_ID_FIELDS.has(key)) out[key] = this.id(field, 'wf');
      else if (typeof field === 'string' && TASK_ID_FIELDS.has(key)) out[key] = this.id(field, 'task');
      else if (typeof field === 'string' && TEXT_FIELDS.has(key)) out[key] = this.text(field);
      else if (SET_FIELDS.has(key) && Array.isArray(field)) {
        out[key] = field.map((item: unknown) => this.json(item, undefined)).sort(compareJson);
      } else if (ID_MAP_FIELDS.has(key) && isPlainObject(field)) {
        const map: Record<string, NormalizedValue> = {};
        for (const mapKey of sortedKeys(field)) map[mapKey] = this.json(field[mapKey], 'domain');
        out[key] = map;
      } else out[key] = this.json(field, key);
    }
    return out;
  }

  private id(value: string, kind: IdKind): string {
    return this.options.ids === 'keep' ? value : this.ids.token(value, kind);
  }

  private text(value: string): string {
    return this.options.ids === 'keep' ? value : this.ids.text(value);
  }

  /** Any JSON value found under `key`, walked in sorted key order. */
  private json(value: unknown, key: string | undefined): NormalizedValue {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return this.options.ids === 'keep' ? value : this.ids.value(value, key);
    if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
    if (typeof value === 'boolean') return value;
    if (Array.isArray(value)) return value.map((item: unknown) => this.json(item, key));
    if (isPlainObject(value)) {
      const out: Record<string, NormalizedValue> = {};
      for (const child of sortedKeys(value)) {
        if (typeof value[child] === 'function') continue;
        out[child] = TEXT_FIELDS.has(child) && typeof value[child] === 'string' ? this.text(value[child]) : this.json(value[child], child);
      }
      return out;
    }
    return typeof value === 'bigint' ? Number(value) : null;
  }
}

/** Every string anywhere inside `value`, in sorted-key order. */
function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (isPlainObject(value)) for (const key of sortedKeys(value)) collectStrings(value[key], into);
}

function compareJson(a: NormalizedValue, b: NormalizedValue): number {
  return compareKeys(JSON.stringify(a), JSON.stringify(b));
}
