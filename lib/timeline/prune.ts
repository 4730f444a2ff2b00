/**
 * Retention for live use (additive to the engine, owned by the live pipeline): a long-running dashboard must
 * forget pods some time after they are gone, or its memory grows with every rollout. A replay never calls this.
 *
 * `prunePods` removes a pod's evidence from every index of TimelineState; `pruneOrphans` drops what no retained
 * pod can use any more (events for uids never seen as pods, controller deletes for names without pods, endpoint
 * history of unknown uids, watch-blind intervals that ended before every retained pod was first seen).
 * Like applyEntry, both update the state in place and return it.
 */
import type { EpochMs } from '../time';
import { nameKey, type TimelineState } from './state';
import { pruneWorkloadSpecs } from './workload-spec';

/** Pods whose DELETED was seen before `cutoff`. */
export function podsGoneBefore(state: TimelineState, cutoff: EpochMs): string[] {
  const gone: string[] = [];
  for (const [uid, pod] of state.pods) if (pod.deletedAt !== null && pod.deletedAt < cutoff) gone.push(uid);
  return gone;
}

export function prunePods(state: TimelineState, uids: Iterable<string>): TimelineState {
  for (const uid of uids) {
    const pod = state.pods.get(uid);
    if (!pod) continue;
    state.pods.delete(uid);
    state.changed.delete(uid);
    state.podEvents.delete(uid);
    // podSlices stays: it mirrors slice membership (endpoints.ts invariant); only the derived history goes.
    state.endpoints.history.delete(uid);
    const key = nameKey(pod.namespace, pod.name);
    const remaining = (state.uidsByName.get(key) ?? []).filter((other) => other !== uid);
    if (remaining.length > 0) {
      state.uidsByName.set(key, remaining);
    } else {
      state.uidsByName.delete(key);
      state.controllerDeletes.delete(key);
    }
  }
  return state;
}

function newestReceipt(records: Map<string, { receivedAt: EpochMs }>): EpochMs {
  let newest = -Infinity;
  for (const record of records.values()) newest = Math.max(newest, record.receivedAt);
  return newest;
}

export function pruneOrphans(state: TimelineState, cutoff: EpochMs): TimelineState {
  for (const [uid, events] of state.podEvents) {
    if (!state.pods.has(uid) && newestReceipt(events) < cutoff) state.podEvents.delete(uid);
  }
  for (const [key, deletes] of state.controllerDeletes) {
    if (!state.uidsByName.has(key) && newestReceipt(deletes) < cutoff) state.controllerDeletes.delete(key);
  }
  for (const [uid, history] of state.endpoints.history) {
    const last = history.at(-1);
    if (!state.pods.has(uid) && !state.endpoints.podSlices.has(uid) && (!last || last.at < cutoff))
      state.endpoints.history.delete(uid);
  }
  let oldestPod = Infinity;
  for (const pod of state.pods.values()) oldestPod = Math.min(oldestPod, pod.firstSeenAt);
  const keepAfter = Math.min(cutoff, oldestPod);
  state.watch.intervals = state.watch.intervals.filter((interval) => interval.to === null || interval.to >= keepAfter);
  // Clients hold the workloads whole: a pruned history is published again (engine.ts takeChangedWorkloads).
  if (pruneWorkloadSpecs(state.workloads, keepAfter)) state.workloadsChanged = true;
  return state;
}
