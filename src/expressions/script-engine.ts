/**
 * The JavaScript sandbox behind INLINE, LAMBDA, SWITCH/DECISION scripts and DO_WHILE conditions.
 *
 * Conductor evaluates these with GraalJS (core/.../core/events/ScriptEvaluator.java; task-types
 * §3.2). We run them in QuickJS-ng compiled to WebAssembly (quickjs-emscripten), loaded once
 * asynchronously by {@link createScriptEngine}; after that every evaluation is a synchronous,
 * deterministic call: the clock is the request's `nowMs`, Math's `random` is seeded by `seed`, and
 * the time limit is a count of interpreter interrupt ticks instead of wall-clock seconds.
 *
 * Fidelity limits, stated plainly (each pinned by a test in test/expressions/script-engine.test.ts;
 * the reasoning is in docs/decisions/javascript-sandbox.md):
 * - Messages follow GraalJS for the common errors (`ReferenceError: foo is not defined`,
 *   `TypeError: Cannot read property 'x' of null`, `RangeError: Maximum call stack size
 *   exceeded`); syntax errors carry QuickJS's text (`SyntaxError: expecting ';'`) where GraalJS
 *   would print `SyntaxError: inline:1:2 Expected ; but found b` plus a source excerpt.
 * - `$` is built from JSON: maps and lists mimic the Java host objects (`get`, `size`,
 *   `containsKey`, Java `toString`, `JSON.stringify(map) === '{}'`), but `Object.keys(map)` lists
 *   the map's keys where GraalJS lists the Java methods, and `'k' in map` is `true`.
 * - Intrinsics (`Array.prototype`, `Object`, ...) are frozen so nothing leaks between calls;
 *   a script that monkey-patches a built-in sees the assignment silently ignored.
 * - Recursion depth is lower than GraalJS's (about a thousand frames).
 *
 * @packageDocumentation
 */
import { InternalError, UsageError } from '../errors/index.js';
import { createGuestDate, withGuestDate } from './internal/script-clock.js';
import { Sandbox, isResourceFailure, loadSandboxModule } from './internal/script-sandbox.js';
import type { GuestResult, SandboxModule } from './internal/script-sandbox.js';

/** One evaluation. */
export interface ScriptRequest {
  readonly source: string;
  /**
   * `'script'`: GraalJS-style classic script, result = completion value (INLINE, SWITCH, DECISION
   * caseExpression, DO_WHILE loopCondition). `'function-body'`: LAMBDA — the source is the body of
   * a function that must `return` (Conductor: SYS/Lambda.java wraps it as
   * `function scriptFun(){<source>} scriptFun();`, which is exactly what we evaluate).
   */
  readonly mode: 'script' | 'function-body';
  /** Bound to `$`. A JSON-like value (maps, lists, strings, numbers, booleans, null). */
  readonly input: unknown;
  /** Virtual now (epoch ms): `Date`'s `now()`, an argument-less `Date` construction and `Date()` inside the script read it. */
  readonly nowMs: number;
  /** Seed of Math's `random` inside the script (deterministic per call; used modulo 2^32). */
  readonly seed: number;
  /**
   * Deterministic execution budget in interrupt ticks (QuickJS calls its interrupt handler every
   * few thousand bytecode operations), so an infinite loop stops the same way on every machine.
   * @defaultValue the engine's `defaultBudget`
   */
  readonly budget?: number;
}

/** What an evaluation gave: a converted value (task-types §3.2), an error, or a timeout. */
export type ScriptOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly kind: 'error'; readonly message: string; readonly line?: number }
  | { readonly ok: false; readonly kind: 'timeout'; readonly message: string };

/** A loaded sandbox. Evaluation is synchronous. */
export interface ScriptEngine {
  /** Runs one script in a fresh global state. Never throws for a script's own failure. */
  evaluate(request: ScriptRequest): ScriptOutcome;
  /** Checks syntax only, for definition validation: `undefined` when fine, else the message. */
  checkSyntax(source: string, mode: ScriptRequest['mode']): string | undefined;
  /** Frees the WebAssembly memory. Calls after this throw a `UsageError`. */
  dispose(): void;
}

/** Options of {@link createScriptEngine}. */
export interface ScriptEngineOptions {
  /**
   * Budget of a request that sets none, in interrupt ticks. One tick is roughly 0.1–0.2 ms of
   * interpretation on a laptop-class core, so the default stops `while (true) {}` in about a
   * third of a second while honest scripts (microseconds) never come near it.
   * @defaultValue 2000
   */
  readonly defaultBudget?: number;
  /**
   * Memory limit of the QuickJS heap, input included; a script that exceeds it fails with
   * `Java heap space` like GraalJS does.
   * @defaultValue 32 MiB
   */
  readonly memoryLimitBytes?: number;
}

/** Conductor's own text for a script that hit the limit (ScriptEvaluator, default 4 seconds). */
export const SCRIPT_TIMEOUT_MESSAGE = 'Script not evaluated within 4 seconds, interrupted.';

const DEFAULT_BUDGET = 2000;
const DEFAULT_MEMORY_LIMIT = 32 * 1024 * 1024;
/**
 * QuickJS measures its stack in WebAssembly linear memory while V8 runs the frames on its own
 * stack; 256 KiB keeps ordinary deep recursion (a thousand frames) inside QuickJS's own check.
 */
const MAX_STACK_BYTES = 256 * 1024;
/** Ticks allowed to the prelude while a context is prepared (it needs a few dozen). */
const SETUP_BUDGET = 1_000_000;
/** Key of the tagged objects that carry NaN, ±Infinity and -0 through the JSON envelope. */
const NUMBER_TAG = '\u0000ctk-number';

/**
 * Loads the sandbox (two QuickJS WebAssembly instances: one in use, one spare for the rare case
 * where V8 itself runs out of stack inside WebAssembly and the instance must be dropped).
 *
 * @example
 * const engine = await createScriptEngine();
 * engine.evaluate({ source: "$.type == 'a' ? 'x' : 'y'", mode: 'script', input: { type: 'a' },
 *   nowMs: 0, seed: 1 }); // { ok: true, value: 'x' }
 * @throws UsageError when an option is not a positive integer.
 */
export async function createScriptEngine(options: ScriptEngineOptions = {}): Promise<ScriptEngine> {
  const resolved = resolveScriptEngineOptions(options);
  const [primary, spare] = await Promise.all([loadSandboxModule(), loadSandboxModule()]);
  const engine = new QuickJsScriptEngine(resolved, primary, spare);
  engine.warmUp();
  return engine;
}

/**
 * DO_WHILE truthiness (task-types §3.2 `toBoolean`): only `true` or a number > 0 continue.
 * Conductor: ScriptEvaluator.toBoolean — `Boolean` as is, `Number` when `doubleValue() > 0`,
 * anything else (the string "true", objects, null) is false.
 */
export function toLoopBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value > 0;
  return false;
}

interface ResolvedScriptEngineOptions {
  readonly defaultBudget: number;
  readonly memoryLimitBytes: number;
}

function resolveScriptEngineOptions(options: ScriptEngineOptions): ResolvedScriptEngineOptions {
  const defaultBudget = options.defaultBudget ?? DEFAULT_BUDGET;
  const memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT;
  if (!Number.isSafeInteger(defaultBudget) || defaultBudget < 1) {
    throw new UsageError(`createScriptEngine: defaultBudget must be a positive integer, got ${String(defaultBudget)}.`);
  }
  if (!Number.isSafeInteger(memoryLimitBytes) || memoryLimitBytes < 1024 * 1024) {
    throw new UsageError(`createScriptEngine: memoryLimitBytes must be an integer of at least 1 MiB, got ${String(memoryLimitBytes)}.`);
  }
  return { defaultBudget, memoryLimitBytes };
}

class QuickJsScriptEngine implements ScriptEngine {
  readonly #options: ResolvedScriptEngineOptions;
  readonly #guestDate: DateConstructor;
  #module: SandboxModule;
  #spare: SandboxModule | undefined;
  #sandbox: Sandbox | undefined;
  #ticks = 0;
  #budget = 0;
  #nowMs = 0;
  #disposed = false;
  /** No script has run in the current context since it was prepared. */
  #fresh = false;
  /** The call in progress started on a fresh context. */
  #startedFresh = false;

  constructor(options: ResolvedScriptEngineOptions, module: SandboxModule, spare: SandboxModule) {
    this.#options = options;
    this.#module = module;
    this.#spare = spare;
    this.#guestDate = createGuestDate(() => this.#nowMs);
  }

  evaluate(request: ScriptRequest): ScriptOutcome {
    this.#assertUsable('evaluate');
    const budget = checkRequest(request, this.#options.defaultBudget);
    const inputJson = toInputJson(request.input);
    // Conductor: SYS/Lambda.java — "function scriptFun(){" + scriptExpression + "} scriptFun();"
    const source = request.mode === 'function-body' ? `function scriptFun(){${request.source}} scriptFun();` : request.source;
    let result = this.#run(source, inputJson, request, budget);
    if (result === undefined) return { ok: false, kind: 'error', message: 'RangeError: Maximum call stack size exceeded' };
    if (result.kind === 'aborted' && result.message === 'interrupted' && !this.#startedFresh) {
      // QuickJS's operation counter carries over from earlier calls in the context, so a script
      // within one tick of its budget could finish after one history and not after another. A
      // completed call would also have completed from a fresh counter; a timeout is confirmed
      // on a fresh context, whose counter is always the same.
      this.#resetSandbox();
      result = this.#run(source, inputJson, request, budget);
      if (result === undefined) return { ok: false, kind: 'error', message: 'RangeError: Maximum call stack size exceeded' };
    }
    if (result.kind === 'aborted') {
      this.#resetSandbox();
      if (result.message === 'interrupted') return { ok: false, kind: 'timeout', message: SCRIPT_TIMEOUT_MESSAGE };
      // GraalJS reports heap exhaustion with the JVM's text (checked with GraalJS 25.0.2).
      if (result.message === 'out of memory') return { ok: false, kind: 'error', message: 'Java heap space' };
      return { ok: false, kind: 'error', message: result.name === '' ? result.message : `${result.name}: ${result.message}` };
    }
    if (result.kind === 'value') {
      if (this.#current().hasPendingJob()) this.#resetSandbox();
      return { ok: true, value: result.value };
    }
    const envelope = parseEnvelope(result.json);
    if ((envelope.dirty && !this.#restoreGlobals()) || this.#current().hasPendingJob()) this.#resetSandbox();
    if (envelope.ok) return { ok: true, value: envelope.value };
    if (envelope.message === 'InternalError: out of memory' || envelope.message === 'InternalError: Out of memory') {
      this.#resetSandbox();
      return { ok: false, kind: 'error', message: 'Java heap space' };
    }
    return envelope.line === undefined
      ? { ok: false, kind: 'error', message: envelope.message }
      : { ok: false, kind: 'error', message: envelope.message, line: envelope.line };
  }

  /** One guest call; `undefined` when V8 itself overflowed its stack (the instance is dropped). */
  #run(source: string, inputJson: string, request: ScriptRequest, budget: number): GuestResult | undefined {
    const sandbox = this.#current();
    if (!sandbox.isPrepared(source)) {
      try {
        this.#prepare(sandbox, source);
      } catch (error) {
        this.#dropModule(error);
        return undefined;
      }
    }
    this.#startedFresh = this.#fresh;
    this.#fresh = false;
    this.#ticks = 0;
    this.#budget = budget;
    this.#nowMs = request.nowMs;
    try {
      return withGuestDate(this.#guestDate, () => sandbox.call(source, inputJson, request.seed));
    } catch (error) {
      // V8 ran out of its own stack inside the WebAssembly code (deep JSON.parse, deep nesting in
      // the parser): QuickJS's state is torn, so the whole instance is dropped.
      this.#dropModule(error);
      return undefined;
    }
  }

  /** Prepares the sandbox now, so the first evaluation does not pay for it. */
  warmUp(): void {
    this.#current();
  }

  checkSyntax(source: string, mode: ScriptRequest['mode']): string | undefined {
    this.#assertUsable('checkSyntax');
    if (typeof source !== 'string') throw new UsageError(`checkSyntax: source must be a string, got ${typeof source}.`);
    const text = mode === 'function-body' ? `function scriptFun(){${source}} scriptFun();` : source;
    let problem: ReturnType<Sandbox['compile']>;
    try {
      problem = withGuestDate(this.#guestDate, () => this.#current().compile(text));
    } catch (error) {
      this.#dropModule(error);
      return 'RangeError: Maximum call stack size exceeded';
    }
    if (problem === undefined) return undefined;
    const where = problem.line === undefined ? '' : `inline:${problem.line} `;
    return `${problem.name}: ${where}${problem.message}`;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    try {
      this.#sandbox?.dispose();
    } catch {
      // A runtime QuickJS refuses to free is dropped with its WebAssembly instance.
    }
    this.#sandbox = undefined;
    this.#spare = undefined;
  }

  #current(): Sandbox {
    if (this.#sandbox === undefined) {
      // Preparing a context runs the prelude under the same interrupt handler: give it its own
      // budget, then hand the request's budget back untouched.
      const [ticks, budget] = [this.#ticks, this.#budget];
      this.#ticks = 0;
      this.#budget = SETUP_BUDGET;
      try {
        const sandbox = this.#create();
        // Run the context's operation counter down to its reset point, so every fresh context
        // starts its first call from the same counter value.
        this.#budget = 0;
        withGuestDate(this.#guestDate, () => sandbox.spinUntilInterrupted());
        this.#sandbox = sandbox;
        this.#fresh = true;
      } finally {
        this.#ticks = ticks;
        this.#budget = budget;
      }
    }
    return this.#sandbox;
  }

  #create(): Sandbox {
    return new Sandbox(this.#module, {
      memoryLimitBytes: this.#options.memoryLimitBytes,
      maxStackBytes: MAX_STACK_BYTES,
      onInterrupt: () => {
        this.#ticks += 1;
        return this.#ticks > this.#budget;
      },
    });
  }

  /**
   * Compiles a source the first time this context sees it, under its own budget. On a fresh
   * context the operation counter is run down to its reset point again afterwards, so the call
   * still starts from the same counter value as without the compilation.
   */
  #prepare(sandbox: Sandbox, source: string): void {
    const [ticks, budget] = [this.#ticks, this.#budget];
    this.#ticks = 0;
    this.#budget = SETUP_BUDGET;
    try {
      sandbox.prepare(source);
      if (this.#fresh) {
        this.#budget = 0;
        sandbox.spinUntilInterrupted();
      }
    } finally {
      this.#ticks = ticks;
      this.#budget = budget;
    }
  }

  /** Runs the guest's global clean-up under its own budget; false when it could not finish. */
  #restoreGlobals(): boolean {
    this.#ticks = 0;
    this.#budget = SETUP_BUDGET;
    return this.#current().restore();
  }

  /** A fresh runtime and context on the same WebAssembly instance (after a timeout, OOM, leak). */
  #resetSandbox(): void {
    const old = this.#sandbox;
    this.#sandbox = undefined;
    if (old === undefined) return;
    try {
      old.dispose();
    } catch (error) {
      this.#dropModule(error);
    }
  }

  /** Replaces a WebAssembly instance that can no longer be trusted with the spare one. */
  #dropModule(cause: unknown): void {
    this.#sandbox = undefined;
    const spare = this.#spare;
    if (spare === undefined) {
      this.#disposed = true;
      throw new InternalError(
        'the JavaScript sandbox crashed twice (V8 ran out of stack inside WebAssembly) before a spare instance was ready.',
        { cause },
      );
    }
    this.#module = spare;
    this.#spare = undefined;
    void loadSandboxModule().then(
      (module) => {
        if (!this.#disposed) this.#spare = module;
      },
      () => undefined,
    );
  }

  #assertUsable(what: string): void {
    if (this.#disposed) throw new UsageError(`ScriptEngine.${what}: the engine was disposed; create a new one with createScriptEngine().`);
  }
}

function checkRequest(request: ScriptRequest, defaultBudget: number): number {
  if (typeof request !== 'object' || request === null) throw new UsageError('evaluate: the request must be an object.');
  if (typeof request.source !== 'string') throw new UsageError(`evaluate: source must be a string, got ${typeof request.source}.`);
  if (request.mode !== 'script' && request.mode !== 'function-body') {
    throw new UsageError(`evaluate: mode must be 'script' or 'function-body', got ${JSON.stringify(request.mode)}.`);
  }
  if (!Number.isFinite(request.nowMs)) throw new UsageError(`evaluate: nowMs must be a finite number, got ${String(request.nowMs)}.`);
  if (!Number.isFinite(request.seed)) throw new UsageError(`evaluate: seed must be a finite number, got ${String(request.seed)}.`);
  const budget = request.budget ?? defaultBudget;
  if (!Number.isSafeInteger(budget) || budget < 1) throw new UsageError(`evaluate: budget must be a positive integer, got ${String(budget)}.`);
  return budget;
}

function toInputJson(input: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(input);
  } catch (error) {
    throw new UsageError(`evaluate: input must be JSON-like (maps, lists, strings, numbers, booleans, null): ${String(error)}`, { cause: error });
  }
  return json ?? 'null';
}

interface Envelope {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly message: string;
  readonly line?: number;
  /** The script left something on the global object. */
  readonly dirty: boolean;
}

function parseEnvelope(json: string): Envelope {
  // JSON.stringify writes the tag's NUL as \u0000; without it no reviver is needed.
  if (!json.includes('\\u0000ctk-number')) return JSON.parse(json) as Envelope;
  return JSON.parse(json, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const tagged = (value as Record<string, unknown>)[NUMBER_TAG];
      if (typeof tagged === 'string' && Object.keys(value).length === 1) return specialNumber(tagged);
    }
    return value;
  }) as Envelope;
}

function specialNumber(tag: string): number {
  switch (tag) {
    case 'NaN':
      return Number.NaN;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return -0;
  }
}
