/**
 * Walking a definition tree the way Conductor does.
 *
 * Conductor: common/metadata/workflow/WorkflowTask.java `children()` / `collectTasks()` — a
 * node's children are its `decisionCases` (in key order) then `defaultCase` for DECISION and
 * SWITCH, its `forkTasks` branches for FORK_JOIN, its `loopOver` for DO_WHILE, and nothing for
 * any other type (so `forkTasks` written on a SIMPLE task is never visited, and never run).
 * Inline sub-workflow definitions are not descended into: their refs live in the child workflow.
 */
import type { WorkflowDef, WorkflowTask } from './types.js';
import { isPlainObject } from './internal/describe.js';

/** One node met by {@link walkTasks}. */
export interface WalkedTask {
  readonly task: WorkflowTask;
  /** JSON path from the definition root, e.g. `['tasks', 2, 'decisionCases', 'yes', 0]`. */
  readonly path: (string | number)[];
  /** The enclosing SWITCH/DECISION/FORK_JOIN/DO_WHILE nodes, outermost first. */
  readonly parents: WorkflowTask[];
}

/**
 * Walks every node of a definition (cases, default case, fork branches, loopOver; NOT inline
 * sub-workflow definitions) in Conductor's `collectTasks` order: a node, then its children.
 * Values that are not task objects (in a definition that failed its schema) are skipped.
 *
 * @example
 * const refs = [...walkTasks(def)].map(({ task, path }) => `${task.taskReferenceName} at ${formatPath(path)}`);
 */
export function* walkTasks(def: WorkflowDef): Iterable<WalkedTask> {
  for (const node of walkNodes(def)) yield { task: node.task, path: node.path, parents: node.parents };
}

/** A walked node with where it sits, for checks that need siblings (fork → join). */
export interface TaskNode extends WalkedTask {
  /** The list the node is in, and its index there. */
  readonly siblings: readonly unknown[];
  readonly index: number;
  /** The node of the enclosing SWITCH/DECISION/FORK_JOIN/DO_WHILE, if any. */
  readonly container: TaskNode | undefined;
  /** Which child list of the container the node is in. */
  readonly via: 'tasks' | 'decisionCases' | 'defaultCase' | 'forkTasks' | 'loopOver';
}

/** {@link walkTasks} with positions; used inside this folder. */
export function* walkNodes(def: WorkflowDef): Iterable<TaskNode> {
  const tasks: unknown = isPlainObject(def) ? def.tasks : undefined;
  if (!Array.isArray(tasks)) return;
  yield* walkList(tasks, ['tasks'], [], undefined, 'tasks');
}

function* walkList(
  list: readonly unknown[],
  listPath: (string | number)[],
  parents: WorkflowTask[],
  container: TaskNode | undefined,
  via: TaskNode['via'],
): Iterable<TaskNode> {
  for (let index = 0; index < list.length; index++) {
    const task = list[index];
    if (!isPlainObject(task)) continue;
    const node: TaskNode = {
      task: task as WorkflowTask,
      path: [...listPath, index],
      parents,
      siblings: list,
      index,
      container,
      via,
    };
    yield node;
    const inner = [...parents, node.task];
    for (const child of childLists(node.task, node.path)) {
      yield* walkList(child.list, child.path, inner, node, child.via);
    }
  }
}

/** The child lists of a node, per its type (WorkflowTask.children()). */
export function childLists(
  task: WorkflowTask,
  path: readonly (string | number)[],
): { list: readonly unknown[]; path: (string | number)[]; via: TaskNode['via'] }[] {
  const lists: { list: readonly unknown[]; path: (string | number)[]; via: TaskNode['via'] }[] = [];
  switch (task.type ?? 'SIMPLE') {
    case 'DECISION':
    case 'SWITCH': {
      const cases: unknown = task.decisionCases;
      if (isPlainObject(cases)) {
        for (const [key, list] of Object.entries(cases)) {
          if (Array.isArray(list)) lists.push({ list, path: [...path, 'decisionCases', key], via: 'decisionCases' });
        }
      }
      const defaultCase: unknown = task.defaultCase;
      if (Array.isArray(defaultCase)) lists.push({ list: defaultCase, path: [...path, 'defaultCase'], via: 'defaultCase' });
      break;
    }
    case 'FORK_JOIN': {
      const branches: unknown = task.forkTasks;
      if (Array.isArray(branches)) {
        branches.forEach((branch: unknown, i) => {
          if (Array.isArray(branch)) lists.push({ list: branch, path: [...path, 'forkTasks', i], via: 'forkTasks' });
        });
      }
      break;
    }
    case 'DO_WHILE': {
      const body: unknown = task.loopOver;
      if (Array.isArray(body)) lists.push({ list: body, path: [...path, 'loopOver'], via: 'loopOver' });
      break;
    }
    default:
      break;
  }
  return lists;
}

/**
 * The node Conductor schedules after `node` (WorkflowDef.getNextTask / WorkflowTask.next): the
 * next sibling; at the end of a case or fork branch, whatever follows the enclosing node; at the
 * end of a loop body, the DO_WHILE itself; at the end of the workflow, nothing.
 */
export function nextNode(node: TaskNode): { task: WorkflowTask; path: (string | number)[] } | undefined {
  const sibling = node.siblings[node.index + 1];
  if (isPlainObject(sibling)) {
    const path = [...node.path.slice(0, -1), node.index + 1];
    return { task: sibling as WorkflowTask, path };
  }
  const container = node.container;
  if (container === undefined) return undefined;
  if (container.task.type === 'DO_WHILE') return { task: container.task, path: container.path };
  return nextNode(container);
}
