/**
 * The corpus of real Kubernetes objects (fixtures/real, sources in fixtures/real/README.md): every object parses
 * with the schemas drainscope reads the API with, and where the objects tell a story the analysis says what they
 * show and no more. Receipt times: the kspan recording carries its own (when kspan received each object); the other
 * stories use times chosen here, each one said where it is chosen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knownKindOf, schemaForObject, withTypeMeta, type KubeObject, type ListedResource } from '../kube/objects';
import type { Observation, RecordingEntry } from '../recording/types';
import { SECOND_MS, type EpochMs } from '../time';
import { analyzeEntries } from './engine';
import type { Analysis, Marker, MarkerKind, PodTimeline } from './types';

const DIR = new URL('../../fixtures/real/', import.meta.url);
type Json = Record<string, unknown>;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, DIR), 'utf8'));
}

/** A raw object of a file, with the resource it was listed as when its file says so (a list keyed by resource). */
interface RawObject {
  file: string;
  index: number;
  raw: Json;
  resource?: ListedResource;
  /** kspan's receipt time, for the recording. */
  receivedAt?: string;
}

function objectsOf(file: string): RawObject[] {
  const data = readJson(file) as Json;
  if (Array.isArray(data.entries)) {
    return (data.entries as { receivedAt: string; object: Json }[]).map((entry, index) => ({
      file,
      index,
      raw: entry.object,
      receivedAt: entry.receivedAt,
    }));
  }
  if (Array.isArray(data.events) || Array.isArray(data.pods)) {
    const events = ((data.events ?? []) as Json[]).map((raw, index) => ({
      file,
      index,
      raw,
      resource: 'events' as const,
    }));
    const pods = ((data.pods ?? []) as Json[]).map((raw, index) => ({
      file,
      index: events.length + index,
      raw,
      resource: 'pods' as const,
    }));
    return [...events, ...pods];
  }
  return [{ file, index: 0, raw: data }];
}

const FILES = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();
const ALL = FILES.flatMap(objectsOf);

/** Kinds the kspan recording holds that drainscope does not watch: it skips them, as the recorder would not write them. */
const SKIPPED_KINDS = new Set(['apps/v1 ReplicaSet', 'apps/v1 Deployment']);

/** The object as the engine receives it, or a refusal naming the file. */
function parse(object: RawObject): KubeObject {
  const typed = object.resource ? withTypeMeta(object.resource, object.raw) : object.raw;
  const kind = knownKindOf(typed.apiVersion, typed.kind);
  if (!kind)
    throw new Error(
      `${object.file}[${object.index}]: ${String(typed.apiVersion)} ${String(typed.kind)} is not a kind drainscope reads`,
    );
  const result = schemaForObject(kind, typed).safeParse(typed);
  if (!result.success) throw new Error(`${object.file}[${object.index}] refused: ${result.error.message}`);
  return result.data;
}

function isRead(object: RawObject): boolean {
  return !SKIPPED_KINDS.has(`${String(object.raw.apiVersion)} ${String(object.raw.kind)}`);
}

describe('every real object parses', () => {
  for (const file of FILES) {
    it(file, () => {
      const objects = objectsOf(file).filter(isRead);
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) expect(() => parse(object), `${file}[${object.index}]`).not.toThrow();
    });
  }

  it('the only objects skipped are the kspan recording’s ReplicaSets and Deployment', () => {
    const skipped = ALL.filter((object) => !isRead(object));
    expect(new Set(skipped.map((object) => object.file))).toEqual(new Set(['01-kspan-deployment-rollout.json']));
    expect(skipped).toHaveLength(3);
  });

  it('holds at least 20 objects drainscope reads, covering the shapes the brief names', () => {
    const read = ALL.filter(isRead).map((object) => ({
      ...object,
      typed: object.resource ? withTypeMeta(object.resource, object.raw) : object.raw,
    }));
    expect(read.length).toBeGreaterThanOrEqual(20);
    const pods = read
      .filter((o) => o.typed.kind === 'Pod')
      .map(
        (o) =>
          o.typed as { metadata: Json; spec?: { initContainers?: Json[] }; status?: Json & { conditions?: Json[] } },
      );
    const coreEvents = read.filter((o) => o.typed.apiVersion === 'v1' && o.typed.kind === 'Event').map((o) => o.typed);
    const slices = read
      .filter((o) => o.typed.kind === 'EndpointSlice')
      .map((o) => o.typed as { endpoints?: { conditions?: Json }[] });
    const v1Events = read.filter((o) => o.typed.apiVersion === 'events.k8s.io/v1').map((o) => o.typed);
    expect(
      pods.some((p) => p.metadata.deletionTimestamp && typeof p.metadata.deletionGracePeriodSeconds === 'number'),
    ).toBe(true);
    expect(pods.some((p) => p.spec?.initContainers?.some((c) => c.restartPolicy === 'Always'))).toBe(true);
    expect(
      pods.some((p) => p.status?.conditions?.some((c) => c.type === 'DisruptionTarget' && c.status === 'True')),
    ).toBe(true);
    expect(pods.some((p) => p.status?.reason === 'Evicted')).toBe(true);
    expect(
      slices.some((s) => s.endpoints?.some((e) => e.conditions?.terminating === true && e.conditions.serving === true)),
    ).toBe(true);
    expect(coreEvents.some((e) => e.reason === 'Killing')).toBe(true);
    expect(coreEvents.some((e) => e.reason === 'SuccessfulDelete')).toBe(true);
    expect(
      coreEvents.some((e) => typeof e.count === 'number' && e.count > 1 && e.firstTimestamp !== e.lastTimestamp),
    ).toBe(true);
    expect(v1Events.some((e) => e.series !== undefined)).toBe(true);
  });
});

// --- the analysis of the stories ---

function markersOf(pod: PodTimeline | undefined, kind: MarkerKind): Marker[] {
  return (pod?.markers ?? []).filter((m) => m.kind === kind);
}

function podNamed(analysis: Analysis, name: string): PodTimeline {
  const pod = analysis.pods.find((p) => p.name === name);
  if (!pod) throw new Error(`no timeline for ${name}`);
  return pod;
}

/**
 * The promise, checked independently of gaps.ts: every marker's best time lies in its bounds, and every gap holds
 * for every placement of its ends (docs/termination-model.md, "The gaps"). A gap kind this check cannot verify
 * from the markers alone fails the test, so a new kind appearing on real data is looked at.
 */
function expectOnlyProvenGaps(analysis: Analysis): void {
  const allowanceMs = analysis.allowanceSeconds * SECOND_MS;
  for (const pod of analysis.pods) {
    for (const marker of pod.markers) {
      expect(marker.earliest, `${pod.name} ${marker.kind}`).toBeLessThanOrEqual(marker.at);
      expect(marker.at, `${pod.name} ${marker.kind}`).toBeLessThanOrEqual(marker.latest);
    }
    const routedUntil = markersOf(pod, 'endpointNotReady')[0] ?? markersOf(pod, 'endpointRemoved')[0];
    const routed = markersOf(pod, 'endpointReady').length > 0;
    const ofContainer = (kind: MarkerKind, container: string | undefined) =>
      markersOf(pod, kind).filter((m) => container === undefined || m.container === container);
    for (const gap of pod.gaps) {
      const label = `${pod.name} ${gap.kind}`;
      switch (gap.kind) {
        case 'sigtermWhileRouted':
        case 'shortPropagationBuffer': {
          expect(routed && routedUntil, label).toBeTruthy();
          const slack = gap.kind === 'shortPropagationBuffer' ? allowanceMs : 0;
          const proven = ofContainer('sigterm', gap.container).some(
            (sigterm) => routedUntil !== undefined && sigterm.latest < routedUntil.earliest + slack,
          );
          expect(proven, label).toBe(true);
          break;
        }
        case 'exitWhileRouted': {
          expect(routed && routedUntil, label).toBeTruthy();
          const proven = ofContainer('containerExited', gap.container).some(
            (exit) => routedUntil !== undefined && exit.latest < routedUntil.earliest,
          );
          expect(proven, label).toBe(true);
          break;
        }
        case 'killedAtDeadline':
          expect(ofContainer('sigkill', gap.container).length, label).toBeGreaterThan(0);
          break;
        default:
          throw new Error(`${label}: a gap this corpus has no evidence for`);
      }
    }
  }
}

/** Each object as a watch event received at `at`; ADDED the first time a uid is seen, MODIFIED after. */
function recording(items: { at: EpochMs; object: KubeObject }[]): RecordingEntry[] {
  const seen = new Set<string>();
  return [...items]
    .sort((a, b) => a.at - b.at)
    .map(({ at, object }): Observation => {
      const type = seen.has(object.metadata.uid) ? 'MODIFIED' : 'ADDED';
      seen.add(object.metadata.uid);
      return { at, type, object };
    });
}

const ms = (iso: string): EpochMs => Date.parse(iso);

describe('a Deployment rollout kspan recorded (01): two pods first seen mid-termination', () => {
  // kspan fetched each object when it saw an event about it and stamped the receipt (`receivedAt`): the old pods
  // arrive already deleting (deletionTimestamp = request + 30 s), each between its SuccessfulDelete and Killing.
  const entries = recording(
    objectsOf('01-kspan-deployment-rollout.json')
      .filter(isRead)
      .map((object) => ({ at: ms(object.receivedAt ?? ''), object: parse(object) })),
  );
  const analysis = analyzeEntries(entries);
  const cases = [
    { name: 'px-7df978b9bf-jm22q', deleteAt: '2021-05-19T09:43:06Z', deadline: '2021-05-19T09:43:36Z' },
    { name: 'px-7df978b9bf-bfdrj', deleteAt: '2021-05-19T09:43:07Z', deadline: '2021-05-19T09:43:37Z' },
  ];

  for (const { name, deleteAt, deadline } of cases) {
    it(`${name}: the delete request, Killing and SIGTERM in the second the API gives, the deadline still ahead`, () => {
      const pod = podNamed(analysis, name);
      const second = { earliest: ms(deleteAt), latest: ms(deleteAt) + SECOND_MS };
      expect(markersOf(pod, 'deleteRequested')).toEqual([expect.objectContaining({ precision: 'second', ...second })]);
      expect(markersOf(pod, 'killing')).toEqual([
        expect.objectContaining({ container: 'podinfo', precision: 'second', ...second }),
      ]);
      // No preStop: the kubelet sends SIGTERM when it kills; inferred, so never better than the Killing's second.
      expect(markersOf(pod, 'sigterm')).toEqual([
        expect.objectContaining({ container: 'podinfo', precision: 'estimated', ...second }),
      ]);
      // The recording ends 30 s before the deadline: a prediction, never a fact.
      expect(markersOf(pod, 'graceDeadline')).toEqual([
        expect.objectContaining({ expected: true, earliest: ms(deadline) }),
      ]);
      expect(pod.gracePeriodSeconds).toBe(30);
      // Nothing after the Killing was recorded: no exit, no SIGKILL, no deletion invented.
      for (const kind of ['containerExited', 'sigkill', 'podDeleted', 'endpointNotReady', 'endpointRemoved'] as const)
        expect(markersOf(pod, kind)).toEqual([]);
      expect(pod.cause?.reason).toBe('SuccessfulDelete');
      expect(pod.cause?.evidence[0]?.at).toBe(ms(deleteAt));
      expect(pod.workload).toEqual({ kind: 'Deployment', name: 'px' });
    });
  }

  it('the new pods get no termination and no cause; no EndpointSlice was recorded, so no gap is claimed', () => {
    for (const name of ['px-5d567cc74c-ss4lb', 'px-5d567cc74c-pmvzr']) {
      const pod = podNamed(analysis, name);
      expect(pod.cause ?? null).toBeNull();
      expect(pod.markers.map((m) => m.kind)).toEqual(['created', 'scheduled']);
    }
    expect(analysis.pods).toHaveLength(4);
    expect(analysis.pods.flatMap((p) => p.gaps)).toEqual([]);
    expectOnlyProvenGaps(analysis);
  });

  it('cut before the Killing arrived, jm22q shows the request and no Killing', () => {
    const before = entries.filter((entry) => entry.at < ms('2021-05-19T09:43:06.228Z'));
    const pod = podNamed(analyzeEntries(before), 'px-7df978b9bf-jm22q');
    expect(markersOf(pod, 'deleteRequested')).toHaveLength(1);
    expect(markersOf(pod, 'killing')).toEqual([]);
    expectOnlyProvenGaps(analyzeEntries(before));
  });
});

describe('a StatefulSet rollout kspan exported (02): merged events over 12 days', () => {
  // Receipt times chosen here: each event 0.5 s after its lastTimestamp (or eventTime), the new ingester-3 at
  // 14:24:11, after its Ready transition (14:24:10), the newest state the object shows.
  const objects = objectsOf('02-kspan-statefulset-rollout-events.json');
  const items = objects.map((object) => {
    const raw = object.raw;
    const stamp = object.resource === 'pods' ? '2021-02-17T14:24:11Z' : String(raw.lastTimestamp ?? raw.eventTime);
    return { at: ms(stamp) + (object.resource === 'pods' ? 0 : 500), object: parse(object) };
  });
  const analysis = analyzeEntries(recording(items));

  it('the recreated ingester-3 does not take the delete (count 7) or the Killing of the pod it replaced', () => {
    expect(analysis.pods.map((p) => p.name)).toEqual(['ingester-3']);
    const pod = podNamed(analysis, 'ingester-3');
    expect(pod.cause ?? null).toBeNull();
    expect(pod.markers.map((m) => m.kind)).toEqual(['created', 'scheduled', 'ready']);
    expect(pod.workload).toEqual({ kind: 'StatefulSet', name: 'ingester' });
    expectOnlyProvenGaps(analysis);
  });
});

describe('Deployment updates kspan exported (03, 04): events of a pod whose object was not recorded', () => {
  // Receipt times chosen here: each event 0.5 s after its lastTimestamp (or eventTime), the pod at its newest
  // timestamp plus 1 s.
  for (const file of ['03-kspan-deployment-update-events.json', '04-kspan-flux-deployment-update-events.json']) {
    it(`${file}: only the pod that was recorded has a timeline, with no termination`, () => {
      const objects = objectsOf(file);
      const items = objects.map((object) => {
        const raw = object.raw as Json & { metadata: Json };
        const stamp =
          object.resource === 'pods'
            ? String(raw.metadata.creationTimestamp)
            : String(raw.lastTimestamp ?? raw.eventTime);
        return { at: ms(stamp) + (object.resource === 'pods' ? 10 * SECOND_MS : 500), object: parse(object) };
      });
      const analysis = analyzeEntries(recording(items));
      const recorded = objects.filter((o) => o.resource === 'pods').map((o) => (o.raw.metadata as Json).name);
      expect(analysis.pods.map((p) => p.name)).toEqual(recorded);
      for (const pod of analysis.pods) {
        expect(pod.cause ?? null).toBeNull();
        for (const kind of ['deleteRequested', 'killing', 'sigterm', 'containerExited'] as const)
          expect(markersOf(pod, kind)).toEqual([]);
      }
      expectOnlyProvenGaps(analysis);
    });
  }
});

describe('a native sidecar pod (05, k9s test data)', () => {
  it('is ready, and its completed init container is no exit of a termination', () => {
    // Received once, at 01:54:40, after the last transition it shows (Ready at 01:54:39).
    const object = parse(objectsOf('05-k9s-native-sidecar-pod.json')[0] as RawObject);
    const analysis = analyzeEntries(recording([{ at: ms('2024-08-24T01:54:40Z'), object }]));
    const pod = podNamed(analysis, 'sleep');
    expect(pod.markers.map((m) => m.kind)).toEqual(['created', 'scheduled', 'ready']);
    expect(markersOf(pod, 'ready')[0]).toMatchObject({ precision: 'second', at: ms('2024-08-24T01:54:39Z') });
    expect(pod.cause ?? null).toBeNull();
    expectOnlyProvenGaps(analysis);
  });
});

describe('EndpointSlices from the termination tutorial (06, 07)', () => {
  it('a slice whose pod was never seen makes no pod: no phantom timeline, no finding', () => {
    // Received 10 s apart (chosen here): ready, then terminating with the replacement ready.
    const [ready, terminating] = [
      '06-website-endpointslice-ready.json',
      '07-website-endpointslice-terminating.json',
    ].map((file) => parse(objectsOf(file)[0] as RawObject));
    const analysis = analyzeEntries(
      recording([
        { at: ms('2023-01-01T00:00:00Z'), object: ready as KubeObject },
        { at: ms('2023-01-01T00:00:10Z'), object: terminating as KubeObject },
      ]),
    );
    expect(analysis.pods).toEqual([]);
    expect(analysis.findings).toEqual([]);
  });
});

describe('evicted pods (12, 13: status pasted in kubernetes/kubernetes issues)', () => {
  it('a node-pressure eviction before DisruptionTarget existed is caused by the phase reason Evicted', () => {
    const object = parse(objectsOf('12-issue-48632-evicted-pod-status.json')[0] as RawObject);
    const analysis = analyzeEntries(recording([{ at: ms('2017-07-07T19:40:00Z'), object }]));
    expect(analysis.pods[0]?.cause?.reason).toBe('Evicted');
    expect(analysis.pods[0]?.markers).toEqual([]);
    expectOnlyProvenGaps(analysis);
  });

  it('a kubelet eviction with DisruptionTarget names TerminationByKubelet, at the condition’s time', () => {
    const object = parse(objectsOf('13-issue-105467-disruption-target-status.json')[0] as RawObject);
    const analysis = analyzeEntries(recording([{ at: ms('2025-05-29T07:30:03Z'), object }]));
    const cause = analysis.pods[0]?.cause;
    expect(cause?.reason).toBe('TerminationByKubelet');
    expect(cause?.evidence[0]?.at).toBe(ms('2025-05-29T07:30:02Z'));
    expectOnlyProvenGaps(analysis);
  });
});

describe('the API round-trip objects (08-11: every field set)', () => {
  it('analyse without error and claim nothing the bounds do not hold', () => {
    // Received 1 s apart from a time after every timestamp they carry that a real cluster could show.
    const items = [
      '08-api-roundtrip-core.v1.Pod.json',
      '11-api-roundtrip-discovery.k8s.io.v1.EndpointSlice.json',
      '09-api-roundtrip-core.v1.Event.json',
      '10-api-roundtrip-events.k8s.io.v1.Event.json',
    ].map((file, index) => ({
      at: ms('2010-01-01T00:00:00Z') + index * SECOND_MS,
      object: parse(objectsOf(file)[0] as RawObject),
    }));
    const analysis = analyzeEntries(recording(items));
    expect(analysis.pods.map((p) => p.uid)).toEqual(['uidValue']);
    expectOnlyProvenGaps(analysis);
  });
});
