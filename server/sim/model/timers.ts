/**
 * Every timer the model sets goes through here, so stopping a cluster cancels all of them (a RealClock run must
 * leave nothing behind) and a callback never runs after `stop()`.
 */
import type { SimClock, TimerHandle } from '../clock';

export class Timers {
  private readonly pending = new Map<number, TimerHandle>();
  private stopped = false;

  constructor(private readonly clock: SimClock) {}

  after(delayMs: number, fn: () => void): TimerHandle {
    const handle = this.clock.setTimer(delayMs, () => {
      this.pending.delete(handle.id);
      if (!this.stopped) fn();
    });
    this.pending.set(handle.id, handle);
    return handle;
  }

  cancel(handle: TimerHandle | undefined): void {
    if (!handle) return;
    this.clock.clearTimer(handle);
    this.pending.delete(handle.id);
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.pending.values()) this.clock.clearTimer(handle);
    this.pending.clear();
  }
}
