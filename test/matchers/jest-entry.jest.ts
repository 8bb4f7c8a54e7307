/**
 * `conductor-testkit/jest` under jest itself (run by `npm run test:jest`, never by vitest): the
 * matchers are registered on @jest/globals' expect, a failure carries jest's diff, `.not` works,
 * and the snapshot serializers are added. Loaded from the CommonJS build, as a user's jest does.
 */
import { describe, expect, it } from '@jest/globals';
import { stripVTControlCharacters } from 'node:util';
import { ok, runWorkflow } from 'conductor-testkit';
import type { Trace, WorkflowDef } from 'conductor-testkit';
import { toTimeline, traceMatchers } from 'conductor-testkit/jest';

const flow: WorkflowDef = {
  name: 'two_steps',
  version: 1,
  tasks: [
    { name: 'first', taskReferenceName: 'first', type: 'SIMPLE' },
    { name: 'second', taskReferenceName: 'second', type: 'SIMPLE' },
  ],
};

function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return stripVTControlCharacters((error as Error).message);
  }
  throw new Error('expected the assertion to fail');
}

async function run(): Promise<Trace> {
  return runWorkflow({ workflowDef: flow, input: {} }, { mocks: { byRef: { first: ok({ n: 1 }), second: ok({ n: 2 }) } } });
}

describe('conductor-testkit/jest', () => {
  it('loads the CommonJS build', () => {
    expect(require.resolve('conductor-testkit/jest')).toMatch(/dist\/cjs\/matchers\/jest\.js$/);
    expect(require.resolve('conductor-testkit')).toMatch(/dist\/cjs\/src\/index\.js$/);
  });

  it('registers every matcher on jest expect', async () => {
    const trace = await run();

    expect(trace).toHaveCompleted();
    expect(trace).toHaveExecutedInOrder(['first', 'second']);
    expect(trace).toHaveTaskOutput('second', { n: 2 });
    expect(Object.keys(traceMatchers).filter((name) => typeof (expect(trace) as unknown as Record<string, unknown>)[name] !== 'function')).toEqual([]);
  });

  it('prints the expectation, the marked timeline and jest diff when a matcher fails', async () => {
    const trace = await run();

    expect(failureOf(() => expect(trace).toHaveTaskOutput('second', { n: 3 }))).toBe(
      [
        'expect(received).toHaveTaskOutput("second", { n: 3 })',
        '',
        'Expected task "second" to have output matching { n: 3 }, but its latest attempt (#1 at +0s, COMPLETED) had output { n: 2 }.',
        '',
        'Timeline (> marks second):',
        '  wf#1 two_steps v1 COMPLETED',
        '    +0s  first   first   COMPLETED  #1',
        '>   +0s  second  second  COMPLETED  #1',
        '',
        '- Expected',
        '+ Received',
        '',
        '  Object {',
        '-   "n": 3,',
        '+   "n": 2,',
        '  }',
      ].join('\n'),
    );
  });

  it('fails .not with its own message and no diff', async () => {
    const trace = await run();

    expect(trace).not.toHaveExecuted('third');
    expect(failureOf(() => expect(trace).not.toHaveExecuted('first')).split('\n').slice(0, 3)).toEqual([
      'expect(received).not.toHaveExecuted("first")',
      '',
      'Expected task "first" never to have run, but it ran: first #1 at +0s COMPLETED.',
    ]);
  });

  it('snapshots a trace as its canonical text and a timeline as plain text', async () => {
    const trace = await run();

    expect(toTimeline(trace)).toMatchInlineSnapshot(`
wf#1 two_steps v1 COMPLETED
  +0s  first   first   COMPLETED  #1
  +0s  second  second  COMPLETED  #1
`);
    expect(trace).toMatchSnapshot();
  });
});
