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
