import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createConductorClient } from '../../src/remote/index.js';
import { isTestkitError, type ReplayError } from '../../src/errors/index.js';
import { parentWorkflowJson } from './server-json.js';

const BASE = 'http://orkes.test';
const KEY_ID = 'key-id-1';
const KEY_SECRET = 's3cr3t-value-never-sent';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const REQUEST = { name: 'order_flow', taskRefToMockOutput: {} };

/** A JWT-shaped token with the given `exp` (seconds); the signature is not checked by the client. */
function jwt(exp: number, id: string): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ sub: id, exp })}.signature`;
}

interface Recorded {
  readonly path: string;
  readonly auth: string | null;
  readonly body: string;
  readonly headers: string;
}

/** Token endpoint answering tokens[0], tokens[1], …; the test endpoint accepts `accepted` tokens only. */
function orkes(tokens: readonly string[], accepted: ReadonlySet<string>): Recorded[] {
  const log: Recorded[] = [];
  let issued = 0;
  const record = async (request: Request): Promise<void> => {
    log.push({
      path: new URL(request.url).pathname,
      auth: request.headers.get('x-authorization'),
      body: await request.clone().text(),
      headers: JSON.stringify([...request.headers.entries()]),
    });
  };
  server.use(
    http.post(`${BASE}/api/token`, async ({ request }) => {
      await record(request);
      const body = (await request.json()) as { keyId?: string; keySecret?: string };
      if (body.keyId !== KEY_ID || body.keySecret !== KEY_SECRET) return HttpResponse.json({ error: 'INVALID_CREDENTIALS', message: 'bad key' }, { status: 401 });
      const token = tokens[Math.min(issued, tokens.length - 1)] ?? '';
      issued += 1;
      return HttpResponse.json({ token });
    }),
    http.post(`${BASE}/api/workflow/test`, async ({ request }) => {
      await record(request);
      const token = request.headers.get('x-authorization');
      if (token === null || !accepted.has(token)) return HttpResponse.json({ error: 'EXPIRED_TOKEN', message: 'Token expired' }, { status: 401 });
      return HttpResponse.json(parentWorkflowJson());
    }),
  );
  return log;
}

async function rejection(promise: Promise<unknown>): Promise<ReplayError> {
  try {
    await promise;
  } catch (error) {
    if (isTestkitError(error) && error.name === 'ReplayError') return error as ReplayError;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('Orkes token exchange', () => {
  it('fetches a token once with keyId and keySecret and reuses it as X-Authorization', async () => {
    const log = orkes(['tok-1'], new Set(['tok-1']));
    const client = createConductorClient({ baseUrl: BASE, keyId: KEY_ID, keySecret: KEY_SECRET });

    await client.testWorkflow(REQUEST);
    await client.testWorkflow(REQUEST);

    expect(log.map((r) => [r.path, r.auth])).toEqual([
      ['/api/token', null],
      ['/api/workflow/test', 'tok-1'],
      ['/api/workflow/test', 'tok-1'],
    ]);
    expect(log[0]?.body).toBe(JSON.stringify({ keyId: KEY_ID, keySecret: KEY_SECRET }));
  });

  it('never sends the key id or secret to the test endpoint', async () => {
    const log = orkes(['tok-1'], new Set(['tok-1']));

    await createConductorClient({ baseUrl: BASE, keyId: KEY_ID, keySecret: KEY_SECRET }).testWorkflow(REQUEST);

    const leaked = log.filter((r) => r.path !== '/api/token' && (r.body + r.headers).match(new RegExp(`${KEY_SECRET}|${KEY_ID}`)));
    expect(leaked).toEqual([]);
  });

  it('shares one token request between concurrent calls', async () => {
    const log = orkes(['tok-1'], new Set(['tok-1']));
    const client = createConductorClient({ baseUrl: BASE, keyId: KEY_ID, keySecret: KEY_SECRET });

    await Promise.all([client.testWorkflow(REQUEST), client.testWorkflow(REQUEST), client.testWorkflow(REQUEST)]);

    expect(log.filter((r) => r.path === '/api/token')).toHaveLength(1);
  });

  it('fetches a new token once and retries the call once when the server answers 401', async () => {
    const log = orkes(['tok-old', 'tok-new'], new Set(['tok-new']));

    const execution = await createConductorClient({ baseUrl: BASE, keyId: KEY_ID, keySecret: KEY_SECRET }).testWorkflow(REQUEST);

    expect(execution.status).toBe('COMPLETED');
    expect(log.map((r) => [r.path, r.auth])).toEqual([
      ['/api/token', null],
      ['/api/workflow/test', 'tok-old'],
      ['/api/token', null],
      ['/api/workflow/test', 'tok-new'],
    ]);
  });

  it('gives up with an auth error when the new token is refused too', async () => {
    const log = orkes(['tok-1', 'tok-2', 'tok-3'], new Set());

    const error = await rejection(createConductorClient({ baseUrl: BASE, keyId: KEY_ID, keySecret: KEY_SECRET }).testWorkflow(REQUEST));

    expect(log.map((r) => r.path)).toEqual(['/api/token', '/api/workflow/test', '/api/token', '/api/workflow/test']);
    expect([error.kind, error.status, error.message]).toEqual([
      'auth',
      401,
      `POST ${BASE}/api/workflow/test: unauthorized (HTTP 401: Token expired) — the token was refused even after fetching a new one; check that the access key may use this server`,
    ]);
  });

  it('fetches a new token shortly before the expiry written in the JWT', async () => {
    const issuedAt = 1_700_000_000;
    const first = jwt(issuedAt + 3600, 'first');
    const second = jwt(issuedAt + 7200, 'second');
    const log = orkes([first, second], new Set([first, second]));
    let now = issuedAt * 1000;
    const client = createConductorClient({ baseUrl: BASE, keyId: KEY_ID, keySecret: KEY_SECRET, now: () => now });

    await client.testWorkflow(REQUEST);
    now = (issuedAt + 3600 - 31) * 1000;
    await client.testWorkflow(REQUEST);
    now = (issuedAt + 3600 - 29) * 1000;
    await client.testWorkflow(REQUEST);

    expect(log.map((r) => [r.path, r.auth === null ? null : r.auth === first ? 'first' : 'second'])).toEqual([
      ['/api/token', null],
      ['/api/workflow/test', 'first'],
      ['/api/workflow/test', 'first'],
      ['/api/token', null],
      ['/api/workflow/test', 'second'],
    ]);
  });

  it('carries on without a token when the server has no token endpoint (Conductor OSS answers 404)', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/api/token`, () => HttpResponse.json({ status: 404, message: 'No static resource api/token.' }, { status: 404 })),
      http.post(`${BASE}/api/workflow/test`, ({ request }) => {
        seen.push(request.headers.get('x-authorization'));
        return HttpResponse.json(parentWorkflowJson());
      }),
    );
    const client = createConductorClient({ baseUrl: BASE, keyId: KEY_ID, keySecret: KEY_SECRET });

    await client.testWorkflow(REQUEST);
    await client.testWorkflow(REQUEST);

    expect(seen).toEqual([null, null]);
  });

  it('reports rejected credentials as an auth error without the secret in it', async () => {
    orkes(['tok-1'], new Set(['tok-1']));

    const error = await rejection(createConductorClient({ baseUrl: BASE, keyId: KEY_ID, keySecret: 'wrong-secret' }).testWorkflow(REQUEST));

    expect([error.kind, error.status, error.url, error.message]).toEqual([
      'auth',
      401,
      `${BASE}/api/token`,
      `POST ${BASE}/api/token: the server rejected keyId "${KEY_ID}" and its secret (HTTP 401: bad key) — check that the application access key belongs to ${BASE} and is active`,
    ]);
    expect(`${error.message}${error.bodyExcerpt ?? ''}`).not.toContain('wrong-secret');
  });

  it('reports a token answer without a token as malformed', async () => {
    server.use(http.post(`${BASE}/api/token`, () => HttpResponse.json({ accessToken: 'x' })));

    const error = await rejection(createConductorClient({ baseUrl: BASE, keyId: KEY_ID, keySecret: KEY_SECRET }).health());

    expect([error.kind, error.message]).toEqual([
      'malformed',
      `POST ${BASE}/api/token: the token endpoint answered without a "token" string — is baseUrl an Orkes/Conductor server?`,
    ]);
  });
});
