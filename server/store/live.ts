/**
 * The store inside the live pipeline. At start it replays the stored lines of the last `replayMs` into the hub
 * (with each object's state at the window's start), so pods still terminating when the server restarted keep
 * their timelines, then marks every watch disconnected at the last stored line: the time drainscope was not
 * running shows as "watch blind" until the watches relist. After that every line the watches deliver is
 * appended. Retention runs at start and every `retentionIntervalMs`.
 */
import type { RecordingEntry, WatchResource } from '@/lib/recording/types';
import { formatWatchStateLine } from '@/lib/recording/writer';
import { applyRetention, type RetentionPolicy } from './retention';
import type { RecordingStore } from './store';

export interface LiveStoreOptions {
  now: () => number;
  replayMs: number;
  policy: RetentionPolicy;
  retentionIntervalMs?: number;
  /** Close the store on stop (the runtime opened it). */
  owned: boolean;
  log?: (message: string) => void;
}

export interface LiveStore {
  readonly store: RecordingStore;
  append(entry: RecordingEntry, line: string): void;
  stop(): void;
}

const RESOURCES: readonly WatchResource[] = ['pods', 'events', 'endpointslices'];

export function attachStore(store: RecordingStore, ingest: (entry: RecordingEntry, line: string) => void, options: LiveStoreOptions): LiveStore {
  const now = options.now();
  runRetention(store, options);
  let last = 0;
  let replayed = 0;
  // One read of the lines resumes both the hub and the store's own engine (its materialised timelines).
  store.resumeLive({ from: now - options.replayMs, to: now }, (entry, line) => {
    ingest(entry, line);
    last = Math.max(last, entry.at);
    replayed += 1;
  });
  if (replayed > 0) {
    for (const resource of RESOURCES) {
      const reason = 'drainscope was not running';
      const entry: RecordingEntry = { at: last, type: 'WATCH', resource, state: 'disconnected', reason };
      const line = formatWatchStateLine(last, resource, 'disconnected', reason);
      ingest(entry, line);
      store.append(entry, line);
    }
    options.log?.(`drainscope: resumed ${replayed} stored lines of the last ${Math.round(options.replayMs / 60_000)} minutes`);
  }
  const timer = setInterval(() => runRetention(store, options), options.retentionIntervalMs ?? 10 * 60_000);
  timer.unref?.();
  return {
    store,
    append: (entry, line) => store.append(entry, line),
    stop: () => {
      clearInterval(timer);
      if (options.owned) store.close();
      else store.commit();
    },
  };
}

function runRetention(store: RecordingStore, options: LiveStoreOptions): void {
  try {
    store.commit();
    const result = applyRetention(store.db, options.policy, options.now());
    const removed = result.removedByAge + result.removedBySize;
    if (removed > 0 || result.removedImports > 0) options.log?.(`drainscope: retention removed ${removed} stored lines and ${result.removedImports} imported recordings`);
  } catch (error) {
    options.log?.(`drainscope: retention failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
