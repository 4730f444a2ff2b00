import { describe, expect, it } from 'vitest';
import type { RecordingEntry } from '../recording/types';
import { analyzeEntries } from './engine';
import { at, observe, pod, slice } from './test-support';
import type { MarkerKind, PodTimeline } from './types';

function timeline(entries: RecordingEntry[]): PodTimeline {
  const found = analyzeEntries(entries).pods.find((p) => p.uid === 'pod-1');
  if (!found) throw new Error('pod-1 has no timeline');
  return found;
}

function endpointMarkers(entries: RecordingEntry[]): [MarkerKind, number][] {
  return timeline(entries)
    .markers.filter((m) => m.kind.startsWith('endpoint'))
    .map((m) => [m.kind, m.at]);
}

const ready = { pod: 'pod-1' };
const notReady = { pod: 'pod-1', ready: false, serving: true, terminating: true };

describe('endpoint state across slices', () => {
  it('an endpoint that moves to another slice is not removed', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ uid: 's-a', name: 'web-a', endpoints: [ready] })),
      observe(5, 'MODIFIED', slice({ uid: 's-a', name: 'web-a', endpoints: [] })),
      observe(5.1, 'MODIFIED', slice({ uid: 's-b', name: 'web-b', endpoints: [ready] })),
    ];
    expect(endpointMarkers(entries)).toEqual([['endpointReady', at(1)]]);
  });

  it('an endpoint added to the new slice before it leaves the old one makes no transition at all', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ uid: 's-a', endpoints: [ready] })),
      observe(5, 'ADDED', slice({ uid: 's-b', endpoints: [ready] })),
      observe(5.1, 'MODIFIED', slice({ uid: 's-a', endpoints: [] })),
    ];
    expect(endpointMarkers(entries)).toEqual([['endpointReady', at(1)]]);
  });

  it('a tentative removal is shown until the pod reappears, then retracted', () => {
    const before = [
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ uid: 's-a', endpoints: [ready] })),
      observe(5, 'MODIFIED', slice({ uid: 's-a', endpoints: [] })),
    ];
    expect(endpointMarkers(before)).toContainEqual(['endpointRemoved', at(5)]);
    const after = [...before, observe(5.3, 'MODIFIED', slice({ uid: 's-b', endpoints: [ready] }))];
    expect(endpointMarkers(after).map(([kind]) => kind)).not.toContain('endpointRemoved');
  });

  it('a terminating endpoint moving between slices keeps its first not-ready time and is removed only at the end', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ uid: 's-a', endpoints: [ready] })),
      observe(10.2, 'MODIFIED', slice({ uid: 's-a', endpoints: [notReady] })),
      observe(11, 'MODIFIED', slice({ uid: 's-a', endpoints: [] })),
      observe(11.1, 'MODIFIED', slice({ uid: 's-b', endpoints: [notReady] })),
      observe(14, 'MODIFIED', slice({ uid: 's-b', endpoints: [] })),
    ];
    expect(endpointMarkers(entries)).toEqual([
      ['endpointReady', at(1)],
      ['endpointNotReady', at(10.2)],
      ['endpointRemoved', at(14)],
    ]);
  });

  it('a dual-stack pod is removed only when gone from every slice', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ uid: 'v4', addressType: 'IPv4', endpoints: [ready] })),
      observe(1, 'ADDED', slice({ uid: 'v6', addressType: 'IPv6', endpoints: [{ ...ready, address: 'fd00::7' }] })),
      observe(12, 'MODIFIED', slice({ uid: 'v4', addressType: 'IPv4', endpoints: [] })),
      observe(12.4, 'MODIFIED', slice({ uid: 'v6', addressType: 'IPv6', endpoints: [] })),
    ];
    expect(endpointMarkers(entries)).toContainEqual(['endpointRemoved', at(12.4)]);
  });

  it('a pod is ready while any slice says ready, so not-ready is when the last slice flips', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ uid: 'svc-a', endpoints: [ready] })),
      observe(1, 'ADDED', slice({ uid: 'svc-b', endpoints: [ready] })),
      observe(10.2, 'MODIFIED', slice({ uid: 'svc-a', endpoints: [notReady] })),
      observe(10.5, 'MODIFIED', slice({ uid: 'svc-b', endpoints: [notReady] })),
    ];
    expect(endpointMarkers(entries)).toContainEqual(['endpointNotReady', at(10.5)]);
  });

  it('a slice DELETED removes its endpoints', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ endpoints: [ready] })),
      observe(7, 'DELETED', slice({ endpoints: [ready] })),
    ];
    const removed = timeline(entries).markers.find((m) => m.kind === 'endpointRemoved');
    expect(removed?.at).toBe(at(7));
    expect(removed?.evidence[0]?.text).toContain('deleted');
  });

  it('not serving is its own marker, when serving goes false', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ endpoints: [ready] })),
      observe(10.2, 'MODIFIED', slice({ endpoints: [notReady] })),
      observe(12, 'MODIFIED', slice({ endpoints: [{ ...notReady, serving: false }] })),
    ];
    expect(endpointMarkers(entries)).toEqual([
      ['endpointReady', at(1)],
      ['endpointNotReady', at(10.2)],
      ['endpointNotServing', at(12)],
    ]);
  });

  it('a readiness flap before the delete is not the termination not-ready', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ endpoints: [ready] })),
      observe(4, 'MODIFIED', slice({ endpoints: [{ pod: 'pod-1', ready: false }] })),
      observe(5, 'MODIFIED', slice({ endpoints: [ready] })),
      observe(10.2, 'MODIFIED', slice({ endpoints: [notReady] })),
    ];
    expect(endpointMarkers(entries)).toContainEqual(['endpointNotReady', at(10.2)]);
  });

  it('endpoint markers are observed: exact receipt times', () => {
    const marker = timeline([
      observe(0, 'ADDED', pod()),
      observe(1.234, 'ADDED', slice({ endpoints: [ready] })),
    ]).markers.find((m) => m.kind === 'endpointReady');
    expect(marker).toMatchObject({ precision: 'observed', at: at(1.234), earliest: at(1.234), latest: at(1.234) });
  });

  it('endpoints seen before the pod attach to it once it is known', () => {
    const entries = [observe(1, 'ADDED', slice({ endpoints: [ready] })), observe(2, 'ADDED', pod())];
    expect(endpointMarkers(entries)).toEqual([['endpointReady', at(1)]]);
  });
});
