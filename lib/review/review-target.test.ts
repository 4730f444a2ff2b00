import { describe, expect, it } from 'vitest';
import { pickRangeHref, reviewApi, reviewHref, reviewTargetOf, type ReviewTarget } from './review-target';

const params = (query: string) => new URLSearchParams(query);

describe('reviewTargetOf', () => {
  it('reads an episode id, live or imported', () => {
    expect(reviewTargetOf(params('episode=import~3'))).toEqual({ kind: 'episode', id: 'import~3' });
    expect(reviewTargetOf(params('episode=live~1000~2000~abc'))).toEqual({ kind: 'episode', id: 'live~1000~2000~abc' });
  });

  it('refuses what is not an episode id, naming it', () => {
    expect(reviewTargetOf(params('episode=<script>'))).toEqual({
      error: expect.stringContaining('"<script>" is not an episode id'),
    });
  });

  it('reads a range in ISO-8601 or epoch ms', () => {
    expect(reviewTargetOf(params('from=2026-11-24T04:25:00.000Z&to=1795501560000'))).toEqual({
      kind: 'range',
      from: Date.UTC(2026, 10, 24, 4, 25),
      to: 1795501560000,
    });
  });

  it('says what is missing or backwards', () => {
    expect(reviewTargetOf(params(''))).toEqual({ error: expect.stringContaining('nothing to review') });
    expect(reviewTargetOf(params('from=2026-11-24T04:25:00Z'))).toEqual({
      error: expect.stringContaining('nothing to review'),
    });
    expect(reviewTargetOf(params('from=1795500002000&to=1795500001000'))).toEqual({
      error: expect.stringContaining('`to` is before `from`'),
    });
  });

  it('refuses, naming the parameter, what the history APIs refuse (tried: to=nonsense, from=March 7, to=2030, to=26 nines)', () => {
    expect(reviewTargetOf(params('from=2026-11-24T04:25:00Z&to=nonsense'))).toEqual({
      error: expect.stringMatching(/^\?to= must be an ISO-8601 time .* got "nonsense"/),
    });
    expect(reviewTargetOf(params('from=March%207&to=2026-11-24T04:25:00Z'))).toEqual({
      error: expect.stringMatching(/^\?from= .* got "March 7"/),
    });
    expect(reviewTargetOf(params('from=0&to=2030'))).toEqual({ error: expect.stringContaining('?to= must be') });
    expect(reviewTargetOf(params('from=0&to=99999999999999999999999999'))).toEqual({
      error: expect.stringContaining('after year 9999'),
    });
  });
});

describe('links of a target', () => {
  it('an episode opens and downloads by its id, escaped', () => {
    const target: ReviewTarget = { kind: 'episode', id: 'live~1~2~x' };
    expect(reviewHref(target)).toBe('/review?episode=live%7E1%7E2%7Ex');
    expect(reviewApi(target)).toEqual({
      size: '/api/history/size?episode=live%7E1%7E2%7Ex',
      timelines: '/api/history/timelines?episode=live%7E1%7E2%7Ex',
      recording: '/api/export?episode=live%7E1%7E2%7Ex',
      csv: '/api/export/timelines.csv?episode=live%7E1%7E2%7Ex',
      json: '/api/export/timelines.json?episode=live%7E1%7E2%7Ex',
      trace: '/api/export/timelines.trace.json?episode=live%7E1%7E2%7Ex',
    });
  });

  it('a range travels as ISO-8601 UTC and reads back the same', () => {
    const target: ReviewTarget = {
      kind: 'range',
      from: Date.UTC(2026, 10, 24, 4, 25),
      to: Date.UTC(2026, 10, 24, 4, 30, 0, 500),
    };
    const href = reviewHref(target);
    expect(href).toBe('/review?from=2026-11-24T04%3A25%3A00.000Z&to=2026-11-24T04%3A30%3A00.500Z');
    expect(reviewTargetOf(new URL(href, 'http://x').searchParams)).toEqual(target);
  });

  it('a range of another cluster than the one watched now carries it, to the review and to every API', () => {
    const target: ReviewTarget = {
      kind: 'range',
      from: Date.UTC(2026, 10, 24, 4),
      to: Date.UTC(2026, 10, 24, 5),
      cluster: 2,
    };
    const href = reviewHref(target);
    expect(href).toBe('/review?from=2026-11-24T04%3A00%3A00.000Z&to=2026-11-24T05%3A00%3A00.000Z&cluster=2');
    expect(reviewTargetOf(new URL(href, 'http://x').searchParams)).toEqual(target);
    expect(reviewApi(target).timelines).toBe(
      '/api/history/timelines?from=2026-11-24T04%3A00%3A00.000Z&to=2026-11-24T05%3A00%3A00.000Z&cluster=2',
    );
    expect(reviewTargetOf(params('from=2026-11-24T04:00:00Z&to=2026-11-24T05:00:00Z&cluster=prod'))).toEqual({
      error: expect.stringContaining('?cluster= must be a cluster id'),
    });
  });

  it('the history page takes a range to set its picker to', () => {
    expect(pickRangeHref({ from: Date.UTC(2026, 10, 24, 4), to: Date.UTC(2026, 10, 24, 5) })).toBe(
      '/history?from=2026-11-24T04%3A00%3A00.000Z&to=2026-11-24T05%3A00%3A00.000Z',
    );
  });
});
