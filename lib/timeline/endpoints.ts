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
import { parseApiTime, type EpochMs } from '../time';
import type { ReceiptBounds } from './interval';

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
  /**
   * The earliest the change can have happened: `at` for a change the watch delivered, earlier when a slice that
   * already existed was first seen (an initial list, or a watch started late): its endpoints may have been in
   * that state since the slice was created.
   */
  since: EpochMs;
  /** The latest it can have happened: `at`, unless the input had no receipt times (recording-format.md). */
  until: EpochMs;
  /**
   * Why the transition is not exactly at its receipt: the slice was first seen in a list, a relist after a blind
   * window delivered it, or the input gave its own bounds (no receipt times).
   */
  seenLate: 'list' | 'relist' | 'input' | null;
  /** The slice whose change caused this transition, for the evidence text. */
  sliceName: string;
  /** The pod's entry in that slice after the change; null when the slice dropped it. */
  sliceConditions: EndpointConditions | null;
  sliceDeleted: boolean;
}

interface SliceMember extends EndpointConditions {
  /** The slice generation that last listed this pod: members not listed by the newest one have left the slice. */
  seen: number;
}

interface SliceEntry {
  name: string;
  generation: number;
  /** Invariant: a pod uid is a key here iff this slice's uid is a key in `podSlices.get(podUid)` (same object). */
  members: Map<string, SliceMember>;
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

/** The aggregate as bits, so comparing before and after allocates nothing on the hot path. */
const PRESENT = 1;
const READY = 2;
const SERVING = 4;
const TERMINATING = 8;

function aggregate(slices: Map<string, EndpointConditions> | undefined): number {
  if (!slices || slices.size === 0) return 0;
  let bits = PRESENT;
  for (const conditions of slices.values()) {
    if (conditions.ready) bits |= READY;
    if (conditions.serving) bits |= SERVING;
    if (conditions.terminating) bits |= TERMINATING;
  }
  return bits;
}

function conditionBits(conditions: EndpointConditions): number {
  return (
    (conditions.ready ? READY : 0) | (conditions.serving ? SERVING : 0) | (conditions.terminating ? TERMINATING : 0)
  );
}

/**
 * The eight possible conditions, indexed by their bits, shared by every transition: a copy per transition was a
 * good part of what the history of a big rollout held (and promoted) for nothing. Frozen, as they are shared.
 */
const CONDITIONS: readonly EndpointConditions[] = Array.from({ length: 16 }, (_, bits) =>
  Object.freeze({
    ready: (bits & READY) !== 0,
    serving: (bits & SERVING) !== 0,
    terminating: (bits & TERMINATING) !== 0,
  }),
);

interface SliceChange {
  tracker: EndpointTracker;
  sliceUid: string;
  sliceName: string;
  at: EpochMs;
  since: EpochMs;
  until: EpochMs;
  seenLate: EndpointTransition['seenLate'];
  sliceDeleted: boolean;
  touched: string[];
}

/**
 * Applies `update` to the pod's entry in this slice (null: the slice dropped it) and records the pod's new
 * aggregate when it differs from the old one.
 */
function changePod(change: SliceChange, podUid: string, update: () => EndpointConditions | null): void {
  const { tracker, sliceUid } = change;
  const before = aggregate(tracker.podSlices.get(podUid));
  const conditions = update();
  let slices = tracker.podSlices.get(podUid);
  if (conditions) {
    if (!slices) tracker.podSlices.set(podUid, (slices = new Map()));
    slices.set(sliceUid, conditions);
  } else if (slices) {
    slices.delete(sliceUid);
    if (slices.size === 0) tracker.podSlices.delete(podUid);
  }
  change.touched.push(podUid);
  const after = aggregate(tracker.podSlices.get(podUid));
  if (before === after) return;
  let history = tracker.history.get(podUid);
  if (!history) tracker.history.set(podUid, (history = []));
  history.push({
    at: change.at,
    since: change.since,
    until: change.until,
    seenLate: change.seenLate,
    present: (after & PRESENT) !== 0,
    ready: (after & READY) !== 0,
    serving: (after & SERVING) !== 0,
    terminating: (after & TERMINATING) !== 0,
    sliceName: change.sliceName,
    sliceConditions: conditions && (CONDITIONS[conditionBits(conditions)] as EndpointConditions),
    sliceDeleted: change.sliceDeleted,
  });
}

type SliceEndpoint = NonNullable<EndpointSlice['endpoints']>[number];

/**
 * discovery/v1 types.go: a nil `ready` is "unknown", to be read as ready; a nil `serving` defers to `ready`;
 * a nil `terminating` is false. A pod listed twice in one slice is ready if any entry is.
 */
function applyEndpoint(change: SliceChange, entry: SliceEntry, endpoint: SliceEndpoint): void {
  const ref = endpoint.targetRef;
  if (!ref?.uid || (ref.kind && ref.kind !== 'Pod')) return;
  const podUid = ref.uid;
  let ready = endpoint.conditions?.ready ?? true;
  let serving = endpoint.conditions?.serving ?? ready;
  let terminating = endpoint.conditions?.terminating ?? false;
  const member = entry.members.get(podUid);
  if (member?.seen === entry.generation) {
    ready ||= member.ready;
    serving ||= member.serving;
    terminating ||= member.terminating;
  }
  if (member && member.ready === ready && member.serving === serving && member.terminating === terminating) {
    member.seen = entry.generation;
    return;
  }
  changePod(change, podUid, () => {
    const next: SliceMember = member ?? { ready, serving, terminating, seen: entry.generation };
    Object.assign(next, { ready, serving, terminating, seen: entry.generation });
    entry.members.set(podUid, next);
    return next;
  });
}

/**
 * A slice seen for the first time although it was created well before (its creationTimestamp, whole seconds, is
 * more than this older than the receipt) comes from a list, not from its creation: what it shows may be old.
 */
const FRESH_SLICE_MS = 2000;

function changedSince(slice: EndpointSlice, at: EpochMs, firstSighting: boolean): EpochMs {
  const created = parseApiTime(slice.metadata.creationTimestamp);
  return firstSighting && created !== null && created < at - FRESH_SLICE_MS ? created : at;
}

/**
 * Applies a slice ADDED/MODIFIED (`deleted` false) or DELETED, diffing it in place against the slice's previous
 * version. `bounds`: when the state shown came to be (reducer.ts receiptBounds). Returns the pod uids whose entry
 * in this slice changed.
 */
export function applySlice(
  tracker: EndpointTracker,
  slice: EndpointSlice,
  at: EpochMs,
  deleted: boolean,
  bounds: ReceiptBounds = { earliest: at, latest: at },
): string[] {
  tracker.sawSlice = true;
  const sliceUid = slice.metadata.uid;
  let entry = tracker.slices.get(sliceUid);
  const listedSince = changedSince(slice, at, entry === undefined);
  const since = Math.min(listedSince, bounds.earliest);
  const seenLate = bounds.widenedBy ?? (listedSince < at ? 'list' : null);
  if (!entry) tracker.slices.set(sliceUid, (entry = { name: slice.metadata.name, generation: 0, members: new Map() }));
  entry.name = slice.metadata.name;
  entry.generation += 1;
  const change: SliceChange = {
    tracker,
    sliceUid,
    sliceName: slice.metadata.name,
    at,
    since,
    until: Math.max(at, bounds.latest),
    seenLate,
    sliceDeleted: deleted,
    touched: [],
  };
  if (!deleted) for (const endpoint of slice.endpoints ?? []) applyEndpoint(change, entry, endpoint);
  const current = entry;
  for (const [podUid, member] of current.members) {
    if (member.seen === current.generation) continue;
    changePod(change, podUid, () => {
      current.members.delete(podUid);
      return null;
    });
  }
  if (deleted) tracker.slices.delete(sliceUid);
  return change.touched;
}
