/**
 * The proxy's gate and headers for a route the proxy does not run on. Next 16's proxy buffers the body of every
 * request it matches and silently cuts it at `proxyClientMaxBodySize` (10 MB): a large import would reach the route
 * truncated, and a recording cut at a line boundary would even import "successfully" with its end missing. So
 * /api/import is outside the proxy's matcher (proxy.ts) and guards itself here, with the same decision.
 *
 * Only the exact path is outside the matcher: /api/importx or /api/import/x are 404s the proxy guards like any
 * other. On /api/import itself Next answers every method the route does not export (405, and OPTIONS with 204)
 * before any code of ours runs, so the route exports them all through `notAllowed`: 401 first, then 405, both with
 * the headers.
 */
import { settledAuthConfig, TOKEN_COOKIE } from './auth';
import { decide } from './gate';
import { newNonce, securityHeaders } from './headers';

function cookieValue(header: string | null, name: string): string | null {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}

function withSecurityHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(securityHeaders(newNonce()))) response.headers.set(name, value);
  return response;
}

/** Runs `handle` only when the request passes the same gate as every proxied request; adds the security headers. */
export async function guarded(request: Request, handle: () => Promise<Response>): Promise<Response> {
  const authConfig = settledAuthConfig();
  const decision = decide(authConfig, {
    url: new URL(request.url),
    authorization: request.headers.get('authorization'),
    cookieToken: cookieValue(request.headers.get('cookie'), TOKEN_COOKIE),
  });
  // A valid ?token= (decision "redirect") is a valid credential: an upload is not a page to clean the address of.
  if (decision.kind === 'deny') {
    await request.body?.cancel().catch(() => undefined);
    return withSecurityHeaders(
      new Response('unauthorized\n', {
        status: 401,
        headers: { 'www-authenticate': decision.challenge, 'cache-control': 'no-store' },
      }),
    );
  }
  return withSecurityHeaders(await handle());
}

/** A handler for a method the route does not take: behind the same gate, 405 naming the methods it does take. */
export function notAllowed(allow: readonly string[]): (request: Request) => Promise<Response> {
  const methods = allow.join(', ');
  return (request) =>
    guarded(request, async () => {
      if (request.method === 'OPTIONS')
        return new Response(null, {
          status: 204,
          headers: { allow: `OPTIONS, ${methods}`, 'cache-control': 'no-store' },
        });
      return new Response(`method not allowed: ${new URL(request.url).pathname} takes ${methods}\n`, {
        status: 405,
        headers: { allow: methods, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      });
    });
}
