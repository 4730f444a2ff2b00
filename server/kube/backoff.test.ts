import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff';

describe('createBackoff', () => {
  it('doubles from the initial delay up to the cap when jitter is zero', () => {
    const backoff = createBackoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('stretches each delay by up to the jitter fraction', () => {
    const low = createBackoff({ initialMs: 100, jitter: 1, random: () => 0 });
    const high = createBackoff({ initialMs: 100, jitter: 1, random: () => 0.999 });
    expect(low.next()).toBe(100);
    expect(high.next()).toBe(200);
  });

  it('starts over after reset', () => {
    const backoff = createBackoff({ initialMs: 100, jitter: 0 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
    expect(backoff.attempts).toBe(1);
  });
});
