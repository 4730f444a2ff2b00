/**
 * Folds one recording entry into the evidence. Depends on nothing but its inputs (no clock, no randomness), so a
 * replay of a recording gives exactly what live use gave, however the entries were chunked.
 *
 * Linear: the returned state is the input state, updated in place. The caller must not keep using the old value.
 */
import { CONTROLLER_DELETE_REASON, isAnalysedEventReason, POD_EVENT_REASONS } from '../kube/event-reasons';
import type { CoreEvent, EndpointSlice, EventsV1Event, Pod } from '../kube/objects';
import { isWatchState, type Observation, type RecordingEntry } from '../recording/types';
import { applySlice } from './endpoints';
import { deletedPodName, mergeEvent, normalizeEvent, sameEvent, type EventRecord } from './events';
import { applyPod, createPodEvidence } from './pod-evidence';
import { nameKey, type TimelineState } from './state';
import type { ReceiptBounds } from './interval';
import { applyWatchState, blindSince } from './watch-blind';
import { applyDeployment } from './workload-spec';
import type { WatchResource } from '../recording/types';

const CONTROLLER_KINDS = new Set(['ReplicaSet', 'StatefulSet']);

function markBlindChanged(state: TimelineState, from: number): void {
  state.blindChangedFrom = state.blindChangedFrom === null ? from : Math.min(state.blindChangedFrom, from);
}

/**
 * When the state an observation shows came to be. A watch delivers a change as it happens: [at, at]. What a
 * relist delivers after a blind window (a disconnect, a 410, a hang, drainscope's own downtime) may have changed
 * at any time since the window began; input without receipt times says its own bounds (recording-format.md).
 */
function receiptBounds(state: TimelineState, observation: Observation, resource: WatchResource): ReceiptBounds {
  const blind = blindSince(state.watch, resource);
  const { at, earliest = at, latest = at } = observation;
  if (observation.earliest !== undefined || observation.latest !== undefined)
    return { earliest: blind === null ? earliest : Math.min(earliest, blind), latest, widenedBy: 'input' };
  return blind === null
    ? { earliest: at, latest: at }
    : { earliest: Math.min(at, blind), latest: at, widenedBy: 'relist' };
}

function applyPodObservation(state: TimelineState, pod: Pod, observation: Observation): void {
  const uid = pod.metadata.uid;
  let evidence = state.pods.get(uid);
  if (!evidence) {
    evidence = createPodEvidence(pod, observation.at);
    state.pods.set(uid, evidence);
    const key = nameKey(evidence.namespace, evidence.name);
    const uids = state.uidsByName.get(key);
    // A new pod under a reused name may take over a controller's SuccessfulDelete from its predecessor.
    for (const sibling of uids ?? []) state.changed.add(sibling);
    if (uids) uids.push(uid);
    else state.uidsByName.set(key, [uid]);
  }
  applyPod(evidence, pod, observation.at, observation.type === 'DELETED', receiptBounds(state, observation, 'pods'));
  state.changed.add(uid);
}

function keepEvent(byUid: Map<string, EventRecord>, record: EventRecord): boolean {
  const previous = byUid.get(record.uid);
  const merged = mergeEvent(previous, record);
  if (previous && sameEvent(previous, merged)) return false;
  byUid.set(record.uid, merged);
  return true;
}

function applyEvent(state: TimelineState, event: CoreEvent | EventsV1Event, at: number): void {
  // Most events of a rollout (Scheduled, Pulling, Started, ...) are of no use: they are dropped before being
  // normalised, which would parse up to five timestamps and match the field path for each, and never held.
  if (!isAnalysedEventReason(event.reason)) return;
  const { record, namespace, involvedKind, involvedUid } = normalizeEvent(event, at);
  if ((involvedKind ?? 'Pod') === 'Pod' && involvedUid && POD_EVENT_REASONS.has(record.reason)) {
    let byUid = state.podEvents.get(involvedUid);
    if (!byUid) state.podEvents.set(involvedUid, (byUid = new Map()));
    if (keepEvent(byUid, record)) state.changed.add(involvedUid);
    return;
  }
  if (record.reason !== CONTROLLER_DELETE_REASON || !CONTROLLER_KINDS.has(involvedKind ?? '')) return;
  const podName = deletedPodName(record.message);
  if (!podName) return;
  const key = nameKey(namespace, podName);
  let byUid = state.controllerDeletes.get(key);
  if (!byUid) state.controllerDeletes.set(key, (byUid = new Map()));
  if (!keepEvent(byUid, record)) return;
  for (const uid of state.uidsByName.get(key) ?? []) state.changed.add(uid);
}

function applySliceObservation(state: TimelineState, slice: EndpointSlice, observation: Observation): void {
  const bounds = receiptBounds(state, observation, 'endpointslices');
  for (const uid of applySlice(state.endpoints, slice, observation.at, observation.type === 'DELETED', bounds))
    state.changed.add(uid);
}

export function applyEntry(state: TimelineState, entry: RecordingEntry): TimelineState {
  state.lastEntryAt = state.lastEntryAt === null ? entry.at : Math.max(state.lastEntryAt, entry.at);
  // An open blind interval runs to the newest entry, so every entry moves its end.
  for (const open of state.watch.open.values()) markBlindChanged(state, open.from);
  if (isWatchState(entry)) {
    // The Deployments watch is optional and says nothing about pods or traffic: its blind windows (or a cluster
    // that forbids it) only leave the workload specs unknown there, never the pods' timelines.
    if (entry.resource === 'deployments') return state;
    if (applyWatchState(state.watch, entry)) markBlindChanged(state, Math.min(entry.since ?? entry.at, entry.at));
    return state;
  }
  const object = entry.object;
  if (object.kind === 'Pod') applyPodObservation(state, object, entry);
  else if (object.kind === 'EndpointSlice') applySliceObservation(state, object, entry);
  else if (object.kind === 'Deployment') {
    if (applyDeployment(state.workloads, object, entry.at, entry.type === 'DELETED')) state.workloadsChanged = true;
  } else applyEvent(state, object, entry.at);
  return state;
}
