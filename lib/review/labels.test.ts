import { describe, expect, it } from 'vitest';
import { formatDuration, formatUtcDateTime, formatUtcSpan } from './labels';

const T = Date.UTC(2026, 10, 24, 4, 25, 15, 500);

describe('history labels', () => {
  it('writes a date and time in UTC, to the second', () => {
    expect(formatUtcDateTime(T)).toBe('2026-11-24 04:25:15 UTC');
  });

  it('writes durations without a sign', () => {
    expect(formatDuration(180)).toBe('0.18 s');
    expect(formatDuration(12_000)).toBe('12 s');
    expect(formatDuration(125_000)).toBe('2m05s');
  });

  it('writes the date of a span once when both ends share it', () => {
    expect(formatUtcSpan(T, T + 14_000)).toBe('2026-11-24 04:25:15 – 04:25:29 UTC');
    expect(formatUtcSpan(T, T + 86_400_000)).toBe('2026-11-24 04:25:15 – 2026-11-25 04:25:15 UTC');
  });
});
