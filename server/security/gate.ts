/**
 * What the proxy does with one request, as data: let it through, refuse it (401), or trade a `?token=` for an
 * HttpOnly cookie and redirect to the same URL without it (so the token leaves the address bar and history).
 */
import {
  challenge,
  isAuthorized,
  isPublicPath,
  secretEquals,
  TOKEN_COOKIE,
  TOKEN_QUERY,
  type AuthConfig,
} from './auth';

export type GateDecision =
  | { kind: 'allow' }
  | { kind: 'deny'; challenge: string }
  | { kind: 'redirect'; location: string; setCookie: string };

export interface GateRequest {
  url: URL;
  authorization: string | null;
  cookieToken: string | null;
}

export function decide(config: AuthConfig, request: GateRequest): GateDecision {
  if (isPublicPath(request.url.pathname)) return { kind: 'allow' };
  const queryToken = request.url.searchParams.get(TOKEN_QUERY);
  if (config.token !== null && queryToken !== null) {
    if (!secretEquals(queryToken, config.token)) return { kind: 'deny', challenge: challenge(config) };
    const clean = new URL(request.url);
    clean.searchParams.delete(TOKEN_QUERY);
    // SameSite=Strict: no other site can make the browser send it. No Secure: port-forward serves plain http.
    const setCookie = `${TOKEN_COOKIE}=${encodeURIComponent(queryToken)}; Path=/; HttpOnly; SameSite=Strict`;
    // Absolute: Next's proxy refuses a relative Location (it sends a same-origin one on as relative).
    return { kind: 'redirect', location: clean.href, setCookie };
  }
  if (isAuthorized(config, { authorization: request.authorization, cookieToken: request.cookieToken }))
    return { kind: 'allow' };
  return { kind: 'deny', challenge: challenge(config) };
}
