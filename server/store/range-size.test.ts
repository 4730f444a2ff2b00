import { describe, expect, it } from 'vitest';
import { MAX_REVIEW_LINES, type RangeSize } from '@/lib/review/review-size';
import { storeRouter, type HistoryDeps } from './routes';
import type { RecordingStore } from './store';
import { podObservation, T0 } from './testing/lines';
import { runtimeWithStore } from './testing/runtime-stub';
import { sqlOf } from './testing/sql';
import { tempStores } from './testing/temp-stores';

const { open } = tempStores();

/** A store holding one live pod line at each of `ats`. */
function storeWith(ats: number[]): RecordingStore {
  const store = open();
  ats.forEach((at, seq) => {
    const { entry, line } = podObservation(seq, at);
    store.append(entry, line);
  });
  store.commit();
  return store;
}

const seconds = (count: number): number[] => Array.from({ length: count }, (_, index) => T0 + index * 1000);
const live = (from: number, to: number) => ({ source: 0, from, to });

describe('rangeSize', () => {
  it('counts the lines from `from` to `to`, both ends included, and offers nothing within the limit', () => {
    const store = storeWith(seconds(25));
    expect(store.rangeSize(live(T0 + 5000, T0 + 9000), 10)).toEqual({
      range: live(T0 + 5000, T0 + 9000),
      lines: 5,
      limit: 10,
      fitting: null,
    });
    expect(store.rangeSize(live(T0, T0 + 9000), 10).fitting).toBeNull();
  });

  it('over the limit, finds the longest stretches from the start and to the end that hold at most the limit', () => {
    const store = storeWith(seconds(25));
    const size = store.rangeSize(live(T0, T0 + 24_000), 10);
    expect(size.lines).toBe(25);
    expect(size.fitting).toEqual({
      first: { from: T0, to: T0 + 10_000 - 1 },
      last: { from: T0 + 14_000 + 1, to: T0 + 24_000 },
    });
    const { first, last } = size.fitting as NonNullable<RangeSize['fitting']>;
    for (const stretch of [first, last]) expect(store.countRange(live(stretch!.from, stretch!.to))).toBe(10);
    // A millisecond more takes in the line past the limit.
    expect(store.countRange(live(first!.from, first!.to + 1))).toBe(11);
    expect(store.countRange(live(last!.from - 1, last!.to))).toBe(11);
  });

  it('leaves out every line of the millisecond the limit falls in (tried: three lines at once across the limit)', () => {
    const store = storeWith([...seconds(9), T0 + 9500, T0 + 9500, T0 + 9500, T0 + 20_000]);
    const size = store.rangeSize(live(T0, T0 + 20_000), 10);
    expect(size.fitting?.first).toEqual({ from: T0, to: T0 + 9499 });
    expect(store.countRange(live(T0, T0 + 9499))).toBe(9);
  });

  it('offers no stretch from an end whose first millisecond alone is over the limit', () => {
    const store = storeWith([...Array.from({ length: 12 }, () => T0), T0 + 5000]);
    expect(store.rangeSize(live(T0, T0 + 5000), 10).fitting).toEqual({
      first: null,
      last: { from: T0 + 1, to: T0 + 5000 },
    });
  });

  it('offers no stretch of an imported recording: a review range is of the live recording', () => {
    const store = storeWith(seconds(3));
    sqlOf(store).prepare('UPDATE lines SET source = 7').run();
    expect(store.rangeSize({ source: 7, from: T0, to: T0 + 2000 }, 2)).toMatchObject({ lines: 3, fitting: null });
  });
});

describe('GET /api/history/size', () => {
  // Through the history routes' router, like its siblings.
  const get = (query: string, runtime: HistoryDeps) =>
    storeRouter(runtime)(new Request(`http://drainscope.test/api/history/size?${query}`))!;

  it('answers for ?from&to (ISO-8601) with the limit the review applies', async () => {
    const store = storeWith(seconds(4));
    const response = await get(`from=${new Date(T0).toISOString()}&to=${T0 + 2000}`, runtimeWithStore(store));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      range: live(T0, T0 + 2000),
      lines: 3,
      limit: MAX_REVIEW_LINES,
      fitting: null,
    });
  });

  it('over MAX_REVIEW_LINES, says how many and what fits (tried: one line more than the limit, a line a millisecond)', async () => {
    const store = storeWith([]);
    const insert = sqlOf(store).prepare("INSERT INTO lines (source, at, kind, line) VALUES (0, ?, 'Pod', '{}')");
    sqlOf(store).transaction(() => {
      for (let index = 0; index <= MAX_REVIEW_LINES; index++) insert.run(T0 + index);
    })();
    const body = (await (
      await get(`from=${T0}&to=${T0 + MAX_REVIEW_LINES}`, runtimeWithStore(store))
    ).json()) as RangeSize;
    expect(body.lines).toBe(MAX_REVIEW_LINES + 1);
    expect(body.fitting).toEqual({
      first: { from: T0, to: T0 + MAX_REVIEW_LINES - 1 },
      last: { from: T0 + 1, to: T0 + MAX_REVIEW_LINES },
    });
  });

  it('refuses a range it cannot read, and says when there is no store', async () => {
    const store = storeWith([]);
    const refused = await get(`from=yesterday&to=${T0}`, runtimeWithStore(store));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error:
        '?from= must be an ISO-8601 time like 2026-11-24T04:25:00Z, or epoch milliseconds; got "yesterday": not a form drainscope reads',
      line: null,
    });
    const off = await get(`from=${T0}&to=${T0}`, { ...runtimeWithStore(store), store: null });
    expect(off.status).toBe(503);
    expect(((await off.json()) as { error: string }).error).toContain('DRAINSCOPE_DATA_DIR');
  });
});
