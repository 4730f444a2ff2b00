import { describe, expect, it } from 'vitest';
import { niceStep, TimeScale } from './time-scale';

describe('TimeScale', () => {
  const scale = new TimeScale({ startMs: 1_000, endMs: 11_000 }, 500);

  it('maps the span onto the width, both ways', () => {
    expect(scale.toPx(1_000)).toBe(0);
    expect(scale.toPx(11_000)).toBe(500);
    expect(scale.toPx(6_000)).toBe(250);
    expect(scale.toMs(250)).toBe(6_000);
    expect(scale.durationToPx(2_000)).toBe(100);
  });

  it('never divides by zero for an empty span or width', () => {
    const empty = new TimeScale({ startMs: 5, endMs: 5 }, 0);
    expect(Number.isFinite(empty.toPx(10))).toBe(true);
    expect(empty.endMs).toBeGreaterThan(empty.startMs);
  });
});

describe('niceStep', () => {
  it('rounds up to the 1-2-5 series, then to seconds and minutes', () => {
    expect(niceStep(3)).toBe(5);
    expect(niceStep(1_100)).toBe(2_000);
    expect(niceStep(40_000)).toBe(60_000);
    expect(niceStep(1e12)).toBe(86_400_000);
  });
});
