/**
 * The evidence the engine accumulates, keyed by pod uid. Everything here is cheap to update per observation; the
 * timelines are derived from it on demand (timeline.ts). Nothing in it depends on when or how often it is read.
 */
import type { EpochMs } from '../time';
import { createEndpointTracker, type EndpointTracker } from './endpoints';
import type { EventRecord } from './events';
import type { PodEvidence } from './pod-evidence';
import { createWatchTracker, type WatchTracker } from './watch-blind';
import { createWorkloadSpecTracker, type WorkloadSpecTracker } from './workload-spec';
import { DEFAULT_ALLOWANCE_SECONDS } from './types';

export interface EngineOptions {
  /** How long data planes may lag behind the EndpointSlice (docs/termination-model.md, "propagation allowance A"). */
  allowanceSeconds?: number;
}

export interface TimelineState {
  readonly allowanceSeconds: number;
  /** Pods whose object was seen. Only these get a timeline; evidence for other uids waits for them here. */
  pods: Map<string, PodEvidence>;
  /** `namespace/name` → uids in the order first seen: a name can be reused by a new pod (StatefulSet). */
  uidsByName: Map<string, string[]>;
  /** Pod uid → event uid → event. Kept even when the pod is not (yet, or any more) known. */
  podEvents: Map<string, Map<string, EventRecord>>;
  /** `namespace/podName` → event uid → a controller's `SuccessfulDelete` naming that pod. */
  controllerDeletes: Map<string, Map<string, EventRecord>>;
  endpoints: EndpointTracker;
  watch: WatchTracker;
  /** Deployments' replicas and rollout bounds over time (workload-spec.ts). */
  workloads: WorkloadSpecTracker;
  /** A workload's spec history changed since the last `takeWorkloadsChanged` (the hub publishes them then). */
  workloadsChanged: boolean;
  /** Receipt time of the newest entry: an unclosed watch-blind interval runs to here. */
  lastEntryAt: EpochMs | null;
  /** Uids whose timeline may have changed since the last `takeChangedPodUids`. */
  changed: Set<string>;
  /** Pods alive at or after this time may have a changed watch-blind gap since the last take. */
  blindChangedFrom: EpochMs | null;
  /**
   * Pods whose last derivation held a prediction or an open gap: their timeline changes as time passes, without
   * an entry of their own. Kept by derivePod (a cache of its output, not evidence); read by takeChangedPodUids.
   */
  pending: Set<string>;
  /** `lastEntryAt` at the last take: pending pods are derived again only when it moved. */
  lastTakeAt: EpochMs | null;
}

export function createTimelineState(options: EngineOptions = {}): TimelineState {
  return {
    allowanceSeconds: options.allowanceSeconds ?? DEFAULT_ALLOWANCE_SECONDS,
    pods: new Map(),
    uidsByName: new Map(),
    podEvents: new Map(),
    controllerDeletes: new Map(),
    endpoints: createEndpointTracker(),
    watch: createWatchTracker(),
    workloads: createWorkloadSpecTracker(),
    workloadsChanged: false,
    lastEntryAt: null,
    changed: new Set(),
    blindChangedFrom: null,
    pending: new Set(),
    lastTakeAt: null,
  };
}

export function nameKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
