/**
 * lintWorkflowDef: JavaScript, jq and WAIT literals checked before a run, with Conductor's verdict
 * (rejects the definition → error; accepts it and the task fails at run time → warning).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDef, WorkflowTask } from '../../src/definitions/index.js';
import { assertWorkflowDefLint, lintWorkflowDef } from '../../src/engine/lint.js';
import type { LintRuntimes } from '../../src/engine/lint.js';
import { DefinitionError } from '../../src/errors/index.js';
import { createJqEngine, createScriptEngine } from '../../src/expressions/index.js';
import type { ScriptEngine } from '../../src/expressions/index.js';

let scripts: ScriptEngine;
let runtimes: LintRuntimes;
beforeAll(async () => {
  scripts = await createScriptEngine();
  runtimes = { scripts, jq: await createJqEngine() };
});
afterAll(() => scripts.dispose());

const wf = (...tasks: WorkflowTask[]): WorkflowDef => ({ name: 'lint_flow', version: 1, schemaVersion: 2, tasks });
const inline = (expression: unknown, extra: Record<string, unknown> = {}): WorkflowTask => ({ name: 'calc', taskReferenceName: 'calc', type: 'INLINE', inputParameters: { expression, ...extra } });
const jq = (queryExpression: string): WorkflowTask => ({ name: 'shape', taskReferenceName: 'shape', type: 'JSON_JQ_TRANSFORM', inputParameters: { queryExpression } });
const wait = (inputParameters: Record<string, unknown>): WorkflowTask => ({ name: 'pause', taskReferenceName: 'pause', type: 'WAIT', inputParameters });
const loop = (...loopOver: WorkflowTask[]): WorkflowTask => ({ name: 'loop', taskReferenceName: 'loop', type: 'DO_WHILE', loopCondition: '$.loop.iteration < 2', loopOver });
const SYNTAX = "SyntaxError: inline:1 unexpected token in expression: ''";

describe('JavaScript literals', () => {
  it('reports a SWITCH javascript expression that does not parse as an error, as Conductor rejects the definition', () => {
    const def = wf({ name: 'route', taskReferenceName: 'route', type: 'SWITCH', evaluatorType: 'javascript', expression: '$.kind ==', decisionCases: { a: [] } });

    expect(lintWorkflowDef(def, runtimes)).toEqual([
      {
        path: ['tasks', 0, 'expression'],
        code: 'script_syntax',
        severity: 'error',
        taskReferenceName: 'route',
        message: `JavaScript syntax error (${SYNTAX}); Conductor rejects the definition ("Expression is not well formatted"). Fix the expression`,
      },
    ]);
  });

  it('reports a graaljs SWITCH expression as a warning, since Conductor checks only "javascript" at registration', () => {
    const def = wf({ name: 'route', taskReferenceName: 'route', type: 'SWITCH', evaluatorType: 'graaljs', expression: '$.kind ==', decisionCases: { a: [] } });

    expect(lintWorkflowDef(def, runtimes).map((i) => [i.severity, i.message])).toEqual([
      ['warning', `warning: JavaScript syntax error (${SYNTAX}); Conductor accepts the definition (it checks only "javascript" expressions), but the SWITCH task fails when it runs. Fix the expression`],
    ]);
  });

  it('reports a DECISION caseExpression that does not parse as an error', () => {
    const def = wf({ name: 'route', taskReferenceName: 'route', type: 'DECISION', caseExpression: 'if (', decisionCases: { a: [] } });

    expect(lintWorkflowDef(def, runtimes).map((i) => [i.path, i.severity, i.message])).toEqual([
      [['tasks', 0, 'caseExpression'], 'error', `JavaScript syntax error (${SYNTAX}); Conductor rejects the definition ("Expression is not well formatted"). Fix the caseExpression, or use caseValueParam`],
    ]);
  });

  it('reports an INLINE expression that does not parse as a warning, with or without an explicit javascript evaluator', () => {
    const def = wf(inline('1 +'), { ...inline('return 1', { evaluatorType: 'graaljs' }), taskReferenceName: 'calc2' });

    expect(lintWorkflowDef(def, runtimes).map((i) => [i.path, i.taskReferenceName, i.message])).toEqual([
      [['tasks', 0, 'inputParameters', 'expression'], 'calc', `warning: JavaScript syntax error (${SYNTAX}); Conductor accepts the definition, but the INLINE task fails with FAILED_WITH_TERMINAL_ERROR when it runs. Fix the expression`],
      [['tasks', 1, 'inputParameters', 'expression'], 'calc2', 'warning: JavaScript syntax error (SyntaxError: inline:1 return not in a function); Conductor accepts the definition, but the INLINE task fails with FAILED_WITH_TERMINAL_ERROR when it runs. Fix the expression'],
    ]);
  });

  it('skips INLINE expressions that are resolved first or are not scripts', () => {
    const def = wf(inline('${workflow.input.a} +'), { ...inline('not a script', { evaluatorType: 'value-param' }), taskReferenceName: 'b' }, { ...inline(42), taskReferenceName: 'c' });

    expect(lintWorkflowDef(def, runtimes)).toEqual([]);
  });

  it('checks a LAMBDA script as the body of a function, where return is allowed', () => {
    const ok = { name: 'l1', taskReferenceName: 'l1', type: 'LAMBDA', inputParameters: { scriptExpression: 'return $.a;' } };
    const bad = { name: 'l2', taskReferenceName: 'l2', type: 'LAMBDA', inputParameters: { scriptExpression: 'return {' } };

    expect(lintWorkflowDef(wf(ok, bad), runtimes).map((i) => [i.path, i.message])).toEqual([
      [['tasks', 1, 'inputParameters', 'scriptExpression'], "warning: JavaScript syntax error (SyntaxError: inline:1 expecting ';'); Conductor accepts the definition, but the LAMBDA task fails when it runs. Fix the script; it is the body of a function and must return its result"],
    ]);
  });

  it('reports a DO_WHILE loopCondition that does not parse', () => {
    const def = wf({ ...loop({ name: 'n', taskReferenceName: 'n', type: 'NOOP' }), loopCondition: '$.loop.iteration <' });

    expect(lintWorkflowDef(def, runtimes).map((i) => [i.path, i.message])).toEqual([
      [['tasks', 0, 'loopCondition'], `warning: JavaScript syntax error (${SYNTAX}); Conductor accepts the definition, but the DO_WHILE fails with FAILED_WITH_TERMINAL_ERROR ("Unable to evaluate condition") when its first iteration ends. Fix the loopCondition`],
    ]);
  });

  it('demotes what Conductor rejects to a warning inside loopOver, which its validation does not reach', () => {
    const def = wf(loop({ name: 'route', taskReferenceName: 'route', type: 'SWITCH', evaluatorType: 'javascript', expression: '(', decisionCases: { a: [] } }));

    expect(lintWorkflowDef(def, runtimes).map((i) => [i.path, i.severity, i.message])).toEqual([
      [['tasks', 0, 'loopOver', 0, 'expression'], 'warning', `warning: JavaScript syntax error (${SYNTAX}); Conductor does not validate tasks inside loopOver, but the task fails when it runs. Fix the expression`],
    ]);
  });

  it('checks the tasks of inline sub-workflow definitions under their path', () => {
    const child = wf(inline('}'));
    const def = wf({ name: 'child', taskReferenceName: 'child', type: 'SUB_WORKFLOW', subWorkflowParam: { name: 'child', version: 1, workflowDefinition: child } });

    expect(lintWorkflowDef(def, runtimes).map((i) => i.path)).toEqual([['tasks', 0, 'subWorkflowParam', 'workflowDefinition', 'tasks', 0, 'inputParameters', 'expression']]);
  });

  it('checks nothing it has no runtime for', () => {
    const def = wf(inline('1 +'), jq('.a |'));

    expect(lintWorkflowDef(def, {})).toEqual([]);
  });
});

describe('jq queries', () => {
  it('reports a query that does not compile', () => {
    expect(lintWorkflowDef(wf(jq('.items | map(.id')), runtimes)).toEqual([
      {
        path: ['tasks', 0, 'inputParameters', 'queryExpression'],
        code: 'jq_syntax',
        severity: 'warning',
        taskReferenceName: 'shape',
        message: "warning: jq cannot compile the query (syntax error, unexpected end of file, expecting ';' or ')'); Conductor accepts the definition, but the JSON_JQ_TRANSFORM task fails when it runs. Fix the query",
      },
    ]);
  });

  it('reports unknown functions and variables, which jackson-jq rejects when it compiles', () => {
    const def = wf(jq('foo(1)'), { ...jq('$missing'), taskReferenceName: 'b' }, { ...jq('now'), taskReferenceName: 'c' });

    expect(lintWorkflowDef(def, runtimes).map((i) => i.message.split(';')[0])).toEqual([
      'warning: jq cannot compile the query (Function foo/1 does not exist)',
      'warning: jq cannot compile the query (Undefined variable: $missing)',
      'warning: jq cannot compile the query (Function now/0 does not exist)',
    ]);
  });

  it('accepts queries that only fail at run time, and queries resolved from expressions', () => {
    const def = wf(jq('.a | keys'), { ...jq('error("stop")'), taskReferenceName: 'b' }, { ...jq('def f: . + 1; .n | f'), taskReferenceName: 'c' }, { ...jq('${workflow.input.query}'), taskReferenceName: 'd' });

    expect(lintWorkflowDef(def, runtimes)).toEqual([]);
  });
});

describe('WAIT literals', () => {
  it('reports a duration Conductor cannot parse, quoting its own message', () => {
    expect(lintWorkflowDef(wf(wait({ duration: '2h 1d' })), runtimes)).toEqual([
      {
        path: ['tasks', 0, 'inputParameters', 'duration'],
        code: 'wait_literal',
        severity: 'error',
        taskReferenceName: 'pause',
        message: 'cannot parse the WAIT duration "2h 1d"; Conductor rejects the definition ("Either date or duration is passed as null "). Write days, hours, minutes and seconds in that order, e.g. "1d 2h 30m" or "45 seconds"',
      },
    ]);
  });

  it('reports an until Conductor cannot parse', () => {
    expect(lintWorkflowDef(wf(wait({ until: '2024-06-01T09:30' })), runtimes).map((i) => [i.path, i.message])).toEqual([
      [['tasks', 0, 'inputParameters', 'until'], 'cannot parse the WAIT until "2024-06-01T09:30"; Conductor rejects the definition ("Unable to parse date "). Use "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm z" or "yyyy-MM-dd", e.g. "2024-06-01 09:30 UTC"'],
    ]);
  });

  it('skips values that start with an expression, as Conductor does, but not values that merely contain one', () => {
    const def = wf(wait({ duration: '${workflow.input.d}' }), { ...wait({ duration: '1 ${workflow.input.unit}' }), taskReferenceName: 'p2' }, { ...wait({ until: '2024-06-01 09:30 UTC' }), taskReferenceName: 'p3' }, { ...wait({ duration: '' }), taskReferenceName: 'p4' });

    expect(lintWorkflowDef(def, runtimes).map((i) => i.taskReferenceName)).toEqual(['p2']);
  });
});

describe('assertWorkflowDefLint', () => {
  it('throws a DefinitionError with the errors only', () => {
    const def = wf(inline('1 +'), wait({ duration: 'soon' }));

    let thrown: unknown;
    try {
      assertWorkflowDefLint(def, runtimes, { subject: 'flows/lint.json' });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(DefinitionError);
    expect((thrown as DefinitionError).message).toBe(
      'flows/lint.json has 1 problem:\n  tasks[1].inputParameters.duration  cannot parse the WAIT duration "soon"; Conductor rejects the definition ("Either date or duration is passed as null "). Write days, hours, minutes and seconds in that order, e.g. "1d 2h 30m" or "45 seconds"',
    );
  });

  it('throws for warnings too when strict, and not at all without them', () => {
    expect(() => assertWorkflowDefLint(wf(inline('1 +')), runtimes)).not.toThrow();
    expect(() => assertWorkflowDefLint(wf(inline('1 +')), runtimes, { strict: true })).toThrow(
      `Workflow "lint_flow" has 1 problem:\n  tasks[0].inputParameters.expression  warning: JavaScript syntax error (${SYNTAX}); Conductor accepts the definition, but the INLINE task fails with FAILED_WITH_TERMINAL_ERROR when it runs. Fix the expression`,
    );
  });
});

const HARNESS = fileURLToPath(new URL('../../../shared/fixtures/conductor-harness/definitions/', import.meta.url));
const present = existsSync(HARNESS);
if (!present) process.stdout.write(`[lint] skipping the harness corpus: ${HARNESS} is absent\n`);

describe.skipIf(!present)('real definitions (the conductor-harness corpus, read in place)', () => {
  it('finds no error in the harness corpus, and exactly the one broken jq query of a UI demo', () => {
    const dir = HARNESS;
    const found: string[] = [];
    for (const file of readdirSync(dir).sort()) {
      const def = JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as WorkflowDef;
      for (const issue of lintWorkflowDef(def, runtimes)) found.push(`${file} ${issue.severity} ${issue.path.join('.')} ${issue.message.split(' (')[0] ?? ''}`);
    }

    expect(found).toEqual(['do_while_timeline_ui_demo.json warning tasks.1.loopOver.0.inputParameters.queryExpression warning: jq cannot compile the query']);
  });
});
