/** Small timelines for the view tests (not shipped code paths; kept beside the tests that use them). */
import type { Marker, MarkerKind, PodTimeline } from '../timeline/types';

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
