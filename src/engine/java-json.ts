/**
 * Definitions as the server serialises them (Jackson over Conductor's Java classes, nulls omitted,
 * every non-null default written out). Visible where the server stores a definition object inside
 * task input: a SUB_WORKFLOW's `subWorkflowDefinition` and a dynamic FORK's `forkedTaskDefs`.
 *
 * Conductor: common/.../metadata/workflow/WorkflowDef.java, WorkflowTask.java,
 * common/.../metadata/tasks/TaskDef.java (field initialisers), checked against real server answers.
 */
import type { TaskDef, WorkflowDef, WorkflowTask } from '../definitions/index.js';
import type { JsonMap } from './model.js';

function withRest(base: JsonMap, source: Record<string, unknown>): JsonMap {
  for (const [k, v] of Object.entries(source)) if (!(k in base) && v !== null && v !== undefined) base[k] = v;
  return base;
}

/** A TaskDef as the server serialises it. */
export function javaTaskDefJson(def: TaskDef): JsonMap {
  const json: JsonMap = {
    updateTime: 0,
    createdBy: '',
    name: def.name,
    ...(def.description !== undefined ? { description: def.description } : {}),
    retryCount: def.retryCount ?? 3,
    timeoutSeconds: def.timeoutSeconds ?? 0,
    inputKeys: def.inputKeys ?? [],
    outputKeys: def.outputKeys ?? [],
    runtimeMetadata: [],
    timeoutPolicy: def.timeoutPolicy ?? 'TIME_OUT_WF',
    retryLogic: def.retryLogic ?? 'FIXED',
    retryDelaySeconds: def.retryDelaySeconds ?? 60,
    responseTimeoutSeconds: def.responseTimeoutSeconds ?? 3600,
    inputTemplate: def.inputTemplate ?? {},
    rateLimitPerFrequency: def.rateLimitPerFrequency ?? 0,
    rateLimitFrequencyInSeconds: def.rateLimitFrequencyInSeconds ?? 1,
    backoffScaleFactor: def.backoffScaleFactor ?? 1,
    maxRetryDelaySeconds: def.maxRetryDelaySeconds ?? 0,
    backoffJitterMs: def.backoffJitterMs ?? 0,
    totalTimeoutSeconds: def.totalTimeoutSeconds ?? 0,
    taskStatusListenerEnabled: true,
    enforceSchema: def.enforceSchema ?? false,
  };
  return withRest(json, def);
}

/** A WorkflowTask as the server serialises it (children converted the same way). */
export function javaWorkflowTaskJson(node: WorkflowTask): JsonMap {
  const cases: JsonMap = {};
  for (const [k, list] of Object.entries(node.decisionCases ?? {})) cases[k] = list.map(javaWorkflowTaskJson);
  const json: JsonMap = {
    name: node.name,
    taskReferenceName: node.taskReferenceName,
    inputParameters: node.inputParameters ?? {},
    type: node.type ?? 'SIMPLE',
    decisionCases: cases,
    defaultCase: (node.defaultCase ?? []).map(javaWorkflowTaskJson),
    forkTasks: (node.forkTasks ?? []).map((branch) => branch.map(javaWorkflowTaskJson)),
    startDelay: node.startDelay ?? 0,
    joinOn: node.joinOn ?? [],
    optional: node.optional ?? false,
    ...(node.taskDefinition !== null && node.taskDefinition !== undefined ? { taskDefinition: javaTaskDefJson(node.taskDefinition) } : {}),
    defaultExclusiveJoinTask: node.defaultExclusiveJoinTask ?? [],
    asyncComplete: node.asyncComplete ?? false,
    loopOver: (node.loopOver ?? []).map(javaWorkflowTaskJson),
    onStateChange: node.onStateChange ?? {},
    permissive: node.permissive ?? false,
    metadata: node.metadata ?? {},
  };
  return withRest(json, node);
}

/** A WorkflowDef as the server serialises it. */
export function javaWorkflowDefJson(def: WorkflowDef): JsonMap {
  const json: JsonMap = {
    createTime: 0,
    updateTime: 0,
    name: def.name,
    ...(def.description !== undefined && def.description !== null ? { description: def.description } : {}),
    version: def.version ?? 1,
    tasks: def.tasks.map(javaWorkflowTaskJson),
    inputParameters: def.inputParameters ?? [],
    outputParameters: def.outputParameters ?? {},
    schemaVersion: def.schemaVersion ?? 2,
    restartable: def.restartable ?? true,
    workflowStatusListenerEnabled: def.workflowStatusListenerEnabled ?? false,
    timeoutPolicy: def.timeoutPolicy ?? 'ALERT_ONLY',
    timeoutSeconds: def.timeoutSeconds ?? 0,
    variables: def.variables ?? {},
    inputTemplate: def.inputTemplate ?? {},
    enforceSchema: def.enforceSchema ?? true,
    metadata: def.metadata ?? {},
    maskedFields: [],
  };
  return withRest(json, def);
}
