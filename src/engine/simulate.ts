/**
 * The `simulate` driver: runs workflows forward in virtual time the way a server with workers
 * would. Worker tasks are polled when their queue delay (start delay, retry delay) has passed and
 * answered by the {@link TaskResolver} after the answer's latency; async system tasks tick when
 * due; the sweeper decides exactly when the next timeout could fire. Nothing waits in real time
 * except HTTP calls, which go through the HTTP port.
 *
 * Conductor behaviour it stands for: ExecutionService.poll / WorkflowExecutorOps.updateTask
 * (workers), AsyncSystemTaskExecutor (ticks), the decider-queue sweeper (engine-semantics §2.1,
 * §5.8). Fidelity limits: timeouts fire at the exact instant they become due (a real sweeper is up
 * to one sweep late); a WAIT ends at its instant (the server ends it on the first tick after).
 */
import { EngineLimitError, MockError } from '../errors/index.js';
import { isTerminalTaskStatus, isTerminalWorkflowStatus } from '../trace/index.js';
import { effectiveTaskDef } from './blueprint.js';
import type { DriverHooks, Executor } from './executor.js';
import type { Instance } from './instance.js';
import type { TaskModel } from './model.js';
import type { HttpPort, TaskResolver, WorkerAnswer, WorkerTaskView } from './ports.js';
import { baseRef } from './refs.js';
import { applyHttpResponse, buildHttpRequest } from './tasks/index.js';
import { TimerQueue } from './timers.js';
import { copyJson } from '../expressions/index.js';

/** What to do with a worker task nobody mocked. */
export type UnmockedPolicy = 'error' | 'stall' | 'fail';

/** System tasks that wait IN_PROGRESS for an outside answer, which a mock may give. */
const WAITING_TYPES = new Set(['WAIT', 'HUMAN', 'EVENT', 'KAFKA_PUBLISH']);

type Action =
  | { readonly kind: 'poll'; readonly task: TaskModel; readonly gen: number }
  | { readonly kind: 'respond'; readonly task: TaskModel; readonly gen: number; readonly answer: Extract<WorkerAnswer, { kind: 'result' }> }
  | { readonly kind: 'tick'; readonly task: TaskModel; readonly gen: number }
  | { readonly kind: 'decide'; readonly instance: Instance }
  | { readonly kind: 'sweep'; readonly instance: Instance; readonly at: number };

/** Options of the simulate driver. */
export interface SimulateOptions {
  readonly unmocked: UnmockedPolicy;
  readonly http: HttpPort;
  readonly maxVirtualTimeMs: number;
  readonly maxSteps: number;
}

/** Drives one run in simulate mode. */
export class SimulateDriver implements DriverHooks {
  private readonly timers = new TimerQueue<Action>();
  private readonly generation = new Map<string, number>();
  private readonly resolvers = new Map<Instance, TaskResolver | undefined>();
  private readonly strict = new Map<Instance, boolean>();
  private readonly answered = new Map<string, number>();
  private readonly decideRequested = new Set<Instance>();
  private readonly sweepAt = new Map<Instance, number>();
  private readonly throttled = new Map<string, TaskModel[]>();
  private readonly joinsDirty = new Set<Instance>();
  private executorRef: Executor | null = null;
  private readonly options: SimulateOptions;
  private readonly startMs: number;
  steps = 0;
  /** Resolver for the next instance created (set by the session before it starts a workflow). */
  pendingResolver: { resolver: TaskResolver | undefined; strict: boolean } | null = null;

  constructor(options: SimulateOptions, startMs: number) {
    this.options = options;
    this.startMs = startMs;
  }

  attach(executor: Executor): void {
    this.executorRef = executor;
  }

  private get executor(): Executor {
    if (this.executorRef === null) throw new Error('driver not attached');
    return this.executorRef;
  }

  // ---------------------------------------------------------------- hooks from the executor

  created(instance: Instance): void {
    if (this.pendingResolver !== null) {
      this.resolvers.set(instance, this.pendingResolver.resolver);
      this.strict.set(instance, this.pendingResolver.strict);
      this.pendingResolver = null;
      return;
    }
    const parentId = instance.wf.parentWorkflowId;
    const parent = parentId === null ? undefined : this.executor.instance(parentId);
    if (parent !== undefined) {
      const parentTask = instance.wf.parentWorkflowTaskId === null ? undefined : parent.taskById(instance.wf.parentWorkflowTaskId);
      const resolver = parentTask === undefined ? undefined : this.resolvers.get(parent)?.child(parentTask.referenceTaskName, instance.wf.workflowName);
      this.resolvers.set(instance, resolver);
      this.strict.set(instance, this.strict.get(parent) ?? false);
      return;
    }
    // Failure workflows and START_WORKFLOW targets: answered when the test gave mocks for them.
    const top = this.executor.instances[0];
    const resolver = top === undefined ? undefined : this.resolvers.get(top)?.other(instance.wf.workflowName);
    this.resolvers.set(instance, resolver);
    this.strict.set(instance, false);
  }

  queued(instance: Instance, task: TaskModel, delayMs: number): void {
    // A WAIT without a timer waits for a signal: nothing to tick.
    if (task.taskType === 'WAIT' && task.waitTimeout === 0 && task.status === 'IN_PROGRESS') return;
    const gen = this.bump(task);
    const at = this.executor.now() + Math.max(0, delayMs);
    if (this.executor.isSystemTask(task.taskType)) this.timers.push(at, { kind: 'tick', task, gen });
    else this.timers.push(at, { kind: 'poll', task, gen });
    void instance;
  }

  dequeued(task: TaskModel): void {
    this.bump(task);
  }

  decideSoon(instance: Instance): void {
    if (this.decideRequested.has(instance)) return;
    this.decideRequested.add(instance);
    this.timers.push(this.executor.now(), { kind: 'decide', instance });
  }

  expediteJoins(instance: Instance): void {
    this.joinsDirty.add(instance);
  }

  private bump(task: TaskModel): number {
    const gen = (this.generation.get(task.taskId) ?? 0) + 1;
    this.generation.set(task.taskId, gen);
    return gen;
  }

  private current(task: TaskModel, gen: number): boolean {
    return this.generation.get(task.taskId) === gen;
  }

  // ---------------------------------------------------------------- the loop

  /** Processes due work until nothing is left before `until` (or at all when undefined). */
  async runUntil(until?: number): Promise<void> {
    this.afterAction();
    for (;;) {
      const next = this.timers.peek();
      if (next === undefined) break;
      if (until !== undefined && next.at > until) break;
      if (next.at - this.startMs > this.options.maxVirtualTimeMs && this.isLive(next.item)) {
        const at = this.whereOf(next.item);
        throw new EngineLimitError(
          `${at.prefix}work due at +${Math.round((next.at - this.startMs) / 1000)}s of virtual time, beyond maxVirtualTime (${Math.round(this.options.maxVirtualTimeMs / 1000)}s); a retry backoff or WAIT that long? Raise limits.maxVirtualTime if intended.`,
          { limit: 'maxVirtualTime', value: this.options.maxVirtualTimeMs, ...at.details },
        );
      }
      this.timers.pop();
      if (!this.isLive(next.item)) {
        // A timer whose reason went away (the task moved on, the timeout became moot) does nothing
        // and must not move the clock: a run at rest stays at its last real activity.
        continue;
      }
      if (++this.steps > this.options.maxSteps) {
        const at = this.whereOf(next.item);
        throw new EngineLimitError(
          `${at.prefix}the run took more than ${this.options.maxSteps} simulation steps (maxSteps); an endless retry or polling loop? Raise limits.maxSteps if intended.`,
          { limit: 'maxSteps', value: this.options.maxSteps, ...at.details },
        );
      }
      if (next.at > this.executor.now()) this.executorClockTo(next.at);
      // Only an HTTP call is asynchronous; awaiting every other action cost a promise and a
      // microtask turn each (several per task step).
      const pending = this.apply(next.item);
      if (pending !== undefined) await pending;
      this.afterAction();
    }
    if (until !== undefined && until > this.executor.now()) this.executorClockTo(until);
  }

  /**
   * The workflow and task an action is about, for budget errors: the action's own task, or for a
   * decide or sweep the instance's first unfinished task.
   */
  private whereOf(action: Action): { prefix: string; details: { workflowName?: string; taskReferenceName?: string } } {
    let workflowName: string | undefined;
    let ref: string | undefined;
    if (action.kind === 'decide' || action.kind === 'sweep') {
      workflowName = action.instance.wf.workflowName;
      ref = action.instance.wf.tasks.find((t) => !isTerminalTaskStatus(t.status))?.referenceTaskName;
    } else {
      workflowName = action.task.workflowType;
      ref = action.task.referenceTaskName;
    }
    const prefix = ref === undefined ? `workflow "${workflowName}": ` : `${workflowName} › ${ref}: `;
    return { prefix, details: { workflowName, ...(ref === undefined ? {} : { taskReferenceName: ref }) } };
  }

  private isLive(action: Action): boolean {
    switch (action.kind) {
      case 'poll':
      case 'respond':
      case 'tick':
        return this.current(action.task, action.gen);
      case 'decide':
        return true;
      case 'sweep':
        return this.sweepAt.get(action.instance) === action.at;
    }
  }

  private executorClockTo(at: number): void {
    this.clockTo(at);
  }

  /** Set by the session: moves the virtual clock. */
  clockTo: (at: number) => void = () => undefined;

  private apply(action: Action): Promise<void> | undefined {
    const ex = this.executor;
    switch (action.kind) {
      case 'decide':
        this.decideRequested.delete(action.instance);
        ex.decide(action.instance);
        return;
      case 'sweep':
        if (this.sweepAt.get(action.instance) === action.at) this.sweepAt.delete(action.instance);
        ex.decide(action.instance);
        return;
      case 'poll':
        if (!this.current(action.task, action.gen)) return;
        this.poll(action.task);
        return;
      case 'respond': {
        if (!this.current(action.task, action.gen)) return;
        const a = action.answer;
        ex.updateTask({
          taskId: action.task.taskId,
          status: a.status,
          outputData: copyJson(a.output) as Record<string, unknown>,
          reasonForIncompletion: a.reasonForIncompletion ?? null,
          callbackAfterSeconds: a.callbackAfterSeconds ?? 0,
          workerId: a.workerId ?? null,
          subWorkflowId: action.task.subWorkflowId,
        });
        this.release(action.task);
        return;
      }
      case 'tick':
        if (!this.current(action.task, action.gen)) return;
        return this.tick(action.task);
    }
  }

  /** After every action: JOINs of changed workflows, mock answers for waiting system tasks, sweeps. */
  private afterAction(): void {
    const ex = this.executor;
    for (let guard = 0; guard < 10_000; guard++) {
      let changed = false;
      for (const instance of ex.instances) {
        if (isTerminalWorkflowStatus(instance.wf.status)) continue;
        if (this.joinCheckedVersion.get(instance) === instance.version && !this.joinsDirty.has(instance)) continue;
        const before = instance.version;
        for (const task of [...instance.pending]) {
          if (task.taskType === 'JOIN' && task.status === 'IN_PROGRESS') ex.tick(task);
        }
        this.answerWaitingSystemTasks(instance);
        this.joinCheckedVersion.set(instance, instance.version);
        if (instance.version !== before) changed = true;
      }
      this.joinsDirty.clear();
      if (!changed) break;
    }
    for (const instance of ex.instances) this.scheduleSweep(instance);
  }

  private readonly joinCheckedVersion = new Map<Instance, number>();
  private readonly waitingChecked = new Set<string>();

  /**
   * A WAIT or HUMAN task (or an async-complete EVENT/KAFKA_PUBLISH) that has a mock is answered by
   * it, as the test endpoint does; without a mock it waits for its timer or a signal.
   */
  private answerWaitingSystemTasks(instance: Instance): void {
    const resolver = this.resolvers.get(instance);
    if (resolver === undefined) return;
    for (const task of [...instance.pending]) {
      if (task.status !== 'IN_PROGRESS' || !WAITING_TYPES.has(task.taskType) || this.waitingChecked.has(task.taskId)) continue;
      this.waitingChecked.add(task.taskId);
      const answer = resolver.resolve(this.view(task));
      if (answer === undefined || answer.kind !== 'result') continue;
      this.countAnswer(task);
      const gen = this.bump(task);
      this.timers.push(this.executor.now() + Math.max(0, answer.latencyMs ?? 0), { kind: 'respond', task, gen, answer });
    }
  }

  private countAnswer(task: TaskModel): void {
    const key = `${task.workflowInstanceId}\u0000${task.referenceTaskName}`;
    this.answered.set(key, (this.answered.get(key) ?? 0) + 1);
  }

  private scheduleSweep(instance: Instance): void {
    // The next due timeout only changes when a task of the instance changes or is persisted.
    const stamp = instance.version * 1_000_003 + instance.persists;
    if (this.sweepStamp.get(instance) === stamp) return;
    this.sweepStamp.set(instance, stamp);
    const at = this.executor.nextTimeoutAt(instance);
    if (at === undefined) {
      this.sweepAt.delete(instance);
      return;
    }
    const due = Math.max(at, this.executor.now());
    if (this.sweepAt.get(instance) === due) return;
    // One sweep per instance is live: the one at sweepAt; earlier timers for it become stale.
    this.sweepAt.set(instance, due);
    this.timers.push(due, { kind: 'sweep', instance, at: due });
  }

  private readonly sweepStamp = new Map<Instance, number>();

  // ---------------------------------------------------------------- workers

  private view(task: TaskModel): WorkerTaskView {
    const instance = this.executor.ownerOf(task.taskId);
    const input = task.inputData;
    let copy: Readonly<Record<string, unknown>> | undefined;
    return {
      taskId: task.taskId,
      workflowId: task.workflowInstanceId,
      workflowName: instance?.wf.workflowName ?? task.workflowType,
      referenceTaskName: task.referenceTaskName,
      baseReferenceName: baseRef(task.referenceTaskName),
      taskType: task.taskType,
      taskDefName: task.taskDefName,
      retryCount: task.retryCount,
      attempt: task.retryCount + 1,
      iteration: task.iteration,
      // A copy, made only when a mock reads it, so a mock cannot change the engine's state.
      get inputData(): Readonly<Record<string, unknown>> {
        copy ??= copyJson(input) as Record<string, unknown>;
        return copy;
      },
      answered: this.answered.get(`${task.workflowInstanceId}\u0000${task.referenceTaskName}`) ?? 0,
      now: this.executor.now(),
    };
  }

  private poll(task: TaskModel): void {
    const ex = this.executor;
    const instance = ex.ownerOf(task.taskId);
    if (instance === undefined || task.status !== 'SCHEDULED' || isTerminalWorkflowStatus(instance.wf.status)) return;
    const decided = this.deferred.get(task.taskId);
    if (decided !== undefined) {
      this.deferred.delete(task.taskId);
      if (this.throttle(task)) {
        this.deferred.set(task.taskId, decided);
        return;
      }
      this.handOut(task, decided);
      return;
    }
    if (this.throttle(task)) return;
    const resolver = this.resolvers.get(instance);
    const answer = resolver?.resolve(this.view(task));
    if (answer === undefined) {
      this.unmocked(instance, task, resolver);
      return;
    }
    this.countAnswer(task);
    if (answer.kind === 'no-poll') return;
    const wait = answer.queueWaitMs ?? 0;
    if (wait > 0) {
      // The answer is taken now; the worker polls after the queue wait.
      this.deferred.set(task.taskId, answer);
      this.timers.push(ex.now() + wait, { kind: 'poll', task, gen: this.bump(task) });
      return;
    }
    this.handOut(task, answer);
  }

  private readonly deferred = new Map<string, WorkerAnswer>();

  private handOut(task: TaskModel, answer: WorkerAnswer): void {
    const ex = this.executor;
    ex.pollTask(task, answer.kind === 'result' ? (answer.workerId ?? null) : null);
    const gen = this.bump(task);
    if (answer.kind === 'result') this.timers.push(ex.now() + Math.max(0, answer.latencyMs ?? 0), { kind: 'respond', task, gen, answer });
  }

  /** Concurrency limit (`concurrentExecLimit`): FIFO admission per task definition (engine-semantics §6). */
  private throttle(task: TaskModel): boolean {
    const def = task.taskDefinition();
    const limit = def === null ? 0 : effectiveTaskDef(def).concurrentExecLimit;
    if (limit <= 0) return false;
    let running = 0;
    for (const instance of this.executor.instances) {
      for (const t of instance.pending) if (t.taskDefName === task.taskDefName && t.status === 'IN_PROGRESS') running++;
    }
    if (running < limit) return false;
    const queue = this.throttled.get(task.taskDefName) ?? [];
    queue.push(task);
    this.throttled.set(task.taskDefName, queue);
    return true;
  }

  private release(task: TaskModel): void {
    const queue = this.throttled.get(task.taskDefName);
    if (queue === undefined || queue.length === 0 || !isTerminalTaskStatus(task.status)) return;
    const next = queue.shift();
    if (next !== undefined) this.timers.push(this.executor.now(), { kind: 'poll', task: next, gen: this.bump(next) });
  }

  private unmocked(instance: Instance, task: TaskModel, resolver: TaskResolver | undefined): void {
    const strict = this.strict.get(instance) ?? false;
    if (!strict || this.options.unmocked === 'stall') return;
    if (this.options.unmocked === 'fail') {
      this.handOut(task, { kind: 'result', status: 'FAILED', output: {}, reasonForIncompletion: `no mock for "${task.referenceTaskName}"` });
      return;
    }
    const mocked = resolver?.describe() ?? [];
    const offset = Math.round((this.executor.now() - this.startMs) / 1000);
    throw new MockError(
      `${instance.wf.workflowName} › ${task.referenceTaskName} (attempt ${task.retryCount + 1}, +${offset}s): no mock for "${task.referenceTaskName}"; mocked refs: ${mocked.length === 0 ? '(none)' : mocked.join(', ')}. Add a mock for "${task.referenceTaskName}" or pass unmocked: 'fail' (or 'stall').`,
      { taskReferenceName: task.referenceTaskName, mockedRefs: mocked },
    );
  }

  // ---------------------------------------------------------------- async system tasks

  private tick(task: TaskModel): Promise<void> | undefined {
    const ex = this.executor;
    if (task.taskType === 'HTTP' && task.status === 'SCHEDULED') return this.httpTick(task);
    if (task.taskType === 'JOIN') {
      ex.tick(task);
      return;
    }
    const next = ex.tick(task);
    if (next !== undefined && !isTerminalTaskStatus(task.status) && !task.stuck) {
      const gen = this.bump(task);
      // WAIT: tick again at its instant; other tasks after their evaluation offset.
      const at = task.taskType === 'WAIT' && task.waitTimeout > 0 ? Math.max(task.waitTimeout, ex.now()) : ex.now() + next;
      if (task.taskType === 'WAIT' && task.waitTimeout === 0) return;
      this.timers.push(at, { kind: 'tick', task, gen });
    }
    return undefined;
  }

  private async httpTick(task: TaskModel): Promise<void> {
    const ex = this.executor;
    const instance = ex.ownerOf(task.taskId);
    if (instance === undefined) return;
    const resolver = this.resolvers.get(instance);
    const answer = resolver?.resolve(this.view(task));
    if (answer !== undefined) {
      this.countAnswer(task);
      if (answer.kind !== 'result') return;
      ex.completeAsyncStart(task, () => {
        task.status = answer.status === 'IN_PROGRESS' ? 'IN_PROGRESS' : answer.status;
        task.outputData = { ...task.outputData, ...(copyJson(answer.output) as Record<string, unknown>) };
        task.reasonForIncompletion = answer.reasonForIncompletion ?? null;
      });
      return;
    }
    const built = buildHttpRequest(task);
    if (!built.ok) {
      ex.completeAsyncStart(task, () => applyHttpResponse(task, { kind: 'invalid', reason: built.reason }));
      return;
    }
    const response = await this.options.http.call(built.request, { workflowName: instance.wf.workflowName, ref: task.referenceTaskName });
    ex.log.httpCall(task, {
      method: built.request.method,
      uri: built.request.uri,
      ...(response.kind === 'response' ? { status: response.status } : { error: response.message }),
    });
    ex.completeAsyncStart(task, () => applyHttpResponse(task, response));
  }
}
