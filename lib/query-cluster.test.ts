import { describe, expect, it } from 'vitest';
import { inCluster, liveEpisodeId, locateEpisode } from './episodes/ids';
import { parseQueryCluster } from './query-cluster';

describe('parseQueryCluster', () => {
  it('reads a cluster id, 0 being the unknown cluster', () => {
    expect(parseQueryCluster('0')).toEqual({ ok: true, id: 0 });
    expect(parseQueryCluster('12')).toEqual({ ok: true, id: 12 });
  });

  it('refuses what is not a cluster id, saying why', () => {
    expect(parseQueryCluster('')).toMatchObject({ ok: false, problem: expect.stringContaining('it is empty') });
    expect(parseQueryCluster('kubernetes-admin@kubernetes')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not its context name'),
    });
    expect(parseQueryCluster('-1')).toMatchObject({ ok: false });
    expect(parseQueryCluster('01')).toMatchObject({ ok: false });
    expect(parseQueryCluster('1234567890')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('too many digits'),
    });
  });
});

describe('live episode ids in a cluster', () => {
  it('carry the cluster, and the ids of the unknown cluster stay as they were', () => {
    const id = liveEpisodeId(1000, 2000, 'rollout shop Deployment/web');
    expect(inCluster(id, 0)).toBe(id);
    expect(locateEpisode(id)).toEqual({ kind: 'live', from: 1000, to: 2000 });
    expect(locateEpisode(inCluster(id, 3))).toEqual({ kind: 'live', cluster: 3, from: 1000, to: 2000 });
    expect(inCluster('import~4', 3)).toBe('import~4');
    expect(locateEpisode('live~c~1000~2000~abc')).toBeNull();
  });
});
