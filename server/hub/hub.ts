/**
 * The live state: every recording entry goes through the timeline reducer exactly once; the timelines that
 * changed become deltas with increasing sequence ids, kept in a ring for resuming clients and fanned out to
 * subscribers. Memory stays bounded: pods gone for longer than `retentionMs` leave the state (../../lib/timeline/
 * prune.ts), the ring has a fixed capacity, and each client's queue is bounded (./client-queue.ts).
 *
 * Changed timelines are built once per batch (a macrotask), not once per entry: a relist of a thousand objects
 * arrives in one burst and costs one pass over the changed pods.
 */
import { randomBytes } from 'node:crypto';
import type { WatchStatus, DeltaMessage } from '@/lib/live/protocol';
import { isWatchState, type RecordingEntry, type WatchResource } from '@/lib/recording/types';
import {
  analysisOf,
  applyEntry,
  createTimelineState,
  takeChangedPodUids,
  takeChangedWorkloads,
  type TimelineState,
} from '@/lib/timeline/engine';
import { podsGoneBefore, pruneOrphans, prunePods } from '@/lib/timeline/prune';
import { podExtent, type PodExtent } from '@/lib/timeline/pod-extent';
import { derivePod, type DerivedPod } from '@/lib/timeline/timeline';
import { DEFAULT_ALLOWANCE_SECONDS, DEFAULT_LIVE_RETENTION_MS } from '@/lib/config-defaults';
import type { Analysis, Finding, PodTimeline, WorkloadSpec } from '@/lib/timeline/types';
import type { HubDelta } from './client-queue';
import { RingBuffer } from './ring-buffer';

export interface HubOptions {
  /** The clock the entries' receipt times come from; retention is measured on it. */
  now: () => number;
  allowanceSeconds?: number;
  ringCapacity?: number;
  retentionMs?: number;
  sweepIntervalMs?: number;
  findingsIntervalMs?: number;
}

export interface HubSnapshot {
  seq: number;
  pods: PodTimeline[];
  findings: Finding[];
  watches: WatchStatus[];
  /** Watched Deployments' spec histories (empty when none was seen). */
  workloads: WorkloadSpec[];
  /** Retention forgot the pods gone before this time: counts over pods are incomplete before it. */
  forgottenBefore?: number;
}

/** Receives every raw recording line, in order: what tests and tools tap to see the recording as it is written. */
export type LineTap = (line: string) => void;

/**
 * Sees what the hub sees, in order (server/metrics counts terminations here; the store writes the derived pods
 * as its timeline rows, server/store/store.ts): every entry as it is ingested, each changed pod as derived at a
 * flush (with the per-pod facts the measures need, which the timeline does not carry, and where the pod was
 * seen), the end of each flush (every entry ingested before it is in what it derived), and each pod the hub forgot.
 */
export interface HubObserver {
  entry?(entry: RecordingEntry): void;
  derived?(pod: DerivedPod, extent: PodExtent): void;
  flushed?(): void;
  removed?(uid: string): void;
}

export interface HubStats {
  seq: number;
  pods: number;
  ringSize: number;
  listeners: number;
  entries: number;
}

export class TimelineHub {
  /** Distinguishes this process's sequence ids from a previous one's: ids are `${epoch}-${seq}`. */
  readonly epoch = randomBytes(4).toString('hex');
  readonly allowanceSeconds: number;
  private state: TimelineState;
  private seq = 0;
  private entries = 0;
  private readonly ring: RingBuffer<HubDelta>;
  /**
   * Invariant: holds derivePod(state, uid) as of the last flush, for every uid that has a timeline. The findings are
   * made from these (`analysisOf`), not by deriving every pod again.
   */
  private readonly derived = new Map<string, DerivedPod>();
  private findings: Finding[] = [];
  private findingsJson = '[]';
  private findingsDirty = false;
  private workloads: WorkloadSpec[] = [];
  /** The last retention cutoff that forgot pods: before it, what the hub holds is not every pod. */
  private forgottenBefore: number | null = null;
  private readonly watches = new Map<WatchResource, WatchStatus>();
  private readonly listeners = new Set<(delta: HubDelta) => void>();
  private readonly sinks = new Set<LineTap>();
  private readonly observers = new Set<HubObserver>();
  private flushTimer: ReturnType<typeof setImmediate> | null = null;
  private findingsTimer: ReturnType<typeof setTimeout> | null = null;
  private sweepTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: HubOptions) {
    this.allowanceSeconds = options.allowanceSeconds ?? DEFAULT_ALLOWANCE_SECONDS;
    this.state = createTimelineState({ allowanceSeconds: this.allowanceSeconds });
    this.ring = new RingBuffer(options.ringCapacity ?? 10_000);
  }

  /** Starts the retention sweep; without it the hub still works, it just never forgets. */
  start(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => this.sweep(), this.options.sweepIntervalMs ?? 60_000);
    this.sweepTimer.unref?.();
  }

  stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.findingsTimer) clearTimeout(this.findingsTimer);
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.sweepTimer = this.findingsTimer = this.flushTimer = null;
    this.flush();
  }

  ingest(entry: RecordingEntry, line: string): void {
    for (const sink of this.sinks) sink(line);
    this.entries += 1;
    for (const observer of this.observers) observer.entry?.(entry);
    // Timelines changed by earlier entries go out before a watch-state change, so clients see them in order.
    if (isWatchState(entry)) this.flush();
    this.state = applyEntry(this.state, entry);
    if (isWatchState(entry)) {
      const watch: WatchStatus = {
        resource: entry.resource,
        state: entry.state,
        synced: entry.state !== 'disconnected',
        at: entry.at,
      };
      if (entry.reason !== undefined) watch.reason = entry.reason;
      if (entry.state === 'disconnected') watch.since = entry.since ?? entry.at;
      // A hang outlives the relist that follows it: it ends when a watch delivers again (reportHung).
      const hungSince = this.watches.get(entry.resource)?.hungSince;
      if (hungSince !== undefined) watch.hungSince = hungSince;
      this.watches.set(entry.resource, watch);
      this.publish({ type: 'watch', watch });
    }
    this.flushTimer ??= setImmediate(() => this.flush());
  }

  /**
   * A resource that has not listed yet failed to (RBAC, an unreachable API server). Published as its watch status
   * so the page can say why it is empty; not an entry: the recording has nothing to be blind about yet. Repeats of
   * the same reason (each retry) are not republished.
   */
  reportUnsynced(resource: WatchResource, reason: string, at: number): void {
    const known = this.watches.get(resource);
    if (known && known.state === 'disconnected' && !known.synced && known.reason === reason) return;
    const watch: WatchStatus = { resource, state: 'disconnected', synced: false, at, reason };
    this.watches.set(resource, watch);
    this.publish({ type: 'watch', watch });
  }

  /**
   * A watch of `resource` went silent past the hang bound (`since`: its last delivery), or delivered again (null).
   * Status only, not an entry: the recording already has the blind window from `since` to the relist.
   */
  reportHung(resource: WatchResource, since: number | null, at: number): void {
    const known = this.watches.get(resource);
    if ((known?.hungSince ?? null) === since) return;
    const watch: WatchStatus = known ? { ...known } : { resource, state: 'connected', synced: true, at };
    if (since === null) delete watch.hungSince;
    else watch.hungSince = since;
    this.watches.set(resource, watch);
    this.publish({ type: 'watch', watch });
  }

  /** Builds the timelines changed since the last flush and publishes them. Tests and snapshots call it directly. */
  flush(): void {
    if (this.flushTimer) clearImmediate(this.flushTimer);
    this.flushTimer = null;
    const uids = takeChangedPodUids(this.state);
    for (const uid of uids) {
      const derived = derivePod(this.state, uid);
      const evidence = this.state.pods.get(uid);
      if (derived && evidence) {
        const pod = derived.timeline;
        this.derived.set(uid, derived);
        const extent = podExtent(evidence);
        for (const observer of this.observers) observer.derived?.(derived, extent);
        this.publish({ type: 'timeline', pod });
      } else if (this.derived.delete(uid)) {
        for (const observer of this.observers) observer.removed?.(uid);
        this.publish({ type: 'removed', uid });
      }
    }
    if (uids.length > 0) this.markFindingsDirty();
    const workloads = takeChangedWorkloads(this.state);
    if (workloads) {
      this.workloads = workloads;
      this.publish({ type: 'workloads', workloads });
    }
    for (const observer of this.observers) observer.flushed?.();
  }

  /** Recomputes findings (they span pods, so this is O(pods)); publishes only when they changed. */
  flushFindings(): void {
    if (this.findingsTimer) clearTimeout(this.findingsTimer);
    this.findingsTimer = null;
    if (!this.findingsDirty) return;
    this.findingsDirty = false;
    const findings = analysisOf(this.state, this.derived.values()).findings;
    const json = JSON.stringify(findings);
    if (json === this.findingsJson) return;
    this.findings = findings;
    this.findingsJson = json;
    this.publish({ type: 'findings', findings });
  }

  /** Forgets pods deleted more than `retentionMs` ago, telling clients with `removed` deltas. */
  sweep(): void {
    this.flush();
    const cutoff = this.options.now() - (this.options.retentionMs ?? DEFAULT_LIVE_RETENTION_MS);
    const gone = podsGoneBefore(this.state, cutoff);
    this.state = pruneOrphans(prunePods(this.state, gone), cutoff);
    if (gone.length > 0) this.forgottenBefore = cutoff;
    for (const uid of gone) {
      if (!this.derived.delete(uid)) continue;
      for (const observer of this.observers) observer.removed?.(uid);
      this.publish({ type: 'removed', uid, forgottenBefore: cutoff });
    }
    if (gone.length > 0) this.markFindingsDirty();
  }

  snapshot(): HubSnapshot {
    this.flush();
    this.flushFindings();
    return {
      seq: this.seq,
      pods: [...this.derived.values()].map((pod) => pod.timeline),
      findings: this.findings,
      watches: [...this.watches.values()],
      workloads: this.workloads,
      ...(this.forgottenBefore !== null && { forgottenBefore: this.forgottenBefore }),
    };
  }

  /** Deltas after `seq` from the ring, or undefined when they are no longer all there. */
  deltasSince(seq: number): HubDelta[] | undefined {
    return this.ring.since(seq);
  }

  /** The full analysis of what is live, as the CLI would compute it from the same entries. */
  analysis(): Analysis {
    this.flush();
    return analysisOf(this.state, this.derived.values());
  }

  subscribe(listener: (delta: HubDelta) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  observe(observer: HubObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Every line the hub takes in, in order: the session's recording as text, for tests and diagnostics. */
  /** Every line the hub takes in, in order: the session's recording as text, for tests and diagnostics. */
  tapLines(sink: LineTap): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  stats(): HubStats {
    return {
      seq: this.seq,
      pods: this.derived.size,
      ringSize: this.ring.size,
      listeners: this.listeners.size,
      entries: this.entries,
    };
  }

  private markFindingsDirty(): void {
    this.findingsDirty = true;
    if (this.findingsTimer) return;
    this.findingsTimer = setTimeout(() => this.flushFindings(), this.options.findingsIntervalMs ?? 1000);
    this.findingsTimer.unref?.();
  }

  private publish(message: DeltaMessage): void {
    this.seq += 1;
    const delta: HubDelta = { seq: this.seq, message };
    this.ring.push(delta);
    for (const listener of [...this.listeners]) listener(delta);
  }
}
