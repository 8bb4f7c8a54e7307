/**
 * The bad-input catalogue of issue #8: malformed JSON, wrong field types, missing fields, unknown
 * task types, references to missing tasks, invalid JSONPath, JavaScript and jq that do not parse,
 * WAIT values Conductor cannot read, mocks for unknown refs, wrong mock statuses, cyclic
 * sub-workflows, bad options and bad CLI arguments. Each entry pins the exact error class, the
 * JSON path (or the ref / limit the error names) and the whole message; every error is one of the
 * documented classes of src/errors.
 *
 * Definitions and requests go through what the CLI runs on a file (`parseJson`, then
 * `parseWorkflowDef` / `parseTestRequest` / `parseScenario`) and `assertWorkflowDefLint` (src/engine/lint.ts;
 * `strict` where Conductor accepts the definition and only the run would fail). `runWorkflow`
 * checks the same inputs before a run: test/engine/run-input-validation.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { parseJson, parseScenario, parseTestRequest, parseWorkflowDef } from '../../src/definitions/index.js';
import type { WorkflowDef, WorkflowTask } from '../../src/definitions/index.js';
import { assertWorkflowDefLint } from '../../src/engine/lint.js';
import type { LintRuntimes } from '../../src/engine/lint.js';
import { DefinitionError, EngineLimitError, MockError, ReplayError, UsageError, formatPath, isTestkitError } from '../../src/errors/index.js';
import { createJqEngine, createScriptEngine } from '../../src/expressions/index.js';
import type { ScriptEngine } from '../../src/expressions/index.js';
import { ok, runWorkflow, startWorkflow } from '../../src/mocks/index.js';

let scripts: ScriptEngine;
let runtimes: LintRuntimes;
beforeAll(async () => {
  scripts = await createScriptEngine();
  runtimes = { scripts, jq: await createJqEngine() };
});
afterAll(() => scripts.dispose());

const CLASSES = { DefinitionError, UsageError, MockError, EngineLimitError, ReplayError } as const;
type ErrorClassName = keyof typeof CLASSES;

/** What a test compares: class, code, where (issue paths, or the ref / limit the error names), message. */
interface Caught {
  readonly error: ErrorClassName | string;
  readonly code: string;
  readonly where: readonly string[];
  readonly message: string;
}

async function caught(act: () => unknown): Promise<Caught> {
  try {
    await act();
  } catch (error) {
    if (!isTestkitError(error)) return { error: `undocumented ${String(error)}`, code: '', where: [], message: '' };
    const known = CLASSES[error.name as ErrorClassName] as (new (...args: never[]) => Error) | undefined;
    if (known === undefined || !(error instanceof known)) return { error: `not an instance of ${error.name}`, code: error.code, where: [], message: error.message };
    const where =
      error instanceof DefinitionError
        ? error.issues.map((issue) => formatPath(issue.path))
        : error instanceof MockError
          ? [`ref ${String(error.taskReferenceName)}`]
          : error instanceof EngineLimitError
            ? [`limit ${error.limit}`, `workflow ${String(error.workflowName)}`, ...(error.taskReferenceName === undefined ? [] : [`ref ${error.taskReferenceName}`])]
            : error instanceof ReplayError
              ? [`kind ${error.kind}`]
              : [];
    return { error: error.name, code: error.code, where, message: error.message };
  }
  return { error: 'nothing was thrown', code: '', where: [], message: '' };
}

const task = (ref: string, extra: Record<string, unknown> = {}): WorkflowTask => ({ name: ref, taskReferenceName: ref, ...extra });
const wf = (...tasks: unknown[]): Record<string, unknown> => ({ name: 'order_flow', version: 1, schemaVersion: 2, tasks });
const req = (extra: Record<string, unknown>): Record<string, unknown> => ({ name: 'order_flow', version: 1, workflowDef: wf(task('charge'), task('ship')), ...extra });
const lint = (def: unknown, strict = false) => (): void => assertWorkflowDefLint(parseWorkflowDef(def), runtimes, { strict });

const W = 'Workflow "order_flow" has 1 problem:\n  ';
const R = 'Test request for "order_flow" has 1 problem:\n  ';
const J = 'order.json has 1 problem:\n  (root)  ';
const def = (path: string, message: string, heading = W): Caught => ({ error: 'DefinitionError', code: 'INVALID_DEFINITION', where: [path], message: `${heading}${path}  ${message}` });
const request = (path: string, message: string): Caught => ({ error: 'DefinitionError', code: 'INVALID_REQUEST', where: [path], message: `${R}${path}  ${message}` });
const json = (message: string): Caught => ({ error: 'DefinitionError', code: 'INVALID_JSON', where: ['(root)'], message: `${J}${message}` });
const usage = (message: string): Caught => ({ error: 'UsageError', code: 'USAGE', where: [], message });

interface BadInput {
  readonly name: string;
  readonly act: () => unknown;
  readonly expected: Caught;
}

const fromSubWorkflows: WorkflowDef[] = [
  { name: 'flow_a', version: 1, schemaVersion: 2, tasks: [task('to_b', { type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'flow_b', version: 1 } })] },
  { name: 'flow_b', version: 1, schemaVersion: 2, tasks: [task('to_a', { type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'flow_a', version: 1 } })] },
];

const catalogue: readonly BadInput[] = [
  // Malformed JSON
  { name: 'JSON with a trailing comma', act: () => parseJson('{"name": "order_flow", "tasks": [],}', 'order.json'), expected: json('invalid JSON at line 1, column 36: expected a property name in double quotes, found "}"; remove the comma before it (JSON allows no trailing comma)') },
  { name: 'JSON with single quotes', act: () => parseJson("{'name': 'order_flow'}", 'order.json'), expected: json('invalid JSON at line 1, column 2: unexpected symbol, found "\'name\'"; JSON strings and property names take double quotes') },
  { name: 'JSON cut off in the middle', act: () => parseJson('{"name": "order_flow", "tasks": [{"name": "a"', 'order.json'), expected: json('invalid JSON at line 1, column 46: expected "}", found the end of the text; the text ends early; a closing "}" or "]" is probably missing') },
  { name: 'an empty JSON file', act: () => parseJson('  ', 'order.json'), expected: json('invalid JSON: the text is empty; a JSON document needs a value such as {}') },
  { name: 'JSON with a comment', act: () => parseJson('{"name": "x" // c\n}', 'order.json'), expected: json('invalid JSON at line 1, column 14: comments are not allowed in JSON, found "// c"; remove the comment') },

  // Wrong field types
  { name: 'tasks given as an object', act: () => parseWorkflowDef({ name: 'order_flow', tasks: { charge: task('charge') } }), expected: def('tasks', 'expected an array of tasks, got an object ({"charge":{"name":"charge","taskReferen…)') },
  { name: 'retryCount given as a string', act: () => parseWorkflowDef(wf(task('charge', { retryCount: '3' }))), expected: def('tasks[0].retryCount', 'expected an integer or null, got a string ("3")') },
  { name: 'optional given as a string', act: () => parseWorkflowDef(wf(task('charge', { optional: 'yes' }))), expected: def('tasks[0].optional', 'expected a boolean, got a string ("yes")') },
  { name: 'a task that is a number', act: () => parseWorkflowDef(wf(5)), expected: def('tasks[0]', 'expected a task object, got a number (5)') },
  { name: 'schemaVersion 1', act: () => parseWorkflowDef({ ...wf(task('charge')), schemaVersion: 1 }), expected: def('schemaVersion', 'expected 2 (the only schemaVersion Conductor accepts), got a number (1); set it to 2 or leave it out') },
  { name: 'a task timeoutPolicy on the workflow', act: () => parseWorkflowDef({ ...wf(task('charge')), timeoutPolicy: 'RETRY' }), expected: def('timeoutPolicy', 'expected "TIME_OUT_WF" or "ALERT_ONLY", got a string ("RETRY")') },

  // Missing required fields
  { name: 'a task without taskReferenceName', act: () => parseWorkflowDef(wf({ name: 'charge' })), expected: def('tasks[0].taskReferenceName', 'expected a non-empty string, got undefined') },
  { name: 'a workflow without a name', act: () => parseWorkflowDef({ tasks: [task('charge')] }), expected: def('name', 'expected a non-empty string, got undefined', 'Workflow definition has 1 problem:\n  ') },
  { name: 'a SWITCH without expression', act: () => parseWorkflowDef(wf(task('route', { type: 'SWITCH', evaluatorType: 'value-param', decisionCases: { a: [task('a')] } }))), expected: def('tasks[0].expression', 'expression is required for SWITCH tasks; with "value-param" it names an input parameter, with "javascript" it is a script') },
  { name: 'a DO_WHILE without loopOver', act: () => parseWorkflowDef(wf(task('loop', { type: 'DO_WHILE', loopCondition: 'false' }))), expected: def('tasks[0].loopOver', 'loopOver must list at least one task for DO_WHILE tasks, got undefined') },
  { name: 'a SUB_WORKFLOW without subWorkflowParam', act: () => parseWorkflowDef(wf(task('child', { type: 'SUB_WORKFLOW' }))), expected: def('tasks[0].subWorkflowParam', "subWorkflowParam is required for SUB_WORKFLOW tasks; give it the child workflow's name (and version) or an inline workflowDefinition") },
  { name: 'an EVENT without sink', act: () => parseWorkflowDef(wf(task('notify', { type: 'EVENT' }))), expected: def('tasks[0].sink', 'sink is required for EVENT tasks; set it to "conductor", "conductor:<queue>" or a queue such as "sqs:<queue>"') },
  { name: 'an HTTP task without http_request', act: () => parseWorkflowDef(wf(task('call', { type: 'HTTP', inputParameters: { url: 'http://x' } }))), expected: def('tasks[0].inputParameters', 'inputParameters.http_request is required for HTTP tasks (or uri and method directly in inputParameters)') },
  { name: 'a DYNAMIC task without dynamicTaskNameParam', act: () => parseWorkflowDef(wf(task('dyn', { type: 'DYNAMIC' }))), expected: def('tasks[0].dynamicTaskNameParam', 'dynamicTaskNameParam is required for DYNAMIC tasks; name the input parameter that holds the task name') },
  { name: 'a test request without a name', act: () => parseTestRequest({ workflowDef: wf(task('charge')) }), expected: { error: 'DefinitionError', code: 'INVALID_REQUEST', where: ['name'], message: 'Test request has 1 problem:\n  name  expected a string, got undefined' } },
  { name: 'a scenario without expect', act: () => parseScenario({ id: 'pay_once', request: req({}) }), expected: def('expect', 'expected an expect object, got undefined', 'Scenario "pay_once" has 1 problem:\n  ') },

  // Unknown task types (typos), references to missing tasks, invalid JSONPath
  { name: 'a misspelt SIMPLE', act: () => parseWorkflowDef(wf(task('charge', { type: 'SIMPEL' }))), expected: def('tasks[0].type', 'unknown task type "SIMPEL" (did you mean "SIMPLE"?)') },
  { name: 'a misspelt SWITCH', act: () => parseWorkflowDef(wf(task('route', { type: 'SWTICH', evaluatorType: 'value-param', expression: 'x', decisionCases: { a: [task('a')] } }))), expected: def('tasks[0].type', 'unknown task type "SWTICH" (did you mean "SWITCH"?)') },
  { name: 'an expression naming a task that does not exist', act: () => parseWorkflowDef(wf(task('charge'), task('ship', { inputParameters: { id: '${chrage.output.id}' } }))), expected: def('tasks[1].inputParameters.id', '"${chrage.output.id}" refers to "chrage", which is neither "workflow" nor a taskReferenceName of this workflow (did you mean "charge"?)') },
  { name: 'a JSONPath with an unclosed bracket', act: () => parseWorkflowDef(wf(task('charge', { inputParameters: { id: '${workflow.input.items[0}' } }))), expected: def('tasks[0].inputParameters.id', '"${workflow.input.items[0}" is not a valid parameter path: a "[" is not closed') },
  { name: 'a JSONPath ending in a dot', act: () => parseWorkflowDef(wf(task('charge', { inputParameters: { id: '${workflow.input.}' } }))), expected: def('tasks[0].inputParameters.id', '"${workflow.input.}" is not a valid parameter path: a path must not end with "."') },
  { name: 'the same ref twice', act: () => parseWorkflowDef(wf(task('charge'), task('charge'))), expected: def('tasks[1].taskReferenceName', 'taskReferenceName "charge" is already used at tasks[0].taskReferenceName; references must be unique across the whole workflow, rename one of them') },
  { name: 'a TERMINATE status given as an expression', act: () => parseWorkflowDef(wf(task('end', { type: 'TERMINATE', inputParameters: { terminationStatus: '${workflow.input.status}' } }))), expected: def('tasks[0].inputParameters.terminationStatus', 'expected "COMPLETED", "FAILED" or "TERMINATED", got a string ("${workflow.input.status}"); Conductor accepts only a literal status here, not an expression') },
  { name: 'a workflowDefinition that names a workflow', act: () => parseWorkflowDef(wf(task('child', { type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'c', workflowDefinition: 'child_flow' } }))), expected: def('tasks[0].subWorkflowParam.workflowDefinition', 'expected an inline workflow definition or a "${...}" expression, got a string ("child_flow"); to start a registered workflow by name use subWorkflowParam.name') },

  // JavaScript, jq and WAIT literals (src/engine/lint.ts)
  { name: 'a SWITCH javascript expression with a syntax error', act: lint(wf(task('route', { type: 'SWITCH', evaluatorType: 'javascript', expression: "$.total > 100 ? 'big' 'small'", decisionCases: { big: [task('a')] } }))), expected: def('tasks[0].expression', 'JavaScript syntax error (SyntaxError: inline:1 Unexpected string); Conductor rejects the definition ("Expression is not well formatted"). Fix the expression') },
  { name: 'a DECISION caseExpression with a syntax error', act: lint(wf(task('route', { type: 'DECISION', caseExpression: 'if ($.vip) { "gold" ', decisionCases: { gold: [task('a')] } }))), expected: def('tasks[0].caseExpression', `JavaScript syntax error (SyntaxError: inline:1 unexpected token in expression: ''); Conductor rejects the definition ("Expression is not well formatted"). Fix the caseExpression, or use caseValueParam`) },
  { name: 'an INLINE script with a syntax error (strict)', act: lint(wf(task('total', { type: 'INLINE', inputParameters: { evaluatorType: 'javascript', expression: '$.items.reduce((a, b) => a + b.price, 0' } })), true), expected: def('tasks[0].inputParameters.expression', 'warning: JavaScript syntax error (SyntaxError: inline:1 Unexpected end of input); Conductor accepts the definition, but the INLINE task fails with FAILED_WITH_TERMINAL_ERROR when it runs. Fix the expression') },
  { name: 'a DO_WHILE condition with a syntax error (strict)', act: lint(wf(task('loop', { type: 'DO_WHILE', loopCondition: "$.loop['iteration'] <", loopOver: [task('step')] })), true), expected: def('tasks[0].loopCondition', `warning: JavaScript syntax error (SyntaxError: inline:1 unexpected token in expression: ''); Conductor accepts the definition, but the DO_WHILE fails with FAILED_WITH_TERMINAL_ERROR ("Unable to evaluate condition") when its first iteration ends. Fix the loopCondition`) },
  { name: 'a LAMBDA body with a syntax error (strict)', act: lint(wf(task('convert', { type: 'LAMBDA', inputParameters: { scriptExpression: 'return { ok: true' } })), true), expected: def('tasks[0].inputParameters.scriptExpression', "warning: JavaScript syntax error (SyntaxError: inline:1 expecting ';'); Conductor accepts the definition, but the LAMBDA task fails when it runs. Fix the script; it is the body of a function and must return its result") },
  { name: 'a jq query with a syntax error (strict)', act: lint(wf(task('shape', { type: 'JSON_JQ_TRANSFORM', inputParameters: { queryExpression: '.items | map(.price' } })), true), expected: def('tasks[0].inputParameters.queryExpression', "warning: jq cannot compile the query (syntax error, unexpected end of file, expecting ';' or ')'); Conductor accepts the definition, but the JSON_JQ_TRANSFORM task fails when it runs. Fix the query") },
  { name: 'a jq query calling a function that does not exist (strict)', act: lint(wf(task('shape', { type: 'JSON_JQ_TRANSFORM', inputParameters: { queryExpression: '.items | summ' } })), true), expected: def('tasks[0].inputParameters.queryExpression', 'warning: jq cannot compile the query (Function summ/0 does not exist); Conductor accepts the definition, but the JSON_JQ_TRANSFORM task fails when it runs. Fix the query') },
  { name: 'a WAIT duration with a fraction', act: lint(wf(task('pause', { type: 'WAIT', inputParameters: { duration: '1.5h' } }))), expected: def('tasks[0].inputParameters.duration', 'cannot parse the WAIT duration "1.5h"; Conductor rejects the definition ("Either date or duration is passed as null "). Write days, hours, minutes and seconds in that order, e.g. "1d 2h 30m" or "45 seconds"') },
  { name: 'a WAIT until in ISO-8601', act: lint(wf(task('pause', { type: 'WAIT', inputParameters: { until: '2024-06-01T09:00:00Z' } }))), expected: def('tasks[0].inputParameters.until', 'cannot parse the WAIT until "2024-06-01T09:00:00Z"; Conductor rejects the definition ("Unable to parse date "). Use "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm z" or "yyyy-MM-dd", e.g. "2024-06-01 09:30 UTC"') },
  { name: 'a WAIT with both duration and until', act: () => parseWorkflowDef(wf(task('pause', { type: 'WAIT', inputParameters: { duration: '1h', until: '2024-06-01 09:00' } }))), expected: def('tasks[0].inputParameters', 'set either inputParameters.duration or inputParameters.until, not both') },

  // Mocks
  { name: 'a mock list for a ref with a typo', act: () => parseTestRequest(req({ taskRefToMockOutput: { chrage: [{ status: 'COMPLETED', output: {} }] } })), expected: request('taskRefToMockOutput.chrage', '"chrage" matches no task reference of workflow "order_flow" (did you mean "charge"?); keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)') },
  { name: 'a loop suffix on a ref outside any loop', act: () => parseTestRequest(req({ taskRefToMockOutput: { charge__1: [{ status: 'COMPLETED', output: {} }] } })), expected: request('taskRefToMockOutput.charge__1', '"charge__1" matches no task of workflow "order_flow": "charge" is not inside a DO_WHILE, so its reference has no "__1" suffix; use "charge"') },
  { name: 'a mock status that is not a task result status', act: () => parseTestRequest(req({ taskRefToMockOutput: { charge: [{ status: 'DONE', output: {} }] } })), expected: request('taskRefToMockOutput.charge[0].status', 'expected "IN_PROGRESS", "FAILED", "FAILED_WITH_TERMINAL_ERROR", "COMPLETED" or "CANCELED", got a string ("DONE")') },
  { name: 'a mock without output', act: () => parseTestRequest(req({ taskRefToMockOutput: { charge: [{ status: 'COMPLETED' }] } })), expected: request('taskRefToMockOutput.charge[0].output', 'expected an object, got undefined; the server fails with a 500 when it consumes a mock without output, add "output": {}') },
  { name: 'mocks given as one object instead of a list', act: () => parseTestRequest(req({ taskRefToMockOutput: { charge: { status: 'COMPLETED', output: {} } } })), expected: request('taskRefToMockOutput.charge', 'expected an array of mocks, got an object ({"status":"COMPLETED","output":{}})') },
  { name: 'a negative executionTime', act: () => parseTestRequest(req({ taskRefToMockOutput: { charge: [{ status: 'COMPLETED', output: {}, executionTime: -5 }] } })), expected: request('taskRefToMockOutput.charge[0].executionTime', 'expected milliseconds >= 0, got a number (-5)') },
  { name: 'a subWorkflowTestRequest for a task that is not a SUB_WORKFLOW', act: () => parseTestRequest(req({ subWorkflowTestRequest: { charge: { taskRefToMockOutput: {} } } })), expected: request('subWorkflowTestRequest.charge', '"charge" is a SIMPLE task, not a SUB_WORKFLOW; subWorkflowTestRequest keys are references of SUB_WORKFLOW tasks') },
  { name: 'a worker task with no mock (unmocked: error)', act: () => runWorkflow({ workflowDef: wf(task('charge'), task('ship')) as unknown as WorkflowDef }, { mocks: { byRef: { charge: ok() } } }), expected: { error: 'MockError', code: 'MOCK', where: ['ref ship'], message: "order_flow › ship (attempt 1, +0s): no mock for \"ship\"; mocked refs: charge. Add a mock for \"ship\" or pass unmocked: 'fail' (or 'stall')." } },
  { name: 'a server-compat mock without output, given to runWorkflow', act: () => runWorkflow(req({ taskRefToMockOutput: { charge: [{ status: 'COMPLETED' }] } }) as never, { mode: 'server-compat' }), expected: request('taskRefToMockOutput.charge[0].output', 'expected an object, got undefined; the server fails with a 500 when it consumes a mock without output, add "output": {}') },

  // Cyclic and missing sub-workflows
  { name: 'two workflows that start each other as sub-workflows', act: () => runWorkflow({ workflowDef: fromSubWorkflows[0] as WorkflowDef }, { workflowDefs: fromSubWorkflows, limits: { maxSubWorkflowDepth: 5 } }), expected: { error: 'EngineLimitError', code: 'ENGINE_LIMIT', where: ['limit maxSubWorkflowDepth', 'workflow flow_b', 'ref to_a'], message: 'flow_b › to_a: workflow "flow_a" would be nested 6 levels deep (maxSubWorkflowDepth 5); does a sub-workflow start itself? Raise limits.maxSubWorkflowDepth if the nesting is intended.' } },
  { name: 'a sub-workflow by a name nothing registers', act: () => runWorkflow({ workflowDef: wf(task('child', { type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'payment_flow' } })) as unknown as WorkflowDef }), expected: usage('workflow "order_flow" cannot start: The Task payment_flow defined as a sub-workflow has no workflow definition available ') },

  // Options and API misuse
  { name: 'a fractional seed', act: () => runWorkflow({ workflowDef: wf(task('charge')) as unknown as WorkflowDef }, { seed: 1.5 }), expected: usage('options.seed must be an integer, got 1.5') },
  { name: 'an unknown mode', act: () => runWorkflow({ workflowDef: wf(task('charge')) as unknown as WorkflowDef }, { mode: 'fast' as never }), expected: usage("options.mode must be 'simulate' or 'server-compat', got \"fast\"") },
  { name: 'an unknown unmocked policy', act: () => runWorkflow({ workflowDef: wf(task('charge')) as unknown as WorkflowDef }, { unmocked: 'skip' as never }), expected: usage("options.unmocked must be 'error', 'stall' or 'fail', got \"skip\"") },
  { name: 'a start time that is not an instant', act: () => runWorkflow({ workflowDef: wf(task('charge')) as unknown as WorkflowDef }, { startTime: 'yesterday' }), expected: usage('"yesterday" is not a valid start time; use an ISO-8601 instant such as "2024-01-01T00:00:00Z"') },
  { name: 'no definition at all', act: () => runWorkflow({ workflowDef: null } as never), expected: usage('no workflow definition to run: give workflowDef, or the name of one of options.workflowDefs (got name undefined, version latest)') },
  { name: 'server-compat mode without a request name', act: () => runWorkflow({ workflowDef: wf(task('charge')) } as never, { mode: 'server-compat' }), expected: usage('server-compat mode runs a WorkflowTestRequest: give it a "name" (and usually an inline workflowDef), as POST /api/workflow/test requires') },
  { name: 'TypeScript mocks in server-compat mode', act: () => runWorkflow(req({}) as never, { mode: 'server-compat', mocks: { byRef: { charge: ok() } } }), expected: usage('server-compat mode takes mocks only from the WorkflowTestRequest (taskRefToMockOutput), as the server does') },
  {
    name: 'a signal for a ref with a typo',
    act: async () => (await startWorkflow({ workflowDef: wf(task('approval', { type: 'HUMAN' })) as unknown as WorkflowDef })).signal('aproval'),
    expected: usage('no running task "aproval" in workflow "order_flow" (status RUNNING); running tasks: approval'),
  },
  {
    name: 'a clock move that is not a duration',
    act: async () => (await startWorkflow({ workflowDef: wf(task('approval', { type: 'HUMAN' })) as unknown as WorkflowDef })).advance('two hours'),
    expected: usage('"two hours" is not a duration; write e.g. "500ms", "30s", "2h", "1d 2h"'),
  },
];

describe('the bad-input catalogue', () => {
  it('has at least 30 entries, each named once', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(30);
    expect(new Set(catalogue.map((c) => c.name)).size).toBe(catalogue.length);
  });

  for (const entry of catalogue) {
    it(`rejects ${entry.name} with a ${entry.expected.error} that says where and how to fix it`, async () => {
      expect(await caught(entry.act)).toEqual(entry.expected);
    });
  }
});

// ---------------------------------------------------------------- the CLI

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctk-bad-'));
  writeFileSync(join(dir, 'trailing.json'), '{"name": "order_flow", "tasks": [],}');
  writeFileSync(join(dir, 'typo.json'), JSON.stringify(wf(task('charge', { type: 'SIMPEL' }))));
  writeFileSync(join(dir, 'bad-status.json'), JSON.stringify(req({ taskRefToMockOutput: { charge: [{ status: 'DONE', output: {} }] } })));
  writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ id: 'pay_once', request: req({}) }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), cwd: dir, env: {}, isTTY: false });
  return { code, out, err };
}

const TRAILING = 'trailing.json has 1 problem:\n  (root)  invalid JSON at line 1, column 36: expected a property name in double quotes, found "}"; remove the comma before it (JSON allows no trailing comma)';

describe('bad inputs on the command line', () => {
  const cases: readonly { argv: string[]; err: string }[] = [
    { argv: ['run', 'nope.json'], err: 'conductor-testkit run: nope.json: no such file' },
    { argv: ['run', 'trailing.json'], err: `conductor-testkit run: ${TRAILING}` },
    { argv: ['run', 'typo.json'], err: 'conductor-testkit run: typo.json has 1 problem:\n  tasks[0].type  unknown task type "SIMPEL" (did you mean "SIMPLE"?)' },
    { argv: ['run', 'bad-status.json'], err: 'conductor-testkit run: bad-status.json has 1 problem:\n  taskRefToMockOutput.charge[0].status  expected "IN_PROGRESS", "FAILED", "FAILED_WITH_TERMINAL_ERROR", "COMPLETED" or "CANCELED", got a string ("DONE")' },
    { argv: ['run', 'typo.json', '--seed', 'abc'], err: 'conductor-testkit run: --seed must be an integer, got "abc"' },
    { argv: ['run', 'typo.json', '--mode', 'fast'], err: 'conductor-testkit run: --mode must be simulate or server-compat, got "fast"' },
    { argv: ['run', 'bad-status.json', '--unmocked', 'skip'], err: 'conductor-testkit run: --unmocked must be error, stall or fail, got "skip"' },
    { argv: ['run', 'bad-status.json', '--input', '[1]'], err: 'conductor-testkit run: --input must be a JSON object, e.g. --input \'{"orderId":"o-1"}\'' },
    { argv: ['run', 'bad-status.json', '--input', '{oops'], err: 'conductor-testkit run: --input has 1 problem:\n  (root)  invalid JSON at line 1, column 2: unexpected symbol, found "oops"; put the property name in double quotes' },
    { argv: ['run', 'a.json', 'b.json'], err: 'conductor-testkit run: give exactly one workflow or test-request file; see --help' },
    { argv: ['run', 'typo.json', '--sed', '1'], err: `conductor-testkit run: Unknown option '--sed'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--sed"; see 'conductor-testkit run --help'` },
    { argv: ['check'], err: 'conductor-testkit check: give at least one scenario file or directory; see --help' },
    { argv: ['check', 'no-such-dir'], err: 'conductor-testkit check: no-such-dir: no such file or directory' },
    { argv: ['check', '--strict', 'x'], err: `conductor-testkit check: Unknown option '--strict'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--strict"; see 'conductor-testkit check --help'` },
    { argv: ['replay', 'bad-status.json'], err: 'conductor-testkit replay: no server: pass --server http://host:port or set CONDUCTOR_SERVER_URL (start one with scripts/conductor-server.sh start)' },
    { argv: ['replay', 'bad-status.json', '--server', 'not a url'], err: 'conductor-testkit replay: baseUrl "not a url" is not a URL; pass the server address, e.g. http://127.0.0.1:8080' },
    { argv: ['replay', 'bad-status.json', '--server', 'http://127.0.0.1:9', '--timeout', '0'], err: 'conductor-testkit replay: --timeout must be a positive number of seconds, got "0"' },
    { argv: ['replay', 'trailing.json', '--server', 'http://127.0.0.1:9'], err: `conductor-testkit replay: ${TRAILING}` },
    { argv: ['replay', 'bad-status.json', '--server', 'http://127.0.0.1:9'], err: 'conductor-testkit replay: bad-status.json has 1 problem:\n  taskRefToMockOutput.charge[0].status  expected "IN_PROGRESS", "FAILED", "FAILED_WITH_TERMINAL_ERROR", "COMPLETED" or "CANCELED", got a string ("DONE")' },
    // A scenario without "expect" is read as a bare request, so the message is about "name" (reported to the lead).
    { argv: ['replay', 'scenario.json', '--server', 'http://127.0.0.1:9'], err: 'conductor-testkit replay: scenario.json has 1 problem:\n  name  expected a string, got undefined' },
    { argv: ['frobnicate'], err: 'conductor-testkit: unknown command "frobnicate"; commands: run, validate, check, explore, replay, record, types' },
  ];

  for (const { argv, err } of cases) {
    it(`exits 2 on \`${argv.join(' ')}\` with the error on stderr and no stack trace`, async () => {
      const result = await cli(...argv);

      expect(result).toEqual({ code: 2, out: '', err: `${err}\n` });
      expect(result.err).not.toMatch(/^\s+at /m);
    });
  }

  it('reports a malformed scenario given to check as a failed scenario on one line, and exits 1', async () => {
    expect(await cli('check', 'trailing.json')).toEqual({ code: 1, out: `FAIL trailing.json\n  ${TRAILING.replace('\n', ' ')}\n0 passed, 1 failed\n`, err: '' });
  });
});

describe('bad inputs through a real child process', () => {
  const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const node = (...argv: string[]): { status: number | null; stdout: string; stderr: string } => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', main, ...argv], { cwd: root, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' }, timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('exits 2 on a file that is not JSON, with one message and no stack trace', () => {
    const file = join(dir, 'trailing.json');

    expect(node('run', file)).toEqual({ status: 2, stdout: '', stderr: `conductor-testkit run: ${file} has 1 problem:\n  (root)  invalid JSON at line 1, column 36: expected a property name in double quotes, found "}"; remove the comma before it (JSON allows no trailing comma)\n` });
  });

  it('exits 2 on a definition with an unknown task type', () => {
    const file = join(dir, 'typo.json');

    expect(node('run', file)).toEqual({ status: 2, stdout: '', stderr: `conductor-testkit run: ${file} has 1 problem:\n  tasks[0].type  unknown task type "SIMPEL" (did you mean "SIMPLE"?)\n` });
  });

  it('exits 2 on replay without a server', () => {
    expect(node('replay', join(dir, 'bad-status.json'))).toEqual({ status: 2, stdout: '', stderr: 'conductor-testkit replay: no server: pass --server http://host:port or set CONDUCTOR_SERVER_URL (start one with scripts/conductor-server.sh start)\n' });
  });

  it('exits 2 on check with an unknown option', () => {
    expect(node('check', '--strict', dir).status).toBe(2);
  });
});
