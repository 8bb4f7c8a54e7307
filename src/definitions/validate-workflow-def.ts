/**
 * Semantic checks of a workflow definition: the rules Conductor's bean validation applies when a
 * definition is registered or sent inline to the test endpoint, plus the definition mistakes
 * that Conductor only reports once a run reaches them (a FORK_JOIN not followed by a JOIN).
 *
 * Scope, as in Conductor:
 * - refs must be unique across the whole tree (common/constraints/TaskReferenceNameUniqueConstraint.java,
 *   via WorkflowDef.collectTasks, which includes loop bodies);
 * - `${...}` references are checked only in the `inputParameters` of top-level tasks
 *   (TaskReferenceNameUniqueConstraint.verifyTaskInputParameters → common/utils/ConstraintParamUtil.java);
 *   elsewhere (nested tasks, workflow `outputParameters`) the same rule gives a warning;
 * - the per-type rules of core/validations/WorkflowTaskTypeConstraint.java run on every task that
 *   bean validation reaches: `tasks`, `decisionCases`, `defaultCase` and `forkTasks` carry `@Valid`
 *   in WorkflowTask.java but `loopOver` does not, so inside a loop body those rules give warnings.
 */
import type { TaskDef, WorkflowDef, WorkflowTask } from './types.js';
import { DefinitionIssueCode, IssueSeverity, type DefinitionIssue } from './definition-issue.js';
import { describeValue, excerpt, isPlainObject, quotedList } from './internal/describe.js';
import { closest, didYouMean } from './internal/suggest.js';
import { misspeltTaskType } from './internal/task-types.js';
import { oneOfMessage } from './internal/zod-helpers.js';
import { checkTaskDef } from './validate-task-def.js';
import {
  SYSTEM_PARAMETERS,
  invalidPathReason,
  paramReferences,
  forEachExpressionString,
  looseRoot,
  rootSegment,
} from './internal/param-refs.js';
import { nextNode, walkNodes, type TaskNode } from './walk-tasks.js';
import { formatPath } from '../errors/index.js';

type Path = readonly (string | number)[];

/** What the validators may know besides the definition itself. */
export interface ValidateOptions {
  /**
   * Registered TaskDefs by name. Used where Conductor consults the metadata store during
   * validation: an HTTP, KAFKA_PUBLISH or JSON_JQ_TRANSFORM task may take its request from its
   * TaskDef's `inputTemplate` (WorkflowTaskTypeConstraint).
   * @defaultValue none registered
   */
  readonly taskDefs?: ReadonlyMap<string, TaskDef>;
  /**
   * Registered workflow definitions by name (the version a SUB_WORKFLOW without a version
   * starts). Used to check the mocks of `subWorkflowTestRequest` entries.
   * @defaultValue none registered
   */
  readonly workflowDefs?: ReadonlyMap<string, WorkflowDef>;
}

const SCHEMA_VERSION = 2;
const WORKFLOW_TIMEOUT_POLICIES = ['TIME_OUT_WF', 'ALERT_ONLY'];
const TERMINATION_STATUSES = ['COMPLETED', 'FAILED', 'TERMINATED'];
const EVALUATOR_TYPES = ['value-param', 'javascript', 'graaljs', 'python'];

/**
 * Checks a parsed workflow definition and returns every issue found, errors and warnings; never
 * throws. Inline sub-workflow definitions are checked too, as workflows of their own (paths under
 * `…subWorkflowParam.workflowDefinition`). WAIT literals, JavaScript and jq syntax are not checked
 * here (the engine layer adds those checks).
 *
 * @example
 * const issues = validateWorkflowDef(def);
 * const report = formatIssues(`Workflow "${def.name}"`, issues); // errors and `warning: …` lines
 */
export function validateWorkflowDef(def: WorkflowDef, options: ValidateOptions = {}): DefinitionIssue[] {
  const out: DefinitionIssue[] = [];
  checkWorkflowDef(def, [], options, out, new Set());
  return out;
}

/** {@link validateWorkflowDef} on a possibly unparsed value, issues under `prefix`. */
export function checkWorkflowDef(
  raw: unknown,
  prefix: Path,
  options: ValidateOptions,
  out: DefinitionIssue[],
  seen: Set<unknown>,
): void {
  if (!isPlainObject(raw) || seen.has(raw)) return;
  seen.add(raw);
  const def = raw as WorkflowDef;
  const nodes = [...walkNodes(def)];
  const refs = new Set<string>();
  for (const { task } of nodes) if (typeof task.taskReferenceName === 'string') refs.add(task.taskReferenceName);
  const ctx: Context = { prefix, options, out, refs, seen };

  // WorkflowDef.java: @Min(2) @Max(2) on schemaVersion.
  if (def.schemaVersion !== undefined && def.schemaVersion !== SCHEMA_VERSION) {
    push(ctx, ['schemaVersion'], DefinitionIssueCode.CONSTRAINT, IssueSeverity.ERROR,
      `expected 2 (the only schemaVersion Conductor accepts), got ${describeValue(def.schemaVersion)}; set it to 2 or leave it out`);
  }
  if (def.timeoutPolicy !== undefined && !WORKFLOW_TIMEOUT_POLICIES.includes(def.timeoutPolicy)) {
    push(ctx, ['timeoutPolicy'], DefinitionIssueCode.INVALID_VALUE, IssueSeverity.ERROR,
      oneOfMessage(WORKFLOW_TIMEOUT_POLICIES, def.timeoutPolicy));
  }

  const firstUse = new Map<string, Path>();
  for (const node of nodes) {
    checkType(ctx, node);
    checkDuplicateRef(ctx, node, firstUse);
    checkTypeRules(ctx, node);
    checkParamRefs(ctx, node.task.inputParameters, [...node.path, 'inputParameters'], node.parents.length === 0, node.task);
    checkEmbeddedTaskDef(ctx, node);
  }
  checkParamRefs(ctx, def.outputParameters, ['outputParameters'], false, undefined);
}

interface Context {
  readonly prefix: Path;
  readonly options: ValidateOptions;
  readonly out: DefinitionIssue[];
  readonly refs: ReadonlySet<string>;
  readonly seen: Set<unknown>;
}

function push(
  ctx: Context,
  path: Path,
  code: DefinitionIssueCode,
  severity: IssueSeverity,
  message: string,
  task?: WorkflowTask,
): void {
  const text = severity === IssueSeverity.WARNING ? `warning: ${message}` : message;
  const issue: DefinitionIssue = { path: [...ctx.prefix, ...path], code, message: text, severity };
  const ref = task?.taskReferenceName;
  ctx.out.push(typeof ref === 'string' && ref !== '' ? { ...issue, taskReferenceName: ref } : issue);
}

/** Unknown types are legal worker tasks (TaskType.of → USER_DEFINED) unless clearly a typo. */
function checkType(ctx: Context, node: TaskNode): void {
  const type: unknown = node.task.type;
  if (typeof type !== 'string') return;
  const suggestion = misspeltTaskType(type);
  if (suggestion !== undefined) {
    push(ctx, [...node.path, 'type'], DefinitionIssueCode.UNKNOWN_TASK_TYPE, IssueSeverity.ERROR,
      `unknown task type ${JSON.stringify(type)}${didYouMean(suggestion)}`, node.task);
  }
}

function checkDuplicateRef(ctx: Context, node: TaskNode, firstUse: Map<string, Path>): void {
  const ref: unknown = node.task.taskReferenceName;
  if (typeof ref !== 'string' || ref === '') return;
  const path = [...node.path, 'taskReferenceName'];
  const first = firstUse.get(ref);
  if (first === undefined) {
    firstUse.set(ref, path);
    return;
  }
  push(ctx, path, DefinitionIssueCode.DUPLICATE_REF, IssueSeverity.ERROR,
    `taskReferenceName ${JSON.stringify(ref)} is already used at ${formatPath([...ctx.prefix, ...first])}; references must be unique across the whole workflow, rename one of them`,
    node.task);
}

/**
 * The per-type rules of WorkflowTaskTypeConstraint, plus the ones Conductor only enforces when
 * a run reaches the task (fork → join, empty fork branch, sub-workflow target).
 */
function checkTypeRules(ctx: Context, node: TaskNode): void {
  const task = node.task;
  const type = task.type ?? 'SIMPLE';
  const inLoop = node.parents.some((p) => p.type === 'DO_WHILE');
  // Rules from bean validation: errors where Conductor validates, warnings in loop bodies.
  const bean = inLoop ? IssueSeverity.WARNING : IssueSeverity.ERROR;
  const loopNote = inLoop ? ' (Conductor does not validate tasks inside loopOver, but a run fails or misbehaves here)' : '';
  const at = (...tail: (string | number)[]): Path => [...node.path, ...tail];
  const missing = (field: string, message: string): void =>
    push(ctx, at(field), DefinitionIssueCode.MISSING_FIELD, bean, message + loopNote, task);
  const input = isPlainObject(task.inputParameters) ? task.inputParameters : {};

  if (typeof task.startDelay === 'number' && task.startDelay < 0) {
    push(ctx, at('startDelay'), DefinitionIssueCode.CONSTRAINT, bean,
      `expected an integer >= 0, got ${describeValue(task.startDelay)}`, task);
  }

  switch (type) {
    case 'EVENT':
      if (task.sink == null) {
        missing('sink', 'sink is required for EVENT tasks; set it to "conductor", "conductor:<queue>" or a queue such as "sqs:<queue>"');
      }
      break;
    case 'DECISION':
      if (task.caseValueParam == null && task.caseExpression == null) {
        missing('caseValueParam', 'caseValueParam or caseExpression is required for DECISION tasks; set caseValueParam to the input parameter to branch on');
      }
      checkCases(ctx, node, bean, loopNote);
      break;
    case 'SWITCH':
      if (task.evaluatorType == null) {
        missing('evaluatorType', 'evaluatorType is required for SWITCH tasks; use "value-param" (expression names an input parameter) or "javascript"');
      } else if (!EVALUATOR_TYPES.includes(task.evaluatorType)) {
        push(ctx, at('evaluatorType'), DefinitionIssueCode.INVALID_VALUE, IssueSeverity.WARNING,
          `unknown evaluatorType ${JSON.stringify(task.evaluatorType)}${didYouMean(closest(task.evaluatorType, EVALUATOR_TYPES, 3))}; Conductor fails the workflow with "No evaluator registered for type: ${task.evaluatorType}" when it reaches this task`,
          task);
      }
      if (task.expression == null) {
        missing('expression', 'expression is required for SWITCH tasks; with "value-param" it names an input parameter, with "javascript" it is a script');
      }
      checkCases(ctx, node, bean, loopNote);
      break;
    case 'DO_WHILE':
      if (task.loopCondition == null) {
        missing('loopCondition', 'loopCondition is required for DO_WHILE tasks; use "" to run the body once');
      }
      if (!Array.isArray(task.loopOver) || task.loopOver.length === 0) {
        missing('loopOver', `loopOver must list at least one task for DO_WHILE tasks, got ${describeValue(task.loopOver)}`);
      }
      {
        const outer = [...node.parents].reverse().find((p) => p.type === 'DO_WHILE');
        if (outer !== undefined) {
          push(ctx, at('type'), DefinitionIssueCode.NESTED_LOOP, IssueSeverity.WARNING,
            `a DO_WHILE inside the DO_WHILE ${JSON.stringify(outer.taskReferenceName)} is not supported by Conductor; move the inner loop into a sub-workflow`,
            task);
        }
      }
      break;
    case 'DYNAMIC':
      if (task.dynamicTaskNameParam == null) {
        missing('dynamicTaskNameParam', 'dynamicTaskNameParam is required for DYNAMIC tasks; name the input parameter that holds the task name');
      }
      break;
    case 'FORK_JOIN_DYNAMIC':
      checkDynamicFork(ctx, node, bean, loopNote);
      checkFollowedByJoin(ctx, node);
      break;
    case 'FORK_JOIN':
      checkForkBranches(ctx, node, bean, loopNote);
      checkFollowedByJoin(ctx, node);
      break;
    case 'HTTP':
      if (!('http_request' in input) && !('uri' in input) && !('method' in input) && !templateHas(ctx, task, 'http_request')) {
        missing('inputParameters', 'inputParameters.http_request is required for HTTP tasks (or uri and method directly in inputParameters)');
      }
      break;
    case 'KAFKA_PUBLISH':
      if (!('kafka_request' in input) && !templateHas(ctx, task, 'kafka_request')) {
        missing('inputParameters', 'inputParameters.kafka_request is required for KAFKA_PUBLISH tasks');
      }
      break;
    case 'JSON_JQ_TRANSFORM':
      if (!('queryExpression' in input) && !templateHas(ctx, task, 'queryExpression')) {
        missing('inputParameters', 'inputParameters.queryExpression is required for JSON_JQ_TRANSFORM tasks, e.g. ".items | length"');
      }
      break;
    case 'TERMINATE': {
      if (task.optional === true) {
        push(ctx, at('optional'), DefinitionIssueCode.CONSTRAINT, bean,
          `a TERMINATE task cannot be optional; remove "optional": true${loopNote}`, task);
      }
      const status = input['terminationStatus'];
      if (typeof status !== 'string' || !TERMINATION_STATUSES.includes(status)) {
        push(ctx, at('inputParameters', 'terminationStatus'), DefinitionIssueCode.INVALID_TERMINATION_STATUS, bean,
          `expected ${quotedList(TERMINATION_STATUSES)}, got ${describeValue(status)}; Conductor accepts only a literal status here, not an expression${loopNote}`,
          task);
      }
      break;
    }
    case 'WAIT':
      if (notBlank(input['duration']) && notBlank(input['until'])) {
        push(ctx, at('inputParameters'), DefinitionIssueCode.CONFLICTING_FIELDS, bean,
          `set either inputParameters.duration or inputParameters.until, not both${loopNote}`, task);
      }
      break;
    case 'SUB_WORKFLOW':
      checkSubWorkflow(ctx, node, bean, loopNote);
      break;
    case 'JOIN':
      checkJoinRefs(ctx, node, 'joinOn');
      break;
    case 'EXCLUSIVE_JOIN':
      checkJoinRefs(ctx, node, 'joinOn');
      checkJoinRefs(ctx, node, 'defaultExclusiveJoinTask');
      break;
    default:
      break;
  }
}

function checkCases(ctx: Context, node: TaskNode, severity: IssueSeverity, loopNote: string): void {
  const cases: unknown = node.task.decisionCases;
  if (!isPlainObject(cases) || Object.keys(cases).length === 0) {
    push(ctx, [...node.path, 'decisionCases'], DefinitionIssueCode.EMPTY_BRANCHES, severity,
      `${String(node.task.type)} tasks need at least one entry in decisionCases, got ${describeValue(cases)}; add a case such as "yes": [ … ]${loopNote}`,
      node.task);
  }
}

function checkForkBranches(ctx: Context, node: TaskNode, severity: IssueSeverity, loopNote: string): void {
  const branches: unknown = node.task.forkTasks;
  if (!Array.isArray(branches) || branches.length === 0) {
    push(ctx, [...node.path, 'forkTasks'], DefinitionIssueCode.EMPTY_BRANCHES, severity,
      `FORK_JOIN tasks need at least one branch in forkTasks, got ${describeValue(branches)}${loopNote}`, node.task);
    return;
  }
  branches.forEach((branch: unknown, i) => {
    if (Array.isArray(branch) && branch.length === 0) {
      // ForkJoinTaskMapper maps each branch's first task; an empty branch fails the run.
      push(ctx, [...node.path, 'forkTasks', i], DefinitionIssueCode.EMPTY_BRANCHES, IssueSeverity.WARNING,
        'this fork branch is empty; Conductor accepts the definition but fails the workflow when it schedules the fork. Add a task to the branch or remove it',
        node.task);
    }
  });
}

function checkDynamicFork(ctx: Context, node: TaskNode, severity: IssueSeverity, loopNote: string): void {
  const task = node.task;
  const input = isPlainObject(task.inputParameters) ? task.inputParameters : {};
  if ('forkTaskInputs' in input) return;
  if (task.dynamicForkJoinTasksParam != null && (task.dynamicForkTasksParam != null || task.dynamicForkTasksInputParamName != null)) {
    push(ctx, [...node.path, 'dynamicForkJoinTasksParam'], DefinitionIssueCode.CONFLICTING_FIELDS, severity,
      `dynamicForkJoinTasksParam cannot be combined with dynamicForkTasksParam or dynamicForkTasksInputParamName; use one form${loopNote}`,
      task);
    return;
  }
  if (task.dynamicForkJoinTasksParam != null) return;
  const fix = ' unless inputParameters.forkTaskInputs or dynamicForkJoinTasksParam is used';
  if (task.dynamicForkTasksParam == null) {
    push(ctx, [...node.path, 'dynamicForkTasksParam'], DefinitionIssueCode.MISSING_FIELD, severity,
      `dynamicForkTasksParam is required for FORK_JOIN_DYNAMIC tasks${fix}; name the input parameter that holds the tasks to fork${loopNote}`,
      task);
  }
  if (task.dynamicForkTasksInputParamName == null) {
    push(ctx, [...node.path, 'dynamicForkTasksInputParamName'], DefinitionIssueCode.MISSING_FIELD, severity,
      `dynamicForkTasksInputParamName is required for FORK_JOIN_DYNAMIC tasks${fix}; name the input parameter that holds each forked task's input${loopNote}`,
      task);
  }
}

/**
 * ForkJoinTaskMapper / ForkJoinDynamicTaskMapper: the node after a fork (WorkflowDef.getNextTask)
 * must be a JOIN, else the run fails with "… is not followed by a join task". Registration does
 * not check it, and the failed run is observable behaviour (the harness scenario
 * transcribed__dynamic_fork_join_start_test relies on it), so this is a warning.
 */
function checkFollowedByJoin(ctx: Context, node: TaskNode): void {
  const next = nextNode(node);
  if (next !== undefined && next.task.type === 'JOIN') return;
  const what =
    next === undefined
      ? 'nothing follows it'
      : `the next task is ${JSON.stringify(next.task.taskReferenceName)} (${next.task.type ?? 'SIMPLE'})`;
  push(ctx, [...node.path, 'type'], DefinitionIssueCode.FORK_WITHOUT_JOIN, IssueSeverity.WARNING,
    `a ${String(node.task.type)} task must be followed by a JOIN task, but ${what}; Conductor accepts the definition but fails the workflow when it reaches the fork. Add a JOIN right after it`,
    node.task);
}

function checkJoinRefs(ctx: Context, node: TaskNode, field: 'joinOn' | 'defaultExclusiveJoinTask'): void {
  const list: unknown = node.task[field];
  if (!Array.isArray(list)) return;
  // Behind a dynamic fork the forked refs are made at run time; they cannot be checked here.
  const previous = node.siblings[node.index - 1];
  if (isPlainObject(previous) && previous['type'] === 'FORK_JOIN_DYNAMIC') return;
  list.forEach((ref: unknown, i) => {
    if (typeof ref !== 'string' || ctx.refs.has(ref)) return;
    push(ctx, [...node.path, field, i], DefinitionIssueCode.UNKNOWN_JOIN_REF, IssueSeverity.WARNING,
      `${field} names ${JSON.stringify(ref)}, which is not a taskReferenceName of this workflow, so the ${String(node.task.type)} can never see it finish${didYouMean(suggestRef(ref, ctx.refs))}`,
      node.task);
  });
}

function checkSubWorkflow(ctx: Context, node: TaskNode, severity: IssueSeverity, loopNote: string): void {
  const task = node.task;
  const params: unknown = task.subWorkflowParam;
  const at = (...tail: (string | number)[]): Path => [...node.path, 'subWorkflowParam', ...tail];
  if (!isPlainObject(params)) {
    push(ctx, [...node.path, 'subWorkflowParam'], DefinitionIssueCode.MISSING_FIELD, severity,
      `subWorkflowParam is required for SUB_WORKFLOW tasks; give it the child workflow's name (and version) or an inline workflowDefinition${loopNote}`,
      task);
    return;
  }
  const definition = params['workflowDefinition'];
  const name = params['name'];
  if (typeof definition === 'string') {
    // SubWorkflowParams.setWorkflowDefinition rejects any other string when the JSON is read.
    if (!(definition.startsWith('${') && definition.endsWith('}'))) {
      push(ctx, at('workflowDefinition'), DefinitionIssueCode.INVALID_VALUE, IssueSeverity.ERROR,
        `expected an inline workflow definition or a "\${...}" expression, got ${describeValue(definition)}; to start a registered workflow by name use subWorkflowParam.name`,
        task);
    }
  } else if (isPlainObject(definition)) {
    checkWorkflowDef(definition, [...ctx.prefix, ...node.path, 'subWorkflowParam', 'workflowDefinition'], ctx.options, ctx.out, ctx.seen);
    return;
  }
  if (definition == null && (typeof name !== 'string' || name.trim() === '')) {
    push(ctx, [...node.path, 'subWorkflowParam'], DefinitionIssueCode.MISSING_FIELD, IssueSeverity.ERROR,
      'subWorkflowParam needs a name or a workflowDefinition; Conductor cannot start a child workflow without one',
      task);
    return;
  }
  // MetadataMapperService.populateVersionForSubWorkflow: with no version, the latest version of
  // the literal name is looked up when the workflow starts, and the start fails if there is none.
  if (params['version'] == null && (typeof name !== 'string' || name.trim() === '' || name.includes('${'))) {
    const what = typeof name === 'string' && name.trim() !== '' ? `the literal name ${JSON.stringify(name)}` : 'a missing name';
    push(ctx, at('version'), DefinitionIssueCode.MISSING_FIELD, IssueSeverity.ERROR,
      `a version is required here: without one Conductor looks up the latest definition of ${what} when the workflow starts, and refuses to start it`,
      task);
  }
}

function templateHas(ctx: Context, task: WorkflowTask, key: string): boolean {
  const def = isPlainObject(task.taskDefinition) ? task.taskDefinition : ctx.options.taskDefs?.get(task.name);
  return isPlainObject(def) && isPlainObject(def['inputTemplate']) && key in def['inputTemplate'];
}

/** The closest ref, allowing about one edit per three characters (at least one, at most three). */
export function suggestRef(word: string, refs: Iterable<string>): string | undefined {
  return closest(word, refs, Math.min(3, Math.max(1, Math.floor(word.length / 3))));
}

function notBlank(value: unknown): boolean {
  return value != null && String(value).trim() !== '';
}

/**
 * ConstraintParamUtil.validateInputParam over one parameter structure. `enforced` is true where
 * Conductor enforces the rule (inputParameters of top-level tasks).
 */
function checkParamRefs(
  ctx: Context,
  params: unknown,
  path: Path,
  enforced: boolean,
  task: WorkflowTask | undefined,
): void {
  if (params === undefined || params === null) return;
  const severity = enforced ? IssueSeverity.ERROR : IssueSeverity.WARNING;
  forEachExpressionString(params, [...path], (text, at) => {
    for (const { expression, paramPath } of paramReferences(text)) {
      const reason = invalidPathReason(paramPath);
      if (reason !== undefined) {
        push(ctx, [...at], DefinitionIssueCode.INVALID_PARAM_PATH, severity,
          `${excerpt(expression, 60)} is not a valid parameter path: ${reason}`, task);
        continue;
      }
      if (SYSTEM_PARAMETERS.includes(paramPath)) continue;
      // Where Conductor enforces the rule, its own cut (split on "."); elsewhere the root the
      // evaluator really reads, so `${loop['iteration']}` is not flagged.
      const root = enforced ? rootSegment(paramPath) : looseRoot(paramPath);
      if (root === undefined || root === 'workflow' || ctx.refs.has(root)) continue;
      const consequence = enforced ? '' : ', so it cannot resolve';
      const loose = looseRoot(paramPath);
      const hint =
        enforced && loose !== undefined && loose !== root && (loose === 'workflow' || ctx.refs.has(loose))
          ? `; Conductor's check reads everything up to the first ".", so put a "." right after ${JSON.stringify(loose)}`
          : didYouMean(suggestRef(root, ctx.refs));
      push(ctx, [...at], DefinitionIssueCode.UNKNOWN_REF, severity,
        `${excerpt(expression, 60)} refers to ${JSON.stringify(root)}, which is neither "workflow" nor a taskReferenceName of this workflow${consequence}${hint}`,
        task);
    }
  });
}

/** WorkflowTask.taskDefinition has no @Valid: Conductor does not validate it, so warnings only. */
function checkEmbeddedTaskDef(ctx: Context, node: TaskNode): void {
  const embedded: unknown = node.task.taskDefinition;
  if (!isPlainObject(embedded)) return;
  const before = ctx.out.length;
  checkTaskDef(embedded, [...ctx.prefix, ...node.path, 'taskDefinition'], IssueSeverity.WARNING, ctx.out,
    ' (Conductor does not validate an embedded taskDefinition, but rejects such a TaskDef at registration)');
  const ref = node.task.taskReferenceName;
  if (typeof ref === 'string' && ref !== '') {
    for (let i = before; i < ctx.out.length; i++) {
      const issue = ctx.out[i];
      if (issue !== undefined) ctx.out[i] = { ...issue, taskReferenceName: ref };
    }
  }
}
