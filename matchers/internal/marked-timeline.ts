/**
 * The run's timeline for failure messages, with the tasks a matcher is about marked `>`.
 */
import { formatTimeline, normalizeTrace } from '../../src/trace/index.js';
import type { NormalizedTask, NormalizedWorkflow, Trace } from '../../src/trace/index.js';

/** Lines kept around each marked line when a timeline is too long to print whole. */
const CONTEXT = 4;
/** Longest timeline printed whole. */
const MAX_LINES = 60;

/**
 * {@link formatTimeline} with every line indented by two columns and the lines of `marked` task
 * ids starting with `> `. Long timelines keep the workflow header lines and a few lines around
 * each mark, with `…` for what is left out.
 */
export function markedTimeline(trace: Trace, marked: ReadonlySet<string>): string {
  const lines = formatTimeline(trace).split('\n');
  const keys = lineKeys(trace);
  // formatTimeline belongs to src/trace; if its layout ever stops matching our walk, print it
  // unmarked rather than mark the wrong line.
  const aligned = keys.length === lines.length && keys.every((key, i) => key.ref === undefined || (lines[i] ?? '').includes(key.ref));
  const isMarked = (i: number): boolean => aligned && keys[i]?.taskId !== undefined && marked.has(keys[i]?.taskId ?? '');
  const render = (i: number): string => `${isMarked(i) ? '>' : ' '} ${lines[i] ?? ''}`.trimEnd();
  if (lines.length <= MAX_LINES) return lines.map((_line, i) => render(i)).join('\n');

  const keep = new Set<number>();
  lines.forEach((_line, i) => {
    if (aligned && keys[i]?.taskId === undefined) keep.add(i);
    if (isMarked(i)) for (let j = Math.max(0, i - CONTEXT); j <= Math.min(lines.length - 1, i + CONTEXT); j++) keep.add(j);
  });
  if (![...keep].some((i) => isMarked(i))) {
    for (let i = 0; i < 30; i++) keep.add(i);
    for (let i = lines.length - 15; i < lines.length; i++) keep.add(i);
  }
  const out: string[] = [];
  let skipped = 0;
  lines.forEach((_line, i) => {
    if (keep.has(i)) {
      if (skipped > 0) out.push(`  … ${skipped} more line${skipped === 1 ? '' : 's'}`);
      skipped = 0;
      out.push(render(i));
    } else skipped++;
  });
  if (skipped > 0) out.push(`  … ${skipped} more line${skipped === 1 ? '' : 's'}`);
  return out.join('\n');
}

interface LineKey {
  readonly taskId?: string;
  readonly ref?: string;
}

/**
 * What each line of {@link formatTimeline} shows, in its order: a header per workflow, one line
 * per task, and a child workflow right after the task that started it (see its doc comment).
 */
function lineKeys(trace: Trace): LineKey[] {
  const normalized = normalizeTrace(trace, { ids: 'keep', events: false, messages: false });
  const byId = new Map(normalized.workflows.map((workflow) => [workflow.workflowId, workflow]));
  const printed = new Set<string>();
  const keys: LineKey[] = [];
  const visit = (workflow: NormalizedWorkflow): void => {
    printed.add(workflow.workflowId);
    keys.push({});
    for (const task of workflow.tasks) {
      keys.push({ taskId: task.taskId, ref: task.referenceTaskName });
      const child = childOf(task, byId);
      if (child !== undefined && !printed.has(child.workflowId)) visit(child);
    }
  };
  for (const workflow of normalized.workflows) if (!printed.has(workflow.workflowId)) visit(workflow);
  return keys;
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
