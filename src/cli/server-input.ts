/**
 * What the replay-style commands read: a scenario file (a request plus the TaskDefs and workflow
 * definitions to register) or a bare WorkflowTestRequest file; and how they reach a server.
 */
import type { TaskDef, WorkflowDef, WorkflowTestRequest } from '../definitions/index.js';
import { parseScenario, parseTestRequest } from '../definitions/index.js';
import { UsageError } from '../errors/index.js';
import { createConductorClient } from '../remote/index.js';
import type { ConductorClient } from '../remote/index.js';
import type { CliIo } from './command.js';
import { readJsonFile } from './files.js';

/** A request with the metadata it needs on the server. */
export interface ReplayInput {
  readonly file: string;
  readonly id: string;
  readonly request: WorkflowTestRequest;
  readonly taskDefs: readonly TaskDef[];
  readonly workflowDefs: readonly WorkflowDef[];
  /**
   * A scenario marked `"mode": "simulate"`: it relies on virtual time or on tasks a real endpoint
   * would run for real, so the replay-style commands skip it.
   */
  readonly simulateOnly: boolean;
}

/** Reads a scenario file or a WorkflowTestRequest file. */
export function readReplayInput(file: string, cwd: string): ReplayInput {
  const raw = readJsonFile(file, cwd);
  if (typeof raw === 'object' && raw !== null && 'request' in raw && 'expect' in raw) {
    const scenario = parseScenario(raw, { subject: file });
    return {
      file,
      id: scenario.id,
      request: scenario.request,
      taskDefs: scenario.taskDefs ?? [],
      workflowDefs: scenario.workflowDefs ?? [],
      simulateOnly: scenario.mode === 'simulate',
    };
  }
  const request = parseTestRequest(raw, { subject: file });
  const base = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  return { file, id: base, request, taskDefs: [], workflowDefs: [], simulateOnly: false };
}

/** The server from `--server`, else CONDUCTOR_SERVER_URL; Orkes keys from options or CONDUCTOR_AUTH_KEY/SECRET. */
export function serverClient(
  values: { server?: string | undefined; 'key-id'?: string | undefined; 'key-secret'?: string | undefined; timeout?: string | undefined },
  io: CliIo,
): ConductorClient {
  const baseUrl = values.server ?? io.env['CONDUCTOR_SERVER_URL'];
  if (baseUrl === undefined || baseUrl === '') {
    throw new UsageError('no server: pass --server http://host:port or set CONDUCTOR_SERVER_URL (start one with scripts/conductor-server.sh start)');
  }
  const keyId = values['key-id'] ?? io.env['CONDUCTOR_AUTH_KEY'];
  const keySecret = values['key-secret'] ?? io.env['CONDUCTOR_AUTH_SECRET'];
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout) * 1000;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new UsageError(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
  return createConductorClient({
    baseUrl,
    ...(keyId !== undefined && keyId !== '' ? { keyId } : {}),
    ...(keySecret !== undefined && keySecret !== '' ? { keySecret } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
}

/** Options shared by the commands that talk to a server. */
export const SERVER_OPTIONS = {
  server: { type: 'string' },
  'key-id': { type: 'string' },
  'key-secret': { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** Usage lines for {@link SERVER_OPTIONS}. */
export const SERVER_USAGE = `  --server <url>         the Conductor server (default: CONDUCTOR_SERVER_URL)
  --key-id <id>          Orkes application key id (default: CONDUCTOR_AUTH_KEY)
  --key-secret <secret>  Orkes application key secret (default: CONDUCTOR_AUTH_SECRET)
  --timeout <seconds>    per-request timeout (default 60)`;
