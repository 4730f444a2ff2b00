/**
 * Injected apiserver misbehaviour for tests: dropped and hung watch connections, 410 Gone, an apiserver restart
 * that loses the watch history, slow and failing lists. The watch streams and the list handler consult this object;
 * tests drive it directly or through the admin API (`/_sim/faults/...`).
 */
import type { ObjectStore } from '../object-store';

/** What the faults need from an open watch stream. */
export interface WatchConnection {
  /** Destroys the socket at once, as a broken connection or a crashed apiserver does. */
  drop(): void;
  /** Stops writing (events are held back) without closing; `false` writes what was held back. */
  setHung(hung: boolean): void;
}

export interface FaultCounters {
  openWatches: number;
  watchesStarted: number;
  watchesDropped: number;
  /** Watchers cut because their client did not read and too many bytes were buffered. */
  watchesCut: number;
  listsServed: number;
  listsFailed: number;
  expiredWatchesPending: number;
  failingListsPending: number;
  listDelayMs: number;
  watchesHung: boolean;
  forbiddenResources: string[];
}

export class SimFaults {
  private readonly connections = new Set<WatchConnection>();
  private hung = false;
  private expiredPending = 0;
  private failingListsPending = 0;
  private listDelay = 0;
  private started = 0;
  private dropped = 0;
  private cut = 0;
  private listsServed = 0;
  private listsFailed = 0;
  /** Plural resource names whose reads are refused as RBAC would (403 Forbidden). */
  private readonly forbidden = new Set<string>();

  constructor(private readonly store: ObjectStore) {}

  /** Registers an open watch; returns its unregistration. A watch opened while watches hang starts hung. */
  register(connection: WatchConnection): () => void {
    this.connections.add(connection);
    this.started++;
    if (this.hung) connection.setHung(true);
    return () => this.connections.delete(connection);
  }

  /** Drops every open watch connection; returns how many were dropped. */
  dropWatches(): number {
    const open = [...this.connections];
    for (const connection of open) connection.drop();
    this.dropped += open.length;
    return open.length;
  }

  /** Open and future watches stop writing until `releaseWatches`. */
  hangWatches(): void {
    this.hung = true;
    for (const connection of this.connections) connection.setHung(true);
  }

  releaseWatches(): void {
    this.hung = false;
    for (const connection of [...this.connections]) connection.setHung(false);
  }

  /** The next `count` watch requests get a 410 Expired ERROR event and are closed. */
  expireNextWatches(count = 1): void {
    this.expiredPending += count;
  }

  /** An apiserver restart with an empty watch cache: history is forgotten and every watch is dropped. */
  restartWithHistoryLost(): void {
    this.store.forgetHistory();
    this.dropWatches();
  }

  delayLists(ms: number): void {
    this.listDelay = Math.max(0, ms);
  }

  /** The next `count` lists answer 500 InternalError. */
  failNextLists(count = 1): void {
    this.failingListsPending += count;
  }

  /** Reads (get, list, watch) of `resource` answer 403 as for a service account without that permission. */
  forbid(resource: string): void {
    this.forbidden.add(resource);
  }

  /** The permission is granted again; clients recover on their next retry. */
  allow(resource: string): void {
    this.forbidden.delete(resource);
  }

  isForbidden(resource: string): boolean {
    return this.forbidden.has(resource);
  }

  reset(): void {
    this.forbidden.clear();
    this.releaseWatches();
    this.expiredPending = 0;
    this.failingListsPending = 0;
    this.listDelay = 0;
  }

  /** Called by a watch request: true when it must be answered with 410. */
  takeExpiredWatch(): boolean {
    if (this.expiredPending === 0) return false;
    this.expiredPending--;
    return true;
  }

  /** Called by a list request: true when it must fail. */
  takeFailingList(): boolean {
    if (this.failingListsPending === 0) return false;
    this.failingListsPending--;
    this.listsFailed++;
    return true;
  }

  get listDelayMs(): number {
    return this.listDelay;
  }

  get openWatches(): number {
    return this.connections.size;
  }

  noteListServed(): void {
    this.listsServed++;
  }

  noteWatchCut(): void {
    this.cut++;
  }

  counters(): FaultCounters {
    return {
      openWatches: this.connections.size,
      watchesStarted: this.started,
      watchesDropped: this.dropped,
      watchesCut: this.cut,
      listsServed: this.listsServed,
      listsFailed: this.listsFailed,
      expiredWatchesPending: this.expiredPending,
      failingListsPending: this.failingListsPending,
      listDelayMs: this.listDelay,
      watchesHung: this.hung,
      forbiddenResources: [...this.forbidden].sort(),
    };
  }
}
