/**
 * A LaneScene (../lane-scene.ts) as SVG, drawn as ../lane-painter.ts paints it on the canvas: the same passes in
 * the same order, colours from the same palette, the gap tiles of ../gap-patterns.ts as SVG patterns. One path per
 * style (thousands of lanes stay one element each); gap bands one group each, so a reader can find them.
 */
import type { Severity } from '../../timeline/types';
import { BARS, GAP_BANDS, gapEdges, glyphPaint, HATCH_TILE_PX, glyphPath, pathD, SEVERITIES } from '../glyphs';
import type { Glyph, LaneScene, Rect, Whisker } from '../lane-scene';
import type { Palette } from '../palette';
import { el, num, textEl } from './xml';

export const GAP_PATTERN_ID: Record<Severity, string> = {
  critical: 'ds-gap-critical',
  warning: 'ds-gap-warning',
  info: 'ds-gap-info',
};

/** The canvas's hatch tiles (../glyphs.ts, painted by ../gap-patterns.ts) as SVG patterns, one per severity. */
export function gapPatternDefs(palette: Palette): string {
  return SEVERITIES.map((severity) => {
    const { hatch } = GAP_BANDS[severity];
    const ink = palette.gap[severity].ink;
    const d = pathD(hatch.path);
    const body =
      hatch.lineWidth === null
        ? el('path', { d, fill: ink })
        : el('path', { d, stroke: ink, 'stroke-width': hatch.lineWidth, fill: 'none' });
    return el(
      'pattern',
      { id: GAP_PATTERN_ID[severity], width: HATCH_TILE_PX, height: HATCH_TILE_PX, patternUnits: 'userSpaceOnUse' },
      body,
    );
  }).join('');
}

function rectPath(r: Rect): string {
  return `M${num(r.x)} ${num(r.y)}h${num(r.w)}v${num(r.h)}h${num(-r.w)}Z`;
}

/** Rects of one style as one path; nothing when there are none. */
export function rectsEl(rects: readonly Rect[], fill: string, className: string): string {
  return rects.length ? el('path', { class: className, d: rects.map(rectPath).join(''), fill }) : '';
}

/** One gap band: tint, hatching, then edges that keep even a 1 px gap visible. */
export function gapBandEl(r: Rect, severity: Severity, palette: Palette): string {
  const edges = gapEdges(r);
  const box = { x: r.x, y: r.y, width: r.w, height: r.h };
  return el(
    'g',
    { class: 'gap-band', 'data-severity': severity },
    el('rect', { ...box, fill: palette.gap[severity].fill }) +
      el('rect', { ...box, fill: `url(#${GAP_PATTERN_ID[severity]})` }) +
      el('path', { d: edges.map(rectPath).join(''), fill: palette.gap[severity].edge }),
  );
}

/** Glyphs grouped by (shape, estimated, expected), one path a group, inked as ../glyphs.ts says (as the canvas does). */
export function glyphsEl(glyphs: readonly Glyph[], palette: Palette): string {
  const groups = new Map<string, { sample: Glyph; d: string }>();
  for (const glyph of glyphs) {
    const key = `${glyph.shape}|${glyph.estimated ? 1 : 0}|${glyph.expected ? 1 : 0}`;
    const outline = pathD(glyphPath(glyph.shape, glyph.x, glyph.y));
    const group = groups.get(key);
    if (group) group.d += outline;
    else groups.set(key, { sample: glyph, d: outline });
  }
  let out = '';
  for (const { sample, d } of groups.values()) {
    const { shape, estimated } = sample;
    const paint = glyphPaint(shape, estimated, sample.expected === true, palette);
    const ghost = paint.alpha === 1 ? null : paint.alpha;
    const common = {
      class: `glyph glyph-${shape}`,
      'data-estimated': estimated ? 'true' : 'false',
      ...(sample.expected && { 'data-expected': 'true' }),
      opacity: ghost,
      d,
    };
    // The halo the canvas draws (../lane-painter.ts): a mark stays readable over a hatched gap band.
    out += el('path', {
      class: 'glyph-halo',
      d,
      fill: 'none',
      stroke: paint.halo.colour,
      'stroke-width': paint.halo.lineWidth,
      opacity: ghost,
    });
    if (paint.mode === 'fill') out += el('path', { ...common, fill: paint.colour });
    else
      out += el('path', {
        ...common,
        fill: 'none',
        stroke: paint.colour,
        'stroke-width': paint.lineWidth,
        'stroke-dasharray': paint.dash.length ? paint.dash.join(' ') : null,
      });
  }
  return out;
}

/** Second-precision intervals: |——| from the earliest to the latest the marker can have happened. */
export function whiskersEl(whiskers: readonly Whisker[], palette: Palette): string {
  if (!whiskers.length) return '';
  const d = whiskers
    .map((w) => `M${num(w.x1)} ${num(w.y)}v4M${num(w.x1)} ${num(w.y + 2)}H${num(w.x2)}M${num(w.x2)} ${num(w.y)}v4`)
    .join('');
  return el('path', { class: 'whiskers', d, fill: 'none', stroke: palette.mutedText, 'stroke-width': 1 });
}

/** The scene in the painter's order: backgrounds, gap bands, bars, whiskers, glyphs, labels (marks over bands). */
export function sceneEl(scene: LaneScene, palette: Palette): string {
  let out = rectsEl(scene.headers, palette.headerBackground, 'workload-bg');
  out += rectsEl(scene.revisions, palette.revisionBackground, 'revision-bg');
  out += rectsEl(scene.terminating, palette[BARS.terminating.colour], 'terminating');
  for (const severity of SEVERITIES) for (const rect of scene.gaps[severity]) out += gapBandEl(rect, severity, palette);
  out += rectsEl(scene.lifeLines, palette[BARS.lifeLines.colour], 'life-line');
  out += rectsEl(scene.routed, palette[BARS.routed.colour], 'routed');
  out += rectsEl(scene.preStop, palette[BARS.preStop.colour], 'prestop');
  out += whiskersEl(scene.whiskers, palette);
  out += glyphsEl(scene.glyphs, palette);
  if (scene.labels.length) {
    const texts = scene.labels.map((label) => textEl({ x: label.x, y: label.y }, label.text)).join('');
    out += el(
      'g',
      { class: 'labels', fill: palette.text, 'font-size': 10, 'font-weight': 600, 'dominant-baseline': 'central' },
      texts,
    );
  }
  return out;
}
