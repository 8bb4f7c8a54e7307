/**
 * Issues found in definitions, requests and scenarios: the shared {@link Issue} shape plus a
 * severity, so the validators can report what Conductor itself rejects (errors) apart from what it
 * accepts but is very likely a mistake (warnings).
 */
import type { Issue } from '../errors/index.js';

/** How bad an issue is. Only errors make the `parse*` functions throw. */
export const IssueSeverity = {
  /** Conductor rejects this input, or a run of it cannot work (e.g. a FORK_JOIN without a JOIN). */
  ERROR: 'error',
  /** Conductor accepts this input, but it almost certainly does not do what was meant. */
  WARNING: 'warning',
} as const;
export type IssueSeverity = (typeof IssueSeverity)[keyof typeof IssueSeverity];

/**
 * The `code` of every issue this folder reports. Schema problems use the first five (zod's own
 * names); the rest come from the semantic checks.
 */
export const DefinitionIssueCode = {
  /** A value of the wrong JSON type, or a required field missing. */
  INVALID_TYPE: 'invalid_type',
  /** A value outside a closed set (`timeoutPolicy`, a mock `status`…). */
  INVALID_VALUE: 'invalid_value',
  /** A number or list below its minimum, an empty required string. */
  TOO_SMALL: 'too_small',
  /** A number above its maximum. */
  TOO_BIG: 'too_big',
  /** A value that matches none of the alternatives of a field. */
  INVALID_UNION: 'invalid_union',
  /** Malformed JSON text. */
  INVALID_JSON: 'invalid_json',
  /** The same `taskReferenceName` twice in one definition tree. */
  DUPLICATE_REF: 'duplicate_ref',
  /** A `${...}` whose first segment is neither `workflow` nor a task reference of the definition. */
  UNKNOWN_REF: 'unknown_ref',
  /** A `${...}` whose path Conductor's JSONPath compiler rejects. */
  INVALID_PARAM_PATH: 'invalid_param_path',
  /** A task type that is almost certainly a misspelling of a known one. */
  UNKNOWN_TASK_TYPE: 'unknown_task_type',
  /** A field the task's type requires. */
  MISSING_FIELD: 'missing_field',
  /** Two fields that must not be set together. */
  CONFLICTING_FIELDS: 'conflicting_fields',
  /** A SWITCH/DECISION without cases, a FORK_JOIN without branches, an empty fork branch. */
  EMPTY_BRANCHES: 'empty_branches',
  /** A FORK_JOIN / FORK_JOIN_DYNAMIC whose next task is not a JOIN. */
  FORK_WITHOUT_JOIN: 'fork_without_join',
  /** A JOIN waiting for a reference that no task of the definition has. */
  UNKNOWN_JOIN_REF: 'unknown_join_ref',
  /** A TERMINATE `terminationStatus` that is not a literal COMPLETED/FAILED/TERMINATED. */
  INVALID_TERMINATION_STATUS: 'invalid_termination_status',
  /** A value Conductor's bean validation rejects (range, literal, combination). */
  CONSTRAINT: 'constraint',
  /** A DO_WHILE inside a DO_WHILE (not supported by Conductor). */
  NESTED_LOOP: 'nested_loop',
  /** A `taskRefToMockOutput` key that no task of the run can have. */
  UNKNOWN_MOCK_REF: 'unknown_mock_ref',
  /** A `subWorkflowTestRequest` key that is not a SUB_WORKFLOW task of the run. */
  UNKNOWN_SUB_WORKFLOW_REF: 'unknown_sub_workflow_ref',
  /** A mock `status` outside IN_PROGRESS/FAILED/FAILED_WITH_TERMINAL_ERROR/COMPLETED/CANCELED. */
  INVALID_MOCK_STATUS: 'invalid_mock_status',
  /** A mock without an `output` object (the server fails with a 500 when it consumes it). */
  MISSING_MOCK_OUTPUT: 'missing_mock_output',
  /** A mock for a task the endpoint never applies mocks to (JOIN, SWITCH, INLINE, SUB_WORKFLOW…). */
  MOCK_IGNORED: 'mock_ignored',
} as const;
export type DefinitionIssueCode = (typeof DefinitionIssueCode)[keyof typeof DefinitionIssueCode];

/** An {@link Issue} with its severity. Assignable to `Issue`, so `formatIssues` prints it. */
export interface DefinitionIssue extends Issue {
  readonly severity: IssueSeverity;
}

/** Only the issues that make a parse fail. */
export function errorsOf<T extends DefinitionIssue>(issues: readonly T[]): T[] {
  return issues.filter((issue) => issue.severity === IssueSeverity.ERROR);
}
