/**
 * The document `${...}` expressions are evaluated against (engine-semantics §3.2), built lazily
 * over an instance's indexes instead of being copied on every evaluation.
 *
 * Conductor: core/src/main/java/com/netflix/conductor/core/utils/ParametersUtils.java
 * (`getTaskInputV2`): `workflow` holds input, output, status, ids, type, version, correlationId,
 * reasonForIncompletion, schemaVersion and variables; every task is keyed by its ref (its base ref
 * for loop tasks) and the latest task with that key wins.
 */
import type { EvaluationDocument } from '../expressions/index.js';
import type { Instance } from './instance.js';
import type { TaskModel } from './model.js';

function taskView(task: TaskModel): Record<string, unknown> {
  return {
    input: task.inputData,
    output: task.outputData,
    taskType: task.taskType,
    status: task.status,
    referenceTaskName: task.referenceTaskName,
    retryCount: task.retryCount,
    correlationId: task.correlationId,
    pollCount: task.pollCount,
    taskDefName: task.taskDefName,
    scheduledTime: task.scheduledTime,
    startTime: task.startTime,
    endTime: task.endTime,
    workflowInstanceId: task.workflowInstanceId,
    taskId: task.taskId,
    reasonForIncompletion: task.reasonForIncompletion,
    callbackAfterSeconds: task.callbackAfterSeconds,
    workerId: task.workerId,
    iteration: task.iteration,
  };
}

/** The `workflow` entry of the document. */
function workflowView(instance: Instance): Record<string, unknown> {
  const wf = instance.wf;
  return {
    input: wf.input,
    output: wf.output,
    status: wf.status,
    workflowId: wf.workflowId,
    parentWorkflowId: wf.parentWorkflowId,
    parentWorkflowTaskId: wf.parentWorkflowTaskId,
    workflowType: wf.workflowName,
    version: wf.workflowVersion,
    correlationId: wf.correlationId,
    reasonForIncompletion: wf.reasonForIncompletion,
    schemaVersion: wf.definition.schemaVersion ?? 2,
    variables: wf.variables,
  };
}

/**
 * A read-only view of the instance shaped like Conductor's evaluation document. Property reads
 * build the entry on demand; enumeration lists `workflow` and every task key.
 */
export function createEvaluationDocument(instance: Instance): EvaluationDocument {
  const cache = new Map<string, Record<string, unknown>>();
  const read = (key: string): Record<string, unknown> | undefined => {
    let value = cache.get(key);
    if (value !== undefined) return value;
    if (key === 'workflow') value = workflowView(instance);
    else {
      const task = instance.taskByKey(key);
      if (task === undefined) return undefined;
      value = taskView(task);
    }
    cache.set(key, value);
    return value;
  };
  const keys = (): string[] => ['workflow', ...[...instance.keys()].filter((k) => k !== 'workflow')];
  return new Proxy(Object.create(null) as EvaluationDocument, {
    get: (_target, key) => (typeof key === 'string' ? read(key) : undefined),
    has: (_target, key) => typeof key === 'string' && read(key) !== undefined,
    ownKeys: () => keys(),
    getOwnPropertyDescriptor: (_target, key) => {
      if (typeof key !== 'string') return undefined;
      const value = read(key);
      return value === undefined ? undefined : { value, writable: false, enumerable: true, configurable: true };
    },
  });
}
