/**
 * `${...}` parameter resolution with Conductor's semantics.
 *
 * Conductor: core/src/main/java/com/netflix/conductor/core/utils/ParametersUtils.java
 * (`getTaskInputV2`, `replace`, `replaceList`, `replaceVariables`), common/.../utils/EnvUtils.java
 * (system parameters), core/.../env/EnvVariableEnvironmentDAO.java (`${workflow.env.X}`).
 * Behaviour is specified in shared/spec engine-semantics §3.3–§3.8 and task-types §1.3.
 */
import { findExpressions } from '../definitions/index.js';
import { UsageError } from '../errors/index.js';
import { copyJson, setEntry } from './internal/copy.js';
import { formatJavaDouble, isPlainObject, javaToString, parsedJsonToString, toCompactJson } from './internal/java-format.js';
import type { CompiledPath } from './internal/jsonpath-ast.js';
import type { PathRead } from './internal/jsonpath-eval.js';
import { compileForResolution, readCompiledForResolution, readPathPlain } from './jsonpath.js';

/**
 * The document `${...}` paths read (engine-semantics §3.2). Built by the engine:
 * `workflow` holds `input`, `output`, `status`, `workflowId`, `variables`…; every other key is a
 * task reference (the base ref for loop tasks) holding `input`, `output`, `status`, `taskId`…
 */
export interface EvaluationDocument {
  readonly workflow: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** How to resolve: which task is being created, its TaskDef template, the host environment. */
export interface ResolveOptions {
  /**
   * Id of the task being created: `${CPEWF_TASK_ID}` resolves to it; absent → the text stays
   * literal (engine-semantics §3.8).
   * @defaultValue undefined
   */
  readonly taskId?: string;
  /**
   * TaskDef.inputTemplate: task-input flavour (engine-semantics §3.7: absent/null keys filled
   * before evaluation, null results replaced by the raw template value after).
   * @defaultValue undefined (context input: no template)
   */
  readonly inputTemplate?: Readonly<Record<string, unknown>> | undefined;
  /**
   * Host environment standing in for the server's OS environment and JVM system properties:
   * `${workflow.env.X}` reads `CONDUCTOR_ENV_X`; `${NAME}` is a system parameter when `NAME` is a
   * key here (engine-semantics §3.4).
   * @defaultValue `{}` — so `${HOME}` is an ordinary JSONPath (a miss, null) unless given.
   */
  readonly env?: Readonly<Record<string, string>>;
}

interface Resolution {
  readonly document: EvaluationDocument;
  readonly taskId: string | undefined;
  readonly env: Readonly<Record<string, string>>;
}

const NO_ENV: Readonly<Record<string, string>> = Object.freeze({});

// Conductor: EnvVariableEnvironmentDAO default prefix (`conductor.environment.env.prefix`).
const ENV_VARIABLE_PREFIX = 'CONDUCTOR_ENV_';
const SECRETS_PREFIX = 'workflow.secrets.';
const ENV_PREFIX = 'workflow.env.';
const TASK_ID_PARAM = 'CPEWF_TASK_ID';

function toResolution(document: EvaluationDocument, options: ResolveOptions | undefined, fn: string): Resolution {
  if (typeof document !== 'object' || document === null) {
    throw new UsageError(`${fn}: document must be an object (the evaluation document built by the engine), got ${document === null ? 'null' : typeof document}.`);
  }
  const taskId = options?.taskId;
  if (taskId !== undefined && typeof taskId !== 'string') {
    throw new UsageError(`${fn}: options.taskId must be a string, got ${typeof taskId}.`);
  }
  const env = options?.env ?? NO_ENV;
  if (typeof env !== 'object' || env === null) {
    throw new UsageError(`${fn}: options.env must be an object of strings, got ${env === null ? 'null' : typeof env}.`);
  }
  return { document, taskId, env };
}

/**
 * Resolves a parameter map (a node's `inputParameters`, a workflow's `outputParameters`…)
 * against the evaluation document, as Conductor's `ParametersUtils.getTaskInputV2` does.
 *
 * - A string that is exactly one `${path}` keeps the resolved value's JSON type; otherwise every
 *   `${...}` is replaced by the Java string form of its value (`toJavaString`; results of
 *   wildcard/filter/slice/deep-scan paths print as compact JSON) and `$${` becomes `${`.
 * - Nested expressions resolve first: `${workflow.input.${workflow.input.key}}`.
 * - `${}` → `""`; `${workflow.secrets.X}` stays literal; `${workflow.env.X}` reads
 *   `CONDUCTOR_ENV_X` from `options.env`; `${CPEWF_TASK_ID}` is `options.taskId` or stays literal;
 *   an unclosed `${` leaves the rest of the string untouched.
 * - Maps and lists are walked recursively; keys are never evaluated; missing values become
 *   `null` and their keys are kept. With `options.inputTemplate` the TaskDef template fills
 *   absent or null keys first, and keys that still resolve to null get the raw template value.
 * - Errors never escape: a path that is invalid or fails to evaluate resolves to null.
 *
 * The result is a fresh deep copy; it shares no object with `params` or `document`.
 *
 * @throws {UsageError} when `params` is not a plain object, `document` is not an object, or a
 *   parameter holds a non-JSON value (function, symbol, bigint, class instance).
 * @example
 * resolveParameters({ greeting: 'Hi ${workflow.input.name}', n: '${workflow.input.n}' },
 *   { workflow: { input: { name: 'Bob', n: 5 } } }) // { greeting: 'Hi Bob', n: 5 }
 */
export function resolveParameters(
  params: Readonly<Record<string, unknown>> | null | undefined,
  document: EvaluationDocument,
  options?: ResolveOptions,
): Record<string, unknown> {
  const r = toResolution(document, options, 'resolveParameters');
  if (params !== null && params !== undefined && !isPlainObject(params)) {
    throw new UsageError(`resolveParameters: params must be a plain object of JSON values or null, got ${describe(params)}.`);
  }
  const template = options?.inputTemplate;
  let source: Readonly<Record<string, unknown>> = params ?? {};
  if (template !== undefined && template !== null) {
    // Conductor: clone(inputTemplate).forEach(inputParams::putIfAbsent) — fills absent or null keys.
    const merged: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      const value = source[key];
      if (value !== undefined) setEntry(merged, key, value);
    }
    for (const key of Object.keys(template)) {
      const value = template[key];
      if (value !== undefined && (!Object.hasOwn(merged, key) || merged[key] === null)) {
        setEntry(merged, key, value);
      }
    }
    source = merged;
  }
  const out = walkMap(source, r, []);
  if (template !== undefined && template !== null) {
    // Conductor: replacedTaskInput.replaceAll((k, v) -> v == null ? inputTemplate.get(k) : v);
    // the template value is inserted raw, not evaluated again.
    for (const key of Object.keys(out)) {
      if (out[key] === null) {
        const raw = Object.hasOwn(template, key) ? template[key] : undefined;
        setEntry(out, key, raw === undefined ? null : copyJson(raw));
      }
    }
  }
  return out;
}

/**
 * Resolves one value the way a parameter value is resolved: strings as in
 * {@link resolveParameters} (at depth 0, so a lone `${path}` keeps its type), maps and lists
 * recursively, other JSON values unchanged. Used for DO_WHILE `items`, dynamic fork inputs…
 * `undefined` resolves to `null`. The result is a fresh deep copy.
 *
 * @throws {UsageError} when `document` is not an object or `value` holds a non-JSON value.
 * @example resolveValue('${workflow.input.list}', { workflow: { input: { list: [1, 2] } } }) // [1, 2]
 */
export function resolveValue(value: unknown, document: EvaluationDocument, options?: ResolveOptions): unknown {
  const r = toResolution(document, options, 'resolveValue');
  return walk(value, r, []);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return `an instance of ${name ?? 'an unknown class'}`;
  }
  return typeof value;
}

function walk(value: unknown, r: Resolution, path: (string | number)[]): unknown {
  switch (typeof value) {
    case 'string':
      return resolveString(value, r, 0);
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      return null;
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return walkList(value, r, path);
      if (isPlainObject(value)) return walkMap(value, r, path);
      break;
    default:
      break;
  }
  throw new UsageError(
    `parameter ${formatParamPath(path)} holds ${describe(value)}, which is not a JSON value. Parameters must be JSON (string, number, boolean, null, array, plain object).`,
  );
}

function walkMap(map: Readonly<Record<string, unknown>>, r: Resolution, path: (string | number)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(map)) {
    const value = map[key];
    // A JSON round trip (Conductor clones parameters through Jackson) drops undefined entries.
    if (value === undefined) continue;
    if (typeof value === 'string') {
      setEntry(out, key, resolveString(value, r, 0));
    } else {
      path.push(key);
      setEntry(out, key, walk(value, r, path));
      path.pop();
    }
  }
  return out;
}

function walkList(list: readonly unknown[], r: Resolution, path: (string | number)[]): unknown[] {
  const out: unknown[] = new Array<unknown>(list.length);
  for (let i = 0; i < list.length; i++) {
    path.push(i);
    out[i] = walk(list[i], r, path);
    path.pop();
  }
  return out;
}

function formatParamPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(value)';
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
}

/** One `${...}` replacement: the value and how Java turns it into text. */
interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly value: unknown;
  /**
   * `java`: `Objects.toString` of Jackson data; `json`: a json-smart `JSONArray` of results
   * (compact JSON); `parsed`: data json-smart parsed from text; `double`: a Java Double.
   */
  readonly format: 'java' | 'json' | 'parsed' | 'double';
  /** For `json` lists: element positions that hold Java Doubles made by JSONPath functions. */
  readonly doubleIndexes?: readonly number[] | undefined;
}

/**
 * One `${...}` of a string, classified once by the branch order of `replaceVariables`: blank,
 * secrets, env, then system parameter or JSONPath (which of the two depends on the host
 * environment, so it is decided per call).
 */
interface Expression {
  readonly start: number;
  readonly end: number;
  readonly kind: 'blank' | 'secret' | 'env' | 'lookup';
  /** `env`: the text after `workflow.env.`; `lookup`: the path text. */
  readonly path: string;
  /** `lookup`: one of the system parameters that exist without a host variable. */
  readonly fixedSystem: boolean;
  /** `lookup`: the compiled JSONPath, null when it does not compile. */
  readonly compiled: CompiledPath | null;
}

/** A parameter string analysed once: no expression, only fixed paths, or nested expressions. */
type Template =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'fixed'; readonly expressions: readonly Expression[] }
  | { readonly kind: 'nested' };

/** Upper bound of the template cache; the oldest entry is dropped when it is full. */
const TEMPLATE_CACHE_LIMIT = 4096;

/**
 * Analysed parameter strings. The definition's own string objects come back on every call, so
 * the lookup is cheap; results never depend on the cache (analysis is a pure function of text).
 */
const templates = new Map<string, Template>();

function templateOf(text: string): Template {
  const hit = templates.get(text);
  if (hit !== undefined) return hit;
  const spans = findExpressions(text);
  let template: Template;
  if (spans.length === 0) {
    template = { kind: 'text', text: unescapeDollar(text) };
  } else if (spans.some((span) => text.slice(span.start + 2, span.end - 1).includes('${'))) {
    template = { kind: 'nested' };
  } else {
    template = { kind: 'fixed', expressions: spans.map((span) => classify(text.slice(span.start + 2, span.end - 1), span.start, span.end)) };
  }
  if (templates.size >= TEMPLATE_CACHE_LIMIT) {
    const oldest = templates.keys().next();
    if (oldest.done !== true) templates.delete(oldest.value);
  }
  templates.set(text, template);
  return template;
}

function classify(path: string, start: number, end: number): Expression {
  const base = { start, end, path, fixedSystem: false, compiled: null };
  if (isJavaBlank(path)) return { ...base, kind: 'blank' };
  if (path.startsWith(SECRETS_PREFIX)) return { ...base, kind: 'secret' };
  if (path.startsWith(ENV_PREFIX)) return { ...base, kind: 'env', path: path.slice(ENV_PREFIX.length) };
  const fixedSystem = path === TASK_ID_PARAM || path === 'NETFLIX_ENV' || path === 'NETFLIX_STACK';
  return { ...base, kind: 'lookup', fixedSystem, compiled: fixedSystem ? null : compileForResolution(path) };
}

/**
 * `ParametersUtils.replaceVariables`: resolves the `${...}` of one string. At depth 0 a string
 * made of exactly one replaced expression returns the typed value (a deep copy); otherwise the
 * result is text. Inner expressions (depth > 0) are always text.
 */
function resolveString(text: string, r: Resolution, depth: number): unknown {
  // No "${" means no expression and no "$${" escape: the string is returned as it is.
  if (!text.includes('${')) return text;
  const template = depth === 0 ? templateOf(text) : undefined;
  if (template?.kind === 'text') return template.text;
  let replacements: Replacement[];
  if (template?.kind === 'fixed') {
    const only = template.expressions.length === 1 ? template.expressions[0] : undefined;
    if (only !== undefined) {
      const rep = evaluate(text, only, r);
      if (rep === undefined) return unescapeDollar(text);
      if (rep.start === 0 && rep.end === text.length) return copyJson(rep.value);
      return unescapeDollar(text.slice(0, rep.start) + textOf(rep) + text.slice(rep.end));
    }
    replacements = [];
    for (const expression of template.expressions) {
      const rep = evaluate(text, expression, r);
      if (rep !== undefined) replacements.push(rep);
    }
  } else {
    replacements = [];
    for (const span of findExpressions(text)) {
      // Inner text resolves first and is always text (the typed shortcut needs depth 0).
      const path = resolveString(text.slice(span.start + 2, span.end - 1), r, depth + 1) as string;
      const rep = evaluate(text, classify(path, span.start, span.end), r);
      if (rep !== undefined) replacements.push(rep);
    }
  }
  const first = replacements[0];
  if (depth === 0 && replacements.length === 1 && first !== undefined && first.start === 0 && first.end === text.length) {
    return copyJson(first.value);
  }
  let out = '';
  let at = 0;
  for (const rep of replacements) {
    out += text.slice(at, rep.start) + textOf(rep);
    at = rep.end;
  }
  out += text.slice(at);
  return unescapeDollar(out);
}

/** Java: `builder.toString().replaceAll("\\$\\$\\{", "\\${")` — one left-to-right pass. */
function unescapeDollar(text: string): string {
  return text.includes('$${') ? text.replaceAll('$${', '${') : text;
}

function textOf(rep: Replacement): string {
  switch (rep.format) {
    case 'java':
      return javaToString(rep.value);
    case 'json':
      // json-smart containers (JSONArray/JSONObject) print as JSON; their scalars as in Java.
      if (Array.isArray(rep.value) && rep.doubleIndexes !== undefined && rep.doubleIndexes.length > 0) {
        return listWithDoubles(rep.value, rep.doubleIndexes);
      }
      return Array.isArray(rep.value) || isPlainObject(rep.value) ? toCompactJson(rep.value) : javaToString(rep.value);
    case 'parsed':
      return parsedJsonToString(rep.value);
    case 'double':
      return typeof rep.value === 'number' ? formatJavaDouble(rep.value) : javaToString(rep.value);
  }
}

/** Compact JSON of a result list where some elements are function-made doubles (`[5.0]`). */
function listWithDoubles(list: readonly unknown[], doubleIndexes: readonly number[]): string {
  const parts = list.map((item, i) =>
    typeof item === 'number' && doubleIndexes.includes(i) ? (Number.isFinite(item) || Number.isNaN(item) ? formatJavaDouble(item) : 'null') : toCompactJson(item),
  );
  return `[${parts.join(',')}]`;
}

function fromRead(read: PathRead, start: number, end: number): Replacement {
  const format = read.indefinite ? 'json' : read.double ? 'double' : 'java';
  return { start, end, value: read.value, format, doubleIndexes: read.doubleIndexes };
}

/** Resolves one classified expression; undefined means "no replacement" (text stays). */
function evaluate(text: string, expression: Expression, r: Resolution): Replacement | undefined {
  const { start, end } = expression;
  switch (expression.kind) {
    case 'blank':
      return { start, end, value: '', format: 'java' };
    case 'secret':
      // Deferred by Conductor: substituted only on the copy handed to a worker or system task.
      return { start, end, value: text.slice(start, end), format: 'java' };
    case 'env':
      return resolveEnv(expression.path, r, start, end);
    case 'lookup': {
      const path = expression.path;
      // Conductor: EnvUtils.isEnvironmentVariable — the fixed names, or any host variable.
      if (expression.fixedSystem || (r.env !== NO_ENV && Object.hasOwn(r.env, path))) {
        // Conductor: EnvUtils.getSystemParametersValue; a null value adds no replacement at all.
        const value = path === TASK_ID_PARAM ? r.taskId : Object.hasOwn(r.env, path) ? r.env[path] : undefined;
        return value === undefined || value === null ? undefined : { start, end, value, format: 'java' };
      }
      return fromRead(readCompiledForResolution(r.document, expression.compiled), start, end);
    }
  }
}

/**
 * Conductor: ParametersUtils.resolveWithOptionalJsonPath over EnvVariableEnvironmentDAO —
 * `NAME` reads `CONDUCTOR_ENV_NAME`; `NAME.a.b` parses that value as JSON and reads `a.b`
 * (json-smart values, which print as JSON); anything missing or failing is null.
 */
function resolveEnv(ref: string, r: Resolution, start: number, end: number): Replacement {
  const dot = ref.indexOf('.');
  const name = dot < 0 ? ref : ref.slice(0, dot);
  const key = ENV_VARIABLE_PREFIX + name;
  const raw = Object.hasOwn(r.env, key) ? r.env[key] : undefined;
  if (dot < 0 || raw === undefined || raw === null) return { start, end, value: raw ?? null, format: 'java' };
  let parsed: unknown;
  try {
    // Divergence: json-smart's permissive parser accepts more than JSON.parse does.
    parsed = JSON.parse(raw);
  } catch {
    return { start, end, value: null, format: 'java' };
  }
  const read = readPathPlain(parsed, ref.slice(dot + 1));
  const format = read.double ? 'double' : read.indefinite ? 'json' : 'parsed';
  return { start, end, value: read.value, format, doubleIndexes: read.doubleIndexes };
}

/** Apache StringUtils.isBlank: empty or only `Character.isWhitespace` characters. */
function isJavaBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const whitespace =
      (c >= 0x09 && c <= 0x0d) ||
      (c >= 0x1c && c <= 0x20) ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x2006) ||
      (c >= 0x2008 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x205f ||
      c === 0x3000;
    if (!whitespace) return false;
  }
  return true;
}

/** Options of {@link substituteSecrets}. */
export interface SubstituteSecretsOptions {
  /**
   * Host environment standing in for the server's: secret `NAME` is read from
   * `CONDUCTOR_SECRET_NAME` (EnvVariableSecretsDAO's default prefix).
   * @defaultValue `{}` — every secret is missing.
   */
  readonly env?: Readonly<Record<string, string>>;
}

const SECRET_VARIABLE_PREFIX = 'CONDUCTOR_SECRET_';
const SECRET_MARK = '${workflow.secrets.';

/**
 * Replaces `${workflow.secrets.NAME}` references in an already resolved task input, as Conductor
 * does on the copy it hands to a worker, an async system task, or a sync system task's
 * `start`/`execute` — while the persisted task input keeps the literal text
 * (`ParametersUtils.substituteSecrets`; `WorkflowExecutorOps.startSyncSystemTaskWithSecrets`,
 * `AsyncSystemTaskExecutor.execute`; engine-semantics §3.4).
 *
 * - A string that is exactly one reference becomes the secret's value (`null` when missing).
 * - `NAME.a.b` reads JSON path `a.b` from the secret parsed as JSON (typed; null on any failure).
 * - Inside text, each reference becomes the value's Java string form, or `""` when missing.
 * - Only the `${workflow.secrets.…}` form counts; the reference ends at the first `}`.
 *
 * The result is a fresh deep copy; `input` is not changed.
 *
 * @throws {UsageError} when `input` is not a plain object or holds a non-JSON value.
 * @example
 * substituteSecrets({ auth: 'Bearer ${workflow.secrets.token}' }, { env: { CONDUCTOR_SECRET_token: 't0k' } })
 * // { auth: 'Bearer t0k' }
 */
export function substituteSecrets(
  input: Readonly<Record<string, unknown>>,
  options?: SubstituteSecretsOptions,
): Record<string, unknown> {
  if (!isPlainObject(input)) {
    throw new UsageError(`substituteSecrets: input must be a plain object of JSON values, got ${describe(input)}.`);
  }
  const env = options?.env ?? NO_ENV;
  return walkSecrets(input, env, []) as Record<string, unknown>;
}

function walkSecrets(value: unknown, env: Readonly<Record<string, string>>, path: (string | number)[]): unknown {
  if (typeof value === 'string') return value.includes(SECRET_MARK) ? substituteSecretString(value, env) : value;
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      path.push(i);
      const out = walkSecrets(item, env, path);
      path.pop();
      return out;
    });
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === undefined) continue;
      path.push(key);
      setEntry(out, key, walkSecrets(item, env, path));
      path.pop();
    }
    return out;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new UsageError(`substituteSecrets: input ${formatParamPath(path)} holds ${describe(value)}, which is not a JSON value.`);
}

/** Conductor's SECRET_PATTERN `\$\{workflow\.secrets\.([^}]+)\}`: whole match, else each occurrence. */
function substituteSecretString(text: string, env: Readonly<Record<string, string>>): unknown {
  // Matcher.matches(): the whole string is one reference → the typed value (null when missing).
  if (text.startsWith(SECRET_MARK) && text.endsWith('}')) {
    const name = text.slice(SECRET_MARK.length, -1);
    if (name.length > 0 && !name.includes('}')) return copyJson(resolveSecretRef(name, env));
  }
  // Matcher.find() loop: each reference → Objects.toString(value, "").
  let out = '';
  let at = 0;
  let search = 0;
  for (;;) {
    const start = text.indexOf(SECRET_MARK, search);
    if (start < 0) break;
    const nameStart = start + SECRET_MARK.length;
    const close = text.indexOf('}', nameStart);
    if (close < 0) break;
    search = nameStart;
    // `[^}]+` needs at least one character: "${workflow.secrets.}" is no reference.
    if (close === nameStart) continue;
    const resolved = resolveSecretRef(text.slice(nameStart, close), env);
    out += text.slice(at, start) + (resolved === null || resolved === undefined ? '' : secretText(resolved));
    at = close + 1;
    search = at;
  }
  return at === 0 ? text : out + text.slice(at);
}

function secretText(value: unknown): string {
  return typeof value === 'string' ? value : parsedJsonToString(value);
}

/** Conductor: resolveWithOptionalJsonPath over EnvVariableSecretsDAO. */
function resolveSecretRef(ref: string, env: Readonly<Record<string, string>>): unknown {
  const dot = ref.indexOf('.');
  const name = dot < 0 ? ref : ref.slice(0, dot);
  const key = SECRET_VARIABLE_PREFIX + name;
  const raw = Object.hasOwn(env, key) ? env[key] : undefined;
  if (raw === undefined || raw === null) return null;
  if (dot < 0) return raw;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  return readPathPlain(parsed, ref.slice(dot + 1)).value;
}
