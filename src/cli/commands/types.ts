/**
 * `conductor-testkit types <workflow.json> [--taskdefs dir] [-o file.ts]`: TypeScript types for
 * a workflow's input and every task reference's input and output, from their JSON Schemas.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateWorkflowTypes, parseTaskDef, parseTestRequest, parseWorkflowDef } from '../../definitions/index.js';
import type { TaskDef, WorkflowDef } from '../../definitions/index.js';
import { UsageError } from '../../errors/index.js';
import type { Command } from '../command.js';
import { expandJsonFiles, readJsonFile } from '../files.js';

const USAGE = `Usage: conductor-testkit types <workflow.json | test-request.json> [options]

Writes TypeScript types for the workflow's input and output and for every task reference's input
and output, from the inputSchema/outputSchema JSON Schemas of the workflow and of the tasks'
TaskDefs (a loose type where none is given), plus okFor(ref, output): a mock whose output is
type-checked.

Options:
  -o, --out <file.ts>    write the module there (default: print it)
  --taskdefs <path>      TaskDef JSON files, or directories of them (a file may hold one TaskDef or
                         an array); repeatable. Tasks without an inline taskDefinition use these.
  --name <TypeName>      prefix of the type names (default: the workflow name in PascalCase)
  --loose                allow fields a schema does not list (default: they are compile errors)
  --types-only           no okFor helper, no import of conductor-testkit`;

/** `conductor-testkit types`. */
export const typesCommand: Command = {
  name: 'types',
  summary: 'generate TypeScript types for a workflow and its tasks from their JSON Schemas',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        taskdefs: { type: 'string', multiple: true },
        name: { type: 'string' },
        loose: { type: 'boolean' },
        'types-only': { type: 'boolean' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one workflow definition or test-request file; see --help');
    const file = positionals[0] as string;
    const def = readWorkflowDef(file, io.cwd);
    const taskDefs = readTaskDefs(values.taskdefs ?? [], io.cwd);
    const source = values.out === undefined ? file : relative(dirname(resolve(io.cwd, values.out)), resolve(io.cwd, file)).split('\\').join('/');
    const text = await generateWorkflowTypes(def, {
      taskDefs,
      ...(values.name !== undefined ? { typeName: values.name } : {}),
      strict: values.loose !== true,
      helpers: values['types-only'] !== true,
      source,
    });
    if (values.out === undefined) {
      io.out(text);
      return 0;
    }
    const target = resolve(io.cwd, values.out);
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    } catch (error) {
      throw new UsageError(`${values.out}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    io.err(`wrote ${values.out}: types for ${def.name} v${def.version ?? 1}\n`);
    return 0;
  },
};

/** A WorkflowDef file, or the inline `workflowDef` of a WorkflowTestRequest file. */
function readWorkflowDef(file: string, cwd: string): WorkflowDef {
  const raw = readJsonFile(file, cwd);
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'workflowDef' in raw && !('tasks' in raw)) {
    const request = parseTestRequest(raw, { subject: file });
    if (request.workflowDef === undefined || request.workflowDef === null) {
      throw new UsageError(`${file}: the test request has no inline workflowDef; give the workflow definition file instead`);
    }
    return request.workflowDef;
  }
  return parseWorkflowDef(raw, { subject: file });
}

/** Every TaskDef in the given files and directories, in path order; a file may hold an array. */
function readTaskDefs(paths: readonly string[], cwd: string): TaskDef[] {
  const out: TaskDef[] = [];
  for (const path of expandJsonFiles(paths, cwd)) {
    const raw = readJsonFile(path, cwd);
    const items: unknown[] = Array.isArray(raw) ? raw : [raw];
    items.forEach((item, i) => out.push(parseTaskDef(item, { subject: Array.isArray(raw) ? `${path}[${i}]` : path })));
  }
  return out;
}
