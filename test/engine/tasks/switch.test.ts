/**
 * SWITCH: case selection by value-param, javascript and graaljs; default case; no match.
 *
 * Conductor source: core/.../execution/mapper/SwitchTaskMapper.java — case = "" + evaluator result
 * (value-param: the input key named by `expression`; javascript/graaljs: a script over `$`); the
 * SWITCH task has taskType/taskDefName SWITCH, input = context input + `case` (+ `hasChildren`
 * "true" when a case task was scheduled), output {evaluationResult: [case], selectedCase: case};
 * `decisionCases[case]` if the key exists (even an empty list), else `defaultCase`; an evaluation
 * error creates a FAILED SWITCH with the error as reason. core/.../execution/tasks/Switch.java
 * completes it in the same decide. Next-task navigation: the last task of a case continues after
 * the SWITCH (common/.../metadata/workflow/WorkflowDef.java getNextTask). test-harness
 * SwitchTaskSpec.groovy ("switch with no default case").
 */
import { describe, it, expect } from 'vitest';
import { ok, runWorkflow } from '../../../src/index.js';
import type { JsonObject, WorkflowDef, WorkflowTask } from '../../../src/index.js';
import { taskOf, taskRows } from '../../support/task-rows.js';

function worker(ref: string): WorkflowTask {
  return { name: `${ref}_task`, taskReferenceName: ref, type: 'SIMPLE' };
}

function switchFlow(sw: Partial<WorkflowTask>): WorkflowDef {
  return {
    name: 'switch_flow',
    version: 1,
    schemaVersion: 2,
    tasks: [
      {
        name: 'route',
        taskReferenceName: 'route',
        type: 'SWITCH',
        evaluatorType: 'value-param',
        expression: 'kind',
        inputParameters: { kind: '${workflow.input.kind}' },
        decisionCases: { express: [worker('fast'), worker('track')], standard: [worker('slow')], none: [] },
        defaultCase: [worker('manual')],
        ...sw,
      },
      worker('notify'),
    ],
  };
}

// By task name: one set of mocks for every variant of the flow (a byRef key naming a task the
// variant lacks would be rejected as a likely typo).
const mocks = { byName: { fast_task: ok(), track_task: ok(), slow_task: ok(), manual_task: ok(), notify_task: ok() } };

async function run(def: WorkflowDef, input: JsonObject): Promise<Awaited<ReturnType<typeof runWorkflow>>> {
  return runWorkflow({ workflowDef: def, input }, { mocks });
}

describe('SWITCH with value-param', () => {
  it('runs every task of the matching case, then the task after the SWITCH', async () => {
    const trace = await run(switchFlow({}), { kind: 'express' });

    expect(taskRows(trace)).toEqual(['route:SWITCH=COMPLETED#0@0', 'fast:fast_task=COMPLETED#0@0', 'track:track_task=COMPLETED#0@0', 'notify:notify_task=COMPLETED#0@0']);
    const route = taskOf(trace, 'route');
    expect(route.taskDefName).toBe('SWITCH');
    expect(route.inputData).toEqual({ kind: 'express', case: 'express', hasChildren: 'true' });
    expect(route.outputData).toEqual({ evaluationResult: ['express'], selectedCase: 'express' });
    expect(trace.workflow.status).toBe('COMPLETED');
  });

  it('takes the defaultCase when no case key matches', async () => {
    const trace = await run(switchFlow({}), { kind: 'overnight' });

    expect(taskRows(trace)).toEqual(['route:SWITCH=COMPLETED#0@0', 'manual:manual_task=COMPLETED#0@0', 'notify:notify_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'route').outputData).toEqual({ evaluationResult: ['overnight'], selectedCase: 'overnight' });
  });

  it('uses an explicitly empty case as it is, without the default', async () => {
    const trace = await run(switchFlow({}), { kind: 'none' });

    expect(taskRows(trace)).toEqual(['route:SWITCH=COMPLETED#0@0', 'notify:notify_task=COMPLETED#0@0']);
    expect(taskOf(trace, 'route').inputData).toEqual({ kind: 'none', case: 'none' });
  });

  it('goes straight to the next task when nothing matches and there is no default', async () => {
    const trace = await run(switchFlow({ defaultCase: [] }), { kind: 'unknown' });

    expect(taskRows(trace)).toEqual(['route:SWITCH=COMPLETED#0@0', 'notify:notify_task=COMPLETED#0@0']);
  });

  it('turns a missing value into the case "null" and non-strings into their Java text', async () => {
    const def = switchFlow({ decisionCases: { null: [worker('fast')], true: [worker('slow')], '5': [worker('track')], '1.5': [worker('manual')] }, defaultCase: [] });

    const missing = await run(def, {});
    const boolean = await run(def, { kind: true });
    const integer = await run(def, { kind: 5 });
    const double = await run(def, { kind: 1.5 });

    expect([missing, boolean, integer, double].map((t) => taskRows(t)[1])).toEqual([
      'fast:fast_task=COMPLETED#0@0',
      'slow:slow_task=COMPLETED#0@0',
      'track:track_task=COMPLETED#0@0',
      'manual:manual_task=COMPLETED#0@0',
    ]);
  });

  it('selects the same case in server-compat mode, needing mocks only for the worker tasks', async () => {
    const def = switchFlow({});

    const trace = await runWorkflow(
      { name: 'switch_flow', workflowDef: def, input: { kind: 'standard' }, taskRefToMockOutput: { slow: [{ status: 'COMPLETED', output: {} }], notify: [{ status: 'COMPLETED', output: { sent: true } }] } },
      { mode: 'server-compat' },
    );

    expect(taskRows(trace)).toEqual(['route:SWITCH=COMPLETED#0@0', 'slow:slow_task=COMPLETED#0@0', 'notify:notify_task=COMPLETED#0@0']);
    expect(trace.workflow.output).toEqual({ sent: true });
  });
});

describe('SWITCH with a script', () => {
  for (const evaluatorType of ['javascript', 'graaljs']) {
    it(`evaluates a ${evaluatorType} expression over $, the SWITCH input`, async () => {
      const def = switchFlow({ evaluatorType, expression: '$.kind == "express" ? "express" : ($.amount > 100 ? "standard" : "other")', inputParameters: { kind: '${workflow.input.kind}', amount: '${workflow.input.amount}' } });

      const trace = await run(def, { kind: 'x', amount: 250 });

      expect(taskRows(trace)).toEqual(['route:SWITCH=COMPLETED#0@0', 'slow:slow_task=COMPLETED#0@0', 'notify:notify_task=COMPLETED#0@0']);
      expect(taskOf(trace, 'route').outputData).toEqual({ evaluationResult: ['standard'], selectedCase: 'standard' });
    });
  }

  it('turns a numeric script result into its integer text', async () => {
    const def = switchFlow({ evaluatorType: 'javascript', expression: '$.n * 2', inputParameters: { n: 2.5 }, decisionCases: { '5': [worker('fast')] }, defaultCase: [] });

    const trace = await run(def, {});

    expect(taskOf(trace, 'route').outputData).toEqual({ evaluationResult: ['5'], selectedCase: '5' });
    expect(taskRows(trace)[1]).toBe('fast:fast_task=COMPLETED#0@0');
  });

  it('creates a FAILED SWITCH that fails the workflow when the script throws', async () => {
    const def = switchFlow({ evaluatorType: 'javascript', expression: 'throw new Error("no route")' });

    const trace = await run(def, {});

    const route = taskOf(trace, 'route');
    expect(taskRows(trace)).toEqual(['route:SWITCH=FAILED#0@0']);
    expect(route.reasonForIncompletion).toMatch(/^Error evaluating the script `Error: no route`/);
    expect(route.outputData).toEqual({});
    expect(trace.workflow.status).toBe('FAILED');
    expect(trace.workflow.reasonForIncompletion).toBe(`Task ${route.taskId} failed with status: FAILED and reason: '${route.reasonForIncompletion}'`);
  });

  it('continues after a failing SWITCH that is optional', async () => {
    const def = switchFlow({ evaluatorType: 'javascript', expression: 'undefinedName.x', optional: true });

    const trace = await run(def, {});

    expect(taskRows(trace)).toEqual(['route:SWITCH=COMPLETED_WITH_ERRORS#0@0', 'notify:notify_task=COMPLETED#0@0']);
    expect(trace.workflow.status).toBe('COMPLETED');
  });
});

describe('nested SWITCH', () => {
  it('runs the inner case and then continues after the outer SWITCH', async () => {
    const def: WorkflowDef = {
      name: 'nested_switch',
      version: 1,
      schemaVersion: 2,
      tasks: [
        {
          name: 'outer',
          taskReferenceName: 'outer',
          type: 'SWITCH',
          evaluatorType: 'value-param',
          expression: 'a',
          inputParameters: { a: '${workflow.input.a}' },
          decisionCases: {
            x: [
              {
                name: 'inner',
                taskReferenceName: 'inner',
                type: 'SWITCH',
                evaluatorType: 'value-param',
                expression: 'b',
                inputParameters: { b: '${workflow.input.b}' },
                decisionCases: { y: [worker('deep')] },
              },
              worker('tail'),
            ],
          },
        },
        worker('notify'),
      ],
    };

    const trace = await runWorkflow({ workflowDef: def, input: { a: 'x', b: 'y' } }, { mocks: { byRef: { deep: ok(), tail: ok(), notify: ok() } } });

    expect(taskRows(trace)).toEqual([
      'outer:SWITCH=COMPLETED#0@0',
      'inner:SWITCH=COMPLETED#0@0',
      'deep:deep_task=COMPLETED#0@0',
      'tail:tail_task=COMPLETED#0@0',
      'notify:notify_task=COMPLETED#0@0',
    ]);
  });
});
