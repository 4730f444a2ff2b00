/**
 * What one stream client has not been sent yet, bounded. Deltas are coalesced by what they describe (a pod, the
 * findings, a watch, the workload specs): only the latest is kept, moved to the end so ids stay increasing. If more than `maxItems`
 * distinct things are pending, the queue gives up: it drops them all and asks for a resync (a fresh snapshot).
 * Memory per client is therefore O(maxItems) whatever the client does (client-go's unbounded listener buffers
 * are what this avoids).
 */
import type { DeltaMessage } from '@/lib/live/protocol';

export interface HubDelta {
  seq: number;
  message: DeltaMessage;
}

export function coalescingKey(message: DeltaMessage): string {
  switch (message.type) {
    case 'timeline':
      return `pod:${message.pod.uid}`;
    case 'removed':
      return `pod:${message.uid}`;
    case 'findings':
      return 'findings';
    case 'watch':
      return `watch:${message.watch.resource}`;
    case 'workloads':
      return 'workloads';
  }
}

export class ClientQueue {
  /** Insertion order is send order; invariant: seqs are increasing along it. */
  private readonly pending = new Map<string, HubDelta>();
  private overflowed = false;
  /** How many deltas were replaced by a newer one for the same thing. */
  coalesced = 0;
  overflows = 0;

  constructor(private readonly maxItems: number) {}

  get size(): number {
    return this.pending.size;
  }

  get needsResync(): boolean {
    return this.overflowed;
  }

  push(delta: HubDelta): void {
    if (this.overflowed) return;
    const key = coalescingKey(delta.message);
    if (this.pending.delete(key)) this.coalesced += 1;
    this.pending.set(key, delta);
    if (this.pending.size > this.maxItems) {
      this.pending.clear();
      this.overflowed = true;
      this.overflows += 1;
    }
  }

  /** The oldest pending delta, or undefined. */
  shift(): HubDelta | undefined {
    const first = this.pending.entries().next();
    if (first.done) return undefined;
    this.pending.delete(first.value[0]);
    return first.value[1];
  }

  /** After the resync snapshot was taken: start over empty. */
  clearResync(): void {
    this.overflowed = false;
    this.pending.clear();
  }
}
