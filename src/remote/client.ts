/**
 * A small fetch-based client for the parts of the Conductor REST API that replay needs: the test
 * endpoint, metadata registration, reading executions, health — with Orkes token exchange.
 *
 * Endpoints (rest/src/main/java/com/netflix/conductor/rest/controllers/): `POST /api/workflow/test`
 * and `GET /api/workflow/{id}?includeTasks=` (WorkflowResource.java), `POST /api/metadata/taskdefs`
 * (upsert), `DELETE /api/metadata/taskdefs/{name}`, `PUT /api/metadata/workflow` (create or update,
 * answers a BulkResponse) (MetadataResource.java), `GET /api/health` (HealthCheckResource.java,
 * mapped at both `/health` and `/api/health`).
 *
 * @packageDocumentation
 */

import type { z } from 'zod';

import type { TaskDef, WorkflowDef, WorkflowTestRequest } from '../definitions/index.js';
import { ErrorCode, formatPath, isTestkitError, ReplayError, type ReplayErrorKind } from '../errors/index.js';
import { jwtExpiry } from './internal/jwt-expiry.js';
import { serverHealthSchema, serverWorkflowSchema, type ServerHealth, type ServerWorkflow } from './server-workflow.js';

/** Options of {@link createConductorClient}. */
export interface ConductorClientOptions {
  /**
   * Server address, with or without the trailing `/api`: `http://127.0.0.1:8080` and
   * `http://127.0.0.1:8080/api` are the same server.
   */
  readonly baseUrl: string;
  /**
   * Orkes application access key id. With {@link keySecret}, the client exchanges the pair for a
   * token at `POST /api/token` and sends it as `X-Authorization` (as the Orkes JavaScript SDK does).
   * @defaultValue no authentication
   */
  readonly keyId?: string;
  /** Orkes application access key secret; only ever sent to `POST /api/token`. @defaultValue none */
  readonly keySecret?: string;
  /** Extra headers on every request (a tenant header, a proxy's auth…). @defaultValue {} */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Milliseconds before one HTTP exchange (including reading the body) is abandoned. Generous
   * because the test endpoint can spin through up to 20 000 passes (engine-semantics §7.2).
   * @defaultValue 60_000
   */
  readonly timeoutMs?: number;
  /** The fetch implementation. @defaultValue the global `fetch`, looked up at call time (so msw can patch it) */
  readonly fetch?: typeof fetch;
  /** Wall clock used only to decide when a token is about to expire. @defaultValue Date.now */
  readonly now?: () => number;
}

/** Options of {@link ConductorClient.getWorkflow}. */
export interface GetWorkflowOptions {
  /** Ask for the task list too. @defaultValue true */
  readonly includeTasks?: boolean;
}

/**
 * The calls replay makes against a real server. Every failure is a {@link ReplayError} whose
 * `kind` says what went wrong (`connection`, `timeout`, `auth`, `client`, `server`, `malformed`,
 * `config`) and whose message says what to do.
 */
export interface ConductorClient {
  /** The server root, without `/api` and without a trailing slash. */
  readonly baseUrl: string;
  /** `POST /api/workflow/test`: runs the request with its mocks and returns the execution as the server sees it. */
  testWorkflow(request: WorkflowTestRequest): Promise<ServerWorkflow>;
  /** `POST /api/metadata/taskdefs`: creates or overwrites task definitions. */
  registerTaskDefs(defs: readonly TaskDef[]): Promise<void>;
  /** `DELETE /api/metadata/taskdefs/{name}`. Resolves `false` when there was no such definition (404). */
  deleteTaskDef(name: string): Promise<boolean>;
  /** `PUT /api/metadata/workflow`: creates the definition or overwrites that name and version. */
  registerWorkflowDef(def: WorkflowDef): Promise<void>;
  /** `GET /api/workflow/{id}`: one execution, with its tasks unless `includeTasks: false`. */
  getWorkflow(workflowId: string, options?: GetWorkflowOptions): Promise<ServerWorkflow>;
  /** `GET /api/health`. Resolves with the server's answer even when it says `healthy: false`. */
  health(): Promise<ServerHealth>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** Fetch a new token this long before the old one's `exp`. */
const TOKEN_REFRESH_MARGIN_MS = 30_000;
const EXCERPT_LENGTH = 500;
const START_HINT = 'is the server running? start one with scripts/conductor-server.sh start';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Call<T> {
  readonly method: Method;
  /** Path from the server root, starting with `/api/`. */
  readonly path: string;
  readonly body?: unknown;
  /** Turns the parsed JSON body (or `undefined` for an empty body) into the result. */
  readonly read: (json: unknown, where: Where) => T;
  /** Statuses answered with `onStatus` instead of an error. */
  readonly onStatus?: Readonly<Partial<Record<number, () => T>>>;
  /** Extra advice appended to error messages of this call. */
  readonly hint?: string;
}

interface Where {
  readonly method: Method;
  readonly url: string;
  /** The HTTP status, once there is one. */
  readonly status?: number;
}

interface Exchange {
  readonly status: number;
  readonly text: string;
}

interface ResolvedOptions {
  readonly root: string;
  readonly keyId: string | undefined;
  readonly keySecret: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  readonly now: () => number;
}

/**
 * Creates a client for one Conductor (OSS or Orkes) server.
 *
 * Authentication follows the Orkes JavaScript SDK (conductor-oss/javascript-sdk,
 * src/sdk/createConductorClient/helpers/handleAuth.ts): `POST /api/token` with
 * `{ keyId, keySecret }` answers `{ token }`, sent as `X-Authorization` on every other call. The
 * token is fetched on first use and reused; it is fetched again shortly before the `exp` of a JWT
 * token, and once more (then the call is retried once) when a call answers 401. A 404 from
 * `/api/token` means a server without token auth (Conductor OSS): the client carries on without the
 * header, as the SDK does. The key secret is never sent anywhere but `/api/token` and never
 * appears in error messages.
 *
 * Responses are checked with loose zod schemas: unknown fields are kept, a missing or mistyped
 * field we read is a `malformed` {@link ReplayError} naming its path.
 *
 * @example
 * const client = createConductorClient({ baseUrl: 'http://127.0.0.1:8080' });
 * const execution = await client.testWorkflow(request);
 * @throws ReplayError (kind `config`) when the options are unusable.
 */
export function createConductorClient(options: ConductorClientOptions): ConductorClient {
  const resolved = resolveOptions(options);
  return new ConductorClientImpl(resolved);
}

function resolveOptions(options: ConductorClientOptions): ResolvedOptions {
  const raw = typeof options.baseUrl === 'string' ? options.baseUrl.trim() : '';
  const configError = (message: string): ReplayError => new ReplayError(message, { method: '-', url: raw, kind: 'config' });
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw configError(`baseUrl "${raw}" is not a URL; pass the server address, e.g. http://127.0.0.1:8080`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw configError(`baseUrl "${raw}" must be an http:// or https:// URL`);
  }
  if (parsed.search !== '' || parsed.hash !== '') throw configError(`baseUrl "${raw}" must not have a query or fragment`);
  const root = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '').replace(/\/api$/, '');
  const keyId = options.keyId === '' ? undefined : options.keyId;
  const keySecret = options.keySecret === '' ? undefined : options.keySecret;
  if ((keyId === undefined) !== (keySecret === undefined)) {
    throw configError(`${keyId === undefined ? 'keySecret' : 'keyId'} was given without ${keyId === undefined ? 'keyId' : 'keySecret'}; pass both (an Orkes application access key) or neither`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw configError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  const injected = options.fetch;
  return {
    root,
    keyId,
    keySecret,
    headers: options.headers ?? {},
    timeoutMs,
    fetch: injected ?? ((input, init) => globalThis.fetch(input, init)),
    now: options.now ?? (() => Date.now()),
  };
}

class ConductorClientImpl implements ConductorClient {
  readonly baseUrl: string;
  private token: { readonly value: string; readonly refreshAt: number | undefined } | undefined;
  private tokenRequest: Promise<string | undefined> | undefined;
  /** Set when `/api/token` answered 404: the server has no token auth. */
  private noTokenEndpoint = false;

  constructor(private readonly options: ResolvedOptions) {
    this.baseUrl = options.root;
  }

  testWorkflow(request: WorkflowTestRequest): Promise<ServerWorkflow> {
    return this.call({
      method: 'POST',
      path: '/api/workflow/test',
      body: request,
      read: (json, where) => validate(serverWorkflowSchema, json, where, 'a Conductor Workflow'),
      hint: 'on the test endpoint a 500 is often a mock without "output" or a null taskToDomain (engine-semantics §7.1)',
    });
  }

  async registerTaskDefs(defs: readonly TaskDef[]): Promise<void> {
    await this.call({ method: 'POST', path: '/api/metadata/taskdefs', body: defs, read: () => undefined });
  }

  async deleteTaskDef(name: string): Promise<boolean> {
    try {
      return await this.call({
        method: 'DELETE',
        path: `/api/metadata/taskdefs/${encodeURIComponent(name)}`,
        read: () => true,
        onStatus: { 404: () => false },
      });
    } catch (error) {
      // Conductor OSS answers an unknown name with 500 "No such task definition" (MetadataServiceImpl
      // .unregisterTaskDef → NotFoundException mapped to 500 by this build; docs/conductor-server.md).
      if (isTestkitError(error) && error.code === ErrorCode.REPLAY && (error as ReplayError).status === 500 && ((error as ReplayError).bodyExcerpt ?? '').includes('No such task definition')) {
        return false;
      }
      throw error;
    }
  }

  async registerWorkflowDef(def: WorkflowDef): Promise<void> {
    await this.call({ method: 'PUT', path: '/api/metadata/workflow', body: [def], read: (json, where) => checkBulkResponse(json, where, def) });
  }

  getWorkflow(workflowId: string, options: GetWorkflowOptions = {}): Promise<ServerWorkflow> {
    const includeTasks = options.includeTasks ?? true;
    return this.call({
      method: 'GET',
      path: `/api/workflow/${encodeURIComponent(workflowId)}?includeTasks=${String(includeTasks)}`,
      read: (json, where) => validate(serverWorkflowSchema, json, where, 'a Conductor Workflow'),
    });
  }

  health(): Promise<ServerHealth> {
    return this.call({
      method: 'GET',
      path: '/api/health',
      read: (json, where) => validate(serverHealthSchema, json, where, 'a health check answer'),
    });
  }

  private async call<T>(call: Call<T>): Promise<T> {
    const where: Where = { method: call.method, url: `${this.options.root}${call.path}` };
    let token = await this.currentToken();
    let answer = await this.exchange(where, call.body, token);
    if (answer.status === 401 && token !== undefined) {
      // Conductor/Orkes answer 401 to an expired or revoked token: fetch one new token, retry once.
      this.token = undefined;
      token = await this.currentToken();
      answer = await this.exchange(where, call.body, token);
    }
    const special = call.onStatus?.[answer.status];
    if (special !== undefined) return special();
    if (answer.status < 200 || answer.status > 299) throw this.statusError(where, answer, token !== undefined, call.hint);
    return call.read(parseBody(answer, where), { ...where, status: answer.status });
  }

  private async currentToken(): Promise<string | undefined> {
    const { keyId, keySecret } = this.options;
    if (keyId === undefined || keySecret === undefined || this.noTokenEndpoint) return undefined;
    const current = this.token;
    if (current !== undefined && (current.refreshAt === undefined || this.options.now() < current.refreshAt)) return current.value;
    // One exchange at a time: concurrent calls wait for the same token.
    this.tokenRequest ??= this.fetchToken(keyId, keySecret).finally(() => {
      this.tokenRequest = undefined;
    });
    return this.tokenRequest;
  }

  private async fetchToken(keyId: string, keySecret: string): Promise<string | undefined> {
    const where: Where = { method: 'POST', url: `${this.options.root}/api/token` };
    const answer = await this.exchange(where, { keyId, keySecret }, undefined);
    if (answer.status === 404) {
      this.noTokenEndpoint = true;
      return undefined;
    }
    if (answer.status === 401 || answer.status === 403) {
      throw replayError(
        where,
        'auth',
        `the server rejected keyId "${keyId}" and its secret (HTTP ${answer.status}${serverMessage(answer.text, keySecret)}) — check that the application access key belongs to ${this.options.root} and is active`,
        answer,
        keySecret,
      );
    }
    if (answer.status < 200 || answer.status > 299) throw this.statusError(where, answer, false, undefined);
    const json = parseBody(answer, where);
    const token = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['token'] : undefined;
    if (typeof token !== 'string' || token === '') {
      throw replayError(where, 'malformed', 'the token endpoint answered without a "token" string — is baseUrl an Orkes/Conductor server?', answer, keySecret);
    }
    const expiresAt = jwtExpiry(token);
    this.token = { value: token, refreshAt: expiresAt === undefined ? undefined : expiresAt - TOKEN_REFRESH_MARGIN_MS };
    return token;
  }

  /** One HTTP exchange, body read included, under one timeout. Never throws on an HTTP status. */
  private async exchange(where: Where, body: unknown, token: string | undefined): Promise<Exchange> {
    const headers: Record<string, string> = { Accept: 'application/json', ...this.options.headers };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token !== undefined) headers['X-Authorization'] = token;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    const init: RequestInit = { method: where.method, headers, signal: controller.signal };
    if (body !== undefined) init.body = JSON.stringify(body);
    try {
      let response: Response;
      try {
        response = await this.options.fetch(where.url, init);
      } catch (error) {
        throw timedOut ? this.timeoutError(where, error) : connectionError(where, error, 'connect');
      }
      try {
        return { status: response.status, text: await response.text() };
      } catch (error) {
        throw timedOut ? this.timeoutError(where, error) : connectionError(where, error, 'read');
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private timeoutError(where: Where, cause: unknown): ReplayError {
    const advice =
      where.url.endsWith('/api/workflow/test')
        ? 'the test endpoint keeps looping while mock keys remain for tasks that never run (engine-semantics §7.2); remove unused mock keys or raise timeoutMs'
        : 'raise timeoutMs or check the server';
    return new ReplayError(`${where.method} ${where.url}: no answer within ${this.options.timeoutMs} ms (timeoutMs) — ${advice}`, { ...where, kind: 'timeout' }, { cause });
  }

  private statusError(where: Where, answer: Exchange, sentToken: boolean, hint: string | undefined): ReplayError {
    const { status } = answer;
    const said = serverMessage(answer.text, this.options.keySecret);
    if (status === 401) {
      const advice = sentToken
        ? 'the token was refused even after fetching a new one; check that the access key may use this server'
        : 'the server requires authentication; pass keyId and keySecret (an Orkes application access key)';
      return replayError(where, 'auth', `unauthorized (HTTP 401${said}) — ${advice}`, answer, this.options.keySecret);
    }
    if (status === 403) {
      return replayError(where, 'auth', `forbidden (HTTP 403${said}) — the credentials are valid but not allowed to do this; grant the application access to it`, answer, this.options.keySecret);
    }
    if (status >= 400 && status <= 499) {
      const advice = status === 404 ? ` — check baseUrl (${this.options.root}); the client adds /api/… itself` : '';
      return replayError(where, 'client', `the server refused the request (HTTP ${status}${said})${advice}`, answer, this.options.keySecret);
    }
    const advice = hint === undefined ? ' — see the server log' : ` — see the server log; ${hint}`;
    return replayError(where, 'server', `the server failed (HTTP ${status}${said})${advice}`, answer, this.options.keySecret);
  }
}

function replayError(where: Where, kind: ReplayErrorKind, message: string, answer: Exchange | undefined, secret: string | undefined, cause?: unknown): ReplayError {
  const details = {
    ...where,
    kind,
    ...(answer === undefined ? {} : { status: answer.status, bodyExcerpt: redact(excerpt(answer.text), secret) }),
  };
  return new ReplayError(redact(`${where.method} ${where.url}: ${message}`, secret), details, cause === undefined ? undefined : { cause });
}

function connectionError(where: Where, error: unknown, phase: 'connect' | 'read'): ReplayError {
  const url = new URL(where.url);
  const code = errorCode(error);
  const detail = innermostMessage(error);
  let message: string;
  if (phase === 'read') message = `the connection broke while reading the response (${detail}) — retry; if it keeps happening check the server and any proxy in between`;
  else if (code === 'ECONNREFUSED') message = `connection refused at ${url.origin} — ${START_HINT}`;
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') message = `host "${url.hostname}" not found — check baseUrl`;
  else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') message = `${url.origin} closed the connection (${detail}) — is it a Conductor server? ${START_HINT}`;
  else if (code !== undefined && /CERT|SSL|TLS/.test(code)) message = `TLS failure talking to ${url.origin} (${code}) — check the certificate or use the right scheme in baseUrl`;
  else message = `could not reach ${url.origin} (${detail}) — ${START_HINT}`;
  return new ReplayError(`${where.method} ${where.url}: ${message}`, { ...where, kind: 'connection' }, { cause: error });
}

/** Parses a body as JSON; an empty body is `undefined`. */
function parseBody(answer: Exchange, where: Where): unknown {
  if (answer.text.trim() === '') return undefined;
  try {
    return JSON.parse(answer.text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const truncated = /^\s*[[{]/.test(answer.text) && looksCutOff(reason, answer.text);
    const advice = truncated ? 'the body looks cut off; check the server log and any proxy in between' : 'is baseUrl pointing at a Conductor server?';
    throw replayError(where, 'malformed', `the answer (HTTP ${answer.status}) is not valid JSON (${reason}) — ${advice}`, answer, undefined, error);
  }
}

/** True when JSON.parse failed at the very end of the text: the body stopped early. */
function looksCutOff(reason: string, text: string): boolean {
  if (/end of (JSON )?input/i.test(reason)) return true;
  const position = /at position (\d+)/.exec(reason)?.[1];
  return position !== undefined && Number(position) >= text.trimEnd().length;
}

function validate<T>(schema: z.ZodType<T>, json: unknown, where: Where, what: string): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path.filter(isPathKey))}: ${issue.message}`);
  const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : '';
  const body = json === undefined ? '' : JSON.stringify(json);
  throw new ReplayError(
    `${where.method} ${where.url}: the answer does not look like ${what}: ${issues.join('; ')}${more} — is the server a compatible Conductor version?`,
    { ...where, kind: 'malformed', bodyExcerpt: excerpt(body) },
  );
}

/** `PUT /api/metadata/workflow` answers 200 with per-definition failures in `bulkErrorResults` (MetadataServiceImpl.updateWorkflowDef). */
function checkBulkResponse(json: unknown, where: Where, def: WorkflowDef): undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const errors = (json as Record<string, unknown>)['bulkErrorResults'];
  if (typeof errors !== 'object' || errors === null) return undefined;
  const entries = Object.entries(errors as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  const listed = entries.map(([name, message]) => `${name}: ${String(message)}`).join('; ');
  throw new ReplayError(`${where.method} ${where.url}: the server did not store workflow "${def.name}" (${listed}) — fix the definition and register it again`, {
    ...where,
    kind: 'client',
    bodyExcerpt: excerpt(JSON.stringify(json)),
  });
}

/** `: <message>` from Conductor's ErrorResponse (common/validation/ErrorResponse.java), with validation errors; empty when absent. */
function serverMessage(text: string, secret: string | undefined): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const plain = text.trim();
    return plain === '' || plain.startsWith('<') ? '' : `: ${redact(excerpt(plain).slice(0, 200), secret)}`;
  }
  if (typeof parsed !== 'object' || parsed === null) return '';
  const body = parsed as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof body['message'] === 'string' && body['message'] !== '') parts.push(body['message']);
  else if (typeof body['error'] === 'string' && body['error'] !== '') parts.push(body['error']);
  const validation = body['validationErrors'];
  if (Array.isArray(validation)) {
    for (const item of validation.slice(0, 5)) {
      if (typeof item !== 'object' || item === null) continue;
      const entry = item as Record<string, unknown>;
      const path = typeof entry['path'] === 'string' && entry['path'] !== '' ? `${entry['path']}: ` : '';
      if (typeof entry['message'] === 'string') parts.push(`${path}${entry['message']}`);
    }
  }
  return parts.length === 0 ? '' : `: ${redact(parts.join('; '), secret)}`;
}

function excerpt(text: string): string {
  return text.length <= EXCERPT_LENGTH ? text : `${text.slice(0, EXCERPT_LENGTH)}…`;
}

function redact(text: string, secret: string | undefined): string {
  return secret === undefined || secret === '' ? text : text.split(secret).join('***');
}

function isPathKey(key: PropertyKey): key is string | number {
  return typeof key === 'string' || typeof key === 'number';
}

/** The first `code` found on the error, its `cause` chain or an AggregateError's members. */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof record.code === 'string') return record.code;
  if (Array.isArray(record.errors)) {
    for (const inner of record.errors) {
      const code = errorCode(inner, depth + 1);
      if (code !== undefined) return code;
    }
  }
  return errorCode(record.cause, depth + 1);
}

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  let message = String(error);
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if (current instanceof Error && current.message !== '') message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}
