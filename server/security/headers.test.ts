import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, securityHeaders } from './headers';

describe('securityHeaders', () => {
  it('forbids framing, sniffing and referrers', () => {
    expect(securityHeaders('n')).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });

  it('allows scripts only by nonce, never eval in production, and no framing', () => {
    const csp = contentSecurityPolicy('abc');
    const directives = new Map(csp.split('; ').map((directive) => [directive.split(' ')[0], directive] as const));
    expect(directives.get('script-src')).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(directives.get('script-src')).not.toContain('unsafe-inline');
    expect(directives.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directives.get('object-src')).toBe("object-src 'none'");
    expect(directives.get('connect-src')).toBe("connect-src 'self'");
  });

  it('adds eval only for the dev server', () => {
    expect(contentSecurityPolicy('abc', { dev: true })).toContain("'unsafe-eval'");
  });
});

describe('newNonce', () => {
  it('is 128 random bits, different every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    expect(Buffer.from([...nonces][0] ?? '', 'base64')).toHaveLength(16);
  });
});
