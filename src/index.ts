/**
 * conductor-testkit: fast, deterministic, offline tests for Conductor workflows.
 *
 * Every public name is listed here (STYLE 2.1): run workflows in memory with a virtual clock
 * ({@link runWorkflow}, {@link startWorkflow}, {@link createEngine}), mock worker tasks
 * ({@link ok}, {@link fail}, {@link createMockResolver}), read and compare traces
 * ({@link serializeTrace}, {@link formatTimeline}, {@link diffTraces}), and talk to a real server
 * ({@link createConductorClient}).
 *
 * @packageDocumentation
 */

// Errors
export {
  TestkitError,
  DefinitionError,
  ExpressionError,
  MockError,
  ReplayError,
  EngineLimitError,
  UsageError,
  InternalError,
  ErrorCode,
  isTestkitError,
  formatPath,
  formatIssues,
} from './errors/index.js';
export type { Issue, ReplayErrorKind } from './errors/index.js';

// Definitions
export {
  TaskType,
  RetryLogic,
  TaskTimeoutPolicy,
  WorkflowTimeoutPolicy,
  TaskResultStatus,
  parseJson,
  parseWorkflowDef,
  parseTaskDef,
  parseTestRequest,
  parseScenario,
  validateWorkflowDef,
  validateTaskDef,
  validateTestRequest,
  walkTasks,
  generateWorkflowTypes,
} from './definitions/index.js';
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
  Scenario,
  ScenarioExpectation,
  ScenarioTaskExpectation,
  ParseOptions,
  ValidateOptions,
  WalkedTask,
  TypegenOptions,
} from './definitions/index.js';

// Engine
export { createEngine, EngineMode, createVirtualClock, parseDuration, DEFAULT_START_TIME, MAX_TEST_LOOPS } from './engine/index.js';
export type {
  Engine,
  EngineOptions,
  EngineLimits,
  StartRequest,
  WorkflowSession,
  TaskResolver,
  WorkerAnswer,
  WorkerTaskView,
  HttpPort,
  HttpTaskRequest,
  HttpTaskResponse,
  UnmockedPolicy,
  VirtualClock,
  VirtualClockOptions,
} from './engine/index.js';

// Mocks and running
export {
  ok,
  fail,
  terminalError,
  canceled,
  inProgress,
  noResponse,
  noPoll,
  createMockResolver,
  resolverFromTestRequest,
  fromTaskMock,
  createFetchHttpPort,
  runWorkflow,
  startWorkflow,
  checkScenario,
  matchExpectation,
  formatMismatches,
} from './mocks/index.js';
export type {
  AnswerTiming,
  MockSpec,
  MockSet,
  FetchHttpPortOptions,
  RunOptions,
  WorkflowRunInput,
  ScenarioResult,
  ExpectationMismatch,
  CheckScenarioOptions,
} from './mocks/index.js';

// Traces
export {
  TaskStatus,
  WorkflowStatus,
  TraceEventKind,
  isTerminalTaskStatus,
  isSuccessfulTaskStatus,
  isTerminalWorkflowStatus,
  isTrace,
  formatOffset,
  normalizeTrace,
  serializeTrace,
  TRACE_FORMAT_HEADER,
  formatTimeline,
  diffTraces,
  formatTraceDiff,
  DiffFields,
  DifferenceKind,
} from './trace/index.js';
export type {
  TaskRun,
  WorkflowRun,
  TraceEvent,
  PublishedMessage,
  TraceSource,
  Trace,
  NormalizeOptions,
  NormalizedTrace,
  SerializeOptions,
  TimelineOptions,
  DiffOptions,
  DiffFieldSet,
  TraceDiff,
  TraceDifference,
} from './trace/index.js';

// Remote: a real server as the oracle
export { createConductorClient, toTrace, fetchChildWorkflows, replay, prepareServer, compareWithServer, runModes, serverModeSkipReason } from './remote/index.js';
export type { ConductorClient, ConductorClientOptions, ServerWorkflow, ServerTask, ToTraceOptions, ReplayOptions, ReplayResult, RunMode, RunModeName, RunModesOptions, ModeRunOptions } from './remote/index.js';

// Exploration and coverage
export {
  explore,
  explorationProperty,
  scenarioArbitrary,
  scenarioArbitraryFor,
  jsonSchemaArbitrary,
  analyseWorkflow,
  createScenarioRunner,
  runScenario,
  toWorkerAnswer,
  OutcomeStatus,
  defaultOutput,
  terminates,
  neverAfterFailure,
  outputWhenCompleted,
  formatScenario,
  parseShard,
  toTestRequest,
  toVitestSource,
  CoverageKind,
  createCoverageCollector,
  mergeCoverageReports,
  formatCoverageTable,
  renderCoverageHtml,
  installCoverageRegistry,
  currentCoverageRegistry,
  mergeCoverageParts,
  writeCoveragePart,
} from './explore/index.js';
export type {
  AnalyseOptions,
  AnswerableTask,
  BranchPoint,
  Driver,
  DriverSource,
  ForkPoint,
  LoopPoint,
  WorkflowModel as AnalysedWorkflow,
  JsonSchemaArbitraryOptions,
  Outcome,
  OutcomeKinds,
  Scenario as ExploreScenario,
  ScenarioOptions,
  AnsweredAttempt,
  ScenarioRun,
  ScenarioRunner,
  ScenarioRunOptions,
  Invariant,
  ExploreFailure,
  ExploreOptions,
  ExploreResult,
  ExplorationPropertyOptions,
  Shard,
  Violation,
  VitestSourceOptions,
  CoverageCollector,
  CoverageReport,
  CoverageTarget,
  NodeCoverage,
  CoveragePart,
  CoverageRegistry,
  MergedCoverage,
  ObservedRun,
} from './explore/index.js';
