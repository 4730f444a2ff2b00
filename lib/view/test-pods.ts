/** Small timelines for the view tests (not shipped code paths; kept beside the tests that use them). */
import type { Marker, MarkerKind, PodTimeline, WorkloadSpec } from '../timeline/types';

export function marker(kind: MarkerKind, at: number, extra: Partial<Marker> = {}): Marker {
  return { kind, at, precision: 'observed', earliest: at, latest: at, evidence: [], ...extra };
}

export function testPod(overrides: Partial<PodTimeline> & { uid: string }): PodTimeline {
  return {
    namespace: 'shop',
    name: `web-abc-${overrides.uid}`,
    node: 'worker-1',
    workload: { kind: 'Deployment', name: 'web' },
    controllerName: 'web-abc',
    gracePeriodSeconds: 30,
    preStop: null,
    markers: [],
    gaps: [],
    ...overrides,
  };
}

/**
 * As a replay at 11 s knows it: deleted at 10 s, not ready at 10.2 s, and a short propagation buffer open until the
 * removal the engine expects at 12 s; the preStop runs to an estimated SIGTERM at 13 s. `shiftMs` moves it all.
 */
export function openPod(uid: string, shiftMs = 0): PodTimeline {
  return testPod({
    uid,
    markers: [
      marker('created', 0 + shiftMs),
      marker('endpointReady', 2_000 + shiftMs),
      marker('deleteRequested', 10_000 + shiftMs),
      marker('preStopStart', 10_000 + shiftMs),
      marker('endpointNotReady', 10_200 + shiftMs),
      marker('sigterm', 13_000 + shiftMs, { precision: 'estimated' }),
    ],
    gaps: [
      { kind: 'shortPropagationBuffer', from: 10_200 + shiftMs, to: 12_000 + shiftMs, severity: 'warning' },
      { kind: 'sigtermWhileRouted', from: 11_500 + shiftMs, to: 12_500 + shiftMs, severity: 'critical' },
    ],
  });
}

/** The Deployment `shop/web` the test pods belong to, rolling with these replicas and bounds from time 0 on. */
export function webDeployment(replicas: number, maxUnavailable = 0, maxSurge = 1): WorkloadSpec {
  return {
    namespace: 'shop',
    kind: 'Deployment',
    name: 'web',
    points: [{ at: 0, replicas, strategy: 'RollingUpdate', maxUnavailable, maxSurge }],
  };
}

/** Old pods web-1-000 … created at 0 and ready at 1 s; new pods web-2-… created from 100 s. */
export function oldPod(i: number, deleteAt: number | null, goneAt: number | null): PodTimeline {
  const markers = [marker('created', 0), marker('ready', 1_000), marker('endpointReady', 1_000)];
  if (deleteAt !== null) markers.push(marker('deleteRequested', deleteAt), marker('endpointNotReady', deleteAt + 100));
  if (goneAt !== null) markers.push(marker('endpointRemoved', goneAt - 100), marker('podDeleted', goneAt));
  return testPod({ uid: `o${i}`, name: `web-1-${String(i).padStart(3, '0')}`, controllerName: 'web-1', markers });
}

export function newPod(i: number, createdAt: number, readyAt: number | null): PodTimeline {
  const markers = [marker('created', createdAt)];
  if (readyAt !== null) markers.push(marker('ready', readyAt), marker('endpointReady', readyAt));
  return testPod({ uid: `n${i}`, name: `web-2-${String(i).padStart(3, '0')}`, controllerName: 'web-2', markers });
}

/** The Deployment of `rollout()`: 100 replicas, 25 unavailable and 25 surge allowed. */
export const rolloutSpec = webDeployment(100, 25, 25);

/** A 100-replica rollout at 100 s: 40 old pods gone, 10 terminating, 50 untouched; 40 new ready, 10 starting. */
export function rollout(): PodTimeline[] {
  const pods: PodTimeline[] = [];
  // Names run against the delete order, so an order by name would be visible.
  for (let i = 0; i < 100; i++) {
    const rank = 99 - i;
    if (rank < 40) pods.push(oldPod(i, 100_000 + rank * 1_000, 130_000 + rank * 1_000));
    else if (rank < 50) pods.push(oldPod(i, 100_000 + rank * 1_000, null));
    else pods.push(oldPod(i, null, null));
  }
  for (let i = 0; i < 50; i++)
    pods.push(newPod(i, 100_000 + (49 - i) * 1_000, i >= 10 ? 110_000 + (49 - i) * 1_000 : null));
  return pods;
}
