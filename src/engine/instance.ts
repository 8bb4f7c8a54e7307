/**
 * A running workflow instance: its model, its prepared definition and the indexes that let the
 * decider answer Conductor's list scans ("the last task with this ref", "any task still running",
 * "the tasks of iteration 3") without walking the whole task list on every pass. Without them a
 * 10,000-iteration DO_WHILE would cost time quadratic in its length.
 *
 * The indexes are maintained from the task list itself (appends) and from the three fields that
 * change afterwards (`status`, `executed`, `retried`), which notify their owner.
 */
import { baseRef } from './refs.js';
import type { Blueprint } from './blueprint.js';
import { TaskModel, WorkflowModel } from './model.js';
import type { TaskChangeListener } from './model.js';
import { isTerminalTaskStatus } from '../trace/index.js';
import type { TaskStatus } from '../trace/index.js';

/** Tasks whose runtime type is TERMINATE, kept apart to find a successful one in O(1). */
const TERMINATE = 'TERMINATE';

/** One workflow instance with its indexes. */
export class Instance implements TaskChangeListener {
  readonly wf: WorkflowModel;
  readonly bp: Blueprint;
  /** Nesting depth: 0 for a workflow started by the test, +1 per SUB_WORKFLOW level. */
  readonly depth: number;
  /** Creation order among all instances of a run (for stable ordering of children). */
  readonly ordinal: number;

  private readonly lastByRef = new Map<string, TaskModel>();
  private readonly countByRef = new Map<string, number>();
  private readonly lastByKey = new Map<string, TaskModel>();
  private readonly refRetryPairs = new Set<string>();
  private readonly byId = new Map<string, TaskModel>();
  private readonly executedRefCount = new Map<string, number>();
  private readonly loopTasks = new Map<number, TaskModel[]>();
  private readonly terminateTasks: TaskModel[] = [];
  private readonly doWhileTasks: TaskModel[] = [];
  /** Tasks that are not retried, not SKIPPED and not executed, in list order. */
  readonly pending = new Set<TaskModel>();
  /** Number of tasks that are not SKIPPED and not executed. */
  unprocessed = 0;
  /** Number of tasks in a non-terminal status. */
  nonTerminal = 0;
  maxSeq = 0;
  /** Bumped on every change to a task of this instance; lets drivers detect a fixed point. */
  version = 0;
  /** Bumped on every persist of a task of this instance (times may have changed). */
  persists = 0;

  constructor(wf: WorkflowModel, bp: Blueprint, depth: number, ordinal: number) {
    this.wf = wf;
    this.bp = bp;
    this.depth = depth;
    this.ordinal = ordinal;
  }

  /** Appends a task to the list (Conductor: `workflow.getTasks().add(...)`) and indexes it. */
  append(task: TaskModel): void {
    this.wf.tasks.push(task);
    task.owner = this;
    this.index(task);
    this.version++;
  }

  private index(task: TaskModel): void {
    const ref = task.referenceTaskName;
    this.lastByRef.set(ref, task);
    this.countByRef.set(ref, (this.countByRef.get(ref) ?? 0) + 1);
    this.lastByKey.set(task.iteration > 0 ? baseRef(ref) : ref, task);
    this.refRetryPairs.add(`${ref}\u0000${task.retryCount}`);
    this.byId.set(task.taskId, task);
    if (task.seq > this.maxSeq) this.maxSeq = task.seq;
    if (task.iteration > 0) {
      let list = this.loopTasks.get(task.iteration);
      if (list === undefined) this.loopTasks.set(task.iteration, (list = []));
      list.push(task);
    }
    if (task.taskType === TERMINATE) this.terminateTasks.push(task);
    if (task.taskType === 'DO_WHILE') this.doWhileTasks.push(task);
    const skipped = task.status === 'SKIPPED';
    if (!task.retried && !skipped && !task.executed) this.pending.add(task);
    if (!skipped && !task.executed) this.unprocessed++;
    if (!isTerminalTaskStatus(task.status)) this.nonTerminal++;
    if (task.executed) this.executedRefCount.set(ref, (this.executedRefCount.get(ref) ?? 0) + 1);
  }

  /** Removes tasks (DO_WHILE keepLastN) and rebuilds every index from the remaining list. */
  removeTasks(toRemove: ReadonlySet<TaskModel>): void {
    const kept = this.wf.tasks.filter((t) => !toRemove.has(t));
    for (const t of toRemove) t.owner = null;
    this.rebuild(kept);
  }

  /** Rebuilds every index from a task list (after a rollback or a removal). */
  rebuild(tasks: TaskModel[] = this.wf.tasks): void {
    this.lastByRef.clear();
    this.countByRef.clear();
    this.lastByKey.clear();
    this.refRetryPairs.clear();
    this.byId.clear();
    this.executedRefCount.clear();
    this.loopTasks.clear();
    this.terminateTasks.length = 0;
    this.doWhileTasks.length = 0;
    this.pending.clear();
    this.unprocessed = 0;
    this.nonTerminal = 0;
    this.maxSeq = 0;
    this.wf.tasks = tasks;
    for (const t of tasks) this.index(t);
    this.version++;
  }

  onStatus(task: TaskModel, from: TaskStatus, to: TaskStatus): void {
    this.version++;
    const wasTerminal = isTerminalTaskStatus(from);
    const isTerminal = isTerminalTaskStatus(to);
    if (wasTerminal && !isTerminal) this.nonTerminal++;
    else if (!wasTerminal && isTerminal) this.nonTerminal--;
    if ((from === 'SKIPPED') !== (to === 'SKIPPED')) {
      this.refreshPending(task);
      if (!task.executed) this.unprocessed += to === 'SKIPPED' ? -1 : 1;
    }
  }

  onExecuted(task: TaskModel, value: boolean): void {
    this.version++;
    const ref = task.referenceTaskName;
    this.executedRefCount.set(ref, (this.executedRefCount.get(ref) ?? 0) + (value ? 1 : -1));
    if (task.status !== 'SKIPPED') this.unprocessed += value ? -1 : 1;
    this.refreshPending(task);
  }

  onRetried(task: TaskModel, _value: boolean): void {
    this.version++;
    this.refreshPending(task);
  }

  private refreshPending(task: TaskModel): void {
    if (!task.retried && task.status !== 'SKIPPED' && !task.executed) {
      // Re-adding appends at the end; only a rollback re-adds, and it rebuilds the order.
      if (!this.pending.has(task)) this.pending.add(task);
    } else this.pending.delete(task);
  }

  /** Conductor's `WorkflowModel.getTaskByRefName`: the last task in the list with this exact ref. */
  taskByRef(ref: string): TaskModel | undefined {
    return this.lastByRef.get(ref);
  }

  /** The task with this id. */
  taskById(id: string): TaskModel | undefined {
    return this.byId.get(id);
  }

  /** True when a task with this (ref, retryCount) pair exists (`dedupAndAddTasks`). */
  hasRefAttempt(ref: string, retryCount: number): boolean {
    return this.refRetryPairs.has(`${ref}\u0000${retryCount}`);
  }

  /**
   * True when some task with this ref is IN_PROGRESS or terminal — the "tasks in workflow" filter
   * of `DeciderService.getTasksToBeScheduled`. Earlier attempts of a ref are always terminal, so
   * this is "more than one attempt, or the last one is not SCHEDULED".
   */
  refOccupied(ref: string): boolean {
    const count = this.countByRef.get(ref) ?? 0;
    if (count === 0) return false;
    if (count > 1) return true;
    return this.lastByRef.get(ref)?.status !== 'SCHEDULED';
  }

  /** How many tasks with this ref were executed (`executedTaskRefNames` before a pass). */
  executedCount(ref: string): number {
    return this.executedRefCount.get(ref) ?? 0;
  }

  /**
   * The tasks whose *current* iteration is `iteration`, in list order. DO_WHILE tasks change their
   * iteration as they run, so they are matched on their current value rather than indexed.
   */
  tasksOfIteration(iteration: number): readonly TaskModel[] {
    const indexed = (this.loopTasks.get(iteration) ?? []).filter((t) => t.taskType !== 'DO_WHILE');
    const loops = this.doWhileTasks.filter((t) => t.iteration === iteration);
    if (loops.length === 0) return indexed;
    return [...indexed, ...loops].sort((a, b) => a.seq - b.seq);
  }

  /** The last task in list order whose evaluation key (base ref for loop tasks) is `key`. */
  taskByKey(key: string): TaskModel | undefined {
    return this.lastByKey.get(key);
  }

  /** Evaluation keys present, in first-appearance order. */
  keys(): IterableIterator<string> {
    return this.lastByKey.keys();
  }

  /** The last successful terminal TERMINATE task in list order, if any. */
  successfulTerminate(): TaskModel | undefined {
    let found: TaskModel | undefined;
    for (const t of this.terminateTasks) {
      if (isTerminalTaskStatus(t.status) && t.status !== 'FAILED' && t.status !== 'TIMED_OUT' && t.status !== 'FAILED_WITH_TERMINAL_ERROR' && t.status !== 'CANCELED') {
        found = t;
      }
    }
    return found;
  }

  /** The first successful terminal TERMINATE task in list order (`updateWorkflowOutput`). */
  firstSuccessfulTerminate(): TaskModel | undefined {
    for (const t of this.terminateTasks) {
      if (isTerminalTaskStatus(t.status) && t.status !== 'FAILED' && t.status !== 'TIMED_OUT' && t.status !== 'FAILED_WITH_TERMINAL_ERROR' && t.status !== 'CANCELED') {
        return t;
      }
    }
    return undefined;
  }
}
