import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';

const root = new URL('../../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'ctk-validate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function validate(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['validate', ...argv], { out: (t) => (out += t), err: (t) => (err += t), cwd: root, env: {}, isTTY: false });
  return { code, out, err };
}

function file(name: string, value: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

const task = (ref: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name: ref, taskReferenceName: ref, type: 'SIMPLE', ...extra });

describe('conductor-testkit validate', () => {
  it('accepts every bundled workflow, request and scenario', async () => {
    const { code, out, err } = await validate('fixtures', 'examples/workflows');

    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^ok fixtures\/workflows\/order-fulfilment\.json \(workflow order_fulfilment v1\)$/m);
    expect(out).toMatch(/^ok fixtures\/scenarios\/ctk_report_jq__reshape\.json \(scenario ctk_report_jq__reshape\)$/m);
    expect(out).toMatch(/^ok examples\/workflows\/taskdefs\/authorise_payment\.json \(TaskDef authorise_payment\)$/m);
    expect(out).toMatch(/^\d+ valid, 0 invalid\n$/m);
  });

  it('lists schema, reference, script, jq and WAIT problems of one workflow with their JSON paths', async () => {
    const path = file('bad.json', {
      name: 'bad_flow',
      version: 1,
      schemaVersion: 2,
      tasks: [
        task('a', { optional: 'yes', inputParameters: { y: '${b_ref.output.z}' } }),
        { name: 'calc', taskReferenceName: 'calc', type: 'INLINE', inputParameters: { evaluatorType: 'graaljs', expression: 'function( {' } },
        { name: 'jq', taskReferenceName: 'jq', type: 'JSON_JQ_TRANSFORM', inputParameters: { queryExpression: '.a | nosuchfn' } },
        { name: 'w', taskReferenceName: 'w', type: 'WAIT', inputParameters: { duration: '5 fortnights' } },
      ],
    });

    const { code, out } = await validate(path);

    expect(code).toBe(1);
    const lines = out.split('\n');
    expect(lines[0]).toBe(`FAIL ${path} (workflow) has 5 problems:`);
    expect(lines.slice(1, 6).map((line) => line.trim().split(/\s{2,}/)[0])).toEqual([
      'tasks[0].optional',
      'tasks[0].inputParameters.y',
      'tasks[1].inputParameters.expression',
      'tasks[2].inputParameters.queryExpression',
      'tasks[3].inputParameters.duration',
    ]);
    expect(out).toContain('expected a boolean, got a string ("yes")');
    expect(out).toContain('refers to "b_ref", which is neither "workflow" nor a taskReferenceName of this workflow');
    expect(out).toContain('Function nosuchfn/0 does not exist');
    expect(out).toContain('cannot parse the WAIT duration "5 fortnights"');
    expect(out.endsWith('0 valid, 1 invalid\n')).toBe(true);
  });

  it('passes a workflow with only warnings, unless --strict', async () => {
    const path = file('fork-without-join.json', {
      name: 'forky',
      version: 1,
      schemaVersion: 2,
      tasks: [{ name: 'f', taskReferenceName: 'f', type: 'FORK_JOIN', forkTasks: [[task('x')]] }],
    });

    const loose = await validate(path);
    const strict = await validate(path, '--strict');

    expect(loose.code).toBe(0);
    expect(loose.out).toContain('warning: a FORK_JOIN task must be followed by a JOIN task');
    expect(loose.out.startsWith(`ok ${path} (workflow forky v1) has 1 problem:`)).toBe(true);
    expect(strict.code).toBe(1);
    expect(strict.out.startsWith(`FAIL ${path}`)).toBe(true);
  });

  it('checks TaskDefs, arrays of them, and test requests against their workflow', async () => {
    const taskDef = file('td.json', { name: 'td', retryCount: -1, timeoutSeconds: 10, responseTimeoutSeconds: 20 });
    const list = file('tds.json', [{ name: 'ok_one', retryCount: 1 }, { name: 'bad_one', timeoutSeconds: 'soon' }]);
    const request = file('request.json', {
      name: 'flow',
      workflowDef: { name: 'flow', version: 1, schemaVersion: 2, tasks: [task('a')] },
      taskRefToMockOutput: { a: [{ status: 'DONE', output: {} }] },
    });

    const { code, out } = await validate(taskDef, list, request, '--json');

    expect(code).toBe(1);
    const report = JSON.parse(out) as { files: number; failed: number; results: { kind: string; issues: { path: (string | number)[]; severity: string }[] }[] };
    expect(report.files).toBe(3);
    expect(report.failed).toBe(3);
    expect(report.results.map((r) => [r.kind, r.issues.map((i) => i.path.join('.'))])).toEqual([
      ['taskdef', ['retryCount', 'responseTimeoutSeconds']],
      ['taskdefs', ['1.timeoutSeconds']],
      ['request', ['taskRefToMockOutput.a.0.status']],
    ]);
  });

  it('says what it could not recognise, and how to force the kind', async () => {
    const path = file('what.json', { hello: 1 });

    const guessed = await validate(path);
    const forced = await validate(path, '--kind', 'workflow');
    const badKind = await validate(path, '--kind', 'pipeline');

    expect(guessed.code).toBe(1);
    expect(guessed.out).toContain('not recognised as a workflow definition');
    expect(guessed.out).toContain('pass --kind');
    expect(forced.code).toBe(1);
    expect(forced.out).toMatch(/^ {2}name\s+/m);
    expect(badKind).toEqual({ code: 2, out: '', err: 'conductor-testkit validate: --kind must be one of workflow, taskdef, request, scenario, got "pipeline"\n' });
  });

  it('reports malformed JSON with its line and column and goes on with the other files', async () => {
    const path = file('broken.json', '{ "name": "x", "tasks": [ }');

    const { code, out, err } = await validate(path, 'fixtures/workflows/order-fulfilment.json');

    expect({ code, err }).toEqual({ code: 1, err: '' });
    expect(out).toBe(
      `FAIL ${path} (not JSON) has 1 problem:\n  (root)  invalid JSON at line 1, column 27: expected a value, found "}"\n` +
        'ok fixtures/workflows/order-fulfilment.json (workflow order_fulfilment v1)\n1 valid, 1 invalid\n',
    );
  });

  it('names a missing file as a usage error', async () => {
    expect(await validate('nope/missing.json')).toEqual({ code: 2, out: '', err: 'conductor-testkit validate: nope/missing.json: no such file or directory\n' });
  });
});
