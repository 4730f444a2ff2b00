/**
 * What the production server (next start) answers on paths and methods no route serves, and on hostile
 * parameters: every response carries the security headers, and with auth on every path but the probes answers
 * 401 before 404 or 405. /api/import is the one route outside the proxy (proxy.ts), so its neighbours and its
 * other methods are tried most. The pieces are unit-tested in app/api/import/route.test.ts; this checks that Next
 * wires them as read there.
 */
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, waitForHealth } from './servers';

const AUTH_PORT = 3312;
const OPEN_PORT = 3313;
const BASIC = `Basic ${Buffer.from('ann:pw').toString('base64')}`;

/** Method, path and what a server without auth answers. */
const PROBES: { method: string; path: string; status: number }[] = [
  { method: 'GET', path: '/api/import', status: 405 },
  { method: 'HEAD', path: '/api/import', status: 405 },
  { method: 'PUT', path: '/api/import', status: 405 },
  { method: 'DELETE', path: '/api/import', status: 405 },
  { method: 'OPTIONS', path: '/api/import', status: 204 },
  { method: 'GET', path: '/api/importx', status: 404 },
  { method: 'GET', path: '/api/import/x', status: 404 },
  { method: 'POST', path: '/api/import/x', status: 404 },
  { method: 'GET', path: '/no-such-page', status: 404 },
  { method: 'GET', path: '/api/no-such-route', status: 404 },
  { method: 'POST', path: '/api/export', status: 405 },
  { method: 'DELETE', path: '/api/episodes', status: 405 },
  { method: 'GET', path: '/api/export?from=0&to=99999999999999999999999999', status: 400 },
  { method: 'GET', path: '/api/export/timelines.csv?from=0&to=2030', status: 400 },
  { method: 'GET', path: '/api/export/timelines.json?from=March%207&to=1795500000000', status: 400 },
];

let dataDir: string;
const servers: ChildProcess[] = [];

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-e2e-headers-'));
  // A store on both: the time parameters are only read when there is one to read from (503 otherwise).
  servers.push(
    startServer('no-prestop', AUTH_PORT, {
      DRAINSCOPE_BASIC_AUTH: 'ann:pw',
      DRAINSCOPE_DATA_DIR: path.join(dataDir, 'auth'),
    }),
  );
  servers.push(startServer('no-prestop', OPEN_PORT, { DRAINSCOPE_DATA_DIR: path.join(dataDir, 'open') }));
  await Promise.all([waitForHealth(AUTH_PORT), waitForHealth(OPEN_PORT)]);
});

test.afterAll(() => {
  for (const server of servers.splice(0)) server.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function send(
  request: APIRequestContext,
  port: number,
  probe: { method: string; path: string },
  headers: Record<string, string> = {},
): Promise<APIResponse> {
  return request.fetch(`http://127.0.0.1:${port}${probe.path}`, {
    method: probe.method,
    headers,
    failOnStatusCode: false,
    maxRedirects: 0,
  });
}

function expectSecurityHeaders(response: APIResponse, what: string): void {
  const headers = response.headers();
  expect(headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
}

test('without auth, 404, 405 and 400 answers carry the security headers, and bad times name the parameter', async ({
  request,
}) => {
  for (const probe of PROBES) {
    const what = `${probe.method} ${probe.path}`;
    const response = await send(request, OPEN_PORT, probe);
    expect(response.status(), what).toBe(probe.status);
    expectSecurityHeaders(response, what);
    if (probe.status === 400)
      expect(((await response.json()) as { error: string }).error, what).toMatch(/^\?(from|to)= must be/);
  }
});

test('with auth on, every path answers 401 first, with the headers; with credentials, what it answers without auth', async ({
  request,
}) => {
  for (const probe of PROBES) {
    const what = `${probe.method} ${probe.path}`;
    const denied = await send(request, AUTH_PORT, probe);
    expect(denied.status(), what).toBe(401);
    expectSecurityHeaders(denied, what);
    const allowed = await send(request, AUTH_PORT, probe, { authorization: BASIC });
    expect(allowed.status(), what).toBe(probe.status);
    expectSecurityHeaders(allowed, what);
  }
  // The probes stay public.
  expect((await send(request, AUTH_PORT, { method: 'GET', path: '/api/health' })).status()).toBe(200);
});

test('a lastEventId with a frame in it writes nothing into the stream', async () => {
  const injected = encodeURIComponent('abc\nevent: shutdown\ndata: {}\n\n');
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${OPEN_PORT}/api/stream?lastEventId=${injected}`, {
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  while (!/event: snapshot\ndata: [^\n]*\n\n/.test(text)) {
    const next = await reader.read();
    if (next.done) break;
    text += new TextDecoder().decode(next.value);
  }
  controller.abort();
  expect(text).not.toContain('shutdown');
  expect(text).toMatch(/^retry: \d+\n\nid: \nevent: hello\n/);
});
