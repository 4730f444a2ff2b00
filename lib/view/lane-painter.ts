/**
 * Paints a LaneScene (./lane-scene.ts) in passes, one per style: every rect of a kind in one path, one fill.
 * Text goes through `fillText`, which cannot interpret markup.
 */
import { paintCapacity } from './capacity-painter';
import type { GapFills } from './gap-patterns';
import { BARS, gapEdges, glyphPaint, glyphPath, SEVERITIES, tracePath } from './glyphs';
import { labelWidth } from './label-placement';
import type { Glyph, LaneScene, Rect } from './lane-scene';
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

function paintGlyphs(ctx: CanvasRenderingContext2D, glyphs: readonly Glyph[], palette: Palette): void {
  // Group by (shape, estimated, expected) so each group is one path and one stroke/fill.
  const groups = new Map<string, Glyph[]>();
  for (const glyph of glyphs) {
    const key = `${glyph.shape}|${glyph.estimated ? 1 : 0}|${glyph.expected ? 1 : 0}`;
    const list = groups.get(key);
    if (list) list.push(glyph);
    else groups.set(key, [glyph]);
  }
  for (const list of groups.values()) {
    const sample = list[0]!;
    const paint = glyphPaint(sample.shape, sample.estimated, sample.expected === true, palette);
    ctx.setLineDash([...paint.dash]);
    ctx.globalAlpha = paint.alpha;
    ctx.beginPath();
    for (const glyph of list) tracePath(ctx, glyphPath(glyph.shape, glyph.x, glyph.y));
    // A halo in the background colour keeps a mark readable over a hatched gap band or a bar.
    ctx.save();
    ctx.setLineDash([]);
    ctx.strokeStyle = paint.halo.colour;
    ctx.lineWidth = paint.halo.lineWidth;
    ctx.stroke();
    ctx.restore();
    if (paint.mode === 'fill') {
      ctx.fillStyle = paint.colour;
      ctx.fill();
    } else {
      ctx.strokeStyle = paint.colour;
      ctx.lineWidth = paint.lineWidth;
      ctx.stroke();
    }
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

export function paintLaneScene(options: PaintOptions): void {
  const { ctx, scene, palette, fills } = options;
  fillRects(ctx, scene.headers, palette.headerBackground);
  fillRects(ctx, scene.revisions, palette.revisionBackground);
  fillRects(ctx, scene.terminating, palette[BARS.terminating.colour]);
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
    for (const edge of rects.flatMap(gapEdges)) ctx.rect(edge.x, edge.y, edge.w, edge.h);
    ctx.fill();
  }
  fillRects(ctx, scene.lifeLines, palette[BARS.lifeLines.colour]);
  fillRects(ctx, scene.routed, palette[BARS.routed.colour]);
  fillRects(ctx, scene.preStop, palette[BARS.preStop.colour]);
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
  fillRects(
    ctx,
    options.gridXs.map((x) => ({ x: Math.round(x), y: 0, w: 1, h: options.height })),
    palette.grid,
  );
}

/** The live "now" line over the lanes. */
export function paintOverlay(options: {
  ctx: CanvasRenderingContext2D;
  palette: Palette;
  height: number;
  nowX: number | null;
}): void {
  const { ctx, palette, nowX } = options;
  if (nowX === null) return;
  ctx.fillStyle = palette.now;
  ctx.fillRect(Math.round(nowX) - 1, 0, 2, options.height);
}
