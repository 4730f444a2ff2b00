/**
 * An endpoint that never was ready (serving) never stopped being so: endpointNotReady (endpointNotServing) is the
 * moment a ready (serving) endpoint stopped, and a first listing as not ready is no such moment.
 *
 * The slices are what the EndpointSlice controller writes (`podToEndpoint` in
 * staging/src/k8s.io/endpointslice/utils.go): serving is the pod's Ready condition, ready is serving and not
 * terminating, terminating is whether the pod has a deletionTimestamp.
 */
import { describe, expect, it } from 'vitest';
import type { RecordingEntry } from '../recording/types';
import { analyzeEntries } from './engine';
import { apiTime, at, coreEvent, observe, pod, slice, type PodOptions } from './test-support';
import type { MarkerKind, PodTimeline } from './types';

function timeline(entries: RecordingEntry[]): PodTimeline {
  const found = analyzeEntries(entries).pods.find((p) => p.uid === 'pod-1');
  if (!found) throw new Error('pod-1 has no timeline');
  return found;
}

function endpointMarkers(result: PodTimeline): [MarkerKind, number][] {
  return result.markers.filter((m) => m.kind.startsWith('endpoint')).map((m) => [m.kind, m.at]);
}

const unready = { pod: 'pod-1', ready: false, serving: false, terminating: false };
const unreadyTerminating = { ...unready, terminating: true };

describe('an endpoint that never was ready', () => {
  // A replacement its ReplicaSet scales down before its first Ready (a rollout right after a drain): never Ready,
  // deleted at 4 with G = 30, its app exits on SIGTERM at once.
  const replacement: PodOptions = { grace: 30, scheduledAt: 0 };
  const deletion = { timestamp: 34, grace: 30 };
  const exited = { app: { exitCode: 143, finishedAt: 5 } };
  const deletedBeforeReady: RecordingEntry[] = [
    observe(0, 'ADDED', pod(replacement)),
    observe(1.1, 'ADDED', slice({ endpoints: [unready] })),
    observe(4.05, 'MODIFIED', pod({ ...replacement, deletion })),
    observe(4.2, 'MODIFIED', slice({ endpoints: [unreadyTerminating] })),
    observe(5.1, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 5 })),
    observe(6.5, 'MODIFIED', pod({ ...replacement, deletion, phase: 'Failed', terminated: exited })),
    observe(6.7, 'MODIFIED', slice({ endpoints: [] })),
    observe(
      6.9,
      'MODIFIED',
      pod({ ...replacement, deletion: { timestamp: 4, grace: 0 }, phase: 'Failed', terminated: exited }),
    ),
    observe(
      7,
      'DELETED',
      pod({ ...replacement, deletion: { timestamp: 4, grace: 0 }, phase: 'Failed', terminated: exited }),
    ),
  ];

  it('deleted before its first Ready, it has no not-ready and no not-serving, only its removal', () => {
    expect(endpointMarkers(timeline(deletedBeforeReady))).toEqual([['endpointRemoved', at(6.7)]]);
  });

  it('deleted before its first Ready, it was never routed: no routing gap although SIGTERM came before its removal', () => {
    const result = timeline(deletedBeforeReady);
    expect(result.markers.map((m) => m.kind)).toEqual(
      expect.arrayContaining(['deleteRequested', 'killing', 'sigterm', 'containerExited', 'podDeleted']),
    );
    expect(result.gaps).toEqual([]);
  });

  it('listed not ready before its first Ready, its not-ready is when it stopped being ready, not its first listing', () => {
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ endpoints: [unready] })),
      observe(3, 'MODIFIED', slice({ endpoints: [{ pod: 'pod-1' }] })),
      observe(
        10.2,
        'MODIFIED',
        slice({ endpoints: [{ pod: 'pod-1', ready: false, serving: true, terminating: true }] }),
      ),
      observe(12, 'MODIFIED', slice({ endpoints: [unreadyTerminating] })),
    ]);
    expect(endpointMarkers(result)).toEqual([
      ['endpointReady', at(3)],
      ['endpointNotReady', at(10.2)],
      ['endpointNotServing', at(12)],
    ]);
  });

  it('first listed already terminating but serving, it stopped serving (a marker) but never stopped being ready (none)', () => {
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ endpoints: [{ pod: 'pod-1', ready: false, serving: true, terminating: true }] })),
      observe(4, 'MODIFIED', slice({ endpoints: [unreadyTerminating] })),
      observe(6, 'MODIFIED', slice({ endpoints: [] })),
    ]);
    expect(endpointMarkers(result)).toEqual([
      ['endpointNotServing', at(4)],
      ['endpointRemoved', at(6)],
    ]);
  });

  it('first seen not ready in a slice listed long after its creation, no not-ready is claimed: whether it ever was ready is unknown', () => {
    const listed = slice({ endpoints: [{ pod: 'pod-1', ready: false, serving: true, terminating: true }] });
    const old = { ...listed, metadata: { ...listed.metadata, creationTimestamp: apiTime(-60) } };
    const result = timeline([
      observe(10, 'ADDED', old),
      observe(10, 'ADDED', pod({ readyAt: -50, deletion: { timestamp: 38, grace: 30 } })),
      observe(13, 'MODIFIED', slice({ endpoints: [] })),
    ]);
    expect(endpointMarkers(result)).toEqual([['endpointRemoved', at(13)]]);
  });
});
