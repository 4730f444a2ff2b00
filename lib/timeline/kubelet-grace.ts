/**
 * The grace period the kubelet really applied, which the API shows only in part: the delete's G (at least 1 s,
 * pod_workers.go), a restart when a shorter G arrives, 1 s for a node-pressure eviction, and for a graceful node
 * shutdown only an upper bound (the pod's own G).
 */
import { SECOND_MS } from '../time';
import type { EventRecord } from './events';
import { later, type TimeInterval } from './interval';
import type { KillRestart } from './kubelet-inference';
import type { GraceChange, PodEvidence } from './pod-evidence';

/** core/v1 DefaultTerminationGracePeriodSeconds, for an object that somehow lacks the defaulted field. */
const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

/** The grace the workload's own settings give (the deletion G in force before any force delete, else the spec's): what findings size against. */
export function workloadGraceSeconds(evidence: PodEvidence): number {
  const changes = evidence.deletion?.graceChanges ?? [];
  const positive = changes.filter((change) => change.gracePeriodSeconds > 0);
  const last = positive[positive.length - 1];
  if (last) return last.gracePeriodSeconds;
  if (changes.length > 0) return 0;
  return evidence.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
}

/** pod_workers.go calculateEffectiveGracePeriod: "no matter what, we always supply a grace period of 1". */
const KUBELET_MINIMUM_GRACE_SECONDS = 1;
/**
 * eviction_manager.go: a hard eviction threshold stops the pod at once (grace 0, raised to the 1 s minimum);
 * only a soft threshold would give evictionMaxPodGracePeriod, and the kubelet's defaults are all hard.
 */
const HARD_EVICTION_GRACE_SECONDS = 1;
/** The kubelet acts on a pod update within about a PLEG period (docs/termination-model.md, L: 0-2 s). */
const KUBELET_LAG_MS = 2 * SECOND_MS;
/** Our receipt may trail the apiserver's commit that the kubelet reacts to. */
const WATCH_LAG_MS = SECOND_MS;

export interface KubeletGrace {
  /** The grace the kubelet began the kill with. */
  initial: number;
  /** The grace it applied last (after any shortening). */
  last: number;
  /** The last shortening accepted by the apiserver after the first request: the kubelet restarts the kill then. */
  shortening: GraceChange | null;
  /** Set when the kubelet may have used a shorter grace, down to this (graceful node shutdown). */
  atLeast?: number;
}

/**
 * nodeshutdown_manager_linux.go: phase Failed, reason `Terminated` (message "... imminent node shutdown"), no
 * delete request. The kubelet gives min(G, shutdownGracePeriod − shutdownGracePeriodCriticalPods), which the API
 * does not show.
 */
function shutDownByKubelet(evidence: PodEvidence): boolean {
  if ((evidence.deletion?.graceChanges.length ?? 0) > 0) return false;
  return evidence.terminalPhase?.reason === 'Terminated' || /node shutdown/.test(evidence.disruption?.message ?? '');
}

/** A node-pressure eviction: the kubelet's `Evicted` and no delete request of the API. */
export function evictedByKubelet(evidence: PodEvidence, events: readonly EventRecord[]): boolean {
  if ((evidence.deletion?.graceChanges.length ?? 0) > 0) return false;
  return evidence.terminalPhase?.reason === 'Evicted' || events.some((event) => event.reason === 'Evicted');
}

export function kubeletGrace(evidence: PodEvidence, events: readonly EventRecord[]): KubeletGrace {
  if (evictedByKubelet(evidence, events))
    return { initial: HARD_EVICTION_GRACE_SECONDS, last: HARD_EVICTION_GRACE_SECONDS, shortening: null };
  const changes = evidence.deletion?.graceChanges ?? [];
  const first = changes[0];
  const last = changes[changes.length - 1];
  if (!first || !last) {
    const spec = evidence.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
    return {
      initial: spec,
      last: spec,
      shortening: null,
      ...(shutDownByKubelet(evidence) && { atLeast: KUBELET_MINIMUM_GRACE_SECONDS }),
    };
  }
  const kubelet = (seconds: number): number => Math.max(seconds, KUBELET_MINIMUM_GRACE_SECONDS);
  return {
    initial: kubelet(first.gracePeriodSeconds),
    last: kubelet(last.gracePeriodSeconds),
    shortening: changes.length > 1 ? last : null,
  };
}

/**
 * When the kubelet restarted a container's kill: the `Killing` event's last occurrence (kill.go records it again,
 * the event correlator merges it), else the shortening's receipt, widened by the watch and kubelet lags.
 */
export function killRestart(
  grace: KubeletGrace,
  killing: { event: EventRecord; marker: TimeInterval },
): KillRestart | undefined {
  const shortening = grace.shortening;
  if (!shortening) return undefined;
  const lastAt = killing.event.count > 1 ? killing.event.lastAt : null;
  const at =
    lastAt && lastAt.latest > shortening.at - WATCH_LAG_MS
      ? lastAt
      : { at: shortening.at, earliest: shortening.at - WATCH_LAG_MS, latest: shortening.at + KUBELET_LAG_MS };
  return { at: later(at, killing.marker), gracePeriodSeconds: grace.last };
}
