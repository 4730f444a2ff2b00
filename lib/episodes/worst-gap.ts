/** The worst gap among an episode's pods: the most severe, then the longest. */
import type { PodTimeline } from '../timeline/types';
import type { Episode, WorstGap } from './types';

const RANK = { critical: 3, warning: 2, info: 1 } as const;

export function worstGapOf(podUids: readonly string[], pods: ReadonlyMap<string, PodTimeline>): WorstGap | null {
  let worst: WorstGap | null = null;
  for (const uid of podUids) {
    for (const gap of pods.get(uid)?.gaps ?? []) {
      const candidate: WorstGap = {
        kind: gap.kind,
        severity: gap.severity,
        podUid: uid,
        durationMs: gap.to - gap.from,
      };
      if (
        !worst ||
        RANK[candidate.severity] > RANK[worst.severity] ||
        (candidate.severity === worst.severity && candidate.durationMs > worst.durationMs)
      )
        worst = candidate;
    }
  }
  return worst;
}

export function withWorstGaps(episodes: readonly Episode[], pods: ReadonlyMap<string, PodTimeline>): Episode[] {
  return episodes.map((episode) => ({ ...episode, worstGap: worstGapOf(episode.podUids, pods) }));
}
