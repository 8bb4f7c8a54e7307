import { describe, expect, it } from 'vitest';
import { formatPath } from '../../src/errors/index.js';
import { walkTasks, type WorkflowDef, type WorkflowTask } from '../../src/definitions/index.js';
import { nextNode, walkNodes } from '../../src/definitions/walk-tasks.js';

const t = (ref: string, extra: Partial<WorkflowTask> = {}): WorkflowTask => ({ name: ref, taskReferenceName: ref, ...extra });

const def: WorkflowDef = {
  name: 'tree',
  tasks: [
    t('first'),
    t('route', {
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'k',
      decisionCases: { yes: [t('y1'), t('y2')], no: [t('n1')] },
      defaultCase: [t('d1')],
    }),
    t('fork', { type: 'FORK_JOIN', forkTasks: [[t('a1')], [t('b1'), t('b2')]] }),
    t('join', { type: 'JOIN', joinOn: ['a1', 'b2'] }),
    t('loop', { type: 'DO_WHILE', loopCondition: '', loopOver: [t('body')] }),
    t('child', {
      type: 'SUB_WORKFLOW',
      subWorkflowParam: { workflowDefinition: { name: 'inner', tasks: [t('hidden')] } },
    }),
    t('plain', { forkTasks: [[t('never')]] }),
  ],
};

describe('walkTasks', () => {
  it('visits every node in Conductor collectTasks order with its JSON path', () => {
    const seen = [...walkTasks(def)].map(({ task, path }) => `${task.taskReferenceName}@${formatPath(path)}`);

    expect(seen).toEqual([
      'first@tasks[0]',
      'route@tasks[1]',
      'y1@tasks[1].decisionCases.yes[0]',
      'y2@tasks[1].decisionCases.yes[1]',
      'n1@tasks[1].decisionCases.no[0]',
      'd1@tasks[1].defaultCase[0]',
      'fork@tasks[2]',
      'a1@tasks[2].forkTasks[0][0]',
      'b1@tasks[2].forkTasks[1][0]',
      'b2@tasks[2].forkTasks[1][1]',
      'join@tasks[3]',
      'loop@tasks[4]',
      'body@tasks[4].loopOver[0]',
      'child@tasks[5]',
      'plain@tasks[6]',
    ]);
  });

  it('lists the enclosing nodes of each node, outermost first', () => {
    const nested: WorkflowDef = {
      name: 'nested',
      tasks: [t('loop', { type: 'DO_WHILE', loopCondition: '', loopOver: [t('sw', { type: 'SWITCH', decisionCases: { a: [t('deep')] } })] })],
    };

    const deep = [...walkTasks(nested)].find(({ task }) => task.taskReferenceName === 'deep');

    expect(deep?.parents.map((p) => p.taskReferenceName)).toEqual(['loop', 'sw']);
  });

  it('skips values that are not task objects', () => {
    const broken = { name: 'broken', tasks: [null, 'x', t('ok')] } as unknown as WorkflowDef;

    expect([...walkTasks(broken)].map(({ path }) => formatPath(path))).toEqual(['tasks[2]']);
  });
});

describe('nextNode', () => {
  const nodeOf = (d: WorkflowDef, ref: string) => {
    const node = [...walkNodes(d)].find(({ task }) => task.taskReferenceName === ref);
    if (node === undefined) throw new Error(`no node ${ref}`);
    return node;
  };

  it('is the next sibling', () => {
    expect(nextNode(nodeOf(def, 'fork'))?.task.taskReferenceName).toBe('join');
  });

  it('at the end of a case is the node after the SWITCH', () => {
    expect(nextNode(nodeOf(def, 'y2'))?.task.taskReferenceName).toBe('fork');
  });

  it('at the end of a loop body is the DO_WHILE itself', () => {
    expect(nextNode(nodeOf(def, 'body'))?.task.taskReferenceName).toBe('loop');
  });

  it('at the end of the workflow is nothing', () => {
    expect(nextNode(nodeOf(def, 'plain'))).toBeUndefined();
  });
});
