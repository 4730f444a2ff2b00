/**
 * Groups termination signals into episodes. Signals of one pod are dense while it terminates (every update of a
 * pod with a deletionTimestamp is one), so a quiet gap of `quietGapMs` with no signal ends an episode.
 *
 * 1. Drains, by evidence: `kubectl drain` cordons the node, then evicts every pod on it through the policy/v1
 *    Eviction API at once (one request per pod; one a PodDisruptionBudget refuses is tried again every 5 s), and
 *    the apiserver marks each evicted pod `DisruptionTarget=True, reason EvictionByEvictionAPI` before it deletes
 *    it (Kubernetes ≥ 1.26). Per node, the pods with that cause split by quiet gaps; a run of at least two pods is
 *    a drain, whatever workloads they belong to (the cluster autoscaler empties a node the same way). One evicted
 *    pod alone stays with its workload: a single eviction (an operator's, the descheduler's) cannot be told from
 *    the drain of a node that held one pod without watching Nodes, which drainscope does not.
 * 2. Drains, by shape (no eviction recorded: before 1.26, or `kubectl drain --disable-eviction`): per node, the
 *    remaining signals split by quiet gaps; a run is a drain when it holds pods of at least two workloads and at
 *    least `drainShare` of those workloads' terminating pods of that time are on this node (a rollout of several
 *    Deployments at once spreads over nodes; a drain empties one node of everything). A pod its controller
 *    deleted (`SuccessfulDelete`: a rollout or a scale-down) is never part of a drain, so a rollout that runs
 *    while a node drains keeps its own pods.
 * 3. The rest per workload (or per namespace for bare pods), split by quiet gaps: a rollout, or a burst of deletes.
 *
 * Replacement pods a drain makes the ReplicaSets create do not terminate, so they are in no episode's pods; they
 * are in its time range, which is what a review opens.
 */
import { liveEpisodeId } from './ids';
import type { Episode, EpisodeKind, TerminationSignal } from './types';

export interface DetectOptions {
  quietGapMs?: number;
  drainShare?: number;
}

export const DEFAULT_QUIET_GAP_MS = 60_000;

/** The DisruptionTarget reason the apiserver's eviction subresource sets (pkg/registry/core/pod/storage/eviction.go). */
const EVICTION_REASONS = new Set(['EvictionByEvictionAPI']);
/** A controller deleting its own pod: a rollout or a scale-down, never a drain. */
const CONTROLLER_DELETE = 'SuccessfulDelete';

export function detectEpisodes(signals: readonly TerminationSignal[], options: DetectOptions = {}): Episode[] {
  const quietGapMs = options.quietGapMs ?? DEFAULT_QUIET_GAP_MS;
  const sorted = [...signals].sort((a, b) => a.at - b.at);
  const evicted = evictionDrains(sorted, quietGapMs);
  const afterEvictions = without(sorted, evicted);
  const shaped = shapedDrains(
    afterEvictions.filter((signal) => signal.cause !== CONTROLLER_DELETE),
    quietGapMs,
    options.drainShare ?? 0.8,
  );
  const drains = [...evicted, ...shaped];
  const rest = without(afterEvictions, shaped);
  const byWorkload = groupBy(rest, (signal) => `${signal.namespace ?? ''}\u0000${signal.workload ?? ''}`);
  const others = [...byWorkload.values()].flatMap((group) =>
    splitByQuiet(group, quietGapMs).map((cluster) => workloadEpisode(cluster)),
  );
  return [...drains, ...others].sort((a, b) => b.to - a.to || b.from - a.from);
}

function evictionDrains(sorted: TerminationSignal[], quietGapMs: number): Episode[] {
  const byNode = groupBy(
    sorted.filter((signal) => signal.node !== null && EVICTION_REASONS.has(signal.cause ?? '')),
    (signal) => signal.node ?? '',
  );
  const drains: Episode[] = [];
  for (const [node, group] of byNode) {
    for (const cluster of splitByQuiet(group, quietGapMs)) {
      if (new Set(cluster.map((signal) => signal.podUid)).size >= 2) drains.push(drainEpisode(node, cluster));
    }
  }
  return drains;
}

function without(signals: TerminationSignal[], episodes: readonly Episode[]): TerminationSignal[] {
  const taken = new Set(episodes.flatMap((episode) => episode.podUids));
  return signals.filter((signal) => !taken.has(signal.podUid));
}

function shapedDrains(sorted: TerminationSignal[], quietGapMs: number, share: number): Episode[] {
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
      const near = (signal: TerminationSignal): boolean =>
        signal.at >= from - quietGapMs && signal.at <= to + quietGapMs;
      const everywhere = new Set(
        sorted.filter((signal) => near(signal) && workloads.has(workloadKey(signal))).map((signal) => signal.podUid),
      );
      if (here.size / everywhere.size < share) continue;
      drains.push(drainEpisode(node, cluster));
    }
  }
  return drains;
}

/** Titled `node worker-2 · 3 workloads` (`+ 1 bare pod`); its id hashes `drain node worker-2` as it always did. */
function drainEpisode(node: string, cluster: TerminationSignal[]): Episode {
  const made = episode({ kind: 'drain', key: `node ${node}`, cluster, namespace: null, workload: null, node });
  const workloads = new Set(cluster.filter((signal) => signal.workload !== null).map(workloadKey)).size;
  const bare = new Set(cluster.filter((signal) => signal.workload === null).map((signal) => signal.podUid)).size;
  const parts = [
    workloads > 0 ? plural(workloads, 'workload') : null,
    bare > 0 ? plural(bare, 'bare pod') : null,
  ].filter((part) => part !== null);
  return { ...made, title: `${made.title} · ${parts.join(' + ')}` };
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

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
  return {
    id: liveEpisodeId(from, to, `${kind} ${key}`),
    kind,
    title: key,
    namespace,
    workload,
    node,
    from,
    to,
    podCount: podUids.length,
    podUids,
    worstGap: null,
  };
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
