/**
 * HTTP: an async system task whose first tick performs the request. The engine does no I/O: the
 * driver asks {@link buildHttpRequest} what to call, performs the call through its HTTP port
 * (fetch, hence msw handlers in tests) and applies the answer with {@link applyHttpResponse}.
 *
 * Conductor: core/.../execution/mapper/HTTPTaskMapper.java,
 * http-task/src/main/java/com/netflix/conductor/tasks/http/HttpTask.java (task-types §2.17).
 */
import { effectiveTaskDef } from '../blueprint.js';
import type { JsonMap, TaskModel } from '../model.js';
import type { TaskTypeModule } from '../ops.js';
import { addOutput, defaultIsAsyncComplete, isJsonMap, systemTask } from './common.js';

/** The request an HTTP task makes (`HttpTask.Input`). */
export interface HttpTaskRequest {
  readonly method: string;
  readonly uri: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly accept: readonly string[];
  readonly contentType: string;
  readonly connectionTimeOutMs: number;
  readonly readTimeOutMs: number;
}

/** What came back: a response, or a failure to get one (connection refused, timeout…). */
export type HttpTaskResponse =
  | { readonly kind: 'response'; readonly status: number; readonly headers: Readonly<Record<string, readonly string[]>>; readonly bodyText: string | null }
  | { readonly kind: 'error'; readonly message: string };

/** Reads the request from the task input (`http_request`, or the whole input when absent). */
export function buildHttpRequest(task: TaskModel): { ok: true; request: HttpTaskRequest } | { ok: false; reason: string } {
  const raw = task.inputData['http_request'];
  const input: JsonMap = isJsonMap(raw) ? raw : raw === null || raw === undefined ? task.inputData : {};
  const uri = input['uri'];
  if (uri === null || uri === undefined) {
    return { ok: false, reason: 'Missing HTTP URI.  See documentation for HttpTask for required input parameters' };
  }
  const method = input['method'];
  if (method === null || method === undefined) return { ok: false, reason: 'No HTTP method specified' };
  const headers: Record<string, string> = {};
  if (isJsonMap(input['headers'])) {
    for (const [k, v] of Object.entries(input['headers'])) if (v !== null && v !== undefined) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  const acceptRaw = input['accept'];
  const accept = typeof acceptRaw === 'string' ? [acceptRaw] : Array.isArray(acceptRaw) ? acceptRaw.map(String) : ['application/json'];
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  return {
    ok: true,
    request: {
      method: String(method).toUpperCase(),
      uri: String(uri),
      headers,
      body: input['body'] ?? null,
      accept,
      contentType: typeof input['contentType'] === 'string' ? input['contentType'] : 'application/json',
      connectionTimeOutMs: num(input['connectionTimeOut'], 3000),
      readTimeOutMs: num(input['readTimeOut'], 3000),
    },
  };
}

const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content', 205: 'Reset Content',
  206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used', 300: 'Multiple Choices', 301: 'Moved Permanently',
  302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request',
  401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 411: 'Length Required',
  412: 'Precondition Failed', 413: 'Payload Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type',
  416: 'Requested range not satisfiable', 417: 'Expectation Failed', 418: "I'm a teapot", 422: 'Unprocessable Entity', 423: 'Locked',
  424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons', 500: 'Internal Server Error', 501: 'Not Implemented',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version not supported',
  506: 'Variant Also Negotiates', 507: 'Insufficient Storage', 508: 'Loop Detected', 509: 'Bandwidth Limit Exceeded',
  510: 'Not Extended', 511: 'Network Authentication Required',
};

/** Spring's `HttpStatus.getReasonPhrase()` for a status code (empty for unknown codes). */
export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? '';
}

/** `HttpTask.extractBody`: JSON arrays/objects parsed, numbers as doubles, other JSON as text, else the raw text. */
function extractBody(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (Array.isArray(parsed) || isJsonMap(parsed)) return parsed;
  if (typeof parsed === 'number') return parsed;
  if (parsed === null) return 'null';
  return typeof parsed === 'string' ? parsed : String(parsed);
}

/** Applies the outcome of the call to the task (`HttpTask.start` after `httpCall`). */
export function applyHttpResponse(task: TaskModel, outcome: HttpTaskResponse | { kind: 'invalid'; reason: string }): void {
  if (outcome.kind === 'invalid') {
    task.reasonForIncompletion = outcome.reason;
    task.status = 'FAILED';
    return;
  }
  if (outcome.kind === 'error') {
    const text = `java.lang.Exception: ${outcome.message}`;
    task.status = 'FAILED';
    task.reasonForIncompletion = `Failed to invoke HTTP task due to: ${text}`;
    addOutput(task, { response: text });
    return;
  }
  const status = outcome.status;
  const phrase = reasonPhrase(status);
  if (status < 200 || status > 299) {
    // RestTemplate raises on non-2xx; Spring's message quotes the body (DefaultResponseErrorHandler).
    const body = outcome.bodyText === null || outcome.bodyText === '' ? '[no body]' : `"${outcome.bodyText.replace(/\n/g, '<LF>')}"`;
    applyHttpResponse(task, { kind: 'error', message: `${status} ${phrase}: ${body}` });
    return;
  }
  const body = outcome.bodyText === null || outcome.bodyText === '' ? null : extractBody(outcome.bodyText);
  task.status = defaultIsAsyncComplete(task) ? 'IN_PROGRESS' : 'COMPLETED';
  addOutput(task, { response: { body, headers: structuredClone(outcome.headers), statusCode: status, reasonPhrase: phrase } });
}

export const httpTask: TaskTypeModule = {
  definitionTypes: ['HTTP'],
  mapper: {
    map(ctx) {
      const node = ctx.node;
      // Conductor writes `asyncComplete` into the node's inputParameters (HTTPTaskMapper); the task
      // carries a node copy with it instead, so retries see it and definitions stay shareable.
      const params = { ...(node.inputParameters ?? {}), asyncComplete: node.asyncComplete ?? false };
      const def = node.taskDefinition ?? ctx.ops.registry.getTaskDef(node.name) ?? null;
      const input = ctx.ops.evaluate(params, ctx.instance, def, ctx.taskId);
      const task = ctx.createTaskModel();
      task.workflowTask = { ...node, inputParameters: params };
      task.inputData = { ...input, asyncComplete: input['asyncComplete'] ?? null };
      task.status = 'SCHEDULED';
      task.retryCount = ctx.retryCount;
      task.callbackAfterSeconds = node.startDelay ?? 0;
      if (def !== null) {
        const eff = effectiveTaskDef(def);
        task.rateLimitPerFrequency = eff.rateLimitPerFrequency;
        task.rateLimitFrequencyInSeconds = eff.rateLimitFrequencyInSeconds;
      }
      return [task];
    },
  },
  system: systemTask({
    taskType: 'HTTP',
    isAsync: true,
    cancel(_instance, task) {
      task.status = 'CANCELED';
    },
  }),
};
