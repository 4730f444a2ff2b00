import { describe, expect, it } from 'vitest';
import { capacitySeries } from './capacity';
import { hitTestCapacity, hitTestLane } from './hit-test';
import type { CapacityRow, PodRow } from './row-model';
import { marker, testPod, webDeployment } from './test-pods';
import { TimeScale } from './time-scale';

const pod = testPod({
  uid: 'a',
  markers: [
    marker('deleteRequested', 10_000),
    marker('sigterm', 11_000),
    marker('containerExited', 11_000, { exitCode: 143 }),
  ],
  gaps: [{ kind: 'shortPropagationBuffer', from: 11_000, to: 12_000, severity: 'warning' }],
});
const row: PodRow = { kind: 'pod', key: 'a', pod, offsetMs: 0, worst: 'warning', terminating: true };
const scale = new TimeScale({ startMs: 0, endMs: 20_000 }, 2_000);

describe('hitTestLane', () => {
  it('picks the marker within reach, the later one on a tie', () => {
    expect(hitTestLane(row, scale, 1_003).marker?.kind).toBe('deleteRequested');
    expect(hitTestLane(row, scale, 1_100).marker?.kind).toBe('containerExited');
    expect(hitTestLane(row, scale, 1_050).marker).toBeNull();
  });

  it('reports the gaps under the pointer', () => {
    expect(hitTestLane(row, scale, 1_150).gaps.map((g) => g.kind)).toEqual(['shortPropagationBuffer']);
    expect(hitTestLane(row, scale, 1_500).gaps).toEqual([]);
  });

  it('works on the aligned time line', () => {
    const aligned = { ...row, offsetMs: 10_000 };
    const alignedScale = new TimeScale({ startMs: -1_000, endMs: 9_000 }, 1_000);
    expect(hitTestLane(aligned, alignedScale, 100).marker?.kind).toBe('deleteRequested');
    expect(hitTestLane(aligned, alignedScale, 220).gaps).toHaveLength(1);
  });

  it('finds no gap past a replay cursor, where none is drawn, and the gaps and markers before it as before', () => {
    // The cursor at 11.5 s is x = 1150.
    expect(hitTestLane(row, scale, 1_180).gaps).toHaveLength(1);
    expect(hitTestLane(row, scale, 1_180, 11_500).gaps).toEqual([]);
    expect(hitTestLane(row, scale, 1_120, 11_500)).toEqual(hitTestLane(row, scale, 1_120));
    // Glyphs stay past the cursor, so their markers are still found.
    expect(hitTestLane(row, scale, 1_100, 10_500).marker?.kind).toBe('containerExited');
  });

  it('finds the cursor on an aligned lane on its own time line', () => {
    const aligned = { ...row, offsetMs: 10_000 };
    const alignedScale = new TimeScale({ startMs: -1_000, endMs: 9_000 }, 1_000);
    // 11.5 s is 1.5 s after this lane's delete: x = 250.
    expect(hitTestLane(aligned, alignedScale, 220, 11_500).gaps).toHaveLength(1);
    expect(hitTestLane(aligned, alignedScale, 260, 11_500).gaps).toEqual([]);
  });
});

describe('hitTestCapacity', () => {
  const ready = testPod({ uid: 'r', markers: [marker('endpointReady', 1_000), marker('endpointNotReady', 5_000)] });
  const spec = webDeployment(1);
  const capacity: CapacityRow = {
    kind: 'capacity',
    key: 'c:shop/Deployment/web',
    series: capacitySeries({ pods: [ready], spec, endMs: 6_000 }),
  };

  it('gives the counts at the pointer, carries the newest on to now, and says nothing past a review cursor', () => {
    // 10 px a second.
    expect(hitTestCapacity(capacity, scale, 300, null).step).toMatchObject({ ready: { min: 1, max: 1 } });
    expect(hitTestCapacity(capacity, scale, 550, null).step).toMatchObject({ ready: { min: 0, max: 0 }, threshold: 1 });
    expect(hitTestCapacity(capacity, scale, 800, null).step).toBeNull();
    expect(hitTestCapacity(capacity, scale, 800, 9_000).step).toMatchObject({ ready: { min: 0, max: 0 } });
    expect(hitTestCapacity(capacity, scale, 550, null, 4_000).step).toBeNull();
  });
});
