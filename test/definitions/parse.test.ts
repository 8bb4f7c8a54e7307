import { describe, expect, it } from 'vitest';
import { DefinitionError, ErrorCode, isTestkitError } from '../../src/errors/index.js';
import {
  parseScenario,
  parseTaskDef,
  parseTestRequest,
  parseWorkflowDef,
  type WorkflowDef,
} from '../../src/definitions/index.js';

/** Runs `fn`, which must throw a DefinitionError, and returns it. */
function failure(fn: () => unknown): DefinitionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DefinitionError) return error;
    throw error;
  }
  throw new Error('expected a DefinitionError, nothing was thrown');
}

/** The issue lines of an error message, padding between path and message normalised to two spaces. */
const problemLines = (error: DefinitionError): string[] =>
  error.message
    .split('\n')
    .slice(1)
    .map((line) => line.trim().replace(/^(\S+)\s+/, '$1  '));

const validDef = {
  name: 'order_flow',
  tasks: [{ name: 'charge', taskReferenceName: 'charge', inputParameters: { id: '${workflow.input.id}' } }],
};

describe('parseWorkflowDef', () => {
  it('returns the definition as written: unknown fields kept, nothing defaulted', () => {
    const input = { ...validDef, createTime: 1700000000000, maskedFields: [], tasks: [{ ...validDef.tasks[0], cacheConfig: { ttl: 5 } }] };

    const def = parseWorkflowDef(structuredClone(input));

    expect(def).toEqual(input);
    expect(def).not.toHaveProperty('version');
    expect(def.tasks[0]).not.toHaveProperty('type');
  });

  it('throws every schema and semantic error together, under a heading naming the workflow', () => {
    const input = {
      name: 'order_flow',
      tasks: [
        { name: 'charge', taskReferenceName: 'charge', type: 'HTTPS', inputParameters: { http_request: {} } },
        { name: 'ship', taskReferenceName: 'charge', optional: 'yes' },
      ],
    };

    const error = failure(() => parseWorkflowDef(input));

    expect(error.code).toBe(ErrorCode.INVALID_DEFINITION);
    expect(error.message).toBe(
      [
        'Workflow "order_flow" has 3 problems:',
        '  tasks[1].optional           expected a boolean, got a string ("yes")',
        '  tasks[0].type               unknown task type "HTTPS" (did you mean "HTTP"?)',
        '  tasks[1].taskReferenceName  taskReferenceName "charge" is already used at tasks[0].taskReferenceName; references must be unique across the whole workflow, rename one of them',
      ].join('\n'),
    );
    expect(error.issues.map((i) => i.taskReferenceName)).toEqual(['charge', 'charge', 'charge']);
    expect(isTestkitError(error)).toBe(true);
  });

  it('names the subject it is given instead', () => {
    const error = failure(() => parseWorkflowDef({ name: 'x', tasks: [] }, { subject: 'flows/x.json' }));

    expect(error.message).toBe('flows/x.json has 1 problem:\n  tasks  expected a non-empty array of tasks, got an empty array');
    expect(error.subject).toBe('flows/x.json');
  });

  it('falls back to a generic heading when the document has no name', () => {
    const error = failure(() => parseWorkflowDef(42));

    expect(error.message).toBe('Workflow definition has 1 problem:\n  (root)  expected a workflow definition object, got a number (42)');
  });

  it('never shows zod default texts or a stack trace', () => {
    const error = failure(() =>
      parseWorkflowDef({ name: 7, tasks: [{ taskReferenceName: 3, inputParameters: [], forkTasks: {}, joinOn: [1] }], variables: 'x', timeoutSeconds: 1.5 }),
    );

    expect(error.message).not.toMatch(/Invalid input|received|\n\s+at /);
    expect(problemLines(error)).toEqual([
      'name  expected a non-empty string, got a number (7)',
      'tasks[0].name  expected a non-empty string, got undefined',
      'tasks[0].taskReferenceName  expected a non-empty string, got a number (3)',
      'tasks[0].inputParameters  expected an object, got an empty array',
      'tasks[0].forkTasks  expected an array of task lists, got an empty object',
      'tasks[0].joinOn[0]  expected an array of strings, got a number (1)',
      'timeoutSeconds  expected an integer, got a number (1.5)',
      'variables  expected an object, got a string ("x")',
    ]);
  });

  it('reports a bad field of an inline sub-workflow definition at its own path', () => {
    const input = {
      name: 'parent',
      tasks: [{ name: 'c', taskReferenceName: 'c', type: 'SUB_WORKFLOW', subWorkflowParam: { workflowDefinition: { name: 'child', tasks: [{ name: 'x' }] } } }],
    };

    const error = failure(() => parseWorkflowDef(input));

    expect(problemLines(error)).toEqual([
      'tasks[0].subWorkflowParam.workflowDefinition.tasks[0].taskReferenceName  expected a non-empty string, got undefined',
    ]);
  });

  it('names all alternatives when a value matches none of them', () => {
    const input = { name: 'p', tasks: [{ name: 'c', taskReferenceName: 'c', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'x', version: 1, workflowDefinition: 5 } }] };

    const error = failure(() => parseWorkflowDef(input));

    expect(problemLines(error)).toEqual([
      'tasks[0].subWorkflowParam.workflowDefinition  expected an inline workflow definition object, a "${...}" string or null, got a number (5)',
    ]);
  });

  it('drops a semantic issue inside a part the schema already rejected', () => {
    const input = { name: 'p', tasks: [{ name: 'w', taskReferenceName: 'w', type: 'TERMINATE', inputParameters: 'oops' }] };

    const error = failure(() => parseWorkflowDef(input));

    expect(problemLines(error)).toEqual(['tasks[0].inputParameters  expected an object, got a string ("oops")']);
  });

  it('does not throw for warnings', () => {
    const input = { name: 'p', tasks: [{ name: 'f', taskReferenceName: 'f', type: 'FORK_JOIN', forkTasks: [[{ name: 'a', taskReferenceName: 'a' }]] }] };

    expect(parseWorkflowDef(input).tasks).toHaveLength(1);
  });

  it('uses registered TaskDefs for the HTTP inputTemplate rule', () => {
    const input = { name: 'p', tasks: [{ name: 'call', taskReferenceName: 'call', type: 'HTTP' }] };
    const taskDefs = new Map([['call', { name: 'call', inputTemplate: { http_request: { uri: 'http://x', method: 'GET' } } }]]);

    expect(parseWorkflowDef(input, { taskDefs }).tasks[0]?.type).toBe('HTTP');
  });
});

describe('parseTaskDef', () => {
  it('applies the registration rules of TaskDef', () => {
    const error = failure(() => parseTaskDef({ name: 'charge', timeoutSeconds: 60, retryLogic: 'EXPONENTIAL' }));

    expect(error.message.split('\n')[0]).toBe('TaskDef "charge" has 2 problems:');
    expect(problemLines(error)).toEqual([
      'retryLogic  expected "FIXED", "LINEAR_BACKOFF" or "EXPONENTIAL_BACKOFF", got a string ("EXPONENTIAL") (did you mean "EXPONENTIAL_BACKOFF"?)',
      'responseTimeoutSeconds  responseTimeoutSeconds (3600, the default) must not exceed timeoutSeconds (60); set responseTimeoutSeconds to at most 60',
    ]);
  });

  it('returns a valid TaskDef unchanged', () => {
    expect(parseTaskDef({ name: 'charge', retryCount: 0, extra: true })).toEqual({ name: 'charge', retryCount: 0, extra: true });
  });
});

describe('parseTestRequest', () => {
  const body = { name: 'order_flow', workflowDef: validDef, taskRefToMockOutput: { charge: [{ status: 'COMPLETED', output: { ok: true } }] } };

  it('returns a valid request unchanged', () => {
    expect(parseTestRequest(structuredClone(body))).toEqual(body);
  });

  it('reports the inline definition, the mocks and the request fields with the INVALID_REQUEST code', () => {
    const input = {
      name: 'order_flow',
      input: null,
      workflowDef: { ...validDef, schemaVersion: 1 },
      taskRefToMockOutput: { chrage: [{ status: 'TIMED_OUT' }] },
    };

    const error = failure(() => parseTestRequest(input));

    expect(error.code).toBe(ErrorCode.INVALID_REQUEST);
    expect(error.message.split('\n')[0]).toBe('Test request for "order_flow" has 5 problems:');
    expect(problemLines(error)).toEqual([
      'input  expected an object, got null',
      'taskRefToMockOutput.chrage[0].status  expected "IN_PROGRESS", "FAILED", "FAILED_WITH_TERMINAL_ERROR", "COMPLETED" or "CANCELED", got a string ("TIMED_OUT"); mocks cannot time out; use executionTime with a task timeoutSeconds or a never-answering worker',
      'workflowDef.schemaVersion  expected 2 (the only schemaVersion Conductor accepts), got a number (1); set it to 2 or leave it out',
      'taskRefToMockOutput.chrage  "chrage" matches no task reference of workflow "order_flow" (did you mean "charge"?); keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)',
      'taskRefToMockOutput.chrage[0].output  expected an object, got undefined; the server fails with a 500 when it consumes a mock without output, add "output": {}',
    ]);
  });

  it('checks mock keys against the registered definition when none is inline', () => {
    const workflowDefs = new Map<string, WorkflowDef>([['order_flow', validDef]]);

    const error = failure(() => parseTestRequest({ name: 'order_flow', taskRefToMockOutput: { ship: [{ output: {} }] } }, { workflowDefs }));

    expect(problemLines(error)).toEqual([
      'taskRefToMockOutput.ship  "ship" matches no task reference of workflow "order_flow"; keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)',
    ]);
  });

  it('requires a name even with an inline definition', () => {
    const error = failure(() => parseTestRequest({ workflowDef: validDef }));

    expect(error.message).toBe('Test request has 1 problem:\n  name  expected a string, got undefined');
  });
});

describe('parseScenario', () => {
  const scenario = {
    id: 'order_flow__happy',
    source: 'authored',
    about: 'Charges.',
    definition: 'order_flow.json',
    taskDefs: [{ name: 'charge', retryCount: 0 }],
    request: { name: 'order_flow', workflowDef: validDef, taskRefToMockOutput: { charge: [{ status: 'COMPLETED', output: {} }] } },
    expect: { status: 'COMPLETED', tasks: [{ ref: 'charge', type: 'charge', status: 'COMPLETED' }], confidence: 'derived', note: 'n' },
    mode: 'simulate',
    golden: 'order_flow__happy.trace',
    owner: 'us',
  };

  it('keeps our own fields and unknown ones', () => {
    const parsed = parseScenario(structuredClone(scenario));

    expect(parsed).toEqual(scenario);
  });

  it('reports the scenario, its TaskDefs and its request with their paths', () => {
    const input = {
      ...scenario,
      taskDefs: [{ name: 'charge', timeoutSeconds: 10, responseTimeoutSeconds: 20 }],
      request: { ...scenario.request, taskRefToMockOutput: { charge: [{ status: 'DONE', output: {} }] } },
      expect: { ...scenario.expect, status: 'SUCCESS' },
    };

    const error = failure(() => parseScenario(input));

    expect(error.code).toBe(ErrorCode.INVALID_DEFINITION);
    expect(error.message.split('\n')[0]).toBe('Scenario "order_flow__happy" has 3 problems:');
    expect(problemLines(error)).toEqual([
      'request.taskRefToMockOutput.charge[0].status  expected "IN_PROGRESS", "FAILED", "FAILED_WITH_TERMINAL_ERROR", "COMPLETED" or "CANCELED", got a string ("DONE")',
      'expect.status  expected "RUNNING", "COMPLETED", "FAILED", "TIMED_OUT", "TERMINATED" or "PAUSED", got a string ("SUCCESS")',
      'taskDefs[0].responseTimeoutSeconds  responseTimeoutSeconds (20) must not exceed timeoutSeconds (10); set responseTimeoutSeconds to at most 10',
    ]);
  });

  it('checks child mocks against the scenario workflowDefs', () => {
    const input = {
      ...scenario,
      workflowDefs: [{ name: 'kid', tasks: [{ name: 'k', taskReferenceName: 'k' }] }],
      request: {
        name: 'parent',
        workflowDef: { name: 'parent', tasks: [{ name: 's', taskReferenceName: 's', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'kid', version: 1 } }] },
        taskRefToMockOutput: { __keepalive__: [] },
        subWorkflowTestRequest: { s: { taskRefToMockOutput: { kk: [{ output: {} }] } } },
      },
    };

    const error = failure(() => parseScenario(input));

    expect(problemLines(error)).toEqual([
      'request.subWorkflowTestRequest.s.taskRefToMockOutput.kk  "kk" matches no task reference of workflow "kid" (did you mean "k"?); keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)',
    ]);
  });
});
