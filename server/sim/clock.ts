/**
 * Time for the simulated cluster. Everything in the model schedules through a SimClock so the same scenario runs
 * in real time (optionally sped up) for `npm run sim`, or in virtual time, instantly and deterministically, for
 * fixtures and tests.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface SimClock {
  /** Simulated wall-clock time, epoch ms. */
  now(): number;
  /** Runs `fn` after `delayMs` of simulated time. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

interface PendingTimer {
  id: number;
  dueAt: number;
  fn: () => void;
}

function runsBefore(a: PendingTimer, b: PendingTimer): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.id < b.id);
}

/**
 * Discrete-event clock: time only moves when `advanceTo` / `runUntilIdle` run the timers in order.
 * Timers due at the same instant run in the order they were set (a stable tie-break keeps runs deterministic).
 * Pending timers sit in a binary min-heap; a cleared timer stays in the heap and is skipped when it surfaces.
 */
export class VirtualClock implements SimClock {
  private current: number;
  private nextId = 1;
  private readonly heap: PendingTimer[] = [];
  private readonly cleared = new Set<number>();

  constructor(startAt: number) {
    this.current = startAt;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const timer = { id: this.nextId++, dueAt: this.current + Math.max(0, delayMs), fn };
    this.push(timer);
    return { id: timer.id };
  }

  clearTimer(handle: TimerHandle): void {
    this.cleared.add(handle.id);
  }

  /** Runs every timer due up to `time` (including ones those timers set), then sets the clock to `time`. */
  advanceTo(time: number): void {
    this.runThrough(time);
    this.current = Math.max(this.current, time);
  }

  /** Runs timers until none is left or `limitMs` of simulated time have passed; returns the time reached. */
  runUntilIdle(limitMs = 24 * 3600_000): number {
    this.runThrough(this.current + limitMs);
    return this.current;
  }

  get pendingCount(): number {
    return this.heap.length - this.cleared.size;
  }

  private runThrough(stopAt: number): void {
    for (let next = this.heap[0]; next && next.dueAt <= stopAt; next = this.heap[0]) {
      this.pop();
      if (this.cleared.delete(next.id)) continue;
      this.current = Math.max(this.current, next.dueAt);
      next.fn();
    }
  }

  private push(timer: PendingTimer): void {
    const heap = this.heap;
    heap.push(timer);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!runsBefore(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    heap[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && runsBefore(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && runsBefore(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) break;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

/** Real time, scaled: simulated time runs `speed` times faster than the machine's clock from `startAt`. */
export class RealClock implements SimClock {
  private readonly origin = Date.now();
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private nextId = 1;

  constructor(
    private readonly speed = 1,
    private readonly startAt = Date.now(),
  ) {}

  now(): number {
    return Math.round(this.startAt + (Date.now() - this.origin) * this.speed);
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    const timeout = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, Math.max(0, delayMs) / this.speed);
    timeout.unref?.();
    this.timers.set(id, timeout);
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    const timeout = this.timers.get(handle.id);
    if (timeout) clearTimeout(timeout);
    this.timers.delete(handle.id);
  }

  /** Cancels every pending timer (shutdown). */
  dispose(): void {
    for (const timeout of this.timers.values()) clearTimeout(timeout);
    this.timers.clear();
  }
}
