/**
 * `conductor-testkit validate <files or dirs...>`: checks WorkflowDef, TaskDef, WorkflowTestRequest
 * and scenario files the way Conductor would on registration (schema, references, task-type
 * constraints) plus what only a run would reveal (JavaScript and jq syntax, WAIT literals), and
 * prints every problem with its JSON path. Nothing is run.
 */
import { parseArgs } from 'node:util';
import {
  IssueSeverity,
  parseScenario,
  parseTaskDef,
  parseTestRequest,
  parseWorkflowDef,
  validateTaskDef,
  validateTestRequest,
  validateWorkflowDef,
} from '../../definitions/index.js';
import type { DefinitionIssue, TaskDef, WorkflowDef, WorkflowTestRequest } from '../../definitions/index.js';
import { lintWorkflowDef } from '../../engine/lint.js';
import type { LintRuntimes } from '../../engine/lint.js';
import { DefinitionError, UsageError, formatIssues, isTestkitError } from '../../errors/index.js';
import { createJqEngine, createScriptEngine } from '../../expressions/index.js';
import type { Command } from '../command.js';
import { expandJsonFiles, readJsonFile } from '../files.js';

const USAGE = `Usage: conductor-testkit validate <files or dirs...> [options]

Checks workflow definitions, TaskDefs (one per file or an array), WorkflowTestRequest files and
scenario files without running them: the JSON shape, task references and \${...} paths, the
constraints Conductor applies when a definition is registered, and the JavaScript, jq and WAIT
literals that would only fail at run time. Every problem is printed with its JSON path.

Options:
  --kind <kind>        workflow | taskdef | request | scenario (default: recognised from the content)
  --taskdefs <path>    TaskDef files or directories registered for the checks (repeatable)
  --strict             warnings count as failures too
  --json               print the findings as JSON

Exit codes: 0 no errors, 1 errors found (or warnings with --strict), 2 bad usage.`;

const KINDS = ['workflow', 'taskdef', 'request', 'scenario'] as const;
type Kind = (typeof KINDS)[number];

interface FileReport {
  readonly file: string;
  readonly kind: Kind | 'taskdefs';
  readonly subject: string;
  readonly issues: readonly DefinitionIssue[];
}

/** `conductor-testkit validate`. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check definitions, TaskDefs, test requests and scenarios without running them',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        kind: { type: 'string' },
        taskdefs: { type: 'string', multiple: true },
        strict: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length === 0) throw new UsageError('give at least one file or directory; see --help');
    const forced = values.kind;
    if (forced !== undefined && !(KINDS as readonly string[]).includes(forced)) {
      throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, got "${forced}"`);
    }
    const registered = new Map<string, TaskDef>();
    for (const path of expandJsonFiles(values.taskdefs ?? [], io.cwd)) {
      const raw = readJsonFile(path, io.cwd);
      const items: unknown[] = Array.isArray(raw) ? raw : [raw];
      items.forEach((item, i) => {
        const def = parseTaskDef(item, { subject: Array.isArray(raw) ? `${path}[${i}]` : path });
        registered.set(def.name, def);
      });
    }
    const files = expandJsonFiles(positionals, io.cwd).filter((f) => !f.endsWith('.golden.json'));
    const runtimes: LintRuntimes = { scripts: await createScriptEngine(), jq: await createJqEngine() };
    const reports: FileReport[] = [];
    try {
      for (const file of files) {
        let raw: unknown;
        try {
          raw = readJsonFile(file, io.cwd);
        } catch (error) {
          if (!(error instanceof DefinitionError)) throw error; // a missing file is a usage error
          reports.push({ file, kind: 'workflow', subject: 'not JSON', issues: error.issues as readonly DefinitionIssue[] });
          continue;
        }
        const kind = (forced as Kind | undefined) ?? recognise(raw);
        if (kind === undefined) {
          reports.push({
            file,
            kind: 'workflow',
            subject: file,
            issues: [{ path: [], code: 'invalid_type', severity: IssueSeverity.ERROR, message: 'not recognised as a workflow definition (needs "tasks"), a TaskDef, a test request (needs "workflowDef" or "taskRefToMockOutput") or a scenario (needs "request" and "expect"); pass --kind' }],
          });
          continue;
        }
        reports.push(validateOne(file, raw, kind, registered, runtimes));
      }
    } finally {
      runtimes.scripts?.dispose();
    }

    const failing = (r: FileReport): boolean => r.issues.some((i) => i.severity === IssueSeverity.ERROR || values.strict === true);
    const failed = reports.filter(failing).length;
    if (values.json === true) {
      io.out(`${JSON.stringify({ files: reports.length, failed, results: reports }, null, 2)}\n`);
    } else {
      for (const report of reports) {
        if (report.issues.length === 0) io.out(`ok ${report.file} (${report.subject})\n`);
        else io.out(`${failing(report) ? 'FAIL' : 'ok'} ${formatIssues(`${report.file} (${report.subject})`, report.issues)}\n`);
      }
      io.out(`${reports.length - failed} valid, ${failed} invalid\n`);
    }
    return failed > 0 ? 1 : 0;
  },
};

function sameIssue(a: DefinitionIssue, b: DefinitionIssue): boolean {
  return a.message === b.message && a.path.length === b.path.length && a.path.every((segment, i) => segment === b.path[i]);
}

/** What a JSON document is, from its fields; undefined when it is none of the four. */
function recognise(raw: unknown): Kind | 'taskdefs' | undefined {
  if (Array.isArray(raw)) return 'taskdefs' as const;
  if (typeof raw !== 'object' || raw === null) return undefined;
  const has = (key: string): boolean => key in raw;
  if (has('request') && has('expect')) return 'scenario';
  if (has('workflowDef') || has('taskRefToMockOutput') || has('subWorkflowTestRequest')) return 'request';
  if (has('tasks')) return 'workflow';
  if (has('name') && (has('retryCount') || has('timeoutSeconds') || has('responseTimeoutSeconds') || has('retryLogic') || has('timeoutPolicy') || has('inputKeys') || has('ownerEmail'))) return 'taskdef';
  return undefined;
}

function validateOne(file: string, raw: unknown, kind: Kind | 'taskdefs', taskDefs: ReadonlyMap<string, TaskDef>, runtimes: LintRuntimes): FileReport {
  const options = { subject: file, taskDefs };
  const issuesOf = (error: unknown): readonly DefinitionIssue[] => {
    if (error instanceof DefinitionError) return error.issues as readonly DefinitionIssue[];
    if (isTestkitError(error)) return [{ path: [], code: 'invalid_type', severity: IssueSeverity.ERROR, message: error.message }];
    throw error;
  };
  const warnings = (issues: readonly DefinitionIssue[]): DefinitionIssue[] => issues.filter((i) => i.severity === IssueSeverity.WARNING);
  const lintAt = (def: WorkflowDef | undefined, prefix: readonly (string | number)[]): DefinitionIssue[] =>
    def === undefined ? [] : lintWorkflowDef(def, runtimes).map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
  const safeLint = (def: unknown, prefix: readonly (string | number)[]): DefinitionIssue[] => {
    try {
      return lintAt(def as WorkflowDef, prefix);
    } catch {
      return []; // too malformed to walk; the schema errors say why
    }
  };
  const prefixed = (issues: readonly DefinitionIssue[], prefix: readonly (string | number)[]): DefinitionIssue[] =>
    issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
  const requestIssues = (request: WorkflowTestRequest, prefix: readonly (string | number)[], workflowDefs: ReadonlyMap<string, WorkflowDef>): DefinitionIssue[] => {
    const inline = request.workflowDef ?? undefined;
    const def = inline ?? workflowDefs.get(request.name);
    if (def === undefined) return [];
    return [
      ...(inline === undefined ? [] : prefixed(warnings(validateWorkflowDef(inline, { taskDefs, workflowDefs })), [...prefix, 'workflowDef'])),
      ...prefixed(warnings(validateTestRequest(request, def, { taskDefs, workflowDefs })), prefix),
      ...lintAt(inline, [...prefix, 'workflowDef']),
    ];
  };

  switch (kind) {
    case 'workflow': {
      // Schema and reference errors, then the warnings and the script/jq/WAIT findings even when
      // the schema failed, so one pass shows everything (the checks below tolerate malformed input).
      let errors: readonly DefinitionIssue[] = [];
      let subject = 'workflow';
      try {
        const def = parseWorkflowDef(raw, options);
        subject = `workflow ${def.name} v${def.version ?? 1}`;
      } catch (error) {
        errors = issuesOf(error);
      }
      const more = [...warnings(validateWorkflowDef(raw as WorkflowDef, { taskDefs })), ...safeLint(raw, [])];
      return { file, kind, subject, issues: [...errors, ...more.filter((m) => !errors.some((e) => sameIssue(e, m)))] };
    }
    case 'taskdef': {
      try {
        const def = parseTaskDef(raw, options);
        return { file, kind, subject: `TaskDef ${def.name}`, issues: warnings(validateTaskDef(def)) };
      } catch (error) {
        return { file, kind, subject: 'TaskDef', issues: issuesOf(error) };
      }
    }
    case 'taskdefs': {
      const items = raw as unknown[];
      const issues: DefinitionIssue[] = [];
      items.forEach((item, i) => {
        try {
          issues.push(...prefixed(warnings(validateTaskDef(parseTaskDef(item, options))), [i]));
        } catch (error) {
          issues.push(...prefixed(issuesOf(error), [i]));
        }
      });
      return { file, kind, subject: `${items.length} TaskDef${items.length === 1 ? '' : 's'}`, issues };
    }
    case 'request': {
      try {
        const request = parseTestRequest(raw, options);
        return { file, kind, subject: `test request for ${request.name}`, issues: requestIssues(request, [], new Map()) };
      } catch (error) {
        return { file, kind, subject: 'test request', issues: issuesOf(error) };
      }
    }
    case 'scenario': {
      try {
        const scenario = parseScenario(raw, options);
        const workflowDefs = new Map((scenario.workflowDefs ?? []).map((def) => [def.name, def] as const));
        const issues = [
          ...requestIssues(scenario.request, ['request'], workflowDefs),
          ...(scenario.workflowDefs ?? []).flatMap((def, i) => lintAt(def, ['workflowDefs', i])),
        ];
        return { file, kind, subject: `scenario ${scenario.id}`, issues };
      } catch (error) {
        return { file, kind, subject: 'scenario', issues: issuesOf(error) };
      }
    }
  }
}
