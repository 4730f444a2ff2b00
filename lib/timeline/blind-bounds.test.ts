/**
 * What a relist delivers after a blind window (a disconnect, a 410, a hung watch, drainscope's own downtime) may
 * have changed at any time since the window began: its markers are bounded across the window, never `observed`,
 * and a gap is claimed only if it holds for every placement inside those bounds.
 */
import { describe, expect, it } from 'vitest';
import type { RecordingEntry } from '../recording/types';
import { analyzeEntries } from './engine';
import { at, coreEvent, observe, pod, slice, watchState } from './test-support';
import type { GapKind, Marker, MarkerKind, PodTimeline } from './types';

const base = { uid: 'pod-1', containers: [{ name: 'app' }], grace: 30, scheduledAt: 0, readyAt: 2 };
const deletion = { timestamp: 40, grace: 30 };
const ready = slice({ uid: 's1', name: 'web-s1', endpoints: [{ pod: 'pod-1' }] });
const notReady = slice({
  uid: 's1',
  name: 'web-s1',
  endpoints: [{ pod: 'pod-1', ready: false, serving: false, terminating: true }],
});

/** Pod ready in a slice at 3, deleted at 10 (Killing at 10, no preStop), exit at `exitAt`. */
function run(exitAt: number, sliceEntries: RecordingEntry[]): PodTimeline {
  const entries: RecordingEntry[] = [
    observe(0, 'ADDED', pod(base)),
    observe(3, 'ADDED', ready),
    observe(10.05, 'MODIFIED', pod({ ...base, deletion })),
    observe(10.1, 'ADDED', coreEvent({ regarding: 'pod-1', reason: 'Killing', container: 'app', first: 10 })),
    observe(
      exitAt + 0.5,
      'MODIFIED',
      pod({ ...base, deletion, phase: 'Failed', terminated: { app: { exitCode: 143, finishedAt: exitAt } } }),
    ),
    ...sliceEntries,
  ].sort((a, b) => a.at - b.at);
  const timeline = analyzeEntries(entries).pods.find((p) => p.uid === 'pod-1');
  if (!timeline) throw new Error('no timeline');
  return timeline;
}

const marker = (pod: PodTimeline, kind: MarkerKind): Marker | undefined => pod.markers.find((m) => m.kind === kind);
const gapKinds = (pod: PodTimeline): GapKind[] => pod.gaps.map((g) => g.kind);

/** The slices' watch blind from `since` (detected at `detected`) until the relist at 20 shows the endpoint not ready. */
function blindThenRelist(since: number, detected: number): RecordingEntry[] {
  return [
    { ...watchState(detected, 'endpointslices', 'disconnected'), since: at(since), reason: 'hung' },
    observe(20, 'MODIFIED', notReady),
    watchState(20, 'endpointslices', 'relisted'),
  ];
}

describe('transitions first seen through a relist', () => {
  it('bounds an endpoint change across the blind window instead of placing it at the relist (tried: the slice watch hung from 5 s, detected at 18 s, relisted at 20 s)', () => {
    const pod = run(12, blindThenRelist(5, 18));
    const notReadyMarker = marker(pod, 'endpointNotReady');
    expect(notReadyMarker).toMatchObject({ precision: 'estimated', earliest: at(5), latest: at(20) });
    // The endpoint may have gone not ready at 5 s, before SIGTERM and exit: no routing gap can be claimed.
    expect(gapKinds(pod)).not.toContain('exitWhileRouted');
    expect(gapKinds(pod)).not.toContain('sigtermWhileRouted');
    expect(gapKinds(pod)).not.toContain('shortPropagationBuffer');
    // The blind window starts at the last delivery (since), not at the detection.
    expect(pod.gaps.find((g) => g.kind === 'watchBlind')).toMatchObject({ from: at(5), to: at(20) });
  });

  it('without the since the window starts at detection, and a gap before it still holds (tried: exit at 12 s, blind only from 15 s)', () => {
    const pod = run(12, blindThenRelist(15, 15));
    expect(marker(pod, 'endpointNotReady')).toMatchObject({ precision: 'estimated', earliest: at(15), latest: at(20) });
    // The container exited (finishedAt 12, so before 13) while the slice still said ready at 15: certain.
    expect(gapKinds(pod)).toContain('exitWhileRouted');
  });

  it('keeps a change a healthy watch delivered observed (the same timeline without a blind window claims the gap at its receipt)', () => {
    const pod = run(12, [observe(20, 'MODIFIED', notReady)]);
    expect(marker(pod, 'endpointNotReady')).toMatchObject({ precision: 'observed', earliest: at(20), latest: at(20) });
    expect(gapKinds(pod)).toContain('exitWhileRouted');
  });

  it('ends a pod a relist found gone with a deletion bounded across the window (Replace: DELETED with the last known state)', () => {
    const gone = pod({ ...base, deletion });
    const entries: RecordingEntry[] = [
      observe(0, 'ADDED', pod(base)),
      observe(10.05, 'MODIFIED', gone),
      { ...watchState(30, 'pods', 'disconnected'), reason: 'drainscope was not running' },
      observe(95, 'DELETED', gone),
      watchState(95, 'pods', 'relisted'),
    ];
    const timeline = analyzeEntries(entries).pods[0];
    expect(timeline && marker(timeline, 'podDeleted')).toMatchObject({
      precision: 'estimated',
      earliest: at(30),
      latest: at(95),
    });
    expect(timeline?.gaps.find((g) => g.kind === 'watchBlind')).toMatchObject({ from: at(30), to: at(95) });
  });

  it('bounds input without receipt times by what it says, never observed (tried: an endpoint change known only to lie in [10 s, 60 s])', () => {
    const unstamped: RecordingEntry = { ...observe(10.2, 'MODIFIED', notReady), earliest: at(10.2), latest: at(60) };
    const pod = run(12, [unstamped]);
    expect(marker(pod, 'endpointNotReady')).toMatchObject({
      precision: 'estimated',
      earliest: at(10.2),
      latest: at(60),
    });
    expect(gapKinds(pod)).not.toContain('exitWhileRouted');
  });
});
