/**
 * The engine's ports: what it asks of the outside world. `src/mocks` implements them (mocks from a
 * WorkflowTestRequest, mock builders, the fetch bridge for HTTP tasks); tests may implement them
 * directly. STYLE 1.2: the engine defines the port, mocks implement it.
 */
import type { TaskResultStatus } from '../definitions/index.js';
import type { HttpTaskRequest, HttpTaskResponse } from './tasks/index.js';

/** What a resolver sees of a task a worker would poll (a copy; changing it changes nothing). */
export interface WorkerTaskView {
  readonly taskId: string;
  readonly workflowId: string;
  readonly workflowName: string;
  /** Runtime reference name (`ref__N` inside loops). */
  readonly referenceTaskName: string;
  /** Reference name without the loop suffix. */
  readonly baseReferenceName: string;
  /** The task *name* for SIMPLE tasks, the type for system tasks. */
  readonly taskType: string;
  readonly taskDefName: string;
  readonly retryCount: number;
  /** 1 for the first attempt, 2 for the first retry… */
  readonly attempt: number;
  readonly iteration: number;
  readonly inputData: Readonly<Record<string, unknown>>;
  /** How many answers were already taken for this runtime ref (all attempts, IN_PROGRESS answers included). */
  readonly answered: number;
  /** Virtual now (epoch ms). */
  readonly now: number;
}

/** One answer of a worker (or of a mock standing in for one). */
export type WorkerAnswer =
  | {
      readonly kind: 'result';
      readonly status: TaskResultStatus;
      readonly output: Readonly<Record<string, unknown>>;
      readonly reasonForIncompletion?: string | null;
      /** Virtual milliseconds between the poll and the answer. @defaultValue 0 */
      readonly latencyMs?: number;
      /** Virtual milliseconds the task waits in the queue before it is polled. @defaultValue 0 */
      readonly queueWaitMs?: number;
      /** For IN_PROGRESS answers: when to hand the task out again. @defaultValue 0 */
      readonly callbackAfterSeconds?: number;
      readonly workerId?: string;
    }
  /** A worker polls the task and never answers (reaches response and task timeouts). */
  | { readonly kind: 'no-response'; readonly queueWaitMs?: number }
  /** No worker ever polls the task (reaches poll timeouts). */
  | { readonly kind: 'no-poll' };

/** Answers worker tasks. `undefined` means "no mock": the engine's `unmocked` policy decides. */
export interface TaskResolver {
  resolve(task: WorkerTaskView): WorkerAnswer | undefined;
  /** The resolver for the child workflow started by the SUB_WORKFLOW task with this runtime ref. */
  child(subWorkflowRef: string, childWorkflowName: string): TaskResolver | undefined;
  /** The resolver for a workflow started otherwise (failure workflow, START_WORKFLOW target). */
  other(workflowName: string): TaskResolver | undefined;
  /** The refs (and names) this resolver has answers for, for error messages. */
  describe(): readonly string[];
}

/** Performs the request of an HTTP task. The default goes through `fetch`, so msw handlers answer it. */
export interface HttpPort {
  call(request: HttpTaskRequest, context: { readonly workflowName: string; readonly ref: string }): Promise<HttpTaskResponse>;
}
