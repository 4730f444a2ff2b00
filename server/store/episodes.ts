/**
 * Episodes of the stored data: live ones of one cluster detected from its indexed termination rows (lib/episodes),
 * and one per imported recording (whatever cluster its header names). Each carries its worst gap, from the
 * materialised timelines of the whole listed range.
 */
import { detectEpisodes } from '@/lib/episodes/detect';
import { importEpisodeId, inCluster } from '@/lib/episodes/ids';
import type { Episode, TerminationSignal } from '@/lib/episodes/types';
import { withWorstGaps } from '@/lib/episodes/worst-gap';
import type { PodTimeline } from '@/lib/timeline/types';
import { parseLine } from '@/lib/recording/parse-line';
import { UNKNOWN_CLUSTER_NAME, type StoredCluster } from './clusters';
import { openWindow } from './history';
import type { StoredRange } from './lines';
import type { Db } from './schema';

interface SignalRow {
  at: number;
  pod_uid: string;
  namespace: string | null;
  workload: string | null;
  node: string | null;
}

interface SourceRow {
  id: number;
  name: string;
  from_at: number | null;
  to_at: number | null;
  lines: number;
  header: string;
}

export function listEpisodes(db: Db, range: { from: number; to: number }, allowanceSeconds: number, cluster: StoredCluster): Episode[] {
  const rows = db
    .prepare('SELECT at, pod_uid, namespace, workload, node FROM lines WHERE source = ? AND term = 1 AND at BETWEEN ? AND ? ORDER BY at')
    .all(cluster.source, range.from, range.to) as SignalRow[];
  const signals: TerminationSignal[] = rows.map((row) => ({ at: row.at, podUid: row.pod_uid, namespace: row.namespace, workload: row.workload, node: row.node }));
  const name = cluster.id === 0 ? UNKNOWN_CLUSTER_NAME : cluster.name;
  const live = detectEpisodes(signals).map((episode) => ({ ...episode, id: inCluster(episode.id, cluster.id), cluster: name }));
  const span = live.length > 0 ? { from: Math.min(...live.map((e) => e.from)), to: Math.max(...live.map((e) => e.to)) } : null;
  const pods = span ? podsOf(db, { source: cluster.source, ...span }, allowanceSeconds) : new Map<string, PodTimeline>();
  const imported = importedEpisodes(db, range, allowanceSeconds);
  return [...withWorstGaps(live, pods), ...imported].sort((a, b) => b.to - a.to || b.from - a.from);
}

/** An imported recording is listed when it overlaps the range asked for, whole, as one episode. */
function importedEpisodes(db: Db, range: { from: number; to: number }, allowanceSeconds: number): Episode[] {
  const sources = db.prepare('SELECT id, name, from_at, to_at, lines, header FROM sources WHERE from_at <= ? AND to_at >= ? ORDER BY id').all(range.to, range.from) as SourceRow[];
  return sources.map((source) => {
    const from = source.from_at ?? 0;
    const to = source.to_at ?? 0;
    const pods = podsOf(db, { source: source.id, from, to }, allowanceSeconds);
    const analysis = { pods: [...pods.values()] };
    const terminating = analysis.pods.filter((pod) => pod.markers.some((marker) => marker.kind === 'deleteRequested' || marker.kind === 'podDeleted'));
    const episode: Episode = {
      id: importEpisodeId(source.id),
      kind: 'imported',
      title: `imported recording ${source.name}`,
      namespace: null,
      workload: null,
      node: null,
      from,
      to,
      podCount: terminating.length,
      podUids: terminating.map((pod) => pod.uid),
      worstGap: null,
      cluster: headerCluster(source.header),
    };
    return withWorstGaps([episode], pods)[0] as Episode;
  });
}

/** The cluster the imported recording's header names, as it names it. */
function headerCluster(header: string): string | null {
  try {
    const parsed = parseLine(header, 1);
    return parsed.kind === 'header' ? parsed.header.cluster : null;
  } catch {
    return null;
  }
}

/** The range's materialised timelines (derived with the store's allowance, which `allowanceSeconds` is). */
function podsOf(db: Db, range: StoredRange, allowanceSeconds: number): Map<string, PodTimeline> {
  return podsById(openWindow(db, range, allowanceSeconds).pods);
}

function podsById(pods: readonly PodTimeline[]): Map<string, PodTimeline> {
  return new Map(pods.map((pod) => [pod.uid, pod]));
}
