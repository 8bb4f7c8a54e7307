/**
 * Finding the task instances a matcher argument names, in a trace.
 */
import type { TaskRun, Trace, WorkflowRun } from '../../src/trace/index.js';

/**
 * The base reference of a runtime task: `charge__2` (iteration 2 of a DO_WHILE) → `charge`.
 *
 * Conductor: common/utils/TaskUtils.java `appendIteration` adds `"__" + iteration` to every task
 * created inside a loop and records the iteration on the task. We strip exactly that suffix (and
 * only on tasks with `iteration > 0`), so a ref that itself contains `__` outside a loop stays
 * whole; the DO_WHILE task keeps its plain ref and is left unchanged.
 */
export function baseRefOf(task: TaskRun): string {
  const suffix = `__${task.iteration}`;
  return task.iteration > 0 && task.referenceTaskName.endsWith(suffix)
    ? task.referenceTaskName.slice(0, -suffix.length)
    : task.referenceTaskName;
}

/** True when `ref` names this task: its runtime ref, or its base ref (every loop iteration). */
export function refMatches(task: TaskRun, ref: string): boolean {
  return task.referenceTaskName === ref || baseRefOf(task) === ref;
}

/** The task instances a ref names, and the workflows they were looked up in. */
export interface Located {
  /** Every matching instance, in execution order (workflow order, then `seq`). */
  readonly tasks: readonly TaskRun[];
  /** Why nothing matched, when `tasks` is empty: names the refs that do exist. */
  readonly missing: string;
}

/**
 * Finds the instances of `ref` in the top-level workflow. A ref with `/` that names no top-level
 * task is a path through sub-workflows: `pay/charge` is `charge` inside every child workflow
 * started by the SUB_WORKFLOW task `pay` (each attempt, each loop iteration).
 */
export function locate(trace: Trace, ref: string): Located {
  const top = trace.workflow;
  const direct = tasksOf([top], ref);
  if (direct.length > 0 || !ref.includes('/')) {
    return { tasks: direct, missing: direct.length > 0 ? '' : `workflow "${top.workflowName}" has no task "${ref}"; its refs: ${listRefs([top])}` };
  }
  const segments = ref.split('/');
  let scope: readonly WorkflowRun[] = [top];
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] ?? '';
    const parents = tasksOf(scope, segment);
    const children = childWorkflows(trace, parents);
    if (children.length === 0) {
      const where = segments.slice(0, i).join('/');
      const label = where === '' ? `workflow "${top.workflowName}"` : `the child workflows of "${where}"`;
      const detail = parents.length === 0 ? `has no task "${segment}"; its refs: ${listRefs(scope)}` : `has a task "${segment}" but it started no child workflow in this run`;
      return { tasks: [], missing: `${label} ${detail}` };
    }
    scope = children;
  }
  const last = segments[segments.length - 1] ?? '';
  const tasks = tasksOf(scope, last);
  const where = segments.slice(0, -1).join('/');
  return { tasks, missing: tasks.length > 0 ? '' : `the child workflows of "${where}" have no task "${last}"; their refs: ${listRefs(scope)}` };
}

/** Every workflow a task of `parents` started (by `subWorkflowId`, or `subWorkflowId` in its output). */
function childWorkflows(trace: Trace, parents: readonly TaskRun[]): WorkflowRun[] {
  const byId = new Map(trace.workflows.map((workflow) => [workflow.workflowId, workflow]));
  const out: WorkflowRun[] = [];
  for (const task of parents) {
    const fromOutput = task.outputData['subWorkflowId'];
    const id = task.subWorkflowId ?? (typeof fromOutput === 'string' ? fromOutput : undefined);
    const child = id === undefined ? undefined : byId.get(id);
    if (child !== undefined && !out.includes(child)) out.push(child);
  }
  return out;
}

function tasksOf(workflows: readonly WorkflowRun[], ref: string): TaskRun[] {
  return workflows.flatMap((workflow) => workflow.tasks.filter((task) => refMatches(task, ref)));
}

/** The distinct base refs of the workflows, in order of first appearance (at most 12). */
function listRefs(workflows: readonly WorkflowRun[]): string {
  const refs: string[] = [];
  for (const workflow of workflows) {
    for (const task of workflow.tasks) {
      const base = baseRefOf(task);
      if (!refs.includes(base)) refs.push(base);
    }
  }
  if (refs.length === 0) return '(none)';
  return refs.length <= 12 ? refs.join(', ') : `${refs.slice(0, 12).join(', ')}, … (${refs.length - 12} more)`;
}

/** The instance a single-valued matcher reads: the one created last (the latest attempt of the latest iteration). */
export function lastOf(tasks: readonly TaskRun[]): TaskRun | undefined {
  return tasks[tasks.length - 1];
}
