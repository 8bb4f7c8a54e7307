/**
 * The one small error family of conductor-testkit (STYLE 5.2).
 *
 * Every error the library throws on purpose is a {@link TestkitError} with a stable `code`.
 * Identity goes through a registered symbol brand, not `instanceof`, because under jest the ESM
 * and the CommonJS copy of the package can both be loaded in one process.
 *
 * @packageDocumentation
 */

const BRAND: unique symbol = Symbol.for('conductor-testkit/error') as never;

/** Stable codes, one per kind of failure. A closed set: add a code, never reuse one. */
export const ErrorCode = {
  INVALID_JSON: 'INVALID_JSON',
  INVALID_DEFINITION: 'INVALID_DEFINITION',
  INVALID_REQUEST: 'INVALID_REQUEST',
  INVALID_OPTIONS: 'INVALID_OPTIONS',
  EXPRESSION: 'EXPRESSION',
  MOCK: 'MOCK',
  REPLAY: 'REPLAY',
  ENGINE_LIMIT: 'ENGINE_LIMIT',
  USAGE: 'USAGE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem found in an input, with the JSON path that leads to it (STYLE 5.1). */
export interface Issue {
  /** Path from the document root, e.g. `['tasks', 3, 'decisionCases', 'ship', 0, 'type']`. */
  readonly path: readonly (string | number)[];
  /** Machine-readable kind of problem, e.g. `duplicate_ref`, `invalid_type`. */
  readonly code: string;
  /** What was expected and what was found; ends with the fix when one is known. */
  readonly message: string;
  /** The task reference the problem belongs to, when there is one. */
  readonly taskReferenceName?: string;
}

/**
 * Prints a path the way a user would write it in JavaScript: `tasks[3].decisionCases.ship[0].type`.
 * Keys that are not identifiers are quoted: `input["dotted.key"]`. The empty path prints `(root)`.
 *
 * @example formatPath(['tasks', 1, 'taskReferenceName']) // 'tasks[1].taskReferenceName'
 */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Formats issues under a heading, one line each, paths aligned:
 * ```
 * Workflow "order_flow" has 2 problems:
 *   tasks[1].taskReferenceName  expected a non-empty string, got undefined
 *   tasks[3].type               unknown task type "HTTPS" (did you mean "HTTP"?)
 * ```
 */
export function formatIssues(subject: string, issues: readonly Issue[]): string {
  if (issues.length === 0) return `${subject} has no problems`;
  const paths = issues.map((issue) => formatPath(issue.path));
  const width = Math.max(...paths.map((p) => p.length));
  const noun = issues.length === 1 ? 'problem' : 'problems';
  const lines = issues.map((issue, i) => `  ${(paths[i] ?? '').padEnd(width)}  ${issue.message}`);
  return [`${subject} has ${issues.length} ${noun}:`, ...lines].join('\n');
}

/**
 * Base class of every error conductor-testkit throws on purpose.
 * Check with {@link isTestkitError}, which works across the ESM and CommonJS copies.
 */
export class TestkitError extends Error {
  readonly [BRAND] = true;
  override name = 'TestkitError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** True for any error of this family, whichever copy of the package created it. */
export function isTestkitError(error: unknown): error is TestkitError {
  return typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
}

/** A definition, test request, scenario or JSON file that does not validate. Carries every issue. */
export class DefinitionError extends TestkitError {
  override name = 'DefinitionError';
  readonly issues: readonly Issue[];
  /** What was being read: a file path, `workflowDef "order_flow"`, `test request`… */
  readonly subject: string;

  constructor(subject: string, issues: readonly Issue[], options?: ErrorOptions & { code?: ErrorCode }) {
    super(options?.code ?? ErrorCode.INVALID_DEFINITION, formatIssues(subject, issues), options);
    this.subject = subject;
    this.issues = issues;
  }
}

/** An expression (`${...}`, JavaScript, jq, WAIT duration) that cannot be evaluated. */
export class ExpressionError extends TestkitError {
  override name = 'ExpressionError';
  readonly taskReferenceName: string | undefined;
  readonly expression: string;
  readonly offset: number | undefined;

  constructor(
    message: string,
    details: { expression: string; taskReferenceName?: string; offset?: number },
    options?: ErrorOptions,
  ) {
    super(ErrorCode.EXPRESSION, message, options);
    this.expression = details.expression;
    this.taskReferenceName = details.taskReferenceName;
    this.offset = details.offset;
  }
}

/** A mock that is missing, malformed, or names a task that does not exist. */
export class MockError extends TestkitError {
  override name = 'MockError';
  readonly taskReferenceName: string | undefined;
  readonly mockedRefs: readonly string[];

  constructor(
    message: string,
    details: { taskReferenceName?: string; mockedRefs?: readonly string[] } = {},
    options?: ErrorOptions,
  ) {
    super(ErrorCode.MOCK, message, options);
    this.taskReferenceName = details.taskReferenceName;
    this.mockedRefs = details.mockedRefs ?? [];
  }
}

/** A call to a real Conductor server that failed: connection, auth, HTTP status, bad body, timeout. */
export class ReplayError extends TestkitError {
  override name = 'ReplayError';
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly bodyExcerpt: string | undefined;
  /** `connection`, `timeout`, `auth`, `client`, `server`, `malformed`, `config`. */
  readonly kind: ReplayErrorKind;

  constructor(
    message: string,
    details: { method: string; url: string; kind: ReplayErrorKind; status?: number; bodyExcerpt?: string },
    options?: ErrorOptions,
  ) {
    super(ErrorCode.REPLAY, message, options);
    this.method = details.method;
    this.url = details.url;
    this.kind = details.kind;
    this.status = details.status;
    this.bodyExcerpt = details.bodyExcerpt;
  }
}

/** The classes of {@link ReplayError}. */
export type ReplayErrorKind = 'connection' | 'timeout' | 'auth' | 'client' | 'server' | 'malformed' | 'config';

/** A budget of the engine was exhausted: decide steps, virtual time, loop iterations, depth, payload. */
export class EngineLimitError extends TestkitError {
  override name = 'EngineLimitError';
  readonly limit: string;
  readonly value: number;
  readonly workflowName: string | undefined;
  readonly taskReferenceName: string | undefined;

  constructor(
    message: string,
    details: { limit: string; value: number; workflowName?: string; taskReferenceName?: string },
    options?: ErrorOptions,
  ) {
    super(ErrorCode.ENGINE_LIMIT, message, options);
    this.limit = details.limit;
    this.value = details.value;
    this.workflowName = details.workflowName;
    this.taskReferenceName = details.taskReferenceName;
  }
}

/** Wrong use of the API or the CLI (bad option, wrong argument type). */
export class UsageError extends TestkitError {
  override name = 'UsageError';

  constructor(message: string, options?: ErrorOptions) {
    super(ErrorCode.USAGE, message, options);
  }
}

/** A bug in conductor-testkit itself. The message asks for a report with the seed. */
export class InternalError extends TestkitError {
  override name = 'InternalError';

  constructor(message: string, options?: ErrorOptions) {
    super(
      ErrorCode.INTERNAL,
      `${message}\nThis is a bug in conductor-testkit, not in your workflow. Please report it with the seed and the request that produced it.`,
      options,
    );
  }
}

/** Exhaustiveness helper for `switch` over closed sets (STYLE 2.3). */
export function assertNever(value: never, what = 'value'): never {
  throw new InternalError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
