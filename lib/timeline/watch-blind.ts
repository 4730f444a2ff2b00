/**
 * Intervals in which a watch was broken: from a `disconnected` to the next `relisted` of the same resource
 * (docs/recording-format.md). The recording may miss transitions there, so the analysis shows the interval instead of
 * guessing. An interval still open runs to the last entry seen.
 */
import type { EpochMs } from '../time';
import type { WatchResource, WatchStateChange } from '../recording/types';

export interface BlindInterval {
  resource: WatchResource;
  from: EpochMs;
  /** null while the watch has not been relisted yet. */
  to: EpochMs | null;
}

export interface WatchTracker {
  /** Closed and open intervals in the order they opened. Invariant: at most one open interval per resource. */
  intervals: BlindInterval[];
  open: Map<WatchResource, BlindInterval>;
}

export function createWatchTracker(): WatchTracker {
  return { intervals: [], open: new Map() };
}

/**
 * Returns true when an interval opened or closed. A repeated `disconnected` keeps the first one's start. A hang is
 * detected long after the watch last delivered anything: the line's `since` says when that was, and the window
 * starts there (recording-format.md).
 */
export function applyWatchState(tracker: WatchTracker, change: WatchStateChange): boolean {
  const open = tracker.open.get(change.resource);
  if (change.state === 'disconnected' && !open) {
    const interval: BlindInterval = {
      resource: change.resource,
      from: Math.min(change.since ?? change.at, change.at),
      to: null,
    };
    tracker.intervals.push(interval);
    tracker.open.set(change.resource, interval);
    return true;
  }
  if (change.state === 'relisted' && open) {
    open.to = change.at;
    tracker.open.delete(change.resource);
    return true;
  }
  return false;
}

/** When the watch of `resource` went blind, if it is blind now: what it delivers until its relist may be old. */
export function blindSince(tracker: WatchTracker, resource: WatchResource): EpochMs | null {
  return tracker.open.get(resource)?.from ?? null;
}

/** An interval still open runs to the newest entry, and says it is open. */
export function closedInterval(
  interval: BlindInterval,
  lastEntryAt: EpochMs,
): { from: EpochMs; to: EpochMs; open: boolean } {
  return { from: interval.from, to: interval.to ?? Math.max(interval.from, lastEntryAt), open: interval.to === null };
}
