/**
 * Pre-run checks of the literals a definition hands to the sandboxes and the WAIT parser:
 * JavaScript (INLINE, LAMBDA, SWITCH, DECISION `caseExpression`, DO_WHILE `loopCondition`), jq
 * (JSON_JQ_TRANSFORM `queryExpression`) and WAIT `duration` / `until`. `parseWorkflowDef` cannot
 * do these (the definitions layer has no JavaScript or jq); they live here, next to the runtimes.
 *
 * What Conductor does with each mistake, which the messages repeat:
 * - rejects the definition: a SWITCH `javascript` expression or a DECISION `caseExpression` that
 *   does not parse, a literal WAIT value that does not parse
 *   (core/.../validations/WorkflowTaskTypeConstraint.java: `validateScriptExpression` →
 *   ScriptEvaluator.validateScriptSyntax; `isWaitTaskValid` → DateTimeUtils.parseDuration /
 *   parseDate, skipped when the value starts with `${`);
 * - accepts it, and the task fails when it runs: INLINE (FAILED_WITH_TERMINAL_ERROR,
 *   core/.../execution/tasks/Inline.java), LAMBDA (FAILED, Lambda.java), a `graaljs` SWITCH
 *   (a FAILED SWITCH task, SwitchTaskMapper), DO_WHILE (FAILED_WITH_TERMINAL_ERROR "Unable to
 *   evaluate condition", DoWhile.java), JSON_JQ_TRANSFORM (FAILED, JsonJqTransform.java).
 * Severity follows validateWorkflowDef: what Conductor rejects is an error; what it accepts is a
 * warning (`warning: …`), because the test kit must run every definition the server runs — a
 * harness definition (do_while_timeline_ui_demo.json) carries a jq query that cannot compile, in
 * a loop its scenarios never reach. Inside `loopOver` Conductor's bean validation does not reach
 * (WorkflowTask.loopOver has no `@Valid`), so there the first group are warnings too.
 *
 * Only literals are checked: INLINE/LAMBDA/jq sources and WAIT values come from
 * `inputParameters` and are resolved before use, so a value containing `${` is skipped (WAIT: a
 * value starting with `${`, exactly as Conductor). SWITCH expressions, `caseExpression` and
 * `loopCondition` are never resolved and are always checked.
 */
import type { WorkflowDef, WorkflowTask } from '../definitions/index.js';
import { IssueSeverity, walkTasks } from '../definitions/index.js';
import type { DefinitionIssue } from '../definitions/index.js';
import { DefinitionError } from '../errors/index.js';
import { parseWaitDuration, parseWaitUntil } from '../expressions/index.js';
import type { JqEngine, ScriptEngine } from '../expressions/index.js';

/** The `code` of every issue {@link lintWorkflowDef} reports. */
export const LintIssueCode = {
  /** A JavaScript literal that does not parse. */
  SCRIPT_SYNTAX: 'script_syntax',
  /** A jq query that does not compile (syntax, unknown function or variable, unsupported feature). */
  JQ_SYNTAX: 'jq_syntax',
  /** A literal WAIT `duration` or `until` that Conductor cannot parse. */
  WAIT_LITERAL: 'wait_literal',
} as const;
export type LintIssueCode = (typeof LintIssueCode)[keyof typeof LintIssueCode];

/** The loaded runtimes the checks use. A check whose runtime is absent is skipped. */
export interface LintRuntimes {
  /** Checks JavaScript syntax (`ScriptEngine.checkSyntax`). @defaultValue none: scripts are not checked */
  readonly scripts?: ScriptEngine;
  /** Compiles jq queries. @defaultValue none: jq queries are not checked */
  readonly jq?: JqEngine;
}

/** Options of {@link lintWorkflowDef}. */
export interface LintOptions {
  /** Time zone of WAIT `until` values without a zone (the server JVM's default zone). @defaultValue 'UTC' */
  readonly waitZone?: string;
}

/** Options of {@link assertWorkflowDefLint}. */
export interface AssertLintOptions extends LintOptions {
  /** Heads the error message. @defaultValue `Workflow "<name>"` */
  readonly subject?: string;
  /** Throw for warnings too (literals Conductor accepts but that fail when they run). @defaultValue false */
  readonly strict?: boolean;
}

type Path = readonly (string | number)[];

/** What Conductor does with a finding, and hence its severity. */
interface Verdict {
  readonly severity: IssueSeverity;
  readonly text: string;
}

/**
 * Checks the JavaScript, jq and WAIT literals of a definition, and of the inline sub-workflow
 * definitions in it (paths under `…subWorkflowParam.workflowDefinition`). Never throws for a
 * finding; returns every issue, in walk order.
 *
 * @example
 * const issues = lintWorkflowDef(def, { scripts: await createScriptEngine(), jq: await createJqEngine() });
 * // [{ path: ['tasks', 2, 'inputParameters', 'expression'], code: 'script_syntax', severity: 'error',
 * //    message: 'JavaScript syntax error (SyntaxError: …); Conductor accepts …', taskReferenceName: 'total' }]
 */
export function lintWorkflowDef(def: WorkflowDef, runtimes: LintRuntimes, options: LintOptions = {}): DefinitionIssue[] {
  const out: DefinitionIssue[] = [];
  lintInto(def, [], runtimes, options, out, new Set());
  return out;
}

/**
 * {@link lintWorkflowDef}, throwing when it finds an error (with `strict`, any issue).
 *
 * @throws DefinitionError (code `INVALID_DEFINITION`) with the issues, headed by `subject`.
 * @example assertWorkflowDefLint(def, runtimes, { subject: 'workflows/order.json', strict: true });
 */
export function assertWorkflowDefLint(def: WorkflowDef, runtimes: LintRuntimes, options: AssertLintOptions = {}): void {
  const all = lintWorkflowDef(def, runtimes, options);
  const issues = options.strict === true ? all : all.filter((issue) => issue.severity === IssueSeverity.ERROR);
  if (issues.length === 0) return;
  throw new DefinitionError(options.subject ?? `Workflow ${JSON.stringify(def.name)}`, issues);
}

function lintInto(def: WorkflowDef, prefix: Path, runtimes: LintRuntimes, options: LintOptions, out: DefinitionIssue[], seen: Set<WorkflowDef>): void {
  if (typeof def !== 'object' || def === null || seen.has(def)) return;
  seen.add(def);
  for (const { task, path, parents } of walkTasks(def)) {
    const at = [...prefix, ...path];
    const inLoop = parents.some((p) => p.type === 'DO_WHILE');
    lintTask(task, at, inLoop, runtimes, options, out);
    const inline: unknown = task.subWorkflowParam?.workflowDefinition;
    if (typeof inline === 'object' && inline !== null) {
      lintInto(inline as WorkflowDef, [...at, 'subWorkflowParam', 'workflowDefinition'], runtimes, options, out, seen);
    }
  }
}

function lintTask(task: WorkflowTask, at: Path, inLoop: boolean, runtimes: LintRuntimes, options: LintOptions, out: DefinitionIssue[]): void {
  const input: Record<string, unknown> = typeof task.inputParameters === 'object' && task.inputParameters !== null ? task.inputParameters : {};
  const push = (path: Path, code: LintIssueCode, message: string, severity: IssueSeverity): void => {
    const text = severity === IssueSeverity.WARNING ? `warning: ${message}` : message;
    const issue: DefinitionIssue = { path: [...path], code, message: text, severity };
    out.push(typeof task.taskReferenceName === 'string' && task.taskReferenceName !== '' ? { ...issue, taskReferenceName: task.taskReferenceName } : issue);
  };
  // What Conductor does with a definition its bean validation rejects, inside and outside loop bodies.
  const rejected = (quote: string): Verdict =>
    inLoop
      ? { severity: IssueSeverity.WARNING, text: 'Conductor does not validate tasks inside loopOver, but the task fails when it runs' }
      : { severity: IssueSeverity.ERROR, text: `Conductor rejects the definition ("${quote}")` };
  const accepted = (text: string): Verdict => ({ severity: IssueSeverity.WARNING, text });
  const script = (source: unknown, mode: 'script' | 'function-body', path: Path, verdict: Verdict, fix: string, resolved: boolean): void => {
    if (runtimes.scripts === undefined || typeof source !== 'string' || source.trim() === '') return;
    if (resolved && source.includes('${')) return;
    const problem = runtimes.scripts.checkSyntax(source, mode);
    if (problem !== undefined) push(path, LintIssueCode.SCRIPT_SYNTAX, `JavaScript syntax error (${problem}); ${verdict.text}. ${fix}`, verdict.severity);
  };

  switch (task.type) {
    case 'INLINE': {
      const evaluator = input['evaluatorType'];
      // Inline.java: no evaluatorType means javascript; value-param reads a key, not a script.
      if (evaluator === undefined || evaluator === null || evaluator === 'javascript' || evaluator === 'graaljs') {
        script(input['expression'], 'script', [...at, 'inputParameters', 'expression'],
          accepted('Conductor accepts the definition, but the INLINE task fails with FAILED_WITH_TERMINAL_ERROR when it runs'),
          'Fix the expression', true);
      }
      break;
    }
    case 'LAMBDA':
      script(input['scriptExpression'], 'function-body', [...at, 'inputParameters', 'scriptExpression'],
        accepted('Conductor accepts the definition, but the LAMBDA task fails when it runs'),
        'Fix the script; it is the body of a function and must return its result', true);
      break;
    case 'SWITCH':
      if (task.evaluatorType === 'javascript') {
        script(task.expression, 'script', [...at, 'expression'], rejected('Expression is not well formatted'), 'Fix the expression', false);
      } else if (task.evaluatorType === 'graaljs') {
        // Conductor syntax-checks only evaluatorType "javascript" at registration.
        script(task.expression, 'script', [...at, 'expression'],
          accepted('Conductor accepts the definition (it checks only "javascript" expressions), but the SWITCH task fails when it runs'),
          'Fix the expression', false);
      }
      break;
    case 'DECISION':
      script(task.caseExpression, 'script', [...at, 'caseExpression'], rejected('Expression is not well formatted'), 'Fix the caseExpression, or use caseValueParam', false);
      break;
    case 'DO_WHILE':
      script(task.loopCondition, 'script', [...at, 'loopCondition'],
        accepted('Conductor accepts the definition, but the DO_WHILE fails with FAILED_WITH_TERMINAL_ERROR ("Unable to evaluate condition") when its first iteration ends'),
        'Fix the loopCondition', false);
      break;
    case 'JSON_JQ_TRANSFORM': {
      const query = input['queryExpression'];
      if (runtimes.jq === undefined || typeof query !== 'string' || query.includes('${')) break;
      const problem = jqCompileError(runtimes.jq, query);
      if (problem !== undefined) {
        push([...at, 'inputParameters', 'queryExpression'], LintIssueCode.JQ_SYNTAX,
          `jq cannot compile the query (${problem}); Conductor accepts the definition, but the JSON_JQ_TRANSFORM task fails when it runs. Fix the query`,
          IssueSeverity.WARNING);
      }
      break;
    }
    case 'WAIT':
      lintWait(input, at, rejected, options, push);
      break;
    default:
      break;
  }
}

/**
 * WorkflowTaskTypeConstraint.isWaitTaskValid: a blank value is absent; a value starting with
 * `${` is not checked; `duration` is checked when present, else `until`. (Both present is
 * reported by validateWorkflowDef.) Conductor's own texts are quoted: its duration failure is an
 * IllegalArgumentException, reported as "Either date or duration is passed as null ".
 */
function lintWait(
  input: Record<string, unknown>,
  at: Path,
  rejected: (quote: string) => Verdict,
  options: LintOptions,
  push: (path: Path, code: LintIssueCode, message: string, severity: IssueSeverity) => void,
): void {
  const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  const duration = text(input['duration']);
  const until = text(input['until']);
  if (duration.trim() !== '' && !duration.startsWith('${')) {
    if (parseWaitDuration(duration) === undefined) {
      const verdict = rejected('Either date or duration is passed as null ');
      push([...at, 'inputParameters', 'duration'], LintIssueCode.WAIT_LITERAL,
        `cannot parse the WAIT duration ${JSON.stringify(duration)}; ${verdict.text}. Write days, hours, minutes and seconds in that order, e.g. "1d 2h 30m" or "45 seconds"`,
        verdict.severity);
    }
    return;
  }
  if (duration.trim() === '' && until.trim() !== '' && !until.startsWith('${')) {
    if (parseWaitUntil(until, { defaultZone: options.waitZone ?? 'UTC' }) === undefined) {
      const verdict = rejected('Unable to parse date ');
      push([...at, 'inputParameters', 'until'], LintIssueCode.WAIT_LITERAL,
        `cannot parse the WAIT until ${JSON.stringify(until)}; ${verdict.text}. Use "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm z" or "yyyy-MM-dd", e.g. "2024-06-01 09:30 UTC"`,
        verdict.severity);
    }
  }
}

/**
 * The compile error of a jq query, or undefined. jq compiles before it runs, so a query that runs
 * on `null` compiles; one that fails there is compiled again inside a function that is never
 * called (`def f: <query>; empty`): if that succeeds, the failure was a run-time error (such as
 * `keys` on null) and the query is fine. The message reported is the one of the query as written.
 */
function jqCompileError(jq: JqEngine, query: string): string | undefined {
  const direct = jq.run(query, null);
  if (direct.ok) return undefined;
  const compiled = jq.run(`def __ctk_lint:\n${query}\n; empty | __ctk_lint`, null);
  return compiled.ok ? undefined : direct.message;
}
