import { describe, expect, it } from 'vitest';
import { formatClock, formatOffset, formatTick, markerTitle } from './labels';
import { marker } from './test-pods';

describe('labels', () => {
  const at = Date.UTC(2026, 10, 24, 4, 25, 15, 184);

  it('prints UTC clock times with or without ms', () => {
    expect(formatClock(at)).toBe('04:25:15.184');
    expect(formatClock(at, false)).toBe('04:25:15');
  });

  it('prints signed offsets at a useful resolution', () => {
    expect(formatOffset(184)).toBe('+0.18 s');
    expect(formatOffset(1_000)).toBe('+1 s');
    expect(formatOffset(-2_500)).toBe('−2.5 s');
    expect(formatOffset(31_000)).toBe('+31 s');
    expect(formatOffset(125_000)).toBe('+2m05s');
    expect(formatOffset(3_720_000)).toBe('+1h02m');
  });

  it('labels ticks relative to t = 0 or on the clock', () => {
    expect(formatTick(0, 5_000, 'relative')).toBe('0');
    expect(formatTick(10_000, 5_000, 'relative')).toBe('+10 s');
    expect(formatTick(-500, 100, 'relative')).toBe('−0.5 s');
    expect(formatTick(at, 5_000, 'absolute')).toBe('04:25:15');
    expect(formatTick(at, 200, 'absolute')).toBe('04:25:15.184');
  });

  it('names a container exit with its code and reason', () => {
    expect(markerTitle(marker('containerExited', 0, { container: 'app', exitCode: 137, reason: 'Error' }))).toBe(
      'Container exited app: 137 Error',
    );
    expect(markerTitle(marker('sigterm', 0, { container: 'app' }))).toBe('SIGTERM (app)');
  });
});
