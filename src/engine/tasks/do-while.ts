/**
 * DO_WHILE: runs `loopOver` once, then again while `loopCondition` holds (or, in list mode, once
 * per item). Every task of iteration N runs as `ref__N`; the DO_WHILE keeps its own ref, tracks the
 * iteration, and collects each iteration's outputs keyed by base ref.
 *
 * Conductor: core/.../execution/mapper/DoWhileTaskMapper.java, core/.../execution/tasks/DoWhile.java,
 * WorkflowExecutorOps.scheduleNextIteration (task-types §2.10, §3.5).
 */
import { EngineLimitError } from '../../errors/index.js';
import { isSuccessfulTaskStatus, isTerminalTaskStatus } from '../../trace/index.js';
import { toLoopBoolean } from '../../expressions/index.js';
import type { Instance } from '../instance.js';
import { ABSENT } from '../model.js';
import type { JsonMap, TaskModel } from '../model.js';
import type { ExecutorOps, TaskTypeModule } from '../ops.js';
import { appendIteration, baseRef } from '../refs.js';
import { scriptFailureMessage, systemTask } from './common.js';

/**
 * Writes DO_WHILE output keys in place. A DO_WHILE's output grows by one entry per iteration;
 * copying it on every write would make a loop quadratic. Writes are recorded in the task's undo
 * log so a decide that does not persist them can take them back (see Executor.dropUnpersisted).
 */
function setLoopOutput(loop: TaskModel, entries: JsonMap): void {
  const undo = (loop.outputUndo ??= new Map());
  for (const [key, value] of Object.entries(entries)) {
    if (!undo.has(key)) undo.set(key, Object.prototype.hasOwnProperty.call(loop.outputData, key) ? loop.outputData[key] : ABSENT);
    loop.outputData[key] = value;
  }
}

function deleteLoopOutput(loop: TaskModel, key: string): void {
  if (!Object.prototype.hasOwnProperty.call(loop.outputData, key)) return;
  const undo = (loop.outputUndo ??= new Map());
  if (!undo.has(key)) undo.set(key, loop.outputData[key]);
  delete loop.outputData[key];
}

function isListIteration(task: TaskModel): boolean {
  const node = task.workflowTask;
  if (node === null) return false;
  if (typeof node.items === 'string' && node.items.trim() !== '') return true;
  const params = node.inputParameters;
  if (params !== undefined && Object.prototype.hasOwnProperty.call(params, '_items')) {
    const v = params['_items'];
    return (typeof v === 'string' && v.trim() !== '') || Array.isArray(v);
  }
  return false;
}

function itemsList(instance: Instance, task: TaskModel, ops: ExecutorOps): unknown[] {
  const node = task.workflowTask;
  if (node === null) return [];
  const def = task.taskDefinition();
  let value: unknown = null;
  if (typeof node.items === 'string' && node.items.trim() !== '') {
    value = ops.evaluate({ items: node.items }, instance, def, task.taskId)['items'] ?? null;
  }
  if (value === null) {
    const evaluated = ops.evaluate(node.inputParameters, instance, def, task.taskId);
    if (Object.prototype.hasOwnProperty.call(evaluated, '_items')) value = evaluated['_items'] ?? null;
  }
  if (Array.isArray(value)) return value;
  return value === null || value === undefined ? [] : [value];
}

function injectLoopVariables(instance: Instance, task: TaskModel, ops: ExecutorOps): void {
  if (!isListIteration(task)) return;
  const items = itemsList(instance, task, ops);
  const loopIndex = task.iteration - 1;
  setLoopOutput(task, { loopIndex });
  if (loopIndex >= 0 && loopIndex < items.length) setLoopOutput(task, { loopItem: items[loopIndex] });
}

/** The tasks of the current iteration, keyed by suffixed ref, highest retryCount winning. */
function relevantTasks(instance: Instance, loop: TaskModel): Map<string, TaskModel> {
  const relevant = new Map<string, TaskModel>();
  const node = loop.workflowTask;
  if (node === null) return relevant;
  for (const t of instance.tasksOfIteration(loop.iteration)) {
    if (t.referenceTaskName === loop.referenceTaskName) continue;
    if (!instance.bp.has(node, baseRef(t.referenceTaskName))) continue;
    const seen = relevant.get(t.referenceTaskName);
    if (seen === undefined || t.retryCount > seen.retryCount) relevant.set(t.referenceTaskName, t);
  }
  return relevant;
}

function isIterationComplete(instance: Instance, loop: TaskModel, relevant: Map<string, TaskModel>): boolean {
  const node = loop.workflowTask;
  if (node === null) return false;
  for (const child of node.loopOver ?? []) {
    const t = relevant.get(appendIteration(child.taskReferenceName, loop.iteration));
    if (t === undefined || !isTerminalTaskStatus(t.status)) return false;
  }
  for (const t of relevant.values()) if (!isTerminalTaskStatus(t.status)) return false;
  for (const t of relevant.values()) {
    const next = instance.bp.nextWithin(node, baseRef(t.referenceTaskName));
    if (next !== null && next.taskReferenceName !== node.taskReferenceName && instance.bp.has(node, next.taskReferenceName)) {
      if (!relevant.has(appendIteration(next.taskReferenceName, loop.iteration))) return false;
    }
  }
  return true;
}

/** `DoWhile.evaluateCondition`; throws the script failure message on error. */
function evaluateCondition(instance: Instance, loop: TaskModel, ops: ExecutorOps): boolean {
  const node = loop.workflowTask;
  if (node === null) return false;
  const input: JsonMap = ops.evaluate(node.inputParameters, instance, loop.taskDefinition(), loop.taskId);
  input[loop.referenceTaskName] = loop.outputData;
  for (const ref of instance.bp.subtreeRefs(node)) {
    if (ref === loop.referenceTaskName) continue;
    const t = instance.taskByKey(ref);
    if (t !== undefined && t.iteration > 0 && t.referenceTaskName !== loop.referenceTaskName) input[ref] = t.outputData;
  }
  const condition = node.loopCondition;
  if (isListIteration(loop)) {
    const items = itemsList(instance, loop, ops);
    const loopIndex = loop.iteration - 1;
    input['loopIndex'] = loopIndex;
    if (loopIndex >= 0 && loopIndex < items.length) input['loopItem'] = items[loopIndex];
    const hasMore = loopIndex < items.length - 1;
    if (typeof condition === 'string' && condition.trim() !== '') return runCondition(condition, input, loop, ops) && hasMore;
    return hasMore;
  }
  if (condition === null || condition === undefined) return false;
  return runCondition(condition, input, loop, ops);
}

/**
 * What an iteration's output keeps of a loop task. Outputs are copy-on-write, so sharing one is
 * safe, except a DO_WHILE's, which grows in place: a nested loop's output is copied as it is now,
 * as the server's store does when it serialises the task (without the copy, two runtime copies of
 * a nested loop would end up containing each other).
 */
export function loopTaskOutput(t: TaskModel): JsonMap {
  return t.taskType === 'DO_WHILE' ? structuredClone(t.outputData) : t.outputData;
}

/** Restarts of one DO_WHILE at iteration 1 after which it is taken to be cycling (see `execute`). */
const MAX_LOOP_RESTARTS = 100;

class ConditionError {
  constructor(readonly message: string) {}
}

function runCondition(condition: string, input: JsonMap, loop: TaskModel, ops: ExecutorOps): boolean {
  const outcome = ops.runScript({ source: condition, mode: 'script', input }, loop.referenceTaskName);
  if (!outcome.ok) throw new ConditionError(scriptFailureMessage(outcome));
  return toLoopBoolean(outcome.value);
}

export const doWhileTask: TaskTypeModule = {
  definitionTypes: ['DO_WHILE'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      const existing = ctx.instance.taskByRef(node.taskReferenceName);
      if (existing !== undefined && isTerminalTaskStatus(existing.status)) return [];
      const def = node.taskDefinition ?? ctx.ops.registry.getTaskDef(node.name) ?? { name: node.name };
      const task = ctx.createTaskModel();
      task.taskType = 'DO_WHILE';
      task.status = 'IN_PROGRESS';
      task.startTime = ctx.ops.now();
      task.retryCount = ctx.retryCount;
      task.inputData = ctx.ops.evaluate(node.inputParameters, ctx.instance, def, task.taskId);
      return [task];
    },
  },
  system: systemTask({
    taskType: 'DO_WHILE',
    cancel(_instance, task) {
      task.status = 'CANCELED';
    },
    execute(instance, loop, ops) {
      const relevant = relevantTasks(instance, loop);
      if (relevant.size === 0) {
        if (isListIteration(loop) && itemsList(instance, loop, ops).length === 0) {
          setLoopOutput(loop, { iteration: 0 });
          loop.status = 'COMPLETED';
          return true;
        }
        // A DO_WHILE nested in a DO_WHILE whose outer loop runs again keeps coming back here: the
        // inner loop's restart moves it out of the outer iteration, the outer loop then finds no
        // task of its iteration and restarts too, for ever. A real server never settles either
        // (its test endpoint did not answer within 10 minutes), so stop early with a clear error.
        loop.loopRestarts += 1;
        if (loop.loopRestarts > MAX_LOOP_RESTARTS) {
          throw new EngineLimitError(
            `${loop.workflowType} › ${loop.referenceTaskName}: the DO_WHILE restarted at iteration 1 ${MAX_LOOP_RESTARTS} times without ending. ` +
              "A DO_WHILE nested in a DO_WHILE that runs more than once never settles in Conductor's decider (a real server's test endpoint did not answer such a request within 10 minutes). " +
              'Move the inner loop into a SUB_WORKFLOW.',
            { limit: 'loopRestarts', value: MAX_LOOP_RESTARTS, workflowName: loop.workflowType, taskReferenceName: loop.referenceTaskName },
          );
        }
        loop.iteration = 1;
        setLoopOutput(loop, { iteration: loop.iteration });
        injectLoopVariables(instance, loop, ops);
        ops.scheduleNextIteration(loop, instance);
        return true;
      }
      let failed = false;
      let reason = '';
      const output: JsonMap = {};
      for (const t of relevant.values()) {
        failed = !isSuccessfulTaskStatus(t.status);
        if (failed) reason += `${String(t.reasonForIncompletion)} `;
        output[baseRef(t.referenceTaskName)] = loopTaskOutput(t);
        if (failed) break;
      }
      setLoopOutput(loop, { [String(loop.iteration)]: output });
      loop.aliasIteration = String(loop.iteration);
      loop.aliasTasks = [...relevant.values()].map((t) => [baseRef(t.referenceTaskName), t] as const);
      const keep = loop.workflowTask?.inputParameters?.['keepLastN'];
      if (typeof keep === 'number' && Number.isInteger(keep) && loop.iteration > keep) {
        const drop = loop.iteration - keep;
        for (let i = 1; i <= drop; i++) deleteLoopOutput(loop, String(i));
        const node = loop.workflowTask;
        if (node !== null) {
          const old = new Set(
            instance.wf.tasks.filter(
              (t) => t.iteration > 0 && t.iteration <= drop && t.referenceTaskName !== loop.referenceTaskName && instance.bp.has(node, baseRef(t.referenceTaskName)),
            ),
          );
          if (old.size > 0) ops.removeTasks(instance, old);
        }
      }
      if (failed) {
        loop.reasonForIncompletion = reason;
        loop.status = 'FAILED';
        return true;
      }
      if (!isIterationComplete(instance, loop, relevant)) return false;
      let more: boolean;
      try {
        more = evaluateCondition(instance, loop, ops);
      } catch (e) {
        if (!(e instanceof ConditionError)) throw e;
        loop.reasonForIncompletion = `Unable to evaluate condition ${String(loop.workflowTask?.loopCondition)}, exception ${e.message}`;
        loop.status = 'FAILED_WITH_TERMINAL_ERROR';
        return true;
      }
      if (more) {
        if (loop.iteration >= ops.maxLoopIterations) {
          throw new EngineLimitError(
            `${loop.workflowType} › ${loop.referenceTaskName}: the DO_WHILE reached ${ops.maxLoopIterations} iterations (maxLoopIterations) and its condition still says continue; an endless loop? Raise limits.maxLoopIterations if it really needs more.`,
            { limit: 'maxLoopIterations', value: ops.maxLoopIterations, workflowName: loop.workflowType, taskReferenceName: loop.referenceTaskName },
          );
        }
        loop.iteration += 1;
        setLoopOutput(loop, { iteration: loop.iteration });
        injectLoopVariables(instance, loop, ops);
        ops.scheduleNextIteration(loop, instance);
        return true;
      }
      loop.status = 'COMPLETED';
      return true;
    },
  }),
};
