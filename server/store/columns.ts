/**
 * The indexed columns of one stored line, read off the validated entry (no second parse of the line). `term`
 * marks the start or end of a pod's termination (a Pod with a deletionTimestamp, or a DELETED Pod): episodes are
 * detected from those rows alone, so they are cheap to find in a large store.
 */
import type { Pod } from '@/lib/kube/objects';
import { isWatchState, type RecordingEntry } from '@/lib/recording/types';
import { ownershipOf } from '@/lib/timeline/workload';

export interface LineColumns {
  at: number;
  kind: string;
  namespace: string | null;
  uid: string | null;
  podUid: string | null;
  term: 0 | 1;
  /** `Kind/name` of the pod's workload (term rows only), e.g. `Deployment/web`. */
  workload: string | null;
  node: string | null;
}

export function columnsOf(entry: RecordingEntry): LineColumns {
  if (isWatchState(entry)) {
    return {
      at: entry.at,
      kind: `watch:${entry.resource}`,
      namespace: null,
      uid: null,
      podUid: null,
      term: 0,
      workload: null,
      node: null,
    };
  }
  const object = entry.object;
  const base = {
    at: entry.at,
    namespace: object.metadata.namespace ?? null,
    uid: object.metadata.uid ?? null,
    term: 0 as const,
    workload: null,
    node: null,
  };
  if (object.kind === 'Pod') return podColumns(entry.type, object, base.at);
  if (object.kind === 'EndpointSlice') return { ...base, kind: 'EndpointSlice', podUid: null };
  if (object.kind === 'Deployment') return { ...base, kind: 'Deployment', podUid: null };
  const target = 'involvedObject' in object ? object.involvedObject : object.regarding;
  return { ...base, kind: 'Event', podUid: target.kind === 'Pod' ? (target.uid ?? null) : null };
}

function podColumns(type: string, pod: Pod, at: number): LineColumns {
  const uid = pod.metadata.uid;
  const terminating = type === 'DELETED' || Boolean(pod.metadata.deletionTimestamp);
  const columns: LineColumns = {
    at,
    kind: 'Pod',
    namespace: pod.metadata.namespace ?? null,
    uid,
    podUid: uid,
    term: 0,
    workload: null,
    node: null,
  };
  if (!terminating) return columns;
  const { workload } = ownershipOf(pod);
  return {
    ...columns,
    term: 1,
    workload: workload ? `${workload.kind}/${workload.name}` : null,
    node: pod.spec?.nodeName ?? null,
  };
}
