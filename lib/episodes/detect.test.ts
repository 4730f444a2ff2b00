import { describe, expect, it } from 'vitest';
import { detectEpisodes } from './detect';
import { liveEpisodeId, locateEpisode } from './ids';
import type { TerminationSignal } from './types';

const T0 = Date.UTC(2026, 10, 24, 4, 0, 0);
const hashOf = (key: string): string => liveEpisodeId(0, 0, key).split('~')[3] ?? '';

function signal(
  seconds: number,
  podUid: string,
  workload: string | null,
  node: string | null = 'worker-1',
  namespace = 'shop',
  cause: string | null = null,
): TerminationSignal {
  return { at: T0 + seconds * 1000, podUid, namespace, workload, node, cause };
}

const evicted = (seconds: number, podUid: string, workload: string | null, node: string): TerminationSignal =>
  signal(seconds, podUid, workload, node, 'shop', 'EvictionByEvictionAPI');
const rolled = (seconds: number, podUid: string, workload: string, node: string): TerminationSignal =>
  signal(seconds, podUid, workload, node, 'shop', 'SuccessfulDelete');

describe('detectEpisodes', () => {
  it('groups a rollout of one Deployment into one episode with its pod count and time range', () => {
    const signals = [
      signal(0, 'a', 'Deployment/web', 'w1'),
      signal(20, 'b', 'Deployment/web', 'w2'),
      signal(40, 'a', 'Deployment/web', 'w1'),
      signal(50, 'c', 'Deployment/web', 'w3'),
    ];
    const [episode, ...rest] = detectEpisodes(signals);
    expect(rest).toEqual([]);
    expect(episode).toMatchObject({
      kind: 'rollout',
      workload: 'Deployment/web',
      namespace: 'shop',
      from: T0,
      to: T0 + 50_000,
      podCount: 3,
    });
  });

  it('splits one workload’s terminations into two episodes at a quiet gap, newest first', () => {
    const signals = [
      signal(0, 'a', 'Deployment/web'),
      signal(10, 'b', 'Deployment/web'),
      signal(600, 'c', 'Deployment/web'),
    ];
    const episodes = detectEpisodes(signals, { quietGapMs: 60_000 });
    expect(episodes.map((episode) => [episode.from, episode.podCount])).toEqual([
      [T0 + 600_000, 1],
      [T0, 2],
    ]);
  });

  it('calls it a drain when one node loses pods of several workloads that terminate nowhere else', () => {
    const signals = [
      signal(0, 'a', 'Deployment/web', 'w1'),
      signal(2, 'b', 'StatefulSet/db', 'w1'),
      signal(4, 'c', null, 'w1'),
      signal(5, 'd', 'Deployment/web', 'w1'),
    ];
    const episodes = detectEpisodes(signals);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({
      kind: 'drain',
      node: 'w1',
      title: 'node w1 · 2 workloads + 1 bare pod',
      podCount: 4,
    });
  });

  it('does not call a simultaneous rollout of two Deployments across nodes a drain', () => {
    const signals = [
      signal(0, 'a', 'Deployment/web', 'w1'),
      signal(1, 'b', 'Deployment/api', 'w1'),
      signal(2, 'c', 'Deployment/web', 'w2'),
      signal(3, 'd', 'Deployment/api', 'w2'),
    ];
    expect(
      detectEpisodes(signals)
        .map((episode) => [episode.kind, episode.workload])
        .sort(),
    ).toEqual([
      ['rollout', 'Deployment/api'],
      ['rollout', 'Deployment/web'],
    ]);
  });

  it('calls evictions on one node a drain naming the node, and leaves a rollout running at the same time its own pods', () => {
    // worker-2 is drained (pods of web, api and db evicted within seconds) while web rolls on every node.
    const signals = [
      rolled(0, 'web-old-1', 'Deployment/web', 'worker-1'),
      evicted(2, 'web-a', 'Deployment/web', 'worker-2'),
      evicted(2, 'api-a', 'Deployment/api', 'worker-2'),
      evicted(3, 'db-0', 'StatefulSet/db', 'worker-2'),
      rolled(4, 'web-old-2', 'Deployment/web', 'worker-2'),
      evicted(8, 'api-a', 'Deployment/api', 'worker-2'),
      rolled(20, 'web-old-3', 'Deployment/web', 'worker-3'),
      evicted(30, 'web-a', 'Deployment/web', 'worker-2'),
    ];
    const episodes = detectEpisodes(signals);
    expect(episodes.map((episode) => [episode.kind, episode.title, [...episode.podUids].sort()])).toEqual([
      ['drain', 'node worker-2 · 3 workloads', ['api-a', 'db-0', 'web-a']],
      ['rollout', 'shop Deployment/web', ['web-old-1', 'web-old-2', 'web-old-3']],
    ]);
    expect(episodes[0]).toMatchObject({
      node: 'worker-2',
      workload: null,
      namespace: null,
      from: T0 + 2000,
      to: T0 + 30_000,
      podCount: 3,
    });
  });

  it('calls two evicted pods of one workload on a node a drain; one evicted pod stays with its workload', () => {
    expect(
      detectEpisodes([evicted(0, 'a', 'Deployment/web', 'w1'), evicted(6, 'b', 'Deployment/web', 'w1')])[0],
    ).toMatchObject({ kind: 'drain', title: 'node w1 · 1 workload', podCount: 2 });
    expect(
      detectEpisodes([evicted(0, 'a', 'Deployment/web', 'w1'), evicted(1, 'b', 'Deployment/web', 'w2')]).map(
        (episode) => [episode.kind, episode.podCount],
      ),
    ).toEqual([['rollout', 2]]);
  });

  it('splits one node’s evictions into two drains at a quiet gap', () => {
    const episodes = detectEpisodes([
      evicted(0, 'a', 'Deployment/web', 'w1'),
      evicted(1, 'b', 'Deployment/api', 'w1'),
      evicted(600, 'c', 'Deployment/web', 'w1'),
      evicted(601, 'd', 'Deployment/api', 'w1'),
    ]);
    expect(episodes.map((episode) => [episode.kind, episode.podUids])).toEqual([
      ['drain', ['c', 'd']],
      ['drain', ['a', 'b']],
    ]);
  });

  it('without eviction evidence never counts a controller’s own deletes into a drain by shape', () => {
    // No DisruptionTarget recorded (a cluster before 1.26): the node's pods of three workloads go, and so does a
    // rolling Deployment's old pod on the same node, deleted by its ReplicaSet.
    const signals = [
      signal(0, 'web-a', 'Deployment/web', 'w2'),
      signal(1, 'api-a', 'Deployment/api', 'w2'),
      signal(1, 'db-0', 'StatefulSet/db', 'w2'),
      rolled(2, 'web-old', 'Deployment/web', 'w2'),
      rolled(3, 'web-old-2', 'Deployment/web', 'w1'),
    ];
    expect(detectEpisodes(signals).map((episode) => [episode.kind, [...episode.podUids].sort()])).toEqual([
      ['rollout', ['web-old', 'web-old-2']],
      ['drain', ['api-a', 'db-0', 'web-a']],
    ]);
  });

  it('keeps the id of a drain by shape as it was: the hash of its node, not of its title', () => {
    const [episode] = detectEpisodes([signal(0, 'a', 'Deployment/web', 'w1'), signal(2, 'b', 'StatefulSet/db', 'w1')]);
    expect(episode?.id).toBe(`live~${T0}~${T0 + 2000}~${hashOf('drain node w1')}`);
  });

  it('names bare pods deleted together a burst of deletes, per namespace', () => {
    const episodes = detectEpisodes([signal(0, 'a', null, 'w1'), signal(1, 'b', null, 'w2')]);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ kind: 'deletes', workload: null, title: 'shop bare pods', podCount: 2 });
  });

  it('gives each episode an id that locates its time range', () => {
    const [episode] = detectEpisodes([signal(0, 'a', 'Deployment/web'), signal(9, 'b', 'Deployment/web')]);
    expect(locateEpisode(episode?.id ?? '')).toEqual({ kind: 'live', from: T0, to: T0 + 9000 });
    expect(locateEpisode('import~12')).toEqual({ kind: 'import', source: 12 });
    expect(locateEpisode('../../etc/passwd')).toBeNull();
  });

  it('finds nothing in no signals', () => {
    expect(detectEpisodes([])).toEqual([]);
  });
});
