import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createScriptEngine, pruneScriptInput, scriptInputUse } from '../../src/expressions/index.js';
import { testSeed } from '../support/seed.js';

describe('what a script reads from $', () => {
  it.each([
    ["if ( $.loop['iteration'] < $.value ) { true; } else { false; }", [['loop', 'iteration'], ['value']]],
    ['$.spin.iteration < 3', [['spin', 'iteration']]],
    ['true', []],
    ['$.list.get($.iterator - 1)', [['list'], ['iterator']]],
    ['[...$.list].length', [['list']]],
    ["$.a[k] + $.b?.c ?? 'x'", [['a'], ['b', 'c']]],
    ["'$.notme' + $.yes /* $.nope */ // $.nope2", [['yes']]],
    ['const {a, b} = $.obj; a', [['obj']]],
    ['x.$ + $.y', [['y']]],
    ['$.arr[0].name', [['arr', '0', 'name']]],
    ['/\\$\\.re/.test($.s)', [['s']]],
    ['function scriptFun(){return $.a.b} scriptFun();', [['a', 'b']]],
    ['$ ["a"] . b', [['a', 'b']]],
  ])('finds the member chains of %s', (source, expected) => {
    expect(scriptInputUse(source)).toEqual(expected);
  });

  it.each([['Object.keys($).length'], ['$[k]'], ['`${$.t}`'], ['JSON.stringify($)'], ['const o = $; o.a'], ['$.containsKey("a")']])(
    'keeps everything when $ itself is used: %s',
    (source) => {
      expect(scriptInputUse(source)).toBe('all');
    },
  );
});

describe('pruning the input', () => {
  it('keeps whole subtrees at the end of each path and nothing else', () => {
    const input = { loop: { iteration: 3, '1': { t: {} }, '2': { t: {} } }, value: 5, other: { big: [1, 2, 3] } };

    const pruned = pruneScriptInput(input, [['loop', 'iteration'], ['value']]);

    expect(pruned).toEqual({ loop: { iteration: 3 }, value: 5 });
  });

  it('lets a shorter path win over a longer one in either order', () => {
    const input = { a: { b: 1, c: 2 } };

    expect(pruneScriptInput(input, [['a', 'b'], ['a']])).toEqual({ a: { b: 1, c: 2 } });
    expect(pruneScriptInput(input, [['a'], ['a', 'b']])).toEqual({ a: { b: 1, c: 2 } });
  });

  it('stops at arrays and keeps them whole', () => {
    expect(pruneScriptInput({ arr: [{ name: 'x' }, { name: 'y' }] }, [['arr', '0', 'name']])).toEqual({ arr: [{ name: 'x' }, { name: 'y' }] });
  });

  it('never changes the input', () => {
    const input = { a: { b: { c: 1 } }, d: 2 };
    const before = structuredClone(input);

    pruneScriptInput(input, [['a', 'b'], ['a'], ['d']]);

    expect(input).toEqual(before);
  });

  it('gives a script the same result as the whole input would', async () => {
    const engine = await createScriptEngine();
    const scripts = [
      "$.loop['iteration'] < $.value",
      '$.a?.b?.c ?? $.d',
      '$.list.length + ($.obj.k || 0)',
      "typeof $.missing === 'undefined' && $.obj.k > 1",
      '$.list.get(0) === $.list[0]',
    ];
    const value = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 3 }));
    const input = fc.record({
      loop: fc.record({ iteration: fc.integer({ min: 0, max: 9 }), '1': fc.dictionary(fc.string({ maxLength: 2 }), value) }),
      value: fc.integer({ min: 0, max: 9 }),
      a: fc.option(fc.record({ b: fc.option(fc.record({ c: value })) })),
      d: value,
      list: fc.array(fc.integer(), { minLength: 1, maxLength: 4 }),
      obj: fc.record({ k: fc.integer({ min: 0, max: 3 }), other: value }),
    });
    // Property: pruning the input by what the script reads never changes the script's outcome.
    fc.assert(
      fc.property(fc.constantFrom(...scripts), input, (source, $) => {
        const run = (i: unknown): unknown => engine.evaluate({ source, mode: 'script', input: i, nowMs: 0, seed: 1 });
        expect(run(pruneScriptInput($, scriptInputUse(source)))).toEqual(run($));
      }),
      { seed: testSeed, numRuns: 200 },
    );
    engine.dispose();
  });
});
