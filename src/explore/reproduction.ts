/**
 * Turns a run of a scenario into things a person pastes: a WorkflowTestRequest (the body of
 * `POST /api/workflow/test`, replayed in memory by `conductor-testkit run`) and a vitest test that
 * uses the TypeScript mock builders. Both are built from the answers actually given during the
 * run, in order, so they reproduce it exactly in simulate mode.
 *
 * `taskRefToMockOutput` is keyed by runtime ref (`ref__2` inside loops) and lists one mock per
 * attempt, as the server consumes them (engine-semantics §7.4). A worker that never answers has
 * no TaskMock form: it is written as a COMPLETED mock whose `executionTime` outlasts the task's
 * timeout, which the simulate engine turns into the same timeout (the answer arrives too late).
 */
import type { JsonObject, SubWorkflowTestRequest, TaskMock, WorkflowDef, WorkflowTestRequest } from '../definitions/index.js';
import type { WorkerAnswer } from '../engine/index.js';
import type { Trace, WorkflowRun } from '../trace/index.js';
import type { WorkflowModel } from './analyse-workflow.js';
import type { AnsweredAttempt } from './run-scenario.js';

/** Milliseconds past a task's timeout used for a "never answers" mock. */
const LATE_BY_MS = 1000;
/** `executionTime` for a silent worker on a task without a known timeout (one hour past the default response timeout). */
const FALLBACK_SILENCE_MS = 7_200_000;

function toTaskMock(answer: WorkerAnswer, timeoutMs: number | undefined): TaskMock {
  if (answer.kind === 'result') {
    return {
      status: answer.status,
      output: structuredClone(answer.output) as JsonObject,
      ...(answer.latencyMs !== undefined && answer.latencyMs > 0 ? { executionTime: answer.latencyMs } : {}),
      ...(answer.queueWaitMs !== undefined && answer.queueWaitMs > 0 ? { queueWaitTime: answer.queueWaitMs } : {}),
    };
  }
  return { status: 'COMPLETED', output: {}, executionTime: (timeoutMs ?? FALLBACK_SILENCE_MS - LATE_BY_MS) + LATE_BY_MS };
}

function mocksFor(answers: readonly AnsweredAttempt[], workflowId: string, model: WorkflowModel | undefined): Record<string, TaskMock[]> {
  const timeouts = new Map((model?.answerable ?? []).map((t) => [t.ref, t.timeoutMs]));
  const out: Record<string, TaskMock[]> = {};
  for (const a of answers) {
    if (a.workflowId !== workflowId) continue;
    (out[a.ref] ??= []).push(toTaskMock(a.answer, timeouts.get(a.baseRef)));
  }
  return out;
}

function childRequests(trace: Trace, parent: WorkflowRun, answers: readonly AnsweredAttempt[]): Record<string, SubWorkflowTestRequest> | undefined {
  const out: Record<string, SubWorkflowTestRequest> = {};
  for (const child of trace.workflows) {
    if (child.parentWorkflowId !== parent.workflowId) continue;
    const task = parent.tasks.find((t) => t.taskId === child.parentWorkflowTaskId);
    if (task === undefined) continue;
    const mocks = mocksFor(answers, child.workflowId, undefined);
    const nested = childRequests(trace, child, answers);
    if (Object.keys(mocks).length === 0 && nested === undefined) continue;
    out[task.referenceTaskName] = {
      ...(Object.keys(mocks).length > 0 ? { taskRefToMockOutput: mocks } : {}),
      ...(nested !== undefined ? { subWorkflowTestRequest: nested } : {}),
    } as SubWorkflowTestRequest;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * The WorkflowTestRequest that replays a run in simulate mode (`runWorkflow(request)` or
 * `conductor-testkit run request.json`).
 */
export function toTestRequest(def: WorkflowDef, input: JsonObject, trace: Trace, answers: readonly AnsweredAttempt[], model?: WorkflowModel): WorkflowTestRequest {
  const children = childRequests(trace, trace.workflow, answers);
  return {
    name: def.name,
    version: def.version ?? 1,
    input: structuredClone(input),
    workflowDef: def,
    taskRefToMockOutput: mocksFor(answers, trace.workflow.workflowId, model),
    ...(children !== undefined ? { subWorkflowTestRequest: children } : {}),
  } as WorkflowTestRequest;
}

function literal(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

/** Failed attempts without a reason have no builder (the builders always set one): named constants. */
const PLAIN_FAILURES = {
  FAILED: `const failed = { kind: 'result', status: 'FAILED', output: {} } as const;`,
  FAILED_WITH_TERMINAL_ERROR: `const terminal = { kind: 'result', status: 'FAILED_WITH_TERMINAL_ERROR', output: {} } as const;`,
} as const;

function builderCall(answer: WorkerAnswer): string {
  if (answer.kind === 'no-response') return 'noResponse()';
  if (answer.kind === 'no-poll') return 'noPoll()';
  const timing = answer.latencyMs !== undefined && answer.latencyMs > 0 ? `, { latency: ${answer.latencyMs} }` : '';
  const reason = answer.reasonForIncompletion;
  const plain = (reason === undefined || reason === null) && timing === '' && Object.keys(answer.output).length === 0;
  switch (answer.status) {
    case 'COMPLETED':
      return `ok(${JSON.stringify(answer.output)}${timing})`;
    case 'FAILED':
      return plain ? 'failed' : `fail(${JSON.stringify(reason ?? 'mock failure')}, ${JSON.stringify(answer.output)}${timing})`;
    case 'FAILED_WITH_TERMINAL_ERROR':
      return plain ? 'terminal' : `terminalError(${JSON.stringify(reason ?? 'mock terminal error')}, ${JSON.stringify(answer.output)}${timing})`;
    case 'CANCELED':
      return `canceled(${JSON.stringify(answer.output)}${timing})`;
    case 'IN_PROGRESS':
      return `inProgress(${JSON.stringify(answer.output)}${timing})`;
  }
}

function mockSetSource(trace: Trace, wf: WorkflowRun, answers: readonly AnsweredAttempt[], indent: string): string | undefined {
  const byRef = new Map<string, string[]>();
  for (const a of answers) {
    if (a.workflowId !== wf.workflowId) continue;
    const list = byRef.get(a.baseRef) ?? [];
    list.push(builderCall(a.answer));
    byRef.set(a.baseRef, list);
  }
  const children: string[] = [];
  for (const child of trace.workflows) {
    if (child.parentWorkflowId !== wf.workflowId) continue;
    const task = wf.tasks.find((t) => t.taskId === child.parentWorkflowTaskId);
    const inner = task === undefined ? undefined : mockSetSource(trace, child, answers, `${indent}    `);
    if (task !== undefined && inner !== undefined) children.push(`${indent}    ${JSON.stringify(task.referenceTaskName)}: ${inner},`);
  }
  if (byRef.size === 0 && children.length === 0) return undefined;
  const lines = ['{'];
  if (byRef.size > 0) {
    lines.push(`${indent}  byRef: {`);
    for (const [ref, calls] of byRef) lines.push(`${indent}    ${JSON.stringify(ref)}: [${calls.join(', ')}],`);
    lines.push(`${indent}  },`);
  }
  if (children.length > 0) lines.push(`${indent}  children: {`, ...children, `${indent}  },`);
  lines.push(`${indent}}`);
  return lines.join('\n');
}

/** What the printed test needs besides the run. */
export interface VitestSourceOptions {
  /** Test name. */
  readonly title: string;
  /** Path of the definition file, relative to the project root (read at test time); else the definition is inlined. */
  readonly definitionPath?: string;
  /** Comment lines placed above the assertions (the invariant and its message). */
  readonly notes?: readonly string[];
}

/**
 * A vitest test that replays a run with the TypeScript mock builders and pins the path it took
 * (final status and every task's ref and status).
 */
export function toVitestSource(def: WorkflowDef, input: JsonObject, trace: Trace, answers: readonly AnsweredAttempt[], options: VitestSourceOptions): string {
  const mocks = mockSetSource(trace, trace.workflow, answers, '    ') ?? '{}';
  const used = new Set<string>();
  for (const name of ['ok', 'fail', 'terminalError', 'canceled', 'inProgress', 'noResponse', 'noPoll']) if (new RegExp(`\\b${name}\\(`).test(mocks)) used.add(name);
  const imports = ['runWorkflow', ...used].join(', ');
  const constants = [
    ...(/\bfailed\b/.test(mocks) ? [PLAIN_FAILURES.FAILED] : []),
    ...(/\bterminal\b/.test(mocks) ? [PLAIN_FAILURES.FAILED_WITH_TERMINAL_ERROR] : []),
  ];
  const defLines = options.definitionPath !== undefined
    ? [`import { readFileSync } from 'node:fs';`, '', `const workflowDef = JSON.parse(readFileSync(${JSON.stringify(options.definitionPath)}, 'utf8'));`]
    : ['', `const workflowDef = ${literal(def, '')};`];
  const path = trace.workflow.tasks.map((t) => `${t.referenceTaskName}:${t.status}`);
  return [
    `import { describe, it, expect } from 'vitest';`,
    `import { ${imports} } from 'conductor-testkit';`,
    ...defLines,
    ...(constants.length > 0 ? ['// Failed attempts without a reason, as a WorkflowTestRequest mock gives them.', ...constants] : []),
    '',
    `describe(${JSON.stringify(`${def.name} exploration`)}, () => {`,
    `  it(${JSON.stringify(options.title)}, async () => {`,
    `    const trace = await runWorkflow(`,
    `      { workflowDef, input: ${literal(input, '      ')} },`,
    `      { unmocked: 'error', mocks: ${mocks.replace(/\n/g, '\n  ')} },`,
    `    );`,
    '',
    ...(options.notes ?? []).map((n) => `    // ${n}`),
    `    expect(trace.workflow.status).toBe(${JSON.stringify(trace.workflow.status)});`,
    `    expect(trace.workflow.tasks.map((t) => \`\${t.referenceTaskName}:\${t.status}\`)).toEqual(${literal(path, '    ')});`,
    `  });`,
    `});`,
    '',
  ].join('\n');
}
