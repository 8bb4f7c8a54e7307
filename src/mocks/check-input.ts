/**
 * What `runWorkflow` and `startWorkflow` check before anything runs, so bad input ends in one of the
 * documented errors instead of a TypeError deep in the engine, a spin, or nonsense in the trace:
 *
 * - every definition (the run's, the registered ones) and TaskDef as `parseWorkflowDef` /
 *   `parseTaskDef` check it, and a WorkflowTestRequest as `parseTestRequest` does (the real test
 *   endpoint answers 400 to what these reject);
 * - the literals Conductor rejects at registration (a WAIT duration it cannot parse, a
 *   `javascript` SWITCH expression or DECISION caseExpression that does not parse), from
 *   `lintWorkflowDef`; literals Conductor accepts and fails at run time are left to the run;
 * - TypeScript mocks: every `byRef` key names a task the workflow can have (a typo would
 *   otherwise be ignored silently) and every `children` key a SUB_WORKFLOW task.
 *
 * Checked definitions are remembered by identity, so a definition run many times (exploration, a
 * property) is validated once.
 */
import { parseTaskDef, parseTestRequest, parseWorkflowDef, walkTasks, IssueSeverity } from '../definitions/index.js';
import type { TaskDef, WorkflowDef, WorkflowTask, WorkflowTestRequest } from '../definitions/index.js';
import { suggestRef } from '../definitions/validate-workflow-def.js';
import { lintWorkflowDef } from '../engine/lint.js';
import type { LintRuntimes } from '../engine/lint.js';
import { DefinitionError, MockError } from '../errors/index.js';
import type { MockSet } from './resolver.js';

const shapeChecked = new WeakSet<object>();
const literalsChecked = new WeakSet<object>();

/** Runs `check` once per object identity (per set). */
function once(set: WeakSet<object>, value: object, check: () => void): void {
  if (set.has(value)) return;
  check();
  set.add(value);
}

/** The definitions a run may start: its own (inline or the request's) and the registered ones. */
export function runDefinitions(input: { readonly workflowDef?: WorkflowDef | null }, options: { readonly workflowDefs?: readonly WorkflowDef[] }): WorkflowDef[] {
  return [input.workflowDef, ...(options.workflowDefs ?? [])].filter((d): d is WorkflowDef => typeof d === 'object' && d !== null);
}

/**
 * The shape checks (schemas, references, mocks); run before anything walks the definitions.
 * Throws DefinitionError or MockError.
 */
export function checkRunInput(
  input: { readonly workflowDef?: WorkflowDef | null },
  request: WorkflowTestRequest | undefined,
  options: { readonly taskDefs?: readonly TaskDef[]; readonly workflowDefs?: readonly WorkflowDef[]; readonly mocks?: MockSet },
): void {
  const taskDefs = new Map<string, TaskDef>();
  for (const def of options.taskDefs ?? []) {
    once(shapeChecked, def, () => parseTaskDef(def));
    taskDefs.set(def.name, def);
  }
  const workflowDefs = new Map<string, WorkflowDef>();
  for (const def of options.workflowDefs ?? []) {
    once(shapeChecked, def, () => parseWorkflowDef(def, { taskDefs, workflowDefs }));
    workflowDefs.set(def.name, def);
  }
  if (request !== undefined) {
    once(shapeChecked, request, () => parseTestRequest(request, { taskDefs, workflowDefs }));
  } else if (typeof input.workflowDef === 'object' && input.workflowDef !== null) {
    const def = input.workflowDef;
    once(shapeChecked, def, () => parseWorkflowDef(def, { taskDefs, workflowDefs }));
  }
  const def = input.workflowDef ?? (request !== undefined ? workflowDefs.get(request.name) : undefined);
  if (options.mocks !== undefined && def !== undefined && def !== null) checkMockRefs(options.mocks, def, workflowDefs, 'mocks');
}

/**
 * The literals Conductor rejects at registration (WAIT values, `javascript` SWITCH and DECISION
 * scripts), once the sandboxes are loaded; what it accepts and fails at run time is left to the run.
 */
export function checkRunLiterals(defs: readonly WorkflowDef[], runtimes: LintRuntimes): void {
  for (const def of defs) {
    once(literalsChecked, def, () => {
      const errors = lintWorkflowDef(def, runtimes).filter((issue) => issue.severity === IssueSeverity.ERROR);
      if (errors.length > 0) throw new DefinitionError(`Workflow ${JSON.stringify(def.name)}`, errors);
    });
  }
}

const ITERATION_SUFFIX = /__\d+$/;

/**
 * `byRef` keys must be refs of the workflow (a loop task also by its runtime ref `ref__N`);
 * `children` keys SUB_WORKFLOW refs, whose mocks are checked against the child's definition when
 * it is known. Skipped for workflows with FORK_JOIN_DYNAMIC tasks, whose refs come from data.
 */
function checkMockRefs(mocks: MockSet, def: WorkflowDef, workflowDefs: ReadonlyMap<string, WorkflowDef>, where: string, seen = new Set<WorkflowDef>()): void {
  if (seen.has(def)) return;
  seen.add(def);
  const nodes = new Map<string, WorkflowTask>();
  let dynamic = false;
  for (const { task } of walkTasks(def)) {
    nodes.set(task.taskReferenceName, task);
    if (task.type === 'FORK_JOIN_DYNAMIC') dynamic = true;
  }
  const refs = [...nodes.keys()];
  const unknown = (key: string, what: string): MockError => {
    const guess = suggestRef(key, refs);
    return new MockError(
      `${where}.${what}.${key}: workflow "${def.name}" has no task with reference "${key}"${guess === undefined ? '' : `; did you mean "${guess}"?`} Its references: ${refs.join(', ')}`,
      { taskReferenceName: key, mockedRefs: Object.keys(mocks.byRef ?? {}) },
    );
  };
  if (!dynamic) {
    for (const key of Object.keys(mocks.byRef ?? {})) {
      if (!nodes.has(key) && !nodes.has(key.replace(ITERATION_SUFFIX, ''))) throw unknown(key, 'byRef');
    }
  }
  for (const [key, childMocks] of Object.entries(mocks.children ?? {})) {
    const node = nodes.get(key) ?? nodes.get(key.replace(ITERATION_SUFFIX, ''));
    if (node === undefined) {
      if (dynamic) continue;
      throw unknown(key, 'children');
    }
    if (node.type !== 'SUB_WORKFLOW') {
      throw new MockError(`${where}.children.${key}: "${key}" is a ${node.type ?? 'SIMPLE'} task, not a SUB_WORKFLOW; children mocks answer the tasks of a sub-workflow started by that task`, {
        taskReferenceName: key,
      });
    }
    const param = node.subWorkflowParam;
    const inline = param?.workflowDefinition;
    const childDef = typeof inline === 'object' && inline !== null ? (inline as WorkflowDef) : typeof param?.name === 'string' ? workflowDefs.get(param.name) : undefined;
    if (childDef !== undefined) checkMockRefs(childMocks, childDef, workflowDefs, `${where}.children.${key}`, seen);
  }
}
