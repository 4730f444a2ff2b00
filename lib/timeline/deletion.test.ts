import { describe, expect, it } from 'vitest';
import type { RecordingEntry } from '../recording/types';
import { analyzeEntries } from './engine';
import { at, coreEvent, observe, pod, slice, termination } from './test-support';
import type { Marker, MarkerKind, PodTimeline } from './types';

function timeline(entries: RecordingEntry[], uid = 'pod-1'): PodTimeline {
  const found = analyzeEntries(entries).pods.find((p) => p.uid === uid);
  if (!found) throw new Error(`${uid} has no timeline`);
  return found;
}

function marker(pod: PodTimeline, kind: MarkerKind): Marker | undefined {
  return pod.markers.find((m) => m.kind === kind);
}

describe('delete request', () => {
  it('deleteRequested is deletionTimestamp − G and graceDeadline is deletionTimestamp, both to the second', () => {
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(10.3, 'MODIFIED', pod({ deletion: { timestamp: 40, grace: 30 } })),
    ]);
    expect(marker(result, 'deleteRequested')).toMatchObject({
      at: at(10),
      earliest: at(10),
      latest: at(11),
      precision: 'second',
    });
    expect(marker(result, 'graceDeadline')).toMatchObject({ at: at(40), precision: 'second' });
    expect(result.gracePeriodSeconds).toBe(30);
  });

  it('a grace shortening keeps the request time and moves the deadline', () => {
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(10.3, 'MODIFIED', pod({ deletion: { timestamp: 40, grace: 30 } })),
      // delete.go: the new deletionTimestamp is the old one − 30 + 5.
      observe(12, 'MODIFIED', pod({ deletion: { timestamp: 15, grace: 5 } })),
    ]);
    expect(marker(result, 'deleteRequested')?.at).toBe(at(10));
    expect(marker(result, 'graceDeadline')?.at).toBe(at(15));
    expect(
      marker(result, 'graceDeadline')
        ?.evidence.map((e) => e.text)
        .join('\n'),
    ).toContain('grace shortened');
    expect(result.gracePeriodSeconds).toBe(5);
  });

  it('a longer grace period is ignored', () => {
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(10.3, 'MODIFIED', pod({ deletion: { timestamp: 20, grace: 10 } })),
      observe(12, 'MODIFIED', pod({ deletion: { timestamp: 70, grace: 60 } })),
    ]);
    expect(marker(result, 'graceDeadline')?.at).toBe(at(20));
    expect(result.gracePeriodSeconds).toBe(10);
  });

  it('a force delete (grace 0 and DELETED together) removes the endpoint at once and never shows an exit', () => {
    const forced = pod({ deletion: { timestamp: 10, grace: 0 } });
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ endpoints: [{ pod: 'pod-1' }] })),
      observe(10.1, 'MODIFIED', forced),
      observe(10.1, 'DELETED', forced),
      observe(10.2, 'MODIFIED', slice({ endpoints: [] })),
      observe(11.1, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 11 })),
    ]);
    expect(marker(result, 'deleteRequested')?.at).toBe(at(10));
    expect(marker(result, 'graceDeadline')?.at).toBe(at(10));
    expect(result.gracePeriodSeconds).toBe(0);
    expect(
      marker(result, 'podDeleted')
        ?.evidence.map((e) => e.text)
        .join('\n'),
    ).toContain('force delete');
    expect(marker(result, 'killing')?.at).toBe(at(11));
    // Grace 0 skips preStop: SIGTERM right after Killing.
    expect(marker(result, 'sigterm')?.at).toBe(at(11));
    expect(marker(result, 'containerExited')).toBeUndefined();
  });

  it('the kubelet’s final grace-0 update after the containers exited is not a force delete', () => {
    const result = timeline(termination({ deleteAt: 10, grace: 30 }));
    expect(marker(result, 'graceDeadline')?.at).toBe(at(40));
    expect(result.gracePeriodSeconds).toBe(30);
    const deleted = marker(result, 'podDeleted');
    expect(deleted?.evidence.map((e) => e.text).join('\n')).toContain('kubelet');
    expect(deleted?.evidence.map((e) => e.text).join('\n')).not.toContain('force');
  });

  it('a grace shortened to 0 while the containers run is a force delete', () => {
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(10.3, 'MODIFIED', pod({ deletion: { timestamp: 40, grace: 30 } })),
      observe(15, 'MODIFIED', pod({ deletion: { timestamp: 10, grace: 0 } })),
      observe(15, 'DELETED', pod({ deletion: { timestamp: 10, grace: 0 } })),
    ]);
    expect(result.gracePeriodSeconds).toBe(0);
    expect(marker(result, 'deleteRequested')?.at).toBe(at(10));
    expect(marker(result, 'graceDeadline')?.at).toBe(at(10));
  });
});

describe('terminations without a delete request', () => {
  it('a node-pressure eviction starts from Killing and has no deleteRequested', () => {
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ endpoints: [{ pod: 'pod-1' }] })),
      observe(
        20.1,
        'ADDED',
        coreEvent({ reason: 'Evicted', message: 'The node was low on resource: memory.', first: 20 }),
      ),
      observe(20.2, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 20 })),
      observe(
        23,
        'MODIFIED',
        pod({ phase: 'Failed', reason: 'Evicted', terminated: { app: { exitCode: 137, finishedAt: 22 } } }),
      ),
    ]);
    expect(marker(result, 'deleteRequested')).toBeUndefined();
    expect(marker(result, 'graceDeadline')).toBeUndefined();
    expect(marker(result, 'killing')?.at).toBe(at(20));
    expect(result.cause?.reason).toBe('Evicted');
    expect(
      marker(result, 'killing')
        ?.evidence.map((e) => e.text)
        .join('\n'),
    ).toContain('low on resource');
  });

  it('a graceful node shutdown keeps the pod ready and ends Failed/Terminated, without deleteRequested', () => {
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ endpoints: [{ pod: 'pod-1' }] })),
      observe(30.1, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 30 })),
      observe(
        32,
        'MODIFIED',
        pod({ phase: 'Failed', reason: 'Terminated', terminated: { app: { exitCode: 0, finishedAt: 31 } } }),
      ),
      observe(32.2, 'MODIFIED', slice({ endpoints: [] })),
    ]);
    expect(marker(result, 'deleteRequested')).toBeUndefined();
    expect(marker(result, 'endpointNotReady')).toBeUndefined();
    expect(result.cause?.reason).toBe('Terminated');
    // The app exited while the endpoint still said ready.
    expect(result.gaps.map((g) => g.kind)).toContain('exitWhileRouted');
  });
});

describe('cause', () => {
  it('a DisruptionTarget condition reason is the cause and is evidence on deleteRequested', () => {
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(10.1, 'MODIFIED', pod({ disruption: { reason: 'EvictionByEvictionAPI', at: 10 } })),
      observe(
        10.2,
        'MODIFIED',
        pod({ disruption: { reason: 'EvictionByEvictionAPI', at: 10 }, deletion: { timestamp: 40, grace: 30 } }),
      ),
    ]);
    expect(result.cause?.reason).toBe('EvictionByEvictionAPI');
    expect(
      marker(result, 'deleteRequested')
        ?.evidence.map((e) => e.text)
        .join('\n'),
    ).toContain('EvictionByEvictionAPI');
  });

  it('a ReplicaSet SuccessfulDelete naming the pod is attached as evidence', () => {
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(
        10.1,
        'ADDED',
        coreEvent({
          uid: 'rs-ev',
          kind: 'ReplicaSet',
          name: 'web-7d9c5b',
          regarding: 'rs-uid',
          reason: 'SuccessfulDelete',
          message: 'Deleted pod: web-7d9c5b-x2x',
          first: 10,
        }),
      ),
      observe(10.2, 'MODIFIED', pod({ deletion: { timestamp: 40, grace: 30 } })),
    ]);
    expect(result.cause?.reason).toBe('SuccessfulDelete');
    expect(
      marker(result, 'deleteRequested')
        ?.evidence.map((e) => e.text)
        .join('\n'),
    ).toContain('Deleted pod: web-7d9c5b-x2x');
  });

  it('a SuccessfulDelete for a reused name attaches to the pod that had the name then', () => {
    const entries = [
      observe(0, 'ADDED', pod({ uid: 'old', name: 'db-0', owner: { kind: 'StatefulSet', name: 'db' } })),
      observe(
        10.1,
        'ADDED',
        coreEvent({
          uid: 'sts-ev',
          kind: 'StatefulSet',
          name: 'db',
          regarding: 'sts',
          reason: 'SuccessfulDelete',
          message: 'delete Pod db-0 in StatefulSet db successful',
          first: 10,
        }),
      ),
      observe(
        10.2,
        'MODIFIED',
        pod({
          uid: 'old',
          name: 'db-0',
          owner: { kind: 'StatefulSet', name: 'db' },
          deletion: { timestamp: 40, grace: 30 },
        }),
      ),
      observe(
        20,
        'ADDED',
        pod({ uid: 'new', name: 'db-0', owner: { kind: 'StatefulSet', name: 'db' }, createdAt: 20 }),
      ),
    ];
    expect(timeline(entries, 'old').cause?.reason).toBe('SuccessfulDelete');
    expect(timeline(entries, 'new').cause).toBeNull();
  });
});

describe('pod markers', () => {
  it('created, scheduled and ready come from API timestamps', () => {
    const result = timeline([observe(0.5, 'ADDED', pod({ createdAt: 0, scheduledAt: 0, readyAt: 3 }))]);
    expect(result.markers.map((m) => [m.kind, m.at, m.precision])).toEqual([
      ['created', at(0), 'second'],
      ['scheduled', at(0), 'second'],
      ['ready', at(3), 'second'],
    ]);
  });

  it('ready is the first Ready=True transition seen', () => {
    const result = timeline([observe(1, 'ADDED', pod({ readyAt: 3 })), observe(9, 'MODIFIED', pod({ readyAt: 8 }))]);
    expect(marker(result, 'ready')?.at).toBe(at(3));
  });

  it('a marker with no evidence is left out', () => {
    const result = timeline([observe(1, 'ADDED', pod())]);
    expect(result.markers.map((m) => m.kind)).toEqual(['created']);
  });

  it('summarises node, grace, preStop and controller', () => {
    const result = timeline([
      observe(
        1,
        'ADDED',
        pod({ grace: 45, containers: [{ name: 'app', preStop: { exec: { command: ['sh', '-c', 'sleep 7'] } } }] }),
      ),
    ]);
    expect(result).toMatchObject({
      node: 'worker-1',
      gracePeriodSeconds: 45,
      preStop: { kind: 'exec', command: ['sh', '-c', 'sleep 7'], sleepSeconds: 7 },
      controllerName: 'web-7d9c5b',
      workload: { kind: 'Deployment', name: 'web' },
    });
  });
});
