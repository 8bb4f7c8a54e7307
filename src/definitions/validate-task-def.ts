/**
 * Semantic checks of a `TaskDef`: the ranges of its bean-validation annotations and the timeout
 * rules of Conductor's TaskTimeoutConstraint.
 */
import type { TaskDef } from './types.js';
import { DefinitionIssueCode, IssueSeverity, type DefinitionIssue } from './definition-issue.js';
import { describeValue, isPlainObject } from './internal/describe.js';

type Path = readonly (string | number)[];

/**
 * Minimums from the `@Min` annotations of common/metadata/tasks/TaskDef.java (null or absent
 * fields are not checked; Conductor then uses the default).
 */
const MINIMUMS: readonly (readonly [field: string, min: number])[] = [
  ['retryCount', 0],
  ['responseTimeoutSeconds', 1],
  ['pollTimeoutSeconds', 0],
  ['backoffScaleFactor', 1],
  ['maxRetryDelaySeconds', 0],
  ['backoffJitterMs', 0],
  ['totalTimeoutSeconds', 0],
];

/** TaskDef.responseTimeoutSeconds default (ONE_HOUR), used by the timeout rule when absent. */
const DEFAULT_RESPONSE_TIMEOUT = 3600;

/**
 * Checks a TaskDef the way Conductor validates one at registration: field minimums
 * (`retryCount >= 0`, `responseTimeoutSeconds >= 1`, `backoffScaleFactor >= 1`, …) and
 * common/constraints/TaskTimeoutConstraint.java — when `timeoutSeconds > 0`,
 * `responseTimeoutSeconds` (default 3600) must not exceed it, and when both are positive
 * `timeoutSeconds` must not exceed `totalTimeoutSeconds`. Never throws.
 *
 * @example validateTaskDef({ name: 'charge', timeoutSeconds: 60 })
 * // [{ path: ['responseTimeoutSeconds'], code: 'constraint', severity: 'error', message: 'expected … }]
 */
export function validateTaskDef(def: TaskDef): DefinitionIssue[] {
  const out: DefinitionIssue[] = [];
  checkTaskDef(def, [], IssueSeverity.ERROR, out);
  return out;
}

/** {@link validateTaskDef} on a possibly unparsed value, issues under `prefix` with `severity`. */
export function checkTaskDef(
  raw: unknown,
  prefix: Path,
  severity: IssueSeverity,
  out: DefinitionIssue[],
  note = '',
): void {
  if (!isPlainObject(raw)) return;
  const push = (field: string, message: string): void => {
    const text = severity === IssueSeverity.WARNING ? `warning: ${message}${note}` : message;
    out.push({ path: [...prefix, field], code: DefinitionIssueCode.CONSTRAINT, message: text, severity });
  };

  for (const [field, min] of MINIMUMS) {
    const value = raw[field];
    if (typeof value === 'number' && value < min) push(field, `expected an integer >= ${min}, got ${describeValue(value)}`);
  }

  const timeout = numberOr(raw['timeoutSeconds'], 0);
  const responseGiven = typeof raw['responseTimeoutSeconds'] === 'number';
  const response = numberOr(raw['responseTimeoutSeconds'], DEFAULT_RESPONSE_TIMEOUT);
  const total = numberOr(raw['totalTimeoutSeconds'], 0);
  if (timeout > 0 && response > timeout) {
    const what = responseGiven ? String(response) : `${DEFAULT_RESPONSE_TIMEOUT}, the default`;
    push(
      'responseTimeoutSeconds',
      `responseTimeoutSeconds (${what}) must not exceed timeoutSeconds (${timeout}); set responseTimeoutSeconds to at most ${timeout}`,
    );
  }
  if (timeout > 0 && total > 0 && timeout > total) {
    push(
      'timeoutSeconds',
      `timeoutSeconds (${timeout}) must not exceed totalTimeoutSeconds (${total}); lower timeoutSeconds or raise totalTimeoutSeconds`,
    );
  }
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
