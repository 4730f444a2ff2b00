import { describe, expect, it } from 'vitest';
import type { Gap } from '../timeline/types';
import { capacitySeries } from './capacity';
import { addCapacityLane, emptyCapacityLane, segmentsPath } from './capacity-scene';
import type { Rect } from './lane-scene';
import type { CapacityRow } from './row-model';
import { marker, testPod, webDeployment } from './test-pods';
import { TimeScale } from './time-scale';

const spec = webDeployment(2);
const pods = [
  testPod({
    uid: 'a',
    markers: [marker('endpointReady', 0), marker('endpointNotReady', 4_000), marker('endpointRemoved', 4_500)],
  }),
  testPod({ uid: 'b', markers: [marker('endpointReady', 0)] }),
  testPod({
    uid: 'c',
    markers: [marker('endpointReady', 7_000, { precision: 'estimated', earliest: 6_000, latest: 8_000 })],
  }),
];
const row = (gaps: Gap[] = []): CapacityRow => {
  const withGaps = pods.map((pod) => ({ ...pod, gaps }));
  return { kind: 'capacity', key: 'c:x', series: capacitySeries({ pods: withGaps, spec, endMs: 10_000 }) };
};
// 10 px a second; the row is 36 px high at y 100, counts 0 to 2 over 28 px.
const scale = new TimeScale({ startMs: 0, endMs: 20_000 }, 200);

function lane(options: { nowMs: number | null; clipAtMs?: number | null; gaps?: Gap[] }) {
  const shapes = emptyCapacityLane();
  const blind: Rect[] = [];
  addCapacityLane(shapes, blind, row(options.gaps), 100, 36, {
    scale,
    nowMs: options.nowMs,
    clipAtMs: options.clipAtMs ?? null,
  });
  return { shapes, blind };
}

describe('addCapacityLane', () => {
  it('fills the certain count solid, the uncertain part faint, and shades the dip', () => {
    const { shapes } = lane({ nowMs: null });
    expect(shapes.ready).toEqual([
      { x: 0, y: 104, w: 40, h: 28 },
      // Still serving (terminating) until its removal at 4.5 s: a step of its own.
      { x: 40, y: 118, w: 5, h: 14 },
      { x: 45, y: 118, w: 15, h: 14 },
      { x: 60, y: 118, w: 20, h: 14 },
      { x: 80, y: 104, w: 20, h: 28 },
    ]);
    // The serving line follows the largest serving count.
    expect(segmentsPath(shapes.serving)).toBe('M0 104H40L40 104H45L45 118H60L60 104H80L80 104H100');
    // Between 6 s and 8 s the new endpoint may or may not be ready yet.
    expect(shapes.readyRange).toEqual([{ x: 60, y: 104, w: 20, h: 14 }]);
    // 4 s to 6 s is a dip for sure; 6 s to 8 s is not claimed (one placement has two ready).
    expect(shapes.dips).toEqual([{ x: 40, y: 101, w: 20, h: 34 }]);
    expect(segmentsPath(shapes.desired)).toBe('M0 104H40L40 104H45L45 104H60L60 104H80L80 104H100');
  });

  it('carries the newest counts on to now and stops at a review cursor', () => {
    expect(lane({ nowMs: 15_000 }).shapes.ready.at(-1)).toEqual({ x: 80, y: 104, w: 70, h: 28 });
    const clipped = lane({ nowMs: 15_000, clipAtMs: 5_000 }).shapes;
    expect(clipped.ready).toEqual([
      { x: 0, y: 104, w: 40, h: 28 },
      { x: 40, y: 118, w: 5, h: 14 },
      { x: 45, y: 118, w: 5, h: 14 },
    ]);
    expect(clipped.dips).toEqual([{ x: 40, y: 101, w: 10, h: 34 }]);
  });

  it('never draws past now, though the series reaches a little beyond it (a whole-second bound)', () => {
    // The series ends at 10 s; now is 9 s.
    const { shapes } = lane({ nowMs: 9_000 });
    const right = Math.max(...shapes.ready.map((rect) => rect.x + rect.w));
    expect(right).toBe(90);
  });

  it('hands a blind stretch to the info gap bands and claims nothing there', () => {
    const { shapes, blind } = lane({
      nowMs: null,
      gaps: [{ kind: 'watchBlind', from: 3_000, to: 6_500, severity: 'info' }],
    });
    expect(blind).toEqual([{ x: 30, y: 101, w: 35, h: 34 }]);
    expect(shapes.dips).toEqual([]);
    expect(shapes.ready.some((r) => r.x >= 30 && r.x < 65)).toBe(false);
  });
});
