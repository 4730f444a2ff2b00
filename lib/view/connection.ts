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

/** The first watch the API refused, with the permission it needs (the server words it), or null. */
export function forbiddenWatch(watches: Readonly<Partial<Record<WatchStatus['resource'], WatchStatus>>>): string | null {
  for (const watch of Object.values(watches)) {
    if (watch && watch.state === 'disconnected' && /forbidden/i.test(watch.reason ?? '')) return watch.reason ?? null;
  }
  return null;
}

/**
 * Why a resource has not listed yet when the cause is not RBAC (the API server is unreachable, the credentials
 * were refused, a list timed out), or null. A watch that synced and later broke is a blind interval instead.
 */
export function unsyncedWatch(watches: Readonly<Partial<Record<WatchStatus['resource'], WatchStatus>>>): string | null {
  for (const watch of Object.values(watches)) {
    if (watch && watch.state === 'disconnected' && !watch.synced && watch.reason && !/forbidden/i.test(watch.reason)) return watch.reason;
  }
  return null;
}

/**
 * Resources drainscope is not receiving right now (a first list that failed, a watch broken until its relist, or a
 * watch that went silent past the hang bound and has not delivered since), in a fixed order, with why and since
 * when (the earliest last delivery among them; null when none has one, e.g. a first list that never succeeded).
 * The stream to the browser can be live while the cluster side is not: the badge says so.
 */
export function blindWatches(watches: Readonly<Partial<Record<WatchStatus['resource'], WatchStatus>>>): { resources: string[]; reason: string | null; since: number | null; hung: string[] } {
  const blind = (['pods', 'events', 'endpointslices'] as const).flatMap((resource) => {
    const watch = watches[resource];
    return watch && (watch.state === 'disconnected' || watch.hungSince !== undefined) ? [watch] : [];
  });
  const starts = blind.flatMap((watch) => [watch.state === 'disconnected' ? watch.since : undefined, watch.hungSince]).filter((at): at is number => at !== undefined);
  return {
    resources: blind.map((watch) => watch.resource),
    reason: blind.find((watch) => watch.reason)?.reason ?? null,
    since: starts.length > 0 ? Math.min(...starts) : null,
    hung: blind.filter((watch) => watch.hungSince !== undefined).map((watch) => watch.resource),
  };
}
