import { describe, expect, it } from 'vitest';
import type { RecordingEntry } from '../recording/types';
import { analyzeEntries } from './engine';
import { at, coreEvent, observe, pod, sleepHook, slice, type PodOptions } from './test-support';
import type { Marker, MarkerKind, PodTimeline } from './types';

function timeline(entries: RecordingEntry[]): PodTimeline {
  const found = analyzeEntries(entries).pods.find((p) => p.uid === 'pod-1');
  if (!found) throw new Error('pod-1 has no timeline');
  return found;
}

function span(result: PodTimeline, kind: MarkerKind): [number, number, number] | undefined {
  const m: Marker | undefined = result.markers.find((marker) => marker.kind === kind);
  return m && [m.at, m.earliest, m.latest];
}

const base: PodOptions = { containers: [{ name: 'app', preStop: sleepHook(30) }], grace: 60, readyAt: 2 };
const killed = { exitCode: 137, reason: 'Error', finishedAt: 34 };

/** Delete with G=60 at 15, Killing at 16, shortened to G=10 at 20 (deadline 25); the kubelet restarts at 21. */
function shortened(options: { secondKilling: boolean }): RecordingEntry[] {
  return [
    observe(0, 'ADDED', pod(base)),
    observe(15.02, 'MODIFIED', pod({ ...base, deletion: { timestamp: 75, grace: 60 } })),
    observe(16.5, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 16 })),
    observe(20.02, 'MODIFIED', pod({ ...base, deletion: { timestamp: 25, grace: 10 } })),
    ...(options.secondKilling
      ? [observe(22.01, 'MODIFIED', coreEvent({ reason: 'Killing', container: 'app', first: 16, last: 21, count: 2 }))]
      : []),
    observe(
      35,
      'MODIFIED',
      pod({ ...base, deletion: { timestamp: 25, grace: 10 }, phase: 'Failed', terminated: { app: killed } }),
    ),
  ];
}

describe('a kill restarted by a shorter grace period (pod_workers.go, kill.ts in the simulator)', () => {
  it('the hook still running gets the new G from the restart: SIGTERM at restart + G, SIGKILL 2 s later, exit 137 is a SIGKILL', () => {
    const result = timeline(shortened({ secondKilling: true }));
    expect(span(result, 'deleteRequested')?.[0]).toBe(at(15));
    expect(span(result, 'graceDeadline')?.[0]).toBe(at(25));
    expect(span(result, 'preStopEnd')).toEqual([at(31), at(31), at(32)]);
    expect(span(result, 'sigterm')).toEqual([at(31), at(31), at(32)]);
    expect(span(result, 'sigkill')).toEqual([at(33), at(33), at(34)]);
    expect(result.gaps.map((g) => g.kind)).toEqual(['preStopCutByGrace', 'killedAtDeadline']);
  });

  it('without the second Killing the restart is bounded by the shortening’s receipt and the kubelet’s lag', () => {
    const result = timeline(shortened({ secondKilling: false }));
    const sigterm = span(result, 'sigterm');
    expect(sigterm?.[1]).toBeLessThanOrEqual(at(31.993));
    expect(sigterm?.[2]).toBeGreaterThanOrEqual(at(31.993));
    expect(result.markers.some((m) => m.kind === 'sigkill')).toBe(true);
  });

  it('a hook already over when the restart came keeps its end; SIGKILL moves no later than restart + max(G, 2)', () => {
    const quick: PodOptions = { containers: [{ name: 'app', preStop: sleepHook(2) }], grace: 60, readyAt: 2 };
    const result = timeline([
      observe(0, 'ADDED', pod(quick)),
      observe(15.02, 'MODIFIED', pod({ ...quick, deletion: { timestamp: 75, grace: 60 } })),
      observe(16.5, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 16 })),
      observe(20.02, 'MODIFIED', pod({ ...quick, deletion: { timestamp: 25, grace: 10 } })),
      observe(22.01, 'MODIFIED', coreEvent({ reason: 'Killing', container: 'app', first: 16, last: 21, count: 2 })),
      observe(
        33,
        'MODIFIED',
        pod({
          ...quick,
          deletion: { timestamp: 25, grace: 10 },
          phase: 'Failed',
          terminated: { app: { exitCode: 137, reason: 'Error', finishedAt: 31 } },
        }),
      ),
    ]);
    expect(span(result, 'sigterm')).toEqual([at(18), at(18), at(19)]);
    expect(span(result, 'sigkill')).toEqual([at(31), at(31), at(32)]);
  });
});

describe('a node-pressure eviction (eviction_manager.go, hard threshold)', () => {
  const evicted: PodOptions = { containers: [{ name: 'app' }], grace: 30, readyAt: 2 };
  const entries = (finishedAt: number): RecordingEntry[] => [
    observe(0, 'ADDED', pod(evicted)),
    observe(
      15.1,
      'ADDED',
      coreEvent({ reason: 'Evicted', message: 'The node was low on resource: memory.', first: 15 }),
    ),
    observe(15.2, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 15 })),
    observe(
      finishedAt + 1,
      'MODIFIED',
      pod({
        ...evicted,
        phase: 'Failed',
        reason: 'Evicted',
        terminated: { app: { exitCode: 137, reason: 'Error', finishedAt } },
      }),
    ),
  ];

  it('has no delete request, and its 137 two seconds after Killing is the kubelet’s SIGKILL after the 1 s grace (2 s minimum)', () => {
    const result = timeline(entries(17));
    expect(result.markers.map((m) => m.kind)).not.toContain('deleteRequested');
    expect(span(result, 'sigkill')).toEqual([at(17), at(17), at(18)]);
    expect(result.cause?.reason).toBe('Evicted');
  });

  it('is not told to raise terminationGracePeriodSeconds: the eviction ignores it', () => {
    const analysis = analyzeEntries(entries(17));
    expect(analysis.findings.map((f) => f.kind)).toContain('sigkilled');
    expect(analysis.findings.map((f) => f.kind)).not.toContain('graceTooShort');
    expect(analysis.findings.find((f) => f.kind === 'sigkilled')?.message).toContain('1 s grace');
  });
});

describe('a graceful node shutdown (nodeshutdown_manager_linux.go)', () => {
  const node: PodOptions = { containers: [{ name: 'app', preStop: sleepHook(5) }], grace: 30, readyAt: 2 };
  const entries: RecordingEntry[] = [
    observe(0, 'ADDED', pod(node)),
    observe(15.1, 'MODIFIED', pod({ ...node, disruption: { reason: 'TerminationByKubelet', at: 15 } })),
    observe(15.2, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 15 })),
    observe(
      24,
      'MODIFIED',
      pod({ ...node, phase: 'Failed', reason: 'Terminated', terminated: { app: { exitCode: 0, finishedAt: 23 } } }),
    ),
  ];

  it('widens the hook’s end down to Killing + 1 s: the node’s shutdown grace, which may be shorter than the pod’s, is not shown', () => {
    const result = timeline(entries);
    expect(span(result, 'preStopEnd')).toEqual([at(20), at(16), at(21)]);
    expect(span(result, 'sigterm')).toEqual([at(20), at(16), at(21)]);
    expect(result.markers.map((m) => m.kind)).not.toContain('deleteRequested');
  });
});

describe('an endpoint first seen in a slice that existed before the recording', () => {
  const listed = (createdAt: number) => ({
    ...slice({ endpoints: [{ pod: 'pod-1' }] }),
    metadata: {
      uid: 'slice-1',
      name: 'web-abc12',
      namespace: 'shop',
      creationTimestamp: new Date(at(createdAt)).toISOString().replace('.000Z', 'Z'),
    },
  });

  it('is estimated between the slice’s creation and the receipt, placed at the pod’s Ready time', () => {
    const result = timeline([observe(10, 'ADDED', pod({ readyAt: 3 })), observe(10.02, 'ADDED', listed(1))]);
    const ready = result.markers.find((m) => m.kind === 'endpointReady');
    expect(ready).toMatchObject({ precision: 'estimated', at: at(3), earliest: at(1), latest: at(10.02) });
  });

  it('is observed when the slice was just created', () => {
    const result = timeline([observe(10, 'ADDED', pod({ readyAt: 3 })), observe(10.02, 'ADDED', listed(10))]);
    expect(result.markers.find((m) => m.kind === 'endpointReady')).toMatchObject({
      precision: 'observed',
      at: at(10.02),
    });
  });
});

describe('a grace shortened by a second delete, then an exit 137 (the issue’s G=60 → G=5 case)', () => {
  const plain: PodOptions = { containers: [{ name: 'app' }], grace: 60, readyAt: 2 };
  /** Delete with G=60 at 10 (Killing at 10), G=5 at 20 (deadline moves to 15, already past); 137 at 25. */
  const entries: RecordingEntry[] = [
    observe(0, 'ADDED', pod(plain)),
    observe(1, 'ADDED', slice({ endpoints: [{ pod: 'pod-1' }] })),
    observe(10.02, 'MODIFIED', pod({ ...plain, deletion: { timestamp: 70, grace: 60 } })),
    observe(10.1, 'MODIFIED', slice({ endpoints: [{ pod: 'pod-1', ready: false, serving: true, terminating: true }] })),
    observe(10.5, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 10 })),
    observe(20.02, 'MODIFIED', pod({ ...plain, deletion: { timestamp: 15, grace: 5 } })),
    observe(
      26,
      'MODIFIED',
      pod({
        ...plain,
        deletion: { timestamp: 15, grace: 5 },
        phase: 'Failed',
        terminated: { app: { exitCode: 137, reason: 'Error', finishedAt: 25 } },
      }),
    ),
    observe(40, 'ADDED', pod({ uid: 'other', name: 'web-other' })),
  ];

  it('reads the exit as the kubelet’s SIGKILL after the restarted kill, with the moved deadline', () => {
    const result = timeline(entries);
    expect(span(result, 'graceDeadline')?.[0]).toBe(at(15));
    const sigkill = result.markers.find((m) => m.kind === 'sigkill');
    expect(sigkill).toBeDefined();
    expect(sigkill!.earliest).toBeLessThanOrEqual(at(25));
    expect(sigkill!.latest).toBeGreaterThanOrEqual(at(25));
    expect(result.gaps.map((g) => g.kind)).toContain('killedAtDeadline');
  });

  it('does not count the killed container’s 15 s as a drain that needs a longer grace', () => {
    const findings = analyzeEntries(entries).findings;
    expect(findings.map((f) => f.kind)).toContain('sigkilled');
    expect(findings.map((f) => f.kind)).not.toContain('graceTooShort');
    // With no graceTooShort listed, the sigkilled fix must not send the reader to it.
    const sigkilled = findings.find((f) => f.kind === 'sigkilled');
    expect(sigkilled?.fix).not.toContain('see graceTooShort');
    expect(sigkilled?.fix).toContain('shortened by a later delete');
  });
});
