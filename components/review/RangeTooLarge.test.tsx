import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RangeSize } from '@/lib/review/review-size';
import type { ReviewTarget } from '@/lib/review/review-target';
import { RangeTooLarge } from './RangeTooLarge';

const FROM = Date.UTC(2026, 10, 24, 0, 0);
const TO = Date.UTC(2026, 10, 24, 6, 0);

function html(size: RangeSize, target: ReviewTarget = { kind: 'range', from: FROM, to: TO }): string {
  return renderToStaticMarkup(<RangeTooLarge target={target} size={size} />);
}

describe('RangeTooLarge', () => {
  it('says how many lines and the limit, links the stretches that fit, the range picker and the downloads', () => {
    const first = { from: FROM, to: Date.UTC(2026, 10, 24, 0, 20) - 1 };
    const last = { from: Date.UTC(2026, 10, 24, 5, 45) + 1, to: TO };
    const page = html({
      range: { source: 0, from: FROM, to: TO },
      lines: 3_456_789,
      limit: 100_000,
      fitting: { first, last },
    });
    expect(page).toContain('This range is too large to replay here');
    expect(page).toContain('<b>3,456,789</b> recorded lines, more than the 100,000 a review replays');
    expect(page).toContain('Nothing was downloaded');
    expect(page).toContain('href="/review?from=2026-11-24T00%3A00%3A00.000Z&amp;to=2026-11-24T00%3A19%3A59.999Z"');
    expect(page).toMatch(/data-testid="review-narrow-first"[^>]*>the first 20m00s/);
    expect(page).toContain('href="/review?from=2026-11-24T05%3A45%3A00.001Z&amp;to=2026-11-24T06%3A00%3A00.000Z"');
    expect(page).toMatch(/data-testid="review-narrow-last"[^>]*>the last 15m00s/);
    expect(page).toContain('href="/history?from=2026-11-24T00%3A00%3A00.000Z&amp;to=2026-11-24T06%3A00%3A00.000Z"');
    expect(page).toContain('href="/api/export?from=2026-11-24T00%3A00%3A00.000Z&amp;to=2026-11-24T06%3A00%3A00.000Z"');
    expect(page).toContain('href="/api/export/timelines.csv?');
  });

  it('keeps the narrower links in the cluster of the range or the live episode', () => {
    const first = { from: FROM, to: Date.UTC(2026, 10, 24, 0, 20) - 1 };
    const size = (source: number): RangeSize => ({
      range: { source, from: FROM, to: TO },
      lines: 3_456_789,
      limit: 100_000,
      fitting: { first, last: null },
    });
    const ofRange = html(size(-2), { kind: 'range', from: FROM, to: TO, cluster: 2 });
    expect(ofRange).toContain(
      'href="/review?from=2026-11-24T00%3A00%3A00.000Z&amp;to=2026-11-24T00%3A19%3A59.999Z&amp;cluster=2"',
    );
    expect(ofRange).toContain(
      'href="/history?from=2026-11-24T00%3A00%3A00.000Z&amp;to=2026-11-24T06%3A00%3A00.000Z&amp;cluster=2"',
    );
    const ofEpisode = html(size(-5), { kind: 'episode', id: `live~c5~${FROM}~${TO}~abc` });
    expect(ofEpisode).toContain(
      'href="/review?from=2026-11-24T00%3A00%3A00.000Z&amp;to=2026-11-24T00%3A19%3A59.999Z&amp;cluster=5"',
    );
  });

  it('an imported recording: no stretches (it is reviewed whole), the CLI instead', () => {
    const page = html(
      { range: { source: 3, from: FROM, to: TO }, lines: 250_000, limit: 100_000, fitting: null },
      { kind: 'episode', id: 'import~3' },
    );
    expect(page).not.toContain('review-narrow');
    expect(page).toContain('npx drainscope analyze');
    expect(page).toMatch(/data-testid="review-pick-range"[^>]*>open another episode/);
    expect(page).toContain('href="/api/export?episode=import%7E3"');
  });
});
