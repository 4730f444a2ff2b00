/**
 * What lies under the pointer in a pod lane: the nearest marker within reach, else the gaps covering it; in a
 * workload's capacity row: the counts at the pointer's time.
 */
import type { Gap, Marker } from '../timeline/types';
import { capacityAt, type CapacityStep } from './capacity';
import { laneCursorPx } from './lane-scene';
import type { CapacityRow, PodRow } from './row-model';
import type { TimeScale } from './time-scale';

export interface LaneHit {
  row: PodRow;
  /** The lane time under the pointer (epoch ms, or ms since the delete when aligned). */
  timeMs: number;
  marker: Marker | null;
  gaps: Gap[];
}

/** How far (px) from a marker the pointer still picks it: a glyph is about 10 px wide. */
export const MARKER_REACH_PX = 7;

/**
 * `clipAtMs` is a review's replay cursor (as in the lane scene's options): past it no gap band is drawn, so no gap
 * is under the pointer there either; markers are found as before.
 */
export function hitTestLane(row: PodRow, scale: TimeScale, x: number, clipAtMs: number | null = null): LaneHit {
  const timeMs = scale.toMs(x);
  let marker: Marker | null = null;
  let best = MARKER_REACH_PX + 1;
  for (const m of row.pod.markers) {
    const distance = Math.abs(scale.toPx(m.at - row.offsetMs) - x);
    // Later markers win ties: at one instant, the consequence (exit, SIGKILL) matters more than its cause.
    if (distance <= MARKER_REACH_PX && distance <= best) {
      best = distance;
      marker = m;
    }
  }
  const absolute = timeMs + row.offsetMs;
  const reachMs = MARKER_REACH_PX / scale.pxPerMs;
  const pastCursor = clipAtMs !== null && x > laneCursorPx(scale, row, clipAtMs);
  const gaps = pastCursor
    ? []
    : row.pod.gaps.filter((gap) => absolute >= gap.from - reachMs && absolute <= gap.to + reachMs);
  return { row, timeMs, marker, gaps };
}

export interface CapacityHit {
  row: CapacityRow;
  timeMs: number;
  /** The counts at the pointer's time; null outside the series (before the first endpoint, past the cursor). */
  step: CapacityStep | null;
}

/**
 * `nowMs` (live: now) carries the newest counts on to now; `clipAtMs` is a review's cursor, past which the row draws
 * nothing and so says nothing.
 */
export function hitTestCapacity(
  row: CapacityRow,
  scale: TimeScale,
  x: number,
  nowMs: number | null,
  clipAtMs: number | null = null,
): CapacityHit {
  const timeMs = scale.toMs(x);
  const step = clipAtMs !== null && timeMs > clipAtMs ? null : capacityAt(row.series, timeMs, nowMs);
  return { row, timeMs, step };
}
