import { describe, expect, it } from 'vitest';
import { reachesLiveEdge, resolveSpan } from './visible-span';

const base = {
  userSpan: null,
  align: false,
  extent: { startMs: 1_000, endMs: 50_000 },
  nowMs: 100_000,
  followWidthMs: 60_000,
};

describe('resolveSpan', () => {
  it('keeps a span the user chose', () => {
    expect(resolveSpan({ ...base, userSpan: { startMs: 1, endMs: 2 } })).toEqual({ startMs: 1, endMs: 2 });
  });

  it('follows the live edge, which is the later of now and the newest data', () => {
    const span = resolveSpan(base);
    expect(span.endMs).toBeGreaterThan(100_000);
    expect(span.endMs - span.startMs).toBe(60_000);
    expect(resolveSpan({ ...base, extent: { startMs: 0, endMs: 200_000 } }).endMs).toBeGreaterThan(200_000);
  });

  it('fits aligned lanes, showing at least the delete and a grace period', () => {
    const span = resolveSpan({ ...base, align: true, extent: { startMs: 0, endMs: 3_000 } });
    expect(span.startMs).toBeLessThan(-1_000);
    expect(span.endMs).toBeGreaterThanOrEqual(5_000);
  });

  it('fits static data', () => {
    const span = resolveSpan({ ...base, nowMs: null });
    expect(span.startMs).toBeLessThan(1_000);
    expect(span.endMs).toBeGreaterThan(50_000);
  });
});

describe('reachesLiveEdge', () => {
  it('is true while the span still covers the edge', () => {
    expect(reachesLiveEdge({ startMs: 0, endMs: 10 }, 10)).toBe(true);
    expect(reachesLiveEdge({ startMs: 0, endMs: 9 }, 10)).toBe(false);
  });
});
