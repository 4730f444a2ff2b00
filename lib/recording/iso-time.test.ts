import { describe, expect, it } from 'vitest';
import { parseUtcFixed } from '../time';
import { parseIsoTime } from './iso-time';

describe('parseIsoTime', () => {
  it('reads UTC with milliseconds, as the writer produces it', () => {
    expect(parseIsoTime('2026-11-24T04:25:01.234Z')).toBe(Date.UTC(2026, 10, 24, 4, 25, 1, 234));
  });

  it('accepts whole seconds, microseconds and explicit offsets', () => {
    expect(parseIsoTime('2026-11-24T04:25:01Z')).toBe(Date.UTC(2026, 10, 24, 4, 25, 1));
    expect(parseIsoTime('2026-11-24T04:25:01.234567Z')).toBe(Date.UTC(2026, 10, 24, 4, 25, 1, 234));
    expect(parseIsoTime('2026-11-24T05:25:01.000+01:00')).toBe(Date.UTC(2026, 10, 24, 4, 25, 1));
  });

  it('refuses non-ISO forms that Date.parse would take', () => {
    for (const value of ['2026-11-24 04:25:01Z', '2026-11-24T04:25:01', 'Tue, 24 Nov 2026 04:25:01 GMT', '2026-11-24'])
      expect(parseIsoTime(value)).toBeNull();
  });

  it('refuses days and hours that do not exist instead of rolling them over', () => {
    for (const value of [
      '2026-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T23:60:00Z',
    ])
      expect(parseIsoTime(value)).toBeNull();
    expect(parseIsoTime('2028-02-29T00:00:00Z')).not.toBeNull();
  });

  it('refuses non-strings', () => {
    expect(parseIsoTime(1795494301234)).toBeNull();
    expect(parseIsoTime(null)).toBeNull();
  });
});

describe('parseUtcFixed', () => {
  it('agrees with Date.parse wherever it answers, and leaves every other form to it', () => {
    const pad = (n: number): string => String(n).padStart(2, '0');
    let answered = 0;
    for (const year of [1000, 1900, 1970, 2000, 2024, 2026, 2100, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          for (const time of ['00:00:00', '23:59:59.999', '12:34:56.007', '24:00:00', '23:60:00', '23:59:60']) {
            const value = `${year}-${pad(month)}-${pad(day)}T${time}Z`;
            const fixed = parseUtcFixed(value);
            if (fixed === null) continue;
            answered += 1;
            expect(fixed, value).toBe(Date.parse(value));
          }
        }
      }
    }
    expect(answered).toBeGreaterThan(8 * 365 * 3);
    for (const value of [
      '2026-11-24T04:25:01+00:00',
      '2026-11-24T04:25:01.2Z',
      '2026-11-24T04:25:01.234567Z',
      '0999-11-24T04:25:01Z',
      '2026-02-29T00:00:00Z',
      '2026-1a-24T04:25:01Z',
    ]) {
      expect(parseUtcFixed(value), value).toBeNull();
    }
  });
});
