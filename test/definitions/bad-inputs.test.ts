/**
 * A catalogue of malformed inputs, one problem each, with the exact error text a user sees:
 * heading plus one line `path  message`.
 */
import { describe, expect, it } from 'vitest';
import { DefinitionError } from '../../src/errors/index.js';
import { parseJson, parseScenario, parseTaskDef, parseTestRequest, parseWorkflowDef } from '../../src/definitions/index.js';

type Kind = 'workflow' | 'taskDef' | 'request' | 'scenario' | 'json';

interface BadInput {
  readonly name: string;
  readonly kind: Kind;
  readonly input: unknown;
  /** The whole error message. */
  readonly message: string;
}

const task = (ref: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name: ref, taskReferenceName: ref, ...extra });
const wf = (...tasks: unknown[]): Record<string, unknown> => ({ name: 'order_flow', tasks });
const req = (extra: Record<string, unknown>): Record<string, unknown> => ({ name: 'order_flow', workflowDef: wf(task('charge')), ...extra });
const W = 'Workflow "order_flow" has 1 problem:\n  ';
const R = 'Test request for "order_flow" has 1 problem:\n  ';

const catalogue: readonly BadInput[] = [
  { name: 'a task without taskReferenceName', kind: 'workflow', input: wf({ name: 'charge' }), message: `${W}tasks[0].taskReferenceName  expected a non-empty string, got undefined` },
  { name: 'a task with an empty name', kind: 'workflow', input: wf(task('charge', { name: '' })), message: `${W}tasks[0].name  expected a non-empty string, got an empty string` },
  { name: 'tasks that is not a list', kind: 'workflow', input: { name: 'order_flow', tasks: { a: 1 } }, message: `${W}tasks  expected an array of tasks, got an object ({"a":1})` },
  { name: 'no tasks at all', kind: 'workflow', input: wf(), message: `${W}tasks  expected a non-empty array of tasks, got an empty array` },
  { name: 'a misspelt type', kind: 'workflow', input: wf(task('call', { type: 'HTTPS', inputParameters: { uri: 'u' } })), message: `${W}tasks[0].type  unknown task type "HTTPS" (did you mean "HTTP"?)` },
  { name: 'a lower-case type', kind: 'workflow', input: wf(task('charge', { type: 'simple' })), message: `${W}tasks[0].type  unknown task type "simple" (did you mean "SIMPLE"?)` },
  {
    name: 'a duplicate ref inside a fork branch',
    kind: 'workflow',
    input: wf(task('a'), task('fork', { type: 'FORK_JOIN', forkTasks: [[task('a')]] }), task('join', { type: 'JOIN', joinOn: ['a'] })),
    message: `${W}tasks[1].forkTasks[0][0].taskReferenceName  taskReferenceName "a" is already used at tasks[0].taskReferenceName; references must be unique across the whole workflow, rename one of them`,
  },
  {
    name: 'a reference to a task that does not exist',
    kind: 'workflow',
    input: wf(task('charge'), task('ship', { inputParameters: { id: '${chrage.output.id}' } })),
    message: `${W}tasks[1].inputParameters.id  "\${chrage.output.id}" refers to "chrage", which is neither "workflow" nor a taskReferenceName of this workflow (did you mean "charge"?)`,
  },
  {
    name: 'a SWITCH without evaluatorType',
    kind: 'workflow',
    input: wf(task('route', { type: 'SWITCH', expression: 'k', decisionCases: { a: [] } })),
    message: `${W}tasks[0].evaluatorType  evaluatorType is required for SWITCH tasks; use "value-param" (expression names an input parameter) or "javascript"`,
  },
  {
    name: 'a DECISION with no cases',
    kind: 'workflow',
    input: wf(task('route', { type: 'DECISION', caseValueParam: 'k', decisionCases: {} })),
    message: `${W}tasks[0].decisionCases  DECISION tasks need at least one entry in decisionCases, got an empty object; add a case such as "yes": [ … ]`,
  },
  {
    name: 'a case that is not a list',
    kind: 'workflow',
    input: wf(task('route', { type: 'SWITCH', evaluatorType: 'value-param', expression: 'k', decisionCases: { ship: task('ship') } })),
    message: `${W}tasks[0].decisionCases.ship  expected an array of tasks, got an object ({"name":"ship","taskReferenceName":"shi…)`,
  },
  {
    name: 'a DO_WHILE with an empty body',
    kind: 'workflow',
    input: wf(task('loop', { type: 'DO_WHILE', loopCondition: 'false', loopOver: [] })),
    message: `${W}tasks[0].loopOver  loopOver must list at least one task for DO_WHILE tasks, got an empty array`,
  },
  {
    name: 'a DYNAMIC task without dynamicTaskNameParam',
    kind: 'workflow',
    input: wf(task('dyn', { type: 'DYNAMIC' })),
    message: `${W}tasks[0].dynamicTaskNameParam  dynamicTaskNameParam is required for DYNAMIC tasks; name the input parameter that holds the task name`,
  },
  {
    name: 'a TERMINATE with an invalid status',
    kind: 'workflow',
    input: wf(task('end', { type: 'TERMINATE', inputParameters: { terminationStatus: 'DONE' } })),
    message: `${W}tasks[0].inputParameters.terminationStatus  expected "COMPLETED", "FAILED" or "TERMINATED", got a string ("DONE"); Conductor accepts only a literal status here, not an expression`,
  },
  {
    name: 'an optional TERMINATE',
    kind: 'workflow',
    input: wf(task('end', { type: 'TERMINATE', optional: true, inputParameters: { terminationStatus: 'FAILED' } })),
    message: `${W}tasks[0].optional  a TERMINATE task cannot be optional; remove "optional": true`,
  },
  {
    name: 'a WAIT with both duration and until',
    kind: 'workflow',
    input: wf(task('w', { type: 'WAIT', inputParameters: { duration: '1 hour', until: '2030-01-01 00:00' } })),
    message: `${W}tasks[0].inputParameters  set either inputParameters.duration or inputParameters.until, not both`,
  },
  {
    name: 'an HTTP task without a request',
    kind: 'workflow',
    input: wf(task('call', { type: 'HTTP' })),
    message: `${W}tasks[0].inputParameters  inputParameters.http_request is required for HTTP tasks (or uri and method directly in inputParameters)`,
  },
  {
    name: 'an EVENT task without a sink',
    kind: 'workflow',
    input: wf(task('emit', { type: 'EVENT' })),
    message: `${W}tasks[0].sink  sink is required for EVENT tasks; set it to "conductor", "conductor:<queue>" or a queue such as "sqs:<queue>"`,
  },
  {
    name: 'a SUB_WORKFLOW whose workflowDefinition is a plain name',
    kind: 'workflow',
    input: wf(task('child', { type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'child_flow', version: 1, workflowDefinition: 'child_flow' } })),
    message: `${W}tasks[0].subWorkflowParam.workflowDefinition  expected an inline workflow definition or a "\${...}" expression, got a string ("child_flow"); to start a registered workflow by name use subWorkflowParam.name`,
  },
  {
    name: 'a SUB_WORKFLOW without subWorkflowParam',
    kind: 'workflow',
    input: wf(task('child', { type: 'SUB_WORKFLOW' })),
    message: `${W}tasks[0].subWorkflowParam  subWorkflowParam is required for SUB_WORKFLOW tasks; give it the child workflow's name (and version) or an inline workflowDefinition`,
  },
  { name: 'schemaVersion 1', kind: 'workflow', input: { ...wf(task('a')), schemaVersion: 1 }, message: `${W}schemaVersion  expected 2 (the only schemaVersion Conductor accepts), got a number (1); set it to 2 or leave it out` },
  { name: 'a task timeout policy on the workflow', kind: 'workflow', input: { ...wf(task('a')), timeoutPolicy: 'RETRY' }, message: `${W}timeoutPolicy  expected "TIME_OUT_WF" or "ALERT_ONLY", got a string ("RETRY")` },
  { name: 'a negative startDelay', kind: 'workflow', input: wf(task('a', { startDelay: -1 })), message: `${W}tasks[0].startDelay  expected an integer >= 0, got a number (-1)` },
  { name: 'inputParameters given as a list', kind: 'workflow', input: wf(task('a', { inputParameters: ['x'] })), message: `${W}tasks[0].inputParameters  expected an object, got an array (["x"])` },
  { name: 'a retryCount given as a string', kind: 'workflow', input: wf(task('a', { retryCount: '3' })), message: `${W}tasks[0].retryCount  expected an integer or null, got a string ("3")` },
  { name: 'a negative TaskDef retryCount', kind: 'taskDef', input: { name: 'charge', retryCount: -1 }, message: 'TaskDef "charge" has 1 problem:\n  retryCount  expected an integer >= 0, got a number (-1)' },
  {
    name: 'a TaskDef whose timeout exceeds its total timeout',
    kind: 'taskDef',
    input: { name: 'charge', timeoutSeconds: 60, responseTimeoutSeconds: 30, totalTimeoutSeconds: 30 },
    message: 'TaskDef "charge" has 1 problem:\n  timeoutSeconds  timeoutSeconds (60) must not exceed totalTimeoutSeconds (30); lower timeoutSeconds or raise totalTimeoutSeconds',
  },
  {
    name: 'a TIMED_OUT mock',
    kind: 'request',
    input: req({ taskRefToMockOutput: { charge: [{ status: 'TIMED_OUT', output: {} }] } }),
    message: `${R}taskRefToMockOutput.charge[0].status  expected "IN_PROGRESS", "FAILED", "FAILED_WITH_TERMINAL_ERROR", "COMPLETED" or "CANCELED", got a string ("TIMED_OUT"); mocks cannot time out; use executionTime with a task timeoutSeconds or a never-answering worker`,
  },
  {
    name: 'a mock without output',
    kind: 'request',
    input: req({ taskRefToMockOutput: { charge: [{ status: 'COMPLETED' }] } }),
    message: `${R}taskRefToMockOutput.charge[0].output  expected an object, got undefined; the server fails with a 500 when it consumes a mock without output, add "output": {}`,
  },
  {
    name: 'a mock output that is not an object',
    kind: 'request',
    input: req({ taskRefToMockOutput: { charge: [{ status: 'COMPLETED', output: 'ok' }] } }),
    message: `${R}taskRefToMockOutput.charge[0].output  expected an object or null, got a string ("ok")`,
  },
  {
    name: 'a mock for a task that does not exist',
    kind: 'request',
    input: req({ taskRefToMockOutput: { charge: [{ output: {} }], refund: [{ output: {} }] } }),
    message: `${R}taskRefToMockOutput.refund  "refund" matches no task reference of workflow "order_flow"; keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)`,
  },
  {
    name: 'a negative executionTime',
    kind: 'request',
    input: req({ taskRefToMockOutput: { charge: [{ output: {}, executionTime: -100 }] } }),
    message: `${R}taskRefToMockOutput.charge[0].executionTime  expected milliseconds >= 0, got a number (-100)`,
  },
  { name: 'a null taskToDomain', kind: 'request', input: req({ taskToDomain: null }), message: `${R}taskToDomain  expected an object whose values are strings, got null` },
  { name: 'a priority above 99', kind: 'request', input: req({ priority: 120 }), message: `${R}priority  expected an integer from 0 to 99, got a number (120)` },
  {
    name: 'an expected task without ref',
    kind: 'scenario',
    input: { id: 'order_flow__ok', request: req({}), expect: { status: 'COMPLETED', tasks: [{ type: 'charge' }] } },
    message: 'Scenario "order_flow__ok" has 1 problem:\n  expect.tasks[0].ref  expected a non-empty string, got undefined',
  },
  { name: 'a trailing comma', kind: 'json', input: '{"name": "order_flow",\n "tasks": [],\n}', message: 'order.json has 1 problem:\n  (root)  invalid JSON at line 3, column 1: expected a property name in double quotes, found "}"; remove the comma before it (JSON allows no trailing comma)' },
];

function parse(kind: Kind, input: unknown): unknown {
  switch (kind) {
    case 'workflow':
      return parseWorkflowDef(input);
    case 'taskDef':
      return parseTaskDef(input);
    case 'request':
      return parseTestRequest(input);
    case 'scenario':
      return parseScenario(input);
    case 'json':
      return parseJson(input as string, 'order.json');
  }
}

describe('bad inputs', () => {
  it('has a catalogue of at least twenty', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(20);
  });

  it.each(catalogue.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    let thrown: unknown;
    try {
      parse(entry.kind, entry.input);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(DefinitionError);
    expect((thrown as DefinitionError).message).toBe(entry.message);
  });
});
