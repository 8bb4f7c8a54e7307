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
  WorkflowTestRequestFields,
} from './types.js';
export { findExpressions, expressionRoots } from './expression-syntax.js';
export type { ExpressionSpan } from './expression-syntax.js';

export { IssueSeverity, DefinitionIssueCode } from './definition-issue.js';
export type { DefinitionIssue } from './definition-issue.js';
export {
  schemaDefSchema,
  taskDefSchema,
  subWorkflowParamsSchema,
  workflowTaskSchema,
  workflowDefSchema,
  taskMockSchema,
  workflowTestRequestSchema,
  subWorkflowTestRequestSchema,
  mockStatuses,
} from './schemas.js';
export { scenarioSchema, ExpectedWorkflowStatus, ExpectedTaskStatus, ScenarioConfidence } from './scenario.js';
export type { Scenario, ScenarioExpectation, ScenarioTaskExpectation } from './scenario.js';
export { parseJson } from './parse-json.js';
export { parseWorkflowDef, parseTaskDef, parseTestRequest, parseScenario } from './parse.js';
export type { ParseOptions } from './parse.js';
export { validateWorkflowDef } from './validate-workflow-def.js';
export type { ValidateOptions } from './validate-workflow-def.js';
export { validateTaskDef } from './validate-task-def.js';
export { validateTestRequest } from './validate-test-request.js';
export { walkTasks } from './walk-tasks.js';
export type { WalkedTask } from './walk-tasks.js';
export { generateWorkflowTypes } from './typegen.js';
export type { TypegenOptions } from './typegen.js';
