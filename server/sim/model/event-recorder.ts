/**
 * Writes Events the way the cluster's components do. core/v1 events (kubelet, controllers) carry second-precision
 * `firstTimestamp`/`lastTimestamp`; identical events are merged into one object with a growing `count`, as
 * client-go's EventCorrelator (tools/record/events_cache.go) does. Components on the events.k8s.io API (the
 * scheduler) write `eventTime` in microseconds and no first/last timestamps; both APIs are views of one object,
 * so those are stored as core/v1 Events too. Events expire after the TTL (apiserver `--event-ttl`).
 */
import type { ApiObject, ObjectStore } from '../object-store';
import { apiTime, microTime } from './api-time';
import type { Random } from './random';
import type { Timers } from './timers';

export interface InvolvedObject {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  uid: string;
  fieldPath?: string;
}

export interface CoreEventInput {
  involvedObject: InvolvedObject;
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  component: string;
  /** The node, for kubelet events (`source.host`). */
  host?: string;
}

export interface SeriesEventInput {
  regarding: InvolvedObject;
  related?: InvolvedObject;
  reason: string;
  note: string;
  action: string;
  type: 'Normal' | 'Warning';
  reportingController: string;
  reportingInstance: string;
}

interface Recorded {
  namespace: string;
  name: string;
  createdAt: number;
}

/** An events.k8s.io event in the recorder's cache of isomorphic events (client-go tools/events `eventCache`). */
interface SeriesEntry {
  recorded: Recorded;
  /** Occurrences so far; 1 until an isomorphic event comes (then the Event gets a `series`). */
  count: number;
  lastObservedAt: number;
  /** The count last written to the API. */
  written: number;
}

/** tools/events: a series not observed for this long is finished (written one last time, then forgotten). */
const SERIES_FINISH_MS = 6 * 60_000;
/** tools/events: every series still going is written this often (its count and lastObservedTime catch up). */
const SERIES_REFRESH_MS = 30 * 60_000;

export class EventRecorder {
  private sequence = 0;
  private readonly byKey = new Map<string, Recorded>();
  private readonly all: Recorded[] = [];
  private readonly series = new Map<string, SeriesEntry>();
  private seriesTimersStarted = false;

  constructor(
    private readonly deps: { store: ObjectStore; rng: Random; now: () => number; timers: Timers; ttlMs: number },
  ) {}

  /** Starts expiring events older than the TTL (checked once a minute). */
  startExpiry(): void {
    this.deps.timers.after(60_000, () => {
      this.expire();
      this.startExpiry();
    });
  }

  record(input: CoreEventInput): void {
    const now = this.deps.now();
    const key = [
      input.involvedObject.uid,
      input.involvedObject.fieldPath ?? '',
      input.reason,
      input.message,
      input.component,
      input.type,
    ].join('\u0000');
    const existing = this.byKey.get(key);
    if (existing) {
      const updated = this.deps.store.update('events', existing.namespace, existing.name, (event) => {
        event.count = (typeof event.count === 'number' ? event.count : 1) + 1;
        event.lastTimestamp = apiTime(now);
      });
      if (updated) return;
    }
    const object: ApiObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: this.eventName(input.involvedObject.name),
        namespace: input.involvedObject.namespace,
        uid: this.deps.rng.uuid(),
      },
      involvedObject: { ...input.involvedObject },
      reason: input.reason,
      message: input.message,
      source: input.host ? { component: input.component, host: input.host } : { component: input.component },
      firstTimestamp: apiTime(now),
      lastTimestamp: apiTime(now),
      count: 1,
      type: input.type,
      eventTime: null,
      reportingComponent: input.component,
      reportingInstance: input.host ?? '',
    };
    const created = this.deps.store.create('events', object);
    const recorded = { namespace: input.involvedObject.namespace, name: created.metadata.name, createdAt: now };
    this.byKey.set(key, recorded);
    this.all.push(recorded);
  }

  /**
   * An events.k8s.io/v1 event, as the core/v1 view shows it: µs `eventTime`, null first/last timestamps. Isomorphic
   * events (same regarding, related, reason, action and reporting controller; the note may differ) become a series,
   * as client-go tools/events does it: the second occurrence writes `series` {count 2, lastObservedTime}; later ones
   * only count in the recorder's cache until the series is refreshed (every 30 min) or finished (6 min after its last
   * occurrence), when the count and lastObservedTime are written. `eventTime` stays the first occurrence's.
   */
  recordSeries(input: SeriesEventInput): void {
    const now = this.deps.now();
    const key = JSON.stringify([
      input.regarding,
      input.related ?? null,
      input.reason,
      input.action,
      input.reportingController,
    ]);
    const cached = this.series.get(key);
    if (cached) {
      cached.count += 1;
      cached.lastObservedAt = now;
      if (cached.count === 2) this.writeSeries(cached);
      return;
    }
    const object: ApiObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: this.eventName(input.regarding.name),
        namespace: input.regarding.namespace,
        uid: this.deps.rng.uuid(),
      },
      involvedObject: { ...input.regarding },
      related: input.related ? { ...input.related } : undefined,
      reason: input.reason,
      message: input.note,
      action: input.action,
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type: input.type,
      eventTime: microTime(now),
      reportingComponent: input.reportingController,
      reportingInstance: input.reportingInstance,
    };
    if (!input.related) delete object.related;
    const created = this.deps.store.create('events', object);
    const recorded = { namespace: input.regarding.namespace, name: created.metadata.name, createdAt: now };
    this.all.push(recorded);
    this.series.set(key, { recorded, count: 1, lastObservedAt: now, written: 1 });
    this.startSeriesTimers();
  }

  private writeSeries(entry: SeriesEntry): void {
    if (entry.count === entry.written) return;
    entry.written = entry.count;
    this.deps.store.update('events', entry.recorded.namespace, entry.recorded.name, (event) => {
      event.series = { count: entry.count, lastObservedTime: microTime(entry.lastObservedAt) };
    });
  }

  /** refreshExistingEventSeries and finishSeries of tools/events, started with the first cached event. */
  private startSeriesTimers(): void {
    if (this.seriesTimersStarted) return;
    this.seriesTimersStarted = true;
    const refresh = (): void => {
      for (const entry of this.series.values()) if (entry.count > 1) this.writeSeries(entry);
      this.deps.timers.after(SERIES_REFRESH_MS, refresh);
    };
    const finish = (): void => {
      const cutoff = this.deps.now() - SERIES_FINISH_MS;
      for (const [key, entry] of this.series) {
        if (entry.lastObservedAt >= cutoff) continue;
        if (entry.count > 1) this.writeSeries(entry);
        this.series.delete(key);
      }
      this.deps.timers.after(SERIES_FINISH_MS, finish);
    };
    this.deps.timers.after(SERIES_REFRESH_MS, refresh);
    this.deps.timers.after(SERIES_FINISH_MS, finish);
  }

  /** `<object>.<hex nanoseconds>` like tools/record's makeEvent; a sequence keeps same-millisecond names apart. */
  private eventName(objectName: string): string {
    this.sequence += 1;
    const nanos = BigInt(this.deps.now()) * 1_000_000n + BigInt(this.sequence % 1_000_000);
    return `${objectName}.${nanos.toString(16)}`;
  }

  private expire(): void {
    const cutoff = this.deps.now() - this.deps.ttlMs;
    while (this.all[0] && this.all[0].createdAt < cutoff) {
      const oldest = this.all.shift();
      if (!oldest) break;
      this.deps.store.delete('events', oldest.namespace, oldest.name);
      for (const [key, recorded] of this.byKey) if (recorded === oldest) this.byKey.delete(key);
    }
  }
}
