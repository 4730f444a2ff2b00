/**
 * Where a pod was seen: its first and last Pod observation, and its DELETED one (null while it exists). What the
 * store selects a window's pods by (server/store/timeline-rows.ts); handed along with each derived pod by the
 * hub, whose reducer is the one that knows it.
 */
import type { EpochMs } from '../time';
import type { PodEvidence } from './pod-evidence';

export interface PodExtent {
  firstSeenAt: EpochMs;
  lastSeenAt: EpochMs;
  deletedAt: EpochMs | null;
}

export function podExtent(evidence: PodEvidence): PodExtent {
  return { firstSeenAt: evidence.firstSeenAt, lastSeenAt: evidence.lastSeenAt, deletedAt: evidence.deletedAt };
}
