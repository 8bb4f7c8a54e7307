/** What bench/worker.js prints and bench/run.js reads (one `@@result <json>` line). */

/** Id of the exploration workload (explore() on fixtures/workflows/claim-triage.json). */
export const EXPLORE_ID = 'e-explore-claim-triage';

/** One timed sample: `units` runs (or scenarios) in `ms` of wall time and `cpuMs` of process CPU. */
export interface Sample {
  readonly units: number;
  readonly ms: number;
  readonly cpuMs: number;
}

/** What `worker.js time` prints. */
export interface TimeResult {
  readonly kind: 'time';
  readonly id: string;
  readonly mode: 'simulate' | 'server-compat';
  /** Task instances per run (engine workloads); scenarios per campaign (exploration). */
  readonly stepsPerUnit: number;
  readonly warmupUnits: number;
  readonly samples: readonly Sample[];
  readonly load: readonly number[];
}

/** What `worker.js heap` prints. Sizes in MB. */
export interface HeapResult {
  readonly kind: 'heap';
  readonly id: string;
  /** Heap in use after a full GC, before the run (library loaded). */
  readonly baselineMb: number;
  /** Heap in use when the run returned, before any GC. */
  readonly endMb: number;
  /** Heap in use after a full GC with the run's trace still referenced. */
  readonly retainedMb: number;
}

