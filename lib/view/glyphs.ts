/**
 * The one table of how the lanes draw each mark: geometry, size, solid or outline, dash, colour (a palette key, so
 * one entry serves both themes of ./palette.ts) and the legend's name. The canvas (./lane-painter.ts) and the SVG
 * export (./export/svg-marks.ts) both read it, and both trace a glyph from the same list of path commands, so a new
 * mark is one entry here and cannot be drawn two ways. Pure data and pure helpers.
 */
import type { MarkerKind, Severity } from '../timeline/types';
import { num } from './export/xml';
import type { Rect } from './lane-scene';
import type { Palette } from './palette';

/** Mildest first: gap bands are painted in this order, so where bands overlap the worst lies on top. */
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

export type GlyphShape =
  | 'start'
  | 'delete'
  | 'deadline'
  | 'killing'
  | 'sigterm'
  | 'sigkill'
  | 'endpointNotReady'
  | 'endpointNotServing'
  | 'endpointRemoved'
  | 'exitOk'
  | 'exitFailed'
  | 'gone';

/** A palette colour that is one string (the gap colours are per severity, in {@link GAP_BANDS}). */
export type PaletteColour = Exclude<keyof Palette, 'gap'>;

/** The geometry of a glyph, centred on the lane's centre line at the marker's x. */
export type GlyphForm =
  | { kind: 'tick'; half: number }
  /** ▼ above the lane (the delete request points down at it). */
  | { kind: 'triangleDown'; halfWidth: number; top: number; bottom: number }
  | { kind: 'diamond'; halfWidth: number; halfHeight: number }
  | { kind: 'cross'; half: number }
  | { kind: 'circle'; r: number }
  /** ⊖: a bar, not hollowness, tells it from a plain circle (hollow and dashed is how any mark says "estimated"). */
  | { kind: 'barredCircle'; r: number }
  | { kind: 'square'; half: number };

export interface GlyphSpec {
  form: GlyphForm;
  colour: PaletteColour;
  /** 'solid': filled when measured, hollow and dashed when estimated. 'line': always stroked (a tick, a cross). */
  body: 'solid' | 'line';
  /** Dashed even when measured (the grace deadline is a promise, not an event). */
  dashed: boolean;
  lineWidth: number;
  /** The legend's words; shapes drawn alike share them. */
  label: string;
}

/** Exhaustive over GlyphShape: a new shape in the scene fails the type check here until it is drawn. */
export const GLYPHS: Record<GlyphShape, GlyphSpec> = {
  start: {
    form: { kind: 'tick', half: 5 },
    colour: 'text',
    body: 'line',
    dashed: false,
    lineWidth: 2,
    label: 'Pod lifetime',
  },
  gone: {
    form: { kind: 'tick', half: 9 },
    colour: 'text',
    body: 'line',
    dashed: false,
    lineWidth: 1.5,
    label: 'Pod gone',
  },
  deadline: {
    form: { kind: 'tick', half: 13 },
    colour: 'deadline',
    body: 'line',
    dashed: true,
    lineWidth: 1.5,
    label: 'Grace deadline',
  },
  delete: {
    form: { kind: 'triangleDown', halfWidth: 5, top: -10, bottom: -2 },
    colour: 'text',
    body: 'solid',
    dashed: false,
    lineWidth: 2,
    label: 'Delete requested',
  },
  killing: {
    form: { kind: 'tick', half: 7 },
    colour: 'signal',
    body: 'line',
    dashed: false,
    lineWidth: 2,
    label: 'Killing (kubelet begins)',
  },
  sigterm: {
    form: { kind: 'diamond', halfWidth: 5, halfHeight: 6 },
    colour: 'signal',
    body: 'solid',
    dashed: false,
    lineWidth: 2,
    label: 'SIGTERM',
  },
  sigkill: {
    form: { kind: 'cross', half: 5 },
    colour: 'sigkill',
    body: 'line',
    dashed: false,
    lineWidth: 2.6,
    label: 'SIGKILL',
  },
  endpointNotReady: {
    form: { kind: 'barredCircle', r: 4.5 },
    colour: 'endpoint',
    body: 'line',
    dashed: false,
    lineWidth: 2,
    label: 'Endpoint not ready or not serving',
  },
  endpointNotServing: {
    form: { kind: 'barredCircle', r: 4.5 },
    colour: 'endpoint',
    body: 'line',
    dashed: false,
    lineWidth: 2,
    label: 'Endpoint not ready or not serving',
  },
  endpointRemoved: {
    form: { kind: 'circle', r: 4.5 },
    colour: 'endpoint',
    body: 'solid',
    dashed: false,
    lineWidth: 2,
    label: 'Endpoint removed',
  },
  exitOk: {
    form: { kind: 'square', half: 4 },
    colour: 'exitOk',
    body: 'solid',
    dashed: false,
    lineWidth: 2,
    label: 'Container exit: 0 / non-zero (code)',
  },
  exitFailed: {
    form: { kind: 'square', half: 4 },
    colour: 'exitFailed',
    body: 'solid',
    dashed: false,
    lineWidth: 2,
    label: 'Container exit: 0 / non-zero (code)',
  },
};

export const GLYPH_SHAPES = Object.keys(GLYPHS) as GlyphShape[];

/**
 * Which glyph each marker kind gets. Exhaustive over MarkerKind: a new kind fails the type check here until someone
 * says how it is drawn. `null` kinds draw no glyph; the note says what shows them instead.
 */
export const MARKER_GLYPHS: Record<
  MarkerKind,
  { glyph: GlyphShape } | { byExitCode: { zero: GlyphShape; nonZero: GlyphShape } } | { glyph: null; shownBy: string }
> = {
  created: { glyph: 'start' },
  scheduled: { glyph: null, shownBy: 'nothing: placement is not part of a termination' },
  ready: { glyph: 'start' },
  endpointReady: { glyph: null, shownBy: 'the start of the routed bar' },
  deleteRequested: { glyph: 'delete' },
  graceDeadline: { glyph: 'deadline' },
  killing: { glyph: 'killing' },
  preStopStart: { glyph: null, shownBy: 'the start of the preStop bar' },
  preStopEnd: { glyph: null, shownBy: 'the end of the preStop bar' },
  sigterm: { glyph: 'sigterm' },
  endpointNotReady: { glyph: 'endpointNotReady' },
  endpointNotServing: { glyph: 'endpointNotServing' },
  endpointRemoved: { glyph: 'endpointRemoved' },
  containerExited: { byExitCode: { zero: 'exitOk', nonZero: 'exitFailed' } },
  sigkill: { glyph: 'sigkill' },
  podDeleted: { glyph: 'gone' },
};

/** The glyph of one marker, or undefined when its kind draws none (a missing exit code counts as a failure). */
export function glyphOfMarker(kind: MarkerKind, exitCode: number | undefined): GlyphShape | undefined {
  const entry = MARKER_GLYPHS[kind];
  if ('byExitCode' in entry) return exitCode === 0 ? entry.byExitCode.zero : entry.byExitCode.nonZero;
  return entry.glyph ?? undefined;
}

/** The bars along a pod's lane: where each sits from the lane's centre line, how thick, its colour and name. */
export const BARS = {
  lifeLines: { colour: 'lifeLine', offset: -1, height: 2, label: 'Pod lifetime' },
  routed: { colour: 'routed', offset: -3, height: 6, label: 'Routed (endpoint ready)' },
  terminating: { colour: 'terminating', offset: -9, height: 18, label: 'Terminating' },
  preStop: { colour: 'preStop', offset: 4, height: 5, label: 'preStop hook' },
} as const satisfies Record<string, { colour: PaletteColour; offset: number; height: number; label: string }>;

/** Gap hatchings repeat as square tiles this many px wide. */
export const HATCH_TILE_PX = 8;

/** One tile of a hatching, inked in the severity's `ink` colour: stroked lines or filled dots. */
export interface Hatch {
  name: 'stripes' | 'dots' | 'crossHatch';
  path: PathCommand[];
  /** A line width strokes the path; null fills it. */
  lineWidth: number | null;
}

/**
 * Gap bands: a tint and edges in the severity's colours (Palette.gap) and a hatching that says the severity without
 * colour (critical = dense diagonal stripes, warning = sparse dots, info = thin cross-hatch), as a canvas pattern
 * (./gap-patterns.ts) and an SVG pattern (./export/svg-marks.ts). A watch's blind window is an info gap.
 */
export const GAP_BANDS: Record<Severity, { hatch: Hatch; label: string }> = {
  critical: {
    // Three diagonals, so the stripe runs on across the tile's corners.
    hatch: {
      name: 'stripes',
      lineWidth: 2.2,
      path: [-HATCH_TILE_PX, 0, HATCH_TILE_PX].flatMap<PathCommand>((o) => [
        { op: 'M', x: o, y: HATCH_TILE_PX },
        { op: 'L', x: o + HATCH_TILE_PX, y: 0 },
      ]),
    },
    label: 'Critical gap: traffic dropped',
  },
  warning: {
    hatch: {
      name: 'dots',
      lineWidth: null,
      path: [
        { op: 'circle', cx: 2, cy: 2, r: 1.3 },
        { op: 'circle', cx: 6, cy: 6, r: 1.3 },
      ],
    },
    label: 'Warning gap: traffic at risk',
  },
  info: {
    hatch: {
      name: 'crossHatch',
      lineWidth: 0.8,
      path: [
        { op: 'M', x: 0, y: 0 },
        { op: 'L', x: HATCH_TILE_PX, y: HATCH_TILE_PX },
        { op: 'M', x: HATCH_TILE_PX, y: 0 },
        { op: 'L', x: 0, y: HATCH_TILE_PX },
      ],
    },
    label: 'Info gap: watch blind',
  },
};

/** The edges of a gap band, which keep even a 1 px gap visible: 2 px top and bottom, 1.5 px at the ends. */
export function gapEdges(r: Rect): Rect[] {
  return [
    { x: r.x, y: r.y, w: r.w, h: 2 },
    { x: r.x, y: r.y + r.h - 2, w: r.w, h: 2 },
    { x: r.x, y: r.y, w: 1.5, h: r.h },
    { x: r.x + r.w - 1.5, y: r.y, w: 1.5, h: r.h },
  ];
}

/** Names of the marks that are not one glyph, bar or band: variants of any glyph, whiskers, the live line. */
export const MARK_LABELS = {
  estimated: 'Estimated, not seen: dashed outline',
  expected: 'Expected, not happened yet: faint',
  whiskers: 'Whole-second uncertainty',
  now: 'Now',
} as const;

/** Estimated (inferred, not seen) marks are hollow with this dash, whatever their shape. */
export const ESTIMATED_DASH: readonly number[] = [3, 2];
/** Predictions are ghosted, on the canvas and in the exported image alike. */
export const EXPECTED_ALPHA = 0.35;
/** How much wider than the mark its halo is (both sides together). */
export const GLYPH_HALO_PX = 3;

/** How one group of glyphs (same shape, estimated, expected) is inked; both renderers apply exactly this. */
export interface GlyphPaint {
  mode: 'fill' | 'stroke';
  colour: string;
  /** Empty: a solid line. Applies to strokes only. */
  dash: readonly number[];
  lineWidth: number;
  alpha: number;
  /** The halo under the mark, in the background colour, so it stays readable over a hatched gap band or a bar. */
  halo: { colour: string; lineWidth: number };
}

export function glyphPaint(shape: GlyphShape, estimated: boolean, expected: boolean, palette: Palette): GlyphPaint {
  const spec = GLYPHS[shape];
  const filled = spec.body === 'solid' && !estimated;
  return {
    mode: filled ? 'fill' : 'stroke',
    colour: palette[spec.colour],
    dash: !filled && (estimated || spec.dashed) ? ESTIMATED_DASH : [],
    lineWidth: spec.lineWidth,
    alpha: expected ? EXPECTED_ALPHA : 1,
    halo: { colour: palette.background, lineWidth: spec.lineWidth + GLYPH_HALO_PX },
  };
}

/**
 * A path as the canvas builds it: `circle` is a full turn begun at its rightmost point (canvas: moveTo + arc; SVG:
 * two arcs); `rect` is canvas `rect` and SVG's relative `h v h Z`.
 */
export type PathCommand =
  | { op: 'M'; x: number; y: number }
  | { op: 'L'; x: number; y: number }
  | { op: 'Z' }
  | { op: 'circle'; cx: number; cy: number; r: number }
  | { op: 'rect'; x: number; y: number; w: number; h: number };

/** One glyph's outline at (x, y). */
export function glyphPath(shape: GlyphShape, x: number, y: number): PathCommand[] {
  const form = GLYPHS[shape].form;
  switch (form.kind) {
    case 'tick':
      return [
        { op: 'M', x, y: y - form.half },
        { op: 'L', x, y: y + form.half },
      ];
    case 'triangleDown':
      return [
        { op: 'M', x: x - form.halfWidth, y: y + form.top },
        { op: 'L', x: x + form.halfWidth, y: y + form.top },
        { op: 'L', x, y: y + form.bottom },
        { op: 'Z' },
      ];
    case 'diamond':
      return [
        { op: 'M', x, y: y - form.halfHeight },
        { op: 'L', x: x + form.halfWidth, y },
        { op: 'L', x, y: y + form.halfHeight },
        { op: 'L', x: x - form.halfWidth, y },
        { op: 'Z' },
      ];
    case 'cross':
      return [
        { op: 'M', x: x - form.half, y: y - form.half },
        { op: 'L', x: x + form.half, y: y + form.half },
        { op: 'M', x: x + form.half, y: y - form.half },
        { op: 'L', x: x - form.half, y: y + form.half },
      ];
    case 'circle':
      return [{ op: 'circle', cx: x, cy: y, r: form.r }];
    case 'barredCircle':
      return [
        { op: 'circle', cx: x, cy: y, r: form.r },
        { op: 'M', x: x - form.r, y },
        { op: 'L', x: x + form.r, y },
      ];
    case 'square':
      return [{ op: 'rect', x: x - form.half, y: y - form.half, w: form.half * 2, h: form.half * 2 }];
  }
}

/** The part of CanvasRenderingContext2D a path needs (a recording fake in tests implements just this). */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  closePath(): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  rect(x: number, y: number, w: number, h: number): void;
}

/** Adds the commands to the sink's current path. */
export function tracePath(sink: PathSink, commands: readonly PathCommand[]): void {
  for (const c of commands) {
    switch (c.op) {
      case 'M':
        sink.moveTo(c.x, c.y);
        break;
      case 'L':
        sink.lineTo(c.x, c.y);
        break;
      case 'Z':
        sink.closePath();
        break;
      case 'circle':
        sink.moveTo(c.cx + c.r, c.cy);
        sink.arc(c.cx, c.cy, c.r, 0, Math.PI * 2);
        break;
      case 'rect':
        sink.rect(c.x, c.y, c.w, c.h);
        break;
    }
  }
}

/** The commands as an SVG `d`; a line along an axis is written `H`/`V`, as shorter. */
export function pathD(commands: readonly PathCommand[]): string {
  let d = '';
  let at = { x: Number.NaN, y: Number.NaN };
  for (const c of commands) {
    switch (c.op) {
      case 'M':
        d += `M${num(c.x)} ${num(c.y)}`;
        at = c;
        break;
      case 'L':
        if (c.y === at.y) d += `H${num(c.x)}`;
        else if (c.x === at.x) d += `V${num(c.y)}`;
        else d += `L${num(c.x)} ${num(c.y)}`;
        at = c;
        break;
      case 'Z':
        d += 'Z';
        break;
      case 'circle': {
        const { cx, cy, r } = c;
        d += `M${num(cx + r)} ${num(cy)}A${num(r)} ${num(r)} 0 1 0 ${num(cx - r)} ${num(cy)}A${num(r)} ${num(r)} 0 1 0 ${num(cx + r)} ${num(cy)}Z`;
        at = { x: cx + r, y: cy };
        break;
      }
      case 'rect':
        d += `M${num(c.x)} ${num(c.y)}h${num(c.w)}v${num(c.h)}h${num(-c.w)}Z`;
        at = { x: c.x, y: c.y };
        break;
    }
  }
  return d;
}
