/**
 * One stream client: `retry:` hint, `hello`, then a snapshot (or, when resuming, the deltas it missed), then the
 * hub's deltas through a bounded, coalescing queue (../hub/client-queue.ts), with heartbeat comments.
 *
 * The stream is pull-based: frames are produced only when the HTTP layer asks for more, so a client that stops
 * reading holds nothing but its bounded queue. Cleanup (hub listener, heartbeat timer, registry entry) runs once,
 * whichever comes first: the request's abort signal, the stream's cancel, a shutdown, or `close()`.
 *
 * Invariant: ids sent are increasing; a delta with seq <= `lastSentSeq` (already covered by a snapshot) is skipped.
 */
import { findingMatches, isFiltering, podMatches, type TimelineFilter } from '@/lib/live/filters';
import type { DeltaMessage, HelloMessage, LiveMessage } from '@/lib/live/protocol';
import type { WorkloadSpec } from '@/lib/timeline/types';
import { ClientQueue, type HubDelta } from '../hub/client-queue';
import type { TimelineHub } from '../hub/hub';
import { formatComment, formatEventId, formatMessage, formatRetry, issuedEventId, parseEventId } from './frames';

export interface SseSessionOptions {
  hub: TimelineHub;
  hello: HelloMessage;
  filter: TimelineFilter;
  /** From `Last-Event-ID`; null for a first connection. Only an id a server issues is resumed from or echoed. */
  lastEventId: string | null;
  signal?: AbortSignal;
  retryMs: number;
  heartbeatMs: number;
  /** Distinct pending deltas before the client is cut over to a resync snapshot. */
  maxQueued: number;
  /** Frames joined into one chunk at most, so 200 clients don't cost 200 writes per frame. */
  framesPerChunk?: number;
}

const encoder = new TextEncoder();

/**
 * Frames of deltas that pass a filter unchanged are the same bytes for every client (same message, same id), so
 * they are serialised once, not once per client. Keyed by the hub's delta object; entries go with the delta.
 */
const sharedFrames = new WeakMap<HubDelta, string>();

function sharedFrame(delta: HubDelta, id: string): string {
  let frame = sharedFrames.get(delta);
  if (frame === undefined) {
    frame = formatMessage(delta.message, id);
    sharedFrames.set(delta, frame);
  }
  return frame;
}

export class SseSession {
  readonly stream: ReadableStream<Uint8Array>;
  readonly closed: Promise<void>;
  private readonly queue: ClientQueue;
  private readonly unsubscribe: () => void;
  private readonly initial: string[] = [];
  /** Pods this client currently shows: needed to tell it when one stops matching its filter. */
  private readonly visible = new Set<string>();
  private lastSentSeq = 0;
  private lastSentId = '';
  private heartbeatDue = false;
  private shutdownRetryMs: number | null = null;
  private shutdownSent = false;
  private isClosed = false;
  private wake: (() => void) | null = null;
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly closeCallbacks: (() => void)[] = [];
  private resolveClosed: () => void = () => undefined;

  constructor(private readonly options: SseSessionOptions) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.queue = new ClientQueue(options.maxQueued);
    // Subscribe before reading the hub's state, in the same tick: no delta can fall between the two.
    this.unsubscribe = options.hub.subscribe((delta) => this.push(delta));
    const lastEventId = issuedEventId(options.lastEventId);
    const resumed = this.resume(lastEventId);
    this.initial.push(formatRetry(options.retryMs));
    this.initial.push(formatMessage({ ...options.hello, resumed }, lastEventId ?? ''));
    if (!resumed) this.initial.push(this.snapshotFrame(lastEventId !== null));
    this.heartbeat = setInterval(() => {
      this.heartbeatDue = true;
      this.notify();
    }, options.heartbeatMs);
    this.heartbeat.unref?.();
    options.signal?.addEventListener('abort', () => this.close(), { once: true });
    if (options.signal?.aborted) queueMicrotask(() => this.close());
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: (controller) => this.pull(controller),
        cancel: () => this.close(),
      },
      { highWaterMark: 1 },
    );
  }

  get queueSize(): number {
    return this.queue.size;
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  onClose(callback: () => void): void {
    if (this.isClosed) callback();
    else this.closeCallbacks.push(callback);
  }

  /** Sends `shutdown` with the reconnect hint as the next frame, then ends the stream. */
  shutdown(retryMs: number): void {
    this.shutdownRetryMs = retryMs;
    this.notify();
  }

  /** Idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.unsubscribe();
    clearInterval(this.heartbeat);
    this.notify();
    try {
      this.controller?.close();
    } catch {
      // Already closed or cancelled by the consumer: nothing left to release.
    }
    for (const callback of this.closeCallbacks.splice(0)) callback();
    this.resolveClosed();
  }

  /** Queues the deltas missed since `lastEventId` when the ring still has them all; false when a snapshot is needed. */
  private resume(lastEventId: string | null): boolean {
    const resume = parseEventId(lastEventId);
    const missed =
      resume && resume.epoch === this.options.hub.epoch ? this.options.hub.deltasSince(resume.seq) : undefined;
    if (!resume || !missed) return false;
    this.lastSentSeq = resume.seq;
    this.lastSentId = lastEventId ?? '';
    for (const delta of missed) this.queue.push(delta);
    // The client kept its view; assume it shows what matches now, so later mismatches send `removed`.
    for (const pod of this.options.hub.snapshot().pods)
      if (podMatches(this.options.filter, pod)) this.visible.add(pod.uid);
    return true;
  }

  private snapshotFrame(resync: boolean): string {
    const snapshot = this.options.hub.snapshot();
    this.visible.clear();
    const pods = snapshot.pods.filter((pod) => podMatches(this.options.filter, pod));
    for (const pod of pods) this.visible.add(pod.uid);
    const findings = snapshot.findings.filter((finding) => findingMatches(this.options.filter, finding, this.visible));
    this.lastSentSeq = snapshot.seq;
    this.lastSentId = formatEventId(this.options.hub.epoch, snapshot.seq);
    const workloads = workloadsIn(this.options.filter, snapshot.workloads);
    return formatMessage(
      {
        type: 'snapshot',
        resync,
        pods,
        findings,
        watches: snapshot.watches,
        workloads,
        ...(snapshot.forgottenBefore !== undefined && { forgottenBefore: snapshot.forgottenBefore }),
      },
      this.lastSentId,
    );
  }

  private push(delta: HubDelta): void {
    this.queue.push(delta);
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    for (;;) {
      if (this.isClosed) return;
      const chunk = this.nextChunk();
      if (chunk) {
        controller.enqueue(encoder.encode(chunk));
        if (this.shutdownRetryMs !== null && this.shutdownSent) this.close();
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private nextChunk(): string {
    let chunk = this.initial.splice(0).join('');
    if (this.queue.needsResync) {
      this.queue.clearResync();
      chunk += this.snapshotFrame(true);
    }
    const limit = this.options.framesPerChunk ?? 64;
    for (let frames = 0; frames < limit; ) {
      const delta = this.queue.shift();
      if (!delta) break;
      if (delta.seq <= this.lastSentSeq) continue;
      const message = this.filtered(delta.message);
      this.lastSentSeq = delta.seq;
      if (!message) continue;
      this.lastSentId = formatEventId(this.options.hub.epoch, delta.seq);
      chunk +=
        message === delta.message ? sharedFrame(delta, this.lastSentId) : formatMessage(message, this.lastSentId);
      frames += 1;
    }
    if (this.shutdownRetryMs !== null && !this.shutdownSent) {
      const message: LiveMessage = { type: 'shutdown', retryMs: this.shutdownRetryMs };
      chunk += formatRetry(this.shutdownRetryMs) + formatMessage(message, this.lastSentId);
      this.shutdownSent = true;
    }
    if (!chunk && this.heartbeatDue) chunk = formatComment(`heartbeat ${Date.now()}`);
    this.heartbeatDue = false;
    return chunk;
  }

  /** What this client should see of a delta under its filter: the delta, a `removed`, or nothing. */
  private filtered(message: DeltaMessage): DeltaMessage | null {
    const filter = this.options.filter;
    switch (message.type) {
      case 'timeline':
        if (podMatches(filter, message.pod)) {
          this.visible.add(message.pod.uid);
          return message;
        }
        return this.visible.delete(message.pod.uid) ? { type: 'removed', uid: message.pod.uid } : null;
      case 'removed':
        return this.visible.delete(message.uid) ? message : null;
      case 'findings':
        if (!isFiltering(filter)) return message;
        return {
          type: 'findings',
          findings: message.findings.filter((finding) => findingMatches(filter, finding, this.visible)),
        };
      case 'watch':
        return message;
      case 'workloads':
        return filter.namespaces ? { type: 'workloads', workloads: workloadsIn(filter, message.workloads) } : message;
    }
  }
}

/** A workload's spec is sent to a client whose filter shows its namespace (a workload filter is joined in the view). */
function workloadsIn(filter: TimelineFilter, workloads: WorkloadSpec[]): WorkloadSpec[] {
  const namespaces = filter.namespaces;
  return namespaces ? workloads.filter((workload) => namespaces.includes(workload.namespace)) : workloads;
}
