/**
 * Hand-written server answers in the shape of Conductor's Workflow/Task JSON
 * (common/run/Workflow.java, common/metadata/tasks/Task.java): null properties left out, numbers
 * for times, `workflowName`/`workflowVersion` from the derived getters. Helpers for test/remote only.
 */

export const PARENT_ID = '7c1e2a44-8f0b-4d5e-9a61-0c2b3d4e5f60';
export const CHILD_ID = '0a9b8c7d-6e5f-4a3b-8c1d-2e3f4a5b6c7d';
export const TASK_IDS = [
  'aa000001-0000-4000-8000-000000000001',
  'aa000002-0000-4000-8000-000000000002',
  'aa000003-0000-4000-8000-000000000003',
] as const;
export const CREATE_TIME = 1_717_000_000_000;

/** A COMPLETED parent: `a` failed then retried, `ship` a SUB_WORKFLOW. */
export function parentWorkflowJson(): Record<string, unknown> {
  return {
    workflowId: PARENT_ID,
    workflowName: 'order_flow',
    workflowVersion: 1,
    status: 'COMPLETED',
    createTime: CREATE_TIME,
    startTime: CREATE_TIME,
    updateTime: CREATE_TIME + 40,
    endTime: CREATE_TIME + 40,
    input: { orderId: 'o-1' },
    output: { total: 3.0 },
    variables: {},
    failedReferenceTaskNames: ['a'],
    failedTaskNames: ['a'],
    priority: 0,
    taskToDomain: { '*': '5d6c7b8a-1111-4222-8333-944455556666' },
    lastRetriedTime: 0,
    ownerApp: 'test',
    tasks: [
      {
        taskType: 'a',
        status: 'FAILED',
        inputData: {},
        referenceTaskName: 'a',
        retryCount: 0,
        seq: 1,
        pollCount: 0,
        taskDefName: 'a',
        scheduledTime: CREATE_TIME + 5,
        startTime: 0,
        endTime: CREATE_TIME + 10,
        updateTime: CREATE_TIME + 10,
        startDelayInSeconds: 0,
        retried: true,
        executed: false,
        callbackFromWorker: true,
        responseTimeoutSeconds: 3600,
        workflowInstanceId: PARENT_ID,
        workflowType: 'order_flow',
        taskId: TASK_IDS[0],
        callbackAfterSeconds: 0,
        outputData: { e: 1 },
        domain: '5d6c7b8a-1111-4222-8333-944455556666',
        iteration: 0,
        workflowPriority: 0,
        queueWaitTime: 0,
        loopOverTask: false,
      },
      {
        taskType: 'a',
        status: 'COMPLETED',
        inputData: {},
        referenceTaskName: 'a',
        retryCount: 1,
        seq: 2,
        taskDefName: 'a',
        scheduledTime: CREATE_TIME + 11,
        endTime: CREATE_TIME + 20,
        updateTime: CREATE_TIME + 20,
        startDelayInSeconds: 60,
        retriedTaskId: TASK_IDS[0],
        retried: false,
        executed: true,
        responseTimeoutSeconds: 3600,
        workflowInstanceId: PARENT_ID,
        workflowType: 'order_flow',
        taskId: TASK_IDS[1],
        reasonForIncompletion: null,
        callbackAfterSeconds: 60,
        outputData: { x: 1 },
        iteration: 0,
      },
      {
        taskType: 'SUB_WORKFLOW',
        status: 'COMPLETED',
        inputData: { subWorkflowName: 'ship_flow' },
        referenceTaskName: 'ship',
        seq: 3,
        taskDefName: 'SUB_WORKFLOW',
        scheduledTime: CREATE_TIME + 21,
        startTime: CREATE_TIME + 22,
        endTime: CREATE_TIME + 39,
        updateTime: CREATE_TIME + 39,
        workflowInstanceId: PARENT_ID,
        workflowType: 'order_flow',
        taskId: TASK_IDS[2],
        outputData: { subWorkflowId: CHILD_ID, carrier: 'ups' },
        subWorkflowId: CHILD_ID,
      },
    ],
  };
}

/** The child started by `ship`, as `GET /api/workflow/{id}` returns it. */
export function childWorkflowJson(): Record<string, unknown> {
  return {
    workflowId: CHILD_ID,
    workflowDefinition: { name: 'ship_flow', version: 2, tasks: [] },
    status: 'COMPLETED',
    createTime: CREATE_TIME + 22,
    updateTime: CREATE_TIME + 38,
    endTime: CREATE_TIME + 38,
    parentWorkflowId: PARENT_ID,
    parentWorkflowTaskId: TASK_IDS[2],
    output: { carrier: 'ups' },
    tasks: [
      {
        taskType: 'label',
        status: 'COMPLETED',
        referenceTaskName: 'label',
        seq: 1,
        taskId: 'bb000001-0000-4000-8000-000000000001',
        outputData: { carrier: 'ups' },
      },
    ],
  };
}
