/**
 * The store inside the live pipeline. At start it replays the stored lines of the last `replayMs` into the hub
 * (with each object's state at the window's start), so pods still terminating when the server restarted keep
 * their timelines, then marks every watch disconnected at the last stored line: the time drainscope was not
 * running shows as "watch blind" until the watches relist. It hands back the objects known at the end of those
 * lines (`resumed`): the watches start from them, so their first list ends what was deleted meanwhile (client-go's
 * Replace: a known object missing from the list gets a DELETED with its last known state) and writes `relisted`.
 * After that every line the watches deliver is appended. Retention runs at start and every `retentionIntervalMs`.
 */
import type { RecordingEntry, WatchResource } from '@/lib/recording/types';
import { formatWatchStateLine } from '@/lib/recording/writer';
import type { ApiJson } from '../kube/api-json';
import type { RetentionPolicy } from './retention';
import type { LiveTimelines, RecordingStore } from './store';

/** The live reducer (the hub): what it derives becomes the stored rows, and it resumes from the stored lines. */
export interface LiveReducer extends LiveTimelines {
  ingest(entry: RecordingEntry, line: string): void;
}

export interface LiveRecorderOptions {
  now: () => number;
  replayMs: number;
  policy: RetentionPolicy;
  retentionIntervalMs?: number;
  /** Close the store on stop (the runtime opened it). */
  owned: boolean;
  log?: (message: string) => void;
}

export interface LiveRecorder {
  readonly store: RecordingStore;
  /**
   * Set when stored lines were resumed: every resource is blind since `since` (its `disconnected` line is written),
   * and `objects` holds, per resource, the last stored state of each object not deleted by the end of the lines.
   */
  readonly resumed: { since: number; objects: Record<WatchResource, ApiJson[]> } | null;
  /** Stores one live line; the reducer must have ingested it first (RecordingStore.followLive). */
  append(entry: RecordingEntry, line: string): void;
  stop(): void;
}

const RESOURCES: readonly WatchResource[] = ['pods', 'events', 'endpointslices', 'deployments'];
const RESOURCE_OF_KIND: Readonly<Record<string, WatchResource>> = {
  Pod: 'pods',
  Event: 'events',
  EndpointSlice: 'endpointslices',
  Deployment: 'deployments',
};

/**
 * Per resource and namespace/name, the last stored line of each object, dropped on DELETED: what drainscope knew
 * when it stopped. Lines are kept as text and parsed once at the end, for the objects still known.
 */
export class KnownAtEnd {
  private readonly last = new Map<string, string>();

  note(entry: RecordingEntry, line: string): void {
    if (entry.type === 'WATCH') return;
    const resource = RESOURCE_OF_KIND[entry.object.kind];
    // events.k8s.io/v1 Events are not watched live (a second view of core/v1 Events): nothing to diff them against.
    if (!resource || (resource === 'events' && entry.object.apiVersion !== 'v1')) return;
    const key = `${resource}\u0000${entry.object.metadata.namespace ?? ''}/${entry.object.metadata.name}`;
    if (entry.type === 'DELETED') this.last.delete(key);
    else this.last.set(key, line);
  }

  objects(): Record<WatchResource, ApiJson[]> {
    const objects: Record<WatchResource, ApiJson[]> = { pods: [], events: [], endpointslices: [], deployments: [] };
    for (const [key, line] of this.last) {
      const resource = key.slice(0, key.indexOf('\u0000')) as WatchResource;
      const object = (JSON.parse(line) as { object?: unknown }).object;
      if (typeof object === 'object' && object !== null && !Array.isArray(object))
        objects[resource].push(object as ApiJson);
    }
    return objects;
  }
}

export function attachStore(store: RecordingStore, reducer: LiveReducer, options: LiveRecorderOptions): LiveRecorder {
  const now = options.now();
  runRetention(store, options);
  const ingest = (entry: RecordingEntry, line: string): void => reducer.ingest(entry, line);
  const unfollow = store.followLive(reducer);
  let last = 0;
  let replayed = 0;
  const known = new KnownAtEnd();
  store.resumeLive({ from: now - options.replayMs, to: now }, (entry, line) => {
    ingest(entry, line);
    known.note(entry, line);
    last = Math.max(last, entry.at);
    replayed += 1;
  });
  let resumed: LiveRecorder['resumed'] = null;
  if (replayed > 0) {
    for (const resource of RESOURCES) {
      const reason = 'drainscope was not running';
      // Known up to the last stored line (drainscope may have stopped later; the window is then only wider).
      const entry: RecordingEntry = { at: last, type: 'WATCH', resource, state: 'disconnected', reason, since: last };
      const line = formatWatchStateLine(last, resource, 'disconnected', reason, last);
      ingest(entry, line);
      store.append(entry, line);
    }
    resumed = { since: last, objects: known.objects() };
    options.log?.(
      `drainscope: resumed ${replayed} stored lines of the last ${Math.round(options.replayMs / 60_000)} minutes`,
    );
  }
  const timer = setInterval(() => runRetention(store, options), options.retentionIntervalMs ?? 10 * 60_000);
  timer.unref?.();
  return {
    store,
    resumed,
    append: (entry, line) => store.append(entry, line),
    stop: () => {
      clearInterval(timer);
      // The hub's last derivations written while it is still followed: unfollowed, rows behind would be caught up
      // by replaying the lines (rebuild.ts catchUpSource), a reduction the hub has already done.
      store.materialise();
      unfollow();
      if (options.owned) store.close();
      else store.commit();
    },
  };
}

function runRetention(store: RecordingStore, options: LiveRecorderOptions): void {
  try {
    const result = store.applyRetention(options.policy, options.now());
    const removed = result.removedByAge + result.removedBySize;
    if (removed > 0 || result.removedImports > 0)
      options.log?.(
        `drainscope: retention removed ${removed} stored lines and ${result.removedImports} imported recordings`,
      );
  } catch (error) {
    options.log?.(`drainscope: retention failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
