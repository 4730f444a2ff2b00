import { describe, expect, it } from 'vitest';
import { isQueryTimeInRange, MAX_QUERY_TIME_MS, MIN_QUERY_TIME_MS, parseQueryTime } from './query-time';

const ms = (value: string): number => {
  const read = parseQueryTime(value);
  if (!read.ok) throw new Error(read.problem);
  return read.ms;
};
const problem = (value: string): string => {
  const read = parseQueryTime(value);
  if (read.ok) throw new Error(`"${value}" was accepted as ${read.ms}`);
  return read.problem;
};

describe('parseQueryTime', () => {
  it('reads ISO-8601 date-times with a zone, dates, and epoch milliseconds', () => {
    expect(ms('2026-11-24T04:25:00Z')).toBe(Date.UTC(2026, 10, 24, 4, 25));
    expect(ms('2026-11-24T04:25:00.123Z')).toBe(Date.UTC(2026, 10, 24, 4, 25, 0, 123));
    expect(ms('2026-11-24T05:25:00+01:00')).toBe(Date.UTC(2026, 10, 24, 4, 25));
    expect(ms('2026-11-24T04:25Z')).toBe(Date.UTC(2026, 10, 24, 4, 25));
    expect(ms('2026-11-24')).toBe(Date.UTC(2026, 10, 24));
    expect(ms('1795500000000')).toBe(1_795_500_000_000);
    // `?from=0`: "from the beginning", as the README's export example writes it.
    expect(ms('0')).toBe(0);
    expect(ms('1970-01-01T00:00:00Z')).toBe(0);
  });

  it('refuses a year or epoch seconds read as epoch milliseconds (tried: 2030, 1795500000, 1000)', () => {
    expect(problem('2030')).toContain('for a year write 2030-01-01T00:00:00Z');
    expect(problem('1795500000')).toContain('looks like epoch seconds');
    expect(problem('1000')).toContain('1970-01-01T00:00:01.000Z');
  });

  it('refuses values past year 9999, however many digits (tried: 26 nines, 10^15, 2^53+1)', () => {
    expect(problem('99999999999999999999999999')).toContain('after year 9999');
    expect(problem('1000000000000000')).toContain('after year 9999');
    expect(problem('9007199254740993')).toContain('after year 9999');
    expect(ms(String(MAX_QUERY_TIME_MS))).toBe(MAX_QUERY_TIME_MS);
    expect(problem(String(MAX_QUERY_TIME_MS + 1))).toContain('after year 9999');
    expect(ms(String(MIN_QUERY_TIME_MS))).toBe(MIN_QUERY_TIME_MS);
    expect(problem(String(MIN_QUERY_TIME_MS - 1))).toContain('before 2000-01-01');
  });

  it('refuses what Date.parse would guess at (tried: "March 7", "yesterday", a day that does not exist, no zone, a space for +)', () => {
    expect(problem('March 7')).toContain('not a form drainscope reads');
    expect(problem('yesterday')).toContain('not a form drainscope reads');
    expect(problem('2026-02-30T00:00:00Z')).toContain('not a date or time that exists');
    expect(problem('2026-11-24T24:00:00Z')).toContain('not a date or time that exists');
    expect(problem('2026-11-24T04:25:00')).toContain('no time zone');
    expect(problem('2026-11-24 04:25:00Z')).toContain('not a form');
    expect(problem('2026-11-24T05:25:00 01:00')).toContain('%2B01:00');
    expect(problem('1999-12-31T23:59:59Z')).toContain('before 2000-01-01');
    expect(problem('')).toContain('empty');
    expect(problem(' 1795500000000')).toContain('not a form');
    expect(problem('-1')).toContain('without a sign');
    expect(problem('1e12')).toContain('not a form');
    expect(problem('0x1a')).toContain('not a form');
    expect(problem('Infinity')).toContain('not a form');
  });

  it('quotes a hostile value short and on one line (tried: a newline and 200 characters)', () => {
    const message = problem(`x\n${'a'.repeat(200)}`);
    expect(message).not.toContain('\n');
    expect(message).toContain('"x\\naaa');
    expect(message.length).toBeLessThan(250);
  });
});

describe('isQueryTimeInRange', () => {
  it('holds an episode id’s bounds to the same range (tried: 10^20, 1000, a fraction)', () => {
    expect(isQueryTimeInRange(1e20)).toBe(false);
    expect(isQueryTimeInRange(1000)).toBe(false);
    expect(isQueryTimeInRange(1_795_500_000_000.5)).toBe(false);
    expect(isQueryTimeInRange(1_795_500_000_000)).toBe(true);
    expect(isQueryTimeInRange(0)).toBe(true);
  });
});
