/**
 * The HTTP port backed by `fetch`: HTTP tasks make real requests, which msw handlers registered in
 * a test answer (msw intercepts the global fetch). Request and response mapping follow Conductor's
 * http-task/src/main/java/com/netflix/conductor/tasks/http/HttpTask.java.
 */
import type { HttpPort, HttpTaskRequest, HttpTaskResponse } from '../engine/index.js';

/** Options of {@link createFetchHttpPort}. */
export interface FetchHttpPortOptions {
  /** The fetch to use. @defaultValue globalThis.fetch (so msw handlers answer) */
  readonly fetch?: typeof fetch;
}

function toHeaders(headers: Headers): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  headers.forEach((value, name) => {
    out[name] = [value];
  });
  return out;
}

/** Creates the fetch-backed HTTP port. Network errors and timeouts become error answers, never throws. */
export function createFetchHttpPort(options: FetchHttpPortOptions = {}): HttpPort {
  return {
    async call(request: HttpTaskRequest): Promise<HttpTaskResponse> {
      const doFetch = options.fetch ?? globalThis.fetch;
      const headers: Record<string, string> = { 'content-type': request.contentType, accept: request.accept.join(', '), ...request.headers };
      const hasBody = request.body !== null && request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
      const body = hasBody ? (typeof request.body === 'string' ? request.body : JSON.stringify(request.body)) : undefined;
      try {
        const response = await doFetch(request.uri, {
          method: request.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal: AbortSignal.timeout(Math.max(1, request.connectionTimeOutMs + request.readTimeOutMs)),
        });
        const text = await response.text();
        return { kind: 'response', status: response.status, headers: toHeaders(response.headers), bodyText: text === '' ? null : text };
      } catch (error) {
        const cause = error instanceof Error ? (error.name === 'TimeoutError' ? 'Read timed out' : (error.cause instanceof Error ? error.cause.message : error.message)) : String(error);
        return { kind: 'error', message: `I/O error on ${request.method} request for "${request.uri}": ${cause}` };
      }
    },
  };
}
