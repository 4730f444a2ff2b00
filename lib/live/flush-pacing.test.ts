import { describe, expect, it } from 'vitest';
import { MAX_UPDATE_INTERVAL_MS, nextUpdateDelayMs } from './flush-pacing';

describe('stream update pacing', () => {
  it('applies cheap updates on the next frame', () => {
    // 0.5 ms to apply and render: the next may start 10 ms after the last started, already past.
    expect(nextUpdateDelayMs(1000, 0.5, 1016)).toBe(0);
  });

  it('spaces costly updates so that they take about a twentieth of the time', () => {
    // 40 ms to apply and render 10,000 pods: the next starts 800 ms after the last started.
    expect(nextUpdateDelayMs(1000, 40, 1040)).toBe(760);
    expect(nextUpdateDelayMs(1000, 40, 1900)).toBe(0);
  });

  it('never waits more than five seconds after the last update started, however costly', () => {
    expect(MAX_UPDATE_INTERVAL_MS).toBe(5_000);
    expect(nextUpdateDelayMs(1000, 300, 1300)).toBe(1000 + MAX_UPDATE_INTERVAL_MS - 1300);
  });
});
