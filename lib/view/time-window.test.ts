import { describe, expect, it } from 'vitest';
import { fitSpan, followSpan, MIN_SPAN_MS, panSpan, spanBetween, zoomSpan } from './time-window';

const span = { startMs: 0, endMs: 10_000 };

describe('time window', () => {
  it('zooms in around the anchor, keeping the time under it fixed', () => {
    expect(zoomSpan(span, 0.5, 0.5)).toEqual({ startMs: 2_500, endMs: 7_500 });
    expect(zoomSpan(span, 0.5, 0)).toEqual({ startMs: 0, endMs: 5_000 });
    const anchored = zoomSpan(span, 0.5, 0.8);
    expect(anchored.startMs + (anchored.endMs - anchored.startMs) * 0.8).toBeCloseTo(8_000);
  });

  it('does not zoom in below the minimum span', () => {
    const tiny = zoomSpan(span, 1e-9);
    expect(tiny.endMs - tiny.startMs).toBe(MIN_SPAN_MS);
  });

  it('pans by a fraction of the width', () => {
    expect(panSpan(span, 0.25)).toEqual({ startMs: 2_500, endMs: 12_500 });
    expect(panSpan(span, -0.1)).toEqual({ startMs: -1_000, endMs: 9_000 });
  });

  it('brushes a span in either drag direction', () => {
    expect(spanBetween(7_000, 3_000)).toEqual({ startMs: 3_000, endMs: 7_000 });
    expect(spanBetween(5, 5).endMs - 5).toBe(MIN_SPAN_MS);
  });

  it('fits an extent with a margin on both sides', () => {
    const fitted = fitSpan({ startMs: 0, endMs: 100_000 }, 0.05);
    expect(fitted.startMs).toBeCloseTo(-5_000);
    expect(fitted.endMs).toBeCloseTo(105_000);
  });

  it('follows now with a little room on the right', () => {
    const followed = followSpan(60_000, 1_000_000);
    expect(followed.endMs).toBeGreaterThan(1_000_000);
    expect(followed.endMs - followed.startMs).toBe(60_000);
  });
});
