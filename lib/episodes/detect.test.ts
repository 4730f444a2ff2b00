import { describe, expect, it } from 'vitest';
import { detectEpisodes } from './detect';
import { locateEpisode } from './ids';
import type { TerminationSignal } from './types';

const T0 = Date.UTC(2026, 10, 24, 4, 0, 0);

function signal(seconds: number, podUid: string, workload: string | null, node: string | null = 'worker-1', namespace = 'shop'): TerminationSignal {
  return { at: T0 + seconds * 1000, podUid, namespace, workload, node };
}

describe('detectEpisodes', () => {
  it('groups a rollout of one Deployment into one episode with its pod count and time range', () => {
    const signals = [signal(0, 'a', 'Deployment/web', 'w1'), signal(20, 'b', 'Deployment/web', 'w2'), signal(40, 'a', 'Deployment/web', 'w1'), signal(50, 'c', 'Deployment/web', 'w3')];
    const [episode, ...rest] = detectEpisodes(signals);
    expect(rest).toEqual([]);
    expect(episode).toMatchObject({ kind: 'rollout', workload: 'Deployment/web', namespace: 'shop', from: T0, to: T0 + 50_000, podCount: 3 });
  });

  it('splits one workload’s terminations into two episodes at a quiet gap, newest first', () => {
    const signals = [signal(0, 'a', 'Deployment/web'), signal(10, 'b', 'Deployment/web'), signal(600, 'c', 'Deployment/web')];
    const episodes = detectEpisodes(signals, { quietGapMs: 60_000 });
    expect(episodes.map((episode) => [episode.from, episode.podCount])).toEqual([
      [T0 + 600_000, 1],
      [T0, 2],
    ]);
  });

  it('calls it a drain when one node loses pods of several workloads that terminate nowhere else', () => {
    const signals = [signal(0, 'a', 'Deployment/web', 'w1'), signal(2, 'b', 'StatefulSet/db', 'w1'), signal(4, 'c', null, 'w1'), signal(5, 'd', 'Deployment/web', 'w1')];
    const episodes = detectEpisodes(signals);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ kind: 'drain', node: 'w1', title: 'node w1', podCount: 4 });
  });

  it('does not call a simultaneous rollout of two Deployments across nodes a drain', () => {
    const signals = [signal(0, 'a', 'Deployment/web', 'w1'), signal(1, 'b', 'Deployment/api', 'w1'), signal(2, 'c', 'Deployment/web', 'w2'), signal(3, 'd', 'Deployment/api', 'w2')];
    expect(detectEpisodes(signals).map((episode) => [episode.kind, episode.workload]).sort()).toEqual([
      ['rollout', 'Deployment/api'],
      ['rollout', 'Deployment/web'],
    ]);
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
