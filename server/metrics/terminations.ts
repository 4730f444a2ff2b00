/**
 * Which terminations to count, and when: each exactly once, when its timeline is complete, whatever relists,
 * replays and restarts show again.
 *
 * Complete means nothing more is coming that would change its gaps:
 * - the termination began (a delete request or a `Killing`), no gap is still open and no marker is only expected
 *   (a deadline or SIGTERM still ahead), and
 * - the pod is gone (its DELETED was seen); or, when no delete was requested (the kubelet evicted it for node
 *   pressure: the object stays, in phase Failed), every container the kubelet stopped has exited or been SIGKILLed.
 *   A deleted pod is awaited until it is gone, so that delete → gone is measured and what the last moments show
 *   (the endpoint's removal) is in.
 * One that stays incomplete is counted as it stands `settleMs` after its last evidence of ending (pod gone, last
 * container end), or when the hub forgets it: an endpoint never seen removed (an EndpointSlice watch that stays
 * blind) or a finalizer holding the object must not hold back the count for ever.
 *
 * Counted once: a uid is marked when counted and never counted again; a relist only derives the same uid again.
 * A restart replays the stored lines of the last hour into a new hub before the watches start (server/store/
 * live.ts); `resumed()` then marks as counted what the previous process had counted: every termination complete
 * in the replay, and every pod gone long enough for the settle rule to have counted it. Counters start at zero
 * in each process, as Prometheus expects of a counter (rate() and increase() take a restart as a reset); adding the
 * stored history instead would make increase() see it as new whenever the stored total differs from the last
 * scraped value (retention dropping old lines, a different replay window), and page for old rollouts.
 * A termination still running at the restart is counted once it completes, by the new process: the old one had not.
 */
import type { EpochMs } from '@/lib/time';
import { firstMarker, type DerivedPod } from '@/lib/timeline/timeline';

export interface TerminationsOptions {
  now: () => EpochMs;
  /** Told each termination once, when it is counted. */
  count: (pod: DerivedPod) => void;
  settleMs?: number;
}

const DEFAULT_SETTLE_MS = 5 * 60_000;

export function isTerminating(pod: DerivedPod): boolean {
  return pod.timeline.markers.some((m) => m.kind === 'deleteRequested' || m.kind === 'killing');
}

function isGone(pod: DerivedPod): boolean {
  return firstMarker(pod.timeline.markers, 'podDeleted') !== undefined;
}

/** When the termination last showed it was ending: the pod gone, else the last container stop; null if neither. */
function endedAt(pod: DerivedPod): EpochMs | null {
  const gone = firstMarker(pod.timeline.markers, 'podDeleted');
  if (gone) return gone.at;
  const stops = pod.facts.stops;
  if (stops.length === 0) return null;
  let last = -Infinity;
  for (const stop of stops) {
    const end = stop.exit ?? stop.sigkill;
    if (!end || end.expected) return null;
    last = Math.max(last, end.at);
  }
  return last;
}

export function isComplete(pod: DerivedPod): boolean {
  if (!isTerminating(pod)) return false;
  if (pod.timeline.gaps.some((gap) => gap.open) || pod.timeline.markers.some((m) => m.expected)) return false;
  if (isGone(pod)) return true;
  return firstMarker(pod.timeline.markers, 'deleteRequested') === undefined && endedAt(pod) !== null;
}

export class Terminations {
  private readonly counted = new Set<string>();
  /** Terminations begun and not counted yet, as last derived. */
  private readonly pending = new Map<string, DerivedPod>();
  private resuming = true;

  constructor(private readonly options: TerminationsOptions) {}

  /** A pod as the hub derived it (a flush). */
  observe(pod: DerivedPod): void {
    const uid = pod.timeline.uid;
    if (this.counted.has(uid) || !isTerminating(pod)) return;
    if (this.resuming) {
      // Replayed from the store: what the previous process counted is not counted again (see the file comment).
      // A pod gone with a gap still open (its allowance running on past its removal) was not counted yet unless the
      // settle rule had reached it: the new process counts it when the gap closes.
      if (isComplete(pod) || (isGone(pod) && this.settledBy(pod))) this.counted.add(uid);
      else this.pending.set(uid, pod);
      return;
    }
    if (isComplete(pod)) this.take(uid, pod);
    else this.pending.set(uid, pod);
  }

  /** The replay is over: from here on, what completes is new. */
  resumed(): void {
    this.resuming = false;
  }

  /** Counts what has waited `settleMs` since it ended without completing. Called before each scrape. */
  settle(): void {
    for (const [uid, pod] of this.pending) if (this.settledBy(pod)) this.take(uid, pod);
  }

  /** Ended at least `settleMs` ago: the settle rule counts it (or, in a replay, the previous process did). */
  private settledBy(pod: DerivedPod): boolean {
    const ended = endedAt(pod);
    return ended !== null && ended <= this.options.now() - (this.options.settleMs ?? DEFAULT_SETTLE_MS);
  }

  /** The hub forgot the pod: count it as it stands if it never completed, then forget it too. */
  removed(uid: string): void {
    const pod = this.pending.get(uid);
    if (pod && !this.resuming) this.take(uid, pod);
    this.pending.delete(uid);
    this.counted.delete(uid);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private take(uid: string, pod: DerivedPod): void {
    this.pending.delete(uid);
    this.counted.add(uid);
    this.options.count(pod);
  }
}
