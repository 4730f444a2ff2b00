/**
 * A LaneScene (../lane-scene.ts) as SVG, drawn as ../lane-painter.ts paints it on the canvas: the same passes in
 * the same order, colours from the same palette, the gap tiles of ../gap-patterns.ts as SVG patterns. One path per
 * style (thousands of lanes stay one element each); gap bands one group each, so a reader can find them.
 */
import type { Severity } from '../../timeline/types';
import { EXPECTED_ALPHA, type Glyph, type GlyphShape, type LaneScene, type Rect, type Whisker } from '../lane-scene';
import { GLYPH_HALO_PX } from '../lane-painter';
import type { Palette } from '../palette';
import { el, num, textEl } from './xml';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

export const GAP_PATTERN_ID: Record<Severity, string> = { critical: 'ds-gap-critical', warning: 'ds-gap-warning', info: 'ds-gap-info' };

/** The canvas's 8 px tiles: critical = dense diagonal stripes, warning = sparse dots, info = thin cross-hatch. */
export function gapPatternDefs(palette: Palette): string {
  const tile = (severity: Severity, body: string) => el('pattern', { id: GAP_PATTERN_ID[severity], width: 8, height: 8, patternUnits: 'userSpaceOnUse' }, body);
  return (
    tile('critical', el('path', { d: 'M-8 8L0 0M0 8L8 0M8 8L16 0', stroke: palette.gap.critical.ink, 'stroke-width': 2.2, fill: 'none' })) +
    tile('warning', el('circle', { cx: 2, cy: 2, r: 1.3, fill: palette.gap.warning.ink }) + el('circle', { cx: 6, cy: 6, r: 1.3, fill: palette.gap.warning.ink })) +
    tile('info', el('path', { d: 'M0 0L8 8M8 0L0 8', stroke: palette.gap.info.ink, 'stroke-width': 0.8, fill: 'none' }))
  );
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
  const edges = [
    { x: r.x, y: r.y, w: r.w, h: 2 },
    { x: r.x, y: r.y + r.h - 2, w: r.w, h: 2 },
    { x: r.x, y: r.y, w: 1.5, h: r.h },
    { x: r.x + r.w - 1.5, y: r.y, w: 1.5, h: r.h },
  ];
  const box = { x: r.x, y: r.y, width: r.w, height: r.h };
  return el(
    'g',
    { class: 'gap-band', 'data-severity': severity },
    el('rect', { ...box, fill: palette.gap[severity].fill }) + el('rect', { ...box, fill: `url(#${GAP_PATTERN_ID[severity]})` }) + el('path', { d: edges.map(rectPath).join(''), fill: palette.gap[severity].edge }),
  );
}

type PaletteColour = Exclude<keyof Palette, 'gap'>;

interface GlyphStyle {
  colour: PaletteColour;
  /** The outline, as the painter traces it. */
  trace(x: number, y: number): string;
  /** Filled rather than stroked (SIGTERM only when observed: inferred ones are hollow). */
  filled(estimated: boolean): boolean;
  width: number;
}

const circle = (x: number, y: number) => `M${num(x + 4.5)} ${num(y)}A4.5 4.5 0 1 0 ${num(x - 4.5)} ${num(y)}A4.5 4.5 0 1 0 ${num(x + 4.5)} ${num(y)}Z`;
/** ⊖: out of rotation. A bar, not hollowness, tells it from a removal (hollow and dashed means estimated). */
const barredCircle = (x: number, y: number) => `${circle(x, y)}M${num(x - 4.5)} ${num(y)}H${num(x + 4.5)}`;
const vertical = (half: number) => (x: number, y: number) => `M${num(x)} ${num(y - half)}V${num(y + half)}`;
const square = (x: number, y: number) => rectPath({ x: x - 4, y: y - 4, w: 8, h: 8 });
const never = () => false;
/** Solid when measured; an estimate (inferred from a deadline or a later object) is drawn hollow and dashed. */
const unlessEstimated = (estimated: boolean) => !estimated;

/** Exhaustive over GlyphShape: a new shape in the scene fails the type check here until it is drawn. */
const GLYPHS: Record<GlyphShape, GlyphStyle> = {
  start: { colour: 'text', trace: vertical(5), filled: never, width: 2 },
  gone: { colour: 'text', trace: vertical(9), filled: never, width: 1.5 },
  deadline: { colour: 'deadline', trace: vertical(13), filled: never, width: 1.5 },
  delete: { colour: 'text', trace: (x, y) => `M${num(x - 5)} ${num(y - 10)}H${num(x + 5)}L${num(x)} ${num(y - 2)}Z`, filled: unlessEstimated, width: 2 },
  killing: { colour: 'signal', trace: vertical(7), filled: never, width: 2 },
  sigterm: { colour: 'signal', trace: (x, y) => `M${num(x)} ${num(y - 6)}L${num(x + 5)} ${num(y)}L${num(x)} ${num(y + 6)}L${num(x - 5)} ${num(y)}Z`, filled: unlessEstimated, width: 2 },
  sigkill: { colour: 'sigkill', trace: (x, y) => `M${num(x - 5)} ${num(y - 5)}L${num(x + 5)} ${num(y + 5)}M${num(x + 5)} ${num(y - 5)}L${num(x - 5)} ${num(y + 5)}`, filled: never, width: 2.6 },
  endpointNotReady: { colour: 'endpoint', trace: barredCircle, filled: never, width: 2 },
  endpointNotServing: { colour: 'endpoint', trace: barredCircle, filled: never, width: 2 },
  endpointRemoved: { colour: 'endpoint', trace: circle, filled: unlessEstimated, width: 2 },
  exitOk: { colour: 'exitOk', trace: square, filled: unlessEstimated, width: 2 },
  exitFailed: { colour: 'exitFailed', trace: square, filled: unlessEstimated, width: 2 },
};

/** Every shape the lanes can draw (the legend's test checks it explains each). */
export const GLYPH_SHAPES = Object.keys(GLYPHS) as GlyphShape[];

/** Glyphs grouped by (shape, estimated), one path a group; estimated strokes and the deadline dashed. */
export function glyphsEl(glyphs: readonly Glyph[], palette: Palette): string {
  const groups = new Map<string, { sample: Glyph; d: string }>();
  for (const glyph of glyphs) {
    const key = `${glyph.shape}|${glyph.estimated ? 1 : 0}|${glyph.expected ? 1 : 0}`;
    const outline = GLYPHS[glyph.shape].trace(glyph.x, glyph.y);
    const group = groups.get(key);
    if (group) group.d += outline;
    else groups.set(key, { sample: glyph, d: outline });
  }
  let out = '';
  for (const { sample, d } of groups.values()) {
    const { shape, estimated } = sample;
    const style = GLYPHS[shape];
    const colour = palette[style.colour];
    const common = { class: `glyph glyph-${shape}`, 'data-estimated': estimated ? 'true' : 'false', ...(sample.expected && { 'data-expected': 'true', opacity: EXPECTED_ALPHA }), d };
    // The halo the canvas draws (../lane-painter.ts): a mark stays readable over a hatched gap band.
    out += el('path', { class: 'glyph-halo', d, fill: 'none', stroke: palette.background, 'stroke-width': style.width + GLYPH_HALO_PX, ...(sample.expected && { opacity: EXPECTED_ALPHA }) });
    if (style.filled(estimated)) out += el('path', { ...common, fill: colour });
    else out += el('path', { ...common, fill: 'none', stroke: colour, 'stroke-width': style.width, 'stroke-dasharray': estimated || shape === 'deadline' ? '3 2' : null });
  }
  return out;
}

/** Second-precision intervals: |——| from the earliest to the latest the marker can have happened. */
export function whiskersEl(whiskers: readonly Whisker[], palette: Palette): string {
  if (!whiskers.length) return '';
  const d = whiskers.map((w) => `M${num(w.x1)} ${num(w.y)}v4M${num(w.x1)} ${num(w.y + 2)}H${num(w.x2)}M${num(w.x2)} ${num(w.y)}v4`).join('');
  return el('path', { class: 'whiskers', d, fill: 'none', stroke: palette.mutedText, 'stroke-width': 1 });
}

/** The scene in the painter's order: backgrounds, gap bands, bars, whiskers, glyphs, labels (marks over bands). */
export function sceneEl(scene: LaneScene, palette: Palette): string {
  let out = rectsEl(scene.headers, palette.headerBackground, 'workload-bg');
  out += rectsEl(scene.revisions, palette.revisionBackground, 'revision-bg');
  out += rectsEl(scene.terminating, palette.terminating, 'terminating');
  for (const severity of SEVERITIES) for (const rect of scene.gaps[severity]) out += gapBandEl(rect, severity, palette);
  out += rectsEl(scene.lifeLines, palette.lifeLine, 'life-line');
  out += rectsEl(scene.routed, palette.routed, 'routed');
  out += rectsEl(scene.preStop, palette.preStop, 'prestop');
  out += whiskersEl(scene.whiskers, palette);
  out += glyphsEl(scene.glyphs, palette);
  if (scene.labels.length) {
    const texts = scene.labels.map((label) => textEl({ x: label.x, y: label.y }, label.text)).join('');
    out += el('g', { class: 'labels', fill: palette.text, 'font-size': 10, 'font-weight': 600, 'dominant-baseline': 'central' }, texts);
  }
  return out;
}
