/**
 * Fuzzing (issue #8): random valid workflows of every task type, random mocks, both engine modes.
 * This is the short, seeded form; `npm run fuzz` runs 100,000 cases (CI: `-- --cases 5000`).
 * The second half shows that each property can fail: planted crashes, nondeterminism, broken
 * task lists and invalid generated definitions are all reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { WorkflowDef } from '../../src/definitions/index.js';
import type { WorkerAnswer } from '../../src/engine/index.js';
import { ok } from '../../src/mocks/index.js';
import type { TaskRun, Trace, WorkflowRun } from '../../src/trace/index.js';
import { testSeed } from '../support/seed.js';
import {
  checkFuzzCase,
  createFuzzTally,
  fuzzCaseArbitrary,
  generatorViolations,
  loadFuzzRuntimes,
  taskListViolations,
  traceViolations,
} from '../support/fuzz/index.js';
import type { FuzzCase, FuzzRuntimes } from '../support/fuzz/index.js';

let runtimes: FuzzRuntimes;
beforeAll(async () => {
  runtimes = await loadFuzzRuntimes();
});
afterAll(() => runtimes.scripts.dispose());

function caseOf(workflowDef: WorkflowDef, extra: Partial<FuzzCase> = {}): FuzzCase {
  return { mode: 'simulate', workflowDef, input: {}, request: undefined, mocks: undefined, workflowDefs: [], taskDefs: [], seed: 1, unmocked: 'fail', actions: [], ...extra };
}

const oneWorker: WorkflowDef = {
  name: 'one_worker',
  version: 1,
  schemaVersion: 2,
  tasks: [{ name: 'work', taskReferenceName: 'work', type: 'SIMPLE' }],
};

describe('fuzzing generated workflows', () => {
  it('finds no undocumented error, hang, nondeterminism or inconsistent task list', async () => {
    const tally = createFuzzTally();

    // Property: for every generated case (definition, mocks, mode, seed), both runs of the seed end
    // in a workflow status or a documented error, are byte-identical, and their task lists are
    // consistent; the generated inputs themselves validate.
    await fc.assert(
      fc.asyncProperty(fuzzCaseArbitrary(), async (fuzzCase) => {
        const report = await checkFuzzCase(fuzzCase, runtimes);
        tally.add(report);
        expect(report.violations).toEqual([]);
      }),
      { seed: testSeed, numRuns: 250 },
    );

    const stats = tally.snapshot();
    expect(stats.limitHits / stats.cases).toBeLessThan(0.1);
    expect([...stats.outcomes.keys()].filter((k) => k.startsWith('status:')).sort()).toEqual([
      'status:COMPLETED',
      'status:FAILED',
      'status:RUNNING',
      'status:TERMINATED',
      'status:TIMED_OUT',
    ]);
  });

  it('generates every task type of the engine, both evaluators, nested loops and both kinds of sub-workflow', () => {
    const types = new Set<string>();
    const shapes = new Set<string>();
    const visit = (tasks: readonly WorkflowDef['tasks'][number][], inLoop: boolean): void => {
      for (const t of tasks) {
        types.add(t.type ?? 'SIMPLE');
        if (t.type === 'SWITCH') shapes.add(`SWITCH ${String(t.evaluatorType)}`);
        if (t.type === 'DO_WHILE' && inLoop) shapes.add('nested DO_WHILE');
        if (t.type === 'SUB_WORKFLOW') shapes.add(typeof t.subWorkflowParam?.workflowDefinition === 'object' ? 'inline sub-workflow' : 'registered sub-workflow');
        visit(t.loopOver ?? [], inLoop || t.type === 'DO_WHILE');
        visit(t.defaultCase ?? [], inLoop);
        for (const list of Object.values(t.decisionCases ?? {})) visit(list, inLoop);
        for (const branch of t.forkTasks ?? []) visit(branch, inLoop);
        const inline = t.subWorkflowParam?.workflowDefinition;
        if (typeof inline === 'object' && inline !== null) visit(inline.tasks, false);
      }
    };

    const samples = fc.sample(fuzzCaseArbitrary(), { seed: testSeed, numRuns: 400 });
    for (const sample of samples) {
      visit(sample.workflowDef.tasks, false);
      for (const def of sample.workflowDefs) visit(def.tasks, false);
      shapes.add(`mode ${sample.mode}`);
      if (sample.mode === 'simulate' && sample.request !== undefined) shapes.add('simulate a WorkflowTestRequest');
      if (sample.actions.length > 0) shapes.add('session actions');
    }

    expect([...types].sort()).toEqual([
      'DECISION', 'DO_WHILE', 'DYNAMIC', 'EVENT', 'EXCLUSIVE_JOIN', 'FORK_JOIN', 'FORK_JOIN_DYNAMIC', 'HTTP', 'HUMAN',
      'INLINE', 'JOIN', 'JSON_JQ_TRANSFORM', 'KAFKA_PUBLISH', 'LAMBDA', 'NOOP', 'SET_VARIABLE', 'SIMPLE', 'START_WORKFLOW',
      'SUB_WORKFLOW', 'SWITCH', 'TERMINATE', 'WAIT',
    ]);
    expect([...shapes].sort()).toEqual([
      'SWITCH graaljs', 'SWITCH javascript', 'SWITCH value-param', 'inline sub-workflow', 'mode server-compat', 'mode simulate',
      'nested DO_WHILE', 'registered sub-workflow', 'session actions', 'simulate a WorkflowTestRequest',
    ]);
  });
});

describe('the fuzz properties can fail', () => {
  it('reports an error that is not one of the documented classes', async () => {
    const throwing = (): WorkerAnswer => {
      throw new TypeError('mock bug');
    };

    const report = await checkFuzzCase(caseOf(oneWorker, { mocks: { byRef: { work: throwing } } }), runtimes);

    expect(report.outcome).toBe('crash:TypeError');
    expect(report.violations[0]?.split('\n')[0]).toBe('(a) an undocumented error escaped: TypeError: mock bug');
  });

  it('reports two runs of one seed that differ', async () => {
    let calls = 0;
    const counting = (): WorkerAnswer => ok({ call: calls++ });

    const report = await checkFuzzCase(caseOf(oneWorker, { mocks: { byRef: { work: counting } } }), runtimes);

    expect(report.outcome).toBe('status:COMPLETED');
    expect(report.violations).toEqual(['(c) the same seed gave traces whose JSON differs']);
  });

  it('counts a budget hit as an outcome, not a failure', async () => {
    const endless: WorkflowDef = {
      name: 'endless',
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: 'loop', taskReferenceName: 'loop', type: 'DO_WHILE', loopCondition: 'true', loopOver: [{ name: 'noop', taskReferenceName: 'noop', type: 'NOOP' }] }],
    };

    const report = await checkFuzzCase(caseOf(endless), runtimes);

    expect(report).toMatchObject({ outcome: 'limit:maxLoopIterations', violations: [] });
  });

  it('reports a generated definition that does not validate', () => {
    const broken: WorkflowDef = { name: 'broken', version: 1, schemaVersion: 2, tasks: [{ name: 'route', taskReferenceName: 'route', type: 'SWITCH', expression: 'x', decisionCases: { a: [] } }] };

    expect(generatorViolations(caseOf(broken))).toEqual([
      'generator: the workflow definition does not validate: Workflow "broken" has 1 problem:\n  tasks[0].evaluatorType  evaluatorType is required for SWITCH tasks; use "value-param" (expression names an input parameter) or "javascript"',
    ]);
  });

  it('reports a generated script that does not parse', () => {
    const broken: WorkflowDef = { name: 'broken', version: 1, schemaVersion: 2, tasks: [{ name: 'calc', taskReferenceName: 'calc', type: 'INLINE', inputParameters: { expression: '1 +' } }] };

    expect(generatorViolations(caseOf(broken), runtimes)).toEqual([
      'generator: lint of "broken" at tasks.0.inputParameters.expression: warning: JavaScript syntax error (SyntaxError: inline:1 unexpected token in expression: \'\'); Conductor accepts the definition, but the INLINE task fails with FAILED_WITH_TERMINAL_ERROR when it runs. Fix the expression',
    ]);
  });

  describe('task-list laws', () => {
    const task = (over: Partial<TaskRun>): TaskRun => ({
      taskId: 't1', referenceTaskName: 'a', taskType: 'a', taskDefName: 'a', status: 'COMPLETED', seq: 1, retryCount: 0, iteration: 0,
      scheduledTime: 10, startTime: 10, endTime: 20, updateTime: 20, inputData: {}, outputData: {}, retried: false, executed: true,
      callbackAfterSeconds: 0, startDelayInSeconds: 0, pollCount: 1, responseTimeoutSeconds: 0, workflowInstanceId: 'w1', workflowType: 'wf',
      ...over,
    });
    const workflow = (tasks: TaskRun[], over: Partial<WorkflowRun> = {}): WorkflowRun => ({
      workflowId: 'w1', workflowName: 'wf', workflowVersion: 1, status: 'COMPLETED', input: {}, output: {}, variables: {},
      failedReferenceTaskNames: [], failedTaskNames: [], createTime: 10, updateTime: 20, endTime: 20, priority: 0, taskToDomain: {}, tasks, ...over,
    });

    it('accepts a consistent retry chain', () => {
      const tasks = [
        task({ taskId: 't1', status: 'FAILED', retried: true }),
        task({ taskId: 't2', seq: 2, retryCount: 1, retriedTaskId: 't1' }),
      ];

      expect(taskListViolations(workflow(tasks))).toEqual([]);
    });

    it('reports seqs out of order, a missing end time, a broken retry chain and a wrong loop suffix', () => {
      const tasks = [
        task({ taskId: 't1', seq: 2, status: 'FAILED', retried: true }),
        task({ taskId: 't2', seq: 1, endTime: 0 }),
        task({ taskId: 't3', seq: 3, retryCount: 2, retriedTaskId: 't1' }),
        task({ taskId: 't4', seq: 4, referenceTaskName: 'b__2', iteration: 1, retriedTaskId: 'nope' }),
      ];

      expect(taskListViolations(workflow(tasks))).toEqual([
        'wf › a (seq 1, COMPLETED): seq 1 does not increase after 2 in list order',
        'wf › a (seq 1, COMPLETED): terminal task without an endTime',
        'wf › a (seq 3, COMPLETED): retryCount 2 but the attempt it retries has retryCount 0',
        'wf › b__2 (seq 4, COMPLETED): iteration 1 but the ref does not end with "__1"',
        'wf › b__2 (seq 4, COMPLETED): retriedTaskId nope names no earlier task of the workflow',
      ]);
    });

    it('reports a retried attempt that nothing retries, and a retry of an attempt that was not retriable', () => {
      const tasks = [
        task({ taskId: 't1', status: 'FAILED', retried: true }),
        task({ taskId: 't2', seq: 2, referenceTaskName: 'b', status: 'CANCELED' }),
        task({ taskId: 't3', seq: 3, referenceTaskName: 'b', retryCount: 1, retriedTaskId: 't2' }),
      ];

      expect(taskListViolations(workflow(tasks))).toEqual([
        'wf › b (seq 3, COMPLETED): the attempt it retries (seq 2) is not marked retried',
        'wf › b (seq 3, COMPLETED): retries an attempt that ended CANCELED',
        'wf › a (seq 1, FAILED): marked retried but no later attempt names it in retriedTaskId',
      ]);
    });

    it('reports a status that is not one of Conductor\'s', () => {
      const tasks = [task({ status: 'DONE' as TaskRun['status'] })];

      expect(taskListViolations(workflow(tasks))).toEqual(['wf › a (seq 1, DONE): "DONE" is not a task status (model/TaskModel.java Status)']);
    });

    it('reports a task scheduled after its workflow ended, and a clock that goes back', () => {
      const wf = workflow([task({})]);
      const trace: Trace = {
        traceVersion: 1, source: 'simulate', startedAt: 10, seed: 1, workflow: wf, workflows: [wf], messages: [],
        events: [
          { n: 1, at: 10, kind: 'workflow.started', workflowId: 'w1', status: 'RUNNING' },
          { n: 2, at: 20, kind: 'workflow.status', workflowId: 'w1', status: 'COMPLETED' },
          { n: 3, at: 15, kind: 'task.scheduled', workflowId: 'w1', ref: 'late', status: 'SCHEDULED' },
        ],
      };

      expect(traceViolations(trace)).toEqual([
        'event 3: late scheduled after its workflow ended (event 2)',
        'event 3 (task.scheduled) at 15 is earlier than event 2 at 20: the virtual clock went back',
      ]);
    });
  });
});
