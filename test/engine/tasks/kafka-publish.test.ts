/**
 * KAFKA_PUBLISH: publishes `kafka_request.value` to a topic; the trace captures the message.
 *
 * Conductor source: kafka/src/main/java/com/netflix/conductor/contribs/tasks/kafka/
 * KafkaPublishTask.java (async `start`: missing kafka_request / bootStrapServers / topic / value
 * → FAILED with "Missing Kafka request. …", "No boot strap servers specified", "Missing Kafka
 * topic. …", "Missing Kafka value.  …"; success → COMPLETED with no output, IN_PROGRESS with
 * asyncComplete) and kafka/.../mapper/KafkaPublishTaskMapper.java (SCHEDULED, task input). The
 * engine captures the message instead of contacting a broker. In the test endpoint it needs a mock.
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow } from '../../../src/index.js';
import type { JsonObject, WorkflowDef } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

function kafkaFlow(inputParameters: JsonObject): WorkflowDef {
  return {
    name: 'kafka_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'publish', taskReferenceName: 'publish', type: 'KAFKA_PUBLISH', inputParameters },
      { name: 'next_task', taskReferenceName: 'next', type: 'SIMPLE' },
    ],
  };
}

const request = { kafka_request: { bootStrapServers: 'localhost:9092', topic: 'orders', key: '${workflow.input.orderId}', value: { orderId: '${workflow.input.orderId}', total: 12 }, headers: { source: 'ctk' } } };
const mocks = { byRef: { next: ok() } };

describe('KAFKA_PUBLISH', () => {
  it('captures the message with its topic, key, headers and value, and completes without output', async () => {
    const trace = await runWorkflow({ workflowDef: kafkaFlow(request), input: { orderId: 'o-1' } }, { mocks });

    const publish = taskOf(trace, 'publish');
    expect(taskRows(trace)).toEqual(['publish:KAFKA_PUBLISH=COMPLETED#0@0', 'next:next_task=COMPLETED#0@0']);
    expect(publish.outputData).toEqual({});
    expect(trace.messages.map((m) => ({ ref: m.ref, taskType: m.taskType, destination: m.destination, key: m.key, headers: m.headers, payload: m.payload }))).toEqual([
      { ref: 'publish', taskType: 'KAFKA_PUBLISH', destination: 'orders', key: 'o-1', headers: { source: 'ctk' }, payload: { orderId: 'o-1', total: 12 } },
    ]);
  });

  it('is rejected without a kafka_request, as Conductor rejects it', async () => {
    await expect(runWorkflow({ workflowDef: kafkaFlow({}) }, { mocks })).rejects.toMatchObject({
      name: 'DefinitionError',
      message: expect.stringContaining('inputParameters.kafka_request is required for KAFKA_PUBLISH tasks') as unknown,
    });
  });

  it('fails for a missing request, broker list, topic or value', async () => {
    const reasons = [];
    // kafka_request itself is required at registration (WorkflowTaskTypeConstraint), so the first
    // case can only arrive through an expression; its parts are checked only when the task runs.
    const inputs = [{ kafka_request: '${workflow.input.none}' }, { kafka_request: { topic: 't', value: 1 } }, { kafka_request: { bootStrapServers: 'b:1', value: 1 } }, { kafka_request: { bootStrapServers: 'b:1', topic: 't' } }];
    for (const input of inputs) {
      const trace = await runWorkflow({ workflowDef: kafkaFlow(input) }, { mocks });
      reasons.push(taskOf(trace, 'publish').reasonForIncompletion);
      expect(trace.messages).toEqual([]);
    }

    expect(reasons).toEqual([
      "Missing Kafka request. Task input MUST have a 'kafka_request' key with KafkaTask.Input as value. See documentation for KafkaTask for required input parameters",
      'No boot strap servers specified',
      'Missing Kafka topic. See documentation for KafkaTask for required input parameters',
      'Missing Kafka value.  See documentation for KafkaTask for required input parameters',
    ]);
  });

  it('needs a mock in server-compat mode, which replaces the publish', async () => {
    const mocked = await runWorkflow(
      { name: 'kafka_flow', workflowDef: kafkaFlow(request), input: { orderId: 'o-2' }, taskRefToMockOutput: { publish: [{ status: 'COMPLETED', output: {} }], next: [{ status: 'COMPLETED', output: {} }] } },
      { mode: 'server-compat' },
    );
    const unmocked = await runWorkflow({ name: 'kafka_flow', workflowDef: kafkaFlow(request), input: { orderId: 'o-2' }, taskRefToMockOutput: { next: [{ status: 'COMPLETED', output: {} }] } }, { mode: 'server-compat' });

    expect(taskRows(mocked)).toEqual(['publish:KAFKA_PUBLISH=COMPLETED#0@0', 'next:next_task=COMPLETED#0@0']);
    expect(mocked.messages).toEqual([]);
    expect(taskRows(unmocked)).toEqual(['publish:KAFKA_PUBLISH=SCHEDULED#0@0']);
    expect(unmocked.workflow.status).toBe('RUNNING');
  });
});
