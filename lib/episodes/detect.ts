/**
 * Groups termination signals into episodes. Signals of one pod are dense while it terminates (every update of a
 * pod with a deletionTimestamp is one), so a quiet gap of `quietGapMs` with no signal ends an episode.
 *
 * 1. Drains first: per node, signals split by quiet gaps; a cluster is a drain when it holds pods of at least two
 *    workloads and at least `drainShare` of those workloads' terminating pods of that time are on this node (a
 *    rollout of several Deployments at once spreads over nodes; a drain empties one node of everything).
 * 2. The rest per workload (or per namespace for bare pods), split by quiet gaps: a rollout, or a burst of deletes.
 */
import { liveEpisodeId } from './ids';
import type { Episode, EpisodeKind, TerminationSignal } from './types';

export interface DetectOptions {
  quietGapMs?: number;
  drainShare?: number;
}

export const DEFAULT_QUIET_GAP_MS = 60_000;

export function detectEpisodes(signals: readonly TerminationSignal[], options: DetectOptions = {}): Episode[] {
  const quietGapMs = options.quietGapMs ?? DEFAULT_QUIET_GAP_MS;
  const sorted = [...signals].sort((a, b) => a.at - b.at);
  const drains = detectDrains(sorted, quietGapMs, options.drainShare ?? 0.8);
  const inDrain = new Set(drains.flatMap((episode) => episode.podUids));
  const rest = sorted.filter((signal) => !inDrain.has(signal.podUid));
  const byWorkload = groupBy(rest, (signal) => `${signal.namespace ?? ''}\u0000${signal.workload ?? ''}`);
  const others = [...byWorkload.values()].flatMap((group) => splitByQuiet(group, quietGapMs).map((cluster) => workloadEpisode(cluster)));
  return [...drains, ...others].sort((a, b) => b.to - a.to || b.from - a.from);
}

function detectDrains(sorted: TerminationSignal[], quietGapMs: number, share: number): Episode[] {
  const byNode = groupBy(
    sorted.filter((signal) => signal.node !== null),
    (signal) => signal.node ?? '',
  );
  const drains: Episode[] = [];
  for (const [node, group] of byNode) {
    for (const cluster of splitByQuiet(group, quietGapMs)) {
      const workloads = new Set(cluster.map(workloadKey));
      if (workloads.size < 2) continue;
      const from = firstAt(cluster);
      const to = lastAt(cluster);
      const here = new Set(cluster.map((signal) => signal.podUid));
      // Widened by the quiet gap: a rollout's pods on other nodes need not terminate in exactly the same seconds.
      const near = (signal: TerminationSignal): boolean => signal.at >= from - quietGapMs && signal.at <= to + quietGapMs;
      const everywhere = new Set(sorted.filter((signal) => near(signal) && workloads.has(workloadKey(signal))).map((signal) => signal.podUid));
      if (here.size / everywhere.size < share) continue;
      drains.push(episode({ kind: 'drain', key: `node ${node}`, cluster, namespace: null, workload: null, node }));
    }
  }
  return drains;
}

function workloadEpisode(cluster: TerminationSignal[]): Episode {
  const first = cluster[0] as TerminationSignal;
  const kind: EpisodeKind = first.workload === null ? 'deletes' : 'rollout';
  const nodes = new Set(cluster.map((signal) => signal.node));
  const node = nodes.size === 1 ? first.node : null;
  const key = `${first.namespace ?? ''} ${first.workload ?? 'bare pods'}`.trim();
  return episode({ kind, key, cluster, namespace: first.namespace, workload: first.workload, node });
}

interface EpisodeParts {
  kind: EpisodeKind;
  key: string;
  cluster: TerminationSignal[];
  namespace: string | null;
  workload: string | null;
  node: string | null;
}

function episode(parts: EpisodeParts): Episode {
  const { kind, key, cluster, namespace, workload, node } = parts;
  const from = firstAt(cluster);
  const to = lastAt(cluster);
  const podUids = [...new Set(cluster.map((signal) => signal.podUid))];
  return { id: liveEpisodeId(from, to, `${kind} ${key}`), kind, title: key, namespace, workload, node, from, to, podCount: podUids.length, podUids, worstGap: null };
}

function workloadKey(signal: TerminationSignal): string {
  return signal.workload === null ? `bare\u0000${signal.podUid}` : `${signal.namespace ?? ''}\u0000${signal.workload}`;
}

/** `sorted` in time order → runs separated by more than `quietGapMs` without a signal. */
export function splitByQuiet(sorted: readonly TerminationSignal[], quietGapMs: number): TerminationSignal[][] {
  const clusters: TerminationSignal[][] = [];
  let current: TerminationSignal[] = [];
  for (const signal of sorted) {
    const last = current[current.length - 1];
    if (last && signal.at - last.at > quietGapMs) {
      clusters.push(current);
      current = [];
    }
    current.push(signal);
  }
  if (current.length > 0) clusters.push(current);
  return clusters;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

const firstAt = (cluster: TerminationSignal[]): number => (cluster[0] as TerminationSignal).at;
const lastAt = (cluster: TerminationSignal[]): number => (cluster[cluster.length - 1] as TerminationSignal).at;
