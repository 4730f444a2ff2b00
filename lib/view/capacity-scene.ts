/**
 * What to draw for a workload's capacity row (./capacity.ts), as plain shapes: the canvas (./capacity-painter.ts)
 * and the SVG export (./export/svg-capacity.ts) draw the same shapes, and the legend names each kind of them.
 */
import { isDip, type CapacityStep } from './capacity';
import type { Rect } from './lane-scene';
import type { CapacityRow } from './row-model';
import type { TimeScale } from './time-scale';

export interface Segment {
  x1: number;
  x2: number;
  y: number;
}

export interface CapacityLane {
  /** Endpoints ready for every placement of the uncertain times: the solid area up to the smallest count. */
  ready: Rect[];
  /** Up to the largest count: ready for some placement only. */
  readyRange: Rect[];
  /** The serving count (a terminating endpoint may still serve): its largest value. */
  serving: Segment[];
  desired: Segment[];
  /** `replicas − maxUnavailable`. */
  threshold: Segment[];
  /** Where even the largest ready count is below the threshold. */
  dips: Rect[];
}

/** The kinds of shape a capacity row draws: the legend explains each (its test checks that). */
export const CAPACITY_PARTS = [
  'ready',
  'readyRange',
  'serving',
  'desired',
  'threshold',
  'dips',
] as const satisfies ReadonlyArray<keyof CapacityLane>;

/** Space kept above the largest count and below zero. */
const PAD_PX = 4;
const CULL_PX = 12;

export function emptyCapacityLane(): CapacityLane {
  return { ready: [], readyRange: [], serving: [], desired: [], threshold: [], dips: [] };
}

export interface CapacityLaneOptions {
  scale: TimeScale;
  /** Live: now, so the last counts run on to it; null for data that is not live. */
  nowMs: number | null;
  /** A review's replay cursor: nothing is drawn past it (the series is built from what came after). */
  clipAtMs?: number | null;
}

/**
 * Adds the shapes of the capacity row at `top` (viewport coordinates) to `lane`. Where a watch was blind the count
 * is unknown: that stretch goes to `blindBands` instead, drawn as the pods' blind windows are (an info gap band).
 */
export function addCapacityLane(
  lane: CapacityLane,
  blindBands: Rect[],
  row: CapacityRow,
  top: number,
  height: number,
  options: CapacityLaneOptions,
): void {
  const { scale, nowMs, clipAtMs = null } = options;
  const { steps, peak } = row.series;
  const bottom = top + height - PAD_PX;
  const perCount = (height - 2 * PAD_PX) / Math.max(1, peak);
  const y = (count: number) => bottom - count * perCount;
  const last = steps[steps.length - 1];
  // Live, the row ends at now exactly: on to it when nothing changed since, and never past it (a marker's whole-second
  // bound can reach a little beyond the newest observation).
  const endMs = Math.min(nowMs ?? last?.toMs ?? Number.NEGATIVE_INFINITY, clipAtMs ?? Number.POSITIVE_INFINITY);
  // Adjacent blind (or dip) steps make one band: a gap band's edges would otherwise show every step's seam.
  let blind: Rect | null = null;
  let dip: Rect | null = null;
  for (let i = 0; i < steps.length; i++) {
    const step: CapacityStep = steps[i]!;
    const toMs = Math.min(i === steps.length - 1 ? Math.max(step.toMs, endMs) : step.toMs, endMs);
    if (toMs <= step.fromMs) continue;
    const x1 = Math.max(-CULL_PX, scale.toPx(step.fromMs));
    const x2 = Math.min(scale.widthPx + CULL_PX, scale.toPx(toMs));
    if (x2 < 0 || x1 > scale.widthPx || x2 <= x1) continue;
    const w = x2 - x1;
    if (step.blind) {
      if (blind && blind.x + blind.w === x1) blind.w += w;
      else blindBands.push((blind = { x: x1, y: top + 1, w, h: height - 2 }));
      continue;
    }
    if (step.ready.min > 0) lane.ready.push({ x: x1, y: y(step.ready.min), w, h: bottom - y(step.ready.min) });
    if (step.ready.max > step.ready.min)
      lane.readyRange.push({ x: x1, y: y(step.ready.max), w, h: y(step.ready.min) - y(step.ready.max) });
    lane.serving.push({ x1, x2, y: y(step.serving.max) });
    if (step.desired !== null) lane.desired.push({ x1, x2, y: y(step.desired) });
    if (step.threshold !== null) lane.threshold.push({ x1, x2, y: y(step.threshold) });
    if (!isDip(step)) continue;
    if (dip && dip.x + dip.w === x1) dip.w += w;
    else lane.dips.push((dip = { x: x1, y: top + 1, w, h: height - 2 }));
  }
}

/** Segments as SVG path data: contiguous ones join into one stepped line, as the canvas strokes them. */
export function segmentsPath(segments: readonly Segment[], num: (n: number) => string = String): string {
  let d = '';
  let previous: Segment | null = null;
  for (const s of segments) {
    d += previous && previous.x2 === s.x1 ? `L${num(s.x1)} ${num(s.y)}` : `M${num(s.x1)} ${num(s.y)}`;
    d += `H${num(s.x2)}`;
    previous = s;
  }
  return d;
}
