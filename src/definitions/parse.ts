/**
 * The parse functions: unknown JSON value → typed definition, or one {@link DefinitionError}
 * carrying every problem found (STYLE 5.1).
 *
 * Each runs the zod schema and the semantic checks on the raw value, so a document with a bad
 * field and a duplicate ref reports both at once. A semantic issue at or under the path of a
 * schema issue is dropped (it would only restate the same problem). Warnings never make a parse
 * fail; call the `validate*` functions to see them.
 */
import type { z } from 'zod';
import { DefinitionError, ErrorCode } from '../errors/index.js';
import type { TaskDef, WorkflowDef, WorkflowTestRequest } from './types.js';
import { errorsOf, type DefinitionIssue } from './definition-issue.js';
import { isPlainObject } from './internal/describe.js';
import { fallbackErrorMap, fromZodIssues } from './internal/zod-issues.js';
import { taskDefSchema, workflowDefSchema, workflowTestRequestSchema } from './schemas.js';
import { scenarioSchema, type Scenario } from './scenario.js';
import { IssueSeverity } from './definition-issue.js';
import { checkTaskDef } from './validate-task-def.js';
import { checkTestRequest } from './validate-test-request.js';
import { checkWorkflowDef, type ValidateOptions } from './validate-workflow-def.js';

type Path = readonly (string | number)[];

/** Options of the parse functions. */
export interface ParseOptions extends ValidateOptions {
  /**
   * What is being read, e.g. a file path; it heads the error message.
   * @defaultValue `Workflow "<name>"`, `TaskDef "<name>"`, `Test request for "<name>"` or
   * `Scenario "<id>"`, from the document itself
   */
  readonly subject?: string;
}

/**
 * Parses and validates a workflow definition (`WorkflowDef` JSON, already parsed from text).
 *
 * @throws DefinitionError (code `INVALID_DEFINITION`) listing every error.
 * @example const def = parseWorkflowDef(parseJson(text, path), { subject: path });
 */
export function parseWorkflowDef(value: unknown, options: ParseOptions = {}): WorkflowDef {
  value = withoutUndefined(value);
  const subject = options.subject ?? named('Workflow', value, 'name', 'Workflow definition');
  return run(workflowDefSchema, value, subject, ErrorCode.INVALID_DEFINITION, (out) =>
    checkWorkflowDef(value, [], options, out, new Set()),
  );
}

/**
 * Parses and validates a TaskDef, with the ranges and timeout rules Conductor applies when one is
 * registered (see `validateTaskDef`).
 *
 * @throws DefinitionError (code `INVALID_DEFINITION`) listing every error.
 */
export function parseTaskDef(value: unknown, options: ParseOptions = {}): TaskDef {
  value = withoutUndefined(value);
  const subject = options.subject ?? named('TaskDef', value, 'name', 'TaskDef');
  return run(taskDefSchema, value, subject, ErrorCode.INVALID_DEFINITION, (out) =>
    checkTaskDef(value, [], IssueSeverity.ERROR, out),
  );
}

/**
 * Parses and validates the body of `POST /api/workflow/test`: its shape, its inline
 * `workflowDef` (paths under `workflowDef`), and its mocks against that definition — or against
 * `options.workflowDefs.get(name)` when the request has no inline definition.
 *
 * @throws DefinitionError (code `INVALID_REQUEST`) listing every error.
 */
export function parseTestRequest(value: unknown, options: ParseOptions = {}): WorkflowTestRequest {
  value = withoutUndefined(value);
  const subject = options.subject ?? named('Test request for', value, 'name', 'Test request');
  return run(workflowTestRequestSchema, value, subject, ErrorCode.INVALID_REQUEST, (out) =>
    checkRequest(value, [], options, out),
  );
}

/**
 * Parses and validates a scenario file (shared/fixtures/conductor-harness/README.md, "Scenario
 * format"): its shape, each TaskDef of `taskDefs`, each definition of `workflowDefs`, and its
 * `request` as {@link parseTestRequest} does, with the scenario's own TaskDefs and workflow
 * definitions registered on top of `options`.
 *
 * @throws DefinitionError (code `INVALID_DEFINITION`) listing every error.
 */
export function parseScenario(value: unknown, options: ParseOptions = {}): Scenario {
  value = withoutUndefined(value);
  const subject = options.subject ?? named('Scenario', value, 'id', 'Scenario');
  return run(scenarioSchema, value, subject, ErrorCode.INVALID_DEFINITION, (out) => {
    if (!isPlainObject(value)) return;
    const taskDefs = new Map(options.taskDefs ?? []);
    const workflowDefs = new Map(options.workflowDefs ?? []);
    const ownTaskDefs = value['taskDefs'];
    if (Array.isArray(ownTaskDefs)) {
      ownTaskDefs.forEach((def: unknown, i) => {
        checkTaskDef(def, ['taskDefs', i], IssueSeverity.ERROR, out);
        if (isPlainObject(def) && typeof def['name'] === 'string') taskDefs.set(def['name'], def as TaskDef);
      });
    }
    const ownWorkflowDefs = value['workflowDefs'];
    if (Array.isArray(ownWorkflowDefs)) {
      ownWorkflowDefs.forEach((def: unknown, i) => {
        checkWorkflowDef(def, ['workflowDefs', i], { taskDefs, workflowDefs }, out, new Set());
        if (isPlainObject(def) && typeof def['name'] === 'string') workflowDefs.set(def['name'], def as WorkflowDef);
      });
    }
    checkRequest(value['request'], ['request'], { taskDefs, workflowDefs }, out);
  });
}

function checkRequest(value: unknown, prefix: Path, options: ValidateOptions, out: DefinitionIssue[]): void {
  if (!isPlainObject(value)) return;
  const inline = value['workflowDef'];
  let def: unknown = inline;
  if (isPlainObject(inline)) {
    checkWorkflowDef(inline, [...prefix, 'workflowDef'], options, out, new Set());
  } else if (typeof value['name'] === 'string') {
    def = options.workflowDefs?.get(value['name']);
  }
  checkTestRequest(value, def, prefix, options, out, new Set());
}

function run<S extends z.ZodType>(
  schema: S,
  value: unknown,
  subject: string,
  code: ErrorCode,
  semantic: (out: DefinitionIssue[]) => void,
): z.output<S> {
  const result = schema.safeParse(value, { error: fallbackErrorMap });
  const schemaIssues = result.success ? [] : fromZodIssues(result.error.issues, value);
  const found: DefinitionIssue[] = [];
  semantic(found);
  const semanticErrors = errorsOf(found).filter((issue) => !schemaIssues.some((s) => isPrefix(s.path, issue.path)));
  const issues = [...schemaIssues, ...semanticErrors];
  if (issues.length > 0 || !result.success) throw new DefinitionError(subject, issues, { code });
  return result.data;
}

function isPrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

function named(kind: string, value: unknown, field: string, fallback: string): string {
  const name = isPlainObject(value) ? value[field] : undefined;
  return typeof name === 'string' && name !== '' ? `${kind} ${JSON.stringify(name)}` : fallback;
}

/**
 * Drops object properties whose value is `undefined`, as `JSON.stringify` would: builders (the
 * Orkes SDK, hand-written objects) leave `optional: undefined` where a JSON document has no key.
 */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out;
}
