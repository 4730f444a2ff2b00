/**
 * The reorder window of reorder.ts (same rule, same order, same late lines) specialised for the reader's lines,
 * held without a JS object per line. A line is a slot: its time, number and where its bytes are, in typed
 * arrays; the heap and the queue of released lines are arrays of slot numbers. A big recording holds tens of
 * thousands of lines at once (a whole initial list shares one receipt time), and as objects (a record and a byte
 * view each) every young-generation collection copied them until they were promoted, then the old generation
 * had to collect them: that, more than ordering, made the window cost as much as the zod parse of every line.
 *
 * Per line the caller keeps either bytes (a range of a chunk the window keeps a reference to) or, for a line it
 * had to parse at once, a value of its own.
 *
 * The chunks themselves come from `allocate` when the caller copies its input there (the line splitter does):
 * a chunk is reused as soon as no held line is in it. A new chunk per read instead left the dead ones to the
 * garbage collector, which frees memory outside the heap only after a full collection, so up to a window's
 * worth more of them (tens of MB) sat in memory, and every one was zero-filled on allocation.
 */
export class LineWindow<V> {
  private at = new Float64Array(1024);
  private lineOf = new Float64Array(1024);
  private start = new Int32Array(1024);
  private end = new Int32Array(1024);
  private chunkOf: (Uint8Array | null)[] = [];
  private readonly values = new Map<number, V>();
  /** Slots not in use, as a stack. */
  private free = new Int32Array(1024);
  private freeCount = 1024;
  private heap = new Int32Array(1024);
  private heapSize = 0;
  /** Released slots, first out first: `queue[queueHead..queueTail)`. */
  private queue = new Int32Array(1024);
  private queueHead = 0;
  private queueTail = 0;
  private newestAt = -Infinity;
  /** `at` of the last line released from the heap; every line still held is at or after it. */
  private releasedAt = -Infinity;
  private late = 0;
  takenLine = 0;
  takenBytes: Uint8Array | null = null;
  takenValue: V | undefined = undefined;
  /** Chunks lent by `allocate` → how many held lines are in each. */
  private readonly lent = new Map<Uint8Array, number>();
  /** Buffers to lend again, by size. */
  private readonly spare = new Map<number, Uint8Array[]>();
  /** The chunk lent last: the caller may still be putting lines of it in the window. */
  private lastLent: Uint8Array | null = null;
  /** The chunk of the line taken last: its bytes stay valid until the next `takeNext`. */
  private takenChunk: Uint8Array | null = null;

  constructor(private readonly windowMs: number) {
    for (let index = 0; index < 1024; index++) this.free[index] = 1023 - index;
  }

  get lateEntries(): number {
    return this.late;
  }

  /**
   * A chunk of `size` bytes to copy input into, lent by the window and reused once no line in it is held. The
   * caller must be done putting lines of one chunk in the window before it asks for the next.
   */
  allocate(size: number): Uint8Array {
    const previous = this.lastLent;
    if (previous !== null && this.lent.get(previous) === 0) this.recycle(previous);
    if (size > MAX_POOLED_BYTES) {
      this.lastLent = null;
      return new Uint8Array(size);
    }
    const capacity = pooledCapacity(size);
    const chunk = (this.spare.get(capacity)?.pop() ?? new Uint8Array(capacity)).subarray(0, size);
    this.lent.set(chunk, 0);
    this.lastLent = chunk;
    return chunk;
  }

  /** Holds the bytes `chunk[start, end)` of line `line`, received at `at`. */
  pushBytes(at: number, line: number, chunk: Uint8Array, start: number, end: number): void {
    const held = this.lent.get(chunk);
    if (held !== undefined) this.lent.set(chunk, held + 1);
    const slot = this.allocateSlot(at, line);
    this.chunkOf[slot] = chunk;
    this.start[slot] = start;
    this.end[slot] = end;
    this.place(slot);
  }

  /** Holds a value the caller made of line `line` already. */
  pushValue(at: number, line: number, value: V): void {
    const slot = this.allocateSlot(at, line);
    this.chunkOf[slot] = null;
    this.values.set(slot, value);
    this.place(slot);
  }

  /** At the end of the input: releases everything still held. Nothing is allocated after it. */
  flush(): void {
    this.release(Infinity);
    this.spare.clear();
  }

  /**
   * Moves to the next released line, in release order: false when none is released. Until the next call,
   * `takenLine` is its number and either `takenBytes` (a view of its bytes) or `takenValue` what was held for it.
   */
  takeNext(): boolean {
    if (this.takenChunk !== null) this.unhold(this.takenChunk);
    this.takenChunk = null;
    if (this.queueHead === this.queueTail) return false;
    const slot = this.queue[this.queueHead++] as number;
    if (this.queueHead === this.queueTail) this.queueHead = this.queueTail = 0;
    this.takenLine = this.lineOf[slot] as number;
    const chunk = this.chunkOf[slot];
    this.chunkOf[slot] = null;
    this.free[this.freeCount++] = slot;
    if (chunk) {
      this.takenChunk = chunk;
      this.takenBytes = chunk.subarray(this.start[slot], this.end[slot]);
      this.takenValue = undefined;
      return true;
    }
    this.takenBytes = null;
    this.takenValue = this.values.get(slot);
    this.values.delete(slot);
    return true;
  }

  private unhold(chunk: Uint8Array): void {
    const held = this.lent.get(chunk);
    if (held === undefined) return;
    if (held === 1 && chunk !== this.lastLent) this.recycle(chunk);
    else this.lent.set(chunk, held - 1);
  }

  private recycle(chunk: Uint8Array): void {
    this.lent.delete(chunk);
    const whole = new Uint8Array(chunk.buffer, chunk.byteOffset, pooledCapacity(chunk.byteLength));
    const spare = this.spare.get(whole.byteLength);
    if (spare) spare.push(whole);
    else this.spare.set(whole.byteLength, [whole]);
  }

  private place(slot: number): void {
    const at = this.at[slot] as number;
    if (at < this.releasedAt) {
      this.late += 1;
      this.enqueue(slot);
      return;
    }
    this.heapPush(slot);
    if (at > this.newestAt) this.newestAt = at;
    this.release(this.newestAt - this.windowMs);
  }

  private release(upTo: number): void {
    while (this.heapSize > 0) {
      const top = this.heap[0] as number;
      const at = this.at[top] as number;
      if (at > upTo) return;
      this.heapPop();
      this.releasedAt = at;
      this.enqueue(top);
    }
  }

  private allocateSlot(at: number, line: number): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount] as number;
    this.at[slot] = at;
    this.lineOf[slot] = line;
    return slot;
  }

  /** Doubles every per-slot array; the new slots join the free stack. */
  private grow(): void {
    const size = this.at.length;
    const doubled = size * 2;
    this.at = grownFloats(this.at, doubled);
    this.lineOf = grownFloats(this.lineOf, doubled);
    this.start = grownInts(this.start, doubled);
    this.end = grownInts(this.end, doubled);
    this.heap = grownInts(this.heap, doubled);
    this.free = new Int32Array(doubled);
    for (let slot = doubled - 1; slot >= size; slot--) this.free[this.freeCount++] = slot;
    const queue = new Int32Array(doubled);
    queue.set(this.queue.subarray(this.queueHead, this.queueTail));
    this.queueTail -= this.queueHead;
    this.queueHead = 0;
    this.queue = queue;
  }

  private enqueue(slot: number): void {
    if (this.queueTail === this.queue.length) {
      // Every slot in the queue is in use, so the queue never holds more than there are slots.
      this.queue.copyWithin(0, this.queueHead, this.queueTail);
      this.queueTail -= this.queueHead;
      this.queueHead = 0;
    }
    this.queue[this.queueTail++] = slot;
  }

  /** (at, line) order: line numbers are unique, so there are no ties. */
  private before(a: number, b: number): boolean {
    const atA = this.at[a] as number;
    const atB = this.at[b] as number;
    return atA < atB || (atA === atB && (this.lineOf[a] as number) < (this.lineOf[b] as number));
  }

  private heapPush(slot: number): void {
    const heap = this.heap;
    let index = this.heapSize++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent] as number;
      if (!this.before(slot, above)) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = slot;
  }

  private heapPop(): void {
    const heap = this.heap;
    const size = --this.heapSize;
    if (size === 0) return;
    const last = heap[size] as number;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.before(heap[right] as number, heap[left] as number) ? right : left;
      const below = heap[child] as number;
      if (!this.before(below, last)) break;
      heap[index] = below;
      index = child;
    }
    heap[index] = last;
  }
}

/** Bigger chunks are rare (a line longer than a read): they are left to the garbage collector. */
const MAX_POOLED_BYTES = 1024 * 1024;

/** Chunks are pooled by the power of two that holds them, at least 4 KiB: reads of one source are alike. */
function pooledCapacity(size: number): number {
  return Math.max(4096, 2 ** Math.ceil(Math.log2(size)));
}

function grownFloats(values: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(size);
  grown.set(values);
  return grown;
}

function grownInts(values: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(size);
  grown.set(values);
  return grown;
}
