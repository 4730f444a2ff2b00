/**
 * Shapes real clusters produce and the simulator did not: restart Killings, merged (aggregated) events and series,
 * a deletionTimestamp without its grace, endpoints without targetRef, exits of earlier restarts, mirror pods,
 * httpGet hooks. The messages and aggregation rules are the kubelet's and client-go's (see events.ts).
 */
import { describe, expect, it } from 'vitest';
import { eventsV1EventSchema, podSchema, type Pod } from '../kube/objects';
import type { RecordingEntry } from '../recording/types';
import { SECOND_MS } from '../time';
import { analyzeEntries } from './engine';
import { normalizeEvent } from './events';
import { apiTime, at, coreEvent, httpGetHook, microTime, observe, pod, slice, T0, termination } from './test-support';
import type { Analysis, PodTimeline } from './types';

const DAY_S = 24 * 3600;

function timeline(entries: RecordingEntry[], uid = 'pod-1'): PodTimeline | undefined {
  return analyzeEntries(entries).pods.find((p) => p.uid === uid);
}

function kinds(result: PodTimeline | undefined, kind: string) {
  return (result?.markers ?? []).filter((m) => m.kind === kind);
}

interface PodJson {
  metadata: Record<string, unknown>;
  status: { containerStatuses: Record<string, unknown>[] };
}

/** A pod object as JSON, changed by `edit`, parsed like real input. */
function podWith(base: Pod, edit: (json: PodJson, app: Record<string, unknown>) => void): Pod {
  const json = JSON.parse(JSON.stringify(base)) as PodJson;
  edit(json, json.status.containerStatuses[0] ?? {});
  return podSchema.parse(json);
}

describe('a Killing for a container restart is not a termination', () => {
  const restartMessages = [
    'Container app failed liveness probe, will be restarted',
    'Container app failed startup probe, will be restarted',
    'Container app definition changed, will be restarted',
    'FailedPostStartHook',
    'Container is in "unknown" state, try killing it before restart',
    'Container app resize requires restart',
  ];
  for (const message of restartMessages) {
    it(`"${message}" on a pod nobody deleted gives no killing, SIGTERM or gap`, () => {
      const entries = [
        observe(0, 'ADDED', pod({ readyAt: 2 })),
        observe(3, 'ADDED', slice({ endpoints: [{ pod: 'pod-1' }] })),
        observe(20.1, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', message, first: 20 })),
      ];
      const result = timeline(entries);
      expect(kinds(result, 'killing')).toEqual([]);
      expect(kinds(result, 'sigterm')).toEqual([]);
      expect(result?.gaps).toEqual([]);
    });
  }

  it('a sidecar restart (`Init container X failed liveness probe`, no "will be restarted") is a restart too', () => {
    const entries = [
      observe(0, 'ADDED', pod({ sidecars: [{ name: 'proxy' }] })),
      observe(
        20.1,
        'ADDED',
        coreEvent({ reason: 'Killing', message: 'Init container proxy failed liveness probe', first: 20 }),
      ),
    ];
    expect(kinds(timeline(entries), 'sigterm')).toEqual([]);
  });

  it('a probe failure under restartPolicy Never (no "will be restarted") does stop the container', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(
        20.1,
        'ADDED',
        coreEvent({ reason: 'Killing', container: 'app', message: 'Container app failed liveness probe', first: 20 }),
      ),
    ];
    expect(kinds(timeline(entries), 'sigterm')).toHaveLength(1);
  });

  it('a restart Killing before a delete leaves the termination to its own Killing', () => {
    const entries = [
      ...termination({ deleteAt: 30, killingAt: 31 }),
      observe(
        12.1,
        'ADDED',
        coreEvent({
          uid: 'restart',
          reason: 'Killing',
          container: 'app',
          message: 'Container app failed liveness probe, will be restarted',
          first: 12,
        }),
      ),
    ].sort((a, b) => a.at - b.at);
    expect(kinds(timeline(entries), 'killing').map((m) => m.at)).toEqual([at(31)]);
  });
});

describe('merged events: the occurrence that belongs to this pod and this termination', () => {
  it('a Killing merged over 12 days (count 7) is bounded to this termination, never drawn at its firstTimestamp', () => {
    // The kubelet recorded `Stopping container app` for this container before (sandbox changes); the correlator
    // merged them all into one event whose lastTimestamp is today's.
    const entries = termination({ deleteAt: 10, killingAt: null });
    entries.push(
      observe(
        11.2,
        'MODIFIED',
        coreEvent({ uid: 'k', reason: 'Killing', container: 'app', first: 11 - 12 * DAY_S, last: 11, count: 7 }),
      ),
    );
    entries.sort((a, b) => a.at - b.at);
    const [killing] = kinds(timeline(entries), 'killing');
    expect(killing).toBeDefined();
    expect(killing?.precision).toBe('estimated');
    // Between the delete request (less the clock skew allowed) and the last occurrence; drawn at the request.
    expect(killing?.earliest).toBe(at(10) - 2 * SECOND_MS);
    expect(killing?.latest).toBe(at(12));
    expect(killing?.at).toBeGreaterThanOrEqual(at(10));
    expect(killing?.evidence[0]?.text).toContain('×7');
  });

  it('with count 2 and the first occurrence before the pod was deleted, the last is this termination’s, exactly', () => {
    const entries = termination({ deleteAt: 10, killingAt: null });
    entries.push(
      observe(
        11.2,
        'MODIFIED',
        coreEvent({ uid: 'k', reason: 'Killing', container: 'app', first: 11 - 3 * DAY_S, last: 11, count: 2 }),
      ),
    );
    entries.sort((a, b) => a.at - b.at);
    expect(kinds(timeline(entries), 'killing')[0]).toMatchObject({
      precision: 'second',
      at: at(11),
      earliest: at(11),
      latest: at(12),
    });
  });

  it('a merged Killing whose every occurrence precedes the delete gives no termination Killing', () => {
    const entries = termination({ deleteAt: 100, killingAt: null });
    entries.push(
      observe(50, 'ADDED', coreEvent({ uid: 'k', reason: 'Killing', container: 'app', first: 20, last: 40, count: 3 })),
    );
    entries.sort((a, b) => a.at - b.at);
    expect(kinds(timeline(entries), 'killing')).toEqual([]);
  });

  it('a StatefulSet SuccessfulDelete merged over 12 days still names its pod’s cause, with the occurrence that is its', () => {
    const sts = { kind: 'StatefulSet', name: 'web' };
    const message = 'delete Pod web-0 in StatefulSet web successful';
    const base = { uid: 'web-0-new', name: 'web-0', owner: sts, createdAt: 5, readyAt: 6 };
    const entries: RecordingEntry[] = [
      observe(5, 'ADDED', pod(base)),
      observe(
        20.1,
        'MODIFIED',
        coreEvent({
          uid: 'sd',
          kind: 'StatefulSet',
          name: 'web',
          regarding: 'sts-uid',
          reason: 'SuccessfulDelete',
          message,
          first: 20 - 12 * DAY_S,
          last: 20,
          count: 7,
        }),
      ),
      observe(20.2, 'MODIFIED', pod({ ...base, deletion: { timestamp: 50, grace: 30 } })),
    ];
    const result = timeline(entries, 'web-0-new');
    expect(result?.cause?.reason).toBe('SuccessfulDelete');
    expect(result?.cause?.evidence[0]?.at).toBe(at(20));
    expect(result?.cause?.evidence[0]?.text).toContain('×7');
  });

  it('each pod that had a StatefulSet name gets its own occurrence of the merged delete, none another’s', () => {
    const sts = { kind: 'StatefulSet', name: 'web' };
    const message = 'delete Pod web-0 in StatefulSet web successful';
    const ev = (seconds: number, count: number) =>
      observe(
        seconds + 0.1,
        'MODIFIED',
        coreEvent({
          uid: 'sd',
          kind: 'StatefulSet',
          name: 'web',
          regarding: 'sts-uid',
          reason: 'SuccessfulDelete',
          message,
          first: 10,
          last: seconds,
          count,
        }),
      );
    const entries: RecordingEntry[] = [
      observe(0, 'ADDED', pod({ uid: 'a', name: 'web-0', owner: sts, createdAt: 0 })),
      observe(
        10.1,
        'ADDED',
        coreEvent({
          uid: 'sd',
          kind: 'StatefulSet',
          name: 'web',
          regarding: 'sts-uid',
          reason: 'SuccessfulDelete',
          message,
          first: 10,
          count: 1,
        }),
      ),
      observe(20, 'ADDED', pod({ uid: 'b', name: 'web-0', owner: sts, createdAt: 20 })),
      ev(30, 2),
      observe(40, 'ADDED', pod({ uid: 'c', name: 'web-0', owner: sts, createdAt: 40 })),
    ];
    const analysis: Analysis = analyzeEntries(entries);
    const causeAt = (uid: string) => analysis.pods.find((p) => p.uid === uid)?.cause?.evidence.map((e) => e.at);
    expect(causeAt('a')).toEqual([at(10)]);
    expect(causeAt('b')).toEqual([at(30)]);
    expect(causeAt('c')).toBeUndefined();
  });

  it('a combined event (`(combined from similar events): ...`) names the pod of its newest occurrence', () => {
    const entries: RecordingEntry[] = [
      observe(0, 'ADDED', pod({ uid: 'p', name: 'web-7d9c5b-abcde' })),
      observe(
        20.1,
        'ADDED',
        coreEvent({
          uid: 'agg',
          kind: 'ReplicaSet',
          name: 'web-7d9c5b',
          regarding: 'rs',
          reason: 'SuccessfulDelete',
          message: '(combined from similar events): Deleted pod: web-7d9c5b-abcde',
          first: 15,
          last: 20,
          count: 4,
        }),
      ),
    ];
    const cause = timeline(entries, 'p')?.cause;
    expect(cause?.reason).toBe('SuccessfulDelete');
    expect(cause?.evidence[0]?.at).toBe(at(20));
  });
});

describe('events.k8s.io/v1 series', () => {
  const seriesEvent = (count: number, lastObserved: number) =>
    eventsV1EventSchema.parse({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { uid: 'series-1', name: 'web.1', namespace: 'shop' },
      regarding: {
        kind: 'Pod',
        namespace: 'shop',
        name: 'web-7d9c5b-x2x',
        uid: 'pod-1',
        fieldPath: 'spec.containers{app}',
      },
      reason: 'Killing',
      note: 'Stopping container app',
      eventTime: microTime(11.25),
      series: { count, lastObservedTime: microTime(lastObserved) },
      reportingController: 'kubelet',
      reportingInstance: 'worker-1',
      action: 'Killing',
      type: 'Normal',
    });

  it('reads count and the last occurrence from the series', () => {
    const { record } = normalizeEvent(seriesEvent(3, 21.5), at(22));
    expect(record.count).toBe(3);
    expect(record.firstAt?.at).toBe(at(11.25));
    expect(record.lastAt?.at).toBe(at(21.5));
  });

  it('a series whose first occurrence is this termination’s Killing keeps it exactly', () => {
    const entries = termination({ deleteAt: 10, killingAt: null });
    entries.push(observe(22, 'MODIFIED', seriesEvent(2, 21.5)));
    entries.sort((a, b) => a.at - b.at);
    expect(kinds(timeline(entries), 'killing')[0]).toMatchObject({ at: at(11.25), earliest: at(11.25) });
  });
});

describe('a deletionTimestamp without deletionGracePeriodSeconds', () => {
  it('gives a delete request bounded by creation and the deadline, drawn at the deadline minus the spec’s grace', () => {
    const deleting = podWith(pod({ grace: 30, createdAt: 0, deletion: { timestamp: 40, grace: 30 } }), (json) => {
      delete json.metadata.deletionGracePeriodSeconds;
    });
    expect(deleting.metadata.deletionGracePeriodSeconds).toBeUndefined();
    const result = timeline([observe(0, 'ADDED', pod({ grace: 30 })), observe(10.5, 'MODIFIED', deleting)]);
    const [requested] = kinds(result, 'deleteRequested');
    expect(requested).toMatchObject({ precision: 'estimated', at: at(10), earliest: T0, latest: at(41) });
    expect(kinds(result, 'graceDeadline')[0]?.at).toBe(at(40));
  });
});

describe('EndpointSlice endpoints without targetRef', () => {
  it('are ignored without error, next to endpoints that have one', () => {
    const withLoose = slice({ endpoints: [{ pod: 'pod-1' }] });
    withLoose.endpoints?.push({ conditions: { ready: true, serving: true, terminating: false } });
    const entries = [observe(0, 'ADDED', pod({ readyAt: 1 })), observe(3, 'ADDED', withLoose)];
    expect(kinds(timeline(entries), 'endpointReady')).toHaveLength(1);
    expect(analyzeEntries(entries).pods).toHaveLength(1);
  });
});

describe('lastState.terminated of an earlier restart', () => {
  it('is not this termination’s exit: no exit while routed is claimed from it', () => {
    // The container crashed at 9 (exit 1) and ran again from 10; the delete came at 10, so the crash lies in the
    // same truncated second as the request. Only state.terminated (exit at 13) is what the kubelet stopped.
    const base = { readyAt: 2, scheduledAt: 0, grace: 30 };
    const restarted = (deletion?: { timestamp: number; grace: number }) =>
      podWith(pod({ ...base, ...(deletion && { deletion }) }), (_json, app) => {
        app.restartCount = 1;
        app.state = { running: { startedAt: apiTime(10) } };
        app.lastState = { terminated: { exitCode: 1, reason: 'Error', startedAt: apiTime(1), finishedAt: apiTime(9) } };
      });
    const entries: RecordingEntry[] = [
      observe(0, 'ADDED', pod(base)),
      observe(3, 'ADDED', slice({ endpoints: [{ pod: 'pod-1' }] })),
      observe(10.01, 'MODIFIED', restarted()),
      observe(10.05, 'MODIFIED', restarted({ timestamp: 40, grace: 30 })),
      observe(11.1, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 11 })),
      observe(
        10.2,
        'MODIFIED',
        slice({ endpoints: [{ pod: 'pod-1', ready: false, serving: true, terminating: true }] }),
      ),
    ].sort((a, b) => a.at - b.at);
    const result = timeline(entries);
    expect(kinds(result, 'containerExited')).toEqual([]);
    expect(result?.gaps.filter((g) => g.kind === 'exitWhileRouted')).toEqual([]);
  });

  it('an exit seen first as state and then as lastState (the kubelet restarted it) is no termination exit either', () => {
    const base = { readyAt: 2, scheduledAt: 0, grace: 30 };
    const crashed = pod({ ...base, terminated: { app: { exitCode: 137, finishedAt: 12, startedAt: 1 } } });
    const again = podWith(pod({ ...base, deletion: { timestamp: 43, grace: 30 } }), (_json, app) => {
      app.state = { running: { startedAt: apiTime(13) } };
      app.lastState = {
        terminated: { exitCode: 137, reason: 'Error', startedAt: apiTime(1), finishedAt: apiTime(12) },
      };
    });
    const entries: RecordingEntry[] = [
      observe(0, 'ADDED', pod(base)),
      observe(3, 'ADDED', slice({ endpoints: [{ pod: 'pod-1' }] })),
      observe(12.5, 'MODIFIED', crashed),
      observe(13.2, 'MODIFIED', again),
      observe(13.4, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 13 })),
      observe(
        13.5,
        'MODIFIED',
        slice({ endpoints: [{ pod: 'pod-1', ready: false, serving: true, terminating: true }] }),
      ),
    ];
    const result = timeline(entries);
    expect(kinds(result, 'sigkill')).toEqual([]);
    expect(result?.gaps.filter((g) => g.kind === 'exitWhileRouted' || g.kind === 'killedAtDeadline')).toEqual([]);
  });
});

describe('mirror (static) pods', () => {
  it('a pod owned by its Node has no workload, so findings do not name the node as one', () => {
    const entries = termination({ deleteAt: 10 }).map((entry) => {
      if (entry.object.kind !== 'Pod') return entry;
      return {
        ...entry,
        object: podWith(
          entry.object,
          (json) =>
            (json.metadata.ownerReferences = [
              { apiVersion: 'v1', kind: 'Node', name: 'worker-1', uid: 'node-uid', controller: true },
            ]),
        ),
      };
    });
    const analysis = analyzeEntries(entries);
    expect(analysis.pods[0]?.workload).toBeNull();
    expect(analysis.pods[0]?.controllerName).toBeNull();
    expect(analysis.findings.every((finding) => finding.workload === null && !finding.message.includes('Node'))).toBe(
      true,
    );
  });
});

describe('httpGet preStop hooks', () => {
  it('give a preStop whose end is only bounded, and no routing gap the bounds cannot prove', () => {
    const entries = termination({
      containers: [{ name: 'app', preStop: httpGetHook() }],
      deleteAt: 10,
      killingAt: 11,
      notReadyAt: 10.2,
      exits: { app: { exitCode: 0, finishedAt: 16 } },
    });
    const result = timeline(entries);
    expect(result?.preStop).toEqual({ kind: 'httpGet' });
    const [end] = kinds(result, 'preStopEnd');
    expect(end).toMatchObject({ precision: 'estimated', earliest: at(11) });
    expect(end?.latest).toBeLessThanOrEqual(at(17));
    expect(result?.gaps.filter((g) => g.kind === 'sigtermWhileRouted')).toEqual([]);
  });
});
