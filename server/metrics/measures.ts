/**
 * The intervals one termination is measured by, in seconds, for the histograms (README, "Prometheus and alerts").
 * Each is null when the timeline lacks an end of it. Times are the markers' best single times (`at`): a histogram
 * of a whole-second API time is only as fine as that second.
 */
import { SECOND_MS } from '@/lib/time';
import { drainOf, propagationSeconds } from '@/lib/timeline/measure';
import { firstMarker, type DerivedPod } from '@/lib/timeline/timeline';

export interface TerminationMeasures {
  /** Delete request → endpoint not ready: how long the network track took to react. */
  propagation: number | null;
  /** SIGTERM → exit of the slowest main container (a SIGKILLed one: the time it was given). */
  drain: number | null;
  /** Delete request → pod object gone. */
  deleteToGone: number | null;
  /** Termination start → last main container's end, over the grace period: 1 is the deadline (SIGKILL). */
  graceUsed: number | null;
}

function seconds(from: number, to: number): number {
  return Math.max(0, (to - from) / SECOND_MS);
}

function graceUsed(pod: DerivedPod): number | null {
  const grace = pod.facts.kubeletGraceSeconds;
  const markers = pod.timeline.markers;
  const start = firstMarker(markers, 'deleteRequested') ?? firstMarker(markers, 'killing');
  if (!start || grace <= 0) return null;
  let end = -Infinity;
  for (const stop of pod.facts.stops) {
    if (pod.facts.sidecars.has(stop.container)) continue;
    const last = stop.sigkill ?? stop.exit;
    if (!last) return null;
    end = Math.max(end, last.at);
  }
  return Number.isFinite(end) ? seconds(start.at, end) / grace : null;
}

export function measureTermination(pod: DerivedPod): TerminationMeasures {
  const markers = pod.timeline.markers;
  const requested = firstMarker(markers, 'deleteRequested');
  const gone = firstMarker(markers, 'podDeleted');
  return {
    propagation: propagationSeconds(pod),
    drain: drainOf(pod)?.seconds ?? null,
    deleteToGone: requested && gone ? seconds(requested.at, gone.at) : null,
    graceUsed: graceUsed(pod),
  };
}
