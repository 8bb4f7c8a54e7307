/**
 * Checks of a `WorkflowTestRequest` against the definition it runs: mock keys that no task of
 * the run can have, mock values the server rejects or crashes on, and `subWorkflowTestRequest`
 * keys that are not SUB_WORKFLOW tasks.
 *
 * How the server consumes mocks: core/service/WorkflowTestService.java (shared/spec
 * engine-semantics §7.1–7.4; harness README "How the real endpoint consumes these requests").
 */
import type { WorkflowDef, WorkflowTask, WorkflowTestRequest } from './types.js';
import { DefinitionIssueCode, IssueSeverity, type DefinitionIssue } from './definition-issue.js';
import { describeValue, isPlainObject } from './internal/describe.js';
import { mockStatusHints } from './internal/mock-status.js';
import { TEST_ENDPOINT_OPERATORS } from './internal/task-types.js';
import { oneOfMessage } from './internal/zod-helpers.js';
import { mockStatuses } from './schemas.js';
import { suggestRef, type ValidateOptions } from './validate-workflow-def.js';
import { walkNodes } from './walk-tasks.js';

type Path = readonly (string | number)[];

/**
 * Checks the mocks of a test request against `def` (the definition the request runs, usually
 * `req.workflowDef`) and returns every issue; never throws.
 *
 * - A `taskRefToMockOutput` key is reported only when no task of the run can have it: keys are
 *   runtime reference names, so `ref__N` (N ≥ 1) is fine for a task inside a DO_WHILE, and refs
 *   made by a FORK_JOIN_DYNAMIC cannot be known (any key starting with `_` for the
 *   `forkTaskInputs` form, any key at all for the other forms). An empty list is fine for any
 *   key: the endpoint keeps running while the mock map is not empty (`"__keepalive__": []`).
 * - Each mock needs `status` in IN_PROGRESS/FAILED/FAILED_WITH_TERMINAL_ERROR/COMPLETED/CANCELED
 *   (anything else is a 400), an `output` object (without one the server fails with a 500 when
 *   it consumes the mock), and non-negative `executionTime`/`queueWaitTime`.
 * - Mocks for tasks the endpoint runs itself (JOIN, SWITCH, INLINE, SUB_WORKFLOW, …) are never
 *   applied: a warning.
 * - `subWorkflowTestRequest` keys must be SUB_WORKFLOW task references; their mocks are checked
 *   against the child's definition when it is inline or in `options.workflowDefs`.
 *
 * @example validateTestRequest(request, request.workflowDef ?? registeredDef)
 */
export function validateTestRequest(
  req: WorkflowTestRequest,
  def: WorkflowDef,
  options: ValidateOptions = {},
): DefinitionIssue[] {
  const out: DefinitionIssue[] = [];
  checkTestRequest(req, def, [], options, out, new Set());
  return out;
}

/** {@link validateTestRequest} on possibly unparsed values; `def` undefined skips the ref checks. */
export function checkTestRequest(
  raw: unknown,
  def: unknown,
  prefix: Path,
  options: ValidateOptions,
  out: DefinitionIssue[],
  seen: Set<unknown>,
): void {
  if (!isPlainObject(raw) || seen.has(raw)) return;
  seen.add(raw);
  const push = (path: Path, code: DefinitionIssueCode, severity: IssueSeverity, message: string, ref?: string): void => {
    const text = severity === IssueSeverity.WARNING ? `warning: ${message}` : message;
    const issue: DefinitionIssue = { path: [...prefix, ...path], code, message: text, severity };
    out.push(ref === undefined ? issue : { ...issue, taskReferenceName: ref });
  };
  const scope = isPlainObject(def) ? refScope(def as WorkflowDef) : undefined;
  const workflowName = isPlainObject(def) && typeof def['name'] === 'string' ? def['name'] : undefined;

  const priority = raw['priority'];
  if (typeof priority === 'number' && (priority < 0 || priority > 99)) {
    // StartWorkflowRequest.java: @Min(0) @Max(99) on priority.
    push(['priority'], DefinitionIssueCode.CONSTRAINT, IssueSeverity.ERROR,
      `expected an integer from 0 to 99, got ${describeValue(priority)}`);
  }

  const mocks = raw['taskRefToMockOutput'];
  if (isPlainObject(mocks)) {
    for (const [key, list] of Object.entries(mocks)) {
      if (!Array.isArray(list)) continue;
      const at: Path = ['taskRefToMockOutput', key];
      if (list.length > 0 && scope !== undefined) {
        const match = matchRef(scope, key);
        if (match.kind === 'none') {
          push(at, DefinitionIssueCode.UNKNOWN_MOCK_REF, IssueSeverity.ERROR, noMatchMessage(scope, key, match.why, workflowName));
        } else if (match.kind === 'task' && TEST_ENDPOINT_OPERATORS.has(match.task.type ?? 'SIMPLE')) {
          const type = match.task.type ?? 'SIMPLE';
          const instead = type === 'SUB_WORKFLOW' ? '; mock the child\'s tasks through subWorkflowTestRequest instead' : '; remove this entry';
          push(at, DefinitionIssueCode.MOCK_IGNORED, IssueSeverity.WARNING,
            `mocks for ${JSON.stringify(key)} are never applied: the test endpoint runs ${type} tasks itself${instead}`, key);
        }
      }
      list.forEach((mock: unknown, i) => checkMock(mock, [...at, i], key, push));
    }
  }

  const children = raw['subWorkflowTestRequest'];
  if (isPlainObject(children)) {
    for (const [key, child] of Object.entries(children)) {
      const at: Path = ['subWorkflowTestRequest', key];
      let childDef: unknown;
      if (scope !== undefined) {
        const match = matchRef(scope, key);
        if (match.kind === 'none') {
          push(at, DefinitionIssueCode.UNKNOWN_SUB_WORKFLOW_REF, IssueSeverity.ERROR,
            noMatchMessage(scope, key, match.why, workflowName, 'SUB_WORKFLOW '));
          continue;
        }
        if (match.kind === 'task') {
          if (match.task.type !== 'SUB_WORKFLOW') {
            push(at, DefinitionIssueCode.UNKNOWN_SUB_WORKFLOW_REF, IssueSeverity.ERROR,
              `${JSON.stringify(key)} is a ${match.task.type ?? 'SIMPLE'} task, not a SUB_WORKFLOW; subWorkflowTestRequest keys are references of SUB_WORKFLOW tasks`,
              key);
            continue;
          }
          childDef = childDefinition(match.task, options);
        }
      }
      checkTestRequest(child, childDef, [...prefix, ...at], options, out, seen);
    }
  }
}

type Push = (path: Path, code: DefinitionIssueCode, severity: IssueSeverity, message: string, ref?: string) => void;

function checkMock(mock: unknown, at: Path, ref: string, push: Push): void {
  if (!isPlainObject(mock)) return;
  if ('status' in mock && !(typeof mock['status'] === 'string' && mockStatuses.includes(mock['status'] as never))) {
    push([...at, 'status'], DefinitionIssueCode.INVALID_MOCK_STATUS, IssueSeverity.ERROR,
      oneOfMessage(mockStatuses, mock['status'], mockStatusHints), ref);
  }
  if (!isPlainObject(mock['output'])) {
    push([...at, 'output'], DefinitionIssueCode.MISSING_MOCK_OUTPUT, IssueSeverity.ERROR,
      `expected an object, got ${describeValue(mock['output'])}; the server fails with a 500 when it consumes a mock without output, add "output": {}`,
      ref);
  }
  for (const field of ['executionTime', 'queueWaitTime']) {
    const value = mock[field];
    if (typeof value === 'number' && value < 0) {
      push([...at, field], DefinitionIssueCode.CONSTRAINT, IssueSeverity.ERROR,
        `expected milliseconds >= 0, got ${describeValue(value)}`, ref);
    }
  }
}

/** What runtime references a run of a definition can produce. */
interface RefScope {
  readonly tasks: ReadonlyMap<string, { task: WorkflowTask; inLoop: boolean }>;
  /** A FORK_JOIN_DYNAMIC with the forkTaskInputs form: its refs start with `_`. */
  readonly underscoreRefs: boolean;
  /** A FORK_JOIN_DYNAMIC of the classic or legacy form: its refs come from the input. */
  readonly anyRef: boolean;
}

function refScope(def: WorkflowDef): RefScope {
  const tasks = new Map<string, { task: WorkflowTask; inLoop: boolean }>();
  let underscoreRefs = false;
  let anyRef = false;
  for (const { task, parents } of walkNodes(def)) {
    if (typeof task.taskReferenceName === 'string' && !tasks.has(task.taskReferenceName)) {
      tasks.set(task.taskReferenceName, { task, inLoop: parents.some((p) => p.type === 'DO_WHILE') });
    }
    if (task.type === 'FORK_JOIN_DYNAMIC') {
      // ForkJoinDynamicTaskMapper: forkTaskInputs makes "_<name>_<i>" (or "_<forkRef>_<name>_<i>").
      if (isPlainObject(task.inputParameters) && 'forkTaskInputs' in task.inputParameters) underscoreRefs = true;
      else anyRef = true;
    }
  }
  return { tasks, underscoreRefs, anyRef };
}

type Match =
  | { kind: 'task'; task: WorkflowTask }
  | { kind: 'generated' }
  | { kind: 'none'; why: string };

/** Can some task of a run have the runtime reference `key`? */
function matchRef(scope: RefScope, key: string): Match {
  const exact = scope.tasks.get(key);
  if (exact !== undefined) return { kind: 'task', task: exact.task };
  if (scope.anyRef || (scope.underscoreRefs && key.startsWith('_'))) return { kind: 'generated' };
  // DoWhile.java / WorkflowExecutorOps.scheduleNextIteration: loop tasks are "<ref>__<iteration>".
  const suffixed = /^(.+)__(\d+)$/.exec(key);
  if (suffixed !== null) {
    const base = suffixed[1] ?? '';
    const iteration = Number(suffixed[2]);
    const entry = scope.tasks.get(base);
    if (entry !== undefined) {
      if (!entry.inLoop) {
        return { kind: 'none', why: `${JSON.stringify(base)} is not inside a DO_WHILE, so its reference has no "__${suffixed[2] ?? ''}" suffix; use ${JSON.stringify(base)}` };
      }
      if (iteration < 1) return { kind: 'none', why: `loop iterations count from 1; use ${JSON.stringify(`${base}__1`)} for the first` };
      return { kind: 'task', task: entry.task };
    }
  }
  return { kind: 'none', why: '' };
}

function noMatchMessage(scope: RefScope, key: string, why: string, workflowName: string | undefined, kind = ''): string {
  const where = workflowName === undefined ? 'this workflow' : `workflow ${JSON.stringify(workflowName)}`;
  if (why !== '') return `${JSON.stringify(key)} matches no ${kind}task of ${where}: ${why}`;
  const candidates = [...scope.tasks.entries()]
    .filter(([, entry]) => kind === '' || entry.task.type === 'SUB_WORKFLOW')
    .map(([ref]) => ref);
  const base = key.replace(/__\d+$/, '');
  const suggestion = suggestRef(base, candidates);
  const hint = suggestion === undefined ? '' : ` (did you mean ${JSON.stringify(key === base ? suggestion : key.replace(base, suggestion))}?)`;
  return `${JSON.stringify(key)} matches no ${kind}task reference of ${where}${hint}; keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)`;
}

/** The child definition a SUB_WORKFLOW node starts, when it can be known statically. */
function childDefinition(task: WorkflowTask, options: ValidateOptions): WorkflowDef | undefined {
  const params = task.subWorkflowParam;
  if (!isPlainObject(params)) return undefined;
  const inline: unknown = params.workflowDefinition;
  if (isPlainObject(inline)) return inline as WorkflowDef;
  const name = params.name;
  if (typeof name !== 'string' || name.includes('${')) return undefined;
  return options.workflowDefs?.get(name);
}
