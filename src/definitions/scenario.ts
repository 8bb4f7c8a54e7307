/**
 * The scenario file: one test request plus the execution expected back from a real Conductor
 * server. The format is the one of the conformance corpus (shared/fixtures/conductor-harness/
 * README.md, "Scenario format"); our own scenarios use it too, with an optional `mode` and an
 * optional `golden` file reference. Unknown fields are kept; nothing is defaulted.
 */
import { z } from 'zod';
import type { JsonObject, TaskDef, WorkflowDef, WorkflowTestRequest } from './types.js';
import { taskDefSchema, workflowDefSchema, workflowTestRequestSchema } from './schemas.js';
import { bool, expecting, int, jsonObject, nonEmptyStr, oneOf, str, stringArray } from './internal/zod-helpers.js';

/** Workflow statuses a scenario may expect (model/WorkflowModel.java `Status`). */
export const ExpectedWorkflowStatus = {
  RUNNING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  TIMED_OUT: 'TIMED_OUT',
  TERMINATED: 'TERMINATED',
  PAUSED: 'PAUSED',
} as const;
export type ExpectedWorkflowStatus = (typeof ExpectedWorkflowStatus)[keyof typeof ExpectedWorkflowStatus];

/** Task statuses a scenario may expect (model/TaskModel.java `Status`). */
export const ExpectedTaskStatus = {
  IN_PROGRESS: 'IN_PROGRESS',
  CANCELED: 'CANCELED',
  FAILED: 'FAILED',
  FAILED_WITH_TERMINAL_ERROR: 'FAILED_WITH_TERMINAL_ERROR',
  COMPLETED: 'COMPLETED',
  COMPLETED_WITH_ERRORS: 'COMPLETED_WITH_ERRORS',
  SCHEDULED: 'SCHEDULED',
  TIMED_OUT: 'TIMED_OUT',
  SKIPPED: 'SKIPPED',
} as const;
export type ExpectedTaskStatus = (typeof ExpectedTaskStatus)[keyof typeof ExpectedTaskStatus];

/** How an expectation was established: a Spock spec asserts it, or it was reasoned from code. */
export const ScenarioConfidence = { SPEC: 'spec', DERIVED: 'derived' } as const;
export type ScenarioConfidence = (typeof ScenarioConfidence)[keyof typeof ScenarioConfidence];

/** One expected task of `expect.tasks` (absent fields are not asserted). */
export interface ScenarioTaskExpectation {
  /** Runtime `referenceTaskName` (`ref__N` in loops). */
  ref: string;
  /** Runtime `taskType`: the task name for SIMPLE tasks, `FORK` for both fork kinds. */
  type: string;
  status?: ExpectedTaskStatus;
  retryCount?: number;
  iteration?: number;
  callbackAfterSeconds?: number;
  /** Deep subset match on the task input. */
  input?: JsonObject;
  /** Deep subset match on the task output (exact when `outputExact`). */
  output?: JsonObject;
  outputExact?: boolean;
  /** Substring of `reasonForIncompletion`. */
  reason?: string;
  [key: string]: unknown;
}

/** `expect`: the execution the server is expected to return. */
export interface ScenarioExpectation {
  status: ExpectedWorkflowStatus;
  /** The complete task list in `seq` order. */
  tasks: ScenarioTaskExpectation[];
  /** Keys that must be in the workflow output with these values. */
  output?: JsonObject;
  /** Keys that must be in the workflow output, values not asserted. */
  outputKeys?: string[];
  /** Substring of the workflow's `reasonForIncompletion`. */
  reasonContains?: string;
  /** Expected `workflow.variables` entries. */
  variables?: JsonObject;
  confidence?: ScenarioConfidence;
  note?: string;
  [key: string]: unknown;
}

/** A scenario file. */
export interface Scenario {
  /** `<definition file stem>__<short name>`, equal to the file name. */
  id: string;
  /** Where the behaviour comes from (a Conductor path, `python-sdk:<path>`, `authored`). */
  source?: string;
  about?: string;
  /** The definition file `request.workflowDef` was taken from. */
  definition?: string;
  /** Present when the inlined definition differs from the file; says what changed. */
  definitionVariant?: string;
  /** TaskDefs to register before sending the request. */
  taskDefs?: TaskDef[];
  /** Workflow definitions to register first (children by name, failure workflows, …). */
  workflowDefs?: WorkflowDef[];
  tags?: string[];
  /** The body of `POST /api/workflow/test`. */
  request: WorkflowTestRequest;
  expect: ScenarioExpectation;
  /** Our scenarios: which driver the scenario is meant for. Free text; the engine interprets it. */
  mode?: string;
  /** Our scenarios: a golden trace file, relative to the scenario file. */
  golden?: string;
  [key: string]: unknown;
}

const taskExpectationSchema = z.looseObject(
  {
    ref: nonEmptyStr(),
    type: nonEmptyStr(),
    status: oneOf(Object.values(ExpectedTaskStatus) as [ExpectedTaskStatus, ...ExpectedTaskStatus[]]).exactOptional(),
    retryCount: int().exactOptional(),
    iteration: int().exactOptional(),
    callbackAfterSeconds: int().exactOptional(),
    input: jsonObject().exactOptional(),
    output: jsonObject().exactOptional(),
    outputExact: bool().exactOptional(),
    reason: str().exactOptional(),
  },
  expecting('an expected task object'),
);

const expectationSchema = z.looseObject(
  {
    status: oneOf(Object.values(ExpectedWorkflowStatus) as [ExpectedWorkflowStatus, ...ExpectedWorkflowStatus[]]),
    tasks: z.array(taskExpectationSchema, expecting('an array of expected tasks')),
    output: jsonObject().exactOptional(),
    outputKeys: stringArray().exactOptional(),
    reasonContains: str().exactOptional(),
    variables: jsonObject().exactOptional(),
    confidence: oneOf(['spec', 'derived']).exactOptional(),
    note: str().exactOptional(),
  },
  expecting('an expect object'),
);

/** The zod schema of a scenario file (shape only; `parseScenario` adds the semantic checks). */
export const scenarioSchema = z.looseObject(
  {
    id: nonEmptyStr(),
    source: str().exactOptional(),
    about: str().exactOptional(),
    definition: str().exactOptional(),
    definitionVariant: str().exactOptional(),
    taskDefs: z.array(taskDefSchema, expecting('an array of TaskDef objects')).exactOptional(),
    workflowDefs: z.array(workflowDefSchema, expecting('an array of workflow definitions')).exactOptional(),
    tags: stringArray().exactOptional(),
    request: workflowTestRequestSchema,
    expect: expectationSchema,
    mode: str().exactOptional(),
    golden: str().exactOptional(),
  },
  expecting('a scenario object'),
);
