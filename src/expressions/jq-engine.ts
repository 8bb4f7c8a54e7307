/**
 * jq for JSON_JQ_TRANSFORM: the real jq (1.7, C, compiled to WebAssembly by the `jq-web`
 * package), loaded once asynchronously by {@link createJqEngine}, then called synchronously.
 *
 * Conductor runs jackson-jq 0.0.13 (json-jq-task/.../JsonJqTransform.java; task-types §2.20,
 * §3.7), a Java re-implementation with a smaller builtin set and its own error texts. Before jq
 * runs, a query is checked the way jackson-jq's compiler would reject it (missing builtins,
 * `$ENV`, `@base32d`, `label`, `if` without `else`), and jq's error texts are reworded to
 * jackson-jq's for the common cases (`Cannot index string with string "array"`,
 * `Function foo/0 does not exist`, `Undefined variable: $x`). Remaining divergences are listed
 * in docs/decisions/jq.md, each pinned by a test in test/expressions/jq-engine.test.ts.
 *
 * jq runs as a CLI inside WebAssembly, about 1–2 ms per run (it compiles its builtin library
 * every time). Results are memoised per engine on (query, input JSON): jq has no clock or
 * randomness once `now`/`input`/`env` are rejected, so a repeated run returns the same outcome.
 *
 * @packageDocumentation
 */
import { InternalError, UsageError } from '../errors/index.js';
import { prepareJqQuery, toJacksonMessage } from './internal/jq-compat.js';
import type { JqWebInstance } from 'jq-web';

/** All outputs of a query, or the message jackson-jq would report. */
export type JqOutcome =
  | { readonly ok: true; readonly results: readonly unknown[] }
  | { readonly ok: false; readonly message: string };

/** A loaded jq. `run` is synchronous and deterministic. */
export interface JqEngine {
  /**
   * Runs `query` on `input` (a JSON-like value; for JSON_JQ_TRANSFORM, the whole task input).
   * Never throws for a query's own failure.
   */
  run(query: string, input: unknown): JqOutcome;
  /** Drops the memo. Calls after this throw a `UsageError`. */
  dispose(): void;
}

/** Memoised outcomes per engine (least recently used is evicted first). */
const MEMO_SIZE = 512;

/**
 * Loads jq. The WebAssembly instance is shared by every engine in the process (jq-web creates
 * one when first imported); an engine only adds its memo.
 *
 * @example
 * const jq = await createJqEngine();
 * jq.run('.a + .b', { a: 1, b: 2 }); // { ok: true, results: [3] }
 */
export async function createJqEngine(): Promise<JqEngine> {
  return new WasmJqEngine(await loadJqWeb());
}

/**
 * jq-web is CommonJS whose export is a promise; depending on the loader (Node ESM, vitest, a
 * CommonJS build) that promise arrives as the namespace's `default`, its `default.default`, or
 * the module itself. Unwrap until the loaded instance shows.
 */
async function loadJqWeb(): Promise<JqWebInstance> {
  let current: unknown;
  try {
    current = await import('jq-web');
  } catch (error) {
    // vitest's CommonJS interop copies the exported promise's `then` onto the namespace, which
    // makes the namespace itself look like a failing thenable when our sources run under vitest.
    // Plain `require` from the working directory is the fallback there.
    const { createRequire } = await import('node:module');
    try {
      current = createRequire(`${process.cwd()}/`)('jq-web') as unknown;
    } catch {
      throw new InternalError('jq-web could not be loaded.', { cause: error });
    }
  }
  for (let step = 0; step < 4; step += 1) {
    if (typeof current === 'object' && current !== null && typeof (current as Partial<JqWebInstance>).raw === 'function') {
      return current as JqWebInstance;
    }
    // A namespace can carry the promise's `then` as a named export; only a real promise is awaited.
    if (current instanceof Promise) current = await (current as Promise<unknown>);
    else if (typeof current === 'object' && current !== null && 'default' in current) current = (current as { default: unknown }).default;
    else break;
  }
  throw new InternalError('jq-web did not load: its module exported neither a jq instance nor a promise of one.');
}

class WasmJqEngine implements JqEngine {
  readonly #jq: JqWebInstance;
  readonly #memo = new Map<string, string>();
  #disposed = false;

  constructor(jq: JqWebInstance) {
    this.#jq = jq;
  }

  run(query: string, input: unknown): JqOutcome {
    if (this.#disposed) throw new UsageError('JqEngine.run: the engine was disposed; create a new one with createJqEngine().');
    if (typeof query !== 'string') throw new UsageError(`JqEngine.run: query must be a string, got ${typeof query}.`);
    const json = toJson(input);
    const key = `${query}\u0000${json}`;
    let encoded = this.#memo.get(key);
    if (encoded === undefined) {
      encoded = this.#execute(query, json);
      if (this.#memo.size >= MEMO_SIZE) {
        const oldest = this.#memo.keys().next();
        if (oldest.done !== true) this.#memo.delete(oldest.value);
      }
    } else {
      this.#memo.delete(key);
    }
    this.#memo.set(key, encoded);
    return decode(encoded);
  }

  dispose(): void {
    this.#disposed = true;
    this.#memo.clear();
  }

  /** Runs jq; the outcome is encoded as text so memoised results cannot be mutated by callers. */
  #execute(query: string, json: string): string {
    const prepared = prepareJqQuery(query);
    if (!prepared.ok) return `E${prepared.message}`;
    let stdout: string | undefined;
    // jq-web's Emscripten runtime sets process.exitCode when a program fails (5 for an error),
    // although the failure is handled here; a test process would then exit non-zero.
    const exitCode = process.exitCode;
    try {
      stdout = this.#jq.raw(json, prepared.program, ['-c']);
    } catch (error) {
      const stderr = (error as { stderr?: unknown }).stderr;
      return `E${toJacksonMessage(typeof stderr === 'string' ? stderr : String((error as Error).message ?? error))}`;
    } finally {
      process.exitCode = exitCode;
    }
    return `R${stdout ?? ''}`;
  }
}

function decode(encoded: string): JqOutcome {
  if (encoded.startsWith('E')) return { ok: false, message: encoded.slice(1) };
  const text = encoded.slice(1);
  // `-c` prints one JSON text per line; strings escape their newlines. jq prints an infinity as
  // ±DBL_MAX, jackson-jq keeps it infinite.
  const reviver = text.includes('1.7976931348623157e+308') ? toInfinity : undefined;
  const results = text === '' ? [] : text.split('\n').map((line) => JSON.parse(line, reviver) as unknown);
  return { ok: true, results };
}

function toInfinity(_key: string, value: unknown): unknown {
  if (value === Number.MAX_VALUE) return Number.POSITIVE_INFINITY;
  if (value === -Number.MAX_VALUE) return Number.NEGATIVE_INFINITY;
  return value;
}

function toJson(input: unknown): string {
  try {
    return JSON.stringify(input) ?? 'null';
  } catch (error) {
    throw new UsageError(`JqEngine.run: input must be JSON-like (maps, lists, strings, numbers, booleans, null): ${String(error)}`, {
      cause: error,
    });
  }
}
