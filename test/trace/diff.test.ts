import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DiffFields, diffTraces, formatTraceDiff, type Trace, type TaskRun } from '../../src/trace/index.js';
import { testSeed } from '../support/seed.js';
import { workflowArbitrary } from '../support/trace-arbitraries.js';
import { buildTrace, type TaskSpec, type WorkflowSpec } from '../support/trace-builder.js';

const BASE: WorkflowSpec = {
  name: 'order_flow',
  status: 'COMPLETED',
  output: { total: 3, items: [{ sku: 'a', qty: 1 }] },
  variables: { attempts: 1 },
  failedReferenceTaskNames: ['charge'],
  tasks: [
    { ref: 'validate', inputData: { orderId: 'o-1' }, outputData: { ok: true } },
    { ref: 'charge', status: 'FAILED', reasonForIncompletion: "Task {task:1} failed with status: FAILED and reason: 'null'" },
    { ref: 'charge', retryCount: 1, callbackAfterSeconds: 60, outputData: { paid: 3 } },
    { ref: 'ship', taskType: 'SUB_WORKFLOW', child: { name: 'ship_flow', tasks: [{ ref: 'label', outputData: { carrier: 'ups' } }] } },
  ],
};

function withTask(spec: WorkflowSpec, index: number, change: Partial<TaskSpec>): WorkflowSpec {
  return { ...spec, tasks: spec.tasks.map((task, i) => (i === index ? { ...task, ...change } : task)) };
}

function mapTasks(trace: Trace, change: (task: TaskRun) => TaskRun): Trace {
  const workflows = trace.workflows.map((w) => ({ ...w, tasks: w.tasks.map(change) }));
  return { ...trace, workflow: workflows[0] ?? trace.workflow, workflows };
}

describe('diffTraces', () => {
  it('finds no difference between runs that differ only in seed, ids and start time', () => {
    const diff = diffTraces(buildTrace(BASE, { seed: 1 }), buildTrace(BASE, { seed: 77, startedAt: 0 + 5_000, source: 'remote' }));

    expect(diff).toEqual({ equal: true, differences: [] });
  });

  it('reports a different workflow status at the path status', () => {
    const diff = diffTraces(buildTrace(BASE), buildTrace({ ...BASE, status: 'FAILED' }));

    expect(diff.differences).toEqual([{ kind: 'changed', path: 'status', expected: 'COMPLETED', actual: 'FAILED' }]);
  });

  it('reports nested output and variable differences with their paths, missing and unexpected keys included', () => {
    const actual = buildTrace({ ...BASE, output: { total: 4, items: [{ sku: 'a', qty: 1 }], extra: true }, variables: {} });

    expect(diffTraces(buildTrace(BASE), actual).differences).toEqual([
      { kind: 'unexpected', path: 'output.extra', expected: undefined, actual: true },
      { kind: 'changed', path: 'output.total', expected: 3, actual: 4 },
      { kind: 'missing', path: 'variables.attempts', expected: 1, actual: undefined },
    ]);
  });

  it('compares reasons with ids as tokens and can mask digits', () => {
    const expected = buildTrace({ ...BASE, reasonForIncompletion: 'Task timed out after 61 seconds. Timeout configured as 60 seconds.' });
    const actual = buildTrace({ ...BASE, reasonForIncompletion: 'Task timed out after 62 seconds. Timeout configured as 60 seconds.' }, { seed: 9 });

    expect(diffTraces(expected, actual).differences.map((d) => d.path)).toEqual(['reasonForIncompletion']);
    expect(diffTraces(expected, actual, { ignoreDigitsInReasons: true }).equal).toBe(true);
  });

  it('compares failedReferenceTaskNames as a set', () => {
    const expected = buildTrace({ ...BASE, failedReferenceTaskNames: ['charge', 'ship'] });

    expect(diffTraces(expected, buildTrace({ ...BASE, failedReferenceTaskNames: ['ship', 'charge'] })).equal).toBe(true);
    expect(diffTraces(expected, buildTrace({ ...BASE, failedReferenceTaskNames: ['charge'] })).differences).toEqual([
      { kind: 'changed', path: 'failedReferenceTaskNames', expected: ['charge', 'ship'], actual: ['charge'] },
    ]);
  });

  it('reports each compared task field under tasks[i](ref=…)', () => {
    const actual = buildTrace(
      withTask(BASE, 2, {
        status: 'FAILED',
        retryCount: 2,
        iteration: 1,
        inputData: { x: 1 },
        outputData: { paid: 4 },
        reasonForIncompletion: 'nope',
        callbackAfterSeconds: 0,
        taskType: 'pay',
      }),
    );

    expect(diffTraces(buildTrace(BASE), actual).differences).toEqual([
      { kind: 'changed', path: 'tasks[2](ref=charge).taskType', expected: 'charge', actual: 'pay' },
      { kind: 'changed', path: 'tasks[2](ref=charge).status', expected: 'COMPLETED', actual: 'FAILED' },
      { kind: 'changed', path: 'tasks[2](ref=charge).retryCount', expected: 1, actual: 2 },
      { kind: 'changed', path: 'tasks[2](ref=charge).iteration', expected: 0, actual: 1 },
      { kind: 'unexpected', path: 'tasks[2](ref=charge).inputData.x', expected: undefined, actual: 1 },
      { kind: 'changed', path: 'tasks[2](ref=charge).outputData.paid', expected: 3, actual: 4 },
      { kind: 'unexpected', path: 'tasks[2](ref=charge).reasonForIncompletion', expected: undefined, actual: 'nope' },
      { kind: 'changed', path: 'tasks[2](ref=charge).callbackAfterSeconds', expected: 60, actual: 0 },
    ]);
  });

  it('compares tasks by position, so the same tasks in another order differ', () => {
    const swapped = { ...BASE, tasks: [BASE.tasks[1], BASE.tasks[0]].filter((t): t is TaskSpec => t !== undefined) };
    const inOrder = { ...BASE, tasks: BASE.tasks.slice(0, 2) };

    expect(diffTraces(buildTrace(inOrder), buildTrace(swapped)).differences).toEqual([
      {
        kind: 'changed',
        path: 'tasks[0](ref=validate)',
        expected: { referenceTaskName: 'validate', status: 'COMPLETED', taskType: 'validate' },
        actual: { referenceTaskName: 'charge', status: 'FAILED', taskType: 'charge' },
      },
      {
        kind: 'changed',
        path: 'tasks[1](ref=charge)',
        expected: { referenceTaskName: 'charge', status: 'FAILED', taskType: 'charge' },
        actual: { referenceTaskName: 'validate', status: 'COMPLETED', taskType: 'validate' },
      },
    ]);
  });

  it('reports a task missing from the actual trace and an unexpected extra one', () => {
    const shorter = { ...BASE, tasks: BASE.tasks.slice(0, 3) };

    expect(diffTraces(buildTrace(BASE), buildTrace(shorter)).differences).toEqual([
      { kind: 'missing', path: 'tasks[3](ref=ship)', expected: { referenceTaskName: 'ship', status: 'COMPLETED', taskType: 'SUB_WORKFLOW' }, actual: undefined },
    ]);
    expect(diffTraces(buildTrace(shorter), buildTrace(BASE)).differences.map((d) => [d.kind, d.path])).toEqual([['unexpected', 'tasks[3](ref=ship)']]);
  });

  it('compares numbers numerically, so the server JSON 1.0 equals 1 and -0 equals 0', () => {
    const expected = buildTrace(withTask(BASE, 0, { outputData: { ok: true, amount: 1, zero: 0 } }));
    const parsed = JSON.parse('{"ok": true, "amount": 1.0, "zero": -0.0}') as Record<string, unknown>;

    expect(diffTraces(expected, buildTrace(withTask(BASE, 0, { outputData: parsed }))).equal).toBe(true);
  });

  it('ignores the key order of objects', () => {
    const expected = buildTrace(withTask(BASE, 0, { outputData: { a: 1, b: { c: 2, d: [1, 2] } } }));
    const actual = buildTrace(withTask(BASE, 0, { outputData: { b: { d: [1, 2], c: 2 }, a: 1 } }));

    expect(diffTraces(expected, actual).equal).toBe(true);
  });

  it('keeps the order of array items significant', () => {
    const expected = buildTrace(withTask(BASE, 0, { outputData: { list: [1, 2] } }));
    const actual = buildTrace(withTask(BASE, 0, { outputData: { list: [2, 1] } }));

    expect(diffTraces(expected, actual).differences.map((d) => d.path)).toEqual(['tasks[0](ref=validate).outputData.list[0]', 'tasks[0](ref=validate).outputData.list[1]']);
  });

  it('skips ignored fields and nested keys', () => {
    const actual = buildTrace({ ...withTask(BASE, 2, { callbackAfterSeconds: 0, outputData: { paid: 3, requestId: 'r-9' } }), output: { ...BASE.output, audit: 'x' } });

    expect(diffTraces(buildTrace(BASE), actual, { ignore: ['callbackAfterSeconds', 'outputData.requestId', 'output.audit'] }).equal).toBe(true);
  });

  it('skips paths matched by * (one key), [*] (one index) and ** (any depth)', () => {
    const withTimes = (t1: number, t2: number): WorkflowSpec =>
      withTask(BASE, 0, { inputData: { orderId: 'o-1', defs: [{ def: { createTime: t1 } }, { def: { createTime: t2 } }], meta: { a: { at: t1 } } } });
    const expected = buildTrace(withTimes(1, 2));
    const actual = buildTrace(withTimes(3, 4));

    expect(diffTraces(expected, actual, { ignore: ['inputData.**.createTime', 'inputData.meta.*.at'] }).equal).toBe(true);
    expect(diffTraces(expected, actual, { ignore: ['inputData.defs[*].def', 'inputData.meta'] }).equal).toBe(true);
    expect(diffTraces(expected, actual, { ignore: ['inputData.*.createTime', 'inputData.meta'] }).differences.map((d) => d.path)).toEqual([
      'tasks[0](ref=validate).inputData.defs[0].def.createTime',
      'tasks[0](ref=validate).inputData.defs[1].def.createTime',
    ]);
  });

  it('compares more fields with the server-compat field set', () => {
    const expected = buildTrace(BASE);
    const actual = mapTasks(buildTrace(BASE), (task) => (task.referenceTaskName === 'ship' ? { ...task, executed: false } : task));

    expect(diffTraces(expected, actual).equal).toBe(true);
    expect(diffTraces(expected, actual, { taskFields: DiffFields.serverCompat.task }).differences).toEqual([
      { kind: 'changed', path: 'tasks[3](ref=ship).executed', expected: true, actual: false },
    ]);
  });

  it('ignores ids and times but compares the retry link as a token in server-compat mode', () => {
    const expected = buildTrace(BASE, { seed: 1 });
    const actual = mapTasks(buildTrace(BASE, { seed: 2, startedAt: 99 }), (task) => (task.retryCount === 1 ? { ...task, retriedTaskId: task.taskId } : task));

    expect(diffTraces(expected, actual, { taskFields: DiffFields.serverCompat.task }).differences).toEqual([
      { kind: 'changed', path: 'tasks[2](ref=charge).retriedTaskId', expected: 'task#2', actual: 'task#3' },
    ]);
  });

  it('compares a child workflow under the task that started it', () => {
    const child: WorkflowSpec = { name: 'ship_flow', status: 'FAILED', tasks: [{ ref: 'label', status: 'FAILED', outputData: { carrier: 'ups' } }] };

    expect(diffTraces(buildTrace(BASE), buildTrace(withTask(BASE, 3, { child }))).differences.map((d) => d.path)).toEqual([
      'tasks[3](ref=ship).subWorkflow.status',
      'tasks[3](ref=ship).subWorkflow.tasks[0](ref=label).status',
    ]);
    expect(diffTraces(buildTrace(BASE), buildTrace(withTask(BASE, 3, { child })), { children: false }).equal).toBe(true);
  });

  it('reports a child workflow that only the expected trace contains', () => {
    const expected = buildTrace(BASE);
    const actual = buildTrace(BASE);
    const withoutChild: Trace = { ...actual, workflows: actual.workflows.slice(0, 1) };

    expect(diffTraces(expected, withoutChild).differences).toEqual([
      { kind: 'missing', path: 'tasks[3](ref=ship).subWorkflow', expected: { workflowName: 'ship_flow', status: 'COMPLETED' }, actual: undefined },
    ]);
  });
});

describe('formatTraceDiff', () => {
  it('prints one aligned line per difference', () => {
    const actual = buildTrace({ ...withTask(BASE, 2, { status: 'FAILED' }), status: 'FAILED', tasks: BASE.tasks.slice(0, 3).map((t, i) => (i === 2 ? { ...t, status: 'FAILED' as const } : t)) });

    expect(formatTraceDiff(diffTraces(buildTrace(BASE), actual))).toBe(
      [
        'traces differ in 3 places:',
        '  status                       expected "COMPLETED", got "FAILED"',
        '  tasks[2](ref=charge).status  expected "COMPLETED", got "FAILED"',
        '  tasks[3](ref=ship)           missing: expected {"referenceTaskName":"ship","status":"COMPLETED","taskType":"SUB_WORKFLOW"}, got nothing',
      ].join('\n'),
    );
  });

  it('says so when traces are equal and cuts long values', () => {
    const long = 'x'.repeat(300);
    const diff = diffTraces(buildTrace({ ...BASE, output: { note: 'short' } }), buildTrace({ ...BASE, output: { note: long } }));

    expect(formatTraceDiff({ equal: true, differences: [] })).toBe('traces are equal');
    expect(formatTraceDiff(diff)).toBe(`traces differ in 1 place:\n  output.note  expected "short", got "${'x'.repeat(118)}…`);
  });
});

describe('diffTraces properties', () => {
  it('finds two builds of one run equal whatever the seeds and start times', () => {
    // Property: the diff sees through ids and times, so rebuilding a run never creates a difference.
    fc.assert(
      fc.property(workflowArbitrary(), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 2 ** 40 }), (spec, seed, startedAt) => {
        expect(diffTraces(buildTrace(spec), buildTrace(spec, { seed, startedAt, source: 'remote' }), { taskFields: DiffFields.serverCompat.task, workflowFields: DiffFields.serverCompat.workflow })).toEqual({ equal: true, differences: [] });
      }),
      { seed: testSeed, numRuns: 100 },
    );
  });

  it('reports a changed task status at exactly that task', () => {
    // Property: changing one task's status yields one difference, at tasks[i](ref=…).status.
    fc.assert(
      fc.property(workflowArbitrary(false), fc.nat(), (spec, pick) => {
        fc.pre(spec.tasks.length > 0);
        const index = pick % spec.tasks.length;
        const task = spec.tasks[index];
        const status = task?.status === 'SKIPPED' ? 'COMPLETED' : 'SKIPPED';

        const diff = diffTraces(buildTrace(spec), buildTrace(withTask(spec, index, { status })));

        expect(diff.differences).toEqual([{ kind: 'changed', path: `tasks[${index}](ref=${task?.ref ?? ''}).status`, expected: task?.status ?? 'COMPLETED', actual: status }]);
      }),
      { seed: testSeed, numRuns: 100 },
    );
  });
});
