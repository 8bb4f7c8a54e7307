/**
 * One suite, two modes: a test written against the engine also runs against a real server when
 * `CONDUCTOR_SERVER_URL` is set. {@link runModes} returns the modes to run a test in (the engine
 * always; the server when one is configured), each with the same `run(request)` giving a
 * {@link Trace}, so the same matchers assert on both:
 *
 * ```ts
 * describe.each(runModes())('refund on $name', (mode) => {
 *   it('completes', async () => expect(await mode.run(request)).toHaveCompleted());
 * });
 * ```
 *
 * The engine runs in server-compat mode, the semantics of `POST /api/workflow/test`, so a request
 * means the same thing in both modes. Without a server, the server mode is left out and the reason
 * is printed once per process, so a green run never hides that the server was not asked.
 */
import type { TaskDef, WorkflowDef, WorkflowTestRequest } from '../definitions/index.js';
import { parseTestRequest } from '../definitions/index.js';
import { InternalError } from '../errors/index.js';
import { EngineMode } from '../engine/index.js';
import type { EngineOptions } from '../engine/index.js';
import { runWorkflow } from '../mocks/index.js';
import type { Trace, TraceDiff } from '../trace/index.js';
import { createConductorClient } from './client.js';
import type { ConductorClient } from './client.js';
import { replay } from './replay.js';

/** Where a test runs. */
export type RunModeName = 'engine' | 'server';

/** Per-run metadata: what the server must have registered for this request. */
export interface ModeRunOptions {
  /** TaskDefs the request's tasks use (registered on the server first; given to the engine). @defaultValue [] */
  readonly taskDefs?: readonly TaskDef[];
  /** Workflow definitions started by name (sub-workflows, failure workflows). @defaultValue [] */
  readonly workflowDefs?: readonly WorkflowDef[];
}

/** One mode of {@link runModes}. */
export interface RunMode {
  /** `engine` or `server`; `describe.each` prints it with `$name`. */
  readonly name: RunModeName;
  /**
   * Runs the request and returns its trace: the engine in server-compat mode, or the server's
   * `POST /api/workflow/test` answer normalised into the same shape. A server that cannot be reached
   * or answers with an error throws its `ReplayError`.
   */
  run(request: WorkflowTestRequest, options?: ModeRunOptions): Promise<Trace>;
  /**
   * In server mode, the difference between the server's last answer and the engine's answer to the
   * same request (the engine runs beside every server call); undefined in engine mode and before a run.
   */
  readonly lastDiff: TraceDiff | undefined;
}

/** Options of {@link runModes}. */
export interface RunModesOptions {
  /** Environment to read `CONDUCTOR_SERVER_URL`, `CONDUCTOR_AUTH_KEY` and `CONDUCTOR_AUTH_SECRET` from. @defaultValue process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A client to use instead of one built from the environment. @defaultValue from env */
  readonly client?: ConductorClient;
  /** Per-request timeout of the client built from the environment. @defaultValue 120_000 */
  readonly timeoutMs?: number;
  /** Engine options (seed, limits…) for the engine mode and the engine run beside the server; the mode is always server-compat. @defaultValue {} */
  readonly engine?: Omit<EngineOptions, 'mode'>;
  /** Where the "server mode skipped" line goes. @defaultValue process.stdout */
  readonly log?: (line: string) => void;
}

const SKIPPED_NOTE =
  'server mode skipped: CONDUCTOR_SERVER_URL is not set. Set it to a Conductor server (e.g. `scripts/conductor-server.sh start`, then `scripts/conductor-server.sh url`) to run these tests on the server too.';

let skipNoted = false;

/**
 * The modes a test should run in: `[engine]`, or `[engine, server]` when a server is configured
 * (`options.client`, or `CONDUCTOR_SERVER_URL` with optional Orkes keys in `CONDUCTOR_AUTH_KEY` /
 * `CONDUCTOR_AUTH_SECRET`).
 */
export function runModes(options: RunModesOptions = {}): RunMode[] {
  const env = options.env ?? process.env;
  const engineOptions = options.engine ?? {};
  const modes: RunMode[] = [new EngineRunMode(engineOptions)];
  const client = options.client ?? clientFromEnv(env, options.timeoutMs);
  if (client === undefined) {
    if (!skipNoted || options.log !== undefined) {
      skipNoted = true;
      (options.log ?? ((line: string) => process.stdout.write(`${line}\n`)))(`[conductor-testkit] ${SKIPPED_NOTE}`);
    }
    return modes;
  }
  modes.push(new ServerRunMode(client, engineOptions));
  return modes;
}

/** Why the server mode is left out under `env`, or undefined when a server is configured. */
export function serverModeSkipReason(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const url = env['CONDUCTOR_SERVER_URL'];
  return url === undefined || url.trim() === '' ? SKIPPED_NOTE : undefined;
}

function clientFromEnv(env: Readonly<Record<string, string | undefined>>, timeoutMs: number | undefined): ConductorClient | undefined {
  if (serverModeSkipReason(env) !== undefined) return undefined;
  const keyId = env['CONDUCTOR_AUTH_KEY'];
  const keySecret = env['CONDUCTOR_AUTH_SECRET'];
  return createConductorClient({
    baseUrl: env['CONDUCTOR_SERVER_URL'] ?? '',
    ...(keyId !== undefined && keyId !== '' ? { keyId } : {}),
    ...(keySecret !== undefined && keySecret !== '' ? { keySecret } : {}),
    timeoutMs: timeoutMs ?? 120_000,
  });
}

class EngineRunMode implements RunMode {
  readonly name = 'engine';
  readonly lastDiff = undefined;

  constructor(private readonly engine: Omit<EngineOptions, 'mode'>) {}

  run(request: WorkflowTestRequest, options: ModeRunOptions = {}): Promise<Trace> {
    // runWorkflow validates the request itself (once per request object).
    return runWorkflow(request, {
      ...this.engine,
      mode: EngineMode.SERVER_COMPAT,
      ...(options.taskDefs !== undefined ? { taskDefs: options.taskDefs } : {}),
      ...(options.workflowDefs !== undefined ? { workflowDefs: options.workflowDefs } : {}),
    });
  }
}

class ServerRunMode implements RunMode {
  readonly name = 'server';
  lastDiff: TraceDiff | undefined;

  constructor(
    private readonly client: ConductorClient,
    private readonly engine: Omit<EngineOptions, 'mode'>,
  ) {}

  async run(request: WorkflowTestRequest, options: ModeRunOptions = {}): Promise<Trace> {
    const result = await replay(parseTestRequest(request), {
      client: this.client,
      taskDefs: options.taskDefs ?? [],
      workflowDefs: options.workflowDefs ?? [],
      engine: this.engine,
    });
    if (result.error !== undefined) throw result.error;
    if (result.remote === undefined) throw new InternalError('a replay without an error came back without the server\'s trace');
    this.lastDiff = result.diff;
    return result.remote;
  }
}
