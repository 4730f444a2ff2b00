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
 */
export class VirtualClock implements SimClock {
  private current: number;
  private readonly heap = new TimerHeap();

  constructor(startAt: number) {
    this.current = startAt;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    return { id: this.heap.push(this.current + Math.max(0, delayMs), fn).id };
  }

  clearTimer(handle: TimerHandle): void {
    this.heap.clear(handle.id);
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
    return this.heap.size;
  }

  private runThrough(stopAt: number): void {
    for (let next = this.heap.pop(stopAt); next; next = this.heap.pop(stopAt)) {
      this.current = Math.max(this.current, next.dueAt);
      next.fn();
    }
  }
}

/**
 * Real time, scaled, and still deterministic: simulated time runs `speed` times faster than the machine's clock, but
 * it moves in steps, like the VirtualClock. Timers run in (due time, order set) order, and while a timer runs `now()`
 * is its due instant, not the moment the event loop got to it. So the model draws its random numbers in the same
 * order and at the same simulated instants on every run of a seed, however busy the machine is: names, timings
 * and the order of deletions repeat. Only what arrives from outside (a client's DELETE) lands at a machine-dependent
 * instant: between two timers, `now()` follows the wall clock, never past the next timer still due, and it does
 * not move within one synchronous task (code that computes a delay from an absolute time gets the time it read).
 * A late event loop makes simulated time lag behind the wall clock instead of skipping ahead.
 */
export class RealClock implements SimClock {
  private readonly heap = new TimerHeap();
  private readonly origin: number;
  private readonly startAt: number;
  private current: number;
  private running = false;
  private frozen = false;
  private wake: ReturnType<typeof setTimeout> | undefined;
  private wakeAt = Infinity;
  private disposed = false;
  /** Time stands at `startAt` until the first timer runs (see startingAt). */
  private pinned = false;

  /** Simulated time is `startAt` when the wall clock reads `origin`. */
  constructor(
    private readonly speed = 1,
    startAt = Date.now(),
    origin = Date.now(),
  ) {
    this.startAt = startAt;
    this.origin = origin;
    this.current = startAt;
  }

  /**
   * A clock at `startAt` when the wall clock reads `origin` (default: now), whose time stands at `startAt` until its
   * first timer runs: whatever is set up at start is set up at that very instant on every run (however long the
   * setup takes on this machine).
   */
  static startingAt(startAt: number, speed = 1, origin = Date.now()): RealClock {
    const clock = new RealClock(speed, startAt, origin);
    clock.pinned = true;
    return clock;
  }

  /**
   * `startingAt` the whole second just begun, so that whole-second API timestamps fall alike on every run of a seed
   * (which pods share a `lastTransitionTime` second decides which one a ReplicaSet deletes first). At speed 1 that
   * second is also the wall clock's (simulated time equals the machine's; the first timers catch up the fraction of
   * a second at once); at other speeds simulated time leaves the wall clock anyway and starts from now.
   */
  static fromWholeSecond(speed = 1): RealClock {
    const now = Date.now();
    const second = Math.floor(now / 1000) * 1000;
    return RealClock.startingAt(second, speed, speed === 1 ? second : now);
  }

  now(): number {
    if (this.running || this.frozen || this.pinned) return this.current;
    this.frozen = true;
    queueMicrotask(() => (this.frozen = false));
    const next = this.heap.peek()?.dueAt ?? Infinity;
    this.current = Math.max(this.current, Math.min(this.wallToSim(Date.now()), next));
    return this.current;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const timer = this.heap.push(this.now() + Math.max(0, delayMs), fn);
    this.arm();
    return { id: timer.id };
  }

  clearTimer(handle: TimerHandle): void {
    this.heap.clear(handle.id);
  }

  /** Cancels every pending timer (shutdown). */
  dispose(): void {
    this.disposed = true;
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    this.heap.drain();
  }

  private wallToSim(wall: number): number {
    return Math.round(this.startAt + Math.max(0, wall - this.origin) * this.speed);
  }

  private simToWall(sim: number): number {
    return this.origin + (sim - this.startAt) / this.speed;
  }

  /** One real timeout, for the earliest timer still due. */
  private arm(): void {
    if (this.disposed || this.running) return;
    const next = this.heap.peek();
    if (!next || next.dueAt >= this.wakeAt) return;
    if (this.wake) clearTimeout(this.wake);
    this.wakeAt = next.dueAt;
    this.wake = setTimeout(() => this.run(), Math.max(0, this.simToWall(next.dueAt) - Date.now()));
    this.wake.unref?.();
  }

  private run(): void {
    this.wake = undefined;
    this.wakeAt = Infinity;
    this.pinned = false;
    const reached = this.wallToSim(Date.now());
    this.running = true;
    try {
      for (let next = this.heap.pop(reached); next; next = this.heap.pop(reached)) {
        this.current = Math.max(this.current, next.dueAt);
        next.fn();
      }
    } finally {
      this.running = false;
    }
    this.arm();
  }
}

/** Pending timers by (due time, id); a cleared timer stays in the heap and is skipped when it surfaces. */
class TimerHeap {
  private nextId = 1;
  private readonly heap: PendingTimer[] = [];
  private readonly cleared = new Set<number>();
  /** Timers neither run nor cleared: clearing one that already ran must not leave its id behind. */
  private readonly live = new Set<number>();

  push(dueAt: number, fn: () => void): PendingTimer {
    const timer = { id: this.nextId++, dueAt, fn };
    this.live.add(timer.id);
    const heap = this.heap;
    heap.push(timer);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!runsBefore(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
    return timer;
  }

  clear(id: number): void {
    if (this.live.delete(id)) this.cleared.add(id);
  }

  /** The earliest live timer, without removing it. */
  peek(): PendingTimer | undefined {
    while (this.heap[0] && this.cleared.has(this.heap[0].id)) {
      this.cleared.delete(this.heap[0].id);
      this.removeTop();
    }
    return this.heap[0];
  }

  /** Removes and returns the earliest live timer if it is due by `until`. */
  pop(until: number): PendingTimer | undefined {
    const top = this.peek();
    if (!top || top.dueAt > until) return undefined;
    this.removeTop();
    this.live.delete(top.id);
    return top;
  }

  drain(): void {
    this.heap.length = 0;
    this.cleared.clear();
    this.live.clear();
  }

  get size(): number {
    return this.live.size;
  }

  private removeTop(): void {
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
