/**
 * TypeScript types for a workflow from the JSON Schemas attached to it and to its tasks, so that
 * a test's workflow input and its mocks are checked by the compiler.
 *
 * Conductor: common/metadata/workflow/WorkflowDef.java and common/metadata/tasks/TaskDef.java
 * carry `inputSchema` / `outputSchema`, each a `SchemaDef` (common/metadata/SchemaDef.java:
 * `name`, `version`, `type` JSON | AVRO | PROTOBUF, the schema itself in `data`, or an
 * `externalRef` to a schema registry). Conductor OSS stores them but does not validate payloads
 * against them (Orkes Conductor does, when `enforceSchema` is set); here they only produce types.
 *
 * @packageDocumentation
 */
import { DefinitionError } from '../errors/index.js';
import type { Issue } from '../errors/index.js';
import type { JsonObject, SchemaDef, TaskDef, WorkflowDef, WorkflowTask } from './types.js';
import { walkTasks } from './walk-tasks.js';

/** Options of {@link generateWorkflowTypes}. */
export interface TypegenOptions {
  /**
   * TaskDefs "registered" for the workflow: a task without an inline `taskDefinition` takes the
   * schemas of the TaskDef with its `name`, as the server does when it resolves a task's definition.
   * @defaultValue []
   */
  readonly taskDefs?: readonly TaskDef[];
  /** Prefix of every generated type name. @defaultValue the workflow name in PascalCase (`order_flow` → `OrderFlow`) */
  readonly typeName?: string;
  /**
   * When true, an object schema that does not set `additionalProperties` allows no other
   * properties, so a misspelt field in a mock is a compile error. When false, JSON Schema's own
   * default applies (any other property is allowed, typed `unknown`).
   * @defaultValue true
   */
  readonly strict?: boolean;
  /**
   * Emit the `okFor(ref, output)` helper, which imports `ok` from `conductor-testkit`. When
   * false the file holds types only and imports nothing.
   * @defaultValue true
   */
  readonly helpers?: boolean;
  /** A line under the header comment saying where the file came from (e.g. the source path). @defaultValue none */
  readonly source?: string;
}

/** One type to generate, before it is handed to json-schema-to-typescript. */
interface TypeSlot {
  readonly name: string;
  readonly schema: JsonObject;
  readonly path: readonly (string | number)[];
}

const IO = ['input', 'output'] as const;

/**
 * Generates a TypeScript module for `def`:
 *
 * - `<Name>Input` / `<Name>Output`: the workflow's input and output, from its `inputSchema` /
 *   `outputSchema`; without a schema, the input lists `inputParameters` as optional `unknown`
 *   fields and allows others, the output allows anything.
 * - `<Ref>Input` / `<Ref>Output` for every task reference of the definition (cases, fork
 *   branches and loop bodies included; not the tasks of inline sub-workflow definitions), from
 *   the schemas of the task's TaskDef (inline `taskDefinition`, else `options.taskDefs` by task
 *   name); an object type that allows anything where none is given.
 * - `<Name>Tasks`: every ref mapped to `{ input; output }`, and `<Name>Workflow` holding it all.
 * - `okFor(ref, output, timing?)`: a completed-task mock whose output must have the ref's output
 *   type (see {@link TypegenOptions.helpers}).
 *
 * Only `SchemaDef`s with the schema inline in `data` (type JSON, or no type) become types; a
 * schema held only by reference (`externalRef`, or a name without `data`) or of type AVRO /
 * PROTOBUF gives the loose type, with a doc comment saying why. Local `$ref`s (`#/$defs/x`) are
 * supported; `$ref`s to other documents are reported, never fetched.
 *
 * The output is formatted by prettier (through json-schema-to-typescript) and is the same for
 * the same input.
 *
 * @example
 * const text = await generateWorkflowTypes(def, { taskDefs });
 * // mocks: { byRef: { charge_ref: okFor('charge_ref', { chargeId: 'ch_1' }) } }
 * @throws DefinitionError listing every schema that cannot be converted.
 */
export async function generateWorkflowTypes(def: WorkflowDef, options: TypegenOptions = {}): Promise<string> {
  const prefix = options.typeName ?? pascalCase(def.name);
  if (!/^[A-Za-z_$][\w$]*$/.test(prefix)) {
    throw new DefinitionError(`Workflow "${def.name}"`, [
      { path: ['typeName'], code: 'invalid_type_name', message: `"${prefix}" is not a TypeScript identifier (letters, digits, _ and $, not starting with a digit)` },
    ]);
  }
  const issues: Issue[] = [];
  const used = new Set<string>();
  const unique = (name: string): string => {
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name}${n}`;
    used.add(candidate);
    return candidate;
  };
  for (const name of [`${prefix}Workflow`, `${prefix}Input`, `${prefix}Output`, `${prefix}Tasks`]) used.add(name);

  const taskDefs = new Map((options.taskDefs ?? []).map((taskDef) => [taskDef.name, taskDef]));
  const rootPath = (...rest: (string | number)[]): (string | number)[] => ['properties', ...rest];
  const workflowSlots: TypeSlot[] = IO.map((io) => {
    const schemaDef = io === 'input' ? def.inputSchema : def.outputSchema;
    const fallback: JsonObject =
      io === 'input'
        ? { type: 'object', properties: Object.fromEntries((def.inputParameters ?? []).map((name) => [name, {}])), additionalProperties: true }
        : { type: 'object', additionalProperties: true };
    const about = `${io === 'input' ? 'Input' : 'Output'} of workflow \`${def.name}\` v${def.version ?? 1}`;
    return {
      name: `${prefix}${io === 'input' ? 'Input' : 'Output'}`,
      schema: typeSchema(schemaDef, fallback, about, [`${io}Schema`], rootPath(io), issues),
      path: rootPath(io),
    };
  });

  const refs: { ref: string; slots: TypeSlot[] }[] = [];
  for (const { task, path } of walkTasks(def)) {
    const ref = task.taskReferenceName;
    if (typeof ref !== 'string' || ref === '' || refs.some((entry) => entry.ref === ref)) continue;
    const { taskDef, where } = taskDefOf(task, taskDefs);
    const slots = IO.map((io): TypeSlot => {
      const at = rootPath('tasks', 'properties', ref, 'properties', io);
      const schemaDef = taskDef?.[io === 'input' ? 'inputSchema' : 'outputSchema'];
      const about = `${io === 'input' ? 'Input' : 'Output'} of task \`${ref}\` (${task.type ?? 'SIMPLE'} \`${task.name}\`)${where === '' ? '' : `, from ${where}`}`;
      return {
        name: unique(`${pascalCase(ref)}${io === 'input' ? 'Input' : 'Output'}`),
        schema: typeSchema(schemaDef, { type: 'object', additionalProperties: true }, about, issuePathOf(path, taskDef, task, io), at, issues),
        path: at,
      };
    });
    refs.push({ ref, slots });
  }
  if (issues.length > 0) throw new DefinitionError(`Workflow "${def.name}"`, issues);

  const root: JsonObject = {
    title: `${prefix}Workflow`,
    description: `Workflow \`${def.name}\` v${def.version ?? 1}: its input, output and every task reference's input and output.`,
    type: 'object',
    additionalProperties: false,
    required: ['input', 'output', 'tasks'],
    properties: {
      input: titled(workflowSlots[0]),
      output: titled(workflowSlots[1]),
      tasks: {
        title: `${prefix}Tasks`,
        description: `Every task reference of \`${def.name}\` with its input and output types.`,
        type: 'object',
        additionalProperties: false,
        required: refs.map((entry) => entry.ref),
        properties: Object.fromEntries(
          refs.map((entry) => [
            entry.ref,
            { type: 'object', additionalProperties: false, required: ['input', 'output'], properties: { input: titled(entry.slots[0]), output: titled(entry.slots[1]) } },
          ]),
        ),
      },
    },
  };

  const { compile } = await import('json-schema-to-typescript');
  const body = await compile(root as Parameters<typeof compile>[0], `${prefix}Workflow`, {
    bannerComment: '',
    additionalProperties: options.strict ?? true ? false : true,
    unknownAny: true,
    strictIndexSignatures: false,
    format: true,
    // Never read files or the network: every $ref is local (checked above).
    $refOptions: { resolve: { external: false } },
  });
  return [header(def, options), body.trimEnd(), ...(options.helpers ?? true ? [helpers(prefix)] : [])].join('\n\n') + '\n';
}

/** The TaskDef whose schemas a task uses, and how to name it in doc comments. */
function taskDefOf(task: WorkflowTask, taskDefs: ReadonlyMap<string, TaskDef>): { taskDef: TaskDef | undefined; where: string } {
  if (task.taskDefinition !== undefined && task.taskDefinition !== null) return { taskDef: task.taskDefinition, where: 'the inline taskDefinition' };
  const registered = taskDefs.get(task.name);
  return registered === undefined ? { taskDef: undefined, where: '' } : { taskDef: registered, where: `TaskDef \`${registered.name}\`` };
}

/** Where a task's schema sits, for issues: in the definition, or in the registered TaskDef. */
function issuePathOf(path: readonly (string | number)[], taskDef: TaskDef | undefined, task: WorkflowTask, io: 'input' | 'output'): (string | number)[] {
  const field = `${io}Schema`;
  return task.taskDefinition !== undefined && task.taskDefinition !== null ? [...path, 'taskDefinition', field] : ['taskDefs', taskDef?.name ?? task.name, field];
}

/**
 * The JSON Schema for one slot: the SchemaDef's `data` (its local `$ref`s re-rooted at `at`), or
 * `fallback` with a note on why.
 */
function typeSchema(
  schemaDef: SchemaDef | null | undefined,
  fallback: JsonObject,
  about: string,
  issuePath: readonly (string | number)[],
  at: readonly (string | number)[],
  issues: Issue[],
): JsonObject {
  if (schemaDef === undefined || schemaDef === null) return { ...fallback, description: `${about}. No schema given: any fields.` };
  const label = `schema${schemaDef.name === undefined ? '' : ` "${schemaDef.name}"`}${schemaDef.version === undefined ? '' : ` v${schemaDef.version}`}`;
  if (schemaDef.type !== undefined && schemaDef.type !== 'JSON') {
    return { ...fallback, description: `${about}. Its ${label} is ${schemaDef.type}, not JSON Schema: any fields.` };
  }
  const data = schemaDef.data;
  if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) {
    const ref = schemaDef.externalRef === undefined ? '' : ` (externalRef ${schemaDef.externalRef})`;
    return { ...fallback, description: `${about}. Its ${label}${ref} is not inline in \`data\`: any fields.` };
  }
  const pointer = `#/${at.map((segment) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  const rebased = rebaseRefs(data, pointer, [...issuePath, 'data'], issues) as JsonObject;
  const { $schema: _schema, $id: _id, id: _legacyId, title: _title, ...rest } = rebased;
  const description = typeof rest['description'] === 'string' ? `${about} (${label}): ${rest['description']}` : `${about} (${label}).`;
  return { ...rest, description };
}

/** Copies a schema, pointing its local `$ref`s (`#/...`) at where it now sits; reports other `$ref`s. */
function rebaseRefs(value: unknown, pointer: string, path: (string | number)[], issues: Issue[]): unknown {
  if (Array.isArray(value)) return value.map((item: unknown, i) => rebaseRefs(item, pointer, [...path, i], issues));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key === '$ref' && typeof item === 'string') {
      if (item === '#' || item.startsWith('#/')) out[key] = `${pointer}${item.slice(1)}`;
      else {
        issues.push({ path: [...path, key], code: 'external_ref', message: `$ref "${item}" points outside this schema; only local references (#/...) are supported, inline the referenced schema` });
        out[key] = item;
      }
    } else out[key] = rebaseRefs(item, pointer, [...path, key], issues);
  }
  return out;
}

function titled(slot: TypeSlot | undefined): JsonObject {
  if (slot === undefined) return {};
  return { ...slot.schema, title: slot.name };
}

function header(def: WorkflowDef, options: TypegenOptions): string {
  const lines = [
    '/**',
    ` * Types of workflow \`${def.name}\` v${def.version ?? 1}, generated by \`conductor-testkit types\` from its JSON Schemas.`,
    ...(options.source === undefined ? [] : [` * Source: ${options.source}`]),
    ' * Do not edit: change the schemas and run the command again.',
    ' */',
  ];
  if (options.helpers ?? true) lines.push("import { ok } from 'conductor-testkit';", "import type { AnswerTiming, WorkerAnswer } from 'conductor-testkit';");
  return lines.join('\n');
}

function helpers(prefix: string): string {
  return [
    '/**',
    ` * A mock answer that completes task \`ref\` with \`output\`, which must have the ref's output type:`,
    ' * a misspelt or missing field is a compile error. At run time the same as `ok(output, timing)`.',
    ' *',
    " * @example mocks: { byRef: { charge_ref: [fail('declined'), okFor('charge_ref', { chargeId: 'ch_1' })] } }",
    ' */',
    `export function okFor<R extends keyof ${prefix}Tasks>(ref: R, output: ${prefix}Tasks[R]['output'], timing?: AnswerTiming): WorkerAnswer {`,
    '  void ref; // only its type matters',
    '  return ok(output as unknown as Readonly<Record<string, unknown>>, timing);',
    '}',
  ].join('\n');
}

/** `order_fulfilment` → `OrderFulfilment`, `charge-payment.v2` → `ChargePaymentV2`; a leading digit gets `_`. */
function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  if (joined === '') return 'Workflow';
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}
