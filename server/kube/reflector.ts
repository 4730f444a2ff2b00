/**
 * The list+watch loop for one resource in one scope, after client-go's Reflector and DeltaFIFO
 * (k8s.io/client-go/tools/cache/reflector.go, delta_fifo.go), written by hand instead of using client-node 1.4's
 * informer because that one stops for good on its first `error` (and `stop()` itself fires `error`).
 *
 * Continuity rules:
 * - A watch the server ends (its timeout) is resumed at once from the last resourceVersion: the watch contract
 *   makes that lossless and nothing arrives late, so nothing is written.
 * - Anything that breaks continuity (410 Expired, a failed request, a dropped connection, silence past the hang
 *   bound, a watch that ended too soon to resume at once) writes `disconnected` with the reason and `since`: the last
 *   time this scope delivered anything (an event, a bookmark, a list). A hang is detected long after it began; the
 *   blind window starts where the watch went silent. The next successful list writes `relisted`, its differences
 *   written in between, so the recording shows the window as blind and what changed in it as seen late.
 * - After a relist, objects missing from the list get a DELETED carrying their last known state ("final state
 *   unknown"), objects already known get a MODIFIED if their resourceVersion changed, new ones an ADDED.
 * - A reflector can start from a known set (drainscope restarted: the objects known at the end of the stored
 *   recording), already blind: its first list diffs against that set and writes `relisted`.
 * resourceVersions are opaque: compared only for equality.
 */
import type { WatchResource, WatchStateKind } from '@/lib/recording/types';
import { stripForRecording } from '@/lib/recording/writer';
import type { ApiJson } from './api-json';
import { createBackoff, type Backoff, type BackoffOptions } from './backoff';
import { describeHttpFailure } from './rbac';
import type { ResourceClient } from './resource-client';
import type { WatchEnd, WatchStream } from './watch-stream';

export type DeltaType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ReflectorListener {
  onDelta(type: DeltaType, object: ApiJson): void;
  /** `since`, on `disconnected`: the last time this scope delivered anything (the blind window starts there). */
  onWatchState(state: WatchStateKind, reason?: string, since?: number): void;
  /** A hang was detected (`since`: when the watch went silent), or a watch delivered again after one (`null`). */
  onHung?(since: number | null): void;
  onMalformed(problem: string): void;
  /**
   * A list failed before the first sync. Not a watch state (there is no state yet to be blind about, so nothing
   * goes into the recording), but the person looking at an empty page must learn why it stays empty.
   */
  onSyncFailure?(reason: string): void;
}

export interface ReflectorStatus {
  resource: WatchResource;
  namespace: string | null;
  /** A list has succeeded at least once: the state is complete apart from recorded blind intervals. */
  synced: boolean;
  /** A watch is established right now. */
  watching: boolean;
  lastError: string | null;
  relists: number;
  /** The resourceVersion the next watch resumes from (opaque; tests compare it with the simulator's). */
  resourceVersion: string;
  /** The last time (the listener's clock) a list, event or bookmark arrived: the state is known up to here. */
  lastDeliveryAt: number | null;
  /** The server has sent this scope a bookmark: it sends them periodically, so silence is a sign of a hang. */
  bookmarks: boolean;
  /** Blind (continuity broken, not relisted yet) since this time; null when not blind. */
  blindSince: number | null;
  /**
   * A watch went silent past the hang bound at this time and no watch has delivered since (a relist may have
   * succeeded meanwhile: the new watch is no better until it delivers). null when not hung.
   */
  hungSince: number | null;
}

export interface ReflectorOptions {
  client: ResourceClient;
  listener: ReflectorListener;
  backoff?: BackoffOptions;
  /** A watch closing sooner than this after it opened counts as a failure for backoff (stops a hot loop). */
  minWatchMs?: number;
  log?: (message: string) => void;
  /** The clock of `since` and of the status times: the one the recording's `at` comes from. */
  now?: () => number;
  /** Start from these objects, blind since `since` (drainscope's own restart; see server/store/live-recorder.ts). */
  resume?: { objects: ApiJson[]; since: number };
}

interface KnownObject {
  uid: string;
  resourceVersion: string;
  /** The last state seen, stripped as for a recording: it becomes the DELETED object if the pod vanishes unseen. */
  object: ApiJson;
}

function metadataOf(object: ApiJson): { name: string; namespace: string; uid: string; resourceVersion: string } {
  const metadata = (typeof object.metadata === 'object' && object.metadata !== null ? object.metadata : {}) as Record<
    string,
    unknown
  >;
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return {
    name: text(metadata.name),
    namespace: text(metadata.namespace),
    uid: text(metadata.uid),
    resourceVersion: text(metadata.resourceVersion),
  };
}

const keyOf = (meta: { namespace: string; name: string }): string => `${meta.namespace}/${meta.name}`;

export class Reflector {
  /** Invariant: a key is here iff the last list or watch event left that object existing. */
  private readonly known = new Map<string, KnownObject>();
  private readonly backoff: Backoff;
  private resourceVersion = '';
  private stopped = false;
  private running: Promise<void> | null = null;
  private stream: WatchStream | null = null;
  private readonly abort = new AbortController();
  private wakeSleep: (() => void) | null = null;
  /** The last watch-state line written, so each transition is written once. */
  private lastState: WatchStateKind | null = null;
  private readonly state: ReflectorStatus;
  private readonly now: () => number;
  /** The largest interval between two bookmarks of one watch so far: the server's bookmark cadence. */
  private bookmarkGapMs: number | null = null;

  constructor(private readonly options: ReflectorOptions) {
    this.backoff = createBackoff(options.backoff);
    this.now = options.now ?? Date.now;
    this.state = {
      resource: options.client.resource,
      namespace: options.client.namespace,
      synced: false,
      watching: false,
      lastError: null,
      relists: 0,
      resourceVersion: '',
      lastDeliveryAt: null,
      bookmarks: false,
      blindSince: null,
      hungSince: null,
    };
    if (options.resume) {
      for (const object of options.resume.objects) {
        const meta = metadataOf(object);
        this.known.set(keyOf(meta), {
          uid: meta.uid,
          resourceVersion: meta.resourceVersion,
          object: stripForRecording(object) as ApiJson,
        });
      }
      // The `disconnected` line was written by whoever resumed (it covers every scope of the resource).
      this.lastState = 'disconnected';
      this.state.blindSince = options.resume.since;
      this.state.lastDeliveryAt = options.resume.since;
    }
  }

  get status(): ReflectorStatus {
    return { ...this.state, resourceVersion: this.resourceVersion };
  }

  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.run().catch((error: unknown) => {
      this.state.lastError = `reflector crashed: ${error instanceof Error ? error.message : String(error)}`;
      this.options.log?.(this.state.lastError);
    });
  }

  /** Idempotent; resolves when the loop has ended and no request is open. Our own flag, not the stream's errors, decides. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.stream?.stop();
    this.wakeSleep?.();
    await this.running;
  }

  private async run(): Promise<void> {
    let needList = true;
    while (!this.stopped) {
      if (needList) {
        const listed = await this.relist();
        if (!listed) continue;
        needList = false;
      }
      const openedAt = Date.now();
      const end = await this.watchOnce();
      if (this.stopped || end.kind === 'stopped') break;
      const tooShort = Date.now() - openedAt < (this.options.minWatchMs ?? 1000);
      // Resumed at once, the next watch replays what happened meanwhile within milliseconds: nothing is late.
      if (end.kind === 'closed' && !tooShort) continue;
      needList = true;
      if (end.kind === 'idle') this.noteHung();
      this.breakContinuity(this.describeEnd(end));
      // After a backoff sleep the events of the pause would arrive late, looking observed: hence the relist above.
      if (end.kind === 'failed' || tooShort) await this.sleep(this.backoff.next());
    }
    this.state.watching = false;
  }

  private async relist(): Promise<boolean> {
    let result;
    // The list shows the state at some moment between its request and its answer: known for sure from the request.
    const requestedAt = this.now();
    try {
      result = await this.options.client.list(this.abort.signal);
    } catch (error) {
      if (this.stopped) return false;
      this.breakContinuity(error instanceof Error ? error.message : String(error));
      await this.sleep(this.backoff.next());
      return false;
    }
    if (this.stopped) return false;
    this.replace(result.items);
    this.resourceVersion = result.resourceVersion;
    this.state.lastDeliveryAt = requestedAt;
    if (this.state.synced) this.state.relists += 1;
    if (this.lastState === 'disconnected') this.writeState('relisted');
    this.state.blindSince = null;
    this.state.synced = true;
    this.state.lastError = null;
    return true;
  }

  private watchOnce(): Promise<WatchEnd> {
    const stream = this.options.client.watch(
      this.resourceVersion,
      {
        onOpen: () => {
          this.state.watching = true;
          if (this.lastState !== 'connected') this.writeState('connected');
        },
        onEvent: (type, object) => {
          this.delivered();
          this.applyWatchEvent(type, object);
        },
        onBookmark: (resourceVersion) => {
          this.state.bookmarks = true;
          this.delivered();
          this.resourceVersion = resourceVersion;
        },
        onMalformed: (problem) => this.options.listener.onMalformed(problem),
      },
      {
        bookmarksExpected: this.state.bookmarks,
        bookmarkGapMs: this.bookmarkGapMs,
        onBookmarkGap: (gapMs) => (this.bookmarkGapMs = Math.max(this.bookmarkGapMs ?? 0, gapMs)),
      },
    );
    this.stream = stream;
    return stream.done.finally(() => {
      this.stream = null;
      this.state.watching = false;
    });
  }

  /** The watch is alive up to now. */
  private delivered(): void {
    this.backoff.reset();
    this.state.lastDeliveryAt = this.now();
    if (this.state.hungSince !== null) {
      this.state.hungSince = null;
      this.options.listener.onHung?.(null);
    }
  }

  private noteHung(): void {
    if (this.state.hungSince !== null) return;
    this.state.hungSince = this.state.lastDeliveryAt ?? this.now();
    this.options.listener.onHung?.(this.state.hungSince);
  }

  private applyWatchEvent(type: DeltaType, object: ApiJson): void {
    const meta = metadataOf(object);
    if (meta.resourceVersion) this.resourceVersion = meta.resourceVersion;
    const stripped = stripForRecording(object) as ApiJson;
    if (type === 'DELETED') this.known.delete(keyOf(meta));
    else this.known.set(keyOf(meta), { uid: meta.uid, resourceVersion: meta.resourceVersion, object: stripped });
    this.options.listener.onDelta(type, object);
  }

  /** DeltaFIFO.Replace: the list is the truth; the differences with what we knew become deltas. */
  private replace(items: ApiJson[]): void {
    const listed = new Set<string>();
    for (const item of items) {
      const meta = metadataOf(item);
      const key = keyOf(meta);
      listed.add(key);
      const known = this.known.get(key);
      const next = { uid: meta.uid, resourceVersion: meta.resourceVersion, object: stripForRecording(item) as ApiJson };
      this.known.set(key, next);
      if (!known) {
        this.options.listener.onDelta('ADDED', item);
      } else if (known.uid !== meta.uid) {
        // Same name, new uid (a StatefulSet pod came back): the old one is gone.
        this.options.listener.onDelta('DELETED', known.object);
        this.options.listener.onDelta('ADDED', item);
      } else if (known.resourceVersion !== meta.resourceVersion) {
        this.options.listener.onDelta('MODIFIED', item);
      }
    }
    for (const [key, known] of this.known) {
      if (listed.has(key)) continue;
      this.known.delete(key);
      this.options.listener.onDelta('DELETED', known.object);
    }
  }

  private breakContinuity(reason: string): void {
    this.state.lastError = reason;
    this.options.log?.(`${this.scopeText()}: ${reason}`);
    // Before the first sync there is no state to be blind about: readiness and onSyncFailure report the error instead.
    if (!this.state.synced) this.options.listener.onSyncFailure?.(this.scoped(reason));
    else if (this.lastState !== 'disconnected') {
      const since = this.state.lastDeliveryAt ?? this.now();
      this.state.blindSince = since;
      this.writeState('disconnected', reason, since);
    }
  }

  private writeState(state: WatchStateKind, reason?: string, since?: number): void {
    this.lastState = state;
    this.options.listener.onWatchState(state, reason === undefined ? undefined : this.scoped(reason), since);
  }

  private scoped(reason: string): string {
    return this.options.client.namespace === null ? reason : `${this.scopeText()}: ${reason}`;
  }

  private describeEnd(end: WatchEnd): string {
    switch (end.kind) {
      case 'expired':
        return `resourceVersion expired (410): ${end.message}`;
      case 'idle':
        return `no data or bookmark for ${Number((end.idleMs / 1000).toFixed(1))} s: watch presumed hung`;
      case 'dropped':
        return `watch connection dropped: ${end.detail}`;
      case 'closed':
        return `watch ended ${Number(((this.options.minWatchMs ?? 1000) / 1000).toFixed(1))} s or less after it opened (${end.detail}); relisting after a backoff`;
      case 'failed': {
        if (end.statusCode === null) return `watch failed: ${end.message}`;
        const scope = {
          verb: 'watch' as const,
          resource: this.options.client.resource,
          namespace: this.options.client.namespace,
        };
        return describeHttpFailure(scope, end.statusCode, end.message);
      }
      default:
        return end.kind;
    }
  }

  private scopeText(): string {
    const namespace = this.options.client.namespace;
    return namespace === null ? this.options.client.resource : `${this.options.client.resource} in ${namespace}`;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleep = done;
    });
  }
}
