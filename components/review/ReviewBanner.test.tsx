import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ReviewBanner } from './ReviewBanner';

const T0 = Date.UTC(2026, 10, 24, 4);
const range = { from: T0, to: T0 + 30_000 };
const target = { kind: 'episode' as const, id: `live~${T0}~${T0 + 30_000}~abc` };

describe('the review banner', () => {
  it('names a drain by its kind and node', () => {
    const page = renderToStaticMarkup(
      <ReviewBanner
        target={target}
        range={range}
        episode={{
          kind: 'drain',
          title: 'node worker-2 · 3 workloads',
          namespace: null,
          workload: null,
          node: 'worker-2',
        }}
      />,
    );
    expect(page).toContain('data-testid="review-episode"');
    expect(page).toContain('data-node="worker-2"');
    expect(page.replace(/<[^>]+>/g, '')).toContain(
      'Node drain · node worker-2 · 3 workloads · 2026-11-24 04:00:00 – 04:00:30 UTC',
    );
  });

  it('says only “Episode” when the server did not find it again, and an import keeps its own words', () => {
    expect(
      renderToStaticMarkup(<ReviewBanner target={target} range={range} episode={null} />).replace(/<[^>]+>/g, ''),
    ).toContain('Episode · 2026-11-24');
    const imported = renderToStaticMarkup(
      <ReviewBanner
        target={{ kind: 'episode', id: 'import~3' }}
        range={range}
        episode={{ kind: 'imported', title: 'imported recording x', namespace: null, workload: null, node: null }}
      />,
    );
    expect(imported).not.toContain('review-episode');
    expect(imported.replace(/<[^>]+>/g, '')).toContain('Imported recording · 2026-11-24');
  });
});
