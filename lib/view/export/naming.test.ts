import { describe, expect, it } from 'vitest';
import { exportFileName, exportTimeMs, utcRange } from './naming';

const AT = Date.UTC(2024, 4, 1, 4, 25, 15, 184);

describe('exportFileName', () => {
  it('names the namespace shown, or all, and the UTC time', () => {
    expect(exportFileName(['shop'], AT, 'png')).toBe('drainscope-shop-20240501T042515Z.png');
    expect(exportFileName([], AT, 'svg')).toBe('drainscope-all-20240501T042515Z.svg');
    expect(exportFileName(['shop', 'payments'], AT, 'svg')).toBe('drainscope-shop+payments-20240501T042515Z.svg');
    expect(exportFileName(['shop'], AT, 'trace.json')).toBe('drainscope-shop-20240501T042515Z.trace.json');
    expect(exportFileName(['shop'], AT, 'timelines.csv')).toBe('drainscope-shop-20240501T042515Z.timelines.csv');
  });

  it('names a review’s export by its episode’s start, a live one by the moment of the export', () => {
    const episode = { from: AT, to: AT + 90_000 };
    const wallNow = Date.UTC(2026, 11, 4, 10, 0, 0);
    expect(exportFileName([], exportTimeMs({ live: false, recordedRange: episode }, wallNow), 'png')).toBe(
      'drainscope-all-20240501T042515Z.png',
    );
    expect(exportTimeMs({ live: true, recordedRange: null }, wallNow)).toBe(wallNow);
    expect(exportTimeMs({ live: false }, wallNow)).toBe(wallNow);
  });

  it('keeps only characters every file system takes from names the cluster chose', () => {
    expect(exportFileName(['../../etc/<x>\u0000'], AT, 'png')).toBe('drainscope-etc-x-20240501T042515Z.png');
    expect(exportFileName(['///'], AT, 'png')).toBe('drainscope-all-20240501T042515Z.png');
  });
});

describe('utcRange', () => {
  it('writes the date once unless the range crosses midnight', () => {
    expect(utcRange(AT, AT + 60_000)).toBe('2024-05-01 04:25:15 – 04:26:15 UTC');
    expect(utcRange(Date.UTC(2024, 4, 1, 23, 59, 0), Date.UTC(2024, 4, 2, 0, 1, 0))).toBe(
      '2024-05-01 23:59:00 – 2024-05-02 00:01:00 UTC',
    );
  });
});
