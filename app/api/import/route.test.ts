/**
 * Every response carries the security headers and, with auth on, every path answers 401 first. Two pieces make
 * that so around /api/import, the one route outside Next's proxy: the proxy's matcher (read here from proxy.ts by
 * Next's own build-time reader and matched by Next's own matcher, as `next build` and the server do), and the
 * route module answering every method Next knows itself. What Next does with the two at run time is checked by
 * e2e/headers.spec.ts.
 */
import { loadBindings } from 'next/dist/build/swc';
import { getPageStaticInfo } from 'next/dist/build/analysis/get-page-static-info';
import {
  getMiddlewareRouteMatcher,
  type MiddlewareRouteMatch,
} from 'next/dist/shared/lib/router/utils/middleware-route-matcher';
import { HTTP_METHODS } from 'next/dist/server/web/http';
import { NextRequest } from 'next/server';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BASE = 'http://127.0.0.1:3000';
const BASIC = `Basic ${Buffer.from('ann:pw').toString('base64')}`;

let proxyRuns: MiddlewareRouteMatch;

beforeAll(async () => {
  await loadBindings();
  const info = await getPageStaticInfo({
    pageFilePath: path.join(ROOT, 'proxy.ts'),
    nextConfig: {},
    isDev: false,
    page: '/proxy',
    pageType: 'root' as Parameters<typeof getPageStaticInfo>[0]['pageType'],
  });
  const matchers = info.middleware?.matchers;
  if (!matchers?.length) throw new Error('Next read no matcher from proxy.ts');
  proxyRuns = getMiddlewareRouteMatcher(matchers);
}, 30_000);

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** The modules as a fresh server process loads them: auth is read once, from the environment, at start. */
async function load(auth: 'on' | 'off') {
  vi.resetModules();
  vi.stubEnv('DRAINSCOPE_AUTH_TOKEN', '');
  vi.stubEnv('DRAINSCOPE_BASIC_AUTH', auth === 'on' ? 'ann:pw' : '');
  // What server/live/startup.ts does when the server starts.
  (await import('@/server/security/auth')).settleAuthConfig(process.env);
  const route = await import('./route');
  const { proxy } = await import('@/proxy');
  return { route: route as unknown as Record<string, ((request: Request) => Promise<Response>) | undefined>, proxy };
}

function expectSecurityHeaders(response: Response, what: string): void {
  expect(response.headers.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
  expect(response.headers.get('x-frame-options'), what).toBe('DENY');
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
}

const query = (pathname: string) => proxyRuns(pathname, { headers: {} } as never, {});

describe("the proxy's matcher, as Next reads it from proxy.ts", () => {
  it('leaves out exactly /api/import and no other path (tried: /api/importx, /api/import/x, /api/import/x/y, /api/imports, unknown paths)', () => {
    expect(query('/api/import')).toBe(false);
    // Next redirects a trailing slash (308) before the proxy; left out so the proxy never buffers an upload.
    expect(query('/api/import/')).toBe(false);
    for (const pathname of [
      '/api/importx',
      '/api/import/x',
      '/api/import/x/y',
      '/api/imports',
      '/api/nope',
      '/nope',
      '/api/export',
      '/api/stream',
      '/history',
      '/',
    ]) {
      expect(query(pathname), pathname).toBe(true);
    }
  });
});

describe('the proxy on a path no route serves', () => {
  for (const pathname of ['/api/importx', '/api/import/x', '/nope']) {
    it(`${pathname}: 401 with the headers when auth is on, the headers on what Next answers (its 404) when off`, async () => {
      const on = await load('on');
      const denied = on.proxy(new NextRequest(`${BASE}${pathname}`));
      expect(denied.status).toBe(401);
      expectSecurityHeaders(denied, pathname);
      const allowed = on.proxy(new NextRequest(`${BASE}${pathname}`, { headers: { authorization: BASIC } }));
      expect(allowed.headers.get('x-middleware-next')).toBe('1');
      expectSecurityHeaders(allowed, pathname);
      const off = await load('off');
      const passed = off.proxy(new NextRequest(`${BASE}${pathname}`));
      expect(passed.headers.get('x-middleware-next')).toBe('1');
      expectSecurityHeaders(passed, pathname);
    });
  }
});

describe('/api/import, outside the proxy', () => {
  it('exports a handler for every method Next knows, so Next never answers one itself without gate and headers', async () => {
    const { route } = await load('off');
    for (const method of HTTP_METHODS) expect(typeof route[method], method).toBe('function');
  });

  it('answers GET, HEAD, PUT, PATCH, DELETE with 405 and OPTIONS with 204, naming POST, with the headers (tried: each method without auth)', async () => {
    const { route } = await load('off');
    for (const method of HTTP_METHODS.filter((name) => name !== 'POST')) {
      const handler = route[method];
      if (!handler) throw new Error(`no ${method}`);
      const response = await handler(new Request(`${BASE}/api/import`, { method }));
      expect(response.status, method).toBe(method === 'OPTIONS' ? 204 : 405);
      expect(response.headers.get('allow'), method).toBe(method === 'OPTIONS' ? 'OPTIONS, POST' : 'POST');
      expectSecurityHeaders(response, method);
    }
  });

  it('with auth on, answers every method 401 first, with the headers (tried: each method, no credentials and a wrong password)', async () => {
    const { route } = await load('on');
    for (const method of HTTP_METHODS) {
      const handler = route[method];
      if (!handler) throw new Error(`no ${method}`);
      const attempts: Record<string, string>[] = [
        {},
        { authorization: `Basic ${Buffer.from('ann:wrong').toString('base64')}` },
      ];
      for (const headers of attempts) {
        const body =
          method === 'POST' || method === 'PUT' || method === 'PATCH' ? '{"drainscope":"recording"}\n' : null;
        const response = await handler(new Request(`${BASE}/api/import`, { method, headers, body }));
        expect(response.status, method).toBe(401);
        expect(response.headers.get('www-authenticate'), method).toMatch(/^Basic /);
        expectSecurityHeaders(response, method);
      }
    }
    const authorized = route.GET;
    if (!authorized) throw new Error('no GET');
    expect((await authorized(new Request(`${BASE}/api/import`, { headers: { authorization: BASIC } }))).status).toBe(
      405,
    );
  });
});
