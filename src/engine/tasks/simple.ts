/**
 * Worker tasks: SIMPLE, USER_DEFINED (and any type string without a mapper), DYNAMIC.
 *
 * Conductor: core/.../execution/mapper/SimpleTaskMapper.java, UserDefinedTaskMapper.java,
 * DynamicTaskMapper.java (task-types §2.1–§2.3). None of them is a system task: they complete only
 * through task updates (a worker, or a mock).
 */
import { TerminateSignal } from '../ops.js';
import type { TaskTypeModule } from '../ops.js';
import { effectiveTaskDef } from '../blueprint.js';
import { toJavaString } from '../../expressions/index.js';

/** SIMPLE: `taskType` is the node *name*; input evaluated with the TaskDef (template) and task id. */
export const simpleTask: TaskTypeModule = {
  definitionTypes: ['SIMPLE'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      const def = node.taskDefinition ?? { name: node.name };
      const eff = effectiveTaskDef(def);
      const input = ctx.ops.evaluate(node.inputParameters, ctx.instance, def, ctx.taskId);
      const task = ctx.createTaskModel();
      task.taskType = node.name;
      task.startDelayInSeconds = node.startDelay ?? 0;
      task.inputData = input;
      task.status = 'SCHEDULED';
      task.retryCount = ctx.retryCount;
      task.callbackAfterSeconds = node.startDelay ?? 0;
      task.responseTimeoutSeconds = eff.responseTimeoutSeconds;
      task.retriedTaskId = ctx.retriedTaskId;
      task.rateLimitPerFrequency = eff.rateLimitPerFrequency;
      task.rateLimitFrequencyInSeconds = eff.rateLimitFrequencyInSeconds;
      return [task];
    },
  },
};

/** USER_DEFINED and unknown types: a worker task whose `taskType` is the type string itself. */
export const userDefinedTask: TaskTypeModule = {
  definitionTypes: ['USER_DEFINED'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      const def = node.taskDefinition ?? ctx.ops.registry.getTaskDef(node.name);
      if (def === undefined || def === null) {
        throw new TerminateSignal(`Invalid task specified. Cannot find task by name ${node.name} in the task definitions`);
      }
      const eff = effectiveTaskDef(def);
      const input = ctx.ops.evaluate(node.inputParameters, ctx.instance, def, ctx.taskId);
      const task = ctx.createTaskModel();
      task.inputData = input;
      task.status = 'SCHEDULED';
      task.retryCount = ctx.retryCount;
      task.callbackAfterSeconds = node.startDelay ?? 0;
      task.rateLimitPerFrequency = eff.rateLimitPerFrequency;
      task.rateLimitFrequencyInSeconds = eff.rateLimitFrequencyInSeconds;
      return [task];
    },
  },
};

/**
 * DYNAMIC: the task name comes from the input key named by `dynamicTaskNameParam`; the node is
 * renamed, and the TaskDef already attached to it (usually the ad-hoc one of the original name) is kept.
 */
export const dynamicTask: TaskTypeModule = {
  definitionTypes: ['DYNAMIC'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      const param = node.dynamicTaskNameParam ?? '';
      const raw = ctx.taskInput[param];
      if (raw === undefined || raw === null) {
        throw new TerminateSignal(
          `Cannot map a dynamic task based on the parameter and input. Parameter= ${param}, input= ${toJavaString(ctx.taskInput)}`,
        );
      }
      const name = toJavaString(raw);
      const def = node.taskDefinition ?? ctx.ops.registry.getTaskDef(name);
      if (def === undefined || def === null) {
        throw new TerminateSignal(`Invalid task specified.  Cannot find task by name ${name} in the task definitions`);
      }
      // Conductor renames the definition node itself (DynamicTaskMapper); the task carries a renamed
      // copy here, so definitions can be shared between runs.
      const resolvedNode = { ...node, name, taskDefinition: def };
      const input = ctx.ops.evaluate(node.inputParameters, ctx.instance, def, ctx.taskId);
      const task = ctx.createTaskModel();
      task.workflowTask = resolvedNode;
      task.startDelayInSeconds = node.startDelay ?? 0;
      task.inputData = input;
      task.status = 'SCHEDULED';
      task.retryCount = ctx.retryCount;
      task.callbackAfterSeconds = node.startDelay ?? 0;
      task.responseTimeoutSeconds = effectiveTaskDef(def).responseTimeoutSeconds;
      task.taskType = name;
      task.taskDefName = name;
      task.retriedTaskId = ctx.retriedTaskId;
      return [task];
    },
  },
};
