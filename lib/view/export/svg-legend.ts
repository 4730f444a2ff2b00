/**
 * The legend of the image, drawn with the very functions that draw the lanes (./svg-marks.ts), so a swatch cannot
 * drift from the mark it explains.
 */
import type { Severity } from '../../timeline/types';
import type { Glyph, GlyphShape } from '../lane-scene';
import type { Palette } from '../palette';
import { gapBandEl, glyphsEl, rectsEl, whiskersEl } from './svg-marks';
import { el, textEl } from './xml';

const COLUMN_WIDTH = 270;
const ROW_HEIGHT = 28;
const SWATCH_WIDTH = 28;

interface Item {
  label: string;
  /** The swatch, centred on (x, y). */
  draw(x: number, y: number, palette: Palette): string;
}

const gap = (severity: Severity) => (x: number, y: number, palette: Palette) => gapBandEl({ x: x - 13, y: y - 9, w: 26, h: 18 }, severity, palette);
const glyphs = (...shapes: Array<[GlyphShape, boolean]>) => (x: number, y: number, palette: Palette) => {
  const step = 12;
  const left = x - ((shapes.length - 1) * step) / 2;
  return glyphsEl(shapes.map<Glyph>(([shape, estimated], i) => ({ shape, estimated, x: left + i * step, y: shape === 'delete' ? y + 6 : y })), palette);
};
const band = (colour: 'routed' | 'terminating' | 'preStop', height: number) => (x: number, y: number, palette: Palette) =>
  rectsEl([{ x: x - 13, y: y - height / 2, w: 26, h: height }], palette[colour], colour);

const ITEMS: readonly Item[] = [
  { label: 'Critical gap: traffic dropped', draw: gap('critical') },
  { label: 'Warning gap: traffic at risk', draw: gap('warning') },
  { label: 'Info gap: watch blind', draw: gap('info') },
  { label: 'Routed (endpoint ready)', draw: band('routed', 6) },
  { label: 'Terminating', draw: band('terminating', 18) },
  { label: 'preStop hook', draw: band('preStop', 5) },
  { label: 'Delete requested', draw: glyphs(['delete', false]) },
  { label: 'SIGTERM / estimated (dashed)', draw: glyphs(['sigterm', false], ['sigterm', true]) },
  { label: 'SIGKILL', draw: glyphs(['sigkill', false]) },
  { label: 'Endpoint not ready / removed', draw: glyphs(['endpointNotReady', false], ['endpointRemoved', false]) },
  { label: 'Container exit: 0 / non-zero', draw: glyphs(['exitOk', false], ['exitFailed', false]) },
  { label: 'Grace deadline', draw: glyphs(['deadline', false]) },
  { label: 'Pod gone', draw: glyphs(['gone', false]) },
  {
    label: 'Expected, not happened yet: faint',
    draw: (x, y, palette) => glyphsEl([{ shape: 'sigterm', estimated: true, expected: true, x, y }], palette),
  },
  { label: 'Whole-second uncertainty', draw: (x, y, palette) => whiskersEl([{ x1: x - 12, x2: x + 12, y: y - 2 }], palette) },
];

/** The legend in columns across `width`; its height follows from how many columns fit. */
export function legendEl(width: number, palette: Palette): { svg: string; height: number } {
  const columns = Math.max(1, Math.floor(width / COLUMN_WIDTH));
  const rows = Math.ceil(ITEMS.length / columns);
  const body = ITEMS.map((item, i) => {
    const x = (i % columns) * COLUMN_WIDTH;
    const y = 24 + Math.floor(i / columns) * ROW_HEIGHT + ROW_HEIGHT / 2;
    return item.draw(x + SWATCH_WIDTH / 2, y, palette) + textEl({ x: x + SWATCH_WIDTH + 8, y, 'dominant-baseline': 'central' }, item.label);
  }).join('');
  const heading = textEl({ x: 0, y: 10, 'font-size': 11, 'font-weight': 600, fill: palette.mutedText, 'letter-spacing': 0.5 }, 'LEGEND');
  return { svg: el('g', { class: 'legend', 'font-size': 12, fill: palette.text }, heading + body), height: 24 + rows * ROW_HEIGHT };
}
