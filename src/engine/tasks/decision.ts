/**
 * DECISION (deprecated, still supported) and SWITCH.
 *
 * Conductor: core/.../execution/mapper/DecisionTaskMapper.java, SwitchTaskMapper.java,
 * core/.../execution/tasks/Decision.java, Switch.java, evaluators/*.java (task-types §2.4, §2.5,
 * §3.4). Both create themselves IN_PROGRESS plus the first task of the chosen case, and complete
 * in the same decide. The case key is the Java string of the evaluated value.
 */
import { toJavaString } from '../../expressions/index.js';
import type { WorkflowTask } from '../../definitions/index.js';
import type { PreparedTask, TaskModel } from '../model.js';
import { TerminateSignal } from '../ops.js';
import type { MapperContext, TaskTypeModule } from '../ops.js';
import { scriptFailureMessage, systemTask } from './common.js';

const completeOnExecute = (type: string) =>
  systemTask({
    taskType: type,
    execute(_instance, task) {
      task.status = 'COMPLETED';
      return true;
    },
  });

function scheduleCase(ctx: MapperContext, selected: readonly WorkflowTask[] | undefined, owner: TaskModel): TaskModel[] {
  if (selected === undefined || selected.length === 0) return [];
  const first = selected[0] as PreparedTask;
  const children = ctx.ops.getTasksToBeScheduled(ctx.instance, first, ctx.retryCount, ctx.retriedTaskId);
  owner.inputData = { ...owner.inputData, hasChildren: 'true' };
  return children;
}

/** DECISION: input is only `{case}`; an empty or missing case list falls back to the default. */
export const decisionTask: TaskTypeModule = {
  definitionTypes: ['DECISION'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      const caseValue = decisionCaseValue(ctx);
      const task = ctx.createTaskModel();
      task.taskType = 'DECISION';
      task.taskDefName = 'DECISION';
      task.inputData = { case: caseValue };
      task.outputData = { caseOutput: [caseValue] };
      task.startTime = ctx.ops.now();
      task.status = 'IN_PROGRESS';
      let selected = node.decisionCases?.[caseValue];
      if (selected === undefined || selected.length === 0) selected = node.defaultCase;
      return [task, ...scheduleCase(ctx, selected, task)];
    },
  },
  system: completeOnExecute('DECISION'),
};

function decisionCaseValue(ctx: MapperContext): string {
  const node = ctx.node;
  const expression = node.caseExpression;
  if (typeof expression === 'string' && expression.trim() !== '') {
    const outcome = ctx.ops.runScript({ source: expression, mode: 'script', input: ctx.taskInput }, node.taskReferenceName);
    if (!outcome.ok) throw new TerminateSignal(`Error while evaluating script: ${expression}`);
    return outcome.value === null || outcome.value === undefined ? 'null' : toJavaString(outcome.value);
  }
  return toJavaString(ctx.taskInput[node.caseValueParam ?? '']);
}

/**
 * SWITCH: input is the context input plus `case`; a case key that exists with an empty list is
 * used as is (no default); an evaluation error creates a single FAILED SWITCH task.
 */
export const switchTask: TaskTypeModule = {
  definitionTypes: ['SWITCH'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      const evaluatorType = node.evaluatorType ?? null;
      const input = ctx.taskInput;
      let caseValue: string;
      if (evaluatorType === 'value-param') {
        caseValue = toJavaString(input[node.expression ?? '']);
      } else if (evaluatorType === 'javascript' || evaluatorType === 'graaljs') {
        const outcome = ctx.ops.runScript({ source: node.expression ?? '', mode: 'script', input }, node.taskReferenceName);
        if (!outcome.ok) {
          const failed = ctx.createTaskModel();
          failed.taskType = 'SWITCH';
          failed.taskDefName = 'SWITCH';
          failed.inputData = { ...input };
          failed.startTime = ctx.ops.now();
          failed.status = 'FAILED';
          failed.reasonForIncompletion = scriptFailureMessage(outcome);
          return [failed];
        }
        caseValue = toJavaString(outcome.value);
      } else {
        // Divergence: the server also registers a `python` evaluator (GraalPy); we cannot run Python.
        throw new TerminateSignal(`No evaluator registered for type: ${String(evaluatorType)}`);
      }
      const task = ctx.createTaskModel();
      task.taskType = 'SWITCH';
      task.taskDefName = 'SWITCH';
      task.inputData = { ...input, case: caseValue };
      task.outputData = { evaluationResult: [caseValue], selectedCase: caseValue };
      task.startTime = ctx.ops.now();
      task.status = 'IN_PROGRESS';
      const cases = node.decisionCases ?? {};
      const selected = Object.prototype.hasOwnProperty.call(cases, caseValue) ? cases[caseValue] : node.defaultCase;
      return [task, ...scheduleCase(ctx, selected, task)];
    },
  },
  system: completeOnExecute('SWITCH'),
};
