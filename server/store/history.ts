/**
 * Reviewing the past: the materialised timelines of the pods seen in a stored range (see store.ts), with the
 * findings the engine derives from them; an imported recording is its whole range. Each pod's timeline is the
 * one replaying its whole source gives, not one cut at the range's edges. The replay of the range itself (with
 * each object's state at the range's start, see RecordingStore.prologue) remains for an allowance other than
 * the one the timelines were derived with.
 */
import { locateEpisode } from '@/lib/episodes/ids';
import { parseQueryCluster } from '@/lib/query-cluster';
import { isQueryTimeInRange, parseQueryTime } from '@/lib/query-time';
import { parseLine } from '@/lib/recording/parse-line';
import type { RecordingEntry } from '@/lib/recording/types';
import { applyEntry, buildAnalysis, createTimelineState } from '@/lib/timeline/engine';
import type { Analysis } from '@/lib/timeline/types';
import { clusterById, clusterIdOfSource, type StoredCluster } from './clusters';
import { LIVE_SOURCE } from './schema';
import type { RecordingStore, StoredLine } from './store';
import { analysisOfPods, podsInWindow, slicesSeenBy } from './timeline-rows';
import { workloadsInWindow } from './workload-specs';

/** Which stored lines: a range of one source. An imported recording is its whole range. */
export interface StoredRange {
  source: number;
  from: number;
  to: number;
}

export class RangeError400 extends Error {}

/**
 * A replay runs on the server's event loop: about 15 µs a line (npm run bench:store), so half a million lines is
 * already seconds during which the live stream waits. Bigger ranges are refused; narrow them. Reading the
 * materialised timelines has no such limit: its cost follows the pods, not the lines.
 */
export const MAX_REPLAY_LINES = 500_000;

export class RangeTooLargeError extends Error {}

export function countRange(store: RecordingStore, range: StoredRange): number {
  store.commit();
  const row = store.db.prepare('SELECT count(*) AS n FROM lines WHERE source = ? AND at BETWEEN ? AND ?').get(range.source, range.from, range.to) as { n: number };
  return row.n;
}

/**
 * `?episode=ID`, or `?from&to` (ISO-8601 or epoch ms, see lib/query-time.ts) over one cluster's live recording:
 * `?cluster=` (lib/query-cluster.ts), else the cluster watched now. A live episode id names its own cluster.
 */
export function rangeFromQuery(store: RecordingStore, params: URLSearchParams): StoredRange {
  const episode = params.get('episode');
  if (episode !== null) {
    const location = locateEpisode(episode);
    if (!location) throw new RangeError400(`?episode= "${episode.slice(0, 80)}" is not an episode id (see GET /api/episodes)`);
    if (location.kind === 'live') {
      // The id carries its range: one edited by hand must pass the same bounds as ?from&to.
      if (!isQueryTimeInRange(location.from) || !isQueryTimeInRange(location.to) || location.to < location.from) {
        throw new RangeError400(`?episode= "${episode.slice(0, 80)}" names a range drainscope never gives an episode (see GET /api/episodes)`);
      }
      const cluster = clusterById(store.db, location.cluster ?? 0);
      if (!cluster) throw new RangeError400(`?episode= "${episode.slice(0, 80)}" names cluster ${location.cluster ?? 0}, which this store does not hold (see GET /api/episodes)`);
      return { source: cluster.source, from: location.from, to: location.to };
    }
    const span = store.db.prepare('SELECT from_at, to_at FROM sources WHERE id = ?').get(location.source) as { from_at: number | null; to_at: number | null } | undefined;
    if (!span) throw new RangeError400(`no imported recording ${location.source}: it was removed, or never finished importing`);
    return { source: location.source, from: span.from_at ?? 0, to: span.to_at ?? 0 };
  }
  return { ...timeRangeParams(params, { required: true }), source: clusterParam(store, params).source };
}

/** `?cluster=ID`: that stored cluster; absent, the one watched now (the unknown cluster when none is). */
export function clusterParam(store: RecordingStore, params: URLSearchParams): StoredCluster {
  const values = params.getAll('cluster');
  if (values.length > 1) throw new RangeError400(`?cluster= is given ${values.length} times: give it once`);
  const id = values.length === 0 ? clusterIdOfSource(store.liveSource) : (() => {
    const read = parseQueryCluster(values[0] as string);
    if (!read.ok) throw new RangeError400(`?cluster= ${read.problem}`);
    return read.id;
  })();
  const cluster = clusterById(store.db, id);
  if (!cluster) throw new RangeError400(`?cluster= ${id}: this store holds no such cluster (GET /api/episodes lists them)`);
  return cluster;
}

/**
 * `?from&to`, both through the one time reader. Required: both must be given (a range to review or export).
 * Optional (a filter): a missing end is open.
 */
export function timeRangeParams(params: URLSearchParams, options: { required: true }): StoredRange;
export function timeRangeParams(params: URLSearchParams, options: { required: false }): { from: number | null; to: number | null };
export function timeRangeParams(params: URLSearchParams, options: { required: boolean }): StoredRange | { from: number | null; to: number | null } {
  const from = timeParam(params, 'from');
  const to = timeParam(params, 'to');
  if (from !== null && to !== null && to < from) throw new RangeError400('`to` is before `from`');
  if (!options.required) return { from, to };
  if (from === null || to === null) throw new RangeError400(`give a range as ?from=…&to=… (ISO-8601 like 2026-11-24T04:25:00Z, or epoch ms), or ?episode=ID; ?${from === null ? 'from' : 'to'}= is missing`);
  return { source: LIVE_SOURCE, from, to };
}

/** One time parameter; null when absent. Given but empty, unreadable or out of range is a 400 naming it. */
export function timeParam(params: URLSearchParams, name: string): number | null {
  const values = params.getAll(name);
  if (values.length === 0) return null;
  if (values.length > 1) throw new RangeError400(`?${name}= is given ${values.length} times: give it once`);
  const read = parseQueryTime(values[0] as string);
  if (!read.ok) throw new RangeError400(`?${name}= ${read.problem}`);
  return read.ms;
}

/** The lines to replay for a range, in order: the prologue, then the range. */
export function* rangeLines(store: RecordingStore, range: StoredRange): Generator<StoredLine> {
  yield* store.prologue(range.from, range.to, range.source);
  yield* store.range(range.from, range.to, range.source);
}

/** Stored lines passed the writer's checks (or the import's); one that no longer parses is skipped, not fatal. */
export function* entriesOf(lines: Iterable<StoredLine>): Generator<RecordingEntry> {
  for (const { id, line } of lines) {
    try {
      const parsed = parseLine(line, id);
      if (parsed.kind === 'observation' || parsed.kind === 'watch-state') yield parsed.entry;
    } catch {
      continue;
    }
  }
}

export function analyzeRange(store: RecordingStore, range: StoredRange, allowanceSeconds: number, maxLines = MAX_REPLAY_LINES): Analysis {
  return allowanceSeconds === store.allowanceSeconds ? openWindow(store, range) : replayRange(store, range, allowanceSeconds, maxLines);
}

/** The materialised timelines of the pods seen in the range (first to last observation overlapping it). */
export function openWindow(store: RecordingStore, range: StoredRange): Analysis {
  store.materialise();
  const analysis = analysisOfPods(podsInWindow(store.db, range), store.allowanceSeconds, slicesSeenBy(store.db, range.source, range.to));
  const workloads = workloadsInWindow(store, range);
  if (workloads.length > 0) analysis.workloads = workloads;
  return analysis;
}

/** Today's timelines of the range's own lines: the engine over the prologue and the range. */
export function replayRange(store: RecordingStore, range: StoredRange, allowanceSeconds: number, maxLines = MAX_REPLAY_LINES): Analysis {
  const lines = countRange(store, range);
  if (lines > maxLines) {
    throw new RangeTooLargeError(`the range holds ${lines.toLocaleString('en')} lines, more than the ${maxLines.toLocaleString('en')} a review replays at once: narrow it (or open one episode)`);
  }
  let state = createTimelineState({ allowanceSeconds });
  for (const entry of entriesOf(rangeLines(store, range))) state = applyEntry(state, entry);
  return buildAnalysis(state);
}
