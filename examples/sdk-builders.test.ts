/**
 * A workflow written with the builders of Orkes' JavaScript SDK (`@io-orkes/conductor-javascript`,
 * 3.x) instead of JSON. The builders are plain functions that return Conductor JSON, so they load
 * under Node without a server; the definition they return runs here unchanged.
 *
 * What the SDK emits, as checked with 3.1.0: `workflow(name, tasks)` gives `version: 1`,
 * `inputParameters: []` and `timeoutSeconds: 0` and nothing else; `switchTask(ref, value, ...)`
 * is a `value-param` SWITCH over an input it names `switchCaseValue`, with `name` = the ref;
 * `doWhileTask(ref, condition, tasks)` puts the loop body in `loopOver` as given.
 */
import { describe, expect, it } from 'vitest';
import { doWhileTask, setVariableTask, simpleTask, switchTask, workflow } from '@io-orkes/conductor-javascript';
import { ok, parseWorkflowDef, runWorkflow } from 'conductor-testkit';
import { toTimeline } from 'conductor-testkit/vitest';

const sdkDef = workflow('loyalty_reward', [
  simpleTask('lookup', 'lookup_customer', { customerId: '${workflow.input.customerId}' }),
  switchTask('tier', '${lookup.output.tier}', { gold: [simpleTask('bonus', 'grant_bonus', { points: 500 })] }, [simpleTask('points', 'grant_points', { points: 50 })]),
  doWhileTask('notify_loop', "if ($.notify_loop['iteration'] < $.channels.length) { true; } else { false; }", [
    simpleTask('notify', 'send_notification', { channels: '${workflow.input.channels}', index: '${notify_loop.output.iteration}' }),
  ]),
  setVariableTask('remember', { rewarded: true }),
]);
// The SDK's doWhileTask takes no inputs for its condition; give the node the channel list.
const loopNode = sdkDef.tasks[2];
if (loopNode !== undefined) loopNode.inputParameters = { channels: '${workflow.input.channels}' };

// parseWorkflowDef validates what the SDK built and types it as conductor-testkit's WorkflowDef
// (the SDK's own WorkflowDef type differs in optional fields). The SDK leaves `optional: undefined`
// on every task, which parseWorkflowDef rejects; going through JSON drops it, as it is dropped
// when the SDK sends the definition to a server.
const loyalty = parseWorkflowDef(JSON.parse(JSON.stringify({ ...sdkDef, ownerEmail: 'loyalty@example.com', schemaVersion: 2 })));

describe('loyalty reward built with the SDK', () => {
  it('emits plain Conductor JSON', () => {
    expect(loyalty.tasks.map((task) => [task.taskReferenceName, task.type])).toEqual([
      ['lookup', 'SIMPLE'],
      ['tier', 'SWITCH'],
      ['notify_loop', 'DO_WHILE'],
      ['remember', 'SET_VARIABLE'],
    ]);
    expect(loyalty.tasks[1]).toMatchObject({ evaluatorType: 'value-param', expression: 'switchCaseValue', inputParameters: { switchCaseValue: '${lookup.output.tier}' } });
  });

  it('grants the gold bonus and notifies once per channel', async () => {
    const trace = await runWorkflow(
      { workflowDef: loyalty, input: { customerId: 'c-1', channels: ['email', 'sms'] } },
      { mocks: { byRef: { lookup: ok({ tier: 'gold' }), bonus: ok(), points: ok(), notify: ok({ sent: true }) } } },
    );

    expect(trace).toHaveCompleted();
    expect(trace).toHaveTakenBranch('tier', 'gold');
    expect(trace).toNotHaveExecuted('points');
    expect(trace).toHaveIterated('notify_loop', 2);
    expect(trace).toHaveTaskInput('notify__1', { index: 1 });
    expect(trace).toHaveTaskInput('notify__2', { index: 2 });
    expect(toTimeline(trace)).toMatchInlineSnapshot(`
      wf#1 loyalty_reward v1 COMPLETED
        +0s  lookup       lookup_customer    COMPLETED  #1
        +0s  tier         SWITCH             COMPLETED  #1
        +0s  bonus        grant_bonus        COMPLETED  #1
        +0s  notify_loop  DO_WHILE           COMPLETED  #1  iter 2
        +0s  notify__1    send_notification  COMPLETED  #1  iter 1
        +0s  notify__2    send_notification  COMPLETED  #1  iter 2
        +0s  remember     SET_VARIABLE       COMPLETED  #1
    `);
  });
});
