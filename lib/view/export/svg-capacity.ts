/**
 * The capacity rows of a scene (../capacity-scene.ts) as SVG, drawn as ../capacity-painter.ts paints them on the
 * canvas: same passes, same palette colours, same opacities and dash (blind stretches are the scene's info gap bands).
 */
import { CAPACITY_RANGE_ALPHA, CAPACITY_READY_ALPHA, DIP_EDGE_PX, THRESHOLD_DASH } from '../capacity-painter';
import { segmentsPath, type CapacityLane, type Segment } from '../capacity-scene';
import type { Rect } from '../lane-scene';
import type { Palette } from '../palette';
import { rectsEl } from './svg-marks';
import { el, num } from './xml';

function lineEl(
  segments: readonly Segment[],
  stroke: string,
  width: number,
  className: string,
  dash?: readonly number[],
): string {
  if (segments.length === 0) return '';
  return el('path', {
    class: className,
    d: segmentsPath(segments, num),
    fill: 'none',
    stroke,
    'stroke-width': width,
    'stroke-dasharray': dash ? dash.join(' ') : undefined,
  });
}

function withOpacity(svg: string, opacity: number): string {
  return svg ? el('g', { opacity }, svg) : '';
}

export function dipEdges(dips: readonly Rect[]): Rect[] {
  return dips.map((r) => ({ x: r.x, y: r.y + r.h - DIP_EDGE_PX, w: Math.max(r.w, 2), h: DIP_EDGE_PX }));
}

/** The swatch-sized parts, one function each, so the legend draws exactly what the lanes draw. */
export const capacityEls = {
  dips: (rects: readonly Rect[], palette: Palette) =>
    rects.length
      ? rectsEl(rects, palette.gap.critical.fill, 'capacity-dip') +
        rectsEl(dipEdges(rects), palette.gap.critical.edge, 'capacity-dip-edge')
      : '',
  ready: (rects: readonly Rect[], palette: Palette) =>
    withOpacity(rectsEl(rects, palette.routed, 'capacity-ready'), CAPACITY_READY_ALPHA),
  readyRange: (rects: readonly Rect[], palette: Palette) =>
    withOpacity(rectsEl(rects, palette.routed, 'capacity-ready-range'), CAPACITY_RANGE_ALPHA),
  threshold: (segments: readonly Segment[], palette: Palette) =>
    lineEl(segments, palette.gap.critical.edge, 1, 'capacity-threshold', THRESHOLD_DASH),
  desired: (segments: readonly Segment[], palette: Palette) => lineEl(segments, palette.text, 1, 'capacity-desired'),
  serving: (segments: readonly Segment[], palette: Palette) =>
    lineEl(segments, palette.endpoint, 1.5, 'capacity-serving'),
};

export function capacityEl(lane: CapacityLane, palette: Palette): string {
  const body =
    capacityEls.dips(lane.dips, palette) +
    capacityEls.ready(lane.ready, palette) +
    capacityEls.readyRange(lane.readyRange, palette) +
    capacityEls.threshold(lane.threshold, palette) +
    capacityEls.desired(lane.desired, palette) +
    capacityEls.serving(lane.serving, palette);
  return body ? el('g', { class: 'capacity' }, body) : '';
}
