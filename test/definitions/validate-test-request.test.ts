import { describe, expect, it } from 'vitest';
import { formatPath } from '../../src/errors/index.js';
import {
  validateTestRequest,
  type DefinitionIssue,
  type WorkflowDef,
  type WorkflowTask,
  type WorkflowTestRequest,
} from '../../src/definitions/index.js';

const t = (ref: string, extra: Partial<WorkflowTask> = {}): WorkflowTask => ({ name: ref, taskReferenceName: ref, ...extra });
const lines = (issues: readonly DefinitionIssue[]): string[] =>
  issues.map((i) => `${i.severity} ${i.code} ${formatPath(i.path)}  ${i.message}`);

const def: WorkflowDef = {
  name: 'order_flow',
  tasks: [
    t('charge'),
    t('loop', { type: 'DO_WHILE', loopCondition: '', loopOver: [t('poll')] }),
    t('route', { type: 'SWITCH', evaluatorType: 'value-param', expression: 'k', decisionCases: { a: [t('ship')] } }),
    t('child', { type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'child_flow', version: 1 } }),
  ],
};
const ok = { status: 'COMPLETED', output: {} } as const;
const request = (extra: Partial<WorkflowTestRequest>): WorkflowTestRequest => ({ name: 'order_flow', ...extra });
const check = (req: WorkflowTestRequest, d: WorkflowDef = def, workflowDefs?: ReadonlyMap<string, WorkflowDef>): string[] =>
  lines(validateTestRequest(req, d, workflowDefs === undefined ? {} : { workflowDefs }));

describe('validateTestRequest', () => {
  it('accepts mocks for plain refs, loop-suffixed refs and an empty keep-alive list', () => {
    const req = request({ taskRefToMockOutput: { charge: [ok], poll__1: [ok], poll__12: [ok], ship: [ok], __keepalive__: [] } });

    expect(validateTestRequest(req, def)).toEqual([]);
  });

  it('reports a key that matches no task, with a suggestion', () => {
    expect(check(request({ taskRefToMockOutput: { chrage: [ok] } }))).toEqual([
      'error unknown_mock_ref taskRefToMockOutput.chrage  "chrage" matches no task reference of workflow "order_flow" (did you mean "charge"?); keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)',
    ]);
  });

  it('reports a loop suffix on a task that is not in a loop', () => {
    expect(check(request({ taskRefToMockOutput: { charge__1: [ok] } }))).toEqual([
      'error unknown_mock_ref taskRefToMockOutput.charge__1  "charge__1" matches no task of workflow "order_flow": "charge" is not inside a DO_WHILE, so its reference has no "__1" suffix; use "charge"',
    ]);
  });

  it('reports iteration 0, as loop iterations count from 1', () => {
    expect(check(request({ taskRefToMockOutput: { poll__0: [ok] } }))).toEqual([
      'error unknown_mock_ref taskRefToMockOutput.poll__0  "poll__0" matches no task of workflow "order_flow": loop iterations count from 1; use "poll__1" for the first',
    ]);
  });

  it('suggests the suffixed form of a misspelt loop ref', () => {
    expect(check(request({ taskRefToMockOutput: { pol__2: [ok] } }))).toEqual([
      'error unknown_mock_ref taskRefToMockOutput.pol__2  "pol__2" matches no task reference of workflow "order_flow" (did you mean "poll__2"?); keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)',
    ]);
  });

  it('accepts any key starting with "_" when a forkTaskInputs dynamic fork makes refs at run time', () => {
    const dynamic: WorkflowDef = { name: 'd', tasks: [t('fan', { type: 'FORK_JOIN_DYNAMIC', inputParameters: { forkTaskInputs: [] } }), t('join', { type: 'JOIN' })] };

    expect(check(request({ taskRefToMockOutput: { _work_0: [ok], _fan_work_1__2: [ok] } }), dynamic)).toEqual([]);
    expect(check(request({ taskRefToMockOutput: { work_0: [ok] } }), dynamic)).toEqual([
      'error unknown_mock_ref taskRefToMockOutput.work_0  "work_0" matches no task reference of workflow "d"; keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)',
    ]);
  });

  it('accepts any key when a classic dynamic fork takes its refs from the input', () => {
    const dynamic: WorkflowDef = {
      name: 'd',
      tasks: [t('fan', { type: 'FORK_JOIN_DYNAMIC', dynamicForkTasksParam: 'tasks', dynamicForkTasksInputParamName: 'inputs' }), t('join', { type: 'JOIN' })],
    };

    expect(check(request({ taskRefToMockOutput: { anything: [ok] } }), dynamic)).toEqual([]);
  });

  it('reports a status the server rejects, with the closest one', () => {
    const req = request({ taskRefToMockOutput: { charge: [{ status: 'COMPLETE', output: {} }] } } as unknown as Partial<WorkflowTestRequest>);

    expect(check(req)).toEqual([
      'error invalid_mock_status taskRefToMockOutput.charge[0].status  expected "IN_PROGRESS", "FAILED", "FAILED_WITH_TERMINAL_ERROR", "COMPLETED" or "CANCELED", got a string ("COMPLETE") (did you mean "COMPLETED"?)',
    ]);
  });

  it('explains that mocks cannot time out', () => {
    const req = request({ taskRefToMockOutput: { charge: [{ status: 'TIMED_OUT', output: {} }] } } as unknown as Partial<WorkflowTestRequest>);

    expect(check(req)).toEqual([
      'error invalid_mock_status taskRefToMockOutput.charge[0].status  expected "IN_PROGRESS", "FAILED", "FAILED_WITH_TERMINAL_ERROR", "COMPLETED" or "CANCELED", got a string ("TIMED_OUT"); mocks cannot time out; use executionTime with a task timeoutSeconds or a never-answering worker',
    ]);
  });

  it('reports a mock without an output object', () => {
    const req = request({ taskRefToMockOutput: { charge: [{ status: 'COMPLETED' }, { status: 'FAILED', output: null }] } });

    expect(check(req)).toEqual([
      'error missing_mock_output taskRefToMockOutput.charge[0].output  expected an object, got undefined; the server fails with a 500 when it consumes a mock without output, add "output": {}',
      'error missing_mock_output taskRefToMockOutput.charge[1].output  expected an object, got null; the server fails with a 500 when it consumes a mock without output, add "output": {}',
    ]);
  });

  it('reports negative executionTime and queueWaitTime', () => {
    const req = request({ taskRefToMockOutput: { charge: [{ output: {}, executionTime: -1, queueWaitTime: -2 }] } });

    expect(check(req)).toEqual([
      'error constraint taskRefToMockOutput.charge[0].executionTime  expected milliseconds >= 0, got a number (-1)',
      'error constraint taskRefToMockOutput.charge[0].queueWaitTime  expected milliseconds >= 0, got a number (-2)',
    ]);
  });

  it('warns that mocks for tasks the endpoint runs itself are never applied', () => {
    const req = request({ taskRefToMockOutput: { route: [ok], child: [ok] } });

    expect(check(req)).toEqual([
      'warning mock_ignored taskRefToMockOutput.route  warning: mocks for "route" are never applied: the test endpoint runs SWITCH tasks itself; remove this entry',
      'warning mock_ignored taskRefToMockOutput.child  warning: mocks for "child" are never applied: the test endpoint runs SUB_WORKFLOW tasks itself; mock the child\'s tasks through subWorkflowTestRequest instead',
    ]);
  });

  it('reports a priority outside 0..99', () => {
    expect(check(request({ priority: 100 }))).toEqual(['error constraint priority  expected an integer from 0 to 99, got a number (100)']);
  });

  describe('subWorkflowTestRequest', () => {
    const childDef: WorkflowDef = { name: 'child_flow', tasks: [t('inner')] };

    it('checks the child mocks against the registered child definition', () => {
      const req = request({ subWorkflowTestRequest: { child: { taskRefToMockOutput: { inner: [ok], iner: [ok] } } } });

      expect(check(req, def, new Map([['child_flow', childDef]]))).toEqual([
        'error unknown_mock_ref subWorkflowTestRequest.child.taskRefToMockOutput.iner  "iner" matches no task reference of workflow "child_flow" (did you mean "inner"?); keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)',
      ]);
    });

    it('checks only the mock values when the child definition is unknown', () => {
      const req = request({ subWorkflowTestRequest: { child: { taskRefToMockOutput: { whatever: [{ output: {}, executionTime: -1 }] } } } });

      expect(check(req)).toEqual([
        'error constraint subWorkflowTestRequest.child.taskRefToMockOutput.whatever[0].executionTime  expected milliseconds >= 0, got a number (-1)',
      ]);
    });

    it('reports a key that is not a SUB_WORKFLOW task', () => {
      const req = request({ subWorkflowTestRequest: { charge: {}, kid: {} } });

      expect(check(req)).toEqual([
        'error unknown_sub_workflow_ref subWorkflowTestRequest.charge  "charge" is a SIMPLE task, not a SUB_WORKFLOW; subWorkflowTestRequest keys are references of SUB_WORKFLOW tasks',
        'error unknown_sub_workflow_ref subWorkflowTestRequest.kid  "kid" matches no SUB_WORKFLOW task reference of workflow "order_flow"; keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)',
      ]);
    });

    it('follows an inline child definition', () => {
      const inline: WorkflowDef = {
        name: 'parent',
        tasks: [t('child', { type: 'SUB_WORKFLOW', subWorkflowParam: { workflowDefinition: childDef } }), t('after')],
      };
      const req = request({ taskRefToMockOutput: { after: [ok] }, subWorkflowTestRequest: { child: { taskRefToMockOutput: { after: [ok] } } } });

      expect(check(req, inline)).toEqual([
        'error unknown_mock_ref subWorkflowTestRequest.child.taskRefToMockOutput.after  "after" matches no task reference of workflow "child_flow"; keys are runtime reference names ("<ref>__<n>" inside a DO_WHILE)',
      ]);
    });
  });
});
