/** Termination episodes: a rollout, a node drain, a burst of deletes, or an imported recording, as one reviewable unit. */
import type { EpochMs } from '../time';
import type { GapKind, Severity } from '../timeline/types';

/** One pod starting or finishing its termination, as the store indexes it. */
export interface TerminationSignal {
  at: EpochMs;
  podUid: string;
  namespace: string | null;
  /** `Kind/name`, e.g. `Deployment/web`; null for a bare pod. */
  workload: string | null;
  node: string | null;
  /**
   * Why the pod terminated, as its timeline says (TerminationCause.reason: `EvictionByEvictionAPI`,
   * `SuccessfulDelete`, ...); null or absent when nothing recorded says.
   */
  cause?: string | null;
}

export type EpisodeKind = 'rollout' | 'drain' | 'deletes' | 'imported';

export interface WorstGap {
  kind: GapKind;
  severity: Severity;
  podUid: string;
  durationMs: number;
}

export interface Episode {
  /** Stable for the same data; encodes where to find it (see ids.ts). */
  id: string;
  kind: EpisodeKind;
  /** What it is about: `shop Deployment/web`, `node worker-1 · 3 workloads`, or the imported file's name. */
  title: string;
  namespace: string | null;
  workload: string | null;
  node: string | null;
  from: EpochMs;
  to: EpochMs;
  podCount: number;
  podUids: string[];
  worstGap: WorstGap | null;
  /**
   * Whose it is: the cluster's context name for a live episode (the list is of one cluster, see
   * server/store/clusters.ts); for an import, its header's `cluster`, as the recording says. Absent or null: not known.
   */
  cluster?: string | null;
}

/** What an episode is about, without its pods: what the review's header says (`Node drain · node worker-2 · …`). */
export type EpisodeSummary = Pick<Episode, 'kind' | 'title' | 'namespace' | 'workload' | 'node'>;
