/**
 * Evaluates compiled JSONPaths over plain JS data with the semantics of Jayway json-path 2.4.0
 * and its json-smart provider: `internal/path/*PathToken.java` (definite vs indefinite, what a
 * missing or wrongly typed value does), `ScanPathToken.java` (deep scan), `PredicatePathToken`
 * and `internal/filter/EvaluatorFactory.java` + `ValueNode.java` (filters), and
 * `internal/function/**` (functions). A plain object stands for a Java Map, an array for a List.
 */
import type { CompiledPath, FilterExpression, FunctionParam, RelationalOperator, ValueNode } from './jsonpath-ast.js';
import { compilePath } from './jsonpath-compiler.js';
import { formatJavaNumber, isPlainObject, javaToString } from './java-format.js';
import { PathFailure, failureOf, pathError } from './jsonpath-text.js';

/** Jayway `Option`s that change evaluation. */
interface EvalOptions {
  /** `SUPPRESS_EXCEPTIONS`: Conductor's configuration. */
  readonly suppress: boolean;
  /** `REQUIRE_PROPERTIES`: only used by filter existence checks. */
  readonly requireProperties: boolean;
}

const CONDUCTOR_OPTIONS: EvalOptions = { suppress: true, requireProperties: false };
const PLAIN_OPTIONS: EvalOptions = { suppress: false, requireProperties: false };
const EXISTS_OPTIONS: EvalOptions = { suppress: false, requireProperties: true };

/** Outcome of one read: the value, and how Java would print it when spliced into text. */
export interface PathRead {
  readonly value: unknown;
  /** The path was indefinite: the value is a json-smart `JSONArray` (prints as compact JSON). */
  readonly indefinite: boolean;
  /** The value is a Java Double produced by a function (`sum()`, `avg()`…): prints `6.0`. */
  readonly double: boolean;
  /** For indefinite reads: positions in the result list that hold such function doubles. */
  readonly doubleIndexes?: readonly number[];
}

const NULL_READ: PathRead = { value: null, indefinite: false, double: false };

function isMap(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value);
}

function hasEntry(map: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(map, key) && map[key] !== undefined;
}

class Context {
  readonly results: unknown[] = [];
  /** Result positions that hold function-produced doubles. */
  readonly doubles: number[] = [];

  constructor(
    readonly path: CompiledPath,
    readonly root: unknown,
    readonly options: EvalOptions,
  ) {}

  add(value: unknown, isDouble = false): void {
    if (isDouble) this.doubles.push(this.results.length);
    this.results.push(value === undefined ? null : value);
  }

  isLeaf(i: number): boolean {
    return i === this.path.tokens.length - 1;
  }

  /** The last result is a function-produced double. */
  lastIsDouble(): boolean {
    return this.doubles.length > 0 && this.doubles[this.doubles.length - 1] === this.results.length - 1;
  }

  /** `EvaluationContextImpl.getValue`: last result of a definite path, all results otherwise. */
  value(): unknown {
    if (!this.path.definite) return this.results;
    if (this.results.length === 0) {
      throw pathError(PathFailure.NOT_FOUND, `No results for path: ${this.path.source}`, this.path.source);
    }
    return this.results[this.results.length - 1];
  }
}

/** Runs a compiled path over `model` (the root document is `root`). */
function run(path: CompiledPath, model: unknown, root: unknown, options: EvalOptions): Context {
  const ctx = new Context(path, root, options);
  if (path.tokens.length === 0) ctx.add(model);
  else step(ctx, 0, model);
  return ctx;
}

/** Continue after token i with `value`: record it at the leaf, else evaluate the next token. */
function next(ctx: Context, i: number, value: unknown): void {
  if (ctx.isLeaf(i)) ctx.add(value);
  else step(ctx, i + 1, value);
}

function step(ctx: Context, i: number, model: unknown): void {
  const token = ctx.path.tokens[i];
  if (token === undefined) return;
  switch (token.kind) {
    case 'property': {
      if (!isMap(model)) {
        if (!ctx.path.upstreamDefinite[i]) return;
        throw pathError(PathFailure.NOT_FOUND, `Expected to find an object with property ${token.names.join(',')}`, ctx.path.source);
      }
      if (token.names.length === 1 || ctx.isLeaf(i)) {
        objectProperty(ctx, i, model, token.names);
      } else {
        for (const name of token.names) objectProperty(ctx, i, model, [name]);
      }
      return;
    }
    case 'wildcard': {
      if (isMap(model)) {
        for (const key of Object.keys(model)) objectProperty(ctx, i, model, [key]);
      } else if (Array.isArray(model)) {
        for (let idx = 0; idx < model.length; idx++) {
          try {
            arrayIndex(ctx, i, model, idx);
          } catch (error) {
            if (failureOf(error) !== PathFailure.NOT_FOUND || ctx.options.requireProperties) throw error;
          }
        }
      }
      return;
    }
    case 'index': {
      if (!checkArray(ctx, i, model)) return;
      for (const idx of token.indexes) arrayIndex(ctx, i, model, idx);
      return;
    }
    case 'slice': {
      if (!checkArray(ctx, i, model)) return;
      slice(ctx, i, model, token.from, token.to);
      return;
    }
    case 'filter': {
      if (isMap(model)) {
        if (accept(ctx, token.predicate, model)) next(ctx, i, model);
      } else if (Array.isArray(model)) {
        for (let idx = 0; idx < model.length; idx++) {
          if (accept(ctx, token.predicate, model[idx])) arrayIndex(ctx, i, model, idx);
        }
      } else if (ctx.path.upstreamDefinite[i]) {
        throw pathError(PathFailure.INVALID_PATH, 'Filter can not be applied to primitives', ctx.path.source);
      }
      return;
    }
    case 'scan': {
      // A path never ends with "..", so a token always follows the scan.
      walk(ctx, i + 1, model);
      return;
    }
    case 'function': {
      const fn = FUNCTIONS.get(token.name);
      if (fn === undefined) {
        throw pathError(PathFailure.INVALID_PATH, `Function with name: ${token.name} does not exist.`, ctx.path.source);
      }
      const result = fn(model, token.params, ctx);
      ctx.add(result.value, result.double);
      if (!ctx.isLeaf(i)) step(ctx, i + 1, result.value);
      return;
    }
  }
}

/** `PathToken.handleObjectProperty`. */
function objectProperty(ctx: Context, i: number, model: Record<string, unknown>, names: readonly string[]): void {
  const { suppress, requireProperties } = ctx.options;
  if (names.length === 1) {
    const name = names[0] as string;
    if (!hasEntry(model, name)) {
      if (ctx.isLeaf(i)) {
        if (suppress || !requireProperties) return;
        throw pathError(PathFailure.NOT_FOUND, `No results for path: ['${name}']`, ctx.path.source);
      }
      const definiteHere = ctx.path.upstreamDefinite[i] === true && ctx.path.tokenDefinite[i] === true;
      if ((!definiteHere && !requireProperties) || suppress) return;
      throw pathError(PathFailure.NOT_FOUND, `Missing property in path ['${name}']`, ctx.path.source);
    }
    next(ctx, i, model[name]);
    return;
  }
  // Several properties at the leaf: one merged map of those present.
  const merged: Record<string, unknown> = {};
  for (const name of names) {
    if (hasEntry(model, name)) {
      setOwn(merged, name, model[name]);
    } else if (requireProperties) {
      throw pathError(PathFailure.NOT_FOUND, `Missing property in path ['${name}']`, ctx.path.source);
    }
  }
  ctx.add(merged);
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `PathToken.handleArrayIndex`: negative indexes count from the end; out of range is skipped. */
function arrayIndex(ctx: Context, i: number, model: unknown[], index: number): void {
  const effective = index < 0 ? model.length + index : index;
  if (effective < 0 || effective >= model.length) return;
  next(ctx, i, model[effective]);
}

/** `ArrayPathToken.checkArrayModel`. */
function checkArray(ctx: Context, i: number, model: unknown): model is unknown[] {
  if (Array.isArray(model)) return true;
  if (!ctx.path.upstreamDefinite[i]) return false;
  throw pathError(PathFailure.NOT_FOUND, 'Filter can only be applied to arrays', ctx.path.source);
}

/** `ArrayPathToken.slice*`, including Jayway's unnormalised negative start in `[a:b]`. */
function slice(ctx: Context, i: number, model: unknown[], from: number | undefined, to: number | undefined): void {
  const length = model.length;
  if (from !== undefined && to === undefined) {
    let start = from < 0 ? length + from : from;
    start = Math.max(0, start);
    if (length === 0 || start >= length) return;
    for (let k = start; k < length; k++) arrayIndex(ctx, i, model, k);
  } else if (from !== undefined && to !== undefined) {
    const end = Math.min(length, to);
    if (from >= end || length === 0) return;
    for (let k = from; k < end; k++) arrayIndex(ctx, i, model, k);
  } else if (to !== undefined) {
    if (length === 0) return;
    let end = to < 0 ? length + to : to;
    end = Math.min(length, end);
    for (let k = 0; k < end; k++) arrayIndex(ctx, i, model, k);
  }
}

// --- deep scan (`ScanPathToken`) -----------------------------------------------------------

function walk(ctx: Context, j: number, model: unknown): void {
  if (isMap(model)) {
    if (scanMatches(ctx, j, model)) step(ctx, j, model);
    for (const key of Object.keys(model)) {
      const value = model[key];
      if (value !== undefined) walk(ctx, j, value);
    }
  } else if (Array.isArray(model)) {
    if (scanMatches(ctx, j, model)) {
      if (ctx.isLeaf(j)) {
        step(ctx, j, model);
      } else {
        // Jayway evaluates the token *after* the target on each element here (so `..[0].x`
        // ignores the index); kept for fidelity.
        for (const element of model) step(ctx, j + 1, element);
      }
    }
    for (const element of model) walk(ctx, j, element);
  }
}

function scanMatches(ctx: Context, j: number, model: unknown): boolean {
  const token = ctx.path.tokens[j];
  switch (token?.kind) {
    case 'property':
      if (!isMap(model)) return false;
      if (!ctx.path.tokenDefinite[j]) return true;
      return token.names.every((name) => hasEntry(model, name));
    case 'index':
    case 'slice':
      return Array.isArray(model);
    case 'wildcard':
      return true;
    case 'filter':
      return accept(ctx, token.predicate, model);
    default:
      return false;
  }
}

// --- functions (2.4.0 set: avg stddev sum min max concat length size append) ----------------

interface FunctionResult {
  readonly value: unknown;
  readonly double: boolean;
}

type PathFunction = (model: unknown, params: readonly FunctionParam[], ctx: Context) => FunctionResult;

function paramValue(param: FunctionParam, ctx: Context): unknown {
  if (param.kind === 'json') {
    if (param.error !== undefined) throw pathError(PathFailure.OTHER, param.error, ctx.path.source);
    return param.value;
  }
  // PathLateBindingValue: evaluated against the root document with the same options.
  return run(param.path, ctx.root, ctx.root, ctx.options).value();
}

function aggregate(
  start: () => { next: (n: number) => void; value: () => number },
): PathFunction {
  return (model, params, ctx) => {
    const acc = start();
    let count = 0;
    if (Array.isArray(model)) {
      for (const item of model) {
        if (typeof item === 'number') {
          count++;
          acc.next(item);
        }
      }
    }
    for (const param of params) {
      const value = paramValue(param, ctx);
      if (typeof value === 'number') {
        count++;
        acc.next(value);
      }
    }
    if (count === 0) {
      throw pathError(PathFailure.OTHER, 'Aggregation function attempted to calculate value using empty array', ctx.path.source);
    }
    return { value: acc.value(), double: true };
  };
}

/** Java's Double.MIN_VALUE, the (buggy) starting value of Jayway 2.4.0's `max()`. */
const JAVA_DOUBLE_MIN_VALUE = Number.MIN_VALUE;

const FUNCTIONS: ReadonlyMap<string, PathFunction> = new Map<string, PathFunction>([
  [
    'avg',
    aggregate(() => {
      let sum = 0;
      let count = 0;
      return { next: (n) => ((sum += n), count++), value: () => (count !== 0 ? sum / count : 0) };
    }),
  ],
  [
    'stddev',
    aggregate(() => {
      let sum = 0;
      let sumSq = 0;
      let count = 0;
      return {
        next: (n) => ((sum += n), (sumSq += n * n), count++),
        value: () => Math.sqrt(sumSq / count - (sum * sum) / count / count),
      };
    }),
  ],
  [
    'sum',
    aggregate(() => {
      let sum = 0;
      return { next: (n) => (sum += n), value: () => sum };
    }),
  ],
  [
    'min',
    aggregate(() => {
      let min = Number.MAX_VALUE;
      return { next: (n) => (min > n ? (min = n) : min), value: () => min };
    }),
  ],
  [
    'max',
    // Conductor's Jayway 2.4.0 starts max() at Double.MIN_VALUE (the smallest *positive*
    // double), so the max of only negative numbers is 4.9E-324. Kept for fidelity.
    aggregate(() => {
      let max = JAVA_DOUBLE_MIN_VALUE;
      return { next: (n) => (max < n ? (max = n) : max), value: () => max };
    }),
  ],
  [
    'concat',
    (model, params, ctx) => {
      let out = '';
      if (Array.isArray(model)) for (const item of model) if (typeof item === 'string') out += item;
      for (const param of params) {
        const value = paramValue(param, ctx);
        if (value !== null && value !== undefined) out += javaToString(value);
      }
      return { value: out, double: false };
    },
  ],
  ['length', (model) => ({ value: lengthOf(model), double: false })],
  ['size', (model) => ({ value: lengthOf(model), double: false })],
  [
    'append',
    // Divergence: Jayway appends to the document's own list (mutating workflow data); we
    // return a new list and leave the document untouched.
    (model, params, ctx) => {
      if (!Array.isArray(model)) return { value: model, double: false };
      const out = [...model];
      for (const param of params) out.push(paramValue(param, ctx));
      return { value: out, double: false };
    },
  ],
]);

/** Jayway 2.4.0 `Length`: arrays and maps only; anything else (strings too) gives null. */
function lengthOf(model: unknown): number | null {
  if (Array.isArray(model)) return model.length;
  if (isMap(model)) return Object.keys(model).length;
  return null;
}

// --- filters (`PredicatePathToken.accept`, `EvaluatorFactory`, `ValueNode`) ------------------

/** A filter operand after evaluation. */
type Operand =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'json'; readonly value: unknown; readonly error: string | undefined }
  | { readonly kind: 'pattern'; readonly regex: RegExp; readonly source: string }
  | { readonly kind: 'undefined' }
  /** A list element Jayway turns into a path or unparsed JSON node: equal to nothing. */
  | { readonly kind: 'opaque' };

const UNDEFINED: Operand = { kind: 'undefined' };
const TRUE: Operand = { kind: 'boolean', value: true };
const FALSE: Operand = { kind: 'boolean', value: false };

function accept(ctx: Context, predicate: FilterExpression, item: unknown): boolean {
  try {
    return applyFilter(ctx, predicate, item);
  } catch (error) {
    if (failureOf(error) === PathFailure.INVALID_PATH) return false;
    throw error;
  }
}

function applyFilter(ctx: Context, expression: FilterExpression, item: unknown): boolean {
  switch (expression.kind) {
    case 'or':
      return expression.operands.some((op) => applyFilter(ctx, op, item));
    case 'and':
      return expression.operands.every((op) => applyFilter(ctx, op, item));
    case 'not':
      return !applyFilter(ctx, expression.operand, item);
    case 'relational': {
      const left = operand(ctx, expression.left, item);
      const right = operand(ctx, expression.right, item);
      return relate(expression.operator, left, right);
    }
  }
}

function operand(ctx: Context, node: ValueNode, item: unknown): Operand {
  if (node.kind !== 'path') return node;
  if (node.existsCheck) {
    // Jayway evaluates existence checks on the current item even for `$` paths.
    try {
      run(node.path, item, ctx.root, EXISTS_OPTIONS).value();
      return TRUE;
    } catch (error) {
      if (failureOf(error) === PathFailure.NOT_FOUND) return FALSE;
      throw error;
    }
  }
  let result: unknown;
  try {
    const start = node.path.root === '$' ? ctx.root : item;
    result = run(node.path, start, ctx.root, CONDUCTOR_OPTIONS).value();
  } catch (error) {
    if (failureOf(error) === PathFailure.NOT_FOUND) return UNDEFINED;
    throw error;
  }
  return toOperand(result);
}

function toOperand(value: unknown): Operand {
  if (value === null || value === undefined) return { kind: 'null' };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'boolean') return value ? TRUE : FALSE;
  if (Array.isArray(value) || isMap(value)) return { kind: 'json', value, error: undefined };
  throw pathError(PathFailure.OTHER, `Could not convert ${String(value)} to a ValueNode`);
}

/** `ValueNode.toValueNode` for an element of a JSON list used by `in`, `nin`, `subsetof`… */
function listElement(value: unknown): Operand {
  if (value === null || value === undefined) return { kind: 'null' };
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('@') || trimmed.startsWith('$')) {
      try {
        compilePath(trimmed);
        return { kind: 'opaque' };
      } catch {
        // not a path: a plain string
      }
    }
    if (trimmed.length > 1 && ((trimmed.startsWith('[') && trimmed.endsWith(']')) || (trimmed.startsWith('{') && trimmed.endsWith('}')))) {
      return { kind: 'opaque' };
    }
    return { kind: 'string', value };
  }
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return value ? TRUE : FALSE;
  throw pathError(PathFailure.OTHER, 'Could not determine value type');
}

function jsonOf(node: Operand & { kind: 'json' }): unknown {
  if (node.error !== undefined) throw pathError(PathFailure.OTHER, node.error);
  return node.value;
}

/** `JsonNode.asValueListNode`: the elements of an array, or undefined for anything else. */
function valueList(node: Operand): Operand[] | undefined {
  if (node.kind !== 'json') {
    throw pathError(PathFailure.INVALID_PATH, 'Expected value list node');
  }
  const json = jsonOf(node);
  return Array.isArray(json) ? json.map(listElement) : undefined;
}

/** Java's `BigDecimal.toString` for a number, approximated by the Java number form. */
function numberText(value: number): string {
  return formatJavaNumber(value);
}

/** `new BigDecimal(text)` or NaN. */
function parseDecimal(text: string): number {
  return /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text) ? Number(text) : NaN;
}

/** `ValueNode.equals` as Jayway defines it per node class (`left.equals(right)`). */
function nodeEquals(left: Operand, right: Operand): boolean {
  switch (left.kind) {
    case 'string':
      if (right.kind === 'string') return left.value === right.value;
      if (right.kind === 'number') return left.value === numberText(right.value);
      return false;
    case 'number': {
      if (right.kind === 'number') return left.value === right.value;
      if (right.kind === 'string') {
        const parsed = parseDecimal(right.value);
        return !Number.isNaN(parsed) && parsed === left.value;
      }
      return false;
    }
    case 'boolean':
      return right.kind === 'boolean' && left.value === right.value;
    case 'null':
      return right.kind === 'null';
    case 'json':
      return right.kind === 'json' && deepEqual(jsonOf(left), jsonOf(right));
    case 'pattern':
      return right.kind === 'pattern' && left.source === right.source && left.regex.flags === right.regex.flags;
    case 'undefined':
    case 'opaque':
      return false;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const otherKeys = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === otherKeys.length && keys.every((k) => hasEntry(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function contains(list: readonly Operand[], node: Operand): boolean {
  return list.some((element) => nodeEquals(node, element));
}

function compare(left: Operand, right: Operand): number | undefined {
  if (left.kind === 'number' && right.kind === 'number') return left.value - right.value;
  if (left.kind === 'string' && right.kind === 'string') {
    return left.value < right.value ? -1 : left.value > right.value ? 1 : 0;
  }
  return undefined;
}

function regexInput(node: Operand): string {
  if (node.kind === 'string') return node.value;
  if (node.kind === 'number') return numberText(node.value);
  if (node.kind === 'boolean') return String(node.value);
  return '';
}

function relate(operator: RelationalOperator, left: Operand, right: Operand): boolean {
  switch (operator) {
    case 'EXISTS':
      if (left.kind !== 'boolean' || right.kind !== 'boolean') {
        throw pathError(PathFailure.OTHER, 'Failed to evaluate exists expression');
      }
      return left.value === right.value;
    case '==':
      return nodeEquals(left, right);
    case '!=':
      return !nodeEquals(left, right);
    case '===':
      return left.kind === right.kind && nodeEquals(left, right);
    case '!==':
      return !(left.kind === right.kind && nodeEquals(left, right));
    case '<': {
      const c = compare(left, right);
      return c !== undefined && c < 0;
    }
    case '<=': {
      const c = compare(left, right);
      return c !== undefined && c <= 0;
    }
    case '>': {
      const c = compare(left, right);
      return c !== undefined && c > 0;
    }
    case '>=': {
      const c = compare(left, right);
      return c !== undefined && c >= 0;
    }
    case '=~': {
      if ((left.kind === 'pattern') === (right.kind === 'pattern')) return false;
      if (left.kind === 'pattern') return left.regex.test(regexInput(right));
      return right.kind === 'pattern' && right.regex.test(regexInput(left));
    }
    case 'IN': {
      const list = valueList(right);
      return list !== undefined && contains(list, left);
    }
    case 'NIN': {
      const list = valueList(right);
      return !(list !== undefined && contains(list, left));
    }
    case 'CONTAINS': {
      if (left.kind === 'string' && right.kind === 'string') return left.value.includes(right.value);
      if (left.kind === 'json') {
        const list = valueList(left);
        return list !== undefined && contains(list, right);
      }
      return false;
    }
    case 'SIZE': {
      if (right.kind !== 'number') return false;
      const expected = Math.trunc(right.value);
      if (left.kind === 'string') return left.value.length === expected;
      if (left.kind === 'json') {
        const json = jsonOf(left);
        return (Array.isArray(json) ? json.length : -1) === expected;
      }
      return false;
    }
    case 'EMPTY': {
      if (left.kind !== 'string' && left.kind !== 'json') return false;
      if (right.kind !== 'boolean') throw pathError(PathFailure.INVALID_PATH, 'Expected boolean node');
      if (left.kind === 'string') return (left.value.length === 0) === right.value;
      const json = jsonOf(left);
      const empty = Array.isArray(json) ? json.length === 0 : isMap(json) ? Object.keys(json).length === 0 : true;
      return empty === right.value;
    }
    case 'SUBSETOF': {
      const rightList = valueList(right);
      if (rightList === undefined) return false;
      const leftList = valueList(left);
      if (leftList === undefined) return false;
      return leftList.every((node) => contains(rightList, node));
    }
    case 'ALL':
    case 'MATCHES':
    case 'TYPE':
      // These need a value list, predicate or class operand that only Java code can build;
      // from text Jayway fails with InvalidPathException, which rejects the item.
      throw pathError(PathFailure.INVALID_PATH, `Operator ${operator} needs a programmatic operand`);
  }
}

// --- entry points --------------------------------------------------------------------------

/**
 * `JsonPath.read` with Conductor's `SUPPRESS_EXCEPTIONS`: any failure gives null for a definite
 * path and an empty list for an indefinite one. Results alias the document.
 */
export function readSuppressed(path: CompiledPath, document: unknown): PathRead {
  if (path.simple !== undefined && path.root === '$') return readSimple(path.simple, document);
  try {
    const ctx = run(path, document, document, CONDUCTOR_OPTIONS);
    const value = ctx.value();
    if (!path.definite) return { value, indefinite: true, double: false, doubleIndexes: ctx.doubles };
    return { value, indefinite: false, double: ctx.lastIsDouble() };
  } catch {
    return path.definite ? NULL_READ : { value: [], indefinite: true, double: false };
  }
}

/** A chain of single properties: missing or non-map anywhere gives null, no allocation. */
function readSimple(segments: readonly string[], document: unknown): PathRead {
  let model = document;
  for (let i = 0; i < segments.length; i++) {
    if (!isMap(model)) return NULL_READ;
    const segment = segments[i] as string;
    const value = model[segment];
    if (value === undefined) return NULL_READ;
    // On a plain object only Object.prototype members (functions, `__proto__`) can be inherited;
    // JSON data never holds functions, so the own-property check is rarely needed.
    if ((typeof value === 'function' || segment === '__proto__') && !Object.hasOwn(model, segment)) return NULL_READ;
    model = value;
  }
  return model === null ? NULL_READ : { value: model, indefinite: false, double: false };
}

/**
 * `JsonPath.parse(json).read(path)` with the default configuration (used for
 * `${workflow.env.NAME.path}`): missing definite paths and all errors give undefined.
 */
export function readPlain(path: CompiledPath, document: unknown): PathRead | undefined {
  try {
    const ctx = run(path, document, document, PLAIN_OPTIONS);
    const value = ctx.value();
    if (!path.definite) return { value, indefinite: true, double: false, doubleIndexes: ctx.doubles };
    return { value, indefinite: false, double: ctx.lastIsDouble() };
  } catch {
    return undefined;
  }
}
