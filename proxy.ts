// Every request passes here (Next 16's proxy, Node.js runtime): optional auth (server/security/gate.ts) and the
// security headers, with a fresh CSP nonce that Next puts on its own inline scripts (it reads the request's CSP).
import { NextResponse, type NextRequest } from 'next/server';
import { settledAuthConfig, TOKEN_COOKIE } from '@/server/security/auth';
import { decide } from '@/server/security/gate';
import { newNonce, securityHeaders } from '@/server/security/headers';

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export function proxy(request: NextRequest): NextResponse {
  const authConfig = settledAuthConfig();
  const nonce = newNonce();
  const headers = securityHeaders(nonce, { dev: process.env.NODE_ENV === 'development' });
  const decision = decide(authConfig, {
    url: request.nextUrl,
    authorization: request.headers.get('authorization'),
    cookieToken: request.cookies.get(TOKEN_COOKIE)?.value ?? null,
  });
  if (decision.kind === 'deny') {
    const denied = new NextResponse('unauthorized\n', {
      status: 401,
      headers: { 'www-authenticate': decision.challenge, 'cache-control': 'no-store' },
    });
    return withHeaders(denied, headers);
  }
  if (decision.kind === 'redirect') {
    const redirect = new NextResponse(null, {
      status: 303,
      headers: { location: decision.location, 'set-cookie': decision.setCookie, 'cache-control': 'no-store' },
    });
    return withHeaders(redirect, headers);
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', headers['Content-Security-Policy'] ?? '');
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

// Every path but exactly /api/import: the proxy would buffer (and cut at 10 MB) the body of an upload it matched;
// that route applies the same gate and headers itself, for every method (server/security/route-guard.ts). Only the
// exact path: a prefix would also leave /api/importx and /api/import/x, Next's 404s, without gate and headers.
// Checked with Next's own matcher compiler in app/api/import/route.test.ts.
export const config = { matcher: '/((?!api/import/?$).*)' };
