/**
 * Episodes of the stored data: live ones of one cluster detected from its indexed termination rows (lib/episodes),
 * and one per imported recording (whatever cluster its header names). Each carries its worst gap, from the
 * materialised timelines of the whole listed range. The review asks what one episode is about (describeEpisode).
 */
import { DEFAULT_QUIET_GAP_MS, detectEpisodes } from '@/lib/episodes/detect';
import { importEpisodeId, inCluster, locateEpisode } from '@/lib/episodes/ids';
import type { Episode, EpisodeSummary, TerminationSignal } from '@/lib/episodes/types';
import { withWorstGaps } from '@/lib/episodes/worst-gap';
import type { PodTimeline } from '@/lib/timeline/types';
import { parseLine } from '@/lib/recording/parse-line';
import { clusterIdOfSource, UNKNOWN_CLUSTER_NAME, type StoredCluster } from './clusters';
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

/** The caller (RecordingStore.episodes) has committed and materialised. */
export function listEpisodes(
  db: Db,
  range: { from: number; to: number },
  allowanceSeconds: number,
  cluster: StoredCluster,
): Episode[] {
  const name = cluster.id === 0 ? UNKNOWN_CLUSTER_NAME : cluster.name;
  const live = liveEpisodes(db, cluster.source, range).map((episode) => ({ ...episode, cluster: name }));
  const span =
    live.length > 0 ? { from: Math.min(...live.map((e) => e.from)), to: Math.max(...live.map((e) => e.to)) } : null;
  const pods = span
    ? podsOf(db, { source: cluster.source, ...span }, allowanceSeconds)
    : new Map<string, PodTimeline>();
  const imported = importedEpisodes(db, range, allowanceSeconds);
  return [...withWorstGaps(live, pods), ...imported].sort((a, b) => b.to - a.to || b.from - a.from);
}

/**
 * What the episode `id` (whose range `range` is, see history.ts rangeFromQuery) is about, for the review's header.
 * A live one is detected again around its range: far enough around that every signal its detection looked at is
 * seen again, so it comes out with the same id (or, listed while it went on, with the same subject over a range
 * that overlaps). Null when it does not (retention removed part of it). The caller has committed and materialised.
 */
export function describeEpisode(db: Db, id: string, range: StoredRange): EpisodeSummary | null {
  const location = locateEpisode(id);
  if (!location) return null;
  if (location.kind === 'import') {
    const name = db.prepare('SELECT name FROM sources WHERE id = ?').pluck().get(location.source) as string | undefined;
    return name === undefined
      ? null
      : { kind: 'imported', title: importedTitle(name), namespace: null, workload: null, node: null };
  }
  const margin = 2 * DEFAULT_QUIET_GAP_MS;
  const around = liveEpisodes(db, range.source, { from: range.from - margin, to: range.to + margin });
  // An episode listed while it went on has grown since: the same subject (the id's hash) over an overlapping range.
  const subject = id.slice(id.lastIndexOf('~'));
  const found =
    around.find((episode) => episode.id === id) ??
    around.find((episode) => episode.id.endsWith(subject) && episode.from <= range.to && episode.to >= range.from);
  return found
    ? { kind: found.kind, title: found.title, namespace: found.namespace, workload: found.workload, node: found.node }
    : null;
}

/** The live episodes of one source's terminations in the range, ids placed in its cluster, without worst gaps. */
function liveEpisodes(db: Db, source: number, range: { from: number; to: number }): Episode[] {
  const rows = db
    .prepare(
      'SELECT at, pod_uid, namespace, workload, node FROM lines WHERE source = ? AND term = 1 AND at BETWEEN ? AND ? ORDER BY at',
    )
    .all(source, range.from, range.to) as SignalRow[];
  if (rows.length === 0) return [];
  const causes = causesOf(db, source, { from: rows[0]?.at ?? range.from, to: rows[rows.length - 1]?.at ?? range.to });
  const signals: TerminationSignal[] = rows.map((row) => ({
    at: row.at,
    podUid: row.pod_uid,
    namespace: row.namespace,
    workload: row.workload,
    node: row.node,
    cause: causes.get(row.pod_uid) ?? null,
  }));
  const cluster = clusterIdOfSource(source);
  return detectEpisodes(signals).map((episode) => ({ ...episode, id: inCluster(episode.id, cluster) }));
}

/**
 * Why each pod seen in the range terminated, as its materialised timeline says (TerminationCause.reason): what
 * tells a drain's evictions from a rollout's own deletes. Read from the JSON column rather than a column of its
 * own, so stores written before need no migration.
 */
function causesOf(db: Db, source: number, range: { from: number; to: number }): Map<string, string> {
  const rows = db
    .prepare(
      "SELECT uid, json_extract(pod, '$.timeline.cause.reason') AS reason FROM timelines WHERE source = ? AND last_at >= ? AND first_at <= ?",
    )
    .all(source, range.from, range.to) as { uid: string; reason: unknown }[];
  return new Map(rows.flatMap((row) => (typeof row.reason === 'string' ? [[row.uid, row.reason] as const] : [])));
}

/** An imported recording is listed when it overlaps the range asked for, whole, as one episode. */
function importedEpisodes(db: Db, range: { from: number; to: number }, allowanceSeconds: number): Episode[] {
  const sources = db
    .prepare(
      'SELECT id, name, from_at, to_at, lines, header FROM sources WHERE from_at <= ? AND to_at >= ? ORDER BY id',
    )
    .all(range.to, range.from) as SourceRow[];
  return sources.map((source) => {
    const from = source.from_at ?? 0;
    const to = source.to_at ?? 0;
    const pods = podsOf(db, { source: source.id, from, to }, allowanceSeconds);
    const analysis = { pods: [...pods.values()] };
    const terminating = analysis.pods.filter((pod) =>
      pod.markers.some((marker) => marker.kind === 'deleteRequested' || marker.kind === 'podDeleted'),
    );
    const episode: Episode = {
      id: importEpisodeId(source.id),
      kind: 'imported',
      title: importedTitle(source.name),
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

function importedTitle(name: string): string {
  return `imported recording ${name}`;
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
