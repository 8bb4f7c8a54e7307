/**
 * Static FORK_JOIN (runtime type FORK) and JOIN.
 *
 * Conductor: core/.../execution/mapper/ForkJoinTaskMapper.java, JoinTaskMapper.java,
 * core/.../execution/tasks/Fork.java, Join.java (task-types §2.6, §2.7). The FORK is created
 * COMPLETED together with the first task of every branch and the JOIN; the JOIN is an async system
 * task completed by its tick once every `joinOn` task is terminal.
 */
import { nodeType } from '../blueprint.js';
import type { Instance } from '../instance.js';
import type { PreparedTask, TaskModel } from '../model.js';
import { DecideAbort, TerminateSignal } from '../ops.js';
import type { TaskTypeModule } from '../ops.js';
import { appendIteration } from '../refs.js';
import { isSuccessfulTaskStatus, isTerminalTaskStatus } from '../../trace/index.js';
import { systemTask } from './common.js';

export const forkJoinTask: TaskTypeModule = {
  definitionTypes: ['FORK_JOIN'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      const fork = ctx.createTaskModel();
      fork.taskType = 'FORK';
      fork.taskDefName = 'FORK';
      const now = ctx.ops.now();
      fork.startTime = now;
      fork.endTime = now;
      fork.inputData = ctx.taskInput;
      fork.status = 'COMPLETED';
      const produced: TaskModel[] = [fork];
      for (const branch of node.forkTasks ?? []) {
        const first = branch[0] as PreparedTask | undefined;
        if (first === undefined) {
          // Conductor: `wfts.get(0)` on an empty branch throws a runtime error out of decide; the
          // workflow stays RUNNING without progress (task-types §2.6).
          throw new DecideAbort(`fork "${node.taskReferenceName}" has an empty branch`);
        }
        produced.push(...ctx.ops.getTasksToBeScheduled(ctx.instance, first, ctx.retryCount));
      }
      const joinNode = ctx.instance.bp.nextNode(node.taskReferenceName);
      if (joinNode === null || nodeType(joinNode) !== 'JOIN') {
        throw new TerminateSignal('Fork task definition is not followed by a join task.  Check the blueprint');
      }
      produced.push(...ctx.ops.getTasksToBeScheduled(ctx.instance, joinNode, ctx.retryCount));
      return produced;
    },
  },
  system: systemTask({ taskType: 'FORK' }),
};

/** The JOIN tick (`Join.execute`); returns true when the JOIN reached a terminal status. */
export function evaluateJoin(instance: Instance, task: TaskModel): boolean {
  let joinOn = (task.inputData['joinOn'] as string[] | undefined) ?? [];
  if (task.isLoopOverTask()) joinOn = joinOn.map((r) => appendIteration(r, task.iteration));
  const forked = joinOn.map((r) => instance.taskByRef(r));
  const allTerminal = forked.every((t) => t !== undefined && isTerminalTaskStatus(t.status));
  const optionalFailures: string[] = [];
  // One copy per evaluation (outputs are copy-on-write), filled in place: copying once per branch
  // made a JOIN over n branches cost n² per evaluation.
  let output = task.outputData;
  let copied = false;
  for (let i = 0; i < joinOn.length; i++) {
    const t = forked[i];
    const ref = joinOn[i] as string;
    if (t === undefined) continue;
    if (output[ref] !== t.outputData && Object.keys(t.outputData).length > 0) {
      if (!copied) {
        output = { ...output };
        copied = true;
      }
      output[ref] = t.outputData;
    }
    const node = t.workflowTask;
    const optional = node?.optional === true;
    const permissive = node?.permissive === true;
    if (!isSuccessfulTaskStatus(t.status) && !optional && (!permissive || allTerminal)) {
      task.outputData = output;
      task.reasonForIncompletion = forked
        .filter((f): f is TaskModel => f !== undefined && !isSuccessfulTaskStatus(f.status))
        .map((f) => f.reasonForIncompletion)
        .filter((r): r is string => r !== null)
        .join(' ');
      const nonCanceled = forked.some(
        (f) => f !== undefined && isTerminalTaskStatus(f.status) && !isSuccessfulTaskStatus(f.status) && f.workflowTask?.optional !== true && f.status !== 'CANCELED',
      );
      task.status = nonCanceled ? 'FAILED' : 'CANCELED';
      return true;
    }
    if (optional && t.status === 'COMPLETED_WITH_ERRORS') optionalFailures.push(`${t.taskDefName}/${t.taskId}`);
  }
  task.outputData = output;
  if (allTerminal) {
    if (optionalFailures.length > 0) {
      task.status = 'COMPLETED_WITH_ERRORS';
      task.reasonForIncompletion = `${optionalFailures.map((s) => `${s} `).join('')}completed with errors`;
    } else task.status = 'COMPLETED';
    return true;
  }
  return false;
}

export const joinTask: TaskTypeModule = {
  definitionTypes: ['JOIN'],
  mapper: {
    map(ctx) {
      const join = ctx.createTaskModel();
      join.taskType = 'JOIN';
      join.taskDefName = 'JOIN';
      join.startTime = ctx.ops.now();
      join.inputData = { joinOn: [...(ctx.node.joinOn ?? [])] };
      join.status = 'IN_PROGRESS';
      return [join];
    },
  },
  system: systemTask({
    taskType: 'JOIN',
    isAsync: true,
    execute: (instance, task) => evaluateJoin(instance, task),
    // Join.getEvaluationOffset: 0 s for the first polls (SYNC mode always 0); the simulate driver
    // instead re-evaluates a JOIN whenever its workflow changes, so this only spaces idle ticks.
    evaluationOffset: () => 0,
  }),
};
