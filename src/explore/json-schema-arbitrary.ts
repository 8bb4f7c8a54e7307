/**
 * fast-check arbitraries from the JSON Schemas Conductor attaches to definitions
 * (`WorkflowDef.inputSchema`, `TaskDef.outputSchema`: a `SchemaDef` whose `data` is the schema;
 * common/.../metadata/SchemaDef.java). Built from combinators only (`fc.record`, `fc.constantFrom`,
 * `fc.array`, `fc.oneof`), so a failing value shrinks field by field (STYLE 7.4).
 *
 * Supported: `type` (one or a list), `enum`, `const`, `properties` + `required`, `items`,
 * `minItems`/`maxItems`, `minimum`/`maximum` (and the exclusive forms), `minLength`/`maxLength`,
 * `pattern`, `format` (`email`, `uuid`, `date-time`, `date`), `oneOf`/`anyOf`, `allOf` of objects,
 * local `$ref` (`#/definitions/…`, `#/$defs/…`). Anything else generates any small JSON value.
 * Why hand-written: see docs/decisions/explore.md (the published converters target fast-check 1–3).
 */
import fc from 'fast-check';
import type { JsonObject, SchemaDef } from '../definitions/index.js';

/** Options of {@link jsonSchemaArbitrary}. */
export interface JsonSchemaArbitraryOptions {
  /** Longest generated arrays when the schema sets no `maxItems`. @defaultValue 3 */
  readonly maxItems?: number;
  /** Deepest `$ref` / nesting followed before generating `null`. @defaultValue 6 */
  readonly maxDepth?: number;
}

type Schema = Readonly<Record<string, unknown>>;

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -100, max: 100 }),
  fc.string({ maxLength: 8 }),
);

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isSchema(node)) return undefined;
    node = node[key];
  }
  return isSchema(node) ? node : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringArbitrary(schema: Schema): fc.Arbitrary<unknown> {
  const format = schema['format'];
  if (format === 'email') return fc.emailAddress();
  if (format === 'uuid') return fc.uuid();
  if (format === 'date-time' || format === 'date') {
    const dates = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString());
    return format === 'date' ? dates.map((s) => s.slice(0, 10)) : dates;
  }
  if (typeof schema['pattern'] === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema['pattern']));
    } catch {
      // An invalid pattern falls back to plain strings.
    }
  }
  const minLength = num(schema['minLength']) ?? 0;
  const maxLength = num(schema['maxLength']) ?? Math.max(minLength, 8);
  return fc.string({ minLength, maxLength });
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<unknown> {
  let min = num(schema['minimum']);
  let max = num(schema['maximum']);
  const exMin = num(schema['exclusiveMinimum']);
  const exMax = num(schema['exclusiveMaximum']);
  if (exMin !== undefined) min = integer ? Math.floor(exMin) + 1 : exMin + 0.01;
  if (exMax !== undefined) max = integer ? Math.ceil(exMax) - 1 : exMax - 0.01;
  if (integer) return fc.integer({ min: Math.ceil(min ?? -1000), max: Math.floor(max ?? 1000) });
  const lo = min ?? -1000;
  const hi = max ?? 1000;
  // Cents rather than arbitrary doubles: amounts read back the way people write them.
  return fc.integer({ min: Math.ceil(lo * 100), max: Math.floor(hi * 100) }).map((c) => c / 100);
}

function build(schema: Schema, root: Schema, depth: number, options: Required<JsonSchemaArbitraryOptions>): fc.Arbitrary<unknown> {
  if (depth > options.maxDepth) return fc.constant(null);
  if (typeof schema['$ref'] === 'string') {
    const target = resolveRef(root, schema['$ref']);
    return target === undefined ? anyJson : build(target, root, depth + 1, options);
  }
  if ('const' in schema) return fc.constant(schema['const']);
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return fc.constantFrom(...(schema['enum'] as unknown[]));
  const alternatives = (Array.isArray(schema['oneOf']) ? schema['oneOf'] : Array.isArray(schema['anyOf']) ? schema['anyOf'] : undefined) as unknown[] | undefined;
  if (alternatives !== undefined && alternatives.length > 0) {
    return fc.oneof(...alternatives.filter(isSchema).map((s) => build(s, root, depth + 1, options)));
  }
  if (Array.isArray(schema['allOf']) && schema['allOf'].length > 0) {
    const parts = (schema['allOf'] as unknown[]).filter(isSchema).map((s) => build(s, root, depth + 1, options));
    return fc.tuple(...parts).map((values) =>
      values.every((v) => isSchema(v)) ? Object.assign({}, ...(values as object[])) : values[values.length - 1],
    );
  }
  const rawType = schema['type'];
  const types = Array.isArray(rawType) ? (rawType as unknown[]).filter((t): t is string => typeof t === 'string') : typeof rawType === 'string' ? [rawType] : [];
  if (types.length === 0 && isSchema(schema['properties'])) types.push('object');
  if (types.length === 0 && schema['items'] !== undefined) types.push('array');
  if (types.length === 0) return anyJson;
  const arbs = types.map((type) => buildType(type, schema, root, depth, options));
  return arbs.length === 1 ? (arbs[0] as fc.Arbitrary<unknown>) : fc.oneof(...arbs);
}

function buildType(type: string, schema: Schema, root: Schema, depth: number, options: Required<JsonSchemaArbitraryOptions>): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = isSchema(schema['items']) ? build(schema['items'], root, depth + 1, options) : anyJson;
      const minLength = num(schema['minItems']) ?? 0;
      const maxLength = num(schema['maxItems']) ?? Math.max(minLength, options.maxItems);
      return fc.array(items, { minLength, maxLength });
    }
    case 'object': {
      const props = isSchema(schema['properties']) ? schema['properties'] : {};
      const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]).filter((k): k is string => typeof k === 'string') : [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, sub] of Object.entries(props)) model[key] = isSchema(sub) ? build(sub, root, depth + 1, options) : anyJson;
      // Required keys missing from `properties` still appear, with any value.
      for (const key of required) if (!(key in model)) model[key] = anyJson;
      return fc.record(model, { requiredKeys: required.filter((k) => k in model) });
    }
    default:
      return anyJson;
  }
}

/**
 * An arbitrary of values valid for a JSON Schema (the subset listed in the module comment).
 * Accepts the schema itself or Conductor's `SchemaDef` wrapper (`{ name, type: 'JSON', data }`).
 *
 * @example
 * fc.sample(jsonSchemaArbitrary({ type: 'object', properties: { qty: { type: 'integer', minimum: 1 } }, required: ['qty'] }), 1);
 */
export function jsonSchemaArbitrary(schema: SchemaDef | JsonObject, options: JsonSchemaArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const data = isSchema((schema as SchemaDef).data) && (typeof (schema as SchemaDef).type === 'string' || typeof (schema as SchemaDef).name === 'string')
    ? ((schema as SchemaDef).data as Schema)
    : (schema as Schema);
  const resolved: Required<JsonSchemaArbitraryOptions> = { maxItems: options.maxItems ?? 3, maxDepth: options.maxDepth ?? 6 };
  return build(data, data, 0, resolved);
}
