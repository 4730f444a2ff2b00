import { describe, expect, it } from 'vitest';
import { axisTicks } from './axis-ticks';
import { TimeScale } from './time-scale';

const T = Date.UTC(2026, 10, 24, 10, 14, 7, 350);

describe('axisTicks', () => {
  it('puts wall-clock ticks on calendar boundaries inside the span, labelled in UTC', () => {
    // 2 minutes over 1,100 px: about 10 ticks, so d3 picks 15 s.
    const scale = new TimeScale({ startMs: T, endMs: T + 120_000 }, 1_100);
    const ticks = axisTicks(scale, 'absolute', 0);
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    for (const tick of ticks) {
      expect(tick.ms).toBeGreaterThanOrEqual(scale.startMs);
      expect(tick.ms).toBeLessThanOrEqual(scale.endMs);
      expect(tick.ms % 15_000).toBe(0);
    }
    expect(ticks[0]).toEqual({ ms: Date.UTC(2026, 10, 24, 10, 14, 15), text: '10:14:15' });
  });

  it('shows milliseconds only when ticks are under a second apart', () => {
    const ticks = axisTicks(new TimeScale({ startMs: T, endMs: T + 2_000 }, 1_100), 'absolute', 0);
    expect(ticks[0]?.text).toMatch(/^10:14:07\.\d{3}$/);
  });

  it('counts relative ticks from the origin, not from epoch multiples', () => {
    const deleteAt = T; // an instant that is not a whole second
    const scale = new TimeScale({ startMs: deleteAt - 10_000, endMs: deleteAt + 40_000 }, 1_100);
    const ticks = axisTicks(scale, 'relative', deleteAt);
    expect(ticks.map((tick) => tick.ms - deleteAt)).toEqual([
      -10_000, -5_000, 0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000,
    ]);
    expect(ticks.map((tick) => tick.text).slice(0, 4)).toEqual(['−10 s', '−5 s', '0', '+5 s']);
  });

  it('keeps ticks roughly the given spacing apart whatever the width', () => {
    for (const width of [300, 800, 2_400]) {
      const ticks = axisTicks(new TimeScale({ startMs: T, endMs: T + 600_000 }, width), 'absolute', 0);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(Math.floor(width / 110) * 2 + 1);
    }
  });
});
