/**
 * What a review opens, as the history APIs take it: an episode (`?episode=ID`, which also covers an imported
 * recording, `import~N`) or a range of one cluster's live recording (`?from&to`, ISO-8601 or epoch ms, and
 * `?cluster=ID`, lib/query-cluster.ts; without it the cluster watched now). The same query opens the review
 * page, the replayed recording (`/api/export`) and the downloads.
 */
import { locateEpisode } from '../episodes/ids';
import { parseQueryCluster } from '../query-cluster';
import { parseQueryTime } from '../query-time';
import { toIso } from '../time';

export type ReviewTarget =
  | { kind: 'episode'; id: string }
  | { kind: 'range'; from: number; to: number; cluster?: number };

export function reviewTargetOf(params: URLSearchParams): ReviewTarget | { error: string } {
  const episode = params.get('episode');
  if (episode !== null) {
    return locateEpisode(episode)
      ? { kind: 'episode', id: episode }
      : { error: `"${episode}" is not an episode id: open one from the history list` };
  }
  const fromText = params.get('from');
  const toText = params.get('to');
  if (fromText === null || toText === null)
    return {
      error:
        'nothing to review: open an episode from the history list, or give a range as ?from=…&to=… (ISO-8601, UTC)',
    };
  // The same reader as the history APIs (lib/query-time.ts): the page refuses exactly what they would.
  const from = parseQueryTime(fromText);
  if (!from.ok) return { error: `?from= ${from.problem}` };
  const to = parseQueryTime(toText);
  if (!to.ok) return { error: `?to= ${to.problem}` };
  if (to.ms < from.ms) return { error: 'the range ends before it starts: `to` is before `from`' };
  const clusterText = params.get('cluster');
  if (clusterText === null) return { kind: 'range', from: from.ms, to: to.ms };
  const cluster = parseQueryCluster(clusterText);
  if (!cluster.ok) return { error: `?cluster= ${cluster.problem}` };
  return { kind: 'range', from: from.ms, to: to.ms, cluster: cluster.id };
}

export function targetQuery(target: ReviewTarget): string {
  const params =
    target.kind === 'episode'
      ? new URLSearchParams({ episode: target.id })
      : new URLSearchParams({ from: toIso(target.from), to: toIso(target.to) });
  if (target.kind === 'range' && target.cluster !== undefined) params.set('cluster', String(target.cluster));
  return params.toString();
}

export function reviewHref(target: ReviewTarget): string {
  return `/review?${targetQuery(target)}`;
}

/** The history page with its range picker set to this range, to choose another. */
export function pickRangeHref(range: { from: number; to: number; cluster?: number }): string {
  return `/history?${targetQuery({ kind: 'range', ...range })}`;
}

export interface ReviewApi {
  /** How many stored lines the target holds: asked before downloading them (./review-size.ts). */
  size: string;
  /** The analysis of the whole target and the range it resolved to. */
  timelines: string;
  /** The recording of the target (.ndjson.gz): what the review replays, and the first download. */
  recording: string;
  csv: string;
  json: string;
  /** The same analysis as a Chrome trace, for Perfetto UI and chrome://tracing. */
  trace: string;
}

export function reviewApi(target: ReviewTarget): ReviewApi {
  const query = targetQuery(target);
  return {
    size: `/api/history/size?${query}`,
    timelines: `/api/history/timelines?${query}`,
    recording: `/api/export?${query}`,
    csv: `/api/export/timelines.csv?${query}`,
    json: `/api/export/timelines.json?${query}`,
    trace: `/api/export/timelines.trace.json?${query}`,
  };
}
