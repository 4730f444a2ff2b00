/**
 * Optional access control for when the dashboard is exposed beyond 127.0.0.1: a bearer token
 * (DRAINSCOPE_AUTH_TOKEN) or basic auth (DRAINSCOPE_BASIC_AUTH=user:pass). Secrets are compared as SHA-256 digests
 * with timingSafeEqual, so neither their content nor their length leaks through timing. Nothing here logs them.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface AuthConfig {
  token: string | null;
  /** `user:pass` as configured. */
  basic: string | null;
}

/** Paths kubelet probes and port checks reach without credentials; they reveal no cluster data beyond counts. */
export const PUBLIC_PATHS: readonly string[] = ['/api/health', '/api/ready'];

/** A browser cannot put a bearer token on a page load or an EventSource: `?token=` is traded for this cookie. */
export const TOKEN_COOKIE = 'drainscope_token';
export const TOKEN_QUERY = 'token';

export function readAuthConfig(env: Record<string, string | undefined>): AuthConfig {
  const token = env.DRAINSCOPE_AUTH_TOKEN?.trim() || null;
  const basic = env.DRAINSCOPE_BASIC_AUTH?.trim() || null;
  if (basic !== null && !/^[^:]+:.+$/s.test(basic)) throw new Error('DRAINSCOPE_BASIC_AUTH must be user:password');
  return { token, basic };
}

export function authEnabled(config: AuthConfig): boolean {
  return config.token !== null || config.basic !== null;
}

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.includes(pathname.replace(/\/+$/, '') || '/');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time equality of two secrets of any length. */
export function secretEquals(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

export interface PresentedCredentials {
  authorization: string | null;
  cookieToken: string | null;
}

export function isAuthorized(config: AuthConfig, presented: PresentedCredentials): boolean {
  if (!authEnabled(config)) return true;
  const header = presented.authorization?.trim() ?? '';
  const [scheme = '', value = ''] = header.split(/\s+(.*)/s, 2);
  if (config.token !== null) {
    if (/^bearer$/i.test(scheme) && secretEquals(value, config.token)) return true;
    if (presented.cookieToken !== null && secretEquals(presented.cookieToken, config.token)) return true;
  }
  if (config.basic !== null && /^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (secretEquals(decoded, config.basic)) return true;
  }
  return false;
}

/** Basic auth makes the browser ask for credentials; a token has no browser prompt, so it is named instead. */
export function challenge(config: AuthConfig): string {
  return config.basic !== null ? 'Basic realm="drainscope", charset="UTF-8"' : 'Bearer realm="drainscope"';
}

const SETTLED = Symbol.for('drainscope.auth');

type GlobalWithAuth = typeof globalThis & { [SETTLED]?: AuthConfig };

/**
 * Reads and checks the auth settings once, at start (server/live/startup.ts), and keeps them for the proxy and the
 * self-guarding routes. Next bundles those separately, so the settings live on `globalThis` under a registered
 * symbol, as the live runtime does (server/live/singleton.ts). Throws, naming the variable, when one is malformed.
 */
export function settleAuthConfig(env: Record<string, string | undefined>): AuthConfig {
  const config = readAuthConfig(env);
  (globalThis as GlobalWithAuth)[SETTLED] = config;
  return config;
}

/**
 * The settings read at start. Only a server that skipped instrumentation (none does: Next runs it before serving)
 * reads them here, once.
 */
export function settledAuthConfig(): AuthConfig {
  return (globalThis as GlobalWithAuth)[SETTLED] ?? settleAuthConfig(process.env);
}
