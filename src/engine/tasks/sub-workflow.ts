/**
 * SUB_WORKFLOW: an async, async-complete system task whose first tick starts a child workflow
 * (inline definition or a registered one) and which completes when the child ends.
 *
 * Conductor: core/.../execution/mapper/SubWorkflowTaskMapper.java,
 * core/.../execution/tasks/SubWorkflow.java, IDGenerator.generateSubWorkflowId
 * (task-types §2.11). The child id is derived from (parent id, task id, retryCount) on the server;
 * here it comes from the run's seeded id source.
 */
import { parseWorkflowDef } from '../../definitions/index.js';
import type { WorkflowDef } from '../../definitions/index.js';
import { DefinitionError, formatPath } from '../../errors/index.js';
import type { Issue } from '../../errors/index.js';
import type { Instance } from '../instance.js';
import type { JsonMap, TaskModel } from '../model.js';
import { StartWorkflowError, TerminateSignal } from '../ops.js';
import type { ExecutorOps, TaskTypeModule } from '../ops.js';
import { addOutput, isJsonMap, systemTask } from './common.js';
import { javaWorkflowDefJson } from '../java-json.js';

function resolvedParams(ctx: { node: import('../model.js').PreparedTask; instance: Instance; ops: ExecutorOps }): JsonMap {
  const params = ctx.node.subWorkflowParam;
  if (params === null || params === undefined) {
    throw new TerminateSignal(`Task ${ctx.node.name} is defined as sub-workflow and is missing subWorkflowParams. Please check the workflow definition`);
  }
  const raw: JsonMap = { name: params.name ?? null, priority: params.priority ?? null };
  if (params.version !== null && params.version !== undefined) raw['version'] = params.version;
  if (params.taskToDomain !== null && params.taskToDomain !== undefined) raw['taskToDomain'] = params.taskToDomain;
  if (params.idempotencyKey !== null && params.idempotencyKey !== undefined) raw['idempotencyKey'] = params.idempotencyKey;
  if (params.idempotencyStrategy !== null && params.idempotencyStrategy !== undefined) raw['idempotencyStrategy'] = params.idempotencyStrategy;
  const definition = params.workflowDefinition;
  if (typeof definition === 'string') {
    raw['workflowDefinition'] = definition;
    return ctx.ops.evaluate(raw, ctx.instance, null, null);
  }
  const resolved = ctx.ops.evaluate(raw, ctx.instance, null, null);
  if (definition !== null && definition !== undefined) resolved['workflowDefinition'] = definition;
  return resolved;
}

/** Maps the child's status onto the parent task (`SubWorkflow.updateTaskStatus`). */
function updateTaskStatus(child: Instance, task: TaskModel): void {
  const wf = child.wf;
  switch (wf.status) {
    case 'RUNNING':
    case 'PAUSED':
      task.status = 'IN_PROGRESS';
      break;
    case 'COMPLETED':
      task.status = 'COMPLETED';
      break;
    case 'FAILED':
      task.status = 'FAILED';
      break;
    case 'TERMINATED':
      task.status = 'CANCELED';
      break;
    case 'TIMED_OUT':
      task.status = 'TIMED_OUT';
      break;
  }
  if (wf.status !== 'RUNNING' && wf.status !== 'PAUSED') {
    addOutput(task, structuredClone(wf.output));
    if (wf.status !== 'COMPLETED') {
      task.reasonForIncompletion = `Sub workflow ${wf.workflowName}.${wf.workflowVersion}/${wf.workflowId} failure reason: ${wf.reasonForIncompletion ?? 'null'}`;
    }
  }
}

/** A definition with `tasks` defaulted to an empty list, as Jackson leaves a WorkflowDef without them. */
function withTaskList(value: JsonMap): WorkflowDef {
  return (value['tasks'] === undefined || value['tasks'] === null ? { ...value, tasks: [] } : value) as unknown as WorkflowDef;
}

/**
 * What `objectMapper.convertValue(value, WorkflowDef.class)` in SubWorkflow.start makes of a
 * definition resolved at run time: `unconvertible` where Jackson throws (not an object, `tasks`
 * not a list of objects); otherwise the definition, unless it is one the engine cannot run at all
 * (a task without a reference name, ...): then `invalid`, and the SUB_WORKFLOW task fails with
 * the reason (the server would start it and misbehave; docs/divergences.md).
 */
function convertWorkflowDef(value: unknown, fromExpression: boolean): { kind: 'ok'; def: WorkflowDef } | { kind: 'unconvertible' } | { kind: 'invalid'; reason: string } {
  if (!isJsonMap(value)) return { kind: 'unconvertible' };
  const tasks = value['tasks'];
  if (tasks !== undefined && tasks !== null && (!Array.isArray(tasks) || tasks.some((t) => !isJsonMap(t)))) return { kind: 'unconvertible' };
  const def = withTaskList(value);
  // A definition written inline was checked with its parent before the run; only one that an
  // expression produced at run time is checked here.
  if (!fromExpression) return { kind: 'ok', def };
  let errors: readonly Issue[] = [];
  try {
    parseWorkflowDef(def);
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    errors = error.issues;
  }
  if (errors.length > 0) {
    const first = errors.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
    return { kind: 'invalid', reason: `Invalid sub workflow definition ${JSON.stringify(value['name'] ?? null)}: ${first}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}` };
  }
  return { kind: 'ok', def };
}

export const subWorkflowTask: TaskTypeModule = {
  definitionTypes: ['SUB_WORKFLOW'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      const resolved = resolvedParams(ctx);
      const name = resolved['name'] === null || resolved['name'] === undefined ? 'null' : String(resolved['name']);
      const definition = resolved['workflowDefinition'] ?? null;
      let version: number | null = null;
      if (definition === null) {
        const v = resolved['version'];
        if (typeof v === 'number') version = Math.trunc(v);
        else if (v !== null && v !== undefined) version = Number.parseInt(String(v), 10);
        else {
          const latest = ctx.ops.registry.getWorkflowDef(name, null);
          if (latest === undefined) throw new TerminateSignal(`The Task ${name} defined as a sub-workflow has no workflow definition available `);
          version = latest.version ?? 1;
        }
      }
      const taskToDomain = isJsonMap(resolved['taskToDomain']) ? resolved['taskToDomain'] : null;
      const task = ctx.createTaskModel();
      task.taskType = 'SUB_WORKFLOW';
      task.inputData = {
        subWorkflowName: name,
        priority: resolved['priority'] ?? null,
        subWorkflowVersion: version,
        subWorkflowTaskToDomain: taskToDomain,
        subWorkflowDefinition: isJsonMap(definition) && convertWorkflowDef(definition, false).kind === 'ok' ? javaWorkflowDefJson(withTaskList(definition)) : definition,
        idempotencyKey: resolved['idempotencyKey'] ?? null,
        idempotencyStrategy: resolved['idempotencyStrategy'] ?? null,
        workflowInput: ctx.taskInput,
      };
      task.status = 'SCHEDULED';
      task.callbackAfterSeconds = node.startDelay ?? 0;
      const priority = node.subWorkflowParam?.priority;
      if (typeof priority === 'number') task.workflowPriority = Math.trunc(priority);
      return [task];
    },
  },
  system: systemTask({
    taskType: 'SUB_WORKFLOW',
    isAsync: true,
    isAsyncComplete: () => true,
    start(instance, task, ops) {
      if (task.status !== 'SCHEDULED') return;
      const input = task.inputData;
      const versionValue = input['subWorkflowVersion'];
      const version = typeof versionValue === 'number' ? (versionValue === 0 ? null : versionValue) : null;
      let definition: WorkflowDef | null = null;
      let name: string | null;
      if (input['subWorkflowDefinition'] !== null && input['subWorkflowDefinition'] !== undefined) {
        const written = task.workflowTask?.subWorkflowParam?.workflowDefinition;
        const converted = convertWorkflowDef(input['subWorkflowDefinition'], typeof written === 'string');
        if (converted.kind === 'unconvertible') {
          // SubWorkflow.start: objectMapper.convertValue throws; AsyncSystemTaskExecutor catches it
          // and stores the task unchanged, so it stays SCHEDULED and the workflow RUNNING (the
          // server retries the start for ever, always failing; we stop ticking it).
          task.stuck = true;
          return;
        }
        if (converted.kind === 'invalid') {
          task.status = 'FAILED';
          task.reasonForIncompletion = converted.reason;
          return;
        }
        definition = converted.def;
        name = definition.name;
      } else {
        name = input['subWorkflowName'] === null || input['subWorkflowName'] === undefined ? null : String(input['subWorkflowName']);
        if (name === null) {
          task.status = 'FAILED';
          task.reasonForIncompletion = 'SubWorkflow name is null and no workflowDefinition supplied';
          return;
        }
      }
      const taskToDomain = isJsonMap(input['subWorkflowTaskToDomain']) ? (input['subWorkflowTaskToDomain'] as Record<string, string>) : instance.wf.taskToDomain;
      let wfInput = input['workflowInput'] as JsonMap | null | undefined;
      if (wfInput === null || wfInput === undefined || Object.keys(wfInput).length === 0) wfInput = input;
      if (definition !== null) {
        const meta = isJsonMap(wfInput['_systemMetadata']) ? { ...wfInput['_systemMetadata'] } : {};
        meta['dynamic'] = true;
        wfInput = { ...wfInput, _systemMetadata: meta };
      }
      const priority = typeof input['priority'] === 'number' ? Math.trunc(input['priority']) : null;
      try {
        const child = ops.startWorkflow({
          definition,
          name,
          version,
          input: structuredClone(wfInput),
          correlationId: instance.wf.correlationId,
          parentWorkflowId: instance.wf.workflowId,
          parentWorkflowTaskId: task.taskId,
          taskToDomain,
          priority,
          queueFirstDecide: true,
          cause: 'sub-workflow',
          startedBy: { workflowName: instance.wf.workflowName, taskReferenceName: task.referenceTaskName },
        });
        task.reasonForIncompletion = null;
        task.subWorkflowId = child.wf.workflowId;
        addOutput(task, { subWorkflowId: child.wf.workflowId });
        updateTaskStatus(child, task);
      } catch (e) {
        if (!(e instanceof StartWorkflowError)) throw e;
        task.status = 'FAILED';
        task.reasonForIncompletion = e.message;
      }
    },
    execute(_instance, task, ops) {
      const childId = task.subWorkflowId;
      if (childId === null || childId === '') return false;
      const child = ops.instance(childId);
      if (child === undefined) return false;
      const status = child.wf.status;
      if (status === 'RUNNING' || status === 'PAUSED') return false;
      updateTaskStatus(child, task);
      return true;
    },
    cancel(instance, task, ops) {
      const childId = task.subWorkflowId;
      if (childId === null) return;
      const child = ops.instance(childId);
      if (child === undefined) return;
      child.wf.status = 'TERMINATED';
      const parent = instance.wf;
      const reason =
        parent.reasonForIncompletion === null || parent.reasonForIncompletion === ''
          ? `Parent workflow has been terminated with status ${parent.status}`
          : `Parent workflow has been terminated with reason: ${parent.reasonForIncompletion}`;
      ops.terminateWorkflow(child, reason);
    },
  }),
};
