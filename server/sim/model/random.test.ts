import { describe, expect, it } from 'vitest';
import { apiTime, microTime } from './api-time';
import { Random } from './random';

describe('Random', () => {
  it('gives the same sequence for the same seed and another for a different seed', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const seq = (r: Random) => Array.from({ length: 5 }, () => r.next());
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
  });

  it('formats uids as version-4 UUIDs', () => {
    const uid = new Random(1).uuid();
    expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('draws name suffixes from the Kubernetes alphabet (no vowels, no 0/1/3)', () => {
    expect(new Random(3).kubeSuffix(200)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{200}$/);
  });

  it('forks independent, stable generators by label', () => {
    expect(new Random(5).fork('recorder').next()).toBe(new Random(5).fork('recorder').next());
    expect(new Random(5).fork('recorder').next()).not.toBe(new Random(5).fork('store').next());
  });
});

describe('API timestamps', () => {
  it('truncates metav1.Time to whole seconds and keeps microseconds for MicroTime', () => {
    const ms = Date.parse('2026-11-24T04:25:01.999Z');
    expect(apiTime(ms)).toBe('2026-11-24T04:25:01Z');
    expect(microTime(ms)).toBe('2026-11-24T04:25:01.999000Z');
  });
});
