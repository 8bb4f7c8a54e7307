/**
 * Reads a workflow definition the way exploration needs it: which tasks a worker (or a mock)
 * answers and how often each may be retried, which SWITCH / DECISION cases, DO_WHILE depths and
 * fork branches exist, and — the steering — which workflow-input fields and task-output fields
 * decide them, with the values that reach each case.
 *
 * Semantics followed (Conductor OSS, shared/spec task-types §2.4, §2.5, §2.10, §3.4):
 * - SWITCH `value-param` reads the key `expression` of the node's evaluated `inputParameters`
 *   (core/.../execution/evaluators/ValueParamEvaluator.java); DECISION `caseValueParam` likewise
 *   (core/.../execution/mapper/DecisionTaskMapper.java). The case is the Java string of the value,
 *   so a case key `"true"` is reached by the boolean `true` and by the string `"true"`.
 * - SWITCH `javascript`/`graaljs`, DECISION `caseExpression` and DO_WHILE `loopCondition` run a
 *   script with `$` bound to the evaluated `inputParameters` (core/.../events/ScriptEvaluator.java);
 *   DO_WHILE also binds `$.<loopTaskRef>` to that task's latest output (SYS/DoWhile.java).
 * - A node's allowed retries are its own `retryCount`, else its TaskDef's, else the ad-hoc default:
 *   3 for SIMPLE, 0 for any other type (core/.../metadata/MetadataMapperService.java,
 *   core/.../execution/DeciderService.java `retry`; engine-semantics §1.5, §4.1).
 */
import type { JsonObject, SchemaDef, TaskDef, WorkflowDef, WorkflowTask } from '../definitions/index.js';
import { TaskType } from '../definitions/index.js';
import { effectiveTaskDef } from '../engine/index.js';
import { scanScript } from './internal/js-scan.js';

/** Where a value that steers a branch comes from. */
export type DriverSource =
  | { readonly kind: 'input'; readonly path: readonly string[] }
  | { readonly kind: 'output'; readonly ref: string; readonly path: readonly string[] };

/** A steered field and the values that reach every branch it decides. */
export interface Driver {
  readonly source: DriverSource;
  /** Candidate values, deduplicated, the "simplest" first (fast-check shrinks towards it). */
  readonly values: readonly unknown[];
}

/** How a task that a worker (or a mock) answers may end. */
export interface AnswerableTask {
  readonly ref: string;
  readonly name: string;
  /** Node type (`SIMPLE`, `HUMAN`, `HTTP`, a WAIT without timer, or a custom worker type). */
  readonly type: string;
  /** Retries allowed after the first attempt (so `retryCount + 1` attempts in all). */
  readonly retryCount: number;
  /** Ref of the enclosing DO_WHILE, if any (its visits repeat per iteration). */
  readonly loop: string | undefined;
  /** Whether a silent worker ends in a timeout (some timeout is set), and after how long. */
  readonly timeoutMs: number | undefined;
  /** Whether outcomes other than success make sense for this type. */
  readonly canFail: boolean;
  readonly optional: boolean;
  /** `outputSchema` of the task's TaskDef, when one is attached or registered. */
  readonly outputSchema: SchemaDef | undefined;
}

/** A SWITCH or DECISION node and the branch keys coverage expects. */
export interface BranchPoint {
  readonly ref: string;
  readonly type: 'SWITCH' | 'DECISION';
  readonly cases: readonly string[];
  /** Whether "no case matched" is a path to reach (`defaultCase` non-empty, or any value may arrive). */
  readonly defaultTarget: boolean;
}

/** A DO_WHILE node. */
export interface LoopPoint {
  readonly ref: string;
  /** Refs of every node inside the loop body. */
  readonly body: readonly string[];
}

/** A FORK_JOIN node. */
export interface ForkPoint {
  readonly ref: string;
  /** Refs of the nodes in each branch (subtrees included). */
  readonly branches: readonly (readonly string[])[];
}

/** Everything exploration reads from one definition. */
export interface WorkflowModel {
  readonly def: WorkflowDef;
  readonly answerable: readonly AnswerableTask[];
  readonly branches: readonly BranchPoint[];
  readonly loops: readonly LoopPoint[];
  readonly forks: readonly ForkPoint[];
  /** Steered workflow-input fields. */
  readonly inputDrivers: readonly Driver[];
  /** Steered output fields, by task ref. */
  readonly outputDrivers: ReadonlyMap<string, readonly Driver[]>;
  /** Iterations a loop is steered to reach (1..maxLoopIterations). */
  readonly maxLoopIterations: number;
}

/** Options of {@link analyseWorkflow}. */
export interface AnalyseOptions {
  /** TaskDefs registered on the simulated server (retries and output schemas by task name). @defaultValue [] */
  readonly taskDefs?: readonly TaskDef[];
  /** Loop depths to reach: 1..maxLoopIterations. @defaultValue 3 */
  readonly maxLoopIterations?: number;
}

const SYSTEM_TYPES: ReadonlySet<string> = new Set(
  Object.values(TaskType).filter((t) => t !== 'SIMPLE' && t !== 'USER_DEFINED' && t !== 'HUMAN' && t !== 'HTTP'),
);

function nodeType(node: WorkflowTask): string {
  return node.type ?? 'SIMPLE';
}

function childLists(node: WorkflowTask): WorkflowTask[][] {
  switch (nodeType(node)) {
    case 'SWITCH':
    case 'DECISION':
      return [...Object.values(node.decisionCases ?? {}), node.defaultCase ?? []];
    case 'FORK_JOIN':
      return node.forkTasks ?? [];
    case 'DO_WHILE':
      return [node.loopOver ?? []];
    default:
      return [];
  }
}

function subtreeRefs(nodes: readonly WorkflowTask[]): string[] {
  const out: string[] = [];
  const visit = (n: WorkflowTask): void => {
    out.push(n.taskReferenceName);
    for (const list of childLists(n)) for (const c of list) visit(c);
  };
  for (const n of nodes) visit(n);
  return out;
}

/** Splits a JSONPath-ish body (`workflow.input.a['b'][0]`) into segments. */
function splitPath(text: string): string[] | undefined {
  const out: string[] = [];
  const re = /\.?([A-Za-z0-9_$-]+)|\[(?:'([^']*)'|"([^"]*)"|(\d+))\]/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(text)) !== null) {
    out.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
    last = re.lastIndex;
    if (last === text.length) break;
  }
  return last === text.length ? out : undefined;
}

/** A string that is exactly one `${...}` expression → its path segments. */
function wholeExpression(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\$\{([^${}]+)\}$/.exec(value.trim());
  if (m === null) return undefined;
  const body = (m[1] as string).trim().replace(/^\$\./, '');
  return splitPath(body);
}

/** Values that reach a case key through Java string conversion: the typed value first, then the string. */
function valuesForCase(key: string): unknown[] {
  const out: unknown[] = [];
  if (key === 'true') out.push(true);
  else if (key === 'false') out.push(false);
  else if (key === 'null') out.push(null);
  else if (/^-?\d+$/.test(key) && Number.isSafeInteger(Number(key))) out.push(Number(key));
  out.push(key);
  return out;
}

function dedupe(values: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const v of values) {
    const k = JSON.stringify(v) ?? 'undefined';
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/** A value that matches none of the keys (reaches the default case). */
function missValue(keys: readonly string[]): string {
  let candidate = 'other';
  for (let n = 2; keys.includes(candidate); n++) candidate = `other${n}`;
  return candidate;
}

/** Candidates from script literals: each literal, numbers ±1 (thresholds), plus small integers and booleans. */
function scriptCandidates(literals: readonly unknown[], extra: readonly unknown[]): unknown[] {
  const out: unknown[] = [...extra];
  for (const lit of literals) {
    out.push(lit);
    if (typeof lit === 'number') out.push(lit + 1, lit - 1);
  }
  out.push(true, false);
  return dedupe(out);
}

interface Collector {
  readonly input: Map<string, { path: string[]; values: unknown[] }>;
  readonly output: Map<string, Map<string, { path: string[]; values: unknown[] }>>;
}

function addDriver(into: Collector, source: DriverSource, values: readonly unknown[]): void {
  const key = JSON.stringify(source.path);
  if (source.kind === 'input') {
    const existing = into.input.get(key);
    if (existing === undefined) into.input.set(key, { path: [...source.path], values: [...values] });
    else existing.values.push(...values);
    return;
  }
  let perRef = into.output.get(source.ref);
  if (perRef === undefined) into.output.set(source.ref, (perRef = new Map()));
  const existing = perRef.get(key);
  if (existing === undefined) perRef.set(key, { path: [...source.path], values: [...values] });
  else existing.values.push(...values);
}

/**
 * Analyses a definition for exploration (see the module comment for the semantics followed).
 *
 * @example
 * const model = analyseWorkflow(def);
 * model.branches; // [{ ref: 'route', type: 'SWITCH', cases: ['a', 'b'], defaultTarget: true }]
 */
export function analyseWorkflow(def: WorkflowDef, options: AnalyseOptions = {}): WorkflowModel {
  const maxLoopIterations = options.maxLoopIterations ?? 3;
  const registered = new Map<string, TaskDef>();
  for (const t of options.taskDefs ?? []) registered.set(t.name, t);
  const byRef = new Map<string, WorkflowTask>();
  const loopOf = new Map<string, string>();
  const all: WorkflowTask[] = [];
  const visit = (node: WorkflowTask, loop: string | undefined): void => {
    all.push(node);
    if (!byRef.has(node.taskReferenceName)) byRef.set(node.taskReferenceName, node);
    if (loop !== undefined) loopOf.set(node.taskReferenceName, loop);
    const inner = nodeType(node) === 'DO_WHILE' ? node.taskReferenceName : loop;
    for (const list of childLists(node)) for (const c of list) visit(c, inner);
  };
  for (const node of def.tasks) visit(node, undefined);

  const drivers: Collector = { input: new Map(), output: new Map() };

  /** Where the value at `path` of a node's evaluated inputParameters comes from. */
  const sourceOfParam = (params: JsonObject | undefined, path: readonly string[], depth = 0): DriverSource | undefined => {
    const [key, ...rest] = path;
    if (key === undefined || params === undefined || depth > 3) return undefined;
    const expr = wholeExpression(params[key]);
    if (expr === undefined) return undefined;
    return sourceOfExpression(expr, rest, depth);
  };
  const sourceOfExpression = (expr: readonly string[], rest: readonly string[], depth: number): DriverSource | undefined => {
    const [root, second, ...tail] = expr;
    if (root === 'workflow' && second === 'input') return { kind: 'input', path: [...tail, ...rest] };
    if (root === 'workflow' && second === 'variables') {
      const [name, ...varRest] = tail;
      if (name === undefined) return undefined;
      // Follow a SET_VARIABLE that copies the value from elsewhere (one definition of it only).
      const setters = all.filter((n) => nodeType(n) === 'SET_VARIABLE' && n.inputParameters !== undefined && name in n.inputParameters);
      if (setters.length !== 1) return undefined;
      return sourceOfParam((setters[0] as WorkflowTask).inputParameters, [name, ...varRest, ...rest], depth + 1);
    }
    if (root !== undefined && second === 'output' && byRef.has(root)) return { kind: 'output', ref: root, path: [...tail, ...rest] };
    return undefined;
  };
  /** Registers a steered path; a path ending in `length` steers the list before it. */
  const steer = (source: DriverSource | undefined, values: readonly unknown[]): void => {
    if (source === undefined || source.path.length === 0) return;
    const last = source.path[source.path.length - 1];
    if (last === 'length' && source.path.length > 1) {
      const lists = Array.from({ length: maxLoopIterations + 1 }, (_, n) => Array.from({ length: n }, (_, i) => i + 1));
      addDriver(drivers, { ...source, path: source.path.slice(0, -1) }, lists);
      return;
    }
    addDriver(drivers, source, values);
  };

  const answerable: AnswerableTask[] = [];
  const branches: BranchPoint[] = [];
  const loops: LoopPoint[] = [];
  const forks: ForkPoint[] = [];
  const loopDepthValues = Array.from({ length: maxLoopIterations + 1 }, (_, i) => i);

  for (const node of all) {
    const type = nodeType(node);
    const ref = node.taskReferenceName;
    switch (type) {
      case 'SWITCH':
      case 'DECISION': {
        const cases = Object.keys(node.decisionCases ?? {});
        const script = type === 'SWITCH'
          ? (node.evaluatorType === 'javascript' || node.evaluatorType === 'graaljs' ? node.expression ?? undefined : undefined)
          : (node.caseExpression !== undefined && node.caseExpression !== null && node.caseExpression.trim() !== '' ? node.caseExpression : undefined);
        const param = type === 'SWITCH' ? (script === undefined ? node.expression : undefined) : (script === undefined ? node.caseValueParam : undefined);
        const hasDefault = (node.defaultCase ?? []).length > 0;
        if (script !== undefined) {
          const scan = scanScript(script);
          // Literals first (thresholds read best when shrunk), then the case keys (scripts that return a field).
          const values = dedupe([...scriptCandidates(scan.literals, []), ...cases.flatMap(valuesForCase)]);
          for (const p of scan.paths) steer(sourceOfParam(node.inputParameters, p), values);
          branches.push({ ref, type, cases, defaultTarget: hasDefault });
        } else {
          const values = dedupe([...cases.flatMap(valuesForCase), missValue(cases)]);
          if (typeof param === 'string' && param !== '') steer(sourceOfParam(node.inputParameters, [param]), values);
          branches.push({ ref, type, cases, defaultTarget: true });
        }
        break;
      }
      case 'DO_WHILE': {
        const body = subtreeRefs(node.loopOver ?? []);
        loops.push({ ref, body });
        const scan = scanScript(node.loopCondition ?? '');
        const values = scriptCandidates(scan.literals, loopDepthValues.slice(1));
        for (const p of scan.paths) {
          const [head, ...rest] = p;
          if (head === undefined || head === ref) continue;
          if (body.includes(head)) steer({ kind: 'output', ref: head, path: rest }, values);
          else steer(sourceOfParam(node.inputParameters, p), values);
        }
        const itemsExpr = wholeExpression(node.items ?? (node.inputParameters?.['_items'] as unknown));
        if (itemsExpr !== undefined) steer(sourceOfExpression(itemsExpr, ['length'], 0), []);
        break;
      }
      case 'FORK_JOIN':
        forks.push({ ref, branches: (node.forkTasks ?? []).map((b) => subtreeRefs(b)) });
        break;
      default:
        break;
    }
    // A WAIT with neither `duration` nor `until` waits for a signal (SYS/Wait.java; task-types
    // §2.15): the scenario gives it one, as it answers a HUMAN task.
    const signalledWait = type === 'WAIT' && node.inputParameters?.['duration'] === undefined && node.inputParameters?.['until'] === undefined;
    if (!SYSTEM_TYPES.has(type) || signalledWait) {
      const taskDef = node.taskDefinition ?? registered.get(node.name);
      const isSimple = type !== 'HUMAN' && type !== 'HTTP' && type !== 'WAIT';
      const eff = effectiveTaskDef(taskDef ?? (isSimple ? { name: node.name } : { name: node.name, retryCount: 0, responseTimeoutSeconds: 0 }));
      const retryCount = typeof node.retryCount === 'number' ? node.retryCount : eff.retryCount;
      const limits = [eff.timeoutSeconds, eff.responseTimeoutSeconds].filter((s) => s > 0);
      answerable.push({
        ref,
        name: node.name,
        type,
        retryCount: Math.max(0, retryCount),
        loop: loopOf.get(ref),
        timeoutMs: isSimple && limits.length > 0 ? Math.min(...limits) * 1000 : undefined,
        canFail: type !== 'HUMAN' && type !== 'WAIT',
        optional: node.optional === true,
        outputSchema: taskDef?.outputSchema ?? undefined,
      });
    }
  }

  const toDrivers = (map: Map<string, { path: string[]; values: unknown[] }>, make: (path: string[]) => DriverSource): Driver[] =>
    [...map.values()].map((d) => ({ source: make(d.path), values: dedupe(d.values) }));
  const outputDrivers = new Map<string, Driver[]>();
  for (const [ref, map] of drivers.output) outputDrivers.set(ref, toDrivers(map, (path) => ({ kind: 'output', ref, path })));
  return {
    def,
    answerable,
    branches,
    loops,
    forks,
    inputDrivers: toDrivers(drivers.input, (path) => ({ kind: 'input', path })),
    outputDrivers,
    maxLoopIterations,
  };
}
