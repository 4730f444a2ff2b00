import { describe, expect, it } from 'vitest';
import type { MarkerKind } from '../timeline/types';
import { gapBandEl, GAP_PATTERN_ID, gapPatternDefs, glyphsEl, sceneEl } from './export/svg-marks';
import { makeGapFills } from './gap-patterns';
import {
  BARS,
  GAP_BANDS,
  GLYPH_HALO_PX,
  HATCH_TILE_PX,
  GLYPH_SHAPES,
  GLYPHS,
  SEVERITIES,
  glyphOfMarker,
  MARKER_GLYPHS,
  type GlyphForm,
  type GlyphShape,
} from './glyphs';
import { paintLaneScene } from './lane-painter';
import { buildLaneScene, emptyScene, type Glyph } from './lane-scene';
import { DARK_PALETTE, LIGHT_PALETTE, type Palette } from './palette';
import { RecordingContext, type DrawnPart } from './recording-context';
import { RowLayout } from './row-layout';
import { buildRowModel } from './row-model';
import { marker, testPod } from './test-pods';
import { TimeScale } from './time-scale';
import { DEFAULT_VIEW_STATE } from './view-state';

/** Reads an SVG `d` as written by the export (M L H V A Z and relative h v) into the parts the canvas fake records. */
function parseD(d: string): DrawnPart[] {
  const parts: DrawnPart[] = [];
  let at: [number, number] = [0, 0];
  let start: [number, number] = [0, 0];
  for (const [, op, args] of d.matchAll(/([MLHVAZhv])([^MLHVAZhv]*)/g)) {
    const n = args!.trim()
      ? args!
          .trim()
          .split(/[\s,]+/)
          .map(Number)
      : [];
    const last = parts.at(-1);
    const extend = (p: [number, number]) => {
      if (last?.kind === 'poly' && !last.closed) last.points.push(p);
      else parts.push({ kind: 'poly', points: [p], closed: false });
      at = p;
    };
    switch (op) {
      case 'M':
        at = start = [n[0]!, n[1]!];
        parts.push({ kind: 'poly', points: [at], closed: false });
        break;
      case 'L':
        extend([n[0]!, n[1]!]);
        break;
      case 'H':
        extend([n[0]!, at[1]]);
        break;
      case 'V':
        extend([at[0], n[0]!]);
        break;
      case 'h':
        extend([at[0] + n[0]!, at[1]]);
        break;
      case 'v':
        extend([at[0], at[1] + n[0]!]);
        break;
      case 'A': {
        const end: [number, number] = [n[5]!, n[6]!];
        if (last?.kind === 'poly' && last.points.length === 1) {
          // The first half of a circle: its ends lie a diameter apart.
          const r = n[0]!;
          expect(Math.hypot(end[0] - at[0], end[1] - at[1])).toBeCloseTo(2 * r, 6);
          parts.pop();
          parts.push({ kind: 'circle', cx: (at[0] + end[0]) / 2, cy: (at[1] + end[1]) / 2, r });
        } else {
          // The second half must close the circle the first began.
          expect(last?.kind).toBe('circle');
          expect(end).toEqual(start);
        }
        at = end;
        break;
      }
      case 'Z':
        if (last?.kind === 'poly') last.closed = true;
        at = start;
        break;
    }
  }
  return parts;
}

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, name, value]) => [name!, value!]));
}

/** The width and height a form spans, from the table's sizes. */
function formBox(form: GlyphForm): { w: number; h: number } {
  switch (form.kind) {
    case 'tick':
      return { w: 0, h: 2 * form.half };
    case 'triangleDown':
      return { w: 2 * form.halfWidth, h: form.bottom - form.top };
    case 'diamond':
      return { w: 2 * form.halfWidth, h: 2 * form.halfHeight };
    case 'cross':
    case 'square':
      return { w: 2 * form.half, h: 2 * form.half };
    case 'circle':
    case 'barredCircle':
      return { w: 2 * form.r, h: 2 * form.r };
  }
}

function box(parts: DrawnPart[]): { w: number; h: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const part of parts) {
    if (part.kind === 'circle') {
      xs.push(part.cx - part.r, part.cx + part.r);
      ys.push(part.cy - part.r, part.cy + part.r);
    } else {
      for (const [x, y] of part.points) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  return { w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
}

const THEMES: Array<[string, Palette]> = [
  ['light', LIGHT_PALETTE],
  ['dark', DARK_PALETTE],
];
const VARIANTS = [
  { name: 'measured', estimated: false, expected: false },
  { name: 'estimated', estimated: true, expected: false },
  { name: 'expected', estimated: true, expected: true },
] as const;

describe('every glyph, drawn on the canvas and in the SVG export', () => {
  for (const [theme, palette] of THEMES) {
    for (const shape of GLYPH_SHAPES) {
      for (const variant of VARIANTS) {
        it(`${shape}, ${variant.name}, ${theme} theme: same outline, ink and size as the table says`, () => {
          const spec = GLYPHS[shape];
          const glyph: Glyph = {
            shape,
            x: 100,
            y: 50,
            estimated: variant.estimated,
            ...(variant.expected && { expected: true }),
          };
          const ctx = new RecordingContext();
          paintLaneScene({
            ctx: ctx.asContext(),
            scene: { ...emptyScene(), glyphs: [glyph] },
            palette,
            fills: { critical: '#000', warning: '#000', info: '#000' },
          });
          const [canvasHalo, canvasMark, ...rest] = ctx.ops;
          expect(rest).toEqual([]);

          const svg = glyphsEl([glyph], palette);
          const [haloTag, markTag, ...more] = svg.match(/<path [^>]*>/g) ?? [];
          expect(more).toEqual([]);
          const halo = attributes(haloTag!);
          const mark = attributes(markTag!);

          const filled = spec.body === 'solid' && !variant.estimated;
          const colour = palette[spec.colour];
          const alpha = variant.expected ? 0.35 : 1;
          const dash = !filled && (variant.estimated || spec.dashed) ? [3, 2] : [];

          // The halo: a plain stroke in the background colour, wider than the mark.
          expect(canvasHalo).toMatchObject({
            op: 'stroke',
            style: palette.background,
            lineWidth: spec.lineWidth + GLYPH_HALO_PX,
            dash: [],
            alpha,
          });
          expect(halo).toMatchObject({
            fill: 'none',
            stroke: palette.background,
            'stroke-width': String(spec.lineWidth + GLYPH_HALO_PX),
          });
          expect(Number(halo.opacity ?? 1)).toBe(alpha);

          // The mark.
          expect(canvasMark).toMatchObject({ op: filled ? 'fill' : 'stroke', style: colour, alpha });
          expect(Number(mark.opacity ?? 1)).toBe(alpha);
          if (filled) {
            expect(mark.fill).toBe(colour);
            expect(mark.stroke).toBeUndefined();
          } else {
            expect(canvasMark).toMatchObject({ lineWidth: spec.lineWidth, dash });
            expect(mark).toMatchObject({ fill: 'none', stroke: colour, 'stroke-width': String(spec.lineWidth) });
            expect(mark['stroke-dasharray']).toBe(dash.length ? dash.join(' ') : undefined);
          }

          // One outline both ways, centred where the glyph is, as big as the table says.
          expect(parseD(mark.d!)).toEqual(canvasMark!.parts);
          expect(parseD(halo.d!)).toEqual(canvasHalo!.parts);
          expect(box(canvasMark!.parts)).toEqual(formBox(spec.form));
        });
      }
    }
  }

  it('draws shapes that share a legend line alike, and shapes with their own line differently', () => {
    const outline = (shape: GlyphShape) => JSON.stringify(GLYPHS[shape].form);
    for (const a of GLYPH_SHAPES) {
      for (const b of GLYPH_SHAPES) {
        if (a >= b) continue;
        const same =
          outline(a) === outline(b) &&
          GLYPHS[a].colour === GLYPHS[b].colour &&
          GLYPHS[a].lineWidth === GLYPHS[b].lineWidth &&
          GLYPHS[a].dashed === GLYPHS[b].dashed;
        if (same) expect(GLYPHS[a].label, `${a} and ${b} look alike`).toBe(GLYPHS[b].label);
      }
    }
  });
});

describe('marker kinds and the glyph table', () => {
  const kinds = Object.keys(MARKER_GLYPHS) as MarkerKind[];

  it('reaches every glyph from some marker kind', () => {
    const reached = new Set(
      kinds.flatMap((kind) => [glyphOfMarker(kind, 0), glyphOfMarker(kind, 1)]).filter((shape) => shape !== undefined),
    );
    expect([...reached].sort()).toEqual([...GLYPH_SHAPES].sort());
  });

  it('puts on the lane the glyph the table names for every marker kind', () => {
    for (const kind of kinds) {
      for (const exitCode of [0, 137]) {
        const pod = testPod({
          uid: `${kind}-${exitCode}`,
          markers: [marker(kind, 5_000, kind === 'containerExited' ? { exitCode } : {})],
        });
        const layout = new RowLayout(buildRowModel([pod], [], DEFAULT_VIEW_STATE).rows);
        const scene = buildLaneScene({
          layout,
          range: { first: 0, end: layout.rows.length },
          scrollTop: 0,
          scale: new TimeScale({ startMs: 0, endMs: 10_000 }, 500),
          nowMs: null,
        });
        const expected = glyphOfMarker(kind, exitCode);
        expect(
          scene.glyphs.map((g) => g.shape),
          kind,
        ).toEqual(expected ? [expected] : []);
      }
    }
  });
});

describe('gap bands and bars, drawn on the canvas and in the SVG export', () => {
  const rect = { x: 40, y: 10, w: 30, h: 20 };
  const fills = { critical: 'hatch-critical', warning: 'hatch-warning', info: 'hatch-info' };

  for (const [theme, palette] of THEMES) {
    it(`gap bands, ${theme} theme: tint, hatching and edges alike`, () => {
      expect(Object.keys(GAP_BANDS).sort()).toEqual([...SEVERITIES].sort());
      for (const severity of SEVERITIES) {
        const ctx = new RecordingContext();
        paintLaneScene({
          ctx: ctx.asContext(),
          scene: { ...emptyScene(), gaps: { critical: [], warning: [], info: [], [severity]: [rect] } },
          palette,
          fills,
        });
        const [tint, hatch, edges, ...rest] = ctx.ops;
        expect(rest).toEqual([]);
        const [tintTag, hatchTag, edgesTag] = (
          gapBandEl(rect, severity, palette).match(/<(rect|path) [^>]*>/g) ?? []
        ).map(attributes);
        expect(tint).toMatchObject({ op: 'fill', style: palette.gap[severity].fill });
        expect(tintTag).toMatchObject({
          fill: palette.gap[severity].fill,
          x: '40',
          y: '10',
          width: '30',
          height: '20',
        });
        expect(hatch).toMatchObject({ op: 'fill', style: fills[severity] });
        expect(hatchTag!.fill).toBe(`url(#${GAP_PATTERN_ID[severity]})`);
        expect(edges).toMatchObject({ op: 'fill', style: palette.gap[severity].edge });
        expect(edgesTag!.fill).toBe(palette.gap[severity].edge);
        expect(parseD(edgesTag!.d!)).toEqual(edges!.parts);
      }
    });

    it(`gap hatchings, ${theme} theme: one tile both ways`, () => {
      const tiles: Array<{ width: number; height: number; ctx: RecordingContext }> = [];
      const make = () => {
        const ctx = new RecordingContext();
        const canvas = { width: 0, height: 0, ctx, getContext: () => ctx.asContext() };
        tiles.push(canvas);
        return canvas;
      };
      const made = makeGapFills(palette, make, new RecordingContext().asContext());
      const defs = gapPatternDefs(palette);
      for (const severity of SEVERITIES) {
        const canvas = tiles.find((t) => (made[severity] as unknown as { source: unknown }).source === t)!;
        expect(canvas, severity).toBeDefined();
        expect([canvas.width, canvas.height]).toEqual([HATCH_TILE_PX, HATCH_TILE_PX]);
        const [op, ...rest] = canvas.ctx.ops;
        expect(rest).toEqual([]);
        const pattern = new RegExp(
          `<pattern id="${GAP_PATTERN_ID[severity]}" width="${HATCH_TILE_PX}" height="${HATCH_TILE_PX}" [^>]*>(<path [^>]*>)</pattern>`,
        ).exec(defs);
        expect(pattern, severity).not.toBeNull();
        const svg = attributes(pattern![1]!);
        const { hatch } = GAP_BANDS[severity];
        const ink = palette.gap[severity].ink;
        if (hatch.lineWidth === null) {
          expect(op).toMatchObject({ op: 'fill', style: ink });
          expect(svg.fill).toBe(ink);
        } else {
          expect(op).toMatchObject({ op: 'stroke', style: ink, lineWidth: hatch.lineWidth });
          expect(svg).toMatchObject({ fill: 'none', stroke: ink, 'stroke-width': String(hatch.lineWidth) });
        }
        expect(parseD(svg.d!)).toEqual(op!.parts);
      }
    });

    it(`bars, ${theme} theme: the colour the table names`, () => {
      for (const name of Object.keys(BARS) as Array<keyof typeof BARS>) {
        const scene = { ...emptyScene(), [name]: [rect] };
        const ctx = new RecordingContext();
        paintLaneScene({ ctx: ctx.asContext(), scene, palette, fills });
        expect(ctx.ops).toHaveLength(1);
        expect(ctx.ops[0]).toMatchObject({ op: 'fill', style: palette[BARS[name].colour] });
        const [tag, ...more] = sceneEl(scene, palette).match(/<path [^>]*>/g) ?? [];
        expect(more).toEqual([]);
        expect(attributes(tag!).fill).toBe(palette[BARS[name].colour]);
        expect(parseD(attributes(tag!).d!)).toEqual(ctx.ops[0]!.parts);
      }
    });
  }

  it('places each bar on a pod lane where the table says', () => {
    const pod = testPod({
      uid: 'bars',
      markers: [
        marker('created', 0),
        marker('endpointReady', 1_000),
        marker('deleteRequested', 4_000),
        marker('preStopStart', 4_100),
        marker('preStopEnd', 6_000),
        marker('endpointNotReady', 4_500),
        marker('podDeleted', 9_000),
      ],
    });
    const layout = new RowLayout(buildRowModel([pod], [], DEFAULT_VIEW_STATE).rows);
    const scene = buildLaneScene({
      layout,
      range: { first: 0, end: layout.rows.length },
      scrollTop: 0,
      scale: new TimeScale({ startMs: 0, endMs: 10_000 }, 500),
      nowMs: null,
    });
    const index = layout.rows.findIndex((row) => row.kind === 'pod');
    const mid = layout.top(index) + layout.height(index) / 2;
    for (const name of Object.keys(BARS) as Array<keyof typeof BARS>) {
      expect(scene[name], name).toHaveLength(1);
      expect(scene[name][0], name).toMatchObject({ y: mid + BARS[name].offset, h: BARS[name].height });
    }
  });
});
