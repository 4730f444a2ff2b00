/**
 * The `timelines` table: a pod's derived timeline with the per-pod facts the findings read (DerivedPod), stored
 * as JSON next to the columns a window is selected by. Reading a window back and running the engine's own
 * findings over it gives what the engine's buildAnalysis gives over the same pods.
 */
import { compareStrings } from '@/lib/timeline/compare';
import type { PodExtent } from '@/lib/timeline/pod-extent';
import { deriveFindings } from '@/lib/timeline/findings';
import { firstMarker, type DerivedPod, type PodFacts } from '@/lib/timeline/timeline';
import type { Analysis } from '@/lib/timeline/types';
import type { Db } from './schema';

export type { PodExtent } from '@/lib/timeline/pod-extent';

export interface MaterialisedPod {
  pod: DerivedPod;
  extent: PodExtent;
}

/** The JSON form of a DerivedPod: a Set does not survive JSON.stringify. */
interface StoredPod {
  timeline: DerivedPod['timeline'];
  facts: Omit<PodFacts, 'sidecars'> & { sidecars: string[] };
}

export function podJson(pod: DerivedPod): string {
  const stored: StoredPod = { timeline: pod.timeline, facts: { ...pod.facts, sidecars: [...pod.facts.sidecars] } };
  return JSON.stringify(stored);
}

function podOf(json: string): DerivedPod {
  const stored = JSON.parse(json) as StoredPod;
  return { timeline: stored.timeline, facts: { ...stored.facts, sidecars: new Set(stored.facts.sidecars) } };
}

export interface TimelineWriter {
  /** Inserts or replaces a pod's row; `json` is podJson(pod), passed in when the caller already made it. */
  upsert(source: number, row: MaterialisedPod, json?: string): void;
  /** Only the extent moved (another observation that changed nothing drawn): the JSON stays as it is. */
  touch(source: number, uid: string, extent: PodExtent): void;
  slicesSeen(source: number, at: number): void;
  /** The rows hold the effect of every line of the source up to this id. */
  through(source: number, id: number): void;
}

export function throughId(db: Db, source: number): number {
  return (
    (db.prepare('SELECT through_id FROM timeline_sources WHERE source = ?').pluck().get(source) as
      | number
      | null
      | undefined) ?? 0
  );
}

export function timelineWriter(db: Db): TimelineWriter {
  const upsert = db.prepare(
    `INSERT INTO timelines (source, uid, namespace, workload, first_at, last_at, delete_requested_at, gone_at, order_at, pod)
     VALUES (@source, @uid, @namespace, @workload, @first_at, @last_at, @delete_requested_at, @gone_at, @order_at, @pod)
     ON CONFLICT (source, uid) DO UPDATE SET namespace = excluded.namespace, workload = excluded.workload, first_at = excluded.first_at,
       last_at = excluded.last_at, delete_requested_at = excluded.delete_requested_at, gone_at = excluded.gone_at, order_at = excluded.order_at, pod = excluded.pod`,
  );
  const touch = db.prepare('UPDATE timelines SET first_at = ?, last_at = ?, gone_at = ? WHERE source = ? AND uid = ?');
  const slices = db.prepare(
    'INSERT INTO timeline_sources (source, slices_at) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET slices_at = min(coalesce(slices_at, excluded.slices_at), excluded.slices_at)',
  );
  const through = db.prepare(
    'INSERT INTO timeline_sources (source, through_id) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET through_id = excluded.through_id',
  );
  return {
    upsert: (source, { pod, extent }, json = podJson(pod)) => {
      const { timeline, facts } = pod;
      upsert.run({
        source,
        uid: timeline.uid,
        namespace: timeline.namespace,
        workload: timeline.workload ? `${timeline.workload.kind}/${timeline.workload.name}` : null,
        first_at: extent.firstSeenAt,
        last_at: extent.lastSeenAt,
        delete_requested_at: firstMarker(timeline.markers, 'deleteRequested')?.at ?? null,
        gone_at: extent.deletedAt,
        order_at: facts.orderAt,
        pod: json,
      });
    },
    touch: (source, uid, extent) => touch.run(extent.firstSeenAt, extent.lastSeenAt, extent.deletedAt, source, uid),
    slicesSeen: (source, at) => slices.run(source, at),
    through: (source, id) => through.run(source, id),
  };
}

/** The pods of a source seen in [from, to] (their first to last observation overlaps it), in no order. */
export function podsInWindow(db: Db, window: { source: number; from: number; to: number }): DerivedPod[] {
  const rows = db
    .prepare('SELECT pod FROM timelines WHERE source = ? AND last_at >= ? AND first_at <= ?')
    .pluck()
    .all(window.source, window.from, window.to) as string[];
  return rows.map(podOf);
}

/** Whether the source had shown an EndpointSlice by `to`: without one, "never in a slice" says nothing. */
export function slicesSeenBy(db: Db, source: number, to: number): boolean {
  const at = db.prepare('SELECT slices_at FROM timeline_sources WHERE source = ?').pluck().get(source) as
    | number
    | null
    | undefined;
  return at !== null && at !== undefined && at <= to;
}

/** buildAnalysis's order (lib/timeline/engine.ts keeps its comparator private): delete request, then name. */
function comparePods(a: DerivedPod, b: DerivedPod): number {
  const [x, y] = [a.timeline, b.timeline];
  return (
    a.facts.orderAt - b.facts.orderAt ||
    compareStrings(x.namespace, y.namespace) ||
    compareStrings(x.name, y.name) ||
    compareStrings(x.uid, y.uid)
  );
}

/** The analysis of some pods, ordered and with findings exactly as the engine's buildAnalysis makes them. */
export function analysisOfPods(pods: DerivedPod[], allowanceSeconds: number, endpointSlicesSeen: boolean): Analysis {
  pods.sort(comparePods);
  return {
    allowanceSeconds,
    pods: pods.map((pod) => pod.timeline),
    findings: deriveFindings({ pods, allowanceSeconds, endpointSlicesSeen }),
  };
}
