import fc from 'fast-check';
import { describe, it, expect } from 'vitest';

import { jsonSchemaArbitrary } from '../../src/explore/index.js';
import { testSeed } from '../support/seed.js';

const order = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { enum: ['retail', 'b2b'] },
    qty: { type: 'integer', minimum: 1, maximum: 9 },
    price: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
    tags: { type: 'array', items: { type: 'string', maxLength: 3 }, maxItems: 2 },
    note: { type: ['string', 'null'] },
    address: { $ref: '#/$defs/address' },
  },
  required: ['id', 'kind', 'qty', 'price', 'address'],
  $defs: { address: { type: 'object', properties: { zip: { type: 'string', pattern: '^[0-9]{5}$' } }, required: ['zip'] } },
};

describe('jsonSchemaArbitrary', () => {
  it('generates values valid for the schema', () => {
    // Property: required keys exist; enum, bounds, lengths, formats, patterns and $ref hold.
    fc.assert(
      fc.property(jsonSchemaArbitrary(order), (value) => {
        const v = value as Record<string, unknown>;
        expect(typeof v['id'] === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v['id'])).toBe(true);
        expect(['retail', 'b2b']).toContain(v['kind']);
        expect(Number.isInteger(v['qty']) && (v['qty'] as number) >= 1 && (v['qty'] as number) <= 9).toBe(true);
        expect(typeof v['price'] === 'number' && v['price'] > 0 && v['price'] <= 100).toBe(true);
        if ('tags' in v) expect(Array.isArray(v['tags']) && v['tags'].length <= 2 && v['tags'].every((t: unknown) => typeof t === 'string' && t.length <= 3)).toBe(true);
        if ('note' in v) expect(v['note'] === null || typeof v['note'] === 'string').toBe(true);
        expect(/^[0-9]{5}$/.test((v['address'] as { zip: string }).zip)).toBe(true);
      }),
      { seed: testSeed, numRuns: 200 },
    );
  });

  it("unwraps Conductor's SchemaDef ({ name, type: 'JSON', data })", () => {
    const values = fc.sample(jsonSchemaArbitrary({ name: 'flag', type: 'JSON', data: { const: 'on' } }), { seed: 1, numRuns: 5 });

    expect(values).toEqual(['on', 'on', 'on', 'on', 'on']);
  });

  it('shrinks an object towards its required keys', () => {
    const result = fc.check(
      fc.property(jsonSchemaArbitrary({ type: 'object', properties: { a: { type: 'integer', minimum: 0, maximum: 50 }, b: { type: 'string' } }, required: ['a'] }), (v) => (v as { a: number }).a < 10),
      { seed: 7, numRuns: 200 },
    );

    expect(result.counterexample?.[0]).toEqual({ a: 10 });
  });
});
