import { describe, expect, it } from 'vitest';
import { runWorkflow, serializeTrace } from 'conductor-testkit';
import type { WorkflowDef } from 'conductor-testkit';
import { runtimeNeeds, sharedRuntimes } from '../../src/mocks/index.js';

const simple = (ref: string): WorkflowDef['tasks'][number] => ({ name: ref, taskReferenceName: ref, type: 'SIMPLE' });

function def(tasks: WorkflowDef['tasks']): WorkflowDef {
  return { name: 'wf', version: 1, schemaVersion: 2, tasks };
}

describe('runtimeNeeds', () => {
  it('needs nothing for worker tasks and a value-param SWITCH', () => {
    const d = def([simple('a'), { name: 's', taskReferenceName: 's', type: 'SWITCH', evaluatorType: 'value-param', expression: 'k', decisionCases: { x: [simple('b')] } }]);

    expect(runtimeNeeds([d])).toEqual({ scripts: false, jq: false });
  });

  it('needs JavaScript for a JavaScript SWITCH nested in a fork branch', () => {
    const d = def([{ name: 'f', taskReferenceName: 'f', type: 'FORK_JOIN', forkTasks: [[{ name: 's', taskReferenceName: 's', type: 'SWITCH', evaluatorType: 'graaljs', expression: '1', decisionCases: {} }]] }]);

    expect(runtimeNeeds([d])).toEqual({ scripts: true, jq: false });
  });

  it('needs jq for a JSON_JQ_TRANSFORM inside an inline sub-workflow', () => {
    const child = def([{ name: 'j', taskReferenceName: 'j', type: 'JSON_JQ_TRANSFORM', inputParameters: { queryExpression: '.' } }]);
    const d = def([{ name: 'c', taskReferenceName: 'c', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'child', workflowDefinition: child } }]);

    expect(runtimeNeeds([d])).toEqual({ scripts: false, jq: true });
  });

  it('needs both for a DYNAMIC task, whose type is known only at run time', () => {
    expect(runtimeNeeds([def([{ name: 'd', taskReferenceName: 'd', type: 'DYNAMIC', dynamicTaskNameParam: 't' }])])).toEqual({ scripts: true, jq: true });
  });
});

describe('sharedRuntimes', () => {
  it('loads nothing for a workflow that needs no sandbox', async () => {
    expect(await sharedRuntimes([def([simple('a')])])).toBeUndefined();
  });

  it('hands every run the same loaded sandbox', async () => {
    const d = def([{ name: 'i', taskReferenceName: 'i', type: 'INLINE', inputParameters: { evaluatorType: 'graaljs', expression: '1' } }]);

    const first = await sharedRuntimes([d]);
    const second = await sharedRuntimes([structuredClone(d)]);

    expect(first?.scripts).toBeDefined();
    expect(second?.scripts).toBe(first?.scripts);
  });

  it('keeps the sandbox usable when a run disposes it', async () => {
    const d = def([{ name: 'i', taskReferenceName: 'i', type: 'INLINE', inputParameters: { evaluatorType: 'graaljs', expression: '$.n + 1', n: 1 } }]);
    (await sharedRuntimes([d]))?.scripts?.dispose();

    const trace = await runWorkflow({ workflowDef: d });

    expect(trace.workflow.tasks[0]?.outputData).toEqual({ result: 2 });
  });
});

describe('runs sharing the sandbox', () => {
  const leaky = def([
    { name: 'leak', taskReferenceName: 'leak', type: 'INLINE', inputParameters: { evaluatorType: 'graaljs', expression: 'total = 41; Math.random()' } },
    { name: 'spin', taskReferenceName: 'spin', type: 'INLINE', inputParameters: { evaluatorType: 'graaljs', expression: 'while (true) {}' } },
  ]);
  const reader = def([
    {
      name: 'read',
      taskReferenceName: 'read',
      type: 'INLINE',
      inputParameters: { evaluatorType: 'graaljs', expression: "(typeof total === 'undefined' ? 'clean' : 'leaked') + ' ' + Math.random() + ' ' + Date.now()" },
    },
  ]);

  it('give the same trace whatever ran before them (globals, timeouts, random streams)', async () => {
    const before = serializeTrace(await runWorkflow({ workflowDef: reader }));
    await runWorkflow({ workflowDef: leaky });

    const after = serializeTrace(await runWorkflow({ workflowDef: reader }));

    expect(after).toBe(before);
    expect(after).toContain('clean');
  });
});
