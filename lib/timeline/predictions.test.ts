/**
 * What the engine expects but has not seen is marked as expected, and a gap whose end lies ahead of the newest
 * observation is open and cut there: live use and a replay stopped at the same instant say the same.
 */
import { describe, expect, it } from 'vitest';
import type { RecordingEntry } from '../recording/types';
import { analyzeEntries, applyEntry, buildPodTimeline, createTimelineState, takeChangedPodUids } from './engine';
import { coreEvent, observe, pod, sleepHook } from './test-support';
import type { PodTimeline } from './types';

const base = {
  uid: 'pod-1',
  containers: [{ name: 'app', preStop: sleepHook(5) }],
  grace: 30,
  scheduledAt: 0,
  readyAt: 2,
};
const deletion = { timestamp: 40, grace: 30 };
/** A preStop sleep of 5 s: Killing at 10 s (received 10.1 s), so SIGTERM comes at about 15 s. */
const untilKilling: RecordingEntry[] = [
  observe(0, 'ADDED', pod(base)),
  observe(10.05, 'MODIFIED', pod({ ...base, deletion })),
  observe(10.1, 'ADDED', coreEvent({ regarding: 'pod-1', reason: 'Killing', container: 'app', first: 10 })),
];
const other = (seconds: number): RecordingEntry =>
  observe(seconds, 'ADDED', pod({ uid: `other-${seconds}`, name: `web-other-${seconds}` }));

function expectedKinds(timeline: PodTimeline | undefined): string[] {
  return (timeline?.markers ?? []).filter((m) => m.expected).map((m) => m.kind);
}

describe('predictions', () => {
  it('marks SIGTERM and the end of a preStop still running as expected right after Killing arrives (tried: the prestop-sleep case of the issue)', () => {
    const timeline = analyzeEntries(untilKilling).pods[0];
    expect(expectedKinds(timeline)).toEqual(expect.arrayContaining(['preStopEnd', 'sigterm', 'graceDeadline']));
    // What was seen is not a prediction.
    for (const kind of ['deleteRequested', 'killing', 'preStopStart'])
      expect(expectedKinds(timeline)).not.toContain(kind);
  });

  it('stops calling them expected once an observation is newer than their earliest time', () => {
    const timeline = analyzeEntries([...untilKilling, other(17)]).pods.find((p) => p.uid === 'pod-1');
    expect(expectedKinds(timeline)).toEqual(['graceDeadline']);
    expect(
      analyzeEntries([...untilKilling, other(41)])
        .pods.find((p) => p.uid === 'pod-1')
        ?.markers.some((m) => m.expected),
    ).toBe(false);
  });

  it('derives a pending pod again when time moves on without an entry of its own, so live timelines do not keep stale predictions', () => {
    const state = createTimelineState();
    for (const entry of untilKilling) applyEntry(state, entry);
    expect(takeChangedPodUids(state)).toEqual(['pod-1']);
    expect(expectedKinds(buildPodTimeline(state, 'pod-1'))).toContain('sigterm');
    applyEntry(state, other(17));
    // Only the other pod's entry arrived, yet pod-1's prediction has lapsed: it must be taken again.
    expect(takeChangedPodUids(state)).toEqual(['other-17', 'pod-1']);
    expect(expectedKinds(buildPodTimeline(state, 'pod-1'))).toEqual(['graceDeadline']);
    // Nothing newer: nothing to take.
    expect(takeChangedPodUids(state)).toEqual([]);
  });

  it('a replay stopped at an instant gives what live use gave at that instant', () => {
    const entries = [...untilKilling, other(12), other(17), other(45)];
    const state = createTimelineState();
    for (const entry of entries.slice(0, 4)) applyEntry(state, entry);
    const live = buildPodTimeline(state, 'pod-1');
    expect(expectedKinds(live)).toContain('sigterm');
    expect(live).toEqual(analyzeEntries(entries.slice(0, 4)).pods.find((p) => p.uid === 'pod-1'));
  });
});
