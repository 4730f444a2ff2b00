/**
 * Events, from either API, normalised to one record and kept by the event's own uid: core/v1 `Event` and
 * events.k8s.io/v1 `Event` are two views of the same stored objects, so the same `metadata.uid` is the same event
 * however it arrived, and a merged event (count > 1) updated in place stays one record.
 *
 * A merged event is many occurrences in one object (client-go tools/record/events_cache.go: an identical event
 * raises `count` and moves `lastTimestamp`; tools/events: `series.count` and `series.lastObservedTime`, written
 * at once for the second occurrence and then only every 30 minutes). It may span days: the kubelet's `Killing`
 * for a restart weeks ago and for today's termination, a StatefulSet's `SuccessfulDelete` of each pod that ever
 * had the name. So the record keeps every occurrence whose time was seen (the first, and the last of each view),
 * and a reader picks the one that belongs to it (`firstOccurrenceFrom`), never simply the first.
 */
import type { CoreEvent, EventsV1Event } from '../kube/objects';
import { parseApiTime, type EpochMs } from '../time';
import { isoOf } from './iso';
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
  /**
   * Occurrences whose time is known, in time order without repeats: the first, and the last of each view seen.
   * With `count` above their number, others happened between them, at times nobody reported.
   */
  occurrences: TimeInterval[];
  /**
   * The event aggregator's `(combined from similar events): ` event (events_cache.go EventAggregate): one object
   * for events that differ only in message, its message that of the newest. Only its last occurrence is the one
   * its message describes.
   */
  combined: boolean;
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

/** Keeps the newest occurrences of an event that repeats for days (a crash-looping probe): the first and these. */
const MAX_OCCURRENCES = 32;

const COMBINED_PREFIX = '(combined from similar events): ';

function occurrencesOf(firstAt: TimeInterval | null, lastAt: TimeInterval | null, combined: boolean): TimeInterval[] {
  if (combined) return lastAt ? [lastAt] : firstAt ? [firstAt] : [];
  return unionOccurrences(firstAt ? [firstAt] : [], lastAt ? [lastAt] : []);
}

function unionOccurrences(a: readonly TimeInterval[], b: readonly TimeInterval[]): TimeInterval[] {
  const all = [...a, ...b].sort((x, y) => x.at - y.at || x.latest - y.latest);
  const merged = all.filter((interval, index) => index === 0 || interval.at !== all[index - 1]?.at);
  return merged.length <= MAX_OCCURRENCES
    ? merged
    : [merged[0] as TimeInterval, ...merged.slice(merged.length - MAX_OCCURRENCES + 1)];
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
  const message = (core ? event.message : event.note) ?? '';
  const combined = message.startsWith(COMBINED_PREFIX);
  const firstAt = core
    ? apiTime(event.eventTime, event.firstTimestamp, event.lastTimestamp)
    : apiTime(event.eventTime, event.deprecatedFirstTimestamp, event.deprecatedLastTimestamp);
  const lastAt = core
    ? apiTime(event.series?.lastObservedTime, event.lastTimestamp)
    : apiTime(event.series?.lastObservedTime, event.deprecatedLastTimestamp);
  // A new-API event (events.k8s.io series) has no legacy count, or 0; an older tools/events counted the
  // repeats only (series.count 1 at the second occurrence). A series means at least two occurrences either way.
  const legacyCount = (core ? event.count : event.deprecatedCount) ?? 0;
  const seriesCount = event.series ? Math.max(event.series.count ?? 0, 2) : 0;
  const record: EventRecord = {
    uid: event.metadata.uid,
    reason: event.reason ?? '',
    message,
    container: containerOf(involved.fieldPath),
    firstAt,
    lastAt,
    count: Math.max(legacyCount, seriesCount, 1),
    occurrences: occurrencesOf(firstAt, lastAt, combined),
    combined,
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
  const lastAt =
    previous.lastAt && (!next.lastAt || previous.lastAt.at > next.lastAt.at) ? previous.lastAt : next.lastAt;
  // A combined event's message names only its newest occurrence: a view with another message described another
  // occurrence (another pod, another container), so its times are not this message's.
  const occurrences =
    next.combined && previous.message !== next.message
      ? next.occurrences
      : unionOccurrences(previous.occurrences, next.occurrences);
  return {
    ...next,
    firstAt: previous.firstAt ?? next.firstAt,
    lastAt,
    receivedAt: previous.receivedAt,
    count: Math.max(previous.count, next.count),
    occurrences,
  };
}

export function sameEvent(a: EventRecord, b: EventRecord): boolean {
  return (
    a.reason === b.reason &&
    a.message === b.message &&
    a.count === b.count &&
    a.firstAt?.at === b.firstAt?.at &&
    a.lastAt?.at === b.lastAt?.at &&
    a.container === b.container &&
    a.occurrences.length === b.occurrences.length
  );
}

/** One occurrence of a (possibly merged) event, picked as the one a pod's story needs. */
export interface EventOccurrence {
  event: EventRecord;
  at: TimeInterval;
  /** False when unreported occurrences may lie between the known ones, so `at` only bounds it. */
  exact: boolean;
}

/**
 * The first occurrence at or after `notBefore` (epoch ms), bounded by what is known: the earliest known one that
 * can be after `notBefore` when no occurrence can hide before it, else the span from `notBefore` (or the last
 * known one before it) to that one. Null when every known occurrence is before `notBefore`: the one wanted was
 * not seen (the event's last occurrence is in each view, so none can hide after it).
 */
export function firstOccurrenceFrom(event: EventRecord, notBefore: EpochMs): EventOccurrence | null {
  const known = event.occurrences;
  const index = known.findIndex((occurrence) => occurrence.latest > notBefore);
  const found = known[index];
  if (found === undefined) return null;
  const before = index > 0 ? known[index - 1] : undefined;
  const allKnown = event.combined || event.count <= known.length;
  if (before === undefined || allKnown) {
    if (found.earliest >= notBefore) return { event, at: found, exact: true };
    return { event, at: { at: Math.max(found.at, notBefore), earliest: notBefore, latest: found.latest }, exact: true };
  }
  // Drawn at the known one: the bounds say where else it may be.
  return {
    event,
    at: { at: found.at, earliest: Math.max(notBefore, before.earliest), latest: found.latest },
    exact: false,
  };
}

/** The event's own first occurrence (a never-merged event's only one). */
export function firstOccurrence(event: EventRecord): EventOccurrence | null {
  return event.firstAt ? { event, at: event.firstAt, exact: true } : null;
}

export function eventEvidence(record: EventRecord, occurrence?: EventOccurrence): Evidence {
  if (record.count <= 1 && !record.combined)
    return {
      source: 'event',
      text: `${record.reason}: ${record.message}`,
      at: record.firstAt?.at ?? record.receivedAt,
    };
  const used = occurrence ?? firstOccurrence(record);
  const span = record.firstAt && record.lastAt ? `, ${isoOf(record.firstAt.at)} … ${isoOf(record.lastAt.at)}` : '';
  const which = !used
    ? 'no occurrence time'
    : used.exact
      ? `occurrence at ${isoOf(used.at.at)} used`
      : `its occurrence here lies between ${isoOf(used.at.earliest)} and ${isoOf(used.at.latest)}`;
  // `at` carries the occurrence used, so a reader sees which of the merged ones this pod's story rests on.
  return {
    source: 'event',
    text: `${record.reason}: ${record.message} (×${record.count}${span}; ${which})`,
    at: used?.at.at ?? record.receivedAt,
  };
}

/** `Deleted pod: NAME` (controller_utils.go) or `delete Pod NAME in StatefulSet X successful` (stateful_pod_control.go). */
const DELETED_POD_MESSAGES = [/^Deleted pod: (\S+)$/, /^delete Pod (\S+) in StatefulSet \S+ successful$/];

/** The pod a controller's delete names; a combined event (ten or more pods within ten minutes) names its newest. */
export function deletedPodName(message: string): string | null {
  const own = message.startsWith(COMBINED_PREFIX) ? message.slice(COMBINED_PREFIX.length) : message;
  for (const pattern of DELETED_POD_MESSAGES) {
    const name = pattern.exec(own)?.[1];
    if (name) return name;
  }
  return null;
}

/**
 * The kubelet's `Killing` messages for a container it will start again (kuberuntime_manager.go computePodActions
 * and computeInitContainerActions, kuberuntime_container.go startContainer): a failed liveness or startup probe
 * or a changed definition (`..., will be restarted`; a sidecar's `Init container X failed liveness probe`), a
 * container in an unknown state (`... try killing it before restart`), an in-place resize that needs a restart,
 * a failed postStart hook (message `FailedPostStartHook`). Only `Stopping container X` (killPod) and a probe
 * failure under restartPolicy Never (no `will be restarted`) stop a container for good.
 */
const RESTART_KILL_MESSAGES = [
  /, will be restarted$/,
  /^Init container \S+ (?:failed (?:liveness|startup) probe|definition changed)$/,
  /try killing it before restart$/,
  /resize requires restart$/,
  /^FailedPostStartHook$/,
];

export function isRestartKill(message: string): boolean {
  return RESTART_KILL_MESSAGES.some((pattern) => pattern.test(message));
}
