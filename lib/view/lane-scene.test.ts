import { describe, expect, it } from 'vitest';
import { buildLaneScene, exitLabel } from './lane-scene';
import { RowLayout } from './row-layout';
import { buildRowModel } from './row-model';
import { marker, testPod } from './test-pods';
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
    expect(s.gaps.critical).toEqual([{ x: 550, y: 48 + 1, w: 25, h: 28 }]);
    expect(s.gaps.warning).toEqual([]);
  });

  it('marks inferred markers as estimated and second-precision ones with a whisker', () => {
    const s = scene(scale);
    expect(s.glyphs.find((g) => g.shape === 'sigterm')?.estimated).toBe(true);
    expect(s.glyphs.find((g) => g.shape === 'delete')?.estimated).toBe(false);
    expect(s.glyphs.find((g) => g.shape === 'exitFailed')).toBeDefined();
    expect(s.whiskers.map((w) => [w.x1, Math.round(w.x2)])).toEqual([[500, 550], [550, 600]]);
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

describe('exitLabel', () => {
  it('names the reason beside the code, so 137 OOMKilled and 137 Error read differently', () => {
    expect(exitLabel(137, 'OOMKilled')).toBe('137 OOMKilled');
    expect(exitLabel(143, undefined)).toBe('143');
    // A reason is cluster-supplied text of any length: the lane keeps a short prefix.
    expect(exitLabel(1, 'ContainerCannotRunBecauseOfSomethingLong')).toBe('1 ContainerCannotRu…');
  });
});
