/**
 * Paints a LaneScene (./lane-scene.ts) in passes, one per style: every rect of a kind in one path, one fill.
 * Text goes through `fillText`, which cannot interpret markup.
 */
import type { Severity } from '../timeline/types';
import { paintCapacity } from './capacity-painter';
import type { GapFills } from './gap-patterns';
import { labelWidth } from './label-placement';
import { EXPECTED_ALPHA, type Glyph, type GlyphShape, type LaneScene, type Rect } from './lane-scene';
import type { Palette } from './palette';

export interface PaintOptions {
  ctx: CanvasRenderingContext2D;
  scene: LaneScene;
  palette: Palette;
  fills: GapFills;
}

function fillRects(ctx: CanvasRenderingContext2D, rects: readonly Rect[], style: string | CanvasPattern): void {
  if (rects.length === 0) return;
  ctx.fillStyle = style;
  ctx.beginPath();
  for (const r of rects) ctx.rect(r.x, r.y, r.w, r.h);
  ctx.fill();
}

function glyphColor(shape: GlyphShape, palette: Palette): string {
  switch (shape) {
    case 'start':
    case 'gone':
    case 'delete':
      return palette.text;
    case 'deadline':
      return palette.deadline;
    case 'killing':
    case 'sigterm':
      return palette.signal;
    case 'sigkill':
      return palette.sigkill;
    case 'endpointNotReady':
    case 'endpointNotServing':
    case 'endpointRemoved':
      return palette.endpoint;
    case 'exitOk':
      return palette.exitOk;
    case 'exitFailed':
      return palette.exitFailed;
  }
}

/** Measured marks are solid; an estimate (inferred, not seen) is drawn hollow and dashed, whatever its shape. */
function solidUnlessEstimated(glyph: Glyph): 'fill' | 'stroke' {
  return glyph.estimated ? 'stroke' : 'fill';
}

/** Adds one glyph's outline to the current path; returns whether it should be filled (solid) or only stroked. */
function traceGlyph(ctx: CanvasRenderingContext2D, glyph: Glyph): 'fill' | 'stroke' {
  const { x, y } = glyph;
  switch (glyph.shape) {
    case 'start':
      ctx.moveTo(x, y - 5);
      ctx.lineTo(x, y + 5);
      return 'stroke';
    case 'gone':
      ctx.moveTo(x, y - 9);
      ctx.lineTo(x, y + 9);
      return 'stroke';
    case 'deadline':
      ctx.moveTo(x, y - 13);
      ctx.lineTo(x, y + 13);
      return 'stroke';
    case 'delete':
      ctx.moveTo(x - 5, y - 10);
      ctx.lineTo(x + 5, y - 10);
      ctx.lineTo(x, y - 2);
      ctx.closePath();
      return solidUnlessEstimated(glyph);
    case 'killing':
      ctx.moveTo(x, y - 7);
      ctx.lineTo(x, y + 7);
      return 'stroke';
    case 'sigterm':
      ctx.moveTo(x, y - 6);
      ctx.lineTo(x + 5, y);
      ctx.lineTo(x, y + 6);
      ctx.lineTo(x - 5, y);
      ctx.closePath();
      return solidUnlessEstimated(glyph);
    case 'sigkill':
      ctx.moveTo(x - 5, y - 5);
      ctx.lineTo(x + 5, y + 5);
      ctx.moveTo(x + 5, y - 5);
      ctx.lineTo(x - 5, y + 5);
      return 'stroke';
    case 'endpointNotReady':
    case 'endpointNotServing':
      // ⊖: a bar, not hollowness, tells it from a removal (hollow and dashed is how any mark says "estimated").
      ctx.moveTo(x + 4.5, y);
      ctx.arc(x, y, 4.5, 0, Math.PI * 2);
      ctx.moveTo(x - 4.5, y);
      ctx.lineTo(x + 4.5, y);
      return 'stroke';
    case 'endpointRemoved':
      ctx.moveTo(x + 4.5, y);
      ctx.arc(x, y, 4.5, 0, Math.PI * 2);
      return solidUnlessEstimated(glyph);
    case 'exitOk':
    case 'exitFailed':
      ctx.rect(x - 4, y - 4, 8, 8);
      return solidUnlessEstimated(glyph);
  }
}

/** How much wider than the mark its halo is (both sides together). */
export const GLYPH_HALO_PX = 3;

function paintGlyphs(ctx: CanvasRenderingContext2D, glyphs: readonly Glyph[], palette: Palette): void {
  // Group by (colour, estimated) so each group is one path and one stroke/fill.
  const groups = new Map<string, Glyph[]>();
  for (const glyph of glyphs) {
    const key = `${glyph.shape}|${glyph.estimated ? 1 : 0}|${glyph.expected ? 1 : 0}`;
    const list = groups.get(key);
    if (list) list.push(glyph);
    else groups.set(key, [glyph]);
  }
  for (const list of groups.values()) {
    const sample = list[0]!;
    const color = glyphColor(sample.shape, palette);
    ctx.setLineDash(sample.estimated || sample.shape === 'deadline' ? [3, 2] : []);
    ctx.globalAlpha = sample.expected ? EXPECTED_ALPHA : 1;
    ctx.lineWidth = sample.shape === 'sigkill' ? 2.6 : sample.shape === 'gone' || sample.shape === 'deadline' ? 1.5 : 2;
    ctx.beginPath();
    let mode: 'fill' | 'stroke' = 'stroke';
    for (const glyph of list) mode = traceGlyph(ctx, glyph);
    // A halo in the background colour keeps a mark readable over a hatched gap band or a bar.
    ctx.save();
    ctx.setLineDash([]);
    ctx.strokeStyle = palette.background;
    ctx.lineWidth += GLYPH_HALO_PX;
    ctx.stroke();
    ctx.restore();
    if (mode === 'fill') {
      ctx.fillStyle = color;
      ctx.fill();
    } else {
      ctx.strokeStyle = color;
      ctx.stroke();
    }
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

export function paintLaneScene(options: PaintOptions): void {
  const { ctx, scene, palette, fills } = options;
  fillRects(ctx, scene.headers, palette.headerBackground);
  fillRects(ctx, scene.revisions, palette.revisionBackground);
  fillRects(ctx, scene.terminating, palette.terminating);
  paintCapacity(ctx, scene.capacity, palette);
  // Gap bands are backgrounds that say when: every mark (bars, whiskers, glyphs, labels) is painted over them.
  for (const severity of SEVERITIES) {
    const rects = scene.gaps[severity];
    if (rects.length === 0) continue;
    fillRects(ctx, rects, palette.gap[severity].fill);
    fillRects(ctx, rects, fills[severity]);
    // Edges make even a 1 px gap visible.
    ctx.fillStyle = palette.gap[severity].edge;
    ctx.beginPath();
    for (const r of rects) {
      ctx.rect(r.x, r.y, r.w, 2);
      ctx.rect(r.x, r.y + r.h - 2, r.w, 2);
      ctx.rect(r.x, r.y, 1.5, r.h);
      ctx.rect(r.x + r.w - 1.5, r.y, 1.5, r.h);
    }
    ctx.fill();
  }
  fillRects(ctx, scene.lifeLines, palette.lifeLine);
  fillRects(ctx, scene.routed, palette.routed);
  fillRects(ctx, scene.preStop, palette.preStop);
  if (scene.whiskers.length) {
    ctx.strokeStyle = palette.mutedText;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const w of scene.whiskers) {
      ctx.moveTo(w.x1, w.y);
      ctx.lineTo(w.x1, w.y + 4);
      ctx.moveTo(w.x1, w.y + 2);
      ctx.lineTo(w.x2, w.y + 2);
      ctx.moveTo(w.x2, w.y);
      ctx.lineTo(w.x2, w.y + 4);
    }
    ctx.stroke();
  }
  paintGlyphs(ctx, scene.glyphs, palette);
  if (scene.labels.length) {
    ctx.fillStyle = palette.text;
    ctx.font = '600 10px ui-sans-serif, system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (const label of scene.labels) ctx.fillText(label.text, label.x, label.y, labelWidth(label.text));
  }
}

export interface BackdropOptions {
  ctx: CanvasRenderingContext2D;
  palette: Palette;
  width: number;
  height: number;
  /** Tick positions (px), drawn as faint vertical grid lines. */
  gridXs: readonly number[];
  /** Row highlights under everything else: hovered, then selected. */
  hover: Rect | null;
  selected: Rect | null;
}

export function paintBackdrop(options: BackdropOptions): void {
  const { ctx, palette } = options;
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, options.width, options.height);
  if (options.hover) fillRects(ctx, [options.hover], palette.hoverBackground);
  if (options.selected) fillRects(ctx, [options.selected], palette.selectedBackground);
  fillRects(ctx, options.gridXs.map((x) => ({ x: Math.round(x), y: 0, w: 1, h: options.height })), palette.grid);
}

/** The live "now" line over the lanes. */
export function paintOverlay(options: { ctx: CanvasRenderingContext2D; palette: Palette; height: number; nowX: number | null }): void {
  const { ctx, palette, nowX } = options;
  if (nowX === null) return;
  ctx.fillStyle = palette.now;
  ctx.fillRect(Math.round(nowX) - 1, 0, 2, options.height);
}
