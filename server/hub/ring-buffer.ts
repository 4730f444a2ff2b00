/**
 * The last `capacity` deltas, for clients that reconnect with `Last-Event-ID`. Sequence numbers are consecutive,
 * so "everything after n" is answerable exactly when n is at least the sequence just before the oldest kept item.
 */
export interface Sequenced {
  seq: number;
}

export class RingBuffer<T extends Sequenced> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;
  /** The newest sequence ever pushed (0 before any), kept even after the items are gone. */
  private newestSeq = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`ring capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Items must arrive with seq = previous + 1. */
  push(item: T): void {
    if (this.newestSeq !== 0 && item.seq !== this.newestSeq + 1)
      throw new Error(`ring expects seq ${this.newestSeq + 1}, got ${item.seq}`);
    this.newestSeq = item.seq;
    const end = (this.start + this.count) % this.capacity;
    this.items[end] = item;
    if (this.count < this.capacity) this.count += 1;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Items with seq > `after`, oldest first; undefined when some of them were already overwritten (resync needed). */
  since(after: number): T[] | undefined {
    if (after > this.newestSeq || after < 0) return undefined;
    const oldest = this.count === 0 ? this.newestSeq + 1 : (this.items[this.start] as T).seq;
    if (after < oldest - 1) return undefined;
    const skip = after - (oldest - 1);
    const result: T[] = [];
    for (let i = skip; i < this.count; i += 1) result.push(this.items[(this.start + i) % this.capacity] as T);
    return result;
  }
}
