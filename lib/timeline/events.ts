/**
 * Events, from either API, normalised to one record and kept by the event's own uid: core/v1 `Event` and
 * events.k8s.io/v1 `Event` are two views of the same stored objects, so the same `metadata.uid` is the same event
 * however it arrived, and a merged event (count > 1) updated in place stays one record.
 */
import type { CoreEvent, EventsV1Event } from '../kube/objects';
import { parseApiTime, type EpochMs } from '../time';
import { microAt, secondAt, type TimeInterval } from './interval';
import type { Evidence } from './types';

export interface EventRecord {
  uid: string;
  reason: string;
  message: string;
  /** The container a kubelet event is about, from `fieldPath: spec.containers{NAME}` (or initContainers). */
  container: string | null;
  /** When it first happened: `eventTime` (µs) if set, else the first (or last) timestamp, truncated to seconds. */
  firstAt: TimeInterval | null;
  /**
   * When it last happened: `series.lastObservedTime` (µs) or `lastTimestamp` (seconds); null when not set. For a
   * `Killing` with count > 1 this is when the kubelet restarted the kill (a shorter grace period, kill.go).
   */
  lastAt: TimeInterval | null;
  count: number;
  receivedAt: EpochMs;
}

export interface NormalizedEvent {
  record: EventRecord;
  namespace: string;
  involvedKind: string | null;
  involvedUid: string | null;
}

const FIELD_PATH_CONTAINER = /^spec\.(?:initContainers|containers|ephemeralContainers)\{([^}]+)\}$/;

function apiTime(micro: string | null | undefined, ...seconds: (string | null | undefined)[]): TimeInterval | null {
  const exact = parseApiTime(micro);
  if (exact !== null) return microAt(exact);
  for (const value of seconds) {
    const at = parseApiTime(value);
    if (at !== null) return secondAt(at);
  }
  return null;
}

function containerOf(fieldPath: string | null | undefined): string | null {
  return FIELD_PATH_CONTAINER.exec(fieldPath ?? '')?.[1] ?? null;
}

/**
 * `eventTime` is when the event was first observed (events/v1 types.go); the legacy recorder leaves it empty
 * and sets `firstTimestamp`. `lastTimestamp` is used only when nothing else is set.
 */
export function normalizeEvent(event: CoreEvent | EventsV1Event, receivedAt: EpochMs): NormalizedEvent {
  const core = event.apiVersion === 'v1';
  const involved = core ? event.involvedObject : event.regarding;
  const record: EventRecord = {
    uid: event.metadata.uid,
    reason: event.reason ?? '',
    message: (core ? event.message : event.note) ?? '',
    container: containerOf(involved.fieldPath),
    firstAt: core
      ? apiTime(event.eventTime, event.firstTimestamp, event.lastTimestamp)
      : apiTime(event.eventTime, event.deprecatedFirstTimestamp, event.deprecatedLastTimestamp),
    lastAt: core ? apiTime(event.series?.lastObservedTime, event.lastTimestamp) : apiTime(event.series?.lastObservedTime, event.deprecatedLastTimestamp),
    count: (core ? event.count : event.deprecatedCount) ?? event.series?.count ?? 1,
    receivedAt,
  };
  return {
    record,
    namespace: involved.namespace ?? event.metadata.namespace ?? '',
    involvedKind: involved.kind ?? null,
    involvedUid: involved.uid ?? null,
  };
}

/**
 * Folds a new view of an event into the one already kept. The first occurrence never changes once known, so the
 * earlier record's time wins; the last occurrence is the later of the two (a relist may repeat an older view);
 * count and message follow the newest view.
 */
export function mergeEvent(previous: EventRecord | undefined, next: EventRecord): EventRecord {
  if (!previous) return next;
  const lastAt = previous.lastAt && (!next.lastAt || previous.lastAt.at > next.lastAt.at) ? previous.lastAt : next.lastAt;
  return { ...next, firstAt: previous.firstAt ?? next.firstAt, lastAt, receivedAt: previous.receivedAt, count: Math.max(previous.count, next.count) };
}

export function sameEvent(a: EventRecord, b: EventRecord): boolean {
  return a.reason === b.reason && a.message === b.message && a.count === b.count && a.firstAt?.at === b.firstAt?.at && a.lastAt?.at === b.lastAt?.at && a.container === b.container;
}

export function eventEvidence(record: EventRecord): Evidence {
  const count = record.count > 1 ? ` (×${record.count}, first occurrence used)` : '';
  // `at` carries the event's first occurrence, so the text need not repeat it.
  return { source: 'event', text: `${record.reason}: ${record.message}${count}`, at: record.firstAt?.at ?? record.receivedAt };
}

/** `Deleted pod: NAME` (controller_utils.go) or `delete Pod NAME in StatefulSet X successful` (stateful_pod_control.go). */
const DELETED_POD_MESSAGES = [/^Deleted pod: (\S+)$/, /^delete Pod (\S+) in StatefulSet \S+ successful$/];

export function deletedPodName(message: string): string | null {
  for (const pattern of DELETED_POD_MESSAGES) {
    const name = pattern.exec(message)?.[1];
    if (name) return name;
  }
  return null;
}
