import { describe, expect, it } from 'vitest';
import { buildLaneScene } from './lane-scene';
import { LABEL_HEIGHT_PX, labelWidth, placeLaneLabels } from './label-placement';
import { RowLayout } from './row-layout';
import { buildRowModel } from './row-model';
import { marker, testPod } from './test-pods';
import { TimeScale } from './time-scale';
import { DEFAULT_VIEW_STATE } from './view-state';

const lane = { width: 1_000, top: 30, bottom: 60 };

describe('placeLaneLabels', () => {
  it('puts a label right of its glyph when there is room', () => {
    expect(placeLaneLabels([{ glyphX: 100, y: 38, texts: ['137 Error', '137'], gap: 6 }], lane)).toEqual([
      { x: 106, y: 38, text: '137 Error' },
    ]);
  });

  it('moves it left of the glyph at the right edge rather than past the lanes', () => {
    const [label] = placeLaneLabels([{ glyphX: 990, y: 38, texts: ['137 Error'], gap: 6 }], lane);
    expect(label).toEqual({ x: 990 - 6 - labelWidth('137 Error'), y: 38, text: '137 Error' });
  });

  it('shortens, then drops, a label that would cover another one or leave the lanes', () => {
    const placed = placeLaneLabels(
      [
        { glyphX: 50, y: 38, texts: ['137 Error', '137'], gap: 6 },
        // Right of its glyph it would cover the first; left, only the short form fits before the lanes' start.
        { glyphX: 54, y: 38, texts: ['143 Error', '143'], gap: 6 },
        // No room on either side any more.
        { glyphX: 52, y: 38, texts: ['KILL'], gap: 7 },
      ],
      lane,
    );
    expect(placed).toEqual([
      { x: 56, y: 38, text: '137 Error' },
      { x: 54 - 6 - labelWidth('143'), y: 38, text: '143' },
    ]);
    expect(
      placeLaneLabels([{ glyphX: 5, y: 38, texts: ['137 OOMKilled', '137'], gap: 6 }], { ...lane, width: 40 }),
    ).toEqual([{ x: 11, y: 38, text: '137' }]);
    expect(placeLaneLabels([{ glyphX: 5, y: 38, texts: ['KILL'], gap: 7 }], { ...lane, width: 20 })).toEqual([]);
  });

  it('drops a label that would reach into the neighbour lane', () => {
    expect(placeLaneLabels([{ glyphX: 100, y: 58, texts: ['KILL'], gap: 7 }], lane)).toEqual([]);
    expect(placeLaneLabels([{ glyphX: 100, y: 31, texts: ['KILL'], gap: 7 }], lane)).toEqual([]);
  });
});

describe('lane labels in a scene', () => {
  // Pods killed at the deadline, each exiting twice (two containers), laid out as the page lays them out.
  const pods = Array.from({ length: 4 }, (_, i) =>
    testPod({
      uid: `p${i}`,
      markers: [
        marker('created', 0),
        marker('deleteRequested', 10_000),
        marker('sigkill', 40_000 + i * 100),
        marker('containerExited', 40_000 + i * 100, { exitCode: 137, reason: 'Error', container: 'app' }),
        marker('containerExited', 40_050 + i * 100, { exitCode: 137, reason: 'Error', container: 'sidecar' }),
      ],
    }),
  );
  const layout = new RowLayout(buildRowModel(pods, [], DEFAULT_VIEW_STATE).rows);

  for (const [name, span] of [
    ['zoomed in', { startMs: 39_000, endMs: 41_000 }],
    ['zoomed out', { startMs: 0, endMs: 60_000 }],
    ['at the right edge', { startMs: 0, endMs: 40_200 }],
    ['at the left edge', { startMs: 39_999, endMs: 50_000 }],
  ] as const) {
    it(`keeps every label in its lane, inside the lanes' width and off the other labels (${name})`, () => {
      const scale = new TimeScale(span, 600);
      const scene = buildLaneScene({
        layout,
        range: { first: 0, end: layout.rows.length },
        scrollTop: 0,
        scale,
        nowMs: null,
      });
      expect(scene.labels.length).toBeGreaterThan(0);
      const boxes = scene.labels.map((label) => {
        const row = layout.indexAt(label.y);
        return {
          label,
          x1: label.x,
          x2: label.x + labelWidth(label.text),
          y1: label.y - LABEL_HEIGHT_PX / 2,
          y2: label.y + LABEL_HEIGHT_PX / 2,
          top: layout.top(row),
          bottom: layout.top(row) + layout.height(row),
        };
      });
      for (const box of boxes) {
        expect(box.x1).toBeGreaterThanOrEqual(0);
        expect(box.x2).toBeLessThanOrEqual(600);
        expect(box.y1).toBeGreaterThanOrEqual(box.top);
        expect(box.y2).toBeLessThanOrEqual(box.bottom);
      }
      for (const a of boxes)
        for (const b of boxes)
          if (a !== b) expect(a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2).toBe(false);
    });
  }
});
