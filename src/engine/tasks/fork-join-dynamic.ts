/**
 * FORK_JOIN_DYNAMIC (runtime type FORK) in its three input forms.
 *
 * Conductor: core/.../execution/mapper/ForkJoinDynamicTaskMapper.java (task-types §2.8): the simple
 * form (`forkTaskInputs` + `forkTaskName`/`forkTaskType`/`forkTaskWorkflow`), the classic form
 * (`dynamicForkTasksParam` + `dynamicForkTasksInputParamName`) and the legacy form
 * (`dynamicForkJoinTasksParam`). The FORK task is created COMPLETED and already `executed`; the
 * JOIN waits on the last task produced for each generated node.
 */
import type { WorkflowTask } from '../../definitions/index.js';
import { nodeType } from '../blueprint.js';
import { javaWorkflowTaskJson } from '../java-json.js';
import type { JsonMap, PreparedTask, TaskModel } from '../model.js';
import { TaskModel as TaskModelClass } from '../model.js';
import { DecideAbort, TerminateSignal } from '../ops.js';
import type { MapperContext, TaskTypeModule } from '../ops.js';
import { toJavaString } from '../../expressions/index.js';
import { isJsonMap } from './common.js';

const WORKFLOW_TASK_FIELDS = new Set([
  'name', 'taskReferenceName', 'description', 'inputParameters', 'type', 'dynamicTaskNameParam', 'caseValueParam',
  'caseExpression', 'scriptExpression', 'decisionCases', 'dynamicForkJoinTasksParam', 'dynamicForkTasksParam',
  'dynamicForkTasksInputParamName', 'defaultCase', 'forkTasks', 'startDelay', 'subWorkflowParam', 'joinOn', 'sink',
  'optional', 'taskDefinition', 'rateLimited', 'defaultExclusiveJoinTask', 'asyncComplete', 'loopCondition', 'loopOver',
  'retryCount', 'evaluatorType', 'expression', 'onStateChange', 'joinStatus', 'cacheConfig', 'permissive', 'items',
  'joinMode', 'metadata',
]);

/** `objectMapper.convertValue(item, WorkflowTask.class)`: known fields only; a failure yields an empty task. */
function asWorkflowTask(value: unknown): WorkflowTask {
  const task = { name: '', taskReferenceName: '' } as WorkflowTask;
  if (!isJsonMap(value)) return task;
  for (const [k, v] of Object.entries(value)) if (WORKFLOW_TASK_FIELDS.has(k)) (task as Record<string, unknown>)[k] = structuredClone(v);
  return task;
}

function stringParam(input: JsonMap, key: string, ctx: MapperContext): string | null {
  const value = input[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    // Conductor casts with `(String)`: a non-string throws out of decide and the workflow stays RUNNING.
    throw new DecideAbort(`${ctx.node.taskReferenceName}: input "${key}" must be a string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The Java class name Jackson would have produced for a JSON value (for ClassCastException texts). */
function javaClassName(value: unknown): string {
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) <= 2147483647 ? 'java.lang.Integer' : 'java.lang.Long') : 'java.lang.Double';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  return 'java.util.LinkedHashMap';
}

interface Forked {
  readonly nodes: WorkflowTask[];
  readonly inputs: Record<string, unknown>;
}

function simpleForm(ctx: MapperContext, input: JsonMap, hasEarlierFork: boolean): Forked | null {
  const subWorkflowName = stringParam(input, 'forkTaskWorkflow', ctx);
  const versionText = stringParam(input, 'forkTaskWorkflowVersion', ctx);
  const version = versionText !== null && /^[+-]?\d+$/.test(versionText.trim()) ? Number.parseInt(versionText, 10) : null;
  let forkTaskType = stringParam(input, 'forkTaskType', ctx);
  let forkTaskName = stringParam(input, 'forkTaskName', ctx);
  if (forkTaskType !== null && ctx.ops.isSystemTask(forkTaskType) && forkTaskName === null) forkTaskName = forkTaskType;
  if (forkTaskName === null) forkTaskName = ctx.node.taskReferenceName;
  if (forkTaskType === null) forkTaskType = 'SIMPLE';
  const items = input['forkTaskInputs'];
  if (!Array.isArray(items)) return null;
  const nodes: WorkflowTask[] = [];
  const inputs: Record<string, unknown> = {};
  items.forEach((item, i) => {
    const node = asWorkflowTask(item);
    node.name = subWorkflowName ?? forkTaskName;
    node.type = subWorkflowName !== null ? 'SUB_WORKFLOW' : forkTaskType;
    const params: JsonMap = isJsonMap(item) ? structuredClone(item) : { input: structuredClone(item) };
    if (subWorkflowName !== null) {
      node.subWorkflowParam = { name: subWorkflowName, version, ...(isJsonMap(item) ? { taskToDomain: (item['taskToDomain'] as Record<string, string> | undefined) ?? null } : {}) };
    } else {
      (node as PreparedTask).taskDefinition = ctx.ops.registry.getTaskDef(forkTaskName) ?? null;
    }
    node.inputParameters = params;
    node.taskReferenceName = hasEarlierFork ? `_${ctx.node.taskReferenceName}_${node.name}_${i}` : `_${node.name}_${i}`;
    params['__index'] = i;
    if (ctx.node.optional === true) node.optional = true;
    nodes.push(node);
    inputs[node.taskReferenceName] = params;
  });
  return { nodes, inputs };
}

function classicForm(ctx: MapperContext, input: JsonMap, param: string): Forked {
  const raw = input[param];
  let nodes: WorkflowTask[];
  if (raw === null || raw === undefined) nodes = [];
  else if (Array.isArray(raw) && raw.every((t) => isJsonMap(t) && typeof t['taskReferenceName'] === 'string')) {
    nodes = raw.map((t) => asWorkflowTask(t));
  } else {
    throw new TerminateSignal(`Input '${param}' is invalid. Cannot deserialize a list of Workflow Tasks from '${toJavaString(raw)}'`);
  }
  for (const node of nodes) {
    const prepared = node as PreparedTask;
    if ((prepared.taskDefinition === null || prepared.taskDefinition === undefined) && node.name !== undefined && node.name.trim() !== '') {
      prepared.taskDefinition = ctx.ops.registry.getTaskDef(node.name) ?? null;
    }
  }
  const inputName = ctx.node.dynamicForkTasksInputParamName ?? '';
  const inputs = input[inputName];
  if (!isJsonMap(inputs)) {
    throw new TerminateSignal(
      `Input to the dynamically forked tasks is not a map -> expecting a map of K,V  but found ${inputs === undefined ? 'null' : toJavaString(inputs)}`,
    );
  }
  return { nodes, inputs };
}

function legacyForm(ctx: MapperContext, input: JsonMap): Forked {
  const param = ctx.node.dynamicForkJoinTasksParam ?? '';
  const value = input[param];
  const list = isJsonMap(value) && Array.isArray(value['dynamicTasks']) ? (value['dynamicTasks'] as unknown[]) : null;
  if (list === null) {
    throw new TerminateSignal(
      `Dynamic tasks could not be created. The value of ${param} from task's input ${toJavaString(input)} has no dynamic tasks to be scheduled`,
    );
  }
  const nodes: WorkflowTask[] = [];
  const inputs: Record<string, unknown> = {};
  for (const entry of list) {
    const e = isJsonMap(entry) ? entry : {};
    const ref = String(e['referenceName'] ?? '');
    inputs[ref] = e['input'];
    const node = { name: String(e['taskName'] ?? ''), taskReferenceName: ref, type: (e['type'] as string | undefined) ?? 'SIMPLE' } as PreparedTask;
    if (node.name.trim() !== '') node.taskDefinition = ctx.ops.registry.getTaskDef(node.name) ?? null;
    nodes.push(node);
  }
  return { nodes, inputs };
}

export const forkJoinDynamicTask: TaskTypeModule = {
  definitionTypes: ['FORK_JOIN_DYNAMIC'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      const instance = ctx.instance;
      const input = ctx.ops.evaluate(node.inputParameters, instance, null, null);
      const hasEarlierFork = instance.wf.tasks.some((t) => t.workflowTask !== null && nodeType(t.workflowTask) === 'FORK_JOIN_DYNAMIC');
      const forked =
        simpleForm(ctx, input, hasEarlierFork) ??
        (node.dynamicForkTasksParam !== null && node.dynamicForkTasksParam !== undefined
          ? classicForm(ctx, input, node.dynamicForkTasksParam)
          : legacyForm(ctx, input));

      const fork = ctx.createTaskModel();
      fork.taskType = 'FORK';
      fork.taskDefName = 'FORK';
      const now = ctx.ops.now();
      fork.startTime = now;
      fork.endTime = now;
      fork.executed = true;
      fork.status = 'COMPLETED';
      const mapped: TaskModel[] = [fork];
      const exists = instance.taskByRef(node.taskReferenceName) !== undefined;
      const joinOn: string[] = [];
      if (!exists) {
        for (const forkNode of forked.nodes) {
          const extra = forked.inputs[forkNode.taskReferenceName];
          if (extra !== undefined && extra !== null && !isJsonMap(extra)) {
            const cls = javaClassName(extra);
            throw new TerminateSignal(
              `Tasks could not be dynamically forked due to invalid input: class ${cls} cannot be cast to class java.util.Map (${cls} and java.util.Map are in module java.base of loader 'bootstrap')`,
            );
          }
          forkNode.inputParameters = { ...(forkNode.inputParameters ?? {}), ...(extra ?? {}) };
          const produced = ctx.ops.getTasksToBeScheduled(instance, forkNode as PreparedTask, ctx.retryCount);
          if (produced.length === 0) {
            let message = `No dynamic tasks could be created for the Workflow: ${instance.wf.workflowName}.${instance.wf.workflowVersion}/${instance.wf.workflowId}, Dynamic Fork Task: ${forkNode.name}/${forkNode.taskReferenceName}`;
            if (instance.refOccupied(forkNode.taskReferenceName)) {
              message += ` attempted to create a duplicate task reference name: ${forkNode.taskReferenceName}`;
            }
            throw new TerminateSignal(message);
          }
          mapped.push(...produced);
          joinOn.push((produced[produced.length - 1] as TaskModel).referenceTaskName);
        }
      }
      // The FORK's input is serialised when it is persisted, after the inputs were merged into the nodes.
      fork.inputData = {
        forkedTasks: forked.nodes.map((n) => n.taskReferenceName),
        forkedTaskDefs: forked.nodes.map((n) => javaWorkflowTaskJson(n)),
        ...ctx.taskInput,
      };
      const joinNode = instance.bp.nextNode(node.taskReferenceName);
      if (joinNode === null || nodeType(joinNode) !== 'JOIN') {
        throw new TerminateSignal('Dynamic join definition is not followed by a join task.  Check the workflow definition.');
      }
      const join = new TaskModelClass();
      join.taskType = 'JOIN';
      join.taskDefName = 'JOIN';
      join.referenceTaskName = joinNode.taskReferenceName;
      join.workflowInstanceId = instance.wf.workflowId;
      join.workflowType = instance.wf.workflowName;
      join.correlationId = instance.wf.correlationId;
      join.scheduledTime = now;
      join.startTime = now;
      join.inputData = { ...structuredClone(joinNode.inputParameters ?? {}), joinOn };
      join.taskId = ctx.ops.newId();
      join.status = 'IN_PROGRESS';
      join.workflowTask = joinNode;
      join.workflowPriority = instance.wf.priority;
      mapped.push(join);
      return mapped;
    },
  },
};
