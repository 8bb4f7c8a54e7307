/**
 * Invariants: plain functions over a finished run. An invariant fails by returning `false` or by
 * throwing (an `expect` inside it works: its message becomes the failure message). A few common
 * ones are built here; anything else is a function you write.
 */
import type { Trace } from '../trace/index.js';
import { isTerminalWorkflowStatus } from '../trace/index.js';
import type { Scenario } from './scenario-arbitrary.js';

/** A property every run must have. Return `false` or throw to report a violation. */
export type Invariant = (trace: Trace, scenario: Scenario) => boolean | void;

function named(name: string, fn: Invariant): Invariant {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

/** Base ref of a runtime task ref (only loop tasks carry the `__N` suffix). */
function base(ref: string, iteration: number): string {
  const at = ref.indexOf('__');
  return iteration > 0 && at >= 0 ? ref.slice(0, at) : ref;
}

/**
 * The workflow ends (COMPLETED, FAILED, TIMED_OUT or TERMINATED) rather than staying RUNNING.
 * @example explore(def, { invariant: terminates() })
 */
export function terminates(): Invariant {
  return named('terminates', (trace) => {
    if (isTerminalWorkflowStatus(trace.workflow.status)) return true;
    const open = trace.workflow.tasks.filter((t) => t.status === 'SCHEDULED' || t.status === 'IN_PROGRESS').map((t) => t.referenceTaskName);
    throw new Error(`workflow is still ${trace.workflow.status}; open tasks: ${open.length === 0 ? '(none)' : open.join(', ')}`);
  });
}

/**
 * Final statuses of an attempt that failed and was not retried. An optional task that failed ends
 * COMPLETED_WITH_ERRORS (Conductor: EXEC/DeciderService.java; engine-semantics §2.9).
 */
const FAILED_FOR_GOOD: ReadonlySet<string> = new Set(['FAILED', 'TIMED_OUT', 'FAILED_WITH_TERMINAL_ERROR', 'COMPLETED_WITH_ERRORS']);

/**
 * `later` never runs after `earlier` failed for good (FAILED / TIMED_OUT with no retry left,
 * FAILED_WITH_TERMINAL_ERROR, or COMPLETED_WITH_ERRORS for an optional task) — e.g. "a refund
 * never follows a failed charge".
 * @example explore(def, { invariant: neverAfterFailure('charge', 'refund') })
 */
export function neverAfterFailure(earlier: string, later: string): Invariant {
  return named(`neverAfterFailure(${earlier}, ${later})`, (trace) => {
    for (const wf of trace.workflows) {
      const failed = wf.tasks.find(
        (t) => base(t.referenceTaskName, t.iteration) === earlier && !t.retried && FAILED_FOR_GOOD.has(t.status),
      );
      if (failed === undefined) continue;
      const after = wf.tasks.find((t) => base(t.referenceTaskName, t.iteration) === later && t.seq > failed.seq && t.status !== 'CANCELED' && t.status !== 'SKIPPED');
      if (after !== undefined) throw new Error(`${after.referenceTaskName} (${after.status}) ran after ${failed.referenceTaskName} ended ${failed.status}`);
    }
    return true;
  });
}

/**
 * When the workflow COMPLETED, its output has every listed field (and it is not null).
 * @example explore(def, { invariant: outputWhenCompleted('trackingNumber') })
 */
export function outputWhenCompleted(...fields: readonly string[]): Invariant {
  return named(`outputWhenCompleted(${fields.join(', ')})`, (trace) => {
    if (trace.workflow.status !== 'COMPLETED') return true;
    const missing = fields.filter((f) => trace.workflow.output[f] === undefined || trace.workflow.output[f] === null);
    if (missing.length > 0) throw new Error(`workflow COMPLETED without output ${missing.map((m) => `"${m}"`).join(', ')}; output: ${JSON.stringify(trace.workflow.output)}`);
    return true;
  });
}
