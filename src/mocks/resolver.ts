/**
 * Task resolvers: answers for worker tasks from Conductor's own `WorkflowTestRequest` mocks
 * (`taskRefToMockOutput`, `subWorkflowTestRequest`) and from TypeScript mocks by task reference,
 * by task name, or as functions of the task input.
 */
import { TaskResultStatus } from '../definitions/index.js';
import type { SubWorkflowTestRequest, TaskMock, WorkflowTestRequest } from '../definitions/index.js';
import { MockError } from '../errors/index.js';
import type { TaskResolver, WorkerAnswer, WorkerTaskView } from '../engine/index.js';

/** One mock: a fixed answer, a sequence (one per attempt), or a function of the task. */
export type MockSpec =
  | WorkerAnswer
  | readonly WorkerAnswer[]
  | ((task: WorkerTaskView) => WorkerAnswer | readonly WorkerAnswer[] | undefined);

/** Mocks for one workflow and, through `children`, its sub-workflows. */
export interface MockSet {
  /** By runtime ref (`charge`, `charge__2`) or base ref (`charge`, for every loop iteration). */
  readonly byRef?: Readonly<Record<string, MockSpec>>;
  /** By task name (the TaskDef name), used when no ref matches. */
  readonly byName?: Readonly<Record<string, MockSpec>>;
  /** Mocks for the child started by the SUB_WORKFLOW task with this ref. */
  readonly children?: Readonly<Record<string, MockSet>>;
  /** Mocks for workflows started otherwise (failure workflows, START_WORKFLOW targets), by workflow name. */
  readonly workflows?: Readonly<Record<string, MockSet>>;
  /** Conductor's WorkflowTestRequest mocks, used for refs the TypeScript mocks do not cover. */
  readonly request?: WorkflowTestRequest | SubWorkflowTestRequest;
}

/** Converts one `TaskMock` (status, output, executionTime, queueWaitTime) into a worker answer. */
export function fromTaskMock(mock: TaskMock, where: string): WorkerAnswer {
  const status = mock.status ?? 'COMPLETED';
  if (mock.output === null || mock.output === undefined) {
    throw new MockError(`${where}: a mock needs an "output" object (the server fails with HTTP 500 without one); use {} for no output.`);
  }
  return {
    kind: 'result',
    status,
    output: mock.output,
    ...(mock.executionTime !== undefined && mock.executionTime > 0 ? { latencyMs: mock.executionTime } : {}),
    ...(mock.queueWaitTime !== undefined && mock.queueWaitTime > 0 ? { queueWaitMs: mock.queueWaitTime } : {}),
  };
}

const RESULT_STATUSES: ReadonlySet<string> = new Set(Object.values(TaskResultStatus));

/**
 * A TypeScript mock's answer, checked before the engine sees it: a status a worker cannot report
 * (Conductor's TaskResult.Status) or an output that is not a JSON object would otherwise end up in
 * the trace. The builders (`ok`, `fail`, …) always pass; hand-written objects and functions may not.
 */
function checkAnswer(answer: WorkerAnswer, task: WorkerTaskView, index?: number): WorkerAnswer {
  const where = `${task.workflowName} › ${task.referenceTaskName}${index === undefined ? '' : ` (answer ${index + 1} of its list)`}`;
  const bad = (what: string): never => {
    throw new MockError(`${where}: ${what}; build answers with ok(), fail(), terminalError(), inProgress(), noResponse() or noPoll()`, {
      taskReferenceName: task.referenceTaskName,
    });
  };
  if (typeof answer !== 'object' || answer === null) return bad(`a mock answered ${JSON.stringify(answer) ?? String(answer)}, not an answer object`);
  switch (answer.kind) {
    case 'no-response':
    case 'no-poll':
      return answer;
    case 'result':
      break;
    default:
      return bad(`a mock answered with kind ${JSON.stringify((answer as { kind?: unknown }).kind) ?? 'undefined'}; expected "result", "no-response" or "no-poll"`);
  }
  if (!RESULT_STATUSES.has(answer.status)) {
    bad(`a mock answered with status ${JSON.stringify(answer.status) ?? 'undefined'}, which a worker cannot report; expected one of ${[...RESULT_STATUSES].join(', ')}`);
  }
  if (typeof answer.output !== 'object' || answer.output === null || Array.isArray(answer.output)) {
    bad(`a mock answered with output ${JSON.stringify(answer.output) ?? 'undefined'}; a task's output is a JSON object (use {} for none)`);
  }
  for (const field of ['latencyMs', 'queueWaitMs', 'callbackAfterSeconds'] as const) {
    const v = answer[field];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) bad(`a mock answered with ${field} ${JSON.stringify(v) ?? String(v)}; expected a number >= 0`);
  }
  return answer;
}

class MockResolver implements TaskResolver {
  private readonly set: MockSet;
  private readonly used = new Map<string, number>();

  constructor(set: MockSet) {
    this.set = set;
  }

  private take(key: string, spec: MockSpec, task: WorkerTaskView): WorkerAnswer | undefined {
    const value = typeof spec === 'function' ? spec(task) : spec;
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return checkAnswer(value as WorkerAnswer, task);
    const index = this.used.get(key) ?? 0;
    this.used.set(key, index + 1);
    const answer = (value as readonly WorkerAnswer[])[index];
    return answer === undefined ? undefined : checkAnswer(answer, task, index);
  }

  resolve(task: WorkerTaskView): WorkerAnswer | undefined {
    const byRef = this.set.byRef ?? {};
    if (Object.prototype.hasOwnProperty.call(byRef, task.referenceTaskName)) {
      return this.take(`ref:${task.workflowId}:${task.referenceTaskName}`, byRef[task.referenceTaskName] as MockSpec, task);
    }
    const requestMocks = this.set.request?.taskRefToMockOutput ?? {};
    if (Object.prototype.hasOwnProperty.call(requestMocks, task.referenceTaskName)) {
      const list = requestMocks[task.referenceTaskName] ?? [];
      const key = `req:${task.workflowId}:${task.referenceTaskName}`;
      const index = this.used.get(key) ?? 0;
      this.used.set(key, index + 1);
      const mock = list[index];
      return mock === undefined ? undefined : fromTaskMock(mock, `mock ${index + 1} of "${task.referenceTaskName}"`);
    }
    if (task.baseReferenceName !== task.referenceTaskName && Object.prototype.hasOwnProperty.call(byRef, task.baseReferenceName)) {
      return this.take(`ref:${task.workflowId}:${task.baseReferenceName}`, byRef[task.baseReferenceName] as MockSpec, task);
    }
    const byName = this.set.byName ?? {};
    if (Object.prototype.hasOwnProperty.call(byName, task.taskDefName)) {
      return this.take(`name:${task.workflowId}:${task.taskDefName}`, byName[task.taskDefName] as MockSpec, task);
    }
    return undefined;
  }

  child(subWorkflowRef: string, childWorkflowName: string): TaskResolver | undefined {
    const ts = this.set.children?.[subWorkflowRef];
    const request = this.set.request?.subWorkflowTestRequest?.[subWorkflowRef];
    const byName = this.set.workflows?.[childWorkflowName];
    if (ts === undefined && request === undefined && byName === undefined) return undefined;
    return new MockResolver({ ...(byName ?? {}), ...(ts ?? {}), ...(request !== undefined ? { request } : {}) });
  }

  other(workflowName: string): TaskResolver | undefined {
    const set = this.set.workflows?.[workflowName];
    return set === undefined ? undefined : new MockResolver(set);
  }

  describe(): readonly string[] {
    return [
      ...Object.keys(this.set.byRef ?? {}),
      ...Object.keys(this.set.request?.taskRefToMockOutput ?? {}).filter((k) => !Object.prototype.hasOwnProperty.call(this.set.byRef ?? {}, k)),
      ...Object.keys(this.set.byName ?? {}).map((n) => `name:${n}`),
    ];
  }
}

/**
 * Creates a resolver from mocks.
 *
 * @example
 * const resolver = createMockResolver({
 *   byRef: { charge: [fail('card declined'), ok({ chargeId: 'ch_1' })] },
 *   byName: { send_email: ok() },
 * });
 */
export function createMockResolver(set: MockSet): TaskResolver {
  return new MockResolver(set);
}

/** A resolver that answers exactly as a WorkflowTestRequest's mocks say (one per attempt). */
export function resolverFromTestRequest(request: WorkflowTestRequest | SubWorkflowTestRequest): TaskResolver {
  return new MockResolver({ request });
}
