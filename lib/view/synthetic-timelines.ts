/**
 * Generated timelines for the UI benchmark page (`/bench?pods=N`): rollouts of many Deployments, old revisions
 * terminating with a mix of clean shutdowns, propagation gaps and SIGKILLs. Seeded, so runs compare.
 */
import type { Finding, Marker, MarkerKind, PodTimeline } from '../timeline/types';

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

/** One shared evidence list per kind: thousands of pods need not each allocate the same text. */
const EVIDENCE = new Map<MarkerKind, Marker['evidence']>();

function marker(
  kind: MarkerKind,
  at: number,
  precision: Marker['precision'] = 'observed',
  extra?: Pick<Marker, 'exitCode' | 'reason'>,
): Marker {
  const latest = precision === 'second' ? at + 999 : at;
  let evidence = EVIDENCE.get(kind);
  if (!evidence) EVIDENCE.set(kind, (evidence = [{ source: 'inference', text: `synthetic ${kind}` }]));
  const made: Marker = { kind, at, precision, earliest: at, latest, evidence };
  return extra ? Object.assign(made, extra) : made;
}

export function syntheticTimelines(
  count: number,
  startMs = Date.UTC(2026, 10, 24, 4, 0, 0),
  seed = 1,
): { pods: PodTimeline[]; findings: Finding[] } {
  const next = random(seed);
  const pods: PodTimeline[] = [];
  const workloads = Math.max(1, Math.ceil(count / 50));
  for (let i = 0; i < count; i++) {
    const app = `app-${String(i % workloads).padStart(3, '0')}`;
    const old = i % 2 === 0;
    const created = startMs + Math.floor(next() * 60_000) + (old ? 0 : 600_000);
    const markers: Marker[] = [
      marker('created', created, 'second'),
      marker('ready', created + 3_000, 'second'),
      marker('endpointReady', created + 3_100),
    ];
    const gaps: PodTimeline['gaps'] = [];
    if (old) {
      const t0 = startMs + 600_000 + Math.floor(next() * 120_000);
      const kind = next();
      markers.push(
        marker('deleteRequested', t0, 'second'),
        marker('endpointNotReady', t0 + 150),
        marker('killing', t0 + 800, 'second'),
        marker('graceDeadline', t0 + 30_000, 'second'),
      );
      if (kind < 0.15) {
        markers.push(
          marker('sigterm', t0 + 800, 'estimated'),
          marker('containerExited', t0 + 30_800, 'second', { exitCode: 137, reason: 'Error' }),
          marker('sigkill', t0 + 30_800, 'estimated'),
        );
        gaps.push({ kind: 'killedAtDeadline', from: t0 + 800, to: t0 + 30_800, severity: 'critical' });
      } else if (kind < 0.5) {
        markers.push(
          marker('sigterm', t0 + 800, 'estimated'),
          marker('containerExited', t0 + 900, 'second', { exitCode: 143, reason: 'Error' }),
        );
        gaps.push({ kind: 'shortPropagationBuffer', from: t0 + 800, to: t0 + 2_150, severity: 'warning' });
      } else {
        markers.push(
          marker('preStopStart', t0 + 800, 'estimated'),
          marker('preStopEnd', t0 + 5_800, 'estimated'),
          marker('sigterm', t0 + 5_800, 'estimated'),
          marker('containerExited', t0 + 8_000, 'second', { exitCode: 0, reason: 'Completed' }),
        );
      }
      const end = Math.max(...markers.filter((m) => m.kind !== 'graceDeadline').map((m) => m.latest));
      markers.push(marker('endpointRemoved', end + 200), marker('podDeleted', end + 600));
    }
    markers.sort((a, b) => a.at - b.at);
    pods.push({
      uid: `uid-${i}`,
      namespace: `team-${i % 5}`,
      name: `${app}-${old ? '7d9c5f' : '84b2aa'}-${i.toString(36).padStart(5, '0')}`,
      node: `worker-${i % 40}`,
      workload: { kind: 'Deployment', name: app },
      controllerName: `${app}-${old ? '7d9c5f' : '84b2aa'}`,
      gracePeriodSeconds: 30,
      preStop: null,
      markers,
      gaps,
    });
  }
  const sigkilled = pods.filter((p) => p.gaps.some((g) => g.kind === 'killedAtDeadline')).map((p) => p.uid);
  const findings: Finding[] = sigkilled.length
    ? [
        {
          kind: 'sigkilled',
          severity: 'critical',
          workload: null,
          pods: sigkilled,
          message: `${sigkilled.length} synthetic pods were SIGKILLed.`,
          fix: 'terminationGracePeriodSeconds: 45',
        },
      ]
    : [];
  return { pods, findings };
}
