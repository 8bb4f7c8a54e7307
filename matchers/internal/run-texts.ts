/**
 * Failure reasons as messages print them: with run ids replaced by the tokens the timeline uses
 * (`task#4`, `wf#2`), so a message reads the same on every seed and matches its timeline.
 */
import { normalizeTrace } from '../../src/trace/index.js';
import type { Trace } from '../../src/trace/index.js';

/** Reasons by workflow id and task id, tokenised; computed on first use. */
export interface RunTexts {
  reason(id: string): string | undefined;
}

export function runTexts(trace: Trace): RunTexts {
  let reasons: Map<string, string> | undefined;
  const build = (): Map<string, string> => {
    const map = new Map<string, string>();
    const kept = normalizeTrace(trace, { ids: 'keep', times: 'drop', events: false, messages: false });
    const tokens = normalizeTrace(trace, { times: 'drop', events: false, messages: false });
    // Both views list workflows and tasks in the same order; only the ids differ.
    kept.workflows.forEach((workflow, i) => {
      const tokenised = tokens.workflows[i];
      const reason = tokenised?.['reasonForIncompletion'];
      if (typeof reason === 'string') map.set(workflow.workflowId, reason);
      workflow.tasks.forEach((task, j) => {
        const taskReason = tokenised?.tasks[j]?.['reasonForIncompletion'];
        if (typeof taskReason === 'string') map.set(task.taskId, taskReason);
      });
    });
    return map;
  };
  return {
    reason: (id) => {
      reasons ??= build();
      return reasons.get(id);
    },
  };
}
