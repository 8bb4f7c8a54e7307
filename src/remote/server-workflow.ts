/**
 * The JSON a Conductor server returns for a workflow execution (`GET /api/workflow/{id}`,
 * `POST /api/workflow/test`), as TypeScript types, plus the loose zod schemas that check it.
 *
 * Shapes: common/src/main/java/com/netflix/conductor/common/run/Workflow.java and
 * common/.../metadata/tasks/Task.java. The server's ObjectMapper leaves out null properties
 * (common/config/ObjectMapperProvider.java, `JsonInclude.Include.NON_NULL`), so every field that
 * can be null on the Java side is optional here; primitives (`int`, `long`, `boolean`) are always
 * present on a real server but are optional too, because proxies and other builds (Orkes) vary.
 * Unknown fields are kept.
 *
 * @packageDocumentation
 */

import { z } from 'zod';

import { TaskStatus, WorkflowStatus } from '../trace/index.js';

/** One task instance as the server returns it (`Task` JSON). Only the fields we read are typed. */
export interface ServerTask {
  readonly [field: string]: unknown;
  readonly taskId: string;
  readonly referenceTaskName: string;
  /** SIMPLE tasks: the task name; system tasks: their type (MAP/SimpleTaskMapper.java). */
  readonly taskType: string;
  readonly status: TaskStatus;
  readonly taskDefName?: string | null | undefined;
  readonly seq?: number | null | undefined;
  readonly retryCount?: number | null | undefined;
  readonly iteration?: number | null | undefined;
  readonly scheduledTime?: number | null | undefined;
  readonly startTime?: number | null | undefined;
  readonly endTime?: number | null | undefined;
  readonly updateTime?: number | null | undefined;
  readonly inputData?: Readonly<Record<string, unknown>> | null | undefined;
  readonly outputData?: Readonly<Record<string, unknown>> | null | undefined;
  readonly reasonForIncompletion?: string | null | undefined;
  readonly retriedTaskId?: string | null | undefined;
  readonly retried?: boolean | null | undefined;
  readonly executed?: boolean | null | undefined;
  readonly callbackAfterSeconds?: number | null | undefined;
  readonly startDelayInSeconds?: number | null | undefined;
  readonly pollCount?: number | null | undefined;
  readonly responseTimeoutSeconds?: number | null | undefined;
  readonly workflowInstanceId?: string | null | undefined;
  readonly workflowType?: string | null | undefined;
  readonly correlationId?: string | null | undefined;
  readonly subWorkflowId?: string | null | undefined;
  readonly workerId?: string | null | undefined;
  readonly domain?: string | null | undefined;
}

/** One workflow execution as the server returns it (`Workflow` JSON). Only the fields we read are typed. */
export interface ServerWorkflow {
  readonly [field: string]: unknown;
  readonly workflowId: string;
  readonly status: WorkflowStatus;
  /** Derived getter on the server (`workflowDefinition.name`). */
  readonly workflowName?: string | null | undefined;
  readonly workflowVersion?: number | null | undefined;
  readonly workflowDefinition?: { readonly [field: string]: unknown; readonly name?: string | null | undefined; readonly version?: number | null | undefined } | null | undefined;
  readonly input?: Readonly<Record<string, unknown>> | null | undefined;
  readonly output?: Readonly<Record<string, unknown>> | null | undefined;
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
  readonly reasonForIncompletion?: string | null | undefined;
  readonly failedReferenceTaskNames?: readonly string[] | null | undefined;
  readonly failedTaskNames?: readonly string[] | null | undefined;
  /** `Auditable.createTime`; the derived `startTime` getter returns the same value. */
  readonly createTime?: number | null | undefined;
  readonly startTime?: number | null | undefined;
  readonly updateTime?: number | null | undefined;
  readonly endTime?: number | null | undefined;
  readonly correlationId?: string | null | undefined;
  readonly parentWorkflowId?: string | null | undefined;
  readonly parentWorkflowTaskId?: string | null | undefined;
  readonly priority?: number | null | undefined;
  /** Values can be null: the server keeps null map entries. */
  readonly taskToDomain?: Readonly<Record<string, string | null>> | null | undefined;
  /** Absent when fetched with `includeTasks=false`. */
  readonly tasks?: readonly ServerTask[] | null | undefined;
}

/** `GET /health`: com.netflix.runtime.health.api.HealthCheckStatus, via rest/.../HealthCheckResource.java. */
export interface ServerHealth {
  readonly [field: string]: unknown;
  readonly healthy: boolean;
}

const TASK_STATUSES = Object.values(TaskStatus) as [TaskStatus, ...TaskStatus[]];
const WORKFLOW_STATUSES = Object.values(WorkflowStatus) as [WorkflowStatus, ...WorkflowStatus[]];

const record = z.record(z.string(), z.unknown()).nullish();
const text = z.string().nullish();
const count = z.number().nullish();
const flag = z.boolean().nullish();

/** Loose schema of {@link ServerTask}. */
export const serverTaskSchema: z.ZodType<ServerTask> = z.looseObject({
  taskId: z.string(),
  referenceTaskName: z.string(),
  taskType: z.string(),
  status: z.enum(TASK_STATUSES),
  taskDefName: text,
  seq: count,
  retryCount: count,
  iteration: count,
  scheduledTime: count,
  startTime: count,
  endTime: count,
  updateTime: count,
  inputData: record,
  outputData: record,
  reasonForIncompletion: text,
  retriedTaskId: text,
  retried: flag,
  executed: flag,
  callbackAfterSeconds: count,
  startDelayInSeconds: count,
  pollCount: count,
  responseTimeoutSeconds: count,
  workflowInstanceId: text,
  workflowType: text,
  correlationId: text,
  subWorkflowId: text,
  workerId: text,
  domain: text,
});

/** Loose schema of {@link ServerWorkflow}. */
export const serverWorkflowSchema: z.ZodType<ServerWorkflow> = z.looseObject({
  workflowId: z.string(),
  status: z.enum(WORKFLOW_STATUSES),
  workflowName: text,
  workflowVersion: count,
  workflowDefinition: z.looseObject({ name: text, version: count }).nullish(),
  input: record,
  output: record,
  variables: record,
  reasonForIncompletion: text,
  failedReferenceTaskNames: z.array(z.string()).nullish(),
  failedTaskNames: z.array(z.string()).nullish(),
  createTime: count,
  startTime: count,
  updateTime: count,
  endTime: count,
  correlationId: text,
  parentWorkflowId: text,
  parentWorkflowTaskId: text,
  priority: count,
  taskToDomain: z.record(z.string(), z.string().nullable()).nullish(),
  tasks: z.array(serverTaskSchema).nullish(),
});

/** Loose schema of {@link ServerHealth}. */
export const serverHealthSchema: z.ZodType<ServerHealth> = z.looseObject({ healthy: z.boolean() });
