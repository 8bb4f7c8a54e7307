/**
 * Property-based exploration of workflows and workflow coverage. The only door into src/explore
 * (STYLE 1.1).
 */
export { analyseWorkflow } from './analyse-workflow.js';
export type { AnalyseOptions, AnswerableTask, BranchPoint, Driver, DriverSource, ForkPoint, LoopPoint, WorkflowModel } from './analyse-workflow.js';
export { jsonSchemaArbitrary } from './json-schema-arbitrary.js';
export type { JsonSchemaArbitraryOptions } from './json-schema-arbitrary.js';
export { OutcomeStatus, scenarioArbitrary, scenarioArbitraryFor, defaultOutput } from './scenario-arbitrary.js';
export type { Outcome, OutcomeKinds, Scenario, ScenarioOptions } from './scenario-arbitrary.js';
export { createScenarioRunner, runScenario, toWorkerAnswer } from './run-scenario.js';
export type { AnsweredAttempt, ScenarioRun, ScenarioRunner, ScenarioRunOptions } from './run-scenario.js';
export { terminates, neverAfterFailure, outputWhenCompleted } from './invariants.js';
export type { Invariant } from './invariants.js';
export { explore, explorationProperty, formatScenario, parseShard } from './explore.js';
export type { ExploreFailure, ExploreOptions, ExploreResult, ExplorationPropertyOptions, Shard, Violation } from './explore.js';
export { toTestRequest, toVitestSource } from './reproduction.js';
export type { VitestSourceOptions } from './reproduction.js';
export { CoverageKind, createCoverageCollector, mergeCoverageReports } from './coverage.js';
export type { CoverageCollector, CoverageReport, CoverageTarget, NodeCoverage } from './coverage.js';
export { formatCoverageTable } from './coverage-table.js';
export { renderCoverageHtml } from './coverage-html.js';
export { COVERAGE_REGISTRY, TRACE_OBSERVER, currentCoverageRegistry, installCoverageRegistry, mergeCoverageParts, writeCoveragePart } from './coverage-registry.js';
export type { CoveragePart, CoverageRegistry, MergedCoverage, ObservedRun } from './coverage-registry.js';
