import { describe, expect, it } from 'vitest';
import { readPath } from '../../src/expressions/index.js';

// Expected values below were produced by Jayway json-path 2.4.0 + json-smart 2.3 (the versions
// Conductor declares) reading the same document with SUPPRESS_EXCEPTIONS, then pinned here.
function store(): Record<string, unknown> {
  return {
    store: {
      book: [
        { category: 'reference', author: 'Nigel', title: 'Sayings', price: 8.95 },
        { category: 'fiction', author: 'Evelyn', title: 'Sword', price: 12.99 },
        { category: 'fiction', author: 'Herman', title: 'Moby', isbn: '0-553', price: 8.99 },
        { category: 'fiction', author: 'Tolkien', title: 'LOTR', isbn: '0-395', price: 22.99 },
      ],
      bicycle: { color: 'red', price: 19.95 },
    },
    list: [1, 2, 3, 4, 5],
    neg: [-5, -2],
    empty: [],
    'dotted.key': 'dk',
    nul: null,
    name: 'Bob',
    tags: ['a', 'b'],
    num: { '2': { x: 7 } },
  };
}

type Row = readonly [path: string, expected: unknown];

function table(rows: readonly Row[]): void {
  it.each(rows)('reads %s as %j', (path, expected) => {
    expect(readPath(store(), path)).toStrictEqual(expected);
  });
}

describe('definite paths', () => {
  table([
    ['store.book[0].title', 'Sayings'],
    ['$.store.book[-1].title', 'LOTR'],
    ['store.book[9].title', null],
    ["store['bicycle']['color']", 'red'],
    ["['dotted.key']", 'dk'],
    ['dotted.key', null],
    ['num.2.x', 7],
    ['nul', null],
    ['nul.x', null],
    ['name.x', null],
    ['name[0]', null],
    ['missing.length()', null],
  ]);

  it('merges several bracketed names at the end of a path into one map of those present', () => {
    expect(readPath(store(), "store.bicycle['color','price']")).toStrictEqual({ color: 'red', price: 19.95 });
    expect(readPath(store(), "store.bicycle['color','nope']")).toStrictEqual({ color: 'red' });
  });

  it('reads the whole document for "$"', () => {
    expect(readPath(store(), '$')).toStrictEqual(store());
  });
});

describe('slices and index lists', () => {
  table([
    ['list[1:3]', [2, 3]],
    ['list[-2:]', [4, 5]],
    ['list[:2]', [1, 2]],
    ['list[:-2]', [1, 2, 3]],
    ['list[2:]', [3, 4, 5]],
    ['list[0,2,9]', [1, 3]],
    ['list[0:2:9]', [1, 2]],
  ]);

  // Jayway 2.4.0 does not normalise a negative start in [a:b]; it walks -2, -1, 0, 1.
  it('reproduces Jayway 2.4.0 reading [-2:2] as the last two then the first two elements', () => {
    expect(readPath(store(), 'list[-2:2]')).toStrictEqual([4, 5, 1, 2]);
  });
});

describe('wildcards and deep scan', () => {
  table([
    ['store.book[*].author', ['Nigel', 'Evelyn', 'Herman', 'Tolkien']],
    ['store.*.color', ['red']],
    ['store..price', [8.95, 12.99, 8.99, 22.99, 19.95]],
    ['store.book..isbn', ['0-553', '0-395']],
    ['store..book[0].title', ['Sayings']],
    ['name[*]', []],
    ['missing[*]', []],
    ['store.book[?(@.price > 1)].missing', []],
  ]);

  it('treats a path starting with ".." as invalid, because "$." is put in front of it', () => {
    expect(readPath(store(), '..author')).toBeNull();
  });
});

describe('filters', () => {
  table([
    ['store.book[?(@.price < 10)].title', ['Sayings', 'Moby']],
    ["store.book[?(@.price < 10 && @.category == 'fiction')].title", ['Moby']],
    ["store.book[?(@.category == 'reference' || @.price > 20)].title", ['Sayings', 'LOTR']],
    ['store.book[?(!@.isbn)].title', ['Sayings', 'Sword']],
    ['store.book[?(@.author =~ /.*el.*/i)].title', ['Sayings', 'Sword']],
    ['store.book[?(@.author =~ /nigel/)].title', []],
    ["store.book[?(@.category in ['reference','x'])].title", ['Sayings']],
    ["store.book[?(@.category nin ['fiction'])].title", ['Sayings']],
    ['store.book[?(@.price > $.store.bicycle.price)].title', ['LOTR']],
    ['store.book[?(@.title size 4)].title', ['Moby', 'LOTR']],
    ["store.book[?(@.isbn != '0-553')].title", ['Sayings', 'Sword', 'LOTR']],
  ]);

  it('compares a number with a numeric string as equal, but not with the type-safe ===', () => {
    expect(readPath(store(), "store.book[?(@.price == '8.95')].title")).toStrictEqual(['Sayings']);
    expect(readPath(store(), "store.book[?(@.price === '8.95')].title")).toStrictEqual([]);
  });

  it('never matches a missing property, not even against null', () => {
    expect(readPath(store(), 'store.book[?(@.missing == null)].title')).toStrictEqual([]);
  });

  it('applies a filter to a map as a whole', () => {
    expect(readPath(store(), "store.bicycle[?(@.color == 'red')].price")).toStrictEqual([19.95]);
  });

  it('does not execute JavaScript written in a filter', () => {
    const doc = { list: [{ a: 1 }] };

    // Not valid filter syntax, so the whole path is invalid (null), and nothing ran.
    expect(readPath(doc, '$.list[?(@.a == (function(){ globalThis.hacked = 1; return 1; })())]')).toBeNull();
    expect((globalThis as { hacked?: unknown }).hacked).toBeUndefined();
  });
});

describe('functions', () => {
  table([
    ['list.length()', 5],
    ['store.book.length()', 4],
    ['store.bicycle.length()', 2],
    ['list.sum()', 15],
    ['list.avg()', 3],
    ['list.min()', 1],
    ['list.max()', 5],
    ['list.stddev()', 1.4142135623730951],
    ['list.sum(10)', 25],
    ['tags.concat()', 'ab'],
  ]);

  it('gives null for length() of a string (json-path 2.4.0 counts only lists and maps)', () => {
    expect(readPath(store(), 'name.length()')).toBeNull();
  });

  // Jayway 2.4.0's max() starts at Double.MIN_VALUE, the smallest positive double.
  it('reproduces max() of negative numbers returning the smallest positive double', () => {
    expect(readPath(store(), 'neg.max()')).toBe(Number.MIN_VALUE);
  });

  it('gives null for an aggregation over an empty list', () => {
    expect(readPath(store(), 'empty.sum()')).toBeNull();
  });

  it('applies a function after a wildcard to each element (so sum() of numbers fails → [])', () => {
    expect(readPath(store(), 'store.book[*].price.sum()')).toStrictEqual([]);
  });

  it('gives null for an unknown function', () => {
    expect(readPath(store(), 'list.nosuchfn()')).toBeNull();
  });
});

describe('invalid paths', () => {
  table([
    ['workflow.input.n + 1', null],
    ['a b', null],
    ['list.', null],
    ['foo()', null],
  ]);

  // The last character is never read when a token ends one before it ("currentIsTail").
  it('reproduces Jayway ignoring a dangling last character after a complete token', () => {
    expect(readPath(store(), 'list[')).toStrictEqual([1, 2, 3, 4, 5]);
    expect(readPath(store(), 'list[0]x')).toBe(1);
  });
});

describe('results', () => {
  it('are deep copies that share nothing with the document', () => {
    const doc = store();

    const books = readPath(doc, 'store.book') as Record<string, unknown>[];
    (books[0] as Record<string, unknown>)['title'] = 'changed';

    expect(readPath(doc, 'store.book[0].title')).toBe('Sayings');
  });

  it('read paths on any JSON value, not only maps', () => {
    expect(readPath([10, 20], '$[1]')).toBe(20);
    expect(readPath('text', '$.x')).toBeNull();
  });
});
