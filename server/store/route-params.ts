/**
 * The history routes' query parameters (./routes.ts): `?episode=`, `?from&to`, `?cluster=`, each read through the
 * project's one reader (lib/query-time.ts, lib/query-cluster.ts) and turned into a stored range. What cannot be
 * read is a BadQueryError, which the routes answer with 400 naming the parameter. This is the HTTP edge: the store
 * itself (./store.ts) takes ranges and cluster ids, never URLs.
 */
import { locateEpisode } from '@/lib/episodes/ids';
import { parseQueryCluster } from '@/lib/query-cluster';
import { isQueryTimeInRange, parseQueryTime } from '@/lib/query-time';
import type { StoredCluster } from './clusters';
import type { StoredRange } from './lines';
import { LIVE_SOURCE } from './schema';
import type { RecordingStore } from './store';

/** A query parameter that cannot be read or names nothing the store holds: answered with 400. */
export class BadQueryError extends Error {}

/**
 * `?episode=ID`, or `?from&to` (ISO-8601 or epoch ms, see lib/query-time.ts) over one cluster's live recording:
 * `?cluster=` (lib/query-cluster.ts), else the cluster watched now. A live episode id names its own cluster.
 */
export function rangeFromQuery(store: RecordingStore, params: URLSearchParams): StoredRange {
  const episode = params.get('episode');
  if (episode !== null) {
    const location = locateEpisode(episode);
    if (!location)
      throw new BadQueryError(`?episode= "${episode.slice(0, 80)}" is not an episode id (see GET /api/episodes)`);
    if (location.kind === 'live') {
      // The id carries its range: one edited by hand must pass the same bounds as ?from&to.
      if (!isQueryTimeInRange(location.from) || !isQueryTimeInRange(location.to) || location.to < location.from) {
        throw new BadQueryError(
          `?episode= "${episode.slice(0, 80)}" names a range drainscope never gives an episode (see GET /api/episodes)`,
        );
      }
      const cluster = store.cluster(location.cluster ?? 0);
      if (!cluster)
        throw new BadQueryError(
          `?episode= "${episode.slice(0, 80)}" names cluster ${location.cluster ?? 0}, which this store does not hold (see GET /api/episodes)`,
        );
      return { source: cluster.source, from: location.from, to: location.to };
    }
    const imported = store.importedRange(location.source);
    if (!imported)
      throw new BadQueryError(`no imported recording ${location.source}: it was removed, or never finished importing`);
    return imported;
  }
  return { ...timeRangeParams(params, { required: true }), source: clusterParam(store, params).source };
}

/** `?cluster=ID`: that stored cluster; absent, the one watched now (the unknown cluster when none is). */
export function clusterParam(store: RecordingStore, params: URLSearchParams): StoredCluster {
  const values = params.getAll('cluster');
  if (values.length > 1) throw new BadQueryError(`?cluster= is given ${values.length} times: give it once`);
  const id =
    values.length === 0
      ? store.currentCluster().id
      : (() => {
          const read = parseQueryCluster(values[0] as string);
          if (!read.ok) throw new BadQueryError(`?cluster= ${read.problem}`);
          return read.id;
        })();
  const cluster = store.cluster(id);
  if (!cluster)
    throw new BadQueryError(`?cluster= ${id}: this store holds no such cluster (GET /api/episodes lists them)`);
  return cluster;
}

/**
 * `?from&to`, both through the one time reader. Required: both must be given (a range to review or export).
 * Optional (a filter): a missing end is open.
 */
export function timeRangeParams(params: URLSearchParams, options: { required: true }): StoredRange;
export function timeRangeParams(
  params: URLSearchParams,
  options: { required: false },
): { from: number | null; to: number | null };
export function timeRangeParams(
  params: URLSearchParams,
  options: { required: boolean },
): StoredRange | { from: number | null; to: number | null } {
  const from = timeParam(params, 'from');
  const to = timeParam(params, 'to');
  if (from !== null && to !== null && to < from) throw new BadQueryError('`to` is before `from`');
  if (!options.required) return { from, to };
  if (from === null || to === null)
    throw new BadQueryError(
      `give a range as ?from=…&to=… (ISO-8601 like 2026-11-24T04:25:00Z, or epoch ms), or ?episode=ID; ?${from === null ? 'from' : 'to'}= is missing`,
    );
  return { source: LIVE_SOURCE, from, to };
}

/** One time parameter; null when absent. Given but empty, unreadable or out of range is a 400 naming it. */
export function timeParam(params: URLSearchParams, name: string): number | null {
  const values = params.getAll(name);
  if (values.length === 0) return null;
  if (values.length > 1) throw new BadQueryError(`?${name}= is given ${values.length} times: give it once`);
  const read = parseQueryTime(values[0] as string);
  if (!read.ok) throw new BadQueryError(`?${name}= ${read.problem}`);
  return read.ms;
}
