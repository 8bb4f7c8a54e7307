/**
 * TypeScript shapes of Conductor's definition and request JSON. Field names are Conductor's own
 * (common/src/main/java/com/netflix/conductor/common/metadata/workflow/WorkflowDef.java,
 * WorkflowTask.java, SubWorkflowParams.java, tasks/TaskDef.java, run/WorkflowTestRequest.java).
 *
 * These types describe what a parsed document *contains*: optional fields stay optional and no
 * default is filled in here (the engine applies Conductor's defaults where it reads a field, so a
 * definition echoed back is the one the user wrote). Unknown fields are kept, hence the index
 * signatures.
 */

/** Task types of the OSS build (common/metadata/tasks/TaskType.java) that the engine runs. */
export const TaskType = {
  SIMPLE: 'SIMPLE',
  DYNAMIC: 'DYNAMIC',
  FORK_JOIN: 'FORK_JOIN',
  FORK_JOIN_DYNAMIC: 'FORK_JOIN_DYNAMIC',
  DECISION: 'DECISION',
  SWITCH: 'SWITCH',
  JOIN: 'JOIN',
  DO_WHILE: 'DO_WHILE',
  SUB_WORKFLOW: 'SUB_WORKFLOW',
  START_WORKFLOW: 'START_WORKFLOW',
  EVENT: 'EVENT',
  WAIT: 'WAIT',
  HUMAN: 'HUMAN',
  USER_DEFINED: 'USER_DEFINED',
  HTTP: 'HTTP',
  LAMBDA: 'LAMBDA',
  INLINE: 'INLINE',
  EXCLUSIVE_JOIN: 'EXCLUSIVE_JOIN',
  TERMINATE: 'TERMINATE',
  KAFKA_PUBLISH: 'KAFKA_PUBLISH',
  JSON_JQ_TRANSFORM: 'JSON_JQ_TRANSFORM',
  SET_VARIABLE: 'SET_VARIABLE',
  NOOP: 'NOOP',
} as const;
export type TaskType = (typeof TaskType)[keyof typeof TaskType];

/** `TaskDef.retryLogic`. */
export const RetryLogic = {
  FIXED: 'FIXED',
  LINEAR_BACKOFF: 'LINEAR_BACKOFF',
  EXPONENTIAL_BACKOFF: 'EXPONENTIAL_BACKOFF',
} as const;
export type RetryLogic = (typeof RetryLogic)[keyof typeof RetryLogic];

/** `TaskDef.timeoutPolicy`. */
export const TaskTimeoutPolicy = {
  RETRY: 'RETRY',
  TIME_OUT_WF: 'TIME_OUT_WF',
  ALERT_ONLY: 'ALERT_ONLY',
} as const;
export type TaskTimeoutPolicy = (typeof TaskTimeoutPolicy)[keyof typeof TaskTimeoutPolicy];

/** `WorkflowDef.timeoutPolicy`. */
export const WorkflowTimeoutPolicy = {
  TIME_OUT_WF: 'TIME_OUT_WF',
  ALERT_ONLY: 'ALERT_ONLY',
} as const;
export type WorkflowTimeoutPolicy = (typeof WorkflowTimeoutPolicy)[keyof typeof WorkflowTimeoutPolicy];

/** Statuses a worker or a test mock may report (common/metadata/tasks/TaskResult.java `Status`). */
export const TaskResultStatus = {
  IN_PROGRESS: 'IN_PROGRESS',
  FAILED: 'FAILED',
  FAILED_WITH_TERMINAL_ERROR: 'FAILED_WITH_TERMINAL_ERROR',
  COMPLETED: 'COMPLETED',
  CANCELED: 'CANCELED',
} as const;
export type TaskResultStatus = (typeof TaskResultStatus)[keyof typeof TaskResultStatus];

/** A JSON object as parsed. */
export type JsonObject = Record<string, unknown>;

/** `TaskDef`: retry, timeout and rate settings of a task name. Defaults are Conductor's (engine-semantics §1.5). */
export interface TaskDef {
  name: string;
  description?: string;
  /** @defaultValue 3 */
  retryCount?: number;
  /** @defaultValue 0 (disabled) */
  timeoutSeconds?: number;
  /** @defaultValue 0 (disabled) */
  totalTimeoutSeconds?: number;
  inputKeys?: string[];
  outputKeys?: string[];
  /** @defaultValue 'TIME_OUT_WF' */
  timeoutPolicy?: TaskTimeoutPolicy;
  /** @defaultValue 'FIXED' */
  retryLogic?: RetryLogic;
  /** @defaultValue 60 */
  retryDelaySeconds?: number;
  /** @defaultValue 3600 */
  responseTimeoutSeconds?: number;
  concurrentExecLimit?: number | null;
  inputTemplate?: JsonObject;
  rateLimitPerFrequency?: number | null;
  rateLimitFrequencyInSeconds?: number | null;
  isolationGroupId?: string | null;
  executionNameSpace?: string | null;
  ownerEmail?: string;
  pollTimeoutSeconds?: number | null;
  /** @defaultValue 1 */
  backoffScaleFactor?: number;
  /** @defaultValue 0 (no cap) */
  maxRetryDelaySeconds?: number;
  /** @defaultValue 0 */
  backoffJitterMs?: number;
  baseType?: string | null;
  inputSchema?: SchemaDef | null;
  outputSchema?: SchemaDef | null;
  enforceSchema?: boolean;
  [key: string]: unknown;
}

/** `SchemaDef`: a JSON Schema attached to a task or workflow definition. */
export interface SchemaDef {
  name?: string;
  version?: number;
  type?: string;
  data?: JsonObject;
  externalRef?: string;
  [key: string]: unknown;
}

/** `SubWorkflowParams`. */
export interface SubWorkflowParams {
  name?: string;
  /** null/absent/0 = latest registered version. */
  version?: number | null;
  taskToDomain?: Record<string, string> | null;
  /** An inline `WorkflowDef`, or a `"${...}"` string resolved at run time. */
  workflowDefinition?: WorkflowDef | string | null;
  idempotencyKey?: string | null;
  idempotencyStrategy?: string | null;
  priority?: number | string | null;
  [key: string]: unknown;
}

/** `WorkflowTask`: one node of a definition. */
export interface WorkflowTask {
  name: string;
  taskReferenceName: string;
  /** @defaultValue 'SIMPLE' */
  type?: string;
  description?: string | null;
  /** @defaultValue {} */
  inputParameters?: JsonObject;
  dynamicTaskNameParam?: string | null;
  caseValueParam?: string | null;
  caseExpression?: string | null;
  scriptExpression?: string | null;
  decisionCases?: Record<string, WorkflowTask[]>;
  dynamicForkJoinTasksParam?: string | null;
  dynamicForkTasksParam?: string | null;
  dynamicForkTasksInputParamName?: string | null;
  defaultCase?: WorkflowTask[];
  forkTasks?: WorkflowTask[][];
  /** @defaultValue 0 */
  startDelay?: number;
  subWorkflowParam?: SubWorkflowParams | null;
  joinOn?: string[];
  sink?: string | null;
  /** @defaultValue false */
  optional?: boolean;
  /** @defaultValue false */
  permissive?: boolean;
  taskDefinition?: TaskDef | null;
  rateLimited?: boolean | null;
  defaultExclusiveJoinTask?: string[];
  /** @defaultValue false */
  asyncComplete?: boolean;
  loopCondition?: string | null;
  loopOver?: WorkflowTask[];
  /** Overrides the TaskDef's retryCount when set. */
  retryCount?: number | null;
  evaluatorType?: string | null;
  expression?: string | null;
  /** DO_WHILE list mode: an expression yielding the list to iterate. */
  items?: string | null;
  joinMode?: string | null;
  onStateChange?: JsonObject;
  metadata?: JsonObject;
  [key: string]: unknown;
}

/** `WorkflowDef`. */
export interface WorkflowDef {
  name: string;
  description?: string | null;
  /** @defaultValue 1 */
  version?: number;
  tasks: WorkflowTask[];
  inputParameters?: string[];
  /** @defaultValue {} */
  outputParameters?: JsonObject;
  /** Name of the workflow started on failure; `$workflow.input.key` reads it from the input. */
  failureWorkflow?: string | null;
  failureWorkflowVersion?: number | null;
  /** @defaultValue 2 */
  schemaVersion?: number;
  restartable?: boolean;
  workflowStatusListenerEnabled?: boolean;
  ownerEmail?: string | null;
  /** @defaultValue 'ALERT_ONLY' */
  timeoutPolicy?: WorkflowTimeoutPolicy;
  /** @defaultValue 0 (disabled) */
  timeoutSeconds?: number;
  /** @defaultValue {} */
  variables?: JsonObject;
  /** @defaultValue {} */
  inputTemplate?: JsonObject;
  inputSchema?: SchemaDef | null;
  outputSchema?: SchemaDef | null;
  enforceSchema?: boolean;
  metadata?: JsonObject;
  [key: string]: unknown;
}

/** One mocked answer for one attempt (or one visit) of a task (`WorkflowTestRequest.TaskMock`). */
export interface TaskMock {
  /** @defaultValue 'COMPLETED' */
  status?: TaskResultStatus;
  /** Required by the server in practice: a mock without output is a 500 when it is consumed. */
  output?: JsonObject | null;
  /** Milliseconds the attempt ran; used to reach task timeouts. @defaultValue 0 */
  executionTime?: number;
  /** Milliseconds the attempt waited in the queue. @defaultValue 0 */
  queueWaitTime?: number;
  [key: string]: unknown;
}

/** The fields of a `WorkflowTestRequest`, shared by the top-level request and the nested ones. */
export interface WorkflowTestRequestFields {
  version?: number | null;
  correlationId?: string | null;
  /** @defaultValue {} */
  input?: JsonObject;
  /** @defaultValue {} */
  taskToDomain?: Record<string, string>;
  workflowDef?: WorkflowDef | null;
  priority?: number | null;
  externalInputPayloadStoragePath?: string | null;
  idempotencyKey?: string | null;
  idempotencyStrategy?: string | null;
  createdBy?: string | null;
  /** Runtime reference name → mocks, one consumed per visit/attempt, in order. */
  taskRefToMockOutput?: Record<string, TaskMock[]>;
  /** SUB_WORKFLOW runtime reference name → the child's own test request (mocks). */
  subWorkflowTestRequest?: Record<string, SubWorkflowTestRequest>;
  [key: string]: unknown;
}

/** `WorkflowTestRequest`: the body of `POST /api/workflow/test`. */
export interface WorkflowTestRequest extends WorkflowTestRequestFields {
  /** Required by the server even when `workflowDef` is given. */
  name: string;
}

/** A sub-workflow test request as nested in `subWorkflowTestRequest` (the server ignores its name). */
export interface SubWorkflowTestRequest extends WorkflowTestRequestFields {
  name?: string;
}
