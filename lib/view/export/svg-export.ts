/**
 * The swimlane view as one standalone SVG document: title, time axis, one header and one lane per row of the
 * filtered model (all of them, not just those scrolled into view), within the visible time span, and the legend.
 * The browser rasterizes the same document for the PNG, so both files show the same thing.
 */
import type { AxisTick } from '../axis-ticks';
import { axisTicks } from '../axis-ticks';
import { buildLaneScene } from '../lane-scene';
import type { Palette } from '../palette';
import { capacityHeadline } from '../capacity';
import { foldLabel } from '../fold-gone';
import { RowLayout } from '../row-layout';
import type { Row } from '../row-model';
import { TimeScale } from '../time-scale';
import type { Finding } from '../../timeline/types';
import { exportTitle, type ExportSubject } from './naming';
import { capacityEl } from './svg-capacity';
import { legendEl } from './svg-legend';
import { gapPatternDefs, sceneEl } from './svg-marks';
import { el, escapeXml, num, textEl } from './xml';

export interface ImageExportInput extends ExportSubject {
  palette: Palette;
  /** Epoch ms lanes of pods still alive extend to (live: now; a replay: its instant), or null. */
  nowMs: number | null;
  /** Where the "now" line goes on the lane time line (null: none). */
  nowLineMs: number | null;
  /** Relative tick labels count from here. */
  originMs: number;
  /** A review's replay cursor: the lanes' bars and gap bands stop there, as on the canvas; null elsewhere. */
  clipAtMs: number | null;
  /** For the CSV and JSON of the same view (./screen-analysis.ts). */
  findings?: readonly Finding[];
  allowanceSeconds?: number;
}

export interface SvgExport {
  svg: string;
  /** CSS pixels. */
  width: number;
  height: number;
}

const PAD = 16;
const TITLE_HEIGHT = 50;
const AXIS_HEIGHT = 28;
const HEADER_WIDTH = 300;
const LEGEND_GAP = 18;
export const DEFAULT_LANES_WIDTH = 1100;
const SANS = 'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';
const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';
/** Monospace glyphs are 0.6 em wide: how many characters of a pod name fit beside its badge. */
const POD_NAME_CHARS = Math.floor((HEADER_WIDTH - 28 - 70) / (12.5 * 0.6));
const GROUP_CHARS = 40;
const EDGE_LABEL_PX = 30;

const BADGE = {
  critical: { fill: '#D55E00', ink: '#ffffff' },
  warning: { fill: '#E69F00', ink: '#000000' },
  info: { fill: '#94a3b8', ink: '#000000' },
} as const;

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

/** A row's header: names are text nodes (escaped), shortened to fit; the full name is the group's <title>. */
function headerEl(row: Row, top: number, height: number, palette: Palette): string {
  const mid = top + height / 2;
  if (row.kind === 'workload') {
    const name = `${row.namespace} / ${row.label}`;
    const problems =
      row.problemCount > 0
        ? textEl(
            { x: HEADER_WIDTH - 10, y: mid, 'text-anchor': 'end', 'font-size': 11, fill: palette.gap.critical.edge },
            `${row.problemCount} with gaps`,
          )
        : '';
    return el(
      'g',
      { class: 'workload-header' },
      el('title', {}, escapeXml(name)) +
        el('rect', { x: 0, y: top, width: HEADER_WIDTH, height, fill: palette.headerBackground }) +
        el('path', { d: `M0 ${top}H${HEADER_WIDTH}`, stroke: palette.grid, 'stroke-width': 1 }) +
        textEl({ x: 12, y: mid, 'font-size': 13, 'font-weight': 600 }, clip(name, GROUP_CHARS)) +
        problems,
    );
  }
  if (row.kind === 'revision') {
    return el(
      'g',
      { class: 'revision-header' },
      el('rect', { x: 0, y: top, width: HEADER_WIDTH, height, fill: palette.revisionBackground }) +
        (row.changing
          ? textEl({ x: 20, y: mid, 'font-size': 11, fill: palette.mutedText }, `CHANGING NOW · ${row.podCount}`)
          : el(
              'text',
              { x: 20, y: mid, 'font-size': 11, fill: palette.mutedText },
              `REVISION ${el('tspan', { 'font-family': MONO }, escapeXml(clip(row.label, GROUP_CHARS)))} · ${row.podCount}`,
            )),
    );
  }
  if (row.kind === 'capacity') {
    return el(
      'g',
      { class: 'capacity-header' },
      textEl(
        { x: 20, y: mid, 'font-size': 11.5, fill: palette.mutedText },
        clip(capacityHeadline(row.series), GROUP_CHARS),
      ),
    );
  }
  if (row.kind === 'fold') {
    const text = foldLabel(row).replace(/ — (show|hide)$/, '');
    return el(
      'g',
      { class: 'fold-header' },
      textEl({ x: 28, y: mid, 'font-size': 11.5, fill: palette.mutedText }, clip(text, GROUP_CHARS)),
    );
  }
  const pod = row.pod;
  const badge = row.worst ? BADGE[row.worst] : null;
  return el(
    'g',
    { class: 'lane-header', 'data-uid': pod.uid },
    el('title', {}, escapeXml(`${pod.namespace}/${pod.name}`)) +
      textEl(
        {
          x: 28,
          y: mid,
          'font-family': MONO,
          'font-size': 12.5,
          fill: row.terminating ? palette.text : palette.mutedText,
        },
        clip(pod.name, POD_NAME_CHARS),
      ) +
      (badge && row.worst
        ? el('rect', { x: HEADER_WIDTH - 68, y: mid - 7, width: 60, height: 14, rx: 2, fill: badge.fill }) +
          textEl(
            {
              x: HEADER_WIDTH - 38,
              y: mid,
              'text-anchor': 'middle',
              'font-size': 9.5,
              'font-weight': 600,
              fill: badge.ink,
            },
            row.worst.toUpperCase(),
          )
        : ''),
  );
}

function axisEl(ticks: readonly AxisTick[], scale: TimeScale, label: string, palette: Palette): string {
  const tickEls = ticks
    .map((tick) => {
      const x = scale.toPx(tick.ms);
      // Centred on its tick, except where the edge of the image would cut it.
      const anchor = x < EDGE_LABEL_PX ? 'start' : x > scale.widthPx - EDGE_LABEL_PX ? 'end' : 'middle';
      return (
        el('path', { d: `M${num(x)} ${AXIS_HEIGHT - 5}V${AXIS_HEIGHT}`, stroke: palette.mutedText }) +
        textEl({ x, y: 14, 'text-anchor': anchor }, tick.text)
      );
    })
    .join('');
  return (
    textEl(
      {
        x: 12,
        y: AXIS_HEIGHT - 8,
        'font-size': 11,
        'font-weight': 500,
        'letter-spacing': 0.5,
        fill: palette.mutedText,
      },
      label.toUpperCase(),
    ) +
    el(
      'g',
      {
        class: 'axis',
        transform: `translate(${HEADER_WIDTH} 0)`,
        'clip-path': 'url(#ds-axis-clip)',
        'font-size': 11,
        fill: palette.text,
        'font-variant-numeric': 'tabular-nums',
      },
      tickEls,
    ) +
    el('path', {
      d: `M0 ${AXIS_HEIGHT - 0.5}H${HEADER_WIDTH + scale.widthPx}`,
      stroke: palette.grid,
      'stroke-width': 1,
    })
  );
}

function axisLabel(input: ImageExportInput): string {
  if (input.timeLabels !== 'relative') return 'Pod · time (UTC)';
  return input.nowLineMs === null ? 'Pod · time since delete' : 'Pod · time from now';
}

export function exportSvg(input: ImageExportInput, lanesWidth = DEFAULT_LANES_WIDTH): SvgExport {
  const { palette, model } = input;
  const layout = new RowLayout(model.rows);
  const scale = new TimeScale(input.span, lanesWidth);
  const scene = buildLaneScene({
    layout,
    range: { first: 0, end: model.rows.length },
    scrollTop: 0,
    scale,
    nowMs: input.nowMs,
    clipAtMs: input.clipAtMs,
  });
  const ticks = axisTicks(scale, input.timeLabels, input.originMs);
  const width = PAD * 2 + HEADER_WIDTH + lanesWidth;
  const lanesHeight = layout.totalHeight;
  const legend = legendEl(width - PAD * 2, palette);
  const axisTop = PAD + TITLE_HEIGHT;
  const bodyTop = axisTop + AXIS_HEIGHT;
  const legendTop = bodyTop + lanesHeight + LEGEND_GAP;
  const height = legendTop + legend.height + PAD;
  const title = exportTitle(input);

  const headers = model.rows.map((row, i) => headerEl(row, layout.top(i), layout.height(i), palette)).join('');
  const grid = ticks.map((tick) => `M${Math.round(scale.toPx(tick.ms))} 0v${lanesHeight}`).join('');
  const nowX = input.nowLineMs === null ? null : scale.toPx(input.nowLineMs);
  const lanes =
    el('rect', { width: lanesWidth, height: lanesHeight, fill: palette.background }) +
    (grid ? el('path', { class: 'grid', d: grid, stroke: palette.grid, 'stroke-width': 1 }) : '') +
    capacityEl(scene.capacity, palette) +
    sceneEl(scene, palette) +
    (nowX !== null && nowX >= 0 && nowX <= lanesWidth
      ? el('rect', { class: 'now', x: Math.round(nowX) - 1, y: 0, width: 2, height: lanesHeight, fill: palette.now })
      : '');

  const defs = el(
    'defs',
    {},
    gapPatternDefs(palette) +
      el('clipPath', { id: 'ds-lanes-clip' }, el('rect', { width: lanesWidth, height: lanesHeight })) +
      el('clipPath', { id: 'ds-headers-clip' }, el('rect', { width: HEADER_WIDTH, height: lanesHeight })) +
      el('clipPath', { id: 'ds-axis-clip' }, el('rect', { x: -2, width: lanesWidth + 4, height: AXIS_HEIGHT })),
  );
  const body =
    el('title', {}, escapeXml(`${title.heading} — ${title.details}`)) +
    defs +
    el('rect', { width, height, fill: palette.background }) +
    el(
      'g',
      { class: 'title', transform: `translate(${PAD} ${PAD})` },
      textEl({ y: 16, 'font-size': 17, 'font-weight': 600 }, title.heading) +
        textEl({ y: 38, 'font-size': 12.5, fill: palette.mutedText }, title.details),
    ) +
    el('g', { transform: `translate(${PAD} ${axisTop})` }, axisEl(ticks, scale, axisLabel(input), palette)) +
    el(
      'g',
      { class: 'rows', transform: `translate(${PAD} ${bodyTop})` },
      el('g', { class: 'headers', 'clip-path': 'url(#ds-headers-clip)', 'dominant-baseline': 'central' }, headers) +
        el(
          'g',
          { class: 'lanes', transform: `translate(${HEADER_WIDTH} 0)`, 'clip-path': 'url(#ds-lanes-clip)' },
          lanes,
        ) +
        el('path', { d: `M${HEADER_WIDTH - 0.5} 0V${lanesHeight}`, stroke: palette.grid, 'stroke-width': 1 }),
    ) +
    el('g', { transform: `translate(${PAD} ${legendTop})` }, legend.svg);
  const root = el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      'font-family': SANS,
      fill: palette.text,
    },
    body,
  );
  return { svg: `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`, width, height };
}
