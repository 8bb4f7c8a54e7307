/**
 * The `server-compat` driver: reproduces Conductor's `POST /api/workflow/test` exactly, so the
 * in-memory answer can be compared with a real server's field by field.
 *
 * Conductor: core/src/main/java/com/netflix/conductor/service/WorkflowTestService.java
 * (shared/spec engine-semantics §7). The loop snapshots the workflow, stops when a running
 * non-operator task has no mock key, feeds one mock per visit of each running task (through
 * `updateTask`, or a raw store write when the mock has `executionTime`/`queueWaitTime`), recurses
 * into sub-workflows that have a `subWorkflowTestRequest`, and ends when the snapshot was terminal,
 * the mock map is empty, or after 20,000 passes.
 *
 * The server's background workers (JOIN ticks, SUB_WORKFLOW starts, the decider queue) run here
 * deterministically whenever a pass changed nothing — they are slower than the loop on a real
 * server. A pass that changes nothing and after which the background changes nothing is a fixed
 * point: the real loop would spin to its cap with the same snapshot, which is returned at once.
 */
import type { JsonObject, SubWorkflowTestRequest, TaskMock, WorkflowTestRequest } from '../definitions/index.js';
import { MockError } from '../errors/index.js';
import { isTerminalTaskStatus, isTerminalWorkflowStatus } from '../trace/index.js';
import type { WorkflowRun } from '../trace/index.js';
import type { DriverHooks, Executor } from './executor.js';
import type { Instance } from './instance.js';
import { toWorkflowRun } from './model.js';
import type { TaskModel } from './model.js';

/** Runtime task types the endpoint treats as operators (never need a mock; mocks for them are dropped). */
const OPERATORS = new Set(['JOIN', 'DO_WHILE', 'SET_VARIABLE', 'FORK', 'INLINE', 'TERMINATE', 'DECISION', 'DYNAMIC', 'FORK_JOIN', 'FORK_JOIN_DYNAMIC', 'SWITCH', 'SUB_WORKFLOW']);

/** The endpoint's iteration cap (`MAX_LOOPS`). */
export const MAX_TEST_LOOPS = 20_000;

interface LoopRequest {
  readonly mocks: Map<string, TaskMock[]>;
  readonly children: Map<string, LoopRequest>;
}

/** Converts a (sub-)request into mutable loop state, as the server consumes the request's own maps. */
function toLoopRequest(request: Pick<WorkflowTestRequest, 'taskRefToMockOutput' | 'subWorkflowTestRequest'> | SubWorkflowTestRequest): LoopRequest {
  const mocks = new Map<string, TaskMock[]>();
  for (const [ref, list] of Object.entries(request.taskRefToMockOutput ?? {})) mocks.set(ref, [...(list ?? [])]);
  const children = new Map<string, LoopRequest>();
  for (const [ref, sub] of Object.entries(request.subWorkflowTestRequest ?? {})) children.set(ref, toLoopRequest(sub));
  return { mocks, children };
}

/** What the endpoint returned, plus how the loop ended. */
export interface ServerCompatResult {
  readonly snapshot: WorkflowRun;
  /** `terminal`, `missing-mock`, `mocks-exhausted`, `loop-cap`. */
  readonly exit: 'terminal' | 'missing-mock' | 'mocks-exhausted' | 'loop-cap';
  readonly iterations: number;
}

/** Drives one run in server-compat mode. */
export class ServerCompatDriver implements DriverHooks {
  private executorRef: Executor | null = null;
  private readonly decideQueue: Instance[] = [];
  private readonly queuedDecide = new Set<Instance>();
  private progress = 0;

  attach(executor: Executor): void {
    this.executorRef = executor;
  }

  private get executor(): Executor {
    if (this.executorRef === null) throw new Error('driver not attached');
    return this.executorRef;
  }

  created(): void {}
  queued(): void {}
  dequeued(): void {}
  expediteJoins(): void {}

  decideSoon(instance: Instance): void {
    if (this.queuedDecide.has(instance)) return;
    this.queuedDecide.add(instance);
    this.decideQueue.push(instance);
  }

  /** Runs the endpoint loop for the top-level workflow (already started) and returns its answer. */
  run(request: WorkflowTestRequest, top: Instance): ServerCompatResult {
    return this.loop(toLoopRequest(request), top);
  }

  /** `WorkflowTestService.testWorkflow(request, workflowId)`. */
  private loop(request: LoopRequest, instance: Instance): ServerCompatResult {
    const ex = this.executor;
    const mocks = request.mocks;
    let count = 0;
    let snapshot: WorkflowRun;
    for (;;) {
      count++;
      snapshot = toWorkflowRun(instance.wf);
      if (count > MAX_TEST_LOOPS) return { snapshot, exit: 'loop-cap', iterations: count };
      const running = instance.wf.tasks.filter((t) => !isTerminalTaskStatus(t.status)).map((t) => t.copy());
      if (running.some((t) => !OPERATORS.has(t.taskType) && !mocks.has(t.referenceTaskName))) {
        return { snapshot, exit: 'missing-mock', iterations: count };
      }
      const versionBefore = this.totalVersion();
      const progressBefore = this.progress;
      for (const task of running) this.visit(request, instance, task);
      const terminal = isTerminalWorkflowStatus(snapshot.status);
      if (terminal) return { snapshot, exit: 'terminal', iterations: count };
      if (mocks.size === 0) return { snapshot, exit: 'mocks-exhausted', iterations: count };
      if (this.progress === progressBefore && this.totalVersion() === versionBefore) {
        const backgroundChanged = this.runBackground();
        if (!backgroundChanged) {
          // Fixed point: every further pass would repeat this one until the cap.
          const next = toWorkflowRun(instance.wf);
          return { snapshot: next, exit: 'loop-cap', iterations: MAX_TEST_LOOPS + 1 };
        }
      }
      void ex;
    }
  }

  private visit(request: LoopRequest, instance: Instance, running: TaskModel): void {
    const ex = this.executor;
    const ref = running.referenceTaskName;
    if (running.taskType === 'SUB_WORKFLOW') {
      const sub = request.children.get(ref);
      const child = running.subWorkflowId === null ? undefined : ex.instance(running.subWorkflowId);
      if (sub !== undefined && child !== undefined) this.loop(sub, child);
    }
    const list = request.mocks.get(ref);
    if (list === undefined || list.length === 0 || OPERATORS.has(running.taskType)) {
      request.mocks.delete(ref);
      ex.decide(instance);
      return;
    }
    const mock = list.shift() as TaskMock;
    this.progress++;
    if (mock.output === null || mock.output === undefined) {
      throw new MockError(
        `${instance.wf.workflowName} › ${ref}: a mock without "output" makes the server fail with HTTP 500 when it is used; give every mock an output object (it may be {}).`,
        { taskReferenceName: ref },
      );
    }
    const status = mock.status ?? 'COMPLETED';
    const executionTime = mock.executionTime ?? 0;
    const queueWaitTime = mock.queueWaitTime ?? 0;
    const live = instance.taskById(running.taskId);
    if (live === undefined) return;
    if (executionTime > 0 || queueWaitTime > 0) {
      const now = ex.now();
      ex.storeRaw(live, {
        status,
        output: structuredClone(mock.output as JsonObject),
        scheduledTime: now - (executionTime + queueWaitTime),
        startTime: now - executionTime,
      });
      ex.decide(instance);
      return;
    }
    ex.updateTask({
      taskId: running.taskId,
      status,
      outputData: { ...running.outputData, ...structuredClone(mock.output as JsonObject) },
      reasonForIncompletion: running.reasonForIncompletion,
      callbackAfterSeconds: running.callbackAfterSeconds,
      workerId: running.workerId,
      subWorkflowId: running.subWorkflowId,
    });
  }

  private totalVersion(): number {
    let total = 0;
    for (const instance of this.executor.instances) total += instance.version;
    return total + this.executor.instances.length * 1_000_003;
  }

  /**
   * The server's background workers, run to quiescence: the decider queue, JOIN ticks, and the
   * first tick of SUB_WORKFLOW tasks. HTTP, START_WORKFLOW and KAFKA_PUBLISH are not ticked: in
   * test mode their mocks are assumed to win the race (engine-semantics §7.9). Returns true when
   * anything changed.
   */
  runBackground(): boolean {
    const ex = this.executor;
    let changedAny = false;
    for (let round = 0; round < 10_000; round++) {
      const before = this.totalVersion();
      // The real server nudges JOINs (expediteInProgressJoinTasks) before it re-queues the parent's
      // decide; the oracle answers show the JOIN tick winning (hierarchical_fork_join_swf).
      for (const instance of [...ex.instances]) {
        if (isTerminalWorkflowStatus(instance.wf.status)) continue;
        for (const task of [...instance.pending]) {
          if (task.taskType === 'JOIN' && task.status === 'IN_PROGRESS') ex.tick(task);
          else if (task.taskType === 'SUB_WORKFLOW' && task.status === 'SCHEDULED' && task.subWorkflowId === null) ex.tick(task);
        }
      }
      while (this.decideQueue.length > 0) {
        const instance = this.decideQueue.shift() as Instance;
        this.queuedDecide.delete(instance);
        ex.decide(instance);
      }
      const changed = this.totalVersion() !== before;
      if (!changed) break;
      changedAny = true;
    }
    return changedAny;
  }
}
