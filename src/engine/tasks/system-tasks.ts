/**
 * The simple system tasks: TERMINATE, SET_VARIABLE, WAIT, HUMAN, NOOP, START_WORKFLOW.
 *
 * Conductor: core/.../execution/mapper/{TerminateTaskMapper, SetVariableTaskMapper, WaitTaskMapper,
 * HumanTaskMapper, NoopTaskMapper, StartWorkflowTaskMapper}.java and
 * core/.../execution/tasks/{Terminate, SetVariable, Wait, Human, Noop, StartWorkflow}.java
 * (task-types §2.12–§2.16, §2.22).
 */
import { parseWaitDuration, parseWaitUntil } from '../../expressions/index.js';
import type { JsonMap } from '../model.js';
import { DecideAbort, StartWorkflowError } from '../ops.js';
import type { TaskTypeModule } from '../ops.js';
import { isBlank, isJsonMap, systemTask } from './common.js';

const INT_MAX = 2147483647;

/** TERMINATE: completes at once; the next decider pass ends the workflow with its status. */
export const terminateTask: TaskTypeModule = {
  definitionTypes: ['TERMINATE'],
  mapper: {
    map(ctx) {
      const task = ctx.createTaskModel();
      task.taskType = 'TERMINATE';
      task.startTime = ctx.ops.now();
      task.inputData = ctx.ops.evaluate(ctx.node.inputParameters, ctx.instance, null, ctx.taskId);
      task.status = 'IN_PROGRESS';
      return [task];
    },
  },
  system: systemTask({
    taskType: 'TERMINATE',
    execute(_instance, task) {
      const status = task.inputData['terminationStatus'];
      if (status === 'COMPLETED' || status === 'FAILED' || status === 'TERMINATED') {
        const output = task.inputData['workflowOutput'];
        if (output === null || output === undefined) task.outputData = {};
        else if (isJsonMap(output)) task.outputData = structuredClone(output);
        else task.outputData = { output: structuredClone(output) };
        task.status = 'COMPLETED';
        return true;
      }
      // Conductor returns "no change" here, so the FAILED status is not persisted by this pass.
      task.reasonForIncompletion = 'given termination status is not valid';
      task.status = 'FAILED';
      return false;
    },
  }),
};

/** SET_VARIABLE: shallow-overwrites workflow variables with the task input (256 KB limit). */
export const setVariableTask: TaskTypeModule = {
  definitionTypes: ['SET_VARIABLE'],
  mapper: {
    map(ctx) {
      const task = ctx.createTaskModel();
      task.startTime = ctx.ops.now();
      task.inputData = ctx.taskInput;
      task.status = 'IN_PROGRESS';
      return [task];
    },
  },
  system: systemTask({
    taskType: 'SET_VARIABLE',
    execute(instance, task, ops) {
      const input = task.inputData;
      if (Object.keys(input).length > 0) {
        const next: JsonMap = { ...instance.wf.variables };
        for (const [k, v] of Object.entries(input)) next[k] = structuredClone(v);
        const bytes = new TextEncoder().encode(JSON.stringify(next)).length;
        const limitKb = Math.floor(ops.maxVariablesBytes / 1024);
        if (bytes > limitKb * 1024) {
          task.reasonForIncompletion = `The variables payload size: ${bytes} of workflow: ${instance.wf.workflowId} is greater than the permissible limit: ${limitKb} kilobytes`;
          task.status = 'FAILED_WITH_TERMINAL_ERROR';
          return true;
        }
        instance.wf.variables = next;
      }
      task.status = 'COMPLETED';
      return true;
    },
  }),
};

/**
 * WAIT: a `duration`, an `until` instant, or (neither) a wait for a signal. The timer is a
 * background tick; a signal or task update completes it at any time.
 */
export const waitTask: TaskTypeModule = {
  definitionTypes: ['WAIT'],
  mapper: {
    map(ctx) {
      const task = ctx.createTaskModel();
      task.taskType = 'WAIT';
      task.inputData = ctx.ops.evaluate(ctx.node.inputParameters, ctx.instance, null, ctx.taskId);
      const now = ctx.ops.now();
      task.startTime = now;
      task.status = 'IN_PROGRESS';
      const duration = task.inputData['duration'] === null || task.inputData['duration'] === undefined ? '' : String(task.inputData['duration']);
      const until = task.inputData['until'] === null || task.inputData['until'] === undefined ? '' : String(task.inputData['until']);
      if (duration.trim() !== '' && until.trim() !== '') {
        task.reasonForIncompletion = "Both 'duration' and 'until' specified. Please provide only one input";
        task.status = 'FAILED_WITH_TERMINAL_ERROR';
      } else if (duration.trim() !== '') {
        const seconds = parseWaitDuration(duration);
        if (seconds === undefined) {
          // Conductor throws out of decide on an unparseable resolved duration: no progress.
          throw new DecideAbort(`${ctx.node.taskReferenceName}: invalid WAIT duration "${duration}"`);
        }
        task.waitTimeout = now + seconds * 1000;
        task.callbackAfterSeconds = seconds;
      } else if (until.trim() !== '') {
        const at = parseWaitUntil(until, { defaultZone: ctx.ops.waitZone });
        if (at === undefined) {
          task.reasonForIncompletion = `Invalid/Unsupported Wait Until format.  Provided: ${until}`;
          task.status = 'FAILED_WITH_TERMINAL_ERROR';
        } else {
          task.callbackAfterSeconds = Math.max(0, Math.trunc((at - now) / 1000));
          task.waitTimeout = at;
        }
      } else task.callbackAfterSeconds = INT_MAX;
      return [task];
    },
  },
  system: systemTask({
    taskType: 'WAIT',
    isAsync: true,
    start(_instance, task) {
      task.status = 'IN_PROGRESS';
    },
    execute(_instance, task, ops) {
      if (task.waitTimeout === 0) return false;
      // Divergence: the server completes on the first tick after the instant (`now > waitTimeout`);
      // virtual time reaches the instant exactly, so a WAIT ends at its instant.
      if (ops.now() >= task.waitTimeout) {
        task.status = 'COMPLETED';
        return true;
      }
      return false;
    },
    cancel(_instance, task) {
      task.status = 'CANCELED';
    },
    evaluationOffset(task, ops) {
      if (task.waitTimeout <= 0) return undefined;
      const seconds = Math.trunc((task.waitTimeout - ops.now()) / 1000);
      return seconds === 0 ? 1 : seconds;
    },
  }),
};

/** HUMAN: stays IN_PROGRESS until a task update (a signal from the test) ends it. */
export const humanTask: TaskTypeModule = {
  definitionTypes: ['HUMAN'],
  mapper: {
    map(ctx) {
      const task = ctx.createTaskModel();
      task.taskType = 'HUMAN';
      task.inputData = ctx.ops.evaluate(ctx.node.inputParameters, ctx.instance, null, ctx.taskId);
      task.startTime = ctx.ops.now();
      task.status = 'IN_PROGRESS';
      return [task];
    },
  },
  system: systemTask({
    taskType: 'HUMAN',
    start(_instance, task) {
      task.status = 'IN_PROGRESS';
    },
    cancel(_instance, task) {
      task.status = 'CANCELED';
    },
  }),
};

/** NOOP: no input stored, completes in the same decide. */
export const noopTask: TaskTypeModule = {
  definitionTypes: ['NOOP'],
  mapper: {
    map(ctx) {
      const task = ctx.createTaskModel();
      task.taskType = 'NOOP';
      task.startTime = ctx.ops.now();
      task.status = 'IN_PROGRESS';
      return [task];
    },
  },
  system: systemTask({
    taskType: 'NOOP',
    execute(_instance, task) {
      task.status = 'COMPLETED';
      return true;
    },
  }),
};

/** START_WORKFLOW: the first tick starts another workflow (not a child) and completes with its id. */
export const startWorkflowTask: TaskTypeModule = {
  definitionTypes: ['START_WORKFLOW'],
  mapper: {
    map(ctx) {
      const task = ctx.createTaskModel();
      task.taskType = 'START_WORKFLOW';
      task.inputData = { ...ctx.taskInput };
      task.status = 'SCHEDULED';
      task.callbackAfterSeconds = ctx.node.startDelay ?? 0;
      return [task];
    },
  },
  system: systemTask({
    taskType: 'START_WORKFLOW',
    isAsync: true,
    start(instance, task, ops) {
      const raw = task.inputData['startWorkflow'];
      if (raw === null || raw === undefined) {
        task.status = 'FAILED';
        task.reasonForIncompletion = "Missing 'startWorkflow' in input data.";
        return;
      }
      if (!isJsonMap(raw)) {
        task.status = 'FAILED';
        task.reasonForIncompletion = `Error reading StartWorkflowRequest. Cannot construct instance of \`com.netflix.conductor.common.metadata.workflow.StartWorkflowRequest\` from ${JSON.stringify(raw)}`;
        return;
      }
      const violations: string[] = [];
      if (raw['name'] === null || raw['name'] === undefined) violations.push("'name' -> Workflow name cannot be null or empty. ");
      const priority = raw['priority'];
      if (typeof priority === 'number' && priority < 0) violations.push(`'priority' -> priority: ${priority} should be minimum 0. `);
      if (typeof priority === 'number' && priority > 99) violations.push(`'priority' -> priority: ${priority} should be maximum 99. `);
      if (violations.length > 0) {
        task.status = 'FAILED';
        task.reasonForIncompletion = `startWorkflow validation failed. ${violations.join('')}`;
        return;
      }
      const taskToDomain = isJsonMap(raw['taskToDomain']) && Object.keys(raw['taskToDomain']).length > 0
        ? (raw['taskToDomain'] as Record<string, string>)
        : { ...instance.wf.taskToDomain };
      const correlationId = isBlank(raw['correlationId']) ? instance.wf.correlationId : String(raw['correlationId']);
      try {
        const started = ops.startWorkflow({
          name: String(raw['name']),
          version: typeof raw['version'] === 'number' ? raw['version'] : null,
          definition: isJsonMap(raw['workflowDef']) ? (raw['workflowDef'] as never) : null,
          input: isJsonMap(raw['input']) ? structuredClone(raw['input']) : {},
          correlationId,
          taskToDomain,
          priority: typeof priority === 'number' ? priority : 0,
          cause: 'start-workflow',
          startedBy: { workflowName: instance.wf.workflowName, taskReferenceName: task.referenceTaskName },
        });
        task.outputData = { ...task.outputData, workflowId: started.wf.workflowId };
        task.status = 'COMPLETED';
      } catch (e) {
        if (!(e instanceof StartWorkflowError)) throw e;
        task.status = 'FAILED';
        task.reasonForIncompletion = e.message;
      }
    },
  }),
};
