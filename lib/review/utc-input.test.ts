import { describe, expect, it } from 'vitest';
import { fromUtcInputValue, toUtcInputValue, utcRangeOf } from './utc-input';

const T = Date.UTC(2026, 10, 24, 4, 25, 10, 250);

describe('datetime-local values as UTC', () => {
  it('writes seconds, drops milliseconds, whatever the browser time zone', () => {
    expect(toUtcInputValue(T)).toBe('2026-11-24T04:25:10');
  });

  it('reads minutes, seconds or milliseconds as UTC', () => {
    expect(fromUtcInputValue('2026-11-24T04:25')).toBe(Date.UTC(2026, 10, 24, 4, 25));
    expect(fromUtcInputValue('2026-11-24T04:25:10')).toBe(Date.UTC(2026, 10, 24, 4, 25, 10));
    expect(fromUtcInputValue('2026-11-24T04:25:10.250')).toBe(T);
  });

  it('reads nothing from an empty or foreign value', () => {
    expect(fromUtcInputValue('')).toBeNull();
    expect(fromUtcInputValue('2026-11-24 04:25')).toBeNull();
    expect(fromUtcInputValue('2026-11-24T04:25:10Z')).toBeNull();
    expect(fromUtcInputValue('2026-13-40T04:25')).toBeNull();
  });

  it('a range needs both ends, in order', () => {
    expect(utcRangeOf('2026-11-24T04:25', '2026-11-24T04:30')).toEqual({
      from: Date.UTC(2026, 10, 24, 4, 25),
      to: Date.UTC(2026, 10, 24, 4, 30),
    });
    expect(utcRangeOf('', '2026-11-24T04:30')).toEqual({ error: 'choose both ends of the range' });
    expect(utcRangeOf('2026-11-24T04:30', '2026-11-24T04:30')).toEqual({ error: 'the range must end after it starts' });
  });
});
