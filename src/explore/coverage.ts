/**
 * Workflow coverage: which tasks ran, which SWITCH / DECISION cases were taken, how many times
 * loops iterated, which retries, final failures, terminal errors and timeouts happened, and
 * whether a fork branch failed — counted over traces, against targets read from the definition.
 *
 * Observations come only from traces (src/trace/model.ts), so they work for explore runs, for any
 * test's run, and for a server's answer normalised into a trace. Conductor facts used:
 * SWITCH output `selectedCase` (core/.../execution/mapper/SwitchTaskMapper.java), DECISION output `caseOutput[0]`
 * (core/.../execution/mapper/DecisionTaskMapper.java); a retry copy has `retryCount` + 1 and the superseded attempt `retried`
 * (EXEC/DeciderService.java `retry`, engine-semantics §4.3); a DO_WHILE's `iteration` is the
 * current iteration (SYS/DoWhile.java, task-types §2.10).
 */
import type { WorkflowDef } from '../definitions/index.js';
import type { TaskRun, Trace, WorkflowRun } from '../trace/index.js';
import { analyseWorkflow } from './analyse-workflow.js';
import type { AnalyseOptions, WorkflowModel } from './analyse-workflow.js';

/** Kinds of coverage targets. */
export const CoverageKind = {
  /** The task ran at least once. */
  TASK: 'task',
  /** A SWITCH / DECISION case (or the default) was taken. */
  CASE: 'case',
  /** A DO_WHILE ended after exactly this many iterations. */
  LOOP: 'loop',
  /** A task was retried this many times (an attempt with this retryCount ran). */
  RETRY: 'retry',
  /** A task failed for good (FAILED/TIMED_OUT with no retry left), ended with a terminal error, or timed out. */
  FAILURE: 'failure',
  /** A task inside a fork branch failed for good. */
  FORK: 'fork',
} as const;
export type CoverageKind = (typeof CoverageKind)[keyof typeof CoverageKind];

/** One thing to reach, with how often it was reached. */
export interface CoverageTarget {
  /** Stable id, e.g. `case:route:express`, `retry:charge:2`, `failure:charge:timed-out`. */
  readonly id: string;
  readonly kind: CoverageKind;
  /** The node the target belongs to. */
  readonly ref: string;
  /** Short text for tables and the graph (`case express`, `retry 2`, `timed out`). */
  readonly label: string;
  readonly hits: number;
}

/** What was seen of one node. */
export interface NodeCoverage {
  readonly type: string;
  /** Runs in which the node ran at least once. */
  readonly runs: number;
  /** Task instances (attempts, iterations) that ran. */
  readonly attempts: number;
  /** Final statuses of those instances. */
  readonly statuses: Readonly<Record<string, number>>;
  /** SWITCH / DECISION: case taken → count (`default` when no key matched). */
  readonly cases?: Readonly<Record<string, number>>;
  /** DO_WHILE: iterations at the end of the run → count. */
  readonly iterations?: Readonly<Record<string, number>>;
}

/** A coverage report (the `--report json` shape). */
export interface CoverageReport {
  readonly reportVersion: 1;
  readonly workflow: { readonly name: string; readonly version: number };
  /** Traces counted. */
  readonly runs: number;
  readonly summary: { readonly targets: number; readonly covered: number; readonly percent: number };
  readonly byKind: Readonly<Record<CoverageKind, { readonly targets: number; readonly covered: number }>>;
  readonly targets: readonly CoverageTarget[];
  readonly nodes: Readonly<Record<string, NodeCoverage>>;
  /** Final workflow statuses → count. */
  readonly outcomes: Readonly<Record<string, number>>;
}

/** Accumulates coverage of one definition over traces. */
export interface CoverageCollector {
  readonly model: WorkflowModel;
  /** Counts one run (the top-level workflow of the trace, or its instance of this definition). */
  record(trace: Trace): void;
  /** The report so far. */
  report(): CoverageReport;
}

interface TargetSpec {
  readonly id: string;
  readonly kind: CoverageKind;
  readonly ref: string;
  readonly label: string;
}

function targetsOf(model: WorkflowModel): TargetSpec[] {
  const out: TargetSpec[] = [];
  const answerable = new Map(model.answerable.map((t) => [t.ref, t]));
  const branches = new Map(model.branches.map((b) => [b.ref, b]));
  const loops = new Map(model.loops.map((l) => [l.ref, l]));
  const forks = new Map(model.forks.map((f) => [f.ref, f]));
  const visit = (tasks: readonly WorkflowDef['tasks'][number][]): void => {
    for (const node of tasks) {
      const ref = node.taskReferenceName;
      out.push({ id: `task:${ref}`, kind: 'task', ref, label: 'ran' });
      const task = answerable.get(ref);
      if (task !== undefined) {
        for (let k = 1; k <= task.retryCount; k++) out.push({ id: `retry:${ref}:${k}`, kind: 'retry', ref, label: `retry ${k}` });
        if (task.canFail) {
          // Conductor: an optional task that fails for good becomes COMPLETED_WITH_ERRORS and its
          // own status is lost (EXEC/DeciderService.java; engine-semantics §2.9), so a terminal
          // error cannot be told apart, and a timeout shows only on an attempt that was retried.
          out.push({ id: `failure:${ref}:failed`, kind: 'failure', ref, label: task.optional ? 'completed with errors' : 'failed (no retry left)' });
          if (!task.optional) out.push({ id: `failure:${ref}:terminal-error`, kind: 'failure', ref, label: 'terminal error' });
          if (task.timeoutMs !== undefined && (!task.optional || task.retryCount > 0)) out.push({ id: `failure:${ref}:timed-out`, kind: 'failure', ref, label: 'timed out' });
        }
      }
      const branch = branches.get(ref);
      if (branch !== undefined) {
        for (const key of branch.cases) out.push({ id: `case:${ref}:${key}`, kind: 'case', ref, label: `case ${key}` });
        if (branch.defaultTarget) out.push({ id: `case:${ref}:default`, kind: 'case', ref, label: 'default' });
      }
      if (loops.has(ref)) {
        for (let n = 1; n <= model.maxLoopIterations; n++) out.push({ id: `loop:${ref}:${n}`, kind: 'loop', ref, label: `${n} iteration${n === 1 ? '' : 's'}` });
      }
      if (forks.has(ref)) out.push({ id: `fork:${ref}:branch-failed`, kind: 'fork', ref, label: 'a branch failed' });
      for (const list of [...Object.values(node.decisionCases ?? {}), node.defaultCase ?? [], ...(node.forkTasks ?? []), node.loopOver ?? []]) visit(list);
    }
  };
  visit(model.def.tasks);
  return out;
}

/** Base ref of a runtime task (only loop tasks carry the `__N` suffix). */
function baseOf(task: TaskRun): string {
  if (task.iteration <= 0) return task.referenceTaskName;
  const at = task.referenceTaskName.indexOf('__');
  return at < 0 ? task.referenceTaskName : task.referenceTaskName.slice(0, at);
}

function ran(task: TaskRun): boolean {
  if (task.status === 'SCHEDULED' || task.status === 'SKIPPED') return false;
  return !(task.status === 'CANCELED' && task.startTime === 0);
}

/** Failed for good: a failure status on an attempt that no retry copy replaced. */
function finalFailure(task: TaskRun): boolean {
  return (task.status === 'FAILED' || task.status === 'TIMED_OUT' || task.status === 'FAILED_WITH_TERMINAL_ERROR') && !task.retried;
}

function inc(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

class Collector implements CoverageCollector {
  readonly model: WorkflowModel;
  private readonly specs: readonly TargetSpec[];
  private readonly hits = new Map<string, number>();
  private readonly nodeRuns = new Map<string, number>();
  private readonly attempts = new Map<string, number>();
  private readonly statuses = new Map<string, Map<string, number>>();
  private readonly cases = new Map<string, Map<string, number>>();
  private readonly iterations = new Map<string, Map<string, number>>();
  private readonly outcomes = new Map<string, number>();
  private readonly types = new Map<string, string>();
  private readonly branchCases = new Map<string, ReadonlySet<string>>();
  private readonly forkOf = new Map<string, string>();
  private runs = 0;

  constructor(model: WorkflowModel) {
    this.model = model;
    this.specs = targetsOf(model);
    for (const b of model.branches) this.branchCases.set(b.ref, new Set(b.cases));
    for (const f of model.forks) for (const branch of f.branches) for (const ref of branch) if (!this.forkOf.has(ref)) this.forkOf.set(ref, f.ref);
    const visitTypes = (tasks: readonly WorkflowDef['tasks'][number][]): void => {
      for (const n of tasks) {
        this.types.set(n.taskReferenceName, n.type ?? 'SIMPLE');
        for (const list of [...Object.values(n.decisionCases ?? {}), n.defaultCase ?? [], ...(n.forkTasks ?? []), n.loopOver ?? []]) visitTypes(list);
      }
    };
    visitTypes(model.def.tasks);
  }

  private instanceOf(trace: Trace): WorkflowRun | undefined {
    const name = this.model.def.name;
    if (trace.workflow.workflowName === name) return trace.workflow;
    return trace.workflows.find((w) => w.workflowName === name);
  }

  record(trace: Trace): void {
    const wf = this.instanceOf(trace);
    if (wf === undefined) return;
    this.runs++;
    inc(this.outcomes, wf.status);
    const seen = new Set<string>();
    const hit = new Set<string>();
    const failedForks = new Set<string>();
    const lastLoop = new Map<string, TaskRun>();
    for (const task of wf.tasks) {
      const ref = baseOf(task);
      if (!this.types.has(ref)) continue;
      if (!ran(task)) continue;
      seen.add(ref);
      hit.add(`task:${ref}`);
      inc(this.attempts, ref);
      let statuses = this.statuses.get(ref);
      if (statuses === undefined) this.statuses.set(ref, (statuses = new Map()));
      inc(statuses, task.status);
      if (task.retryCount > 0) hit.add(`retry:${ref}:${task.retryCount}`);
      if (task.status === 'TIMED_OUT') hit.add(`failure:${ref}:timed-out`);
      if (task.status === 'FAILED_WITH_TERMINAL_ERROR') hit.add(`failure:${ref}:terminal-error`);
      if (task.status === 'COMPLETED_WITH_ERRORS') hit.add(`failure:${ref}:failed`);
      if (finalFailure(task)) {
        if (task.status !== 'FAILED_WITH_TERMINAL_ERROR') hit.add(`failure:${ref}:failed`);
        const fork = this.forkOf.get(ref);
        if (fork !== undefined) failedForks.add(fork);
      }
      const type = this.types.get(ref);
      if (type === 'SWITCH' || type === 'DECISION') {
        const raw = type === 'SWITCH' ? task.outputData['selectedCase'] : (task.outputData['caseOutput'] as unknown[] | undefined)?.[0];
        if (raw !== undefined) {
          const value = String(raw);
          const key = this.branchCases.get(ref)?.has(value) === true ? value : 'default';
          hit.add(`case:${ref}:${key}`);
          let perCase = this.cases.get(ref);
          if (perCase === undefined) this.cases.set(ref, (perCase = new Map()));
          inc(perCase, key);
        }
      }
      if (type === 'DO_WHILE') lastLoop.set(ref, task);
    }
    for (const [ref, task] of lastLoop) {
      hit.add(`loop:${ref}:${task.iteration}`);
      let perCount = this.iterations.get(ref);
      if (perCount === undefined) this.iterations.set(ref, (perCount = new Map()));
      inc(perCount, String(task.iteration));
    }
    for (const fork of failedForks) hit.add(`fork:${fork}:branch-failed`);
    for (const ref of seen) inc(this.nodeRuns, ref);
    for (const id of hit) inc(this.hits, id);
  }

  report(): CoverageReport {
    return assemble({
      workflow: { name: this.model.def.name, version: this.model.def.version ?? 1 },
      runs: this.runs,
      targets: this.specs.map((s) => ({ ...s, hits: this.hits.get(s.id) ?? 0 })),
      types: this.types,
      nodeRuns: this.nodeRuns,
      attempts: this.attempts,
      statuses: this.statuses,
      cases: this.cases,
      iterations: this.iterations,
      outcomes: this.outcomes,
    });
  }
}

/** The counters a report is made from. */
interface Tallies {
  readonly workflow: CoverageReport['workflow'];
  readonly runs: number;
  readonly targets: readonly CoverageTarget[];
  /** Node types in definition order (the order of `nodes` in the report). */
  readonly types: ReadonlyMap<string, string>;
  readonly nodeRuns: ReadonlyMap<string, number>;
  readonly attempts: ReadonlyMap<string, number>;
  readonly statuses: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly cases: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly iterations: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly outcomes: ReadonlyMap<string, number>;
}

function assemble(t: Tallies): CoverageReport {
  const byKind = Object.fromEntries(Object.values(CoverageKind).map((k) => [k, { targets: 0, covered: 0 }])) as Record<CoverageKind, { targets: number; covered: number }>;
  for (const target of t.targets) {
    byKind[target.kind].targets++;
    if (target.hits > 0) byKind[target.kind].covered++;
  }
  const covered = t.targets.filter((target) => target.hits > 0).length;
  const nodes: Record<string, NodeCoverage> = {};
  for (const [ref, type] of t.types) {
    const cases = t.cases.get(ref);
    const iterations = t.iterations.get(ref);
    nodes[ref] = {
      type,
      runs: t.nodeRuns.get(ref) ?? 0,
      attempts: t.attempts.get(ref) ?? 0,
      statuses: sortedRecord(t.statuses.get(ref)),
      ...(cases !== undefined ? { cases: sortedRecord(cases) } : {}),
      ...(iterations !== undefined ? { iterations: sortedRecord(iterations) } : {}),
    };
  }
  return {
    reportVersion: 1,
    workflow: t.workflow,
    runs: t.runs,
    summary: { targets: t.targets.length, covered, percent: percentOf(covered, t.targets.length) },
    byKind,
    targets: t.targets,
    nodes,
    outcomes: sortedRecord(t.outcomes),
  };
}

/** A count map as a record with sorted keys (reports compare byte for byte whatever the run order). */
function sortedRecord(map: ReadonlyMap<string, number> | undefined): Record<string, number> {
  return Object.fromEntries([...(map ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function percentOf(covered: number, total: number): number {
  return total === 0 ? 100 : Math.floor((covered * 1000) / total) / 10;
}

/**
 * Creates a coverage collector for a definition (or an analysed model).
 *
 * @example
 * const coverage = createCoverageCollector(def);
 * coverage.record(await runWorkflow({ workflowDef: def, input }, { mocks }));
 * coverage.report().summary; // { targets: 31, covered: 12, percent: 38.7 }
 */
export function createCoverageCollector(def: WorkflowDef | WorkflowModel, options: AnalyseOptions = {}): CoverageCollector {
  const model = 'answerable' in def ? def : analyseWorkflow(def, options);
  return new Collector(model as WorkflowModel);
}

/**
 * Adds reports of the same definition (shards of one campaign, or several test files): hits,
 * runs and histograms are summed; the percentages are recomputed.
 *
 * Give reports of one definition only (the first report's targets are the ones counted).
 */
export function mergeCoverageReports(reports: readonly CoverageReport[]): CoverageReport | undefined {
  const first = reports[0];
  if (first === undefined) return undefined;
  const hits = new Map<string, number>();
  const types = new Map<string, string>();
  const nodeRuns = new Map<string, number>();
  const attempts = new Map<string, number>();
  const statuses = new Map<string, Map<string, number>>();
  const cases = new Map<string, Map<string, number>>();
  const iterations = new Map<string, Map<string, number>>();
  const outcomes = new Map<string, number>();
  const addAll = (into: Map<string, Map<string, number>>, ref: string, from: Readonly<Record<string, number>> | undefined): void => {
    if (from === undefined) return;
    let m = into.get(ref);
    if (m === undefined) into.set(ref, (m = new Map()));
    for (const [k, v] of Object.entries(from)) inc(m, k, v);
  };
  let runs = 0;
  for (const r of reports) {
    runs += r.runs;
    for (const target of r.targets) inc(hits, target.id, target.hits);
    for (const [ref, n] of Object.entries(r.nodes)) {
      if (!types.has(ref)) types.set(ref, n.type);
      inc(nodeRuns, ref, n.runs);
      inc(attempts, ref, n.attempts);
      addAll(statuses, ref, n.statuses);
      addAll(cases, ref, n.cases);
      addAll(iterations, ref, n.iterations);
    }
    for (const [k, v] of Object.entries(r.outcomes)) inc(outcomes, k, v);
  }
  return assemble({
    workflow: first.workflow,
    runs,
    targets: first.targets.map((target) => ({ ...target, hits: hits.get(target.id) ?? 0 })),
    types,
    nodeRuns,
    attempts,
    statuses,
    cases,
    iterations,
    outcomes,
  });
}
