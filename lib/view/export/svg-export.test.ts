import { describe, expect, it } from 'vitest';
import type { PodTimeline } from '../../timeline/types';
import { buildRowModel } from '../row-model';
import { marker, openPod, testPod } from '../test-pods';
import { DEFAULT_VIEW_STATE, type ViewState } from '../view-state';
import { reviewExportInput } from './test-input';
import { exportSvg, type ImageExportInput } from './svg-export';
import { assertWellFormed, textContents } from './well-formed';

const T0 = Date.UTC(2024, 4, 1, 4, 25, 0);

function terminated(uid: string, extra: Partial<PodTimeline> = {}): PodTimeline {
  return testPod({
    uid,
    markers: [
      marker('created', T0, { precision: 'second', latest: T0 + 999 }),
      marker('endpointReady', T0 + 2_000, { precision: 'estimated' }),
      marker('deleteRequested', T0 + 10_000, { precision: 'second', latest: T0 + 10_999 }),
      marker('endpointNotReady', T0 + 10_200),
      marker('sigterm', T0 + 11_000, { precision: 'estimated' }),
      marker('containerExited', T0 + 11_000, {
        precision: 'second',
        latest: T0 + 11_999,
        exitCode: 137,
        reason: 'Error',
      }),
      marker('sigkill', T0 + 11_000, { precision: 'estimated' }),
      marker('podDeleted', T0 + 12_000),
    ],
    gaps: [{ kind: 'killedAtDeadline', from: T0 + 11_000, to: T0 + 11_500, severity: 'critical' }],
    ...extra,
  });
}

function input(pods: PodTimeline[], view: Partial<ViewState> = {}): ImageExportInput {
  const state = { ...DEFAULT_VIEW_STATE, ...view };
  return reviewExportInput(
    buildRowModel(pods, [], state),
    { startMs: T0, endMs: T0 + 20_000 },
    {
      view: state,
      timeLabels: state.timeLabels,
    },
  );
}

const count = (svg: string, needle: string) => svg.split(needle).length - 1;

/** The right edges of the lanes' gap bands and bars (one path of `M x y h w v h h -w Z` rects a style). */
function rightEdges(svg: string): { gaps: number[]; bars: number[] } {
  const gaps = [
    ...svg.matchAll(/<g class="gap-band" data-severity="\w+"><rect x="([-\d.]+)" y="[-\d.]+" width="([\d.]+)"/g),
  ].map(([, x, w]) => Number(x) + Number(w));
  const bars = [...svg.matchAll(/<path class="(?:terminating|life-line|routed|prestop)" d="([^"]+)"/g)].flatMap(
    ([, d]) => [...d!.matchAll(/M([-\d.]+) [-\d.]+h([\d.]+)/g)].map(([, x, w]) => Number(x) + Number(w)),
  );
  return { gaps, bars };
}
/** The lanes alone: the legend draws a swatch of every mark too. */
const lanes = (svg: string) => svg.slice(svg.indexOf('<g class="lanes"'), svg.indexOf('<g class="legend"'));

describe('exportSvg', () => {
  it('is a standalone, well-formed SVG document sized to its content', () => {
    const { svg, width, height } = exportSvg(input([terminated('a')]), 1_000);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(
      true,
    );
    const names = assertWellFormed(svg);
    expect(names[0]).toBe('svg');
    expect(names).not.toContain('script');
    expect(names).not.toContain('foreignObject');
    expect(width).toBe(16 * 2 + 300 + 1_000);
    expect(svg).toContain(`width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`);
  });

  it('holds one lane header per row of the model, every row and not just the visible ones', () => {
    const pods = Array.from({ length: 240 }, (_, i) =>
      terminated(`p${i}`, { controllerName: i < 120 ? 'web-old' : 'web-new' }),
    );
    const { svg } = exportSvg(input(pods));
    expect(count(svg, 'class="lane-header"')).toBe(240);
    expect(count(svg, 'class="workload-header"')).toBe(1);
    expect(count(svg, 'class="revision-header"')).toBe(2);
    const texts = textContents(svg);
    expect(texts).toContain('web-abc-p0');
    expect(texts).toContain('web-abc-p239');
    expect(texts.some((t) => t.startsWith('shop / Deployment web'))).toBe(true);
    expect(count(lanes(svg), 'class="gap-band" data-severity="critical"')).toBe(240);
  });

  it('draws a gap band where the gap happened, over the whole lane, with the critical pattern', () => {
    const { svg } = exportSvg(input([terminated('a')]), 1_000);
    // 20 s over 1000 px: the gap from 11 s to 11.5 s is x 550, 25 px wide; the pod lane starts under the workload
    // (28 px), capacity (36 px) and revision (20 px) rows.
    expect(svg).toContain(
      '<g class="gap-band" data-severity="critical"><rect x="550" y="85" width="25" height="28" fill="rgba(213, 94, 0, 0.22)"/><rect x="550" y="85" width="25" height="28" fill="url(#ds-gap-critical)"/>',
    );
    expect(svg).toContain('<pattern id="ds-gap-critical"');
  });

  it('tells critical from warning gaps by colour and pattern, like the canvas', () => {
    const pod = terminated('a', {
      gaps: [{ kind: 'shortPropagationBuffer', from: T0 + 10_200, to: T0 + 11_000, severity: 'warning' }],
    });
    const { svg } = exportSvg(input([pod]), 1_000);
    expect(svg).toContain(
      '<g class="gap-band" data-severity="warning"><rect x="510" y="85" width="40" height="28" fill="rgba(230, 159, 0, 0.22)"/><rect x="510" y="85" width="40" height="28" fill="url(#ds-gap-warning)"/>',
    );
    expect(lanes(svg)).not.toContain('data-severity="critical"');
  });

  it('dashes estimated markers and gives second-precision markers whiskers', () => {
    const { svg } = exportSvg(input([terminated('a')]), 1_000);
    expect(svg).toMatch(
      /<path class="glyph glyph-sigterm" data-estimated="true" d="[^"]+" fill="none" stroke="#0072B2" stroke-width="2" stroke-dasharray="3 2"\/>/,
    );
    expect(svg).toMatch(/<path class="glyph glyph-delete" data-estimated="false" d="[^"]+" fill="#0f172a"\/>/);
    // A shape that is solid when measured is hollow and dashed when estimated, like the canvas draws it.
    const estimatedExit = exportSvg(
      input([
        terminated('b', { markers: [marker('containerExited', T0 + 11_000, { precision: 'estimated', exitCode: 0 })] }),
      ]),
      1_000,
    ).svg;
    expect(estimatedExit).toMatch(
      /<path class="glyph glyph-exitOk" data-estimated="true" d="[^"]+" fill="none" stroke="[^"]+" stroke-width="2" stroke-dasharray="3 2"\/>/,
    );
    // Delete at 10 s known to the second: 500 to 550 px; the exit likewise 550 to 600.
    expect(svg).toContain(
      '<path class="whiskers" d="M500 87v4M500 89H549.95M549.95 87v4M550 87v4M550 89H599.95M599.95 87v4"',
    );
    expect(textContents(svg)).toContain('137 Error');
  });

  it('keeps to the time span: marks outside it are not drawn', () => {
    const later = { ...input([terminated('a')]), span: { startMs: T0 + 13_000, endMs: T0 + 20_000 } };
    const { svg } = exportSvg(later, 1_000);
    expect(lanes(svg)).not.toContain('gap-band');
    expect(lanes(svg)).not.toContain('glyph-');
    expect(count(svg, 'class="lane-header"')).toBe(1);
  });

  it('labels the axis with UTC ticks and titles the image with what, when and how', () => {
    const { svg } = exportSvg(input([terminated('a')], { namespaces: ['shop'] }), 1_000);
    const texts = textContents(svg);
    expect(texts).toContain('04:25:05');
    expect(texts).toContain('04:25:10');
    expect(texts).toContain('drainscope · shop');
    expect(texts).toContain('2024-05-01 04:25:00 – 04:25:20 UTC · clock time · recorded · 1 pod');
  });

  it('titles an aligned export by its offsets and the deletes it lines up', () => {
    const aligned = {
      ...input([terminated('a')], { align: true }),
      span: { startMs: -2_000, endMs: 5_000 },
      timeLabels: 'relative' as const,
    };
    const { svg } = exportSvg(aligned, 1_000);
    const texts = textContents(svg);
    expect(texts).toContain(
      '−2 s to +5 s around each delete, deletes 2024-05-01 04:25:10 – 04:25:10 UTC · aligned by deletion · recorded · 1 pod',
    );
    expect(texts).toContain('+1 s');
    expect(texts).toContain('POD · TIME SINCE DELETE');
  });

  it('escapes hostile names, namespaces and reasons: they stay text and the document stays well-formed', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const pod = terminated('h', {
      name: hostile,
      namespace: 'a&b]]><script>alert(2)</script>',
      controllerName: '"><svg onload=alert(3)>',
      workload: { kind: 'Deployment', name: "x' onmouseover='alert(4)" },
      markers: [
        marker('created', T0),
        marker('containerExited', T0 + 1_000, { exitCode: 1, reason: ']]>&\u0000\u001b' }),
      ],
    });
    const shown = input([pod], { namespaces: ['a&b]]><script>alert(2)</script>'] });
    const { svg } = exportSvg({ ...shown, view: { ...shown.view, search: '<b>' } }, 1_000);
    assertWellFormed(svg);
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<svg onload');
    expect(svg).not.toContain(']]>');
    // eslint-disable-next-line no-control-regex -- no control character may reach the document
    expect(svg).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const texts = textContents(svg);
    expect(texts.some((t) => t.startsWith('<img src=x'))).toBe(true);
    expect(texts).toContain(`a&b]]><script>alert(2)</script>/${hostile}`);
    expect(texts).toContain('1 ]]>&\uFFFD\uFFFD');
    expect(texts.some((t) => t.includes('search “<b>”'))).toBe(true);
  });

  it("stops the bars and gap bands at a review's cursor, like the canvas: nothing drawn past it but glyphs", () => {
    // A review at 11 s (x = 550): the warning gap is open until 12 s, a critical one starts at 11.5 s, the preStop
    // runs to an estimated SIGTERM at 13 s.
    const review = { ...input([openPod('a', T0)]), nowMs: T0 + 11_000, nowLineMs: T0 + 11_000, originMs: T0 + 11_000 };
    const unclipped = rightEdges(lanes(exportSvg({ ...review, clipAtMs: null }, 1_000).svg));
    expect(Math.max(...unclipped.gaps)).toBeGreaterThan(550);
    expect(Math.max(...unclipped.bars)).toBeGreaterThan(550);

    const { svg } = exportSvg({ ...review, clipAtMs: T0 + 11_000 }, 1_000);
    assertWellFormed(svg);
    const clipped = rightEdges(lanes(svg));
    expect(clipped.gaps).toEqual([550]);
    expect(clipped.bars.length).toBeGreaterThan(0);
    for (const edge of clipped.bars) expect(edge).toBeLessThanOrEqual(550);
    expect(lanes(svg)).not.toContain('data-severity="critical"');
    // The estimated SIGTERM past the cursor is still drawn, as the prediction it is.
    expect(lanes(svg)).toContain('glyph-sigterm" data-estimated="true"');
  });

  it('draws the live now line inside the span, and none outside it', () => {
    const live = {
      ...input([terminated('a')]),
      nowMs: T0 + 15_000,
      nowLineMs: T0 + 15_000,
      live: true,
      cluster: 'kind-drainscope',
    };
    expect(exportSvg(live, 1_000).svg).toContain('<rect class="now" x="749" y="0" width="2" height="114"');
    expect(textContents(exportSvg(live, 1_000).svg)).toContain(
      '2024-05-01 04:25:00 – 04:25:20 UTC · clock time · live from kind-drainscope · 1 pod',
    );
    expect(exportSvg({ ...live, nowLineMs: T0 + 25_000 }, 1_000).svg).not.toContain('class="now"');
  });
});
