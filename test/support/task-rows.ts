/**
 * Compact rows for asserting a task list: one string per task in `seq` order,
 * `ref:TYPE=STATUS#retryCount@iteration` (e.g. `charge:charge_card=FAILED#0@0`,
 * `step__2:INLINE=COMPLETED#0@2`). TYPE is the runtime `taskType` (the task *name* for SIMPLE
 * tasks, `FORK` for both fork kinds), as Conductor's Task JSON has it.
 */
import type { Trace, WorkflowRun } from '../../src/index.js';

/** A trace, or one workflow run of a trace. */
export type RowSource = Trace | WorkflowRun;

function runOf(source: RowSource): WorkflowRun {
  return 'workflow' in source && 'events' in source ? source.workflow : (source as WorkflowRun);
}

/** The task list of a run (the top-level workflow of a trace) as `ref:TYPE=STATUS#retry@iteration` rows. */
export function taskRows(source: RowSource): string[] {
  return [...runOf(source).tasks]
    .sort((a, b) => a.seq - b.seq)
    .map((t) => `${t.referenceTaskName}:${t.taskType}=${t.status}#${t.retryCount}@${t.iteration}`);
}

/** The workflow run with this name in a trace (children, failure workflows…); throws when absent or ambiguous. */
export function workflowNamed(trace: Trace, name: string): WorkflowRun {
  const found = trace.workflows.filter((w) => w.workflowName === name);
  if (found.length !== 1) {
    throw new Error(`expected exactly one workflow named "${name}" in the trace, found ${found.length} (have: ${trace.workflows.map((w) => w.workflowName).join(', ')})`);
  }
  return found[0] as WorkflowRun;
}

/** The tasks of a run with this runtime ref, in seq order (one per attempt). */
export function attemptsOf(source: RowSource, ref: string): WorkflowRun['tasks'][number][] {
  return runOf(source).tasks.filter((t) => t.referenceTaskName === ref).sort((a, b) => a.seq - b.seq);
}

/** The single task of a run with this runtime ref; throws when there is none or several. */
export function taskOf(source: RowSource, ref: string): WorkflowRun['tasks'][number] {
  const all = attemptsOf(source, ref);
  if (all.length !== 1) throw new Error(`expected one task "${ref}", found ${all.length}`);
  return all[0] as WorkflowRun['tasks'][number];
}
