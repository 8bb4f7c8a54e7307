/**
 * The trace matchers as plain functions (STYLE 6.1): one implementation that `vitest.ts` and
 * `jest.ts` register with their runner's `expect.extend`, and that any other runner can call.
 *
 * Every matcher receives a {@link Trace} (what `runWorkflow` returns) or a `WorkflowSession`
 * (what `startWorkflow` returns; its `.trace()` is read). A failing matcher prints what it
 * expected, what did happen, and the run's timeline with the tasks it is about marked `>`; it
 * returns `actual`/`expected` so the runner prints a diff. `pass` never depends on `.not`.
 *
 * @packageDocumentation
 */
import { UsageError } from '../src/errors/index.js';
import { TaskStatus, formatOffset, isTerminalTaskStatus, isTerminalWorkflowStatus, isTrace } from '../src/trace/index.js';
import type { TaskRun, Trace, WorkflowRun, WorkflowStatus } from '../src/trace/index.js';
import { baseRefOf, lastOf, locate } from './internal/locate.js';
import { markedTimeline } from './internal/marked-timeline.js';
import { runTexts } from './internal/run-texts.js';
import type { RunTexts } from './internal/run-texts.js';
import { isPlainObject, jsonEquals, matchesSubset, parseVirtualDuration, printValue, subsetView } from './internal/values.js';
import type { Equals } from './internal/values.js';

/**
 * The matchers, typed for module augmentation (`R` is what a matcher call returns in the
 * runner's types). `.not` works for each.
 *
 * Task refs: a ref matches a task by its runtime reference name (`charge__2`: iteration 2 of a
 * DO_WHILE) or its base reference name (`charge`: every iteration). A ref with `/` that names
 * no top-level task is a path into sub-workflows: `payment/charge` is the task `charge` in the
 * child workflows started by the SUB_WORKFLOW task `payment`. Matchers that read one task
 * (status, input, output, iterations) read the instance created last: the latest attempt of
 * the latest iteration. A matcher about a task that never appears in the run fails, so its
 * `.not` form passes: pair it with `toHaveExecuted` when the task must exist.
 */
export interface TraceMatchers<R = unknown> {
  /**
   * The top-level workflow ended COMPLETED.
   * @example expect(trace).toHaveCompleted();
   */
  toHaveCompleted(): R;
  /**
   * The top-level workflow ended FAILED; with `reason`, its `reasonForIncompletion` contains that
   * text (or matches that RegExp).
   * @example expect(trace).toHaveFailed('card declined');
   */
  toHaveFailed(reason?: string | RegExp): R;
  /**
   * The top-level workflow ended TIMED_OUT (its `timeoutSeconds` passed with `timeoutPolicy`
   * TIME_OUT_WF, or a task timed out with TIME_OUT_WF).
   * @example expect(trace).toHaveTimedOut();
   */
  toHaveTimedOut(): R;
  /**
   * The top-level workflow ended TERMINATED (a TERMINATE task or a terminate call); with
   * `reason`, its `reasonForIncompletion` contains that text (or matches that RegExp).
   * @example expect(trace).toHaveBeenTerminated('duplicate order');
   */
  toHaveBeenTerminated(reason?: string | RegExp): R;
  /**
   * The task ran at least once. "Ran" means a worker or the engine started it (`startTime`
   * set) or it reached a result of its own (COMPLETED, COMPLETED_WITH_ERRORS, FAILED,
   * FAILED_WITH_TERMINAL_ERROR, IN_PROGRESS): a task that was only scheduled and then canceled,
   * skipped, or timed out waiting for a poll did not run.
   * @example expect(trace).toHaveExecuted('ship');
   */
  toHaveExecuted(ref: string): R;
  /**
   * The tasks first ran in this order (other tasks may run in between). Order is the order in
   * which the engine scheduled their first runs (the event log; for traces without one, the
   * scheduled time, then the position in the run).
   * @example expect(trace).toHaveExecutedInOrder(['validate', 'charge', 'ship']);
   */
  toHaveExecutedInOrder(refs: readonly string[]): R;
  /**
   * The task never ran (see {@link TraceMatchers.toHaveExecuted} for what "ran" means); the
   * same as `.not.toHaveExecuted(ref)`.
   * @example expect(trace).toNotHaveExecuted('refund');
   */
  toNotHaveExecuted(ref: string): R;
  /**
   * The task was retried exactly `times` times: the number of its attempts that Conductor marked
   * `retried` when it scheduled a retry copy (EXEC/DeciderService.java `retry`), over every loop
   * iteration a base ref covers.
   * @example expect(trace).toHaveRetried('charge', 2);
   */
  toHaveRetried(ref: string, times: number): R;
  /**
   * The SWITCH (or DECISION) task evaluated to `caseName` (at least once, for a base ref in a
   * loop). This is the case value Conductor records (`selectedCase` / `evaluationResult` of a
   * SWITCH, `caseOutput` of a DECISION, MAP/SwitchTaskMapper.java, MAP/DecisionTaskMapper.java);
   * when no `decisionCases` key equals it, Conductor runs `defaultCase`, so to assert that the
   * default branch ran, assert on one of its tasks with `toHaveExecuted`.
   * @throws UsageError when the task is not a SWITCH or DECISION.
   * @example expect(trace).toHaveTakenBranch('shipping_speed', 'express');
   */
  toHaveTakenBranch(switchRef: string, caseName: string): R;
  /**
   * The task's latest attempt has this status.
   * @example expect(trace).toHaveTaskStatus('notify', 'COMPLETED_WITH_ERRORS');
   */
  toHaveTaskStatus(ref: string, status: TaskStatus): R;
  /**
   * The task's latest attempt received input that contains `partial` (`toMatchObject` rules:
   * nested objects are partial too, arrays match whole, asymmetric matchers work).
   * @example expect(trace).toHaveTaskInput('charge', { amount: 42 });
   */
  toHaveTaskInput(ref: string, partial: Readonly<Record<string, unknown>>): R;
  /**
   * The task's latest attempt produced output that contains `partial` (`toMatchObject` rules).
   * @example expect(trace).toHaveTaskOutput('charge', { chargeId: expect.any(String) });
   */
  toHaveTaskOutput(ref: string, partial: Readonly<Record<string, unknown>>): R;
  /**
   * The top-level workflow's output contains `partial` (`toMatchObject` rules).
   * @example expect(trace).toHaveWorkflowOutput({ shipped: true });
   */
  toHaveWorkflowOutput(partial: Readonly<Record<string, unknown>>): R;
  /**
   * The DO_WHILE task ran exactly `n` iterations (its `iteration` field, SYS/DoWhile.java: 0 when
   * a list loop had no items).
   * @throws UsageError when the task is not a DO_WHILE.
   * @example expect(trace).toHaveIterated('poll_loop', 3);
   */
  toHaveIterated(loopRef: string, n: number): R;
  /**
   * The top-level workflow reached a terminal status within this much virtual time of its start
   * (`'90s'`, `'1h30m'`, `'2d'`, `'250ms'`, or a number of ms).
   * @example expect(trace).toHaveFinishedWithin('2h');
   */
  toHaveFinishedWithin(duration: string | number): R;
}

/**
 * What a matcher reads from the runner's `this`: jest and vitest both provide these
 * (jest types `isNot` as optional, so ours is too).
 */
export interface MatcherContextLike {
  readonly isNot?: boolean;
  /** `'resolves'` / `'rejects'` when chained after them. */
  readonly promise?: string;
  /** The runner's deep equality; understands asymmetric matchers. */
  equals?(actual: unknown, expected: unknown): boolean;
}

/** What every matcher returns (jest's and vitest's `SyncExpectationResult`). */
export interface TraceMatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
  /** Set when `pass` is false: the value the runner diffs against `expected`. */
  readonly actual?: unknown;
  readonly expected?: unknown;
}

/** One matcher as a plain function. */
export type TraceMatcherFn<A extends readonly unknown[]> = (this: MatcherContextLike, received: unknown, ...args: A) => TraceMatcherResult;

/** The shape of {@link traceMatchers}: one plain function per entry of {@link TraceMatchers}. */
export type TraceMatcherFunctions = {
  readonly [K in keyof TraceMatchers]: TraceMatcherFn<Parameters<TraceMatchers[K]>>;
};

/** A matcher's finding, before it is turned into a message. */
interface Verdict {
  readonly pass: boolean;
  /** `workflow "order_flow"`, `task "charge"`. */
  readonly subject: string;
  /** What the positive form expects, starting with `to`. */
  readonly predicate: string;
  /** What the `.not` form expects. @defaultValue `not ${predicate}` */
  readonly negated?: string;
  /** What did happen (explains `pass`): the text after "but"; built only for a message. */
  readonly observed: () => string;
  /** Tasks marked `>` in the timeline. */
  readonly marks: readonly TaskRun[];
  readonly actual?: unknown;
  readonly expected?: unknown;
}

const RAN_BY_STATUS: ReadonlySet<string> = new Set(['IN_PROGRESS', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'FAILED_WITH_TERMINAL_ERROR']);
const FAILED_TASK_STATUSES: ReadonlySet<string> = new Set(['FAILED', 'FAILED_WITH_TERMINAL_ERROR', 'TIMED_OUT', 'CANCELED']);
const TASK_STATUSES: readonly string[] = Object.values(TaskStatus);
const MAX_LISTED = 8;

/** The matchers; register them with `expect.extend(traceMatchers)`. */
export const traceMatchers: TraceMatcherFunctions = {
  toHaveCompleted(received) {
    const trace = receivedTrace(received, 'toHaveCompleted');
    return finish(this, 'toHaveCompleted', [], trace, workflowStatusVerdict(trace, 'COMPLETED', undefined));
  },

  toHaveFailed(received, reason) {
    const trace = receivedTrace(received, 'toHaveFailed');
    checkReason(reason, 'toHaveFailed');
    return finish(this, 'toHaveFailed', reason === undefined ? [] : [reason], trace, workflowStatusVerdict(trace, 'FAILED', reason));
  },

  toHaveTimedOut(received) {
    const trace = receivedTrace(received, 'toHaveTimedOut');
    return finish(this, 'toHaveTimedOut', [], trace, workflowStatusVerdict(trace, 'TIMED_OUT', undefined));
  },

  toHaveBeenTerminated(received, reason) {
    const trace = receivedTrace(received, 'toHaveBeenTerminated');
    checkReason(reason, 'toHaveBeenTerminated');
    return finish(this, 'toHaveBeenTerminated', reason === undefined ? [] : [reason], trace, workflowStatusVerdict(trace, 'TERMINATED', reason));
  },

  toHaveExecuted(received, ref) {
    const trace = receivedTrace(received, 'toHaveExecuted');
    checkRef(ref, 'toHaveExecuted');
    return finish(this, 'toHaveExecuted', [ref], trace, executedVerdict(trace, ref, true));
  },

  toNotHaveExecuted(received, ref) {
    const trace = receivedTrace(received, 'toNotHaveExecuted');
    checkRef(ref, 'toNotHaveExecuted');
    return finish(this, 'toNotHaveExecuted', [ref], trace, executedVerdict(trace, ref, false));
  },

  toHaveExecutedInOrder(received, refs) {
    const trace = receivedTrace(received, 'toHaveExecutedInOrder');
    if (!Array.isArray(refs) || refs.length === 0 || !refs.every((ref) => typeof ref === 'string' && ref !== '')) {
      throw new UsageError(`toHaveExecutedInOrder: expected a non-empty array of task refs, got ${printValue(refs)}`);
    }
    const duplicate = refs.find((ref, i) => refs.indexOf(ref) !== i);
    if (duplicate !== undefined) throw new UsageError(`toHaveExecutedInOrder: "${duplicate}" is listed twice; each ref's first run is compared once`);
    return finish(this, 'toHaveExecutedInOrder', [refs], trace, inOrderVerdict(trace, refs));
  },

  toHaveRetried(received, ref, times) {
    const trace = receivedTrace(received, 'toHaveRetried');
    checkRef(ref, 'toHaveRetried');
    checkCount(times, 'toHaveRetried', 'times');
    const { tasks, missing } = locate(trace, ref);
    const retries = tasks.filter((task) => task.retried).length;
    const verdict: Verdict = {
      pass: tasks.length > 0 && retries === times,
      subject: `task "${ref}"`,
      predicate: `to have been retried ${plural(times, 'time')}`,
      observed: () => (tasks.length === 0 ? missing : `it was retried ${plural(retries, 'time')}: ${listAttempts(trace, runTexts(trace), tasks)}`),
      marks: tasks,
      actual: retries,
      expected: times,
    };
    return finish(this, 'toHaveRetried', [ref, times], trace, verdict);
  },

  toHaveTakenBranch(received, switchRef, caseName) {
    const trace = receivedTrace(received, 'toHaveTakenBranch');
    checkRef(switchRef, 'toHaveTakenBranch');
    if (typeof caseName !== 'string') throw new UsageError(`toHaveTakenBranch: the case name must be a string (Conductor compares case values as text), got ${printValue(caseName)}`);
    const { tasks, missing } = locate(trace, switchRef);
    const switches = tasks.filter((task) => task.taskType === 'SWITCH' || task.taskType === 'DECISION');
    const first = tasks[0];
    if (first !== undefined && switches.length === 0) {
      throw new UsageError(`toHaveTakenBranch: task "${switchRef}" is a ${first.taskType} task; this matcher reads SWITCH and DECISION tasks`);
    }
    const cases = switches.map((task) => caseOf(task));
    const observed = (): string =>
      switches.length === 0
        ? missing
        : switches.length === 1
          ? `it evaluated to ${printCase(cases[0])}`
          : `its evaluations were ${switches.map((task, i) => `${printCase(cases[i])} (${task.referenceTaskName})`).join(', ')}`;
    const verdict: Verdict = {
      pass: cases.includes(caseName),
      subject: `${switches[0]?.taskType ?? 'SWITCH'} "${switchRef}"`,
      predicate: `to have taken the branch "${caseName}"`,
      observed,
      marks: switches,
      actual: cases.length === 1 ? cases[0] : cases,
      expected: caseName,
    };
    return finish(this, 'toHaveTakenBranch', [switchRef, caseName], trace, verdict);
  },

  toHaveTaskStatus(received, ref, status) {
    const trace = receivedTrace(received, 'toHaveTaskStatus');
    checkRef(ref, 'toHaveTaskStatus');
    if (typeof status !== 'string' || !TASK_STATUSES.includes(status)) {
      throw new UsageError(`toHaveTaskStatus: unknown task status ${printValue(status)}; one of ${TASK_STATUSES.join(', ')}`);
    }
    const { tasks, missing } = locate(trace, ref);
    const last = lastOf(tasks);
    const verdict: Verdict = {
      pass: last?.status === status,
      subject: `task "${ref}"`,
      predicate: `to be ${status}`,
      observed: () => (last === undefined ? missing : `its latest attempt (${attemptLabel(trace, last)}) is ${last.status}${reasonSuffix(runTexts(trace), last)}`),
      marks: last === undefined ? [] : [last],
      ...(last === undefined ? {} : { actual: last.status }),
      expected: status,
    };
    return finish(this, 'toHaveTaskStatus', [ref, status], trace, verdict);
  },

  toHaveTaskInput(received, ref, partial) {
    const trace = receivedTrace(received, 'toHaveTaskInput');
    checkRef(ref, 'toHaveTaskInput');
    checkPartial(partial, 'toHaveTaskInput');
    return finish(this, 'toHaveTaskInput', [ref, partial], trace, taskDataVerdict(this, trace, ref, partial, 'input'));
  },

  toHaveTaskOutput(received, ref, partial) {
    const trace = receivedTrace(received, 'toHaveTaskOutput');
    checkRef(ref, 'toHaveTaskOutput');
    checkPartial(partial, 'toHaveTaskOutput');
    return finish(this, 'toHaveTaskOutput', [ref, partial], trace, taskDataVerdict(this, trace, ref, partial, 'output'));
  },

  toHaveWorkflowOutput(received, partial) {
    const trace = receivedTrace(received, 'toHaveWorkflowOutput');
    checkPartial(partial, 'toHaveWorkflowOutput');
    const workflow = trace.workflow;
    const status = workflow.status === 'COMPLETED' ? '' : `it is ${workflow.status} and `;
    const verdict: Verdict = {
      pass: matchesSubset(workflow.output, partial, equalsOf(this)),
      subject: workflowLabel(workflow),
      predicate: `to have output matching ${printValue(partial)}`,
      observed: () => `${status}its output is ${printValue(workflow.output, 400)}`,
      marks: [],
      actual: subsetView(workflow.output, partial),
      expected: partial,
    };
    return finish(this, 'toHaveWorkflowOutput', [partial], trace, verdict);
  },

  toHaveIterated(received, loopRef, n) {
    const trace = receivedTrace(received, 'toHaveIterated');
    checkRef(loopRef, 'toHaveIterated');
    checkCount(n, 'toHaveIterated', 'n');
    const { tasks, missing } = locate(trace, loopRef);
    const loops = tasks.filter((task) => task.taskType === 'DO_WHILE');
    const first = tasks[0];
    if (first !== undefined && loops.length === 0) {
      throw new UsageError(`toHaveIterated: task "${loopRef}" is a ${first.taskType} task; this matcher reads DO_WHILE tasks`);
    }
    const loop = lastOf(loops);
    const verdict: Verdict = {
      pass: loop?.iteration === n,
      subject: `DO_WHILE "${loopRef}"`,
      predicate: `to have run ${plural(n, 'iteration')}`,
      observed: () => (loop === undefined ? missing : `it ran ${plural(loop.iteration, 'iteration')} and is ${loop.status}${reasonSuffix(runTexts(trace), loop)}`),
      marks: loop === undefined ? [] : [loop],
      ...(loop === undefined ? {} : { actual: loop.iteration }),
      expected: n,
    };
    return finish(this, 'toHaveIterated', [loopRef, n], trace, verdict);
  },

  toHaveFinishedWithin(received, duration) {
    const trace = receivedTrace(received, 'toHaveFinishedWithin');
    const limit = parseVirtualDuration(duration, 'toHaveFinishedWithin');
    const workflow = trace.workflow;
    const terminal = isTerminalWorkflowStatus(workflow.status);
    const took = workflow.endTime - workflow.createTime;
    const slowest = slowestTask(workflow);
    const slowestText = slowest === undefined ? '' : `; its longest task was ${slowest.referenceTaskName} (${formatDuration(slowest.endTime - slowest.scheduledTime)})`;
    const waiting = workflow.tasks.filter((task) => !isTerminalTaskStatus(task.status));
    const verdict: Verdict = {
      pass: terminal && took <= limit,
      subject: workflowLabel(workflow),
      predicate: `to finish within ${formatDuration(limit)}`,
      negated: `to still be running or to finish after ${formatDuration(limit)}`,
      observed: () =>
        terminal
          ? `it ended ${workflow.status} after ${formatDuration(took)}${slowestText}`
          : `it is still ${workflow.status}${waiting.length === 0 ? '' : `, waiting on ${waiting.map((task) => `${task.referenceTaskName} (${task.status})`).join(', ')}`}`,
      marks: terminal ? (slowest === undefined ? [] : [slowest]) : waiting,
      actual: terminal ? formatDuration(took) : workflow.status,
      expected: `<= ${formatDuration(limit)}`,
    };
    return finish(this, 'toHaveFinishedWithin', [duration], trace, verdict);
  },
};

// ---------------------------------------------------------------------------------------------
// Verdicts

function workflowStatusVerdict(trace: Trace, want: WorkflowStatus, reason: string | RegExp | undefined): Verdict {
  const workflow = trace.workflow;
  const statusOk = workflow.status === want;
  const actualReason = workflow.reasonForIncompletion ?? '';
  const texts = runTexts(trace);
  // search() ignores lastIndex, so a /g or /y RegExp gives the same answer on every call.
  const reasonOk = reason === undefined || (typeof reason === 'string' ? actualReason.includes(reason) : actualReason.search(reason) !== -1);
  const ended = isTerminalWorkflowStatus(workflow.status) && workflow.endTime > 0 ? ` at ${formatOffset(workflow.endTime - trace.startedAt)}` : '';
  const waiting = workflow.tasks.filter((task) => !isTerminalTaskStatus(task.status));
  const detail = (): string =>
    workflow.status === 'RUNNING' || workflow.status === 'PAUSED'
      ? waiting.length === 0
        ? ''
        : `, waiting on ${waiting.map((task) => `${task.referenceTaskName} (${task.status})`).join(', ')}`
      : actualReason === ''
        ? ''
        : `: ${shorten(texts.reason(workflow.workflowId) ?? actualReason, 240)}`;
  const predicate =
    reason === undefined
      ? `to be ${want}`
      : typeof reason === 'string'
        ? `to be ${want} with a reason containing ${JSON.stringify(reason)}`
        : `to be ${want} with a reason matching ${String(reason)}`;
  return {
    pass: statusOk && reasonOk,
    subject: workflowLabel(workflow),
    predicate,
    observed: () => `it is ${workflow.status}${ended}${detail()}`,
    marks: workflow.status === 'RUNNING' || workflow.status === 'PAUSED' ? waiting : failedTasks(workflow),
    ...(statusOk && reason !== undefined
      ? { actual: actualReason, expected: typeof reason === 'string' ? reason : String(reason) }
      : { actual: workflow.status, expected: want }),
  };
}

function executedVerdict(trace: Trace, ref: string, wantRan: boolean): Verdict {
  const { tasks, missing } = locate(trace, ref);
  const ran = tasks.filter(hasRun);
  const texts = runTexts(trace);
  const observed = (): string =>
    ran.length > 0
      ? `it ran: ${listAttempts(trace, texts, ran)}`
      : tasks.length === 0
        ? missing
        : `it never started: ${listAttempts(trace, texts, tasks)}`;
  return {
    pass: wantRan ? ran.length > 0 : ran.length === 0,
    subject: `task "${ref}"`,
    predicate: wantRan ? 'to have run' : 'never to have run',
    negated: wantRan ? 'never to have run' : 'to have run',
    observed,
    marks: ran.length > 0 ? ran : tasks,
  };
}

function inOrderVerdict(trace: Trace, refs: readonly string[]): Verdict {
  const order = orderKeys(trace);
  const firsts = refs.map((ref) => {
    const { tasks, missing } = locate(trace, ref);
    const first = tasks.filter(hasRun).sort((a, b) => compareKeys(order(a), order(b)))[0];
    return { ref, first, missing: tasks.length === 0 ? missing : `"${ref}" never started` };
  });
  const ran = firsts.filter((entry): entry is { ref: string; first: TaskRun; missing: string } => entry.first !== undefined);
  const sorted = [...ran].sort((a, b) => compareKeys(order(a.first), order(b.first)));
  const absent = firsts.filter((entry) => entry.first === undefined);
  const inOrder = absent.length === 0 && sorted.every((entry, i) => entry.ref === refs[i]);
  const listing = sorted.map((entry) => `${entry.ref} (${formatOffset(entry.first.scheduledTime - trace.startedAt)})`).join(', ');
  const observed = (): string =>
    absent.length > 0
      ? `${absent.map((entry) => entry.missing).join('; ')}${sorted.length > 0 ? `; the others first ran in the order ${listing}` : ''}`
      : inOrder
        ? `they first ran in that order: ${listing}`
        : `they first ran in the order ${listing}`;
  return {
    pass: inOrder,
    subject: 'the tasks',
    predicate: `to have first run in the order ${refs.join(', ')}`,
    observed,
    marks: sorted.map((entry) => entry.first),
    actual: sorted.map((entry) => entry.ref),
    expected: [...refs],
  };
}

function taskDataVerdict(context: MatcherContextLike, trace: Trace, ref: string, partial: Readonly<Record<string, unknown>>, which: 'input' | 'output'): Verdict {
  const { tasks, missing } = locate(trace, ref);
  const last = lastOf(tasks);
  const data = last === undefined ? undefined : which === 'input' ? last.inputData : last.outputData;
  return {
    pass: data !== undefined && matchesSubset(data, partial, equalsOf(context)),
    subject: `task "${ref}"`,
    predicate: `to have ${which} matching ${printValue(partial)}`,
    observed: () => (last === undefined ? missing : `its latest attempt (${attemptLabel(trace, last)}, ${last.status}) had ${which} ${printValue(data, 400)}`),
    marks: last === undefined ? [] : [last],
    ...(data === undefined ? {} : { actual: subsetView(data, partial) }),
    expected: partial,
  };
}

// ---------------------------------------------------------------------------------------------
// Building the result

function finish(context: MatcherContextLike, name: string, args: readonly unknown[], trace: Trace, verdict: Verdict): TraceMatcherResult {
  const message = (): string => {
    const isNot = context.isNot === true;
    const chain = `${context.promise !== undefined && context.promise !== '' ? `${context.promise}.` : ''}${isNot ? 'not.' : ''}`;
    const hint = `expect(received).${chain}${name}(${args.map((arg) => printValue(arg)).join(', ')})`;
    const expectation = isNot ? (verdict.negated ?? `not ${verdict.predicate}`) : verdict.predicate;
    const marked = new Set(verdict.marks.map((task) => task.taskId));
    const markNote = verdict.marks.length === 0 ? '' : ` (> marks ${describeMarks(verdict.marks)})`;
    return [
      hint,
      '',
      `Expected ${verdict.subject} ${expectation}, but ${verdict.observed()}.`,
      '',
      `Timeline${markNote}:`,
      markedTimeline(trace, marked),
    ].join('\n');
  };
  // The diff helps only when the positive form failed; for a failed `.not` both sides agree.
  if (verdict.pass || !('expected' in verdict)) return { pass: verdict.pass, message };
  return { pass: false, message, actual: verdict.actual, expected: verdict.expected };
}

function describeMarks(marks: readonly TaskRun[]): string {
  const refs: string[] = [];
  for (const task of marks) if (!refs.includes(task.referenceTaskName)) refs.push(task.referenceTaskName);
  return refs.length <= MAX_LISTED ? refs.join(', ') : `${refs.slice(0, MAX_LISTED).join(', ')}, …`;
}

// ---------------------------------------------------------------------------------------------
// Reading the trace

/**
 * The trace a matcher was given: a Trace, or a WorkflowSession's `.trace()`.
 * @throws UsageError naming what was received otherwise.
 */
function receivedTrace(received: unknown, matcher: string): Trace {
  if (isTrace(received)) return received;
  if (typeof received === 'object' && received !== null && typeof (received as { trace?: unknown }).trace === 'function') {
    const trace: unknown = (received as { trace: () => unknown }).trace();
    if (isTrace(trace)) return trace;
  }
  const what =
    received instanceof Promise
      ? 'a Promise (await runWorkflow(...) first, or use expect(promise).resolves)'
      : received === null
        ? 'null'
        : Array.isArray(received)
          ? 'an array'
          : typeof received === 'object'
            ? `an object with keys ${printValue(Object.keys(received))}`
            : `${typeof received} ${printValue(received)}`;
  throw new UsageError(`${matcher}: expected a Trace (from runWorkflow) or a WorkflowSession (from startWorkflow), received ${what}`);
}

/** See {@link TraceMatchers.toHaveExecuted}. */
function hasRun(task: TaskRun): boolean {
  return task.startTime > 0 || RAN_BY_STATUS.has(task.status);
}

/** The case value a SWITCH/DECISION task recorded (MAP/SwitchTaskMapper.java, MAP/DecisionTaskMapper.java). */
function caseOf(task: TaskRun): string | undefined {
  const output = task.outputData;
  const candidates: unknown[] = [output['selectedCase'], first(output['evaluationResult']), first(output['caseOutput']), task.inputData['case']];
  const found = candidates.find((value) => value !== undefined && value !== null);
  return found === undefined ? undefined : typeof found === 'string' ? found : JSON.stringify(found);
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? (value[0] as unknown) : undefined;
}

function printCase(value: string | undefined): string {
  return value === undefined ? 'no case (it recorded none)' : JSON.stringify(value);
}

/** The attempts of a task whose failure made the workflow end as it did. */
function failedTasks(workflow: WorkflowRun): TaskRun[] {
  const named = workflow.failedReferenceTaskNames;
  const latest = new Map<string, TaskRun>();
  for (const task of workflow.tasks) latest.set(task.referenceTaskName, task);
  const byName = named.flatMap((ref) => {
    const task = latest.get(ref);
    return task === undefined ? [] : [task];
  });
  if (byName.length > 0) return byName;
  return [...latest.values()].filter((task) => FAILED_TASK_STATUSES.has(task.status) || task.taskType === 'TERMINATE');
}

function slowestTask(workflow: WorkflowRun): TaskRun | undefined {
  let slowest: TaskRun | undefined;
  for (const task of workflow.tasks) {
    if (task.scheduledTime === 0 || task.endTime === 0) continue;
    if (slowest === undefined || task.endTime - task.scheduledTime > slowest.endTime - slowest.scheduledTime) slowest = task;
  }
  return slowest;
}

/** `#2 at +5s` or `#1 of iteration 3 at +1m00s`: attempt, loop iteration, scheduled offset. */
function attemptLabel(trace: Trace, task: TaskRun): string {
  const at = task.scheduledTime === 0 ? 'never scheduled' : `at ${formatOffset(task.scheduledTime - trace.startedAt)}`;
  return `#${task.retryCount + 1}${task.iteration > 0 && baseRefOf(task) !== task.referenceTaskName ? ` of iteration ${task.iteration}` : ''} ${at}`;
}

/** `charge #1 at +1s FAILED (card declined); charge #2 at +8s COMPLETED`. */
function listAttempts(trace: Trace, texts: RunTexts, tasks: readonly TaskRun[]): string {
  const shown = tasks.slice(0, MAX_LISTED).map((task) => {
    const reason = reasonOf(texts, task);
    return `${task.referenceTaskName} ${attemptLabel(trace, task)} ${task.status}${reason === '' ? '' : ` (${shorten(reason, 80)})`}`;
  });
  return `${shown.join('; ')}${tasks.length > MAX_LISTED ? `; … ${tasks.length - MAX_LISTED} more` : ''}`;
}

function reasonSuffix(texts: RunTexts, task: TaskRun): string {
  const reason = reasonOf(texts, task);
  return reason === '' ? '' : `: ${shorten(reason, 160)}`;
}

/** A task's reason with run ids as tokens (`task#4`), as the timeline prints it. */
function reasonOf(texts: RunTexts, task: TaskRun): string {
  const reason = task.reasonForIncompletion;
  if (reason === undefined || reason === '') return '';
  return texts.reason(task.taskId) ?? reason;
}

type OrderKey = readonly number[];

/**
 * A total order of task instances: the position of the task's first event in the log when every
 * task has one; otherwise scheduled time, then the workflow's position in the trace, then `seq`.
 */
function orderKeys(trace: Trace): (task: TaskRun) => OrderKey {
  const firstEvent = new Map<string, number>();
  for (const event of trace.events) if (event.taskId !== undefined && !firstEvent.has(event.taskId)) firstEvent.set(event.taskId, event.n);
  const workflowIndex = new Map(trace.workflows.map((workflow, i) => [workflow.workflowId, i]));
  const useEvents = trace.workflows.every((workflow) => workflow.tasks.every((task) => firstEvent.has(task.taskId)));
  return (task) => {
    if (useEvents) return [firstEvent.get(task.taskId) ?? 0];
    return [task.scheduledTime, workflowIndex.get(task.workflowInstanceId) ?? 0, task.seq];
  };
}

function compareKeys(a: OrderKey, b: OrderKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function workflowLabel(workflow: WorkflowRun): string {
  return `workflow "${workflow.workflowName}"`;
}

function equalsOf(context: MatcherContextLike): Equals {
  const equals = context.equals;
  return typeof equals === 'function' ? (a, b) => equals.call(context, a, b) : jsonEquals;
}

/** A length of virtual time, printed like an offset without its sign: `1h00m00s`. */
function formatDuration(ms: number): string {
  return formatOffset(ms).replace(/^[+-]/, '');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

// ---------------------------------------------------------------------------------------------
// Argument checks (misuse throws, STYLE 3.2)

function checkRef(ref: unknown, matcher: string): void {
  if (typeof ref !== 'string' || ref === '') throw new UsageError(`${matcher}: expected a task reference name, got ${printValue(ref)}`);
}

function checkReason(reason: unknown, matcher: string): void {
  if (reason !== undefined && typeof reason !== 'string' && !(reason instanceof RegExp)) {
    throw new UsageError(`${matcher}: the reason must be a string or a RegExp, got ${printValue(reason)}`);
  }
}

function checkCount(value: unknown, matcher: string, name: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new UsageError(`${matcher}: ${name} must be an integer >= 0, got ${printValue(value)}`);
  }
}

function checkPartial(value: unknown, matcher: string): void {
  if (!isPlainObject(value)) throw new UsageError(`${matcher}: expected an object of the fields to match, got ${printValue(value)}`);
}
