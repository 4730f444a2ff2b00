import { describe, expect, it } from 'vitest';
import { isAuthorized, isPublicPath, readAuthConfig, secretEquals } from './auth';
import { decide } from './gate';

const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;
const request = (url: string, authorization: string | null = null, cookieToken: string | null = null) => ({
  url: new URL(url, 'http://127.0.0.1:3000'),
  authorization,
  cookieToken,
});

describe('readAuthConfig', () => {
  it('is off unless DRAINSCOPE_AUTH_TOKEN or DRAINSCOPE_BASIC_AUTH is set', () => {
    expect(readAuthConfig({})).toEqual({ token: null, basic: null });
    expect(readAuthConfig({ DRAINSCOPE_AUTH_TOKEN: ' t0k ', DRAINSCOPE_BASIC_AUTH: 'ann:pw:with:colons' })).toEqual({
      token: 't0k',
      basic: 'ann:pw:with:colons',
    });
  });

  it('refuses basic auth that is not user:password, without echoing it', () => {
    expect(() => readAuthConfig({ DRAINSCOPE_BASIC_AUTH: 'hunter2' })).toThrow(
      /^DRAINSCOPE_BASIC_AUTH must be user:password$/,
    );
  });
});

describe('secretEquals', () => {
  it('compares secrets of any length without throwing on a length mismatch', () => {
    expect(secretEquals('abc', 'abc')).toBe(true);
    expect(secretEquals('abc', 'abcd')).toBe(false);
    expect(secretEquals('', 'abc')).toBe(false);
  });
});

describe('isAuthorized', () => {
  const token = readAuthConfig({ DRAINSCOPE_AUTH_TOKEN: 's3cret' });
  const pair = readAuthConfig({ DRAINSCOPE_BASIC_AUTH: 'ann:pw' });

  it('lets everything through when no auth is configured', () => {
    expect(isAuthorized(readAuthConfig({}), { authorization: null, cookieToken: null })).toBe(true);
  });

  it('accepts the right bearer token (scheme case-insensitive) or the token cookie, and nothing else', () => {
    expect(isAuthorized(token, { authorization: 'Bearer s3cret', cookieToken: null })).toBe(true);
    expect(isAuthorized(token, { authorization: 'bearer s3cret', cookieToken: null })).toBe(true);
    expect(isAuthorized(token, { authorization: null, cookieToken: 's3cret' })).toBe(true);
    expect(isAuthorized(token, { authorization: 'Bearer wrong', cookieToken: null })).toBe(false);
    expect(isAuthorized(token, { authorization: 's3cret', cookieToken: null })).toBe(false);
    expect(isAuthorized(token, { authorization: basic('x:s3cret'), cookieToken: 'nope' })).toBe(false);
    expect(isAuthorized(token, { authorization: null, cookieToken: null })).toBe(false);
  });

  it('accepts the right basic credentials only', () => {
    expect(isAuthorized(pair, { authorization: basic('ann:pw'), cookieToken: null })).toBe(true);
    expect(isAuthorized(pair, { authorization: basic('ann:PW'), cookieToken: null })).toBe(false);
    expect(isAuthorized(pair, { authorization: 'Bearer ann:pw', cookieToken: null })).toBe(false);
  });
});

describe('decide', () => {
  const config = readAuthConfig({ DRAINSCOPE_AUTH_TOKEN: 's3cret' });

  it('keeps the probe paths open', () => {
    expect(isPublicPath('/api/health')).toBe(true);
    expect(isPublicPath('/api/ready/')).toBe(true);
    expect(isPublicPath('/api/healthz')).toBe(false);
    expect(decide(config, request('/api/health'))).toEqual({ kind: 'allow' });
  });

  it('refuses pages, the stream and the timelines without credentials, with a challenge', () => {
    for (const path of ['/', '/api/stream', '/api/timelines', '/api/anything-new', '/_next/static/x.js']) {
      expect(decide(config, request(path))).toEqual({ kind: 'deny', challenge: 'Bearer realm="drainscope"' });
    }
  });

  it('trades a right ?token= for an HttpOnly SameSite=Strict cookie and a redirect that drops it from the URL', () => {
    const decision = decide(config, request('/?token=s3cret&ns=shop'));
    expect(decision).toEqual({
      kind: 'redirect',
      location: 'http://127.0.0.1:3000/?ns=shop',
      setCookie: 'drainscope_token=s3cret; Path=/; HttpOnly; SameSite=Strict',
    });
    expect(decide(config, request('/?token=wrong')).kind).toBe('deny');
  });

  it('asks the browser for basic credentials when basic auth is on', () => {
    expect(decide(readAuthConfig({ DRAINSCOPE_BASIC_AUTH: 'a:b' }), request('/'))).toMatchObject({
      challenge: expect.stringMatching(/^Basic /),
    });
  });
});
