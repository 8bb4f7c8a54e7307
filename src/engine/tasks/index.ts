/**
 * The task-type registries: mappers by definition `type`, system tasks by runtime `taskType`.
 * Conductor: `taskMappersByTaskType` and `SystemTaskRegistry` (core/.../execution/).
 */
import type { SystemTask, TaskMapper, TaskTypeModule } from '../ops.js';
import { decisionTask, switchTask } from './decision.js';
import { doWhileTask } from './do-while.js';
import { exclusiveJoinTask } from './exclusive-join.js';
import { forkJoinDynamicTask } from './fork-join-dynamic.js';
import { forkJoinTask, joinTask } from './fork-join.js';
import { httpTask } from './http.js';
import { eventTask, kafkaPublishTask } from './messaging.js';
import { inlineTask, jsonJqTransformTask, lambdaTask } from './script-tasks.js';
import { dynamicTask, simpleTask, userDefinedTask } from './simple.js';
import { subWorkflowTask } from './sub-workflow.js';
import { humanTask, noopTask, setVariableTask, startWorkflowTask, terminateTask, waitTask } from './system-tasks.js';

export { buildHttpRequest, applyHttpResponse, reasonPhrase } from './http.js';
export type { HttpTaskRequest, HttpTaskResponse } from './http.js';
export { evaluateJoin } from './fork-join.js';

const modules: readonly TaskTypeModule[] = [
  simpleTask, userDefinedTask, dynamicTask, decisionTask, switchTask, forkJoinTask, joinTask, forkJoinDynamicTask,
  exclusiveJoinTask, doWhileTask, subWorkflowTask, startWorkflowTask, terminateTask, setVariableTask, waitTask, humanTask,
  noopTask, httpTask, inlineTask, lambdaTask, jsonJqTransformTask, eventTask, kafkaPublishTask,
];

/** Mappers by definition type; unknown types fall back to USER_DEFINED. */
export const mappers: ReadonlyMap<string, TaskMapper> = new Map(modules.flatMap((m) => m.definitionTypes.map((t) => [t, m.mapper] as const)));

/** System tasks by runtime task type. */
export const systemTasks: ReadonlyMap<string, SystemTask> = new Map(
  modules.flatMap((m) => (m.system === undefined ? [] : [[m.system.taskType, m.system] as const])),
);
