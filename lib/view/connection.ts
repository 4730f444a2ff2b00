/** The connection badge's state, from the transport's health and the stream's own messages. */
import type { WatchStatus } from '../live/protocol';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'stale' | 'unreachable';

/** After this long without a connection, what is on screen is called stale rather than "reconnecting". */
export const STALE_AFTER_MS = 10_000;

export interface ConnectionInputs {
  nowMs: number;
  everOpened: boolean;
  downSince: number | null;
  failures: number;
  /** The store saw a snapshot and no later disconnect. */
  streaming: boolean;
}

export function connectionStatus(inputs: ConnectionInputs): ConnectionStatus {
  if (!inputs.everOpened && inputs.failures > 0) return 'unreachable';
  if (inputs.downSince !== null) return inputs.nowMs - inputs.downSince >= STALE_AFTER_MS ? 'stale' : 'reconnecting';
  return inputs.streaming ? 'live' : 'connecting';
}

type Watches = Readonly<Partial<Record<WatchStatus['resource'], WatchStatus>>>;

/** The watches the pods' timelines come from; Deployments are optional (only the workload specs need them). */
function requiredWatches(watches: Watches): WatchStatus[] {
  return (['pods', 'events', 'endpointslices'] as const).flatMap((resource) =>
    watches[resource] ? [watches[resource]] : [],
  );
}

/** The first watch the API refused, with the permission it needs (the server words it), or null. */
export function forbiddenWatch(watches: Watches): string | null {
  for (const watch of requiredWatches(watches)) {
    if (watch.state === 'disconnected' && /forbidden/i.test(watch.reason ?? '')) return watch.reason ?? null;
  }
  return null;
}

/**
 * Why a resource has not listed yet when the cause is not RBAC (the API server is unreachable, the credentials
 * were refused, a list timed out), or null. A watch that synced and later broke is a blind interval instead.
 */
export function unsyncedWatch(watches: Watches): string | null {
  for (const watch of requiredWatches(watches)) {
    if (watch.state === 'disconnected' && !watch.synced && watch.reason && !/forbidden/i.test(watch.reason))
      return watch.reason;
  }
  return null;
}

/**
 * Why there are no workload specs (the capacity lane's threshold) when the Deployments watch has not listed (RBAC
 * forbids it, most often), or null. Nothing else is missing then: it is a note for the lane, not a blind window.
 */
export function workloadSpecsUnavailable(watches: Watches): string | null {
  const watch = watches.deployments;
  return watch && watch.state === 'disconnected' && !watch.synced
    ? (watch.reason ?? 'Deployments are not listed')
    : null;
}

/**
 * Resources drainscope is not receiving right now (a first list that failed, a watch broken until its relist, or a
 * watch that went silent past the hang bound and has not delivered since), in a fixed order, with why and since
 * when (the earliest last delivery among them; null when none has one, e.g. a first list that never succeeded).
 * The stream to the browser can be live while the cluster side is not: the badge says so.
 */
export function blindWatches(watches: Readonly<Partial<Record<WatchStatus['resource'], WatchStatus>>>): {
  resources: string[];
  reason: string | null;
  since: number | null;
  hung: string[];
} {
  const blind = (['pods', 'events', 'endpointslices'] as const).flatMap((resource) => {
    const watch = watches[resource];
    return watch && (watch.state === 'disconnected' || watch.hungSince !== undefined) ? [watch] : [];
  });
  const starts = blind
    .flatMap((watch) => [watch.state === 'disconnected' ? watch.since : undefined, watch.hungSince])
    .filter((at): at is number => at !== undefined);
  return {
    resources: blind.map((watch) => watch.resource),
    reason: blind.find((watch) => watch.reason)?.reason ?? null,
    since: starts.length > 0 ? Math.min(...starts) : null,
    hung: blind.filter((watch) => watch.hungSince !== undefined).map((watch) => watch.resource),
  };
}
