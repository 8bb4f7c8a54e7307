/**
 * Tasks that publish messages: EVENT (sync) and KAFKA_PUBLISH (async). Published messages are
 * captured in the trace instead of leaving the process.
 *
 * Conductor: core/.../execution/mapper/EventTaskMapper.java, core/.../execution/tasks/Event.java,
 * core/.../events/EventQueues.java, kafka/.../KafkaPublishTask.java, KafkaPublishTaskMapper.java
 * (task-types §2.21, §2.23).
 */
import { effectiveTaskDef } from '../blueprint.js';
import type { Instance } from '../instance.js';
import type { TaskModel } from '../model.js';
import type { ExecutorOps, TaskTypeModule } from '../ops.js';
import { addOutput, defaultIsAsyncComplete, isBlank, isJsonMap, systemTask } from './common.js';

/** `Event.computeQueueName`: `conductor` sinks are scoped to the workflow; others are used as is. */
function queueName(instance: Instance, task: TaskModel, ops: ExecutorOps): string {
  const resolved = ops.evaluate({ sink: task.inputData['sink'] ?? null }, instance, null, task.taskId)['sink'];
  const sink = resolved === null || resolved === undefined ? '' : String(resolved);
  if (!sink.startsWith('conductor')) return sink;
  if (sink === 'conductor') return `conductor:${instance.wf.workflowName}:${task.referenceTaskName}`;
  if (sink.startsWith('conductor:')) return `conductor:${instance.wf.workflowName}:${sink.replaceAll('conductor:', '')}`;
  throw new SinkError(`Invalid / Unsupported sink specified: ${sink}`);
}

class SinkError {
  constructor(readonly message: string) {}
}

/** Queue providers a stock server has (shared/fixtures README: the default `conductor` queue only). */
export interface EventQueuePolicy {
  /** Queue types that accept messages. `*` accepts every type. */
  readonly acceptedTypes: ReadonlySet<string>;
}

export const eventTask: TaskTypeModule = {
  definitionTypes: ['EVENT'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      // Conductor writes `sink` and `asyncComplete` into the node's inputParameters (EventTaskMapper);
      // the task carries a node copy with them instead.
      const params = { ...(node.inputParameters ?? {}), sink: node.sink ?? null, asyncComplete: node.asyncComplete ?? false };
      const input = ctx.ops.evaluate(params, ctx.instance, null, ctx.taskId);
      const task = ctx.createTaskModel();
      task.workflowTask = { ...node, inputParameters: params };
      task.taskType = 'EVENT';
      task.status = 'SCHEDULED';
      task.inputData = { ...input, sink: input['sink'] ?? null, asyncComplete: input['asyncComplete'] ?? null };
      return [task];
    },
  },
  system: systemTask({
    taskType: 'EVENT',
    start(instance, task, ops) {
      const wf = instance.wf;
      const payload = {
        ...task.inputData,
        workflowInstanceId: wf.workflowId,
        workflowType: wf.workflowName,
        workflowVersion: wf.workflowVersion,
        correlationId: wf.correlationId,
        taskToDomain: wf.taskToDomain,
      };
      task.status = 'IN_PROGRESS';
      addOutput(task, structuredClone(payload));
      try {
        addOutput(task, { event_produced: queueName(instance, task, ops) });
      } catch (e) {
        if (!(e instanceof SinkError)) throw e;
        task.status = 'FAILED';
        task.reasonForIncompletion = e.message;
      }
    },
    execute(_instance, task, ops) {
      const queue = String(task.outputData['event_produced'] ?? '');
      const colon = queue.indexOf(':');
      const type = colon < 0 ? '' : queue.slice(0, colon);
      if (colon < 0) {
        task.status = 'FAILED';
        task.reasonForIncompletion = `Error loading queue:${queue}, for task:${task.taskId}, error: Illegal event ${queue}`;
        return false;
      }
      if (!ops.acceptsQueueType(type)) {
        task.status = 'FAILED';
        task.reasonForIncompletion = `Error loading queue:${queue}, for task:${task.taskId}, error: Unknown queue type ${type}`;
        return false;
      }
      ops.publish({
        workflowId: task.workflowInstanceId,
        taskId: task.taskId,
        ref: task.referenceTaskName,
        taskType: 'EVENT',
        destination: queue,
        payload: structuredClone(task.outputData),
      });
      if (!defaultIsAsyncComplete(task)) {
        task.status = 'COMPLETED';
        return true;
      }
      return false;
    },
  }),
};

const KAFKA_MISSING_REQUEST =
  "Missing Kafka request. Task input MUST have a 'kafka_request' key with KafkaTask.Input as value. See documentation for KafkaTask for required input parameters";

export const kafkaPublishTask: TaskTypeModule = {
  definitionTypes: ['KAFKA_PUBLISH'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      const def = node.taskDefinition ?? ctx.ops.registry.getTaskDef(node.name) ?? null;
      const task = ctx.createTaskModel();
      task.inputData = ctx.ops.evaluate(node.inputParameters, ctx.instance, def, ctx.taskId);
      task.status = 'SCHEDULED';
      task.retryCount = ctx.retryCount;
      task.callbackAfterSeconds = node.startDelay ?? 0;
      if (def !== null) {
        const eff = effectiveTaskDef(def);
        task.rateLimitPerFrequency = eff.rateLimitPerFrequency;
        task.rateLimitFrequencyInSeconds = eff.rateLimitFrequencyInSeconds;
      }
      return [task];
    },
  },
  system: systemTask({
    taskType: 'KAFKA_PUBLISH',
    isAsync: true,
    start(_instance, task, ops) {
      const request = task.inputData['kafka_request'];
      const fail = (reason: string): void => {
        task.reasonForIncompletion = reason;
        task.status = 'FAILED';
      };
      if (request === null || request === undefined) return fail(KAFKA_MISSING_REQUEST);
      const input = isJsonMap(request) ? request : {};
      if (isBlank(input['bootStrapServers'])) return fail('No boot strap servers specified');
      if (isBlank(input['topic'])) return fail('Missing Kafka topic. See documentation for KafkaTask for required input parameters');
      if (input['value'] === null || input['value'] === undefined) {
        return fail('Missing Kafka value.  See documentation for KafkaTask for required input parameters');
      }
      ops.publish({
        workflowId: task.workflowInstanceId,
        taskId: task.taskId,
        ref: task.referenceTaskName,
        taskType: 'KAFKA_PUBLISH',
        destination: String(input['topic']),
        payload: structuredClone(input['value']),
        key: input['key'] === undefined ? null : String(input['key']),
        headers: isJsonMap(input['headers']) ? structuredClone(input['headers']) : {},
      });
      task.status = defaultIsAsyncComplete(task) ? 'IN_PROGRESS' : 'COMPLETED';
    },
    cancel(_instance, task) {
      task.status = 'CANCELED';
    },
  }),
};
