/**
 * zod schemas of Conductor's definition and request JSON: the *shape* checks (field types,
 * closed sets, required fields). Cross-field and whole-tree rules live in the validators
 * (validate-workflow-def.ts, validate-task-def.ts, validate-test-request.ts).
 *
 * Two rules hold for every schema here, so that what a user wrote is what the engine reads:
 * - unknown fields are kept (loose objects), as Conductor's ObjectMapper ignores them without
 *   failing (common/config/ObjectMapperBuilderConfiguration.java disables
 *   FAIL_ON_UNKNOWN_PROPERTIES; shared/spec engine-semantics §7.1);
 * - nothing is defaulted: an absent field stays absent and the engine applies Conductor's
 *   default where it reads it (engine-semantics §1.5).
 *
 * Field names and nullability follow common/metadata/workflow/WorkflowDef.java,
 * WorkflowTask.java, SubWorkflowParams.java, common/metadata/tasks/TaskDef.java and
 * common/run/WorkflowTestRequest.java. The parsed types are assignable to the interfaces in
 * types.ts (pinned by test/definitions/types.test-d.ts).
 */
import { z } from 'zod';
import { TaskResultStatus } from './types.js';
import {
  bool,
  expecting,
  int,
  jsonObject,
  nonEmptyStr,
  num,
  oneOf,
  str,
  stringArray,
  stringMap,
} from './internal/zod-helpers.js';
import { mockStatusHints } from './internal/mock-status.js';

const TASK_TIMEOUT_POLICIES = ['RETRY', 'TIME_OUT_WF', 'ALERT_ONLY'] as const;
const RETRY_LOGICS = ['FIXED', 'LINEAR_BACKOFF', 'EXPONENTIAL_BACKOFF'] as const;
const WORKFLOW_TIMEOUT_POLICIES = ['TIME_OUT_WF', 'ALERT_ONLY'] as const;
const MOCK_STATUSES = [
  TaskResultStatus.IN_PROGRESS,
  TaskResultStatus.FAILED,
  TaskResultStatus.FAILED_WITH_TERMINAL_ERROR,
  TaskResultStatus.COMPLETED,
  TaskResultStatus.CANCELED,
] as const;

/** `SchemaDef` (a JSON Schema attached to a task or workflow definition). */
export const schemaDefSchema = z.looseObject(
  {
    name: str().exactOptional(),
    version: int().exactOptional(),
    type: str().exactOptional(),
    data: jsonObject().exactOptional(),
    externalRef: str().exactOptional(),
  },
  expecting('a SchemaDef object'),
);

const nullableSchemaDef = z.union([z.null(), schemaDefSchema], expecting('a SchemaDef object or null'));

/**
 * `TaskDef`. Only types are checked here; the ranges and timeout rules of Conductor's bean
 * validation are in `validateTaskDef`, because a TaskDef embedded in a workflow task
 * (`taskDefinition`) is not bean-validated by Conductor and only gets warnings.
 */
export const taskDefSchema = z.looseObject(
  {
    name: nonEmptyStr(),
    description: str().exactOptional(),
    retryCount: int().exactOptional(),
    timeoutSeconds: int().exactOptional(),
    totalTimeoutSeconds: int().exactOptional(),
    inputKeys: stringArray().exactOptional(),
    outputKeys: stringArray().exactOptional(),
    timeoutPolicy: oneOf(TASK_TIMEOUT_POLICIES).exactOptional(),
    retryLogic: oneOf(RETRY_LOGICS).exactOptional(),
    retryDelaySeconds: int().exactOptional(),
    responseTimeoutSeconds: int().exactOptional(),
    concurrentExecLimit: int('an integer or null').nullable().exactOptional(),
    inputTemplate: jsonObject().exactOptional(),
    rateLimitPerFrequency: int('an integer or null').nullable().exactOptional(),
    rateLimitFrequencyInSeconds: int('an integer or null').nullable().exactOptional(),
    isolationGroupId: str('a string or null').nullable().exactOptional(),
    executionNameSpace: str('a string or null').nullable().exactOptional(),
    ownerEmail: str().exactOptional(),
    pollTimeoutSeconds: int('an integer or null').nullable().exactOptional(),
    backoffScaleFactor: int().exactOptional(),
    maxRetryDelaySeconds: int().exactOptional(),
    backoffJitterMs: int().exactOptional(),
    baseType: str('a string or null').nullable().exactOptional(),
    inputSchema: nullableSchemaDef.exactOptional(),
    outputSchema: nullableSchemaDef.exactOptional(),
    enforceSchema: bool().exactOptional(),
  },
  expecting('a TaskDef object'),
);

/** `SubWorkflowParams`; `workflowDefinition` is an inline WorkflowDef, a `"${...}"` string or null. */
export const subWorkflowParamsSchema = z.looseObject(
  {
    name: str().exactOptional(),
    version: int('an integer or null').nullable().exactOptional(),
    taskToDomain: stringMap().nullable().exactOptional(),
    get workflowDefinition() {
      return z
        .union(
          [z.null(), str(), workflowDefSchema],
          expecting('an inline workflow definition object, a "${...}" string or null'),
        )
        .exactOptional();
    },
    idempotencyKey: str('a string or null').nullable().exactOptional(),
    idempotencyStrategy: oneOf(['FAIL', 'RETURN_EXISTING', 'FAIL_ON_RUNNING']).nullable().exactOptional(),
    priority: z
      .union([z.null(), num(), str()], expecting('a number, a "${...}" string or null'))
      .exactOptional(),
  },
  expecting('a subWorkflowParam object'),
);

/** `WorkflowTask`: one node, recursive through cases, default case, fork branches and loopOver. */
export const workflowTaskSchema = z.looseObject(
  {
    name: nonEmptyStr(),
    taskReferenceName: nonEmptyStr(),
    type: nonEmptyStr().exactOptional(),
    description: str('a string or null').nullable().exactOptional(),
    inputParameters: jsonObject().exactOptional(),
    dynamicTaskNameParam: str('a string or null').nullable().exactOptional(),
    caseValueParam: str('a string or null').nullable().exactOptional(),
    caseExpression: str('a string or null').nullable().exactOptional(),
    scriptExpression: str('a string or null').nullable().exactOptional(),
    get decisionCases() {
      return z.record(z.string(), taskList(), expecting('an object of task lists')).exactOptional();
    },
    dynamicForkJoinTasksParam: str('a string or null').nullable().exactOptional(),
    dynamicForkTasksParam: str('a string or null').nullable().exactOptional(),
    dynamicForkTasksInputParamName: str('a string or null').nullable().exactOptional(),
    get defaultCase() {
      return taskList().exactOptional();
    },
    get forkTasks() {
      return z.array(taskList(), expecting('an array of task lists')).exactOptional();
    },
    startDelay: int().exactOptional(),
    get subWorkflowParam() {
      return subWorkflowParamsSchema.nullable().exactOptional();
    },
    joinOn: stringArray().exactOptional(),
    sink: str('a string or null').nullable().exactOptional(),
    optional: bool().exactOptional(),
    permissive: bool().exactOptional(),
    taskDefinition: z.union([z.null(), taskDefSchema], expecting('a TaskDef object or null')).exactOptional(),
    rateLimited: bool('a boolean or null').nullable().exactOptional(),
    defaultExclusiveJoinTask: stringArray().exactOptional(),
    asyncComplete: bool().exactOptional(),
    loopCondition: str('a string or null').nullable().exactOptional(),
    get loopOver() {
      return taskList().exactOptional();
    },
    retryCount: int('an integer or null').nullable().exactOptional(),
    evaluatorType: str('a string or null').nullable().exactOptional(),
    expression: str('a string or null').nullable().exactOptional(),
    items: str('a string or null').nullable().exactOptional(),
    joinMode: str('a string or null').nullable().exactOptional(),
    onStateChange: jsonObject().exactOptional(),
    metadata: jsonObject().exactOptional(),
  },
  expecting('a task object'),
);

function taskList() {
  return z.array(workflowTaskSchema, expecting('an array of tasks'));
}

/** `WorkflowDef`. `tasks` must be non-empty (`@NotEmpty` on WorkflowDef.tasks). */
export const workflowDefSchema = z.looseObject(
  {
    name: nonEmptyStr(),
    description: str('a string or null').nullable().exactOptional(),
    version: int().exactOptional(),
    get tasks() {
      return taskList().min(1, expecting('a non-empty array of tasks'));
    },
    inputParameters: stringArray().exactOptional(),
    outputParameters: jsonObject().exactOptional(),
    failureWorkflow: str('a string or null').nullable().exactOptional(),
    failureWorkflowVersion: int('an integer or null').nullable().exactOptional(),
    schemaVersion: int().exactOptional(),
    restartable: bool().exactOptional(),
    workflowStatusListenerEnabled: bool().exactOptional(),
    ownerEmail: str('a string or null').nullable().exactOptional(),
    timeoutPolicy: oneOf(WORKFLOW_TIMEOUT_POLICIES).exactOptional(),
    timeoutSeconds: int().exactOptional(),
    variables: jsonObject().exactOptional(),
    inputTemplate: jsonObject().exactOptional(),
    inputSchema: nullableSchemaDef.exactOptional(),
    outputSchema: nullableSchemaDef.exactOptional(),
    enforceSchema: bool().exactOptional(),
    metadata: jsonObject().exactOptional(),
  },
  expecting('a workflow definition object'),
);

/**
 * `WorkflowTestRequest.TaskMock`. `output` may be absent or null here (the types allow it);
 * `validateTestRequest` reports it, because the server fails with a 500 when it consumes such a
 * mock (engine-semantics §7.1).
 */
export const taskMockSchema = z.looseObject(
  {
    status: oneOf(MOCK_STATUSES, mockStatusHints).exactOptional(),
    output: jsonObject('an object or null').nullable().exactOptional(),
    executionTime: int().exactOptional(),
    queueWaitTime: int().exactOptional(),
  },
  expecting('a mock object'),
);

/** The fields of a test request, with the `name` schema of the top level or of a nested request. */
function testRequestShape<N extends z.ZodType>(name: N) {
  return {
    name,
    version: int('an integer or null').nullable().exactOptional(),
    correlationId: str('a string or null').nullable().exactOptional(),
    input: jsonObject().exactOptional(),
    taskToDomain: stringMap().exactOptional(),
    workflowDef: z
      .union([z.null(), workflowDefSchema], expecting('a workflow definition object or null'))
      .exactOptional(),
    priority: int('an integer or null').nullable().exactOptional(),
    externalInputPayloadStoragePath: str('a string or null').nullable().exactOptional(),
    idempotencyKey: str('a string or null').nullable().exactOptional(),
    idempotencyStrategy: str('a string or null').nullable().exactOptional(),
    createdBy: str('a string or null').nullable().exactOptional(),
    taskRefToMockOutput: z
      .record(z.string(), z.array(taskMockSchema, expecting('an array of mocks')), expecting('an object of mock lists'))
      .exactOptional(),
    get subWorkflowTestRequest() {
      return z
        .record(z.string(), subWorkflowTestRequestSchema, expecting('an object of sub-workflow test requests'))
        .exactOptional();
    },
  };
}

/** A nested `subWorkflowTestRequest` value: a test request whose `name` the server ignores. */
export const subWorkflowTestRequestSchema = z.looseObject(
  testRequestShape(str().exactOptional()),
  expecting('a sub-workflow test request object'),
);

/**
 * `WorkflowTestRequest`, the body of `POST /api/workflow/test`. `name` is `@NotNull` on
 * StartWorkflowRequest (an empty string passes Conductor's validation, so it passes here).
 */
export const workflowTestRequestSchema = z.looseObject(
  testRequestShape(str()),
  expecting('a test request object'),
);

/** The statuses a mock may carry (TaskResult.Status). */
export const mockStatuses: readonly TaskResultStatus[] = MOCK_STATUSES;
