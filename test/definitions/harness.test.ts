/**
 * The conformance corpus (shared/fixtures/conductor-harness, read in place): every real Conductor
 * definition, TaskDef, scenario and scenario request must parse and validate with no errors.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPath } from '../../src/errors/index.js';
import {
  IssueSeverity,
  parseJson,
  parseScenario,
  parseTaskDef,
  parseTestRequest,
  parseWorkflowDef,
  validateTestRequest,
  validateWorkflowDef,
  type DefinitionIssue,
  type TaskDef,
  type WorkflowDef,
} from '../../src/definitions/index.js';

const HARNESS = fileURLToPath(new URL('../../../shared/fixtures/conductor-harness/', import.meta.url));
const present = existsSync(`${HARNESS}definitions`);
if (!present) process.stdout.write(`[definitions] skipping the harness corpus: ${HARNESS} is absent\n`);

const read = (folder: string): [string, unknown][] =>
  present
    ? readdirSync(`${HARNESS}${folder}`)
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => [file, parseJson(readFileSync(`${HARNESS}${folder}/${file}`, 'utf8'), `${folder}/${file}`)])
    : [];

const errorsOf = (issues: readonly DefinitionIssue[]): string[] =>
  issues.filter((i) => i.severity === IssueSeverity.ERROR).map((i) => `${formatPath(i.path)}  ${i.message}`);

describe.skipIf(!present)('the conductor-harness corpus', () => {
  const definitions = read('definitions');
  const taskDefs = read('taskdefs');
  const scenarios = read('scenarios');

  it('has the 62 definitions, 37 TaskDefs and 126 scenarios its README lists', () => {
    expect([definitions.length, taskDefs.length, scenarios.length]).toEqual([62, 37, 126]);
  });

  it.each(definitions)('definitions/%s parses and validates with no errors', (file, value) => {
    const def = parseWorkflowDef(value, { subject: file });

    expect(errorsOf(validateWorkflowDef(def))).toEqual([]);
  });

  it.each(taskDefs)('taskdefs/%s parses', (file, value) => {
    expect(parseTaskDef(value, { subject: file }).name).toBe(file.replace(/\.json$/, ''));
  });

  it.each(scenarios)('scenarios/%s parses, and its request validates with no errors', (file, value) => {
    const scenario = parseScenario(value, { subject: file });
    const workflowDefs = new Map((scenario.workflowDefs ?? []).map((d): [string, WorkflowDef] => [d.name, d]));
    const registered = new Map((scenario.taskDefs ?? []).map((d): [string, TaskDef] => [d.name, d]));
    const request = parseTestRequest(scenario.request, { subject: `${file} request`, workflowDefs, taskDefs: registered });
    const def = request.workflowDef ?? workflowDefs.get(request.name);

    expect(scenario.id).toBe(file.replace(/\.json$/, ''));
    expect(def).toBeDefined();
    expect(errorsOf(validateTestRequest(request, def as WorkflowDef, { workflowDefs, taskDefs: registered }))).toEqual([]);
    expect(errorsOf(validateWorkflowDef(def as WorkflowDef, { workflowDefs, taskDefs: registered }))).toEqual([]);
  });
});
