/**
 * API timestamp formats. `metav1.Time` serializes as RFC 3339 with whole seconds (the sub-second part is
 * truncated, not rounded); `metav1.MicroTime` (events.k8s.io `eventTime`) keeps microseconds.
 */

export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** `2026-11-24T04:25:01Z`: a metav1.Time as the apiserver writes it. */
export function apiTime(ms: number): string {
  return new Date(truncateToSecond(ms)).toISOString().replace('.000Z', 'Z');
}

/** `2026-11-24T04:25:01.234000Z`: a metav1.MicroTime (the simulator's clock has millisecond resolution). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
