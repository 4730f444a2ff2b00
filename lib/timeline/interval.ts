/**
 * The interval a point in time is known to lie in. Every marker carries one: the API truncates timestamps to whole
 * seconds, a watch receipt is exact on drainscope's clock, and inferred times inherit (and widen) the intervals
 * of what they were inferred from.
 */
import { SECOND_MS, type EpochMs } from '../time';

export interface TimeInterval {
  /** The best single guess, drawn as the marker's position. */
  at: EpochMs;
  earliest: EpochMs;
  /** Exclusive for truncated API timestamps: a `second` time t means [t, t + 1000). */
  latest: EpochMs;
}

/**
 * When the state an observation shows came to be: [at, at] for a change a healthy watch delivered, wider for
 * one delivered by a relist after a blind window or read from input without receipt times.
 */
export interface ReceiptBounds {
  earliest: EpochMs;
  latest: EpochMs;
  /** Why they are wider than the receipt: a relist after a blind window, or input that gave its own bounds. */
  widenedBy?: 'relist' | 'input';
}

/** A receipt's interval with its best guess clamped inside it. */
export function receiptInterval(at: EpochMs, bounds: ReceiptBounds): TimeInterval {
  return {
    at: Math.min(Math.max(at, bounds.earliest), bounds.latest),
    earliest: bounds.earliest,
    latest: bounds.latest,
  };
}

export function isExact(bounds: ReceiptBounds, at: EpochMs): boolean {
  return bounds.earliest >= at && bounds.latest <= at;
}

/** A watch receipt time: exact. */
export function observedAt(at: EpochMs): TimeInterval {
  return { at, earliest: at, latest: at };
}

/** An API `Time` (metav1.Time serialises whole seconds): the true time is in [at, at + 1 s). */
export function secondAt(at: EpochMs): TimeInterval {
  return { at, earliest: at, latest: at + SECOND_MS };
}

/** An API `MicroTime` (events' `eventTime`), which we hold at millisecond resolution: [at, at + 1 ms). */
export function microAt(at: EpochMs): TimeInterval {
  return { at, earliest: at, latest: at + 1 };
}

export function shift(interval: TimeInterval, ms: number): TimeInterval {
  return { at: interval.at + ms, earliest: interval.earliest + ms, latest: interval.latest + ms };
}

/** The interval of max(a, b) when a and b are independent unknowns in their intervals. */
export function later(a: TimeInterval, b: TimeInterval): TimeInterval {
  return { at: Math.max(a.at, b.at), earliest: Math.max(a.earliest, b.earliest), latest: Math.max(a.latest, b.latest) };
}

/** Clips an interval so it ends no later than `bound` (e.g. a wait the kubelet abandons at the grace deadline). */
export function noLaterThan(interval: TimeInterval, bound: TimeInterval): TimeInterval {
  return {
    at: Math.min(interval.at, bound.at),
    earliest: Math.min(interval.earliest, bound.earliest),
    latest: Math.min(interval.latest, bound.latest),
  };
}

/**
 * "A happened before B" holds across the uncertainty only when A's latest possible time is before B's earliest
 * possible time. Anything weaker could be an artefact of second truncation, and is not reported.
 */
export function certainlyBefore(a: TimeInterval, b: TimeInterval): boolean {
  return a.latest < b.earliest;
}
