/**
 * Mocks for worker tasks, the fetch bridge for HTTP tasks, and the one-call run API.
 * The only door into src/mocks (STYLE 1.1).
 */
export { ok, fail, terminalError, canceled, inProgress, noResponse, noPoll } from './builders.js';
export type { AnswerTiming } from './builders.js';
export { createMockResolver, resolverFromTestRequest, fromTaskMock } from './resolver.js';
export type { MockSpec, MockSet } from './resolver.js';
export { createFetchHttpPort } from './http-bridge.js';
export type { FetchHttpPortOptions } from './http-bridge.js';
export { runWorkflow, startWorkflow } from './run.js';
export { sharedRuntimes } from './shared-runtimes.js';
export { runtimeNeeds } from '../engine/index.js';
export type { RuntimeNeeds } from '../engine/index.js';
export type { RunOptions, WorkflowRunInput } from './run.js';
export { checkScenario, matchExpectation, formatMismatches } from './scenario.js';
export type { ScenarioResult, ExpectationMismatch, CheckScenarioOptions } from './scenario.js';
