/**
 * EXCLUSIVE_JOIN: completes with the output of the first `joinOn` task that ran (or of the first
 * `defaultExclusiveJoinTask` that ran), as soon as that task is terminal. A sync system task,
 * re-evaluated on every decider pass.
 *
 * Conductor: core/.../execution/mapper/ExclusiveJoinTaskMapper.java,
 * core/.../execution/tasks/ExclusiveJoin.java (task-types §2.9).
 */
import { isSuccessfulTaskStatus, isTerminalTaskStatus } from '../../trace/index.js';
import type { TaskModel } from '../model.js';
import type { TaskTypeModule } from '../ops.js';
import { appendIteration } from '../refs.js';
import { systemTask } from './common.js';

export const exclusiveJoinTask: TaskTypeModule = {
  definitionTypes: ['EXCLUSIVE_JOIN'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      const join = ctx.createTaskModel();
      join.taskType = 'EXCLUSIVE_JOIN';
      join.taskDefName = 'EXCLUSIVE_JOIN';
      join.startTime = ctx.ops.now();
      join.inputData = {
        joinOn: [...(node.joinOn ?? [])],
        ...(node.defaultExclusiveJoinTask !== undefined && node.defaultExclusiveJoinTask !== null
          ? { defaultExclusiveJoinTask: [...node.defaultExclusiveJoinTask] }
          : {}),
      };
      join.status = 'IN_PROGRESS';
      return [join];
    },
  },
  system: systemTask({
    taskType: 'EXCLUSIVE_JOIN',
    execute(instance, task) {
      let joinOn = (task.inputData['joinOn'] as string[] | undefined) ?? [];
      if (task.isLoopOverTask()) joinOn = joinOn.map((r) => appendIteration(r, task.iteration));
      let found = false;
      let failed = false;
      let reason = '';
      let chosen: TaskModel | undefined;
      for (const ref of joinOn) {
        chosen = instance.taskByRef(ref);
        if (chosen === undefined || chosen.status === 'SKIPPED') continue;
        found = isTerminalTaskStatus(chosen.status);
        failed =
          !isSuccessfulTaskStatus(chosen.status) &&
          (chosen.workflowTask?.permissive !== true ||
            joinOn.every((r) => {
              const t = instance.taskByRef(r);
              return t !== undefined && isTerminalTaskStatus(t.status);
            }));
        if (failed) {
          reason += joinOn
            .map((r) => instance.taskByRef(r))
            .filter((t): t is TaskModel => t !== undefined && !isSuccessfulTaskStatus(t.status))
            .map((t) => String(t.reasonForIncompletion))
            .join(' ');
        }
        break;
      }
      if (!found) {
        const defaults = (task.inputData['defaultExclusiveJoinTask'] as string[] | undefined) ?? [];
        for (const ref of defaults) {
          chosen = instance.taskByRef(ref);
          if (chosen === undefined || chosen.status === 'SKIPPED') continue;
          found = isTerminalTaskStatus(chosen.status);
          failed = !isSuccessfulTaskStatus(chosen.status);
          if (failed) reason += `${String(chosen.reasonForIncompletion)} `;
          break;
        }
      }
      if (!found && !failed) return false;
      if (failed) {
        task.reasonForIncompletion = reason;
        task.status = 'FAILED';
      } else {
        task.outputData = chosen === undefined ? {} : structuredClone(chosen.outputData);
        task.status = 'COMPLETED';
      }
      return true;
    },
  }),
};
