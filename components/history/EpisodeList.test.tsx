import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Episode } from '@/lib/episodes/types';
import { clusterLabel } from './ClusterPicker';
import { EpisodeList } from './EpisodeList';

const T0 = Date.UTC(2026, 10, 24, 4);
const episode = (overrides: Partial<Episode>): Episode => ({
  id: `live~c2~${T0}~${T0 + 1000}~x`,
  kind: 'rollout',
  title: 'shop Deployment/web',
  namespace: 'shop',
  workload: 'Deployment/web',
  node: null,
  from: T0,
  to: T0 + 1000,
  podCount: 1,
  podUids: ['p'],
  worstGap: null,
  cluster: 'kubernetes-admin@kubernetes',
  ...overrides,
});

describe('the history’s clusters', () => {
  it('an imported recording says the cluster its header names; a live episode is of the listed cluster', () => {
    const page = renderToStaticMarkup(
      <EpisodeList
        episodes={[
          episode({}),
          episode({ id: 'import~3', kind: 'imported', cluster: 'prod-eu' }),
          episode({ id: 'import~4', kind: 'imported', cluster: null }),
        ]}
      />,
    );
    expect(page.match(/data-testid="episode-cluster"/g)).toHaveLength(2);
    expect(page).toContain(' · cluster prod-eu');
    expect(page).toContain(' · cluster not named in the recording');
  });

  it('two clusters of one context name read apart by their kube-system UID', () => {
    const name = 'kubernetes-admin@kubernetes';
    expect(
      clusterLabel({ id: 2, name, uid: '8a1f4c2e-0000-4000-8000-000000000000', lastSeen: T0, current: true }),
    ).toBe(`${name} · 8a1f4c2e (watched now)`);
    expect(
      clusterLabel({ id: 1, name, uid: '1b2c3d4e-0000-4000-8000-000000000000', lastSeen: T0, current: false }),
    ).toBe(`${name} · 1b2c3d4e`);
    expect(
      clusterLabel({
        id: 0,
        name: 'unknown (before clusters were recorded)',
        uid: null,
        lastSeen: null,
        current: false,
      }),
    ).toBe('unknown (before clusters were recorded)');
  });
});

describe('the history’s episode kinds', () => {
  it('a node drain reads as one: its kind, then the node it emptied and how many workloads', () => {
    const page = renderToStaticMarkup(
      <EpisodeList
        episodes={[
          episode({
            kind: 'drain',
            title: 'node worker-2 · 3 workloads',
            namespace: null,
            workload: null,
            node: 'worker-2',
            podCount: 7,
          }),
        ]}
      />,
    );
    expect(page).toContain('data-kind="drain"');
    expect(page).toContain('data-node="worker-2"');
    expect(page.replace(/<[^>]+>/g, ' ')).toMatch(/Node drain\s+node worker-2 · 3 workloads.*7 pods/);
  });
});
