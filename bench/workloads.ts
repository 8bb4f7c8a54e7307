/**
 * The benchmark workloads of issue #7, each in two equivalent forms: a definition with TypeScript
 * mocks (what a user's test runs in simulate mode) and a WorkflowTestRequest with
 * `taskRefToMockOutput` (what `POST /api/workflow/test` and the engine's server-compat mode run).
 *
 * Every workload states how many task instances one run creates (`expect.tasks`, counted over the
 * top-level workflow and its children); the bench checks it on every run it measures, so a number
 * in the table is always the cost of the work it names. test/bench/workloads.test.ts runs each
 * workload at a small size against the same expectations.
 */
import { fail, ok } from 'conductor-testkit';
import type { JsonObject, MockSet, TaskMock, WorkflowDef, WorkflowRunInput, WorkflowTask, WorkflowTestRequest } from 'conductor-testkit';

/** What one run of a workload must end with. */
export interface WorkloadExpectation {
  readonly status: 'COMPLETED';
  /** Task instances created by one run, over every workflow of the run (children included). */
  readonly tasks: number;
}

/** One engine workload. */
export interface EngineWorkload {
  /** Stable id, used on the command line and in `--json` output (`a-line-20`, `c-loop-worker-1000`, …). */
  readonly id: string;
  /** The letter of issue #7 it answers. */
  readonly group: 'a' | 'b' | 'c' | 'd';
  /** Short label for the table. */
  readonly title: string;
  /** What the workflow does, in one sentence (printed under the table). */
  readonly about: string;
  /** Simulate mode: the definition and input … */
  readonly input: WorkflowRunInput;
  /** … and the TypeScript mocks. */
  readonly mocks: MockSet;
  /** The same run as a test-endpoint request (server-compat mode and the real server). */
  readonly request: WorkflowTestRequest;
  readonly expect: WorkloadExpectation;
}

/** Sizes of the scalable workloads. */
export interface WorkloadSizes {
  /** SIMPLE tasks in the line of (a). @defaultValue 20 */
  readonly line?: number;
  /** Branches of the FORK_JOIN of (b). @defaultValue 100 */
  readonly forkWidth?: number;
  /** DO_WHILE iteration counts of (c). @defaultValue [1000, 10000] */
  readonly loops?: readonly number[];
}

function simple(ref: string, inputParameters: JsonObject = {}, name = `bench_${ref}`): WorkflowTask {
  return { name, taskReferenceName: ref, type: 'SIMPLE', inputParameters };
}

function request(def: WorkflowDef, input: JsonObject, mocks: Record<string, TaskMock[]>, sub?: WorkflowTestRequest['subWorkflowTestRequest']): WorkflowTestRequest {
  return {
    name: def.name,
    version: def.version ?? 1,
    workflowDef: def,
    input,
    taskRefToMockOutput: mocks,
    ...(sub !== undefined ? { subWorkflowTestRequest: sub } : {}),
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** (a) `size` SIMPLE tasks in a line, each reading the workflow input and the previous task's output. */
export function lineWorkload(size = 20): EngineWorkload {
  const width = String(size).length;
  const ref = (i: number): string => `step_${pad(i, width)}`;
  const tasks: WorkflowTask[] = [];
  for (let i = 1; i <= size; i++) {
    tasks.push(simple(ref(i), { orderId: '${workflow.input.orderId}', previous: i === 1 ? '${workflow.input.amount}' : `\${${ref(i - 1)}.output.value}` }));
  }
  const def: WorkflowDef = {
    name: `bench_line_${size}`,
    version: 1,
    schemaVersion: 2,
    tasks,
    outputParameters: { last: `\${${ref(size)}.output.value}` },
  };
  const input = { orderId: 'o-1', amount: 10 };
  const byRef: Record<string, ReturnType<typeof ok>> = {};
  const mocks: Record<string, TaskMock[]> = {};
  for (let i = 1; i <= size; i++) {
    byRef[ref(i)] = ok({ value: i });
    mocks[ref(i)] = [{ status: 'COMPLETED', output: { value: i } }];
  }
  return {
    id: `a-line-${size}`,
    group: 'a',
    title: `${size} SIMPLE in a line`,
    about: `(a) ${size} SIMPLE tasks one after the other; each reads \${workflow.input.orderId} and the previous task's output.`,
    input: { workflowDef: def, input },
    mocks: { byRef },
    request: request(def, input, mocks),
    expect: { status: 'COMPLETED', tasks: size },
  };
}

/** (b) A FORK_JOIN of `width` branches of one SIMPLE task each, joined on all of them. */
export function forkWorkload(width = 100): EngineWorkload {
  const digits = String(width).length;
  const ref = (i: number): string => `leg_${pad(i, digits)}`;
  const branches: WorkflowTask[][] = [];
  for (let i = 1; i <= width; i++) branches.push([simple(ref(i), { leg: i, orderId: '${workflow.input.orderId}' }, 'bench_leg')]);
  const def: WorkflowDef = {
    name: `bench_fork_${width}`,
    version: 1,
    schemaVersion: 2,
    tasks: [
      { name: 'bench_fan', taskReferenceName: 'fan', type: 'FORK_JOIN', forkTasks: branches },
      { name: 'bench_fan_join', taskReferenceName: 'fan_join', type: 'JOIN', joinOn: branches.map((b) => b[0]?.taskReferenceName ?? '') },
    ],
  };
  const input = { orderId: 'o-1' };
  const mocks: Record<string, TaskMock[]> = {};
  for (let i = 1; i <= width; i++) mocks[ref(i)] = [{ status: 'COMPLETED', output: { done: i } }];
  return {
    id: `b-fork-${width}`,
    group: 'b',
    title: `FORK_JOIN width ${width}`,
    about: `(b) FORK_JOIN of ${width} branches, one SIMPLE task each (same task name "bench_leg"), and a JOIN on all of them.`,
    input: { workflowDef: def, input },
    mocks: { byName: { bench_leg: ok({ done: true }) } },
    request: request(def, input, mocks),
    expect: { status: 'COMPLETED', tasks: width + 2 },
  };
}

const LOOP_CONDITION = "if ($.loop['iteration'] < $.n) { true; } else { false; }";

/**
 * (c) A DO_WHILE of `n` iterations. Body `worker`: a SIMPLE task (polled and answered by a mock)
 * and a SET_VARIABLE. Body `sync`: an INLINE (JavaScript) and a SET_VARIABLE, only synchronous
 * system tasks. The condition is JavaScript, evaluated after every iteration.
 */
export function loopWorkload(n: number, body: 'worker' | 'sync'): EngineWorkload {
  const first: WorkflowTask = body === 'worker'
    ? simple('work', { i: '${loop.output.iteration}', orderId: '${workflow.input.orderId}' })
    : {
        name: 'bench_calc',
        taskReferenceName: 'calc',
        type: 'INLINE',
        inputParameters: { evaluatorType: 'graaljs', expression: '$.i * 2', i: '${loop.output.iteration}' },
      };
  const tally: WorkflowTask = {
    name: 'bench_tally',
    taskReferenceName: 'tally',
    type: 'SET_VARIABLE',
    inputParameters: { last: body === 'worker' ? '${work.output.value}' : '${calc.output.result}' },
  };
  const def: WorkflowDef = {
    name: `bench_loop_${body}_${n}`,
    version: 1,
    schemaVersion: 2,
    tasks: [
      {
        name: 'bench_loop',
        taskReferenceName: 'loop',
        type: 'DO_WHILE',
        inputParameters: { n: '${workflow.input.n}' },
        loopCondition: LOOP_CONDITION,
        loopOver: [first, tally],
      },
    ],
    outputParameters: { last: '${workflow.variables.last}' },
  };
  const input = { n, orderId: 'o-1' };
  const mocks: Record<string, TaskMock[]> = {};
  if (body === 'worker') for (let i = 1; i <= n; i++) mocks[`work__${i}`] = [{ status: 'COMPLETED', output: { value: i } }];
  const label = body === 'worker' ? 'SIMPLE+SET_VARIABLE' : 'INLINE+SET_VARIABLE';
  return {
    id: `c-loop-${body}-${n}`,
    group: 'c',
    title: `DO_WHILE ×${n} (${label})`,
    about: `(c) DO_WHILE of ${n} iterations, JavaScript condition; body ${body === 'worker' ? 'a SIMPLE task (worker poll + mock answer) and a SET_VARIABLE' : 'an INLINE ($.i * 2) and a SET_VARIABLE (synchronous system tasks only)'}.`,
    input: { workflowDef: def, input },
    mocks: body === 'worker' ? { byRef: { work: ok({ value: 1 }) } } : {},
    request: request(def, input, mocks),
    expect: { status: 'COMPLETED', tasks: 1 + 2 * n },
  };
}

/** The inline child of the kitchensink workload. */
function kitchensinkChild(): WorkflowDef {
  return {
    name: 'bench_kitchensink_child',
    version: 1,
    schemaVersion: 2,
    tasks: [simple('child_a', { orderId: '${workflow.input.orderId}' }), simple('child_b', { a: '${child_a.output.value}' })],
    outputParameters: { b: '${child_b.output.value}' },
  };
}

/**
 * (d) A kitchensink-like mix: INLINE, a JavaScript SWITCH, a SIMPLE task that fails twice before it
 * succeeds (retries), a FORK_JOIN whose branches are a SUB_WORKFLOW (inline definition, two SIMPLE
 * tasks), a SIMPLE task and a JSON_JQ_TRANSFORM, a DO_WHILE of 3 iterations (SIMPLE +
 * SET_VARIABLE), a closing jq summary and a SIMPLE task.
 *
 * The retried task is not inside the fork on purpose: on a real server a background JOIN
 * evaluation can see a failed branch attempt before its retry is scheduled and fail the workflow
 * (the harness tag `join-race-possible`; seen here in 3 of 4 requests), and (g) needs an answer
 * that does not depend on that race.
 */
export function kitchensinkWorkload(): EngineWorkload {
  const def: WorkflowDef = {
    name: 'bench_kitchensink',
    version: 1,
    schemaVersion: 2,
    tasks: [
      simple('prepare', { orderId: '${workflow.input.orderId}', items: '${workflow.input.items}' }),
      {
        name: 'bench_classify',
        taskReferenceName: 'classify',
        type: 'INLINE',
        inputParameters: { evaluatorType: 'graaljs', expression: "$.amount > 100 ? 'gold' : 'silver'", amount: '${workflow.input.amount}' },
      },
      {
        name: 'bench_route',
        taskReferenceName: 'route',
        type: 'SWITCH',
        evaluatorType: 'graaljs',
        expression: "$.tier == 'gold' ? 'express' : 'standard'",
        inputParameters: { tier: '${classify.output.result}' },
        decisionCases: {
          express: [simple('express_quote', { orderId: '${workflow.input.orderId}' })],
          standard: [simple('standard_quote', { orderId: '${workflow.input.orderId}' })],
        },
        defaultCase: [],
      },
      {
        ...simple('flaky', { orderId: '${workflow.input.orderId}' }),
        taskDefinition: { name: 'bench_flaky', retryCount: 2, retryLogic: 'FIXED', retryDelaySeconds: 1, responseTimeoutSeconds: 60, timeoutSeconds: 0, timeoutPolicy: 'TIME_OUT_WF' },
      },
      {
        name: 'bench_fanout',
        taskReferenceName: 'fanout',
        type: 'FORK_JOIN',
        forkTasks: [
          [
            {
              name: 'bench_child',
              taskReferenceName: 'child',
              type: 'SUB_WORKFLOW',
              inputParameters: { orderId: '${workflow.input.orderId}' },
              subWorkflowParam: { name: 'bench_kitchensink_child', version: 1, workflowDefinition: kitchensinkChild() },
            },
          ],
          [simple('notify', { orderId: '${workflow.input.orderId}' })],
          [
            {
              name: 'bench_reshape',
              taskReferenceName: 'reshape',
              type: 'JSON_JQ_TRANSFORM',
              inputParameters: { items: '${workflow.input.items}', queryExpression: '{ skus: [.items[].sku], count: (.items | length) }' },
            },
          ],
        ],
      },
      { name: 'bench_fanout_join', taskReferenceName: 'fanout_join', type: 'JOIN', joinOn: ['child', 'notify', 'reshape'] },
      {
        name: 'bench_batch',
        taskReferenceName: 'batch',
        type: 'DO_WHILE',
        inputParameters: { n: 3 },
        loopCondition: "$.batch['iteration'] < $.n",
        loopOver: [
          simple('pack', { i: '${batch.output.iteration}', skus: '${reshape.output.result.skus}' }),
          { name: 'bench_count', taskReferenceName: 'count', type: 'SET_VARIABLE', inputParameters: { packed: '${pack.output.value}' } },
        ],
      },
      {
        name: 'bench_summary',
        taskReferenceName: 'summary',
        type: 'JSON_JQ_TRANSFORM',
        inputParameters: { child: '${child.output}', packed: '${workflow.variables.packed}', queryExpression: '{ child: .child.b, packed: .packed }' },
      },
      simple('finish', { summary: '${summary.output.result}' }),
    ],
    outputParameters: { summary: '${summary.output.result}', flaky: '${flaky.output.value}' },
  };
  const input = { orderId: 'o-1', amount: 250, items: [{ sku: 'BOOK-1', qty: 2 }, { sku: 'MUG-7', qty: 1 }] };
  const done = (value: unknown): TaskMock => ({ status: 'COMPLETED', output: { value } as JsonObject });
  const failed: TaskMock = { status: 'FAILED', output: {} };
  const mocks: Record<string, TaskMock[]> = {
    prepare: [done('prepared')],
    express_quote: [done(12.5)],
    flaky: [failed, failed, done('third time')],
    notify: [done('sent')],
    pack__1: [done(1)],
    pack__2: [done(2)],
    pack__3: [done(3)],
    finish: [done('done')],
  };
  return {
    id: 'd-kitchensink',
    group: 'd',
    title: 'kitchensink mix',
    about:
      '(d) SIMPLE, INLINE, JavaScript SWITCH (→ SIMPLE), SIMPLE failing twice then retried to success, FORK_JOIN of [SUB_WORKFLOW (inline, 2 SIMPLE) | SIMPLE | JSON_JQ_TRANSFORM], JOIN, DO_WHILE ×3 (SIMPLE + SET_VARIABLE), jq summary, SIMPLE.',
    input: { workflowDef: def, input },
    mocks: {
      byRef: {
        prepare: ok({ value: 'prepared' }),
        express_quote: ok({ value: 12.5 }),
        flaky: [fail(), fail(), ok({ value: 'third time' })],
        notify: ok({ value: 'sent' }),
        pack: ok({ value: 1 }),
        finish: ok({ value: 'done' }),
      },
      children: { child: { byRef: { child_a: ok({ value: 'a' }), child_b: ok({ value: 'b' }) } } },
    },
    request: request(def, input, mocks, {
      child: { taskRefToMockOutput: { child_a: [done('a')], child_b: [done('b')] } },
    }),
    // prepare, classify, route, express_quote, flaky ×3, fanout, child, notify, reshape,
    // fanout_join, batch, (pack, count) ×3, summary, finish = 21; child_a, child_b in the child = 2.
    expect: { status: 'COMPLETED', tasks: 23 },
  };
}

/** Every engine workload at the given sizes, in table order. */
export function engineWorkloads(sizes: WorkloadSizes = {}): EngineWorkload[] {
  const loops = sizes.loops ?? [1000, 10000];
  return [
    lineWorkload(sizes.line ?? 20),
    forkWorkload(sizes.forkWidth ?? 100),
    ...loops.map((n) => loopWorkload(n, 'worker')),
    ...loops.map((n) => loopWorkload(n, 'sync')),
    kitchensinkWorkload(),
  ];
}

/**
 * The workloads sent to a real server in (g). The loops run 100 iterations there, not 1,000: the
 * test endpoint re-reads the whole execution on every pass, so a 1,000-iteration request takes
 * minutes on the server (measured once: see docs/performance.md).
 */
export function serverWorkloads(): EngineWorkload[] {
  return [lineWorkload(20), forkWorkload(100), loopWorkload(100, 'worker'), loopWorkload(100, 'sync'), kitchensinkWorkload()];
}

/** Finds a workload of {@link engineWorkloads} or {@link serverWorkloads} by id. */
export function findWorkload(id: string): EngineWorkload | undefined {
  return engineWorkloads().find((w) => w.id === id) ?? serverWorkloads().find((w) => w.id === id);
}
