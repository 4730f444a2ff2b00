import { describe, expect, it } from 'vitest';
import type { PodTimeline } from '../timeline/types';
import { buildLaneScene, exitLabel } from './lane-scene';
import { RowLayout } from './row-layout';
import { buildRowModel } from './row-model';
import { marker, openPod, testPod } from './test-pods';
import { TimeScale } from './time-scale';
import { DEFAULT_VIEW_STATE } from './view-state';

const pod = testPod({
  uid: 'a',
  markers: [
    marker('created', 0, { precision: 'second', latest: 999 }),
    marker('endpointReady', 2_000, { precision: 'estimated' }),
    marker('deleteRequested', 10_000, { precision: 'second', latest: 10_999 }),
    marker('endpointNotReady', 10_200),
    marker('sigterm', 11_000, { precision: 'estimated' }),
    marker('containerExited', 11_000, { precision: 'second', latest: 11_999, exitCode: 137, reason: 'Error' }),
    marker('sigkill', 11_000, { precision: 'estimated' }),
    marker('podDeleted', 12_000),
  ],
  gaps: [{ kind: 'killedAtDeadline', from: 11_000, to: 11_000 + 500, severity: 'critical' }],
});

function scene(scale: TimeScale, nowMs: number | null = null) {
  const layout = new RowLayout(buildRowModel([pod], [], DEFAULT_VIEW_STATE).rows);
  return buildLaneScene({ layout, range: layout.visible(0, 1_000), scrollTop: 0, scale, nowMs });
}

describe('buildLaneScene', () => {
  const scale = new TimeScale({ startMs: 0, endMs: 20_000 }, 1_000);

  it('draws headers, the life line, the routed bar and the terminating band', () => {
    const s = scene(scale);
    expect(s.headers).toHaveLength(1);
    expect(s.revisions).toHaveLength(1);
    expect(s.lifeLines[0]).toMatchObject({ x: 0, w: 600 });
    expect(s.routed[0]).toMatchObject({ x: 100, w: 410 });
    expect(s.terminating[0]).toMatchObject({ x: 500, w: 100 });
  });

  it('puts the critical gap over the whole lane height', () => {
    const s = scene(scale);
    // Under the workload (28 px), capacity (36 px) and revision (20 px) rows.
    expect(s.gaps.critical).toEqual([{ x: 550, y: 84 + 1, w: 25, h: 28 }]);
    expect(s.gaps.warning).toEqual([]);
  });

  it('marks inferred markers as estimated and second-precision ones with a whisker', () => {
    const s = scene(scale);
    expect(s.glyphs.find((g) => g.shape === 'sigterm')?.estimated).toBe(true);
    expect(s.glyphs.find((g) => g.shape === 'delete')?.estimated).toBe(false);
    expect(s.glyphs.find((g) => g.shape === 'exitFailed')).toBeDefined();
    expect(s.whiskers.map((w) => [w.x1, Math.round(w.x2)])).toEqual([
      [500, 550],
      [550, 600],
    ]);
    expect(s.labels.map((l) => l.text)).toEqual(['137 Error', 'KILL']);
  });

  it('widens a gap too short to see', () => {
    const s = scene(new TimeScale({ startMs: 0, endMs: 2_000_000 }, 1_000));
    expect(s.gaps.critical[0]!.w).toBe(8);
  });

  it('culls what lies outside the visible span', () => {
    const s = scene(new TimeScale({ startMs: 100_000, endMs: 200_000 }, 1_000));
    expect(s.glyphs).toEqual([]);
    expect(s.lifeLines).toEqual([]);
  });

  it('extends a live pod to now', () => {
    const alive = testPod({ uid: 'b', markers: [marker('created', 0)] });
    const layout = new RowLayout(buildRowModel([alive], [], DEFAULT_VIEW_STATE).rows);
    const s = buildLaneScene({ layout, range: layout.visible(0, 1_000), scrollTop: 0, scale, nowMs: 5_000 });
    expect(s.lifeLines[0]).toMatchObject({ x: 0, w: 250 });
  });
});

describe('buildLaneScene with a replay cursor (clipAtMs)', () => {
  // 20 ms a pixel: the cursor at 11 s is x = 550.
  const scale = new TimeScale({ startMs: 0, endMs: 20_000 }, 1_000);

  function scenes(pods: PodTimeline[], atMs: number, align = false) {
    const layout = new RowLayout(buildRowModel(pods, [], { ...DEFAULT_VIEW_STATE, align }).rows);
    const options = { layout, range: layout.visible(0, 1_000), scrollTop: 0, scale, nowMs: atMs };
    return { before: buildLaneScene(options), after: buildLaneScene({ ...options, clipAtMs: atMs }) };
  }

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

  it('cuts a gap widened to be seen like any other band', () => {
    // 2 s a pixel: the warning gap (10.2 s to 12 s) is widened to 8 px from x = 1.6; the cursor at 11.2 s (x = 5.6)
    // cuts it there.
    const wide = new TimeScale({ startMs: 0, endMs: 2_000_000 }, 1_000);
    const layout = new RowLayout(buildRowModel([openPod('a')], [], DEFAULT_VIEW_STATE).rows);
    const s = buildLaneScene({
      layout,
      range: layout.visible(0, 1_000),
      scrollTop: 0,
      scale: wide,
      nowMs: 11_200,
      clipAtMs: 11_200,
    });
    expect(s.gaps.warning).toHaveLength(1);
    expect(s.gaps.warning[0]!.x + s.gaps.warning[0]!.w).toBeCloseTo(5.6);
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

describe('exitLabel', () => {
  it('names the reason beside the code, so 137 OOMKilled and 137 Error read differently', () => {
    expect(exitLabel(137, 'OOMKilled')).toBe('137 OOMKilled');
    expect(exitLabel(143, undefined)).toBe('143');
    // A reason is cluster-supplied text of any length: the lane keeps a short prefix.
    expect(exitLabel(1, 'ContainerCannotRunBecauseOfSomethingLong')).toBe('1 ContainerCannotRu…');
  });
});
