/**
 * Paints the capacity rows of a scene (./capacity-scene.ts) on the canvas, one pass per kind of shape, in the order
 * and colours the SVG export uses (./export/svg-capacity.ts): dips, the ready area, then the lines over it. Blind
 * stretches are info gap bands of the scene, painted with the pods' gaps.
 */
import type { CapacityLane, Segment } from './capacity-scene';
import type { Rect } from './lane-scene';
import type { Palette } from './palette';

/** Opacity of the ready area: solid where certain, faint where only possible. */
export const CAPACITY_READY_ALPHA = 0.55;
export const CAPACITY_RANGE_ALPHA = 0.2;
export const THRESHOLD_DASH = [4, 3] as const;
/** The edge under a dip: a dip stays visible however short. */
export const DIP_EDGE_PX = 2;

function fillRects(ctx: CanvasRenderingContext2D, rects: readonly Rect[], style: string | CanvasPattern): void {
  if (rects.length === 0) return;
  ctx.fillStyle = style;
  ctx.beginPath();
  for (const r of rects) ctx.rect(r.x, r.y, r.w, r.h);
  ctx.fill();
}

function strokeSegments(
  ctx: CanvasRenderingContext2D,
  segments: readonly Segment[],
  colour: string,
  width: number,
  dash: readonly number[],
): void {
  if (segments.length === 0) return;
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.setLineDash([...dash]);
  ctx.beginPath();
  let previous: Segment | null = null;
  for (const s of segments) {
    if (previous && previous.x2 === s.x1) ctx.lineTo(s.x1, s.y);
    else ctx.moveTo(s.x1, s.y);
    ctx.lineTo(s.x2, s.y);
    previous = s;
  }
  ctx.stroke();
  ctx.setLineDash([]);
}

export function paintCapacity(ctx: CanvasRenderingContext2D, lane: CapacityLane, palette: Palette): void {
  fillRects(ctx, lane.dips, palette.gap.critical.fill);
  fillRects(
    ctx,
    lane.dips.map((r) => ({ x: r.x, y: r.y + r.h - DIP_EDGE_PX, w: Math.max(r.w, 2), h: DIP_EDGE_PX })),
    palette.gap.critical.edge,
  );
  ctx.globalAlpha = CAPACITY_READY_ALPHA;
  fillRects(ctx, lane.ready, palette.routed);
  ctx.globalAlpha = CAPACITY_RANGE_ALPHA;
  fillRects(ctx, lane.readyRange, palette.routed);
  ctx.globalAlpha = 1;
  strokeSegments(ctx, lane.threshold, palette.gap.critical.edge, 1, THRESHOLD_DASH);
  strokeSegments(ctx, lane.desired, palette.text, 1, []);
  strokeSegments(ctx, lane.serving, palette.endpoint, 1.5, []);
}
