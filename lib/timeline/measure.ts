/**
 * What was measured per pod, in seconds, for sizing the fixes the findings propose.
 */
import { SECOND_MS } from '../time';
import { preStopSleepSeconds } from './prestop';
import { firstMarker, type DerivedPod } from './timeline';

export function isTerminated(pod: DerivedPod): boolean {
  return pod.timeline.markers.some((m) => m.kind === 'deleteRequested' || m.kind === 'killing');
}

export function wasRouted(pod: DerivedPod): boolean {
  return pod.timeline.markers.some((m) => m.kind === 'endpointReady');
}

/** Delete request → endpoint not ready: how long the network track took to react. */
export function propagationSeconds(pod: DerivedPod): number | null {
  const requested = firstMarker(pod.timeline.markers, 'deleteRequested');
  const notReady = firstMarker(pod.timeline.markers, 'endpointNotReady');
  return requested && notReady ? Math.max(0, (notReady.at - requested.at) / SECOND_MS) : null;
}

function mainStops(pod: DerivedPod) {
  return pod.facts.stops.filter((stop) => !pod.facts.sidecars.has(stop.container));
}

/** The preStop the main container was meant to take: the spec's sleep, else what Killing → SIGTERM measured. */
export function preStopSeconds(pod: DerivedPod): number {
  const planned = preStopSleepSeconds(pod.timeline.preStop);
  if (planned !== null) return Math.min(planned, pod.facts.kubeletGraceSeconds);
  const stop = mainStops(pod)[0];
  return stop?.preStopStart ? Math.max(0, (stop.sigterm.at - stop.preStopStart.at) / SECOND_MS) : 0;
}

export interface Drain {
  seconds: number;
  /** SIGKILLed: the drain took at least `seconds` (the time it was given), probably more. */
  atLeast: boolean;
}

/**
 * SIGTERM → exit of the slowest main container; a SIGKILLed container's drain is at least the time it got, unless
 * a later delete shortened the grace: then the kill measures that delete, not the drain, and is not counted.
 */
export function drainOf(pod: DerivedPod): Drain | null {
  let drain: Drain | null = null;
  for (const stop of mainStops(pod)) {
    const end = stop.sigkill ?? stop.exit;
    if (!end || (stop.sigkill && pod.facts.graceShortened)) continue;
    const seconds = Math.max(0, (end.at - stop.sigterm.at) / SECOND_MS);
    if (!drain || seconds > drain.seconds) drain = { seconds, atLeast: stop.sigkill !== undefined };
  }
  return drain;
}

export function isSigkilled(pod: DerivedPod): boolean {
  return pod.facts.stops.some((stop) => stop.sigkill !== undefined);
}

export function exitedOnSigterm(pod: DerivedPod): boolean {
  return pod.facts.stops.some((stop) => stop.exit?.exitCode === 143);
}

/** Nearest-rank 95th percentile; null for no samples. */
export function p95(samples: readonly number[]): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1] ?? null;
}
