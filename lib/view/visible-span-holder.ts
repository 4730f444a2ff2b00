/**
 * The visible time span as a small external store, so pan and zoom repaint the lanes and the axis without
 * re-rendering the page around them (Perfetto keeps its visible window outside the UI framework the same way).
 *
 * Writes are cheap and may come many times per frame (wheel events arrive faster than frames); subscribers are
 * told at most once per scheduled callback, with the latest span. Pure: the caller injects the scheduler
 * (`requestAnimationFrame` in the browser, a manual queue in tests).
 */
import type { TimeSpan } from './time-scale';

export type Schedule = (callback: () => void) => void;

export function sameSpan(a: TimeSpan, b: TimeSpan): boolean {
  return a.startMs === b.startMs && a.endMs === b.endMs;
}

export class VisibleSpanHolder {
  private span: TimeSpan;
  private readonly listeners = new Set<() => void>();
  /** True from a write until the scheduled notification runs: at most one is outstanding. */
  private scheduled = false;

  constructor(
    initial: TimeSpan,
    private readonly schedule: Schedule,
  ) {
    this.span = initial;
  }

  /** Stable identity, so React's `useSyncExternalStore` can take it as is. */
  readonly get = (): TimeSpan => this.span;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Records `next`; an equal span (by value) is no change and notifies nobody. */
  set(next: TimeSpan): void {
    if (sameSpan(next, this.span)) return;
    this.span = next;
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      for (const listener of [...this.listeners]) listener();
    });
  }
}
