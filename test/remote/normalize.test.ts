import { describe, expect, it } from 'vitest';

import { toTrace, type ServerWorkflow } from '../../src/remote/index.js';
import { diffTraces, DiffFields, serializeTrace, formatTimeline } from '../../src/trace/index.js';
import { buildTrace } from '../support/trace-builder.js';
import { CHILD_ID, childWorkflowJson, CREATE_TIME, PARENT_ID, parentWorkflowJson, TASK_IDS } from './server-json.js';

const parent = parentWorkflowJson() as unknown as ServerWorkflow;
const child = childWorkflowJson() as unknown as ServerWorkflow;

describe('toTrace', () => {
  it('makes a remote trace that starts at createTime and has no events or messages', () => {
    const trace = toTrace(parent);

    expect([trace.traceVersion, trace.source, trace.startedAt, trace.seed, trace.events, trace.messages, trace.workflows.length]).toEqual([
      1,
      'remote',
      CREATE_TIME,
      undefined,
      [],
      [],
      1,
    ]);
    expect(trace.workflow).toBe(trace.workflows[0]);
  });

  it('copies the fields the server sent', () => {
    const [, retry] = toTrace(parent).workflow.tasks;

    expect(retry).toEqual({
      taskId: TASK_IDS[1],
      referenceTaskName: 'a',
      taskType: 'a',
      taskDefName: 'a',
      status: 'COMPLETED',
      seq: 2,
      retryCount: 1,
      iteration: 0,
      scheduledTime: CREATE_TIME + 11,
      startTime: 0,
      endTime: CREATE_TIME + 20,
      updateTime: CREATE_TIME + 20,
      inputData: {},
      outputData: { x: 1 },
      retriedTaskId: TASK_IDS[0],
      retried: false,
      executed: true,
      callbackAfterSeconds: 60,
      startDelayInSeconds: 60,
      pollCount: 0,
      responseTimeoutSeconds: 3600,
      workflowInstanceId: PARENT_ID,
      workflowType: 'order_flow',
    });
  });

  it('fills fields the server leaves out with the Java defaults: false, 0 and empty', () => {
    const minimal = {
      workflowId: 'w',
      status: 'RUNNING',
      tasks: [{ taskId: 't', referenceTaskName: 'r', taskType: 'HTTP', status: 'SCHEDULED', reasonForIncompletion: null }],
    } as unknown as ServerWorkflow;

    const trace = toTrace(minimal);

    expect(trace.workflow).toEqual({
      workflowId: 'w',
      workflowName: '',
      workflowVersion: 1,
      status: 'RUNNING',
      input: {},
      output: {},
      variables: {},
      failedReferenceTaskNames: [],
      failedTaskNames: [],
      createTime: 0,
      updateTime: 0,
      endTime: 0,
      priority: 0,
      taskToDomain: {},
      tasks: [
        {
          taskId: 't',
          referenceTaskName: 'r',
          taskType: 'HTTP',
          taskDefName: 'HTTP',
          status: 'SCHEDULED',
          seq: 0,
          retryCount: 0,
          iteration: 0,
          scheduledTime: 0,
          startTime: 0,
          endTime: 0,
          updateTime: 0,
          inputData: {},
          outputData: {},
          retried: false,
          executed: false,
          callbackAfterSeconds: 0,
          startDelayInSeconds: 0,
          pollCount: 0,
          responseTimeoutSeconds: 0,
          workflowInstanceId: 'w',
          workflowType: '',
        },
      ],
    });
  });

  it('takes name and version from workflowDefinition, subWorkflowId from outputData, and drops null domain entries', () => {
    const server = {
      ...childWorkflowJson(),
      taskToDomain: { '*': 'd', other: null },
      tasks: [{ taskId: 't', referenceTaskName: 'inner', taskType: 'SUB_WORKFLOW', status: 'COMPLETED', outputData: { subWorkflowId: 'grandchild' } }],
    } as unknown as ServerWorkflow;

    const { workflow } = toTrace(server);

    expect([workflow.workflowName, workflow.workflowVersion, workflow.taskToDomain, workflow.tasks[0]?.subWorkflowId, workflow.tasks[0]?.workflowType]).toEqual([
      'ship_flow',
      2,
      { '*': 'd' },
      'grandchild',
      'ship_flow',
    ]);
  });

  it('orders tasks by seq, keeping server order on ties', () => {
    const server = {
      workflowId: 'w',
      status: 'RUNNING',
      tasks: [
        { taskId: 't3', referenceTaskName: 'c', taskType: 'c', status: 'SCHEDULED', seq: 3 },
        { taskId: 't1', referenceTaskName: 'a', taskType: 'a', status: 'COMPLETED', seq: 1 },
        { taskId: 't2', referenceTaskName: 'b', taskType: 'b', status: 'COMPLETED', seq: 2 },
      ],
    } as unknown as ServerWorkflow;

    expect(toTrace(server).workflow.tasks.map((t) => t.taskId)).toEqual(['t1', 't2', 't3']);
  });

  it('appends fetched children once each', () => {
    const trace = toTrace(parent, { children: [child, child, parent] });

    expect(trace.workflows.map((w) => w.workflowId)).toEqual([PARENT_ID, CHILD_ID]);
  });
});

describe('remote traces through the trace tools', () => {
  it('serialize identically for two server answers that differ only in ids and start time', () => {
    const text = JSON.stringify([parentWorkflowJson(), childWorkflowJson()]);
    const renamed = text
      .replaceAll(PARENT_ID, 'f0000000-0000-4000-8000-00000000000f')
      .replaceAll(CHILD_ID, 'c0000000-0000-4000-8000-00000000000c')
      .replaceAll(TASK_IDS[0], 'e0000000-0000-4000-8000-00000000000e')
      .replaceAll(TASK_IDS[1], 'e0000000-0000-4000-8000-0000000000e1')
      .replaceAll(TASK_IDS[2], 'e0000000-0000-4000-8000-0000000000e2')
      .replaceAll(/"(createTime|startTime|endTime|updateTime|scheduledTime)":(\d+)/g, (_m, key: string, value: string) => `"${key}":${Number(value) === 0 ? 0 : Number(value) + 86_400_007}`);
    const [p1, c1] = JSON.parse(text) as ServerWorkflow[];
    const [p2, c2] = JSON.parse(renamed) as ServerWorkflow[];
    if (p1 === undefined || c1 === undefined || p2 === undefined || c2 === undefined) throw new Error('fixture changed');

    expect(serializeTrace(toTrace(p2, { children: [c2] }))).toBe(serializeTrace(toTrace(p1, { children: [c1] })));
  });

  it('show the child under its SUB_WORKFLOW task in the timeline, with ids as tokens', () => {
    expect(formatTimeline(toTrace(parent, { children: [child] }))).toBe(
      [
        'wf#1 order_flow v1 COMPLETED',
        '  +0.005s  a     a             FAILED     #1',
        '  +0.011s  a     a             COMPLETED  #2',
        '  +0.022s  ship  SUB_WORKFLOW  COMPLETED  #1',
        '    wf#2 ship_flow v2 COMPLETED',
        '      -  label  label  COMPLETED  #1',
      ].join('\n'),
    );
  });

  it('diff equal to an engine-shaped trace of the same run in logical mode', () => {
    const engine = buildTrace({
      name: 'order_flow',
      input: { orderId: 'o-1' },
      output: { total: 3 },
      failedReferenceTaskNames: ['a'],
      failedTaskNames: ['a'],
      tasks: [
        { ref: 'a', status: 'FAILED', outputData: { e: 1 } },
        { ref: 'a', retryCount: 1, callbackAfterSeconds: 60, outputData: { x: 1 } },
        {
          ref: 'ship',
          taskType: 'SUB_WORKFLOW',
          inputData: { subWorkflowName: 'ship_flow' },
          outputData: { carrier: 'ups' },
          child: { name: 'ship_flow', workflowVersion: 2, output: { carrier: 'ups' }, tasks: [{ ref: 'label', outputData: { carrier: 'ups' } }] },
        },
      ],
    });

    const diff = diffTraces(engine, toTrace(parent, { children: [child] }));

    expect(diff).toEqual({ equal: true, differences: [] });
    expect(diffTraces(engine, toTrace(parent, { children: [child] }), { taskFields: DiffFields.serverCompat.task }).differences.map((d) => d.path)).toEqual([
      'tasks[0](ref=a).executed',
      'tasks[0](ref=a).responseTimeoutSeconds',
      'tasks[1](ref=a).startDelayInSeconds',
      'tasks[1](ref=a).responseTimeoutSeconds',
      'tasks[2](ref=ship).executed',
      'tasks[2](ref=ship).subWorkflow.tasks[0](ref=label).executed',
    ]);
  });
});
