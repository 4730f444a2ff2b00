/**
 * Security headers for every response. The Content-Security-Policy allows scripts only by a per-request nonce
 * ('strict-dynamic' lets the nonced Next.js bootstrap load its chunks); no 'unsafe-eval' (production React and
 * Next never eval). Styles allow 'unsafe-inline' because server-rendered `style` attributes cannot carry a nonce;
 * style injection cannot run code. Framing is refused twice: frame-ancestors and X-Frame-Options for old browsers.
 */
export function contentSecurityPolicy(nonce: string, options: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // Next's dev overlay needs eval; `npm start` and the image never run dev.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // EventSource (/api/stream) and fetch (/api/timelines) are same-origin.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(nonce: string, options: { dev?: boolean } = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(nonce, options),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  };
}

/** 128 random bits, base64: unguessable per response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
