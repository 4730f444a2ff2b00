/**
 * The legend, drawn with the very functions that draw the lanes (./svg-marks.ts), so a swatch cannot drift from the
 * mark it explains. The exported image and the page (components/Legend.tsx) both list these items: one list, one
 * meaning per visual channel (colour and shape say what, stripes/dots/cross-hatch say how bad, a dashed outline
 * says estimated, faintness says expected).
 */
import type { Severity } from '../../timeline/types';
import type { CAPACITY_PARTS } from '../capacity-scene';
import { BARS, GAP_BANDS, GLYPHS, MARK_LABELS, SEVERITIES, type GlyphShape } from '../glyphs';
import type { Glyph, LaneScene } from '../lane-scene';
import type { Palette } from '../palette';
import { capacityEls } from './svg-capacity';
import { gapBandEl, glyphsEl, rectsEl, whiskersEl } from './svg-marks';
import { el, textEl } from './xml';

const COLUMN_WIDTH = 270;
const ROW_HEIGHT = 28;
const SWATCH_WIDTH = 28;

/** The parts of a scene an item explains (the legend's test checks every part of a scene is explained). */
export type LegendCovers =
  | GlyphShape
  | Exclude<keyof LaneScene, 'glyphs' | 'headers' | 'revisions' | 'gaps' | 'capacity'>
  | `gap-${Severity}`
  | `capacity-${(typeof CAPACITY_PARTS)[number]}`
  | 'now'
  | 'estimated'
  | 'expected';

export interface LegendItem {
  label: string;
  covers: readonly LegendCovers[];
  /** The swatch, centred on (x, y), at most 28 × 20. */
  draw(x: number, y: number, palette: Palette): string;
}

const gap = (severity: Severity) => (x: number, y: number, palette: Palette) =>
  gapBandEl({ x: x - 13, y: y - 9, w: 26, h: 18 }, severity, palette);
const glyphs =
  (...shapes: Array<[GlyphShape, boolean]>) =>
  (x: number, y: number, palette: Palette) => {
    const step = 12;
    const left = x - ((shapes.length - 1) * step) / 2;
    return glyphsEl(
      shapes.map<Glyph>(([shape, estimated], i) => ({
        shape,
        estimated,
        x: left + i * step,
        y: shape === 'delete' ? y + 6 : y,
      })),
      palette,
    );
  };
/** A bar as the lane draws it: its colour and thickness from the glyph table. */
const bar = (name: keyof typeof BARS) => (x: number, y: number, palette: Palette) => {
  const { colour, height } = BARS[name];
  return rectsEl([{ x: x - 13, y: y - height / 2, w: 26, h: height }], palette[colour], colour);
};

/** Labels come from ../glyphs.ts (the table both renderers read); this list only orders and groups them. */
export const LEGEND_ITEMS: readonly LegendItem[] = [
  ...[...SEVERITIES].reverse().map((severity) => ({
    label: GAP_BANDS[severity].label,
    covers: [`gap-${severity}` as const],
    draw: gap(severity),
  })),
  {
    label: BARS.lifeLines.label,
    covers: ['lifeLines', 'start'],
    draw: (x, y, palette) =>
      bar('lifeLines')(x, y, palette) + glyphsEl([{ shape: 'start', estimated: false, x: x - 8, y }], palette),
  },
  { label: BARS.routed.label, covers: ['routed'], draw: bar('routed') },
  { label: BARS.terminating.label, covers: ['terminating'], draw: bar('terminating') },
  { label: BARS.preStop.label, covers: ['preStop'], draw: bar('preStop') },
  { label: GLYPHS.delete.label, covers: ['delete'], draw: glyphs(['delete', false]) },
  { label: GLYPHS.killing.label, covers: ['killing'], draw: glyphs(['killing', false]) },
  { label: GLYPHS.sigterm.label, covers: ['sigterm'], draw: glyphs(['sigterm', false]) },
  { label: GLYPHS.sigkill.label, covers: ['sigkill'], draw: glyphs(['sigkill', false]) },
  {
    label: GLYPHS.endpointNotReady.label,
    covers: ['endpointNotReady', 'endpointNotServing'],
    draw: glyphs(['endpointNotReady', false]),
  },
  { label: GLYPHS.endpointRemoved.label, covers: ['endpointRemoved'], draw: glyphs(['endpointRemoved', false]) },
  {
    label: GLYPHS.exitOk.label,
    covers: ['exitOk', 'exitFailed', 'labels'],
    draw: glyphs(['exitOk', false], ['exitFailed', false]),
  },
  { label: GLYPHS.deadline.label, covers: ['deadline'], draw: glyphs(['deadline', false]) },
  { label: GLYPHS.gone.label, covers: ['gone'], draw: glyphs(['gone', false]) },
  { label: MARK_LABELS.estimated, covers: ['estimated'], draw: glyphs(['sigterm', true], ['exitOk', true]) },
  {
    label: MARK_LABELS.expected,
    covers: ['expected'],
    draw: (x, y, palette) => glyphsEl([{ shape: 'sigterm', estimated: true, expected: true, x, y }], palette),
  },
  {
    label: MARK_LABELS.whiskers,
    covers: ['whiskers'],
    draw: (x, y, palette) => whiskersEl([{ x1: x - 12, x2: x + 12, y: y - 2 }], palette),
  },
  {
    label: 'Ready endpoints (faint: uncertain)',
    covers: ['capacity-ready', 'capacity-readyRange'],
    draw: (x, y, palette) =>
      capacityEls.ready([{ x: x - 13, y, w: 26, h: 9 }], palette) +
      capacityEls.readyRange([{ x: x - 13, y: y - 9, w: 26, h: 9 }], palette),
  },
  {
    label: 'Serving endpoints',
    covers: ['capacity-serving'],
    draw: (x, y, palette) =>
      capacityEls.serving(
        [
          { x1: x - 13, x2: x, y: y + 4 },
          { x1: x, x2: x + 13, y: y - 4 },
        ],
        palette,
      ),
  },
  {
    label: 'Desired replicas',
    covers: ['capacity-desired'],
    draw: (x, y, palette) => capacityEls.desired([{ x1: x - 13, x2: x + 13, y }], palette),
  },
  {
    label: 'Floor: replicas − maxUnavailable',
    covers: ['capacity-threshold'],
    draw: (x, y, palette) => capacityEls.threshold([{ x1: x - 13, x2: x + 13, y }], palette),
  },
  {
    label: 'Below replicas − maxUnavailable',
    covers: ['capacity-dips'],
    draw: (x, y, palette) => capacityEls.dips([{ x: x - 13, y: y - 9, w: 26, h: 18 }], palette),
  },
  {
    label: MARK_LABELS.now,
    covers: ['now'],
    draw: (x, y, palette) => rectsEl([{ x: x - 1, y: y - 10, w: 2, h: 20 }], palette.now, 'legend-now'),
  },
];

/** The legend in columns across `width`; its height follows from how many columns fit. */
export function legendEl(width: number, palette: Palette): { svg: string; height: number } {
  const columns = Math.max(1, Math.floor(width / COLUMN_WIDTH));
  const rows = Math.ceil(LEGEND_ITEMS.length / columns);
  const body = LEGEND_ITEMS.map((item, i) => {
    const x = (i % columns) * COLUMN_WIDTH;
    const y = 24 + Math.floor(i / columns) * ROW_HEIGHT + ROW_HEIGHT / 2;
    return (
      item.draw(x + SWATCH_WIDTH / 2, y, palette) +
      textEl({ x: x + SWATCH_WIDTH + 8, y, 'dominant-baseline': 'central' }, item.label)
    );
  }).join('');
  const heading = textEl(
    { x: 0, y: 10, 'font-size': 11, 'font-weight': 600, fill: palette.mutedText, 'letter-spacing': 0.5 },
    'LEGEND',
  );
  return {
    svg: el('g', { class: 'legend', 'font-size': 12, fill: palette.text }, heading + body),
    height: 24 + rows * ROW_HEIGHT,
  };
}
