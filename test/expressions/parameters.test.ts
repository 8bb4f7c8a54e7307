import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTestkitError } from '../../src/errors/index.js';
import { resolveParameters, resolveValue, substituteSecrets, type EvaluationDocument } from '../../src/expressions/index.js';
import { testSeed } from '../support/seed.js';

/** The document of shared/spec engine-semantics §3.5. */
function specDocument(): EvaluationDocument {
  return {
    workflow: {
      input: {
        name: 'Bob',
        n: 5,
        d: 1.0,
        big: 12345678901,
        flag: true,
        nul: null,
        list: [1, 2, 3],
        obj: { a: 1, b: 'x' },
        key: 'name',
        items: [{ id: 1 }, { id: 2 }],
        'dotted.key': 'dk',
      },
      output: {},
      status: 'RUNNING',
      variables: { k: 'v' },
    },
    t1: { output: { x: 42 }, status: 'COMPLETED', input: {} },
  };
}

function resolveOne(text: string, options?: Parameters<typeof resolveParameters>[2]): unknown {
  return resolveParameters({ p: text }, specDocument(), options)['p'];
}

describe('the engine-semantics §3.5 table', () => {
  // Each row: parameter string → resolved value (exact type).
  const rows: readonly (readonly [string, unknown])[] = [
    ['${workflow.input.name}', 'Bob'],
    ['Hello ${workflow.input.name}!', 'Hello Bob!'],
    ['${workflow.input.n}', 5],
    ['n=${workflow.input.n}', 'n=5'],
    ['${workflow.input.flag}', true],
    ['f=${workflow.input.flag}', 'f=true'],
    ['${workflow.input.nul}', null],
    ['x${workflow.input.nul}y', 'xnully'],
    ['${workflow.input.missing}', null],
    ['m=${workflow.input.missing}', 'm=null'],
    ['${workflow.input.list}', [1, 2, 3]],
    ['L=${workflow.input.list}', 'L=[1, 2, 3]'],
    ['${workflow.input.obj}', { a: 1, b: 'x' }],
    ['O=${workflow.input.obj}', 'O={a=1, b=x}'],
    ['${workflow.input.list[1]}', 2],
    ['${workflow.input.list[-1]}', 3],
    ['${workflow.input.list[9]}', null],
    ['${workflow.input.list[0:2]}', [1, 2]],
    ['${workflow.input.items[*].id}', [1, 2]],
    ['ids=${workflow.input.items[*].id}', 'ids=[1,2]'],
    ['${workflow.input.nope[*].id}', []],
    ['${workflow.input.items[?(@.id > 1)]}', [{ id: 2 }]],
    ['${workflow.input.list.length()}', 3],
    ["${workflow.input['dotted.key']}", 'dk'],
    ['${workflow.input.dotted.key}', null],
    ['${workflow.input.n + 1}', null],
    ['$${workflow.input.name}', '${workflow.input.name}'],
    ['a $${workflow.input.name} b ${workflow.input.name}', 'a ${workflow.input.name} b Bob'],
    ['$$${workflow.input.name}', '$${workflow.input.name}'],
    ['${}', ''],
    ['x${ }y', 'xy'],
    ['${workflow.input.${workflow.input.key}}', 'Bob'],
    ['${t1.output.x}', 42],
    ['${t1.status}', 'COMPLETED'],
    ['${t2.output.x}', null],
    ['${workflow.input.name}${workflow.input.n}', 'Bob5'],
    [' ${workflow.input.name}', ' Bob'],
    ['${CPEWF_TASK_ID}', '${CPEWF_TASK_ID}'],
    ['${workflow.input.name', '${workflow.input.name'],
    ['${workflow.input.name}}', 'Bob}'],
    ['{${workflow.input.name}}', '{Bob}'],
    ['$workflow.input.name', '$workflow.input.name'],
    ['${$.workflow.input.name}', 'Bob'],
  ];

  it.each(rows)('resolves %j to %j', (text, expected) => {
    expect(resolveOne(text)).toStrictEqual(expected);
  });

  it('prints a long embedded as digits', () => {
    expect(resolveOne('big=${workflow.input.big}')).toBe('big=12345678901');
  });

  it('prints an embedded filter result as compact JSON, not Java map syntax', () => {
    expect(resolveOne('F=${workflow.input.items[?(@.id > 1)]}')).toBe('F=[{"id":2}]');
  });

  // Divergence: Java keeps 1.0 a Double ("d=1.0"); JSON.parse makes it the integer 1.
  it('prints an integral double without ".0" (known divergence from Java)', () => {
    expect(resolveOne('d=${workflow.input.d}')).toBe('d=1');
    expect(resolveOne('${workflow.input.d}')).toBe(1);
  });

  it('prints an embedded non-integral double the Java way', () => {
    const doc = { workflow: { input: { a: 2.5, b: 0.0001, c: 12345678.9 } } };

    const out = resolveParameters({ p: '${workflow.input.a}|${workflow.input.b}|${workflow.input.c}' }, doc);

    expect(out['p']).toBe('2.5|1.0E-4|1.23456789E7');
  });
});

describe('the typed shortcut', () => {
  it('applies only when the whole string is one expression', () => {
    expect(resolveOne('${workflow.input.n}')).toBe(5);
    expect(resolveOne('${workflow.input.n} ')).toBe('5 ');
  });

  it('does not apply to inner expressions, which are always stringified', () => {
    const doc = { workflow: { input: { idx: 1, byIndex: { '1': 'one' }, obj: { a: 1 } } } };

    const out = resolveParameters({ p: '${workflow.input.byIndex.${workflow.input.idx}}' }, doc);

    expect(out['p']).toBe('one');
  });

  it('stringifies an inner map Java-style before using it as a path', () => {
    const doc = { workflow: { input: { obj: { a: 1 }, '{a=1}': 'found' } } };

    const out = resolveParameters({ p: "${workflow.input['${workflow.input.obj}']}" }, doc);

    expect(out['p']).toBe('found');
  });

  it('returns the typed value of a function that yields a double', () => {
    expect(resolveOne('${workflow.input.list.sum()}')).toBe(6);
  });

  it('prints an embedded function double with ".0", as Java prints a Double', () => {
    expect(resolveOne('sum=${workflow.input.list.sum()}')).toBe('sum=6.0');
  });
});

describe('escapes and tokenisation', () => {
  it('turns $${ into ${ in text without expressions', () => {
    expect(resolveOne('cost: $${price}')).toBe('cost: ${price}');
  });

  it('stops resolving at an unclosed ${ even if a later expression is complete', () => {
    expect(resolveOne('hello ${ world ${workflow.input.name}')).toBe('hello ${ world ${workflow.input.name}');
  });

  it('keeps a stray closing brace outside an expression', () => {
    expect(resolveOne('} ${workflow.input.name} {')).toBe('} Bob {');
  });

  it('collapses a $${ that substitution creates, as Java replaceAll does on the final text', () => {
    const doc = { workflow: { input: { dollars: '$$' } } };

    const out = resolveParameters({ p: '${workflow.input.dollars}{x}' }, doc);

    expect(out['p']).toBe('${x}');
  });

  it('leaves a whole-string expression result untouched by the $${ rule', () => {
    const doc = { workflow: { input: { raw: 'a$${b}' } } };

    expect(resolveParameters({ p: '${workflow.input.raw}' }, doc)['p']).toBe('a$${b}');
  });

  it('treats a blank path made of tabs and newlines as empty', () => {
    expect(resolveOne('[${\t\n}]')).toBe('[]');
  });

  it('ignores whitespace around a path, as Jayway trims it before compiling', () => {
    expect(resolveOne('${ workflow.input.name}')).toBe('Bob');
    expect(resolveOne('${workflow.input.name  }')).toBe('Bob');
    expect(resolveOne('${\tworkflow.input.name\n}')).toBe('Bob');
  });

  it('does not trim before the secrets check, so a spaced secret is an ordinary (missing) path', () => {
    expect(resolveOne('${ workflow.secrets.k}')).toBeNull();
  });
});

describe('secrets, environment and system parameters', () => {
  it('keeps workflow.secrets expressions literal, also inside text', () => {
    expect(resolveOne('${workflow.secrets.api_key}')).toBe('${workflow.secrets.api_key}');
    expect(resolveOne('Bearer ${workflow.secrets.token} for ${workflow.input.name}')).toBe(
      'Bearer ${workflow.secrets.token} for Bob',
    );
  });

  it('reads workflow.env.NAME from CONDUCTOR_ENV_NAME', () => {
    expect(resolveOne('${workflow.env.REGION}', { env: { CONDUCTOR_ENV_REGION: 'eu-1' } })).toBe('eu-1');
  });

  it('resolves a missing workflow.env variable to null', () => {
    expect(resolveOne('${workflow.env.REGION}')).toBeNull();
    expect(resolveOne('r=${workflow.env.REGION}')).toBe('r=null');
  });

  it('reads a JSON path out of a JSON-valued environment variable', () => {
    const env = { CONDUCTOR_ENV_CFG: '{"db":{"port":5432,"hosts":["a","b"]}}' };

    expect(resolveOne('${workflow.env.CFG.db.port}', { env })).toBe(5432);
    expect(resolveOne('${workflow.env.CFG.db}', { env })).toStrictEqual({ port: 5432, hosts: ['a', 'b'] });
    // json-smart parses objects into LinkedHashMap (Java form) and arrays into JSONArray (JSON form).
    expect(resolveOne('db=${workflow.env.CFG.db}', { env })).toBe('db={port=5432, hosts=["a","b"]}');
    expect(resolveOne('ports=${workflow.env.CFG..port}', { env })).toBe('ports=[5432]');
    expect(resolveOne('${workflow.env.CFG.db.missing}', { env })).toBeNull();
  });

  it('resolves a JSON path into a non-JSON environment value to null', () => {
    expect(resolveOne('${workflow.env.CFG.a}', { env: { CONDUCTOR_ENV_CFG: 'not json' } })).toBeNull();
  });

  it('resolves CPEWF_TASK_ID to the task id when one is given', () => {
    expect(resolveOne('${CPEWF_TASK_ID}', { taskId: 'task-123' })).toBe('task-123');
    expect(resolveOne('id:${CPEWF_TASK_ID}', { taskId: 'task-123' })).toBe('id:task-123');
  });

  it('keeps CPEWF_TASK_ID literal without a task id, while resolving its neighbours', () => {
    expect(resolveOne('${CPEWF_TASK_ID}-${workflow.input.name}')).toBe('${CPEWF_TASK_ID}-Bob');
  });

  it('keeps NETFLIX_ENV literal when the host does not define it', () => {
    expect(resolveOne('${NETFLIX_ENV}')).toBe('${NETFLIX_ENV}');
  });

  it('resolves a host variable named like a path as a system parameter', () => {
    expect(resolveOne('${HOME}')).toBeNull();
    expect(resolveOne('${HOME}', { env: { HOME: '/root' } })).toBe('/root');
    expect(resolveOne('${workflow.input.name}', { env: { 'workflow.input.name': 'host' } })).toBe('host');
  });
});

describe('walking parameter structures', () => {
  it('resolves nested maps and lists and keeps non-string values', () => {
    const params = {
      a: { b: ['${workflow.input.n}', 'x${workflow.input.n}', [true, 1.5, null, { c: '${t1.output.x}' }]] },
      n: 7,
    };

    expect(resolveParameters(params, specDocument())).toStrictEqual({
      a: { b: [5, 'x5', [true, 1.5, null, { c: 42 }]] },
      n: 7,
    });
  });

  it('never evaluates keys', () => {
    expect(resolveParameters({ '${workflow.input.name}': 1 }, specDocument())).toStrictEqual({ '${workflow.input.name}': 1 });
  });

  it('keeps keys whose value resolves to null', () => {
    const out = resolveParameters({ someNullKey: '${workflow.input.missing}' }, specDocument());

    expect(Object.keys(out)).toStrictEqual(['someNullKey']);
    expect(out['someNullKey']).toBeNull();
  });

  it('treats null and undefined params as an empty map', () => {
    expect(resolveParameters(null, specDocument())).toStrictEqual({});
    expect(resolveParameters(undefined, specDocument())).toStrictEqual({});
  });

  it('drops undefined entries like a JSON round trip', () => {
    expect(resolveParameters({ a: undefined, b: [undefined] }, specDocument())).toStrictEqual({ b: [null] });
  });

  it('never aliases objects of the document into the result', () => {
    const doc = specDocument();

    const out = resolveParameters({ obj: '${workflow.input.obj}', items: '${workflow.input.items[*]}' }, doc);
    (out['obj'] as Record<string, unknown>)['a'] = 99;
    ((out['items'] as Record<string, unknown>[])[0] as Record<string, unknown>)['id'] = 99;

    expect(doc.workflow['input']).toMatchObject({ obj: { a: 1, b: 'x' }, items: [{ id: 1 }, { id: 2 }] });
  });

  it('never aliases objects of the params into the result', () => {
    const params = { nested: { list: [1, { a: 1 }] } };

    const out = resolveParameters(params, specDocument());
    ((out['nested'] as { list: unknown[] }).list[1] as Record<string, unknown>)['a'] = 2;

    expect(params.nested.list[1]).toStrictEqual({ a: 1 });
  });

  it('stores a "__proto__" key as data, not as the prototype', () => {
    const params = JSON.parse('{"__proto__": {"polluted": "${workflow.input.name}"}}') as Record<string, unknown>;

    const out = resolveParameters(params, specDocument());

    expect(Object.keys(out)).toStrictEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toStrictEqual({ polluted: 'Bob' });
  });

  it('does not read inherited properties such as constructor', () => {
    expect(resolveOne('${workflow.input.constructor}')).toBeNull();
    expect(resolveOne('${workflow.input.list.length}')).toBeNull();
  });
});

describe('documents built lazily', () => {
  // The engine builds the document as a read-only Proxy over a null-prototype object.
  function lazyDocument(entries: Record<string, Record<string, unknown>>): EvaluationDocument {
    return new Proxy(Object.create(null) as EvaluationDocument, {
      get: (_t, key) => (typeof key === 'string' ? entries[key] : undefined),
      has: (_t, key) => typeof key === 'string' && Object.hasOwn(entries, key),
      ownKeys: () => Object.keys(entries),
      getOwnPropertyDescriptor: (_t, key) =>
        typeof key === 'string' && Object.hasOwn(entries, key)
          ? { value: entries[key], writable: false, enumerable: true, configurable: true }
          : undefined,
    });
  }

  it('resolve simple, filtered and whole-document paths through a Proxy', () => {
    const doc = lazyDocument({ workflow: { input: { n: 1 } }, t1: { output: { items: [{ id: 1 }, { id: 2 }] } } });

    const out = resolveParameters({ n: '${workflow.input.n}', ids: '${t1.output.items[?(@.id > 1)].id}', ws: '${$..n}' }, doc);

    expect(out).toStrictEqual({ n: 1, ids: [2], ws: [1] });
  });
});

describe('the TaskDef inputTemplate (task-input flavour)', () => {
  it('fills keys that are absent or null before evaluation, and evaluates them', () => {
    const inputTemplate = { a: '${workflow.input.name}', b: 'tb', c: 'tc' };

    const out = resolveParameters({ b: null, c: 'own' }, specDocument(), { inputTemplate });

    expect(out).toStrictEqual({ a: 'Bob', b: 'tb', c: 'own' });
  });

  it('replaces a null result by the raw, unevaluated template value', () => {
    const inputTemplate = { x: '${workflow.input.alsoMissing}' };

    const out = resolveParameters({ x: '${workflow.input.missing}' }, specDocument(), { inputTemplate });

    expect(out).toStrictEqual({ x: '${workflow.input.alsoMissing}' });
  });

  it('leaves null results null for keys the template does not have', () => {
    const out = resolveParameters({ y: '${workflow.input.missing}' }, specDocument(), { inputTemplate: { x: 1 } });

    expect(out).toStrictEqual({ y: null, x: 1 });
  });

  it('copies template values so the result does not alias the template', () => {
    const inputTemplate = { obj: { deep: [1] } };

    const out = resolveParameters({}, specDocument(), { inputTemplate });
    ((out['obj'] as { deep: number[] }).deep).push(2);

    expect(inputTemplate.obj.deep).toStrictEqual([1]);
  });
});

describe('resolveValue', () => {
  it('resolves a lone expression to its typed value', () => {
    expect(resolveValue('${workflow.input.list}', specDocument())).toStrictEqual([1, 2, 3]);
  });

  it('resolves lists element by element', () => {
    expect(resolveValue(['${workflow.input.n}', 'a'], specDocument())).toStrictEqual([5, 'a']);
  });

  it('returns null for undefined and numbers unchanged', () => {
    expect(resolveValue(undefined, specDocument())).toBeNull();
    expect(resolveValue(3, specDocument())).toBe(3);
  });
});

describe('substituteSecrets (hand-off copy of a task input)', () => {
  const env = {
    CONDUCTOR_SECRET_token: 't0k$1',
    CONDUCTOR_SECRET_cfg: '{"a":1,"list":[1,"b/c"],"obj":{"k":"v"}}',
  };

  it('replaces a whole-string reference by the raw secret, and a missing one by null', () => {
    expect(substituteSecrets({ a: '${workflow.secrets.token}', b: '${workflow.secrets.nope}' }, { env })).toStrictEqual({
      a: 't0k$1',
      b: null,
    });
  });

  it('splices references into text, a missing one as the empty string', () => {
    const out = substituteSecrets({ h: 'Bearer ${workflow.secrets.token}|${workflow.secrets.nope}|' }, { env });

    expect(out['h']).toBe('Bearer t0k$1||');
  });

  it('reads a JSON path from a JSON secret, typed when whole, Java/JSON text when embedded', () => {
    const out = substituteSecrets(
      { a: '${workflow.secrets.cfg.a}', list: '${workflow.secrets.cfg.list}', text: 'o=${workflow.secrets.cfg.obj} l=${workflow.secrets.cfg.list}' },
      { env },
    );

    expect(out).toStrictEqual({ a: 1, list: [1, 'b/c'], text: 'o={k=v} l=[1,"b\\/c"]' });
  });

  it('walks nested maps and lists and leaves other strings and values alone', () => {
    const input = { n: 1, deep: [{ s: '${workflow.secrets.token}' }, 'plain', null], lit: '${workflow.input.x}' };

    expect(substituteSecrets(input, { env })).toStrictEqual({ n: 1, deep: [{ s: 't0k$1' }, 'plain', null], lit: '${workflow.input.x}' });
  });

  it('does not treat an empty name as a reference', () => {
    expect(substituteSecrets({ a: 'x${workflow.secrets.}y' }, { env })).toStrictEqual({ a: 'x${workflow.secrets.}y' });
  });

  it('leaves the input unchanged and shares no object with it', () => {
    const input = { deep: { s: '${workflow.secrets.token}' } };

    const out = substituteSecrets(input, { env });

    expect(input.deep.s).toBe('${workflow.secrets.token}');
    expect(out['deep']).not.toBe(input.deep);
  });
});

describe('misuse', () => {
  it('throws a UsageError for params that are not a plain object', () => {
    const call = (): unknown => resolveParameters([] as never, specDocument());

    expect(call).toThrowError(/params must be a plain object/);
    try {
      call();
    } catch (error) {
      expect(isTestkitError(error) && error.code).toBe('USAGE');
    }
  });

  it('throws a UsageError naming the parameter that holds a non-JSON value', () => {
    expect(() => resolveParameters({ a: { b: [() => 1] } }, specDocument())).toThrowError(
      'parameter a.b[0] holds function, which is not a JSON value. Parameters must be JSON (string, number, boolean, null, array, plain object).',
    );
  });

  it('throws a UsageError when the document is not an object', () => {
    expect(() => resolveParameters({}, null as never)).toThrowError(/document must be an object/);
  });
});

describe('structures without expressions', () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.string().map((s) => s.replaceAll('${', '{')),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
    ),
  }));

  it('resolve to an equal deep copy', () => {
    // Property: a parameter map with no "${" anywhere resolves to a structurally equal map that
    // shares no object with the input.
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json.value, { maxKeys: 5 }), (params) => {
        const out = resolveParameters(params, specDocument());

        // toEqual, not toStrictEqual: fast-check builds maps with a "__proto__" key on a null
        // prototype, while the resolver always returns ordinary objects.
        expect(out).toEqual(params);
        expectNoSharedObjects(out, params);
      }),
      { seed: testSeed, numRuns: 200 },
    );
  });
});

function expectNoSharedObjects(a: unknown, b: unknown): void {
  if (typeof a !== 'object' || a === null) return;
  expect(a).not.toBe(b);
  if (Array.isArray(a) && Array.isArray(b)) a.forEach((item, i) => expectNoSharedObjects(item, b[i]));
  else for (const key of Object.keys(a)) expectNoSharedObjects((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
}
