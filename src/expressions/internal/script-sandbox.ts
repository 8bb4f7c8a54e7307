/**
 * One QuickJS sandbox: a runtime and a prepared context (prelude loaded, intrinsics frozen) on a
 * QuickJS-ng WebAssembly instance. Loading is the only asynchronous step; everything after it is a
 * synchronous call. The public face is `script-engine.ts`.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { InternalError } from '../../errors/index.js';
import { SCRIPT_EVALUATOR, SCRIPT_PRELUDE } from './script-prelude.js';

/** A loaded QuickJS WebAssembly instance; each one has its own memory. */
export type SandboxModule = QuickJSWASMModule;

/**
 * Loads a fresh QuickJS-ng WebAssembly instance (sync build: no asyncify overhead).
 * Dynamic imports keep the package free of top-level await and `import.meta` (STYLE 9.2).
 */
export async function loadSandboxModule(): Promise<SandboxModule> {
  const [core, variant] = await Promise.all([
    import('quickjs-emscripten-core'),
    import('@jitl/quickjs-ng-wasmfile-release-sync'),
  ]);
  // The package's typings describe the namespace, not its default export; the loader unwraps
  // `default` itself (smartUnwrap in quickjs-emscripten-core).
  type Variant = Parameters<typeof core.newQuickJSWASMModuleFromVariant>[0];
  const base = ((variant as { default?: unknown }).default ?? variant) as Record<string, unknown>;
  // The variant's CommonJS build loads its emscripten module with a dynamic import(), which
  // jest (CommonJS, no --experimental-vm-modules) refuses. Our own loader compiles to require()
  // in our CommonJS build and stays import() in the ESM build.
  const ownVariant = {
    ...base,
    importModuleLoader: () =>
      import('@jitl/quickjs-ng-wasmfile-release-sync/emscripten-module').then((m) => (m as { default: unknown }).default),
  };
  return core.newQuickJSWASMModuleFromVariant(ownVariant as unknown as Variant);
}

/** Limits of one runtime. */
export interface SandboxLimits {
  readonly memoryLimitBytes: number;
  readonly maxStackBytes: number;
  /** Called by QuickJS every few thousand operations; `true` interrupts the script. */
  readonly onInterrupt: () => boolean;
}

/**
 * What a guest call returned: a result the guest could pass without JSON (number, string,
 * boolean, null — the common case for SWITCH and loop conditions), the JSON envelope written by
 * the prelude's `finish`, or a failure that ended the call from outside the script.
 */
export type GuestResult =
  | { readonly kind: 'value'; readonly value: number | string | boolean | null }
  | { readonly kind: 'envelope'; readonly json: string }
  | { readonly kind: 'aborted'; readonly name: string; readonly message: string };

/**
 * A runtime plus one context prepared by the prelude. Reused across calls: isolation comes from
 * the frozen intrinsics and the per-call global clean-up (see `script-prelude.ts`).
 */
export class Sandbox {
  readonly #runtime: QuickJSRuntime;
  readonly #context: QuickJSContext;
  readonly #run: QuickJSHandle;
  readonly #finish: QuickJSHandle;
  readonly #restore: QuickJSHandle;
  readonly #prepare: QuickJSHandle;
  /** Sources already looked at by {@link Sandbox.prepare}, and whether the guest compiled them. */
  readonly #prepared = new Map<string, boolean>();
  #disposed = false;

  constructor(module: SandboxModule, limits: SandboxLimits) {
    this.#runtime = module.newRuntime();
    this.#runtime.setMemoryLimit(limits.memoryLimitBytes);
    this.#runtime.setMaxStackSize(limits.maxStackBytes);
    this.#runtime.setInterruptHandler(limits.onInterrupt);
    this.#context = this.#runtime.newContext();
    const context = this.#context;
    const init = this.#unwrap(context.evalCode(SCRIPT_PRELUDE, 'ctk-prelude'), 'prelude');
    const evaluator = this.#unwrap(context.evalCode(SCRIPT_EVALUATOR, 'ctk-evaluator'), 'evaluator');
    const api = this.#unwrap(context.callFunction(init, context.undefined, evaluator), 'init');
    this.#run = context.getProp(api, 'run');
    this.#finish = context.getProp(api, 'finish');
    this.#restore = context.getProp(api, 'restore');
    this.#prepare = context.getProp(api, 'prepare');
    api.dispose();
    evaluator.dispose();
    init.dispose();
  }

  /** Runs `source` with `$` built from `inputJson`, drains promise jobs, converts the result. */
  call(source: string, inputJson: string, seed: number): GuestResult {
    const context = this.#context;
    const sourceHandle = context.newString(source);
    const inputHandle = context.newString(inputJson);
    const seedHandle = context.newNumber(seed);
    let result: GuestResult;
    try {
      const ran = context.callFunction(this.#run, context.undefined, sourceHandle, inputHandle, seedHandle);
      if (ran.error !== undefined) return this.#aborted(ran.error);
      result = this.#read(ran.value);
    } finally {
      seedHandle.dispose();
      inputHandle.dispose();
      sourceHandle.dispose();
    }
    // GraalJS runs queued promise jobs before the host reads the value (checked with 25.0.2);
    // they may change the result, so it is converted again afterwards.
    if (this.#runtime.hasPendingJob()) {
      const jobs = this.#runtime.executePendingJobs(-1);
      if (jobs.error !== undefined) {
        const aborted = this.#aborted(jobs.error);
        if (aborted.kind === 'aborted' && isResourceFailure(aborted.message)) return aborted;
      } else {
        jobs.dispose();
      }
      const finished = context.callFunction(this.#finish, context.undefined);
      if (finished.error !== undefined) return this.#aborted(finished.error);
      result = this.#read(finished.value);
    }
    return result;
  }

  /** Decodes (and disposes) what `run`/`finish` returned; see the prelude's `run`. */
  #read(handle: QuickJSHandle): GuestResult {
    const context = this.#context;
    if (context.typeof(handle) === 'number') {
      const value = context.getNumber(handle);
      handle.dispose();
      return { kind: 'value', value };
    }
    const text = context.getString(handle);
    handle.dispose();
    switch (text[0]) {
      case 'S':
        return { kind: 'value', value: text.slice(1) };
      case 'T':
        return { kind: 'value', value: true };
      case 'F':
        return { kind: 'value', value: false };
      case 'N':
        return { kind: 'value', value: null };
      default:
        return { kind: 'envelope', json: text.slice(1) };
    }
  }

  /**
   * Spins until the interrupt handler stops the loop (the caller makes it answer `true`), which
   * leaves QuickJS's per-context operation counter exactly at its reset value.
   */
  spinUntilInterrupted(): void {
    const result = this.#context.evalCode('for (;;) {}', 'ctk-spin');
    if (result.error === undefined) {
      result.value.dispose();
      return;
    }
    result.error.dispose();
  }

  /** True when {@link Sandbox.prepare} has nothing (more) to do for `source` in this context. */
  isPrepared(source: string): boolean {
    return this.#prepared.has(source) || this.#prepared.size >= MAX_PREPARED_SOURCES;
  }

  /**
   * Compiles `source` once into a function the guest's `run` calls instead of `eval`ing the text
   * again, when that cannot change anything the script can see (see {@link toCompilableExpression});
   * otherwise the source keeps going through `eval`. Runs guest code: the caller sets the budget.
   */
  prepare(source: string): void {
    if (this.isPrepared(source)) return;
    const expression = toCompilableExpression(source);
    let compiled = false;
    if (expression !== undefined && this.compile(source) === undefined) {
      const context = this.#context;
      const expressionHandle = context.newString(expression);
      const sourceHandle = context.newString(source);
      try {
        const result = context.callFunction(this.#prepare, context.undefined, expressionHandle, sourceHandle);
        if (result.error === undefined) {
          compiled = true;
          result.value.dispose();
        } else {
          result.error.dispose();
        }
      } finally {
        sourceHandle.dispose();
        expressionHandle.dispose();
      }
    }
    this.#prepared.set(source, compiled);
  }

  /** Deletes what the last call left on the global object; false when that is impossible. */
  restore(): boolean {
    const result = this.#context.callFunction(this.#restore, this.#context.undefined);
    if (result.error !== undefined) {
      result.error.dispose();
      return false;
    }
    const clean = this.#context.typeof(result.value) === 'boolean' && this.#context.dump(result.value) === true;
    result.value.dispose();
    return clean;
  }

  /** Parses `source` as a global script without running it; the error object when it does not parse. */
  compile(source: string): { readonly name: string; readonly message: string; readonly line?: number } | undefined {
    const result = this.#context.evalCode(source, 'inline', { type: 'global', compileOnly: true });
    if (result.error === undefined) {
      result.value.dispose();
      return undefined;
    }
    const dumped = this.#context.dump(result.error) as unknown;
    result.error.dispose();
    const error = asErrorShape(dumped);
    const line = /inline:(\d+)/.exec(error.stack)?.[1];
    return line === undefined ? { name: error.name, message: error.message } : { name: error.name, message: error.message, line: Number(line) };
  }

  /** True when promise jobs are still queued (they would leak into the next call). */
  hasPendingJob(): boolean {
    return this.#runtime.hasPendingJob();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#run.dispose();
    this.#finish.dispose();
    this.#restore.dispose();
    this.#prepare.dispose();
    this.#context.dispose();
    this.#runtime.dispose();
  }

  #aborted(handle: QuickJSHandle): GuestResult {
    const error = asErrorShape(this.#context.dump(handle) as unknown);
    handle.dispose();
    return { kind: 'aborted', name: error.name, message: error.message };
  }

  #unwrap(result: ReturnType<QuickJSContext['evalCode']>, step: string): QuickJSHandle {
    if (result.error === undefined) return result.value;
    const error = asErrorShape(this.#context.dump(result.error) as unknown);
    result.error.dispose();
    throw new InternalError(`the JavaScript sandbox could not be prepared (${step}): ${error.name}: ${error.message}`);
  }
}

/** Distinct sources one context compiles at most (their bytecode lives in the guest's heap). */
const MAX_PREPARED_SOURCES = 512;

/** Words whose scripts stay on `eval`: what they reach differs between eval code and a compiled function. */
const NOT_COMPILED = /eval|arguments|stack|__ctk|<!--|-->/i;
/** First tokens that make a statement something other than an expression (ECMA-262 ExpressionStatement lookahead). */
const NOT_AN_EXPRESSION_START = /^(?:[{/\\]|(?:function|class|async|let)(?![\w$]))/;

/**
 * The expression of a script that is exactly one expression statement (an optional final `;`
 * dropped), or `undefined`. Such a script's completion value is its expression's value, so a
 * compiled `(expression)` gives what `eval` gives. The caller also checks that the source parses
 * as a script: with that and the first-token rule, a text that parses both ways is the same single
 * expression (a second statement cannot join an expression, since ASI only splits where the
 * grammar would fail). Sources that mention eval, arguments or stacks are left to `eval`, whose
 * scopes and frames differ from a function's in ways a script could observe.
 *
 * What still differs, for a script that goes looking (checked): a stack text read through a
 * computed name (`e['st' + 'ack']`) shows other columns on line 1 and `<input>` instead of
 * `ctk-evaluator` for the frame below `<eval>`; and runaway recursion stops one frame later
 * (1359 instead of 1358 frames: the call takes less of QuickJS's stack than `eval` does).
 * Neither reaches an outcome the host reports (value, message, line), and GraalJS differs from
 * both anyway (its own stack text, a far deeper limit).
 */
export function toCompilableExpression(source: string): string | undefined {
  if (NOT_COMPILED.test(source)) return undefined;
  const choice = IF_ELSE.exec(source);
  if (choice !== null) return /[\n\r\u2028\u2029]/.test(source) ? undefined : toConditional(choice[1] ?? '', choice[2] ?? '', choice[3] ?? '');
  return toSingleExpression(source);
}

/**
 * Conductor's usual loop condition, `if (c) { true; } else { false; }`, on one line. Neither part
 * holds a brace or a semicolon, so once the source parses as a script, the `)` before the first
 * `{` closes the condition and each block holds one expression statement (at most one `;`).
 */
const IF_ELSE = /^\s*if\s*\(([^{};]*)\)\s*\{([^{};]*);?\s*\}\s*else\s*\{([^{};]*);?\s*\}\s*;?\s*$/;

/**
 * An if statement's completion value is its branch's, and a block of one expression statement
 * completes with that expression's value: `(c) ? (a) : (b)` gives the same value. One line only,
 * so every frame keeps line 1.
 */
function toConditional(condition: string, consequent: string, alternative: string): string | undefined {
  if ([condition, consequent, alternative].some((part) => part.trim() === '' || NOT_AN_EXPRESSION_START.test(part.trim()))) return undefined;
  return `(${condition}) ? (${consequent}) : (${alternative})`;
}

function toSingleExpression(source: string): string | undefined {
  const trimmed = source.trim();
  if (trimmed === '' || NOT_AN_EXPRESSION_START.test(trimmed)) return undefined;
  if (!trimmed.endsWith(';')) return source;
  const end = source.lastIndexOf(';');
  return source.slice(0, end) + source.slice(end + 1);
}

/** True for the messages QuickJS uses when a resource limit (budget, memory) ended the script. */
export function isResourceFailure(message: string): boolean {
  return message === 'interrupted' || message === 'out of memory';
}

function asErrorShape(value: unknown): { name: string; message: string; stack: string } {
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return {
      name: typeof record['name'] === 'string' ? record['name'] : 'Error',
      message: typeof record['message'] === 'string' ? record['message'] : String(record['message']),
      stack: typeof record['stack'] === 'string' ? record['stack'] : '',
    };
  }
  return { name: '', message: String(value), stack: '' };
}
