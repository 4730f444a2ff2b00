/**
 * How often the page applies what the stream delivered. Each application re-renders the page, and at thousands of
 * pods that render costs more than a frame: applied every frame, it would take every frame, and panning would
 * stutter (bench/live-path.bench.ts measures frames while panning at 10,000 pods). So the page spends at most about
 * a twentieth of its time on stream updates: after an update that cost C ms, the next waits until 20·C ms after it
 * started, and never more than five seconds. A small cluster (a few ms per update) still updates every few frames;
 * at 10,000 pods an update costs a few hundred ms (the row model and the capacity rows are rebuilt whole), and the
 * page then updates every few seconds, as a dashboard refreshing itself would, instead of stuttering every second.
 */
export const UPDATE_SHARE = 1 / 20;
export const MAX_UPDATE_INTERVAL_MS = 5_000;

/** How long to wait now before the next update, given when the last one started and what it cost. */
export function nextUpdateDelayMs(lastStartedMs: number, lastCostMs: number, nowMs: number): number {
  const interval = Math.min(MAX_UPDATE_INTERVAL_MS, lastCostMs / UPDATE_SHARE);
  return Math.max(0, lastStartedMs + interval - nowMs);
}
