import { describe, expect, it } from 'vitest';
import { hitTestLane } from './hit-test';
import type { PodRow } from './row-model';
import { marker, testPod } from './test-pods';
import { TimeScale } from './time-scale';

const pod = testPod({
  uid: 'a',
  markers: [marker('deleteRequested', 10_000), marker('sigterm', 11_000), marker('containerExited', 11_000, { exitCode: 143 })],
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
});
