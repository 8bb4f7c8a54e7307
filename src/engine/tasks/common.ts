/**
 * Helpers shared by the task types: a system-task skeleton with Conductor's defaults
 * (core/.../execution/tasks/WorkflowSystemTask.java) and small value checks.
 */
import type { Instance } from '../instance.js';
import type { JsonMap, TaskModel } from '../model.js';
import type { ExecutorOps, SystemTask } from '../ops.js';

/** `WorkflowSystemTask.isAsyncComplete`: an `asyncComplete` input key wins over the node flag. */
export function defaultIsAsyncComplete(task: TaskModel): boolean {
  if (Object.prototype.hasOwnProperty.call(task.inputData, 'asyncComplete')) return task.inputData['asyncComplete'] === true;
  return task.workflowTask?.asyncComplete === true;
}

/** Builds a system task from the parts a type overrides; the rest are WorkflowSystemTask's no-ops. */
export function systemTask(parts: Partial<SystemTask> & { taskType: string }): SystemTask {
  return {
    isAsync: false,
    isAsyncComplete: defaultIsAsyncComplete,
    start: (_instance: Instance, _task: TaskModel, _ops: ExecutorOps): void => undefined,
    execute: (_instance: Instance, _task: TaskModel, _ops: ExecutorOps): boolean => false,
    cancel: (_instance: Instance, _task: TaskModel, _ops: ExecutorOps): void => undefined,
    ...parts,
  };
}

/** True for a JSON object (a Java Map), false for arrays and primitives. */
export function isJsonMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Apache `StringUtils.isBlank` for values read from task input. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Adds keys to a task's output, replacing the output object (outputs are copy-on-write). */
export function addOutput(task: TaskModel, entries: JsonMap): void {
  task.outputData = { ...task.outputData, ...entries };
}

/** The message Conductor's ScriptEvaluator gives a script failure (core/.../events/ScriptEvaluator.java). */
export function scriptFailureMessage(outcome: { kind: 'error' | 'timeout'; message: string; line?: number }): string {
  if (outcome.kind === 'timeout') return 'Script not evaluated within 4 seconds, interrupted.';
  return outcome.line === undefined
    ? `Error evaluating the script \`${outcome.message}\``
    : `Error evaluating the script \`${outcome.message}\` at line ${outcome.line}`;
}
