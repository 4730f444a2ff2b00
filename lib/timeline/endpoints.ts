/**
 * Endpoint state per pod, diffed by `targetRef.uid` across every EndpointSlice of every Service.
 *
 * A pod may sit in several slices at once (several Services, or an IPv4 and an IPv6 slice of a dual-stack
 * Service) and may move between slices when the EndpointSlice controller rebalances them. So we keep, per pod,
 * the conditions each slice gives it, and only the aggregate matters: present if in any slice, ready if any slice
 * says ready, serving likewise. Each aggregate change is appended to the pod's history; markers are read from that
 * history on demand (endpoint-markers.ts), which is what lets a vanish-then-reappear be read as a move.
 *
 * Cost: applying a slice is O(endpoints in that slice) plus, per affected pod, O(slices that pod is in).
 */
import type { EndpointSlice } from '../kube/objects';
import type { EpochMs } from '../time';

export interface EndpointConditions {
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface EndpointState extends EndpointConditions {
  present: boolean;
}

export interface EndpointTransition extends EndpointState {
  at: EpochMs;
  /** The slice whose change caused this transition, for the evidence text. */
  sliceName: string;
  /** The pod's entry in that slice after the change; null when the slice dropped it. */
  sliceConditions: EndpointConditions | null;
  sliceDeleted: boolean;
}

interface SliceEntry {
  name: string;
  /** Invariant: a pod uid is a key here iff this slice's uid is a key in `podSlices.get(podUid)`. */
  members: Map<string, EndpointConditions>;
}

export interface EndpointTracker {
  slices: Map<string, SliceEntry>;
  podSlices: Map<string, Map<string, EndpointConditions>>;
  /** Only aggregate changes are appended, so a relist of an unchanged slice adds nothing. */
  history: Map<string, EndpointTransition[]>;
  /** Whether any EndpointSlice was seen at all: without one, "never in a slice" means nothing. */
  sawSlice: boolean;
}

export function createEndpointTracker(): EndpointTracker {
  return { slices: new Map(), podSlices: new Map(), history: new Map(), sawSlice: false };
}

const ABSENT: EndpointState = { present: false, ready: false, serving: false, terminating: false };

/**
 * discovery/v1 types.go: a nil `ready` is "unknown", to be read as ready; a nil `serving` defers to `ready`;
 * a nil `terminating` is false.
 */
function conditionsOf(conditions: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null } | null | undefined): EndpointConditions {
  const ready = conditions?.ready ?? true;
  return { ready, serving: conditions?.serving ?? ready, terminating: conditions?.terminating ?? false };
}

function sameConditions(a: EndpointConditions | undefined, b: EndpointConditions | undefined): boolean {
  return a?.ready === b?.ready && a?.serving === b?.serving && a?.terminating === b?.terminating;
}

function aggregate(slices: Map<string, EndpointConditions> | undefined): EndpointState {
  if (!slices || slices.size === 0) return ABSENT;
  const state: EndpointState = { present: true, ready: false, serving: false, terminating: false };
  for (const conditions of slices.values()) {
    state.ready ||= conditions.ready;
    state.serving ||= conditions.serving;
    state.terminating ||= conditions.terminating;
  }
  return state;
}

function sameState(a: EndpointState, b: EndpointState): boolean {
  return a.present === b.present && sameConditions(a, b);
}

function membersOf(slice: EndpointSlice): Map<string, EndpointConditions> {
  const members = new Map<string, EndpointConditions>();
  for (const endpoint of slice.endpoints ?? []) {
    const ref = endpoint.targetRef;
    if (!ref?.uid || (ref.kind && ref.kind !== 'Pod')) continue;
    const conditions = conditionsOf(endpoint.conditions);
    // A pod listed twice in one slice (several addresses) is ready if any entry is.
    const seen = members.get(ref.uid);
    members.set(ref.uid, seen ? { ready: seen.ready || conditions.ready, serving: seen.serving || conditions.serving, terminating: seen.terminating || conditions.terminating } : conditions);
  }
  return members;
}

interface SliceChange {
  tracker: EndpointTracker;
  sliceUid: string;
  sliceName: string;
  at: EpochMs;
  sliceDeleted: boolean;
}

function setPodInSlice(change: SliceChange, podUid: string, conditions: EndpointConditions | null): void {
  const { tracker, sliceUid } = change;
  const before = aggregate(tracker.podSlices.get(podUid));
  let slices = tracker.podSlices.get(podUid);
  if (conditions) {
    if (!slices) tracker.podSlices.set(podUid, (slices = new Map()));
    slices.set(sliceUid, conditions);
  } else if (slices) {
    slices.delete(sliceUid);
    if (slices.size === 0) tracker.podSlices.delete(podUid);
  }
  const after = aggregate(tracker.podSlices.get(podUid));
  if (sameState(before, after)) return;
  let history = tracker.history.get(podUid);
  if (!history) tracker.history.set(podUid, (history = []));
  history.push({ ...after, at: change.at, sliceName: change.sliceName, sliceConditions: conditions, sliceDeleted: change.sliceDeleted });
}

/** Applies a slice ADDED/MODIFIED (`deleted` false) or DELETED; returns the pod uids whose aggregate may have changed. */
export function applySlice(tracker: EndpointTracker, slice: EndpointSlice, at: EpochMs, deleted: boolean): string[] {
  tracker.sawSlice = true;
  const sliceUid = slice.metadata.uid;
  const entry = tracker.slices.get(sliceUid);
  const previous = entry?.members ?? new Map<string, EndpointConditions>();
  const next = deleted ? new Map<string, EndpointConditions>() : membersOf(slice);
  const change: SliceChange = { tracker, sliceUid, sliceName: slice.metadata.name, at, sliceDeleted: deleted };
  const touched: string[] = [];
  for (const [podUid, conditions] of next) {
    if (sameConditions(previous.get(podUid), conditions)) continue;
    setPodInSlice(change, podUid, conditions);
    touched.push(podUid);
  }
  for (const podUid of previous.keys()) {
    if (next.has(podUid)) continue;
    setPodInSlice(change, podUid, null);
    touched.push(podUid);
  }
  if (deleted) tracker.slices.delete(sliceUid);
  else tracker.slices.set(sliceUid, { name: slice.metadata.name, members: next });
  return touched;
}
