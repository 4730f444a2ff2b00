import { describe, expect, it } from 'vitest';
import type { Gap, WorkloadSpec, WorkloadSpecPoint } from '../timeline/types';
import { capacityAt, capacitySeries, describeCapacity, formatCount, observedUntil } from './capacity';
import { marker, testPod } from './test-pods';

const rolling = (at: number, replicas: number, maxUnavailable: number): WorkloadSpecPoint => ({
  at,
  replicas,
  strategy: 'RollingUpdate',
  maxUnavailable,
  maxSurge: 1,
});
const spec = (...points: WorkloadSpecPoint[]): WorkloadSpec => ({
  namespace: 'shop',
  kind: 'Deployment',
  name: 'web',
  points,
});

/** Ready from `readyAt`; not ready and removed at `goneAt` when given. */
function pod(uid: string, readyAt: number, goneAt?: number) {
  const markers = [marker('endpointReady', readyAt)];
  if (goneAt !== undefined)
    markers.push(
      marker('endpointNotReady', goneAt),
      marker('endpointRemoved', goneAt + 100),
      marker('podDeleted', goneAt + 200),
    );
  return testPod({ uid, markers });
}

const readyAt = (series: ReturnType<typeof capacitySeries>, atMs: number) => {
  const step = capacityAt(series, atMs);
  return step ? formatCount(step.ready) : null;
};

describe('capacitySeries', () => {
  it('starts where the pods given stop being every pod (live retention forgot older ones), so no dip is claimed before', () => {
    // Two replicas, maxUnavailable 0: floor 2. Held: 'c' ready from 0, and 'b' ready from 0, not ready at 6 s and
    // deleted at 11 s (after the 10 s retention cutoff, so still held). Forgotten: 'a', ready 5 s to 9.5 s. From the
    // held pods alone [6 s, 9.5 s) looks like a dip, although 'a' kept two endpoints ready then.
    const b = testPod({
      uid: 'b',
      markers: [marker('endpointReady', 0), marker('endpointNotReady', 6_000), marker('podDeleted', 11_000)],
    });
    const held = [pod('c', 0), b];
    const naive = capacitySeries({ pods: held, spec: spec(rolling(0, 2, 0)), endMs: 20_000 });
    expect(naive.dips[0]?.fromMs).toBe(6_000);
    const series = capacitySeries({ pods: held, spec: spec(rolling(0, 2, 0)), endMs: 20_000, knownFromMs: 10_000 });
    expect(series.steps[0]?.fromMs).toBe(10_000);
    // What changed before the start is counted in: one held endpoint ready at 10 s.
    expect(readyAt(series, 10_500)).toBe('1');
    expect(capacityAt(series, 7_000)).toBeNull();
    // Below the floor from the start, never seen at it: pods may be starting, so no dip is claimed either.
    expect(series.dips).toEqual([]);
  });

  it('claims no dip while a new workload starts up, only once its floor was reached', () => {
    // Three replicas, maxUnavailable 0: floor 3. The pods become ready one by one at 1, 2, 3 s; one is lost at 10 s.
    const pods = [pod('a', 1_000), pod('b', 2_000), pod('c', 3_000, 10_000)];
    const series = capacitySeries({ pods, spec: spec(rolling(0, 3, 0)), endMs: 20_000 });
    expect(capacityAt(series, 1_500)?.startingUp).toBe(true);
    expect(describeCapacity(series, capacityAt(series, 1_500)!).join(' ')).toContain('starting');
    expect(series.dips).toEqual([{ fromMs: 10_000, toMs: 20_000 }]);
  });

  it('counts ready endpoints over time and marks where they fall below replicas − maxUnavailable', () => {
    // Three replicas, maxUnavailable 1: the floor is 2. Two old pods leave before their replacements are ready.
    const pods = [
      pod('a', 1_000, 10_000),
      pod('b', 1_000, 11_000),
      pod('c', 1_000),
      pod('d', 13_000),
      pod('e', 14_000),
    ];
    const series = capacitySeries({ pods, spec: spec(rolling(0, 3, 1)), endMs: 20_000 });
    expect(readyAt(series, 5_000)).toBe('3');
    expect(readyAt(series, 10_500)).toBe('2');
    expect(readyAt(series, 12_000)).toBe('1');
    expect(readyAt(series, 13_500)).toBe('2');
    expect(readyAt(series, 19_000)).toBe('3');
    expect(series.dips).toEqual([{ fromMs: 11_000, toMs: 13_000 }]);
    expect(series.peak).toBe(3);
    expect(capacityAt(series, 20_000)).toBeNull();
    expect(capacityAt(series, 500)).toBeNull();
  });

  it('keeps a terminating endpoint serving until it stops serving', () => {
    const terminating = testPod({
      uid: 't',
      markers: [
        marker('endpointReady', 1_000),
        marker('endpointNotReady', 5_000),
        marker('endpointNotServing', 8_000),
        marker('endpointRemoved', 9_000),
      ],
    });
    const series = capacitySeries({ pods: [terminating], spec: null, endMs: 10_000 });
    const at6 = capacityAt(series, 6_000)!;
    expect(formatCount(at6.ready)).toBe('0');
    expect(formatCount(at6.serving)).toBe('1');
    expect(formatCount(capacityAt(series, 8_500)!.serving)).toBe('0');
  });

  it('gives a range where marker times are intervals, and claims a dip only where even the largest count is below the floor', () => {
    // The old pod stopped being ready some time in [10 s, 14 s]; the new one became ready some time in [12 s, 16 s].
    const old = testPod({
      uid: 'old',
      markers: [
        marker('endpointReady', 0),
        marker('endpointNotReady', 12_000, { precision: 'estimated', earliest: 10_000, latest: 14_000 }),
      ],
    });
    const fresh = testPod({
      uid: 'new',
      markers: [marker('endpointReady', 14_000, { precision: 'estimated', earliest: 12_000, latest: 16_000 })],
    });
    const series = capacitySeries({ pods: [old, fresh], spec: spec(rolling(0, 1, 0)), endMs: 20_000 });
    expect(readyAt(series, 5_000)).toBe('1');
    expect(readyAt(series, 11_000)).toBe('0–1');
    expect(readyAt(series, 13_000)).toBe('0–2');
    expect(readyAt(series, 15_000)).toBe('0–1');
    expect(readyAt(series, 17_000)).toBe('1');
    // Some placement keeps one endpoint ready throughout: no dip is claimed.
    expect(series.dips).toEqual([]);

    // Had the new pod become ready in [15 s, 16 s], no placement covers [14 s, 15 s).
    const late = testPod({
      uid: 'new',
      markers: [marker('endpointReady', 15_500, { precision: 'estimated', earliest: 15_000, latest: 16_000 })],
    });
    expect(capacitySeries({ pods: [old, late], spec: spec(rolling(0, 1, 0)), endMs: 20_000 }).dips).toEqual([
      { fromMs: 14_000, toMs: 15_000 },
    ]);
  });

  it('never claims a dip across a blind watch window, and says the count is unknown there', () => {
    const blind: Gap = { kind: 'watchBlind', from: 9_000, to: 12_000, severity: 'info' };
    const pods = [
      { ...pod('a', 1_000, 10_000), gaps: [blind] },
      { ...pod('b', 13_000), gaps: [blind] },
    ];
    const series = capacitySeries({ pods, spec: spec(rolling(0, 1, 0)), endMs: 20_000 });
    expect(series.blind).toEqual([{ fromMs: 9_000, toMs: 12_000 }]);
    // 10 s to 12 s is blind; only 12 s to 13 s, after the relist, is a dip.
    expect(series.dips).toEqual([{ fromMs: 12_000, toMs: 13_000 }]);
    expect(describeCapacity(series, capacityAt(series, 11_000)!)).toContain(
      'watch blind: counts may miss transitions, no dip claimed',
    );
  });

  it('follows the spec as it changes, draws no floor for Recreate and none before the spec was seen', () => {
    const pods = [pod('a', 1_000, 10_000), pod('b', 12_000)];
    const recreate: WorkloadSpecPoint = {
      at: 8_000,
      replicas: 1,
      strategy: 'Recreate',
      maxUnavailable: 0,
      maxSurge: 0,
    };
    const series = capacitySeries({ pods, spec: spec(rolling(2_000, 1, 0), recreate), endMs: 20_000 });
    expect(capacityAt(series, 1_500)).toMatchObject({ desired: null, threshold: null });
    expect(capacityAt(series, 5_000)).toMatchObject({ desired: 1, threshold: 1, strategy: 'RollingUpdate' });
    expect(capacityAt(series, 11_000)).toMatchObject({ desired: 1, threshold: null, strategy: 'Recreate' });
    expect(series.dips).toEqual([]);
    expect(describeCapacity(series, capacityAt(series, 11_000)!)[1]).toMatch(/Recreate: no floor/);
    expect(describeCapacity(series, capacityAt(series, 1_500)!)[1]).toBe(
      'desired replicas unknown (before the Deployment was first seen)',
    );
  });

  it('keeps the floor of before a scale-up until the higher one is reached: starting replicas are no lost capacity', () => {
    // Two replicas (floor 2) scaled to four (floor 3) at 5 s; the new pods are ready at 8 s and 9 s.
    const pods = [pod('a', 1_000), pod('b', 1_000), pod('c', 8_000), pod('d', 9_000)];
    const series = capacitySeries({ pods, spec: spec(rolling(0, 2, 0), rolling(5_000, 4, 1)), endMs: 20_000 });
    expect(series.dips).toEqual([]);
    expect(capacityAt(series, 6_000)).toMatchObject({ desired: 4, threshold: 2, floorRisingTo: 3 });
    expect(describeCapacity(series, capacityAt(series, 6_000)!)[1]).toBe(
      'desired 4 · threshold 2, the floor before the scale-up (3 once reached)',
    );
    expect(capacityAt(series, 8_500)).toMatchObject({ desired: 4, threshold: 3 });
    expect(capacityAt(series, 8_500)!.floorRisingTo).toBeUndefined();
    // Once reached, the higher floor holds: losing a pod after that is a dip.
    const lostAfter = [pod('a', 1_000, 12_000), pod('b', 1_000, 13_000), pod('c', 8_000), pod('d', 9_000)];
    expect(
      capacitySeries({ pods: lostAfter, spec: spec(rolling(0, 2, 0), rolling(5_000, 4, 1)), endMs: 20_000 }).dips,
    ).toEqual([{ fromMs: 13_000, toMs: 20_000 }]);
  });

  it('draws counts only without a spec: no desired line, no dips', () => {
    const series = capacitySeries({ pods: [pod('a', 1_000, 5_000)], spec: null, endMs: 10_000 });
    expect(series.dips).toEqual([]);
    expect(series.steps.every((step) => step.desired === null && step.threshold === null)).toBe(true);
    expect(describeCapacity(series, capacityAt(series, 6_000)!)).toEqual([
      'ready 0 · serving 0',
      'desired replicas unknown',
    ]);
  });

  it('says below replicas − maxUnavailable on a dip', () => {
    const series = capacitySeries({ pods: [pod('a', 1_000, 5_000)], spec: spec(rolling(0, 1, 0)), endMs: 10_000 });
    expect(describeCapacity(series, capacityAt(series, 6_000)!)).toEqual([
      'ready 0 · serving 0',
      'desired 1 · threshold 1 (replicas − maxUnavailable)',
      'below replicas − maxUnavailable',
    ]);
  });

  it('is empty when no pod ever had an endpoint, and ignores predictions', () => {
    const predicted = testPod({
      uid: 'p',
      markers: [marker('created', 0), marker('endpointReady', 3_000, { expected: true })],
    });
    expect(capacitySeries({ pods: [predicted], spec: null, endMs: 10_000 }).steps).toEqual([]);
    expect(observedUntil([predicted])).toBe(0);
  });
});
