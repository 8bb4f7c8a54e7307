import { describe, expect, it } from 'vitest';

import { normalizeTrace, type Trace } from '../../src/trace/index.js';
import { buildTrace, idSource } from '../support/trace-builder.js';

const USER_UUID = '11111111-2222-4333-8444-555555555555';

describe('normalizeTrace ids', () => {
  it('numbers workflows and tasks depth-first, a child right after the task that started it', () => {
    const trace = buildTrace({
      name: 'parent',
      tasks: [{ ref: 'a' }, { ref: 'sub', taskType: 'SUB_WORKFLOW', child: { name: 'child', tasks: [{ ref: 'x' }] } }, { ref: 'b' }],
    });

    const normalized = normalizeTrace(trace);

    expect(normalized.workflows.map((w) => [w.workflowId, w.workflowName, w.tasks.map((t) => t.taskId)])).toEqual([
      ['wf#1', 'parent', ['task#1', 'task#2', 'task#4']],
      ['wf#2', 'child', ['task#3']],
    ]);
  });

  it('orders workflows by the walk, not by their order in trace.workflows', () => {
    const trace = buildTrace({ name: 'parent', tasks: [{ ref: 'sub', taskType: 'SUB_WORKFLOW', child: { name: 'child', tasks: [] } }] });
    const reordered: Trace = { ...trace, workflows: [...trace.workflows].reverse() };

    expect(normalizeTrace(reordered)).toEqual(normalizeTrace(trace));
  });

  it('rewrites retriedTaskId, subWorkflowId, parent links and the mirrored output.subWorkflowId as tokens', () => {
    const trace = buildTrace({
      name: 'parent',
      tasks: [
        { ref: 'a', status: 'FAILED' },
        { ref: 'a', retryCount: 1 },
        { ref: 'sub', taskType: 'SUB_WORKFLOW', child: { name: 'child', tasks: [] } },
      ],
    });

    const [parent, child] = normalizeTrace(trace).workflows;

    expect([parent?.tasks[1]?.['retriedTaskId'], parent?.tasks[2]?.['subWorkflowId'], parent?.tasks[2]?.['outputData']]).toEqual([
      'task#1',
      'wf#2',
      { subWorkflowId: 'wf#2' },
    ]);
    expect([child?.['parentWorkflowId'], child?.['parentWorkflowTaskId'], child?.tasks]).toEqual(['wf#1', 'task#3', []]);
  });

  it('replaces ids embedded in failure reasons of tasks and workflows', () => {
    const trace = buildTrace({
      name: 'wf',
      status: 'FAILED',
      reasonForIncompletion: "Task {task:1} failed with status: FAILED and reason: 'null'",
      tasks: [{ ref: 'a' }, { ref: 'b', status: 'FAILED', reasonForIncompletion: 'Sub workflow child.1/{wf} failure reason: boom' }],
    });

    const [workflow] = normalizeTrace(trace).workflows;

    expect([workflow?.['reasonForIncompletion'], workflow?.tasks[1]?.['reasonForIncompletion']]).toEqual([
      "Task task#2 failed with status: FAILED and reason: 'null'",
      'Sub workflow child.1/wf#1 failure reason: boom',
    ]);
  });

  it('visits a failure workflow named by conductor.failure_workflow and an id-valued START_WORKFLOW output', () => {
    const next = idSource(99);
    const started = next();
    const failure = next();
    const base = buildTrace(
      { name: 'main', status: 'FAILED', tasks: [{ ref: 'start', taskType: 'START_WORKFLOW', outputData: { workflowId: started } }] },
      { extra: [{ name: 'failure_handler', tasks: [{ ref: 'notify' }] }, { name: 'target', tasks: [] }] },
    );
    const [main, failureRun, target] = base.workflows;
    if (main === undefined || failureRun === undefined || target === undefined) throw new Error('builder changed');
    const trace: Trace = {
      ...base,
      workflow: { ...main, output: { 'conductor.failure_workflow': failure } },
      workflows: [{ ...main, output: { 'conductor.failure_workflow': failure } }, { ...failureRun, workflowId: failure }, { ...target, workflowId: started }],
    };

    const normalized = normalizeTrace(trace);

    expect(normalized.workflows.map((w) => [w.workflowId, w.workflowName])).toEqual([
      ['wf#1', 'main'],
      ['wf#2', 'target'],
      ['wf#3', 'failure_handler'],
    ]);
    expect([normalized.workflows[0]?.tasks[0]?.['outputData'], normalized.workflows[0]?.['output']]).toEqual([
      { workflowId: 'wf#2' },
      { 'conductor.failure_workflow': 'wf#3' },
    ]);
  });

  it('tokenises unknown UUIDs under id-like keys and in taskToDomain, and keeps other user UUIDs', () => {
    const next = idSource(7);
    const domain = next();
    const foreign = next();
    const foreignTask = next();
    const trace = buildTrace({
      name: 'wf',
      taskToDomain: { '*': domain },
      tasks: [{ ref: 'a', domain, outputData: { orderId: foreign, note: USER_UUID, nested: { parentTaskId: foreignTask } } }],
    });

    const [workflow] = normalizeTrace(trace).workflows;

    expect([workflow?.['taskToDomain'], workflow?.tasks[0]?.['domain'], workflow?.tasks[0]?.['outputData']]).toEqual([
      { '*': 'id#1' },
      'id#1',
      { nested: { parentTaskId: 'task#2' }, note: USER_UUID, orderId: 'id#2' },
    ]);
  });

  it('walks output keys in sorted order so hash-map key order cannot change a token', () => {
    const next = idSource(3);
    const [x, y] = [next(), next()];
    const one = buildTrace({ name: 'wf', tasks: [{ ref: 'a', outputData: { bId: x, aId: y } }] });
    const two = buildTrace({ name: 'wf', tasks: [{ ref: 'a', outputData: { aId: y, bId: x } }] });

    expect(normalizeTrace(one)).toEqual(normalizeTrace(two));
    expect(normalizeTrace(one).workflows[0]?.tasks[0]?.['outputData']).toEqual({ aId: 'id#1', bId: 'id#2' });
  });

  it('keeps ids as they are with ids: keep', () => {
    const trace = buildTrace({ name: 'wf', tasks: [{ ref: 'a' }] });

    const [workflow] = normalizeTrace(trace, { ids: 'keep' }).workflows;

    expect([workflow?.workflowId, workflow?.tasks[0]?.taskId]).toEqual([trace.workflow.workflowId, trace.workflow.tasks[0]?.taskId]);
  });
});

describe('normalizeTrace times and sets', () => {
  it('turns absolute times into offsets from startedAt and 0 into a dash', () => {
    const trace = buildTrace({ name: 'wf', status: 'RUNNING', tasks: [{ ref: 'a', at: 61_500, took: 500, startTime: 0 }] });

    const [workflow] = normalizeTrace(trace).workflows;
    const task = workflow?.tasks[0];

    expect([workflow?.['createTime'], workflow?.['endTime'], task?.['scheduledTime'], task?.['startTime'], task?.['endTime']]).toEqual([
      '+0s',
      '-',
      '+1m01.500s',
      '-',
      '+1m02s',
    ]);
  });

  it('leaves time fields out with times: drop', () => {
    const trace = buildTrace({ name: 'wf', tasks: [{ ref: 'a' }] }, { events: [{ n: 1, at: Date.parse('2024-01-01T00:00:01Z'), kind: 'task.scheduled', ref: 'a' }] });

    const normalized = normalizeTrace(trace, { times: 'drop' });
    const keys = [...Object.keys(normalized.workflows[0] ?? {}), ...Object.keys(normalized.workflows[0]?.tasks[0] ?? {}), ...Object.keys(normalized.events?.[0] ?? {})];

    expect(keys.filter((key) => /Time$|^at$/.test(key))).toEqual([]);
  });

  it('sorts failedReferenceTaskNames and failedTaskNames, which Conductor keeps as sets', () => {
    const trace = buildTrace({ name: 'wf', failedReferenceTaskNames: ['z', 'a', 'm'], failedTaskNames: ['b', 'a'], tasks: [] });

    const [workflow] = normalizeTrace(trace).workflows;

    expect([workflow?.['failedReferenceTaskNames'], workflow?.['failedTaskNames']]).toEqual([['a', 'm', 'z'], ['a', 'b']]);
  });

  it('leaves out seed and startedAt and keeps the source', () => {
    const normalized = normalizeTrace(buildTrace({ name: 'wf', tasks: [] }, { seed: 5, source: 'server-compat' }));

    expect(Object.keys(normalized).sort()).toEqual(['events', 'messages', 'source', 'traceVersion', 'workflows']);
    expect(normalized.source).toBe('server-compat');
  });

  it('normalizes events with offsets and tokens and can leave events and messages out', () => {
    const at = Date.parse('2024-01-01T00:00:02Z');
    const trace = buildTrace({ name: 'wf', tasks: [{ ref: 'a' }] }, { events: [{ n: 1, at, kind: 'task.completed', taskId: '{task:0}', ref: 'a', attempt: 1 }] });

    expect(normalizeTrace(trace).events).toEqual([{ n: 1, at: '+2s', kind: 'task.completed', taskId: 'task#1', ref: 'a', attempt: 1, workflowId: 'wf#1' }]);
    expect(Object.keys(normalizeTrace(trace, { events: false, messages: false })).sort()).toEqual(['source', 'traceVersion', 'workflows']);
  });

  it('leaves out the fields named in omitFields from workflows, tasks and events, but not from nested data', () => {
    const trace = buildTrace({ name: 'wf', tasks: [{ ref: 'a', pollCount: 3, outputData: { pollCount: 1 } }] }, { events: [{ n: 1, at: 1, kind: 'task.completed', ref: 'a' }] });

    const normalized = normalizeTrace(trace, { omitFields: ['pollCount', 'priority', 'ref'] });

    expect([normalized.workflows[0]?.['priority'], normalized.workflows[0]?.tasks[0]?.['pollCount'], normalized.workflows[0]?.tasks[0]?.['outputData'], normalized.events?.[0]?.['ref']]).toEqual([
      undefined,
      undefined,
      { pollCount: 1 },
      undefined,
    ]);
  });

  it('does not modify the trace it reads', () => {
    const trace = buildTrace({ name: 'wf', failedReferenceTaskNames: ['b', 'a'], tasks: [{ ref: 'a', outputData: { k: [3, 1] } }] });
    const before = JSON.stringify(trace);

    normalizeTrace(trace);

    expect(JSON.stringify(trace)).toBe(before);
  });
});
