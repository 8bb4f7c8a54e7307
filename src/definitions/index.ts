/**
 * Conductor definitions: types, zod schemas, semantic validation and issue formatting.
 * The only door into src/definitions (STYLE 1.1).
 */
export { TaskType, RetryLogic, TaskTimeoutPolicy, WorkflowTimeoutPolicy, TaskResultStatus } from './types.js';
export type {
  JsonObject,
  TaskDef,
  SchemaDef,
  SubWorkflowParams,
  WorkflowTask,
  WorkflowDef,
  TaskMock,
  WorkflowTestRequest,
  SubWorkflowTestRequest,
} from './types.js';
export { findExpressions, expressionRoots } from './expression-syntax.js';
export type { ExpressionSpan } from './expression-syntax.js';
