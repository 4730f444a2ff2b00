/**
 * The proxy's gate and headers for a route the proxy does not run on. Next 16's proxy buffers the body of every
 * request it matches and silently cuts it at `proxyClientMaxBodySize` (10 MB): a large import would reach the route
 * truncated, and a recording cut at a line boundary would even import "successfully" with its end missing. So
 * /api/import is outside the proxy's matcher (proxy.ts) and guards itself here, with the same decision.
 */
import { readAuthConfig, TOKEN_COOKIE, type AuthConfig } from './auth';
import { decide } from './gate';
import { newNonce, securityHeaders } from './headers';

let authConfig: AuthConfig | null = null;

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
  authConfig ??= readAuthConfig(process.env);
  const decision = decide(authConfig, {
    url: new URL(request.url),
    authorization: request.headers.get('authorization'),
    cookieToken: cookieValue(request.headers.get('cookie'), TOKEN_COOKIE),
  });
  // A valid ?token= (decision "redirect") is a valid credential: an upload is not a page to clean the address of.
  if (decision.kind === 'deny') {
    await request.body?.cancel().catch(() => undefined);
    return withSecurityHeaders(new Response('unauthorized\n', { status: 401, headers: { 'www-authenticate': decision.challenge, 'cache-control': 'no-store' } }));
  }
  return withSecurityHeaders(await handle());
}
