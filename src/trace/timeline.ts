/**
 * A compact, readable text timeline of a trace, for snapshots and failure messages.
 *
 * @packageDocumentation
 */

import type { Trace } from './model.js';
import { normalizeTrace, type NormalizedTask, type NormalizedWorkflow } from './normalize.js';

/** Options of {@link formatTimeline}. */
export interface TimelineOptions {
  /** Longest reason printed before it is cut with `…`. @defaultValue 60 */
  readonly reasonLength?: number;
}

const INDENT = '  ';

/**
 * One line per task in list (`seq`) order, under a header line per workflow:
 * ```
 * wf#1 order_flow v1 COMPLETED
 *   +0s  validate  validate      COMPLETED  #1
 *   +0s  charge    charge        FAILED     #1       Task task#2 failed with status: FAILED and…
 *   +0s  charge    charge        COMPLETED  #2
 *   +0s  child     SUB_WORKFLOW  COMPLETED  #1
 *     wf#2 child_flow v1 COMPLETED
 *       +0s  x  x  COMPLETED  #1
 * ```
 * Columns: offset of `startTime` from the start of the run (of `scheduledTime` for a task that never
 * started; `-` when never scheduled), runtime
 * reference name, `taskType`, status, attempt (`#2` is `retryCount` 1), `iter N` inside loops,
 * then the reason cut to `reasonLength`. Ids in reasons are tokens, as in {@link serializeTrace}.
 * A child workflow is printed, indented, under the task whose `subWorkflowId` points to it;
 * workflows no task points to (failure workflows, START_WORKFLOW targets) follow at the end.
 * Columns are aligned within one workflow; a column empty on every line is left out; trailing
 * spaces are trimmed. Pure.
 */
export function formatTimeline(trace: Trace, options: TimelineOptions = {}): string {
  const reasonLength = options.reasonLength ?? 60;
  const normalized = normalizeTrace(trace, { events: false, messages: false });
  const byId = new Map(normalized.workflows.map((workflow) => [workflow.workflowId, workflow]));
  const printed = new Set<string>();
  const lines: string[] = [];

  const printWorkflow = (workflow: NormalizedWorkflow, depth: number): void => {
    printed.add(workflow.workflowId);
    const pad = INDENT.repeat(depth);
    const reason = typeof workflow['reasonForIncompletion'] === 'string' ? `: ${shorten(workflow['reasonForIncompletion'], reasonLength)}` : '';
    lines.push(`${pad}${workflow.workflowId} ${workflow.workflowName} v${workflow.workflowVersion} ${workflow.status}${reason}`);
    const rows = workflow.tasks.map((task) => taskColumns(task, reasonLength));
    const widths = columnWidths(rows);
    workflow.tasks.forEach((task, i) => {
      const row = rows[i] ?? [];
      const cells = row.flatMap((cell, c) => ((widths[c] ?? 0) === 0 ? [] : [cell.padEnd(widths[c] ?? 0)]));
      lines.push(`${pad}${INDENT}${cells.join('  ')}`.trimEnd());
      const child = childOf(task, byId);
      if (child !== undefined && !printed.has(child.workflowId)) printWorkflow(child, depth + 2);
    });
  };

  for (const workflow of normalized.workflows) {
    if (!printed.has(workflow.workflowId)) printWorkflow(workflow, 0);
  }
  return lines.join('\n');
}

function taskColumns(task: NormalizedTask, reasonLength: number): string[] {
  // When the attempt started (a retry waits out its delay after it is scheduled); a task that
  // never started shows when it was scheduled.
  const started = task['startTime'];
  const scheduled = task['scheduledTime'];
  const at = typeof started === 'string' && started !== '-' ? started : scheduled;
  const reason = task['reasonForIncompletion'];
  return [
    typeof at === 'string' ? at : '-',
    task.referenceTaskName,
    task.taskType,
    task.status,
    `#${task.retryCount + 1}`,
    task.iteration > 0 ? `iter ${task.iteration}` : '',
    typeof reason === 'string' && reason !== '' ? shorten(reason, reasonLength) : '',
  ];
}

function childOf(task: NormalizedTask, byId: ReadonlyMap<string, NormalizedWorkflow>): NormalizedWorkflow | undefined {
  const direct = task['subWorkflowId'];
  if (typeof direct === 'string') return byId.get(direct);
  const output = task['outputData'];
  if (typeof output === 'object' && output !== null && !Array.isArray(output)) {
    const fromOutput = (output as Readonly<Record<string, unknown>>)['subWorkflowId'];
    if (typeof fromOutput === 'string') return byId.get(fromOutput);
  }
  return undefined;
}

function columnWidths(rows: readonly string[][]): number[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return widths;
}

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, Math.max(0, max - 1))}…`;
}
