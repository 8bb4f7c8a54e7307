/**
 * Tasks that run code: INLINE and LAMBDA (JavaScript in the sandbox) and JSON_JQ_TRANSFORM (jq).
 *
 * Conductor: core/.../execution/mapper/{InlineTaskMapper, LambdaTaskMapper,
 * JsonJQTransformTaskMapper}.java, core/.../execution/tasks/{Inline, Lambda}.java,
 * json-jq-task/.../JsonJqTransform.java, core/.../events/ScriptEvaluator.java
 * (task-types §2.18–§2.20, §3.2).
 */
import type { TaskTypeModule } from '../ops.js';
import { addOutput, isBlank, scriptFailureMessage, systemTask } from './common.js';

const INLINE_EVALUATORS = new Set(['javascript', 'graaljs', 'value-param']);

/** Task input with the TaskDef template and the task id (the mappers of all three types). */
const taskInputMapper = (type: string): TaskTypeModule['mapper'] => ({
  map(ctx) {
    const node = ctx.node;
    const def = node.taskDefinition ?? ctx.ops.registry.getTaskDef(node.name) ?? null;
    const task = ctx.createTaskModel();
    task.taskType = type;
    task.startTime = ctx.ops.now();
    task.inputData = ctx.ops.evaluate(node.inputParameters, ctx.instance, def, ctx.taskId);
    task.status = 'IN_PROGRESS';
    return [task];
  },
});

/**
 * INLINE: `evaluatorType` (default javascript) and `expression` from the input; the whole input is
 * `$`. Script errors are FAILED_WITH_TERMINAL_ERROR, a timeout is FAILED (retriable).
 */
export const inlineTask: TaskTypeModule = {
  definitionTypes: ['INLINE'],
  mapper: taskInputMapper('INLINE'),
  system: systemTask({
    taskType: 'INLINE',
    execute(_instance, task, ops) {
      const input = task.inputData;
      const rawType = input['evaluatorType'];
      const evaluatorType = rawType === null || rawType === undefined ? 'javascript' : String(rawType);
      const expression = input['expression'];
      const fail = (message: string, terminal: boolean): boolean => {
        task.status = terminal ? 'FAILED_WITH_TERMINAL_ERROR' : 'FAILED';
        task.reasonForIncompletion = message;
        addOutput(task, { error: message });
        return true;
      };
      if (evaluatorType.trim() === '') {
        return fail("Empty 'evaluatorType' in INLINE task's input parameters. A non-empty String value must be provided.", true);
      }
      if (!INLINE_EVALUATORS.has(evaluatorType)) {
        // Divergence: the server also has a `python` evaluator (GraalPy); we report it as unknown.
        return fail(`Unknown evaluator '${evaluatorType}' in INLINE task.`, true);
      }
      if (isBlank(expression) || typeof expression !== 'string') {
        return fail("Empty 'expression' in Inline task's input parameters. A non-empty String value must be provided.", true);
      }
      if (evaluatorType === 'value-param') {
        addOutput(task, { result: structuredClone(input[expression] ?? null) });
        task.status = 'COMPLETED';
        return true;
      }
      const outcome = ops.runScript({ source: expression, mode: 'script', input }, task.referenceTaskName);
      if (!outcome.ok) return fail(scriptFailureMessage(outcome), outcome.kind !== 'timeout');
      addOutput(task, { result: outcome.value });
      task.status = 'COMPLETED';
      return true;
    },
  }),
};

/** LAMBDA: `scriptExpression` is the body of a function that must `return`; any error is FAILED. */
export const lambdaTask: TaskTypeModule = {
  definitionTypes: ['LAMBDA'],
  mapper: taskInputMapper('LAMBDA'),
  system: systemTask({
    taskType: 'LAMBDA',
    execute(_instance, task, ops) {
      const script = task.inputData['scriptExpression'];
      if (typeof script !== 'string' || script.trim() === '') {
        task.reasonForIncompletion = "Empty 'scriptExpression' in Lambda task's input parameters. A non-empty String value must be provided.";
        task.status = 'FAILED';
        return true;
      }
      // Lambda.java wraps the script exactly like this, so line numbers in errors match.
      const source = `function scriptFun(){${script}} scriptFun();`;
      const outcome = ops.runScript({ source, mode: 'script', input: task.inputData }, task.referenceTaskName);
      if (!outcome.ok) {
        const message = scriptFailureMessage(outcome);
        task.status = 'FAILED';
        task.reasonForIncompletion = message;
        addOutput(task, { error: message });
        return true;
      }
      addOutput(task, { result: outcome.value });
      task.status = 'COMPLETED';
      return true;
    },
  }),
};

/** JSON_JQ_TRANSFORM: runs in `start` (so it is terminal before the execute phase). */
export const jsonJqTransformTask: TaskTypeModule = {
  definitionTypes: ['JSON_JQ_TRANSFORM'],
  mapper: taskInputMapper('JSON_JQ_TRANSFORM'),
  system: systemTask({
    taskType: 'JSON_JQ_TRANSFORM',
    start(_instance, task, ops) {
      const query = task.inputData['queryExpression'];
      if (query === null || query === undefined) {
        task.reasonForIncompletion = "Missing 'queryExpression' in input parameters";
        task.status = 'FAILED';
        return;
      }
      const outcome = ops.jq().run(String(query), task.inputData);
      if (!outcome.ok) {
        task.status = 'FAILED';
        task.reasonForIncompletion = outcome.message;
        addOutput(task, { error: outcome.message });
        return;
      }
      task.status = 'COMPLETED';
      addOutput(task, { result: outcome.results.length === 0 ? null : outcome.results[0], resultList: [...outcome.results] });
    },
  }),
};
