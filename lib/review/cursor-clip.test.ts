import { describe, expect, it } from 'vitest';
import type { PodTimeline } from '../timeline/types';
import { hitTestLane } from '../view/hit-test';
import { buildLaneScene } from '../view/lane-scene';
import { RowLayout } from '../view/row-layout';
import { buildRowModel, type PodRow } from '../view/row-model';
import { marker, testPod } from '../view/test-pods';
import { TimeScale } from '../view/time-scale';
import { DEFAULT_VIEW_STATE } from '../view/view-state';
import { clipHitAtCursor, clipSceneAtCursor } from './cursor-clip';

/**
 * As a replay at 11 s knows it: deleted at 10 s, not ready at 10.2 s, and a short propagation buffer open until the
 * removal the engine expects at 12 s; the preStop runs to an estimated SIGTERM at 13 s.
 */
function openPod(uid: string, shiftMs = 0): PodTimeline {
  return testPod({
    uid,
    markers: [
      marker('created', 0 + shiftMs),
      marker('endpointReady', 2_000 + shiftMs),
      marker('deleteRequested', 10_000 + shiftMs),
      marker('preStopStart', 10_000 + shiftMs),
      marker('endpointNotReady', 10_200 + shiftMs),
      marker('sigterm', 13_000 + shiftMs, { precision: 'estimated' }),
    ],
    gaps: [
      { kind: 'shortPropagationBuffer', from: 10_200 + shiftMs, to: 12_000 + shiftMs, severity: 'warning' },
      { kind: 'sigtermWhileRouted', from: 11_500 + shiftMs, to: 12_500 + shiftMs, severity: 'critical' },
    ],
  });
}

// 20 ms a pixel: the cursor at 11 s is x = 550.
const scale = new TimeScale({ startMs: 0, endMs: 20_000 }, 1_000);

function scenes(pods: PodTimeline[], atMs: number, align = false) {
  const layout = new RowLayout(buildRowModel(pods, [], { ...DEFAULT_VIEW_STATE, align }).rows);
  const scene = buildLaneScene({ layout, range: layout.visible(0, 1_000), scrollTop: 0, scale, nowMs: atMs });
  return { layout, before: scene, after: clipSceneAtCursor(scene, { layout, scrollTop: 0, scale, atMs }) };
}

describe('clipSceneAtCursor', () => {
  it('cuts an open gap and the bars reaching past the cursor at it, and drops a gap wholly after it', () => {
    const { before, after } = scenes([openPod('a')], 11_000);
    expect(before.gaps.warning).toEqual([expect.objectContaining({ x: 510, w: 90 })]);
    expect(after.gaps.warning).toEqual([expect.objectContaining({ x: 510, w: 40 })]);
    expect(before.gaps.critical).toHaveLength(1);
    expect(after.gaps.critical).toEqual([]);
    expect(before.preStop[0]).toMatchObject({ x: 500, w: 150 });
    expect(after.preStop[0]).toMatchObject({ x: 500, w: 50 });
    for (const bars of [after.lifeLines, after.terminating, after.routed, after.preStop]) {
      for (const rect of bars) expect(rect.x + rect.w).toBeLessThanOrEqual(550);
    }
    // What ends before the cursor is left as it is.
    expect(after.routed).toEqual(before.routed);
  });

  it('keeps the glyphs and the group headers, whatever their place', () => {
    const { before, after } = scenes([openPod('a')], 11_000);
    expect(after.glyphs).toEqual(before.glyphs);
    expect(after.glyphs.some((glyph) => glyph.x > 550)).toBe(true);
    expect(after.headers).toEqual(before.headers);
  });

  it('cuts each aligned lane at the cursor on its own time line (tried: two pods deleted 3 s apart)', () => {
    const { after } = scenes([openPod('a'), openPod('b', 3_000)], 14_000, true);
    // Aligned, each lane counts from its delete: the cursor is 4 s after a's delete and 1 s after b's.
    const warning = after.gaps.warning.map((rect) => Math.round(rect.x + rect.w));
    expect(warning.sort((x, y) => x - y)).toEqual([scale.toPx(1_000), scale.toPx(2_000)].map(Math.round));
  });

  it('leaves a scene whose cursor is past every end as it was', () => {
    const { before, after } = scenes([openPod('a')], 19_000);
    expect(after).toEqual(before);
  });
});

describe('clipHitAtCursor', () => {
  it('finds no gap under the pointer past the cursor, and the gaps before it as before', () => {
    const { layout } = scenes([openPod('a')], 11_000);
    const row = layout.rows.find((candidate): candidate is PodRow => candidate.kind === 'pod')!;
    const past = hitTestLane(row, scale, 580);
    expect(past.gaps).toHaveLength(2);
    expect(clipHitAtCursor(past, scale, 580, 11_000).gaps).toEqual([]);
    const within = hitTestLane(row, scale, 530);
    expect(clipHitAtCursor(within, scale, 530, 11_000)).toBe(within);
  });
});
