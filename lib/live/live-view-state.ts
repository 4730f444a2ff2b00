/**
 * The browser's copy of the live view: applies the stream's messages (./protocol.ts) to an immutable state, so a
 * React component can read it through `useSyncExternalStore`. Pure and isomorphic: no EventSource, no timers.
 *
 * Invariant: `pods` holds exactly the pods of the last snapshot plus later `timeline` messages minus `removed`
 * ones; every applied message replaces state objects instead of mutating them, so identity means "unchanged".
 */
import type { Finding, PodTimeline, WorkloadSpec } from '../timeline/types';
import { encodeViewState } from '../view/url-state';
import type { ViewState } from '../view/view-state';
import {
  parseLiveMessage,
  type HelloMessage,
  type LiveMessage,
  type SnapshotMessage,
  type SseEvent,
  type WatchStatus,
} from './protocol';

export type ConnectionState = 'connecting' | 'live' | 'shutdown';

export interface LiveViewState {
  connection: ConnectionState;
  hello: HelloMessage | null;
  pods: ReadonlyMap<string, PodTimeline>;
  findings: readonly Finding[];
  /**
   * Watched Deployments' replicas and rollout bounds over time, by namespace, kind, name; join a pod by its
   * `namespace` and `workload` ({kind, name}). Empty when none was seen (or the cluster forbids listing them:
   * `watches.deployments` then says why).
   */
  workloads: readonly WorkloadSpec[];
  /** Retention forgot the pods gone before this time (epoch ms): counts over pods are not known before it. */
  forgottenBefore: number | null;
  watches: Readonly<Partial<Record<WatchStatus['resource'], WatchStatus>>>;
  /** What to send as `Last-Event-ID` when reconnecting by hand (EventSource does it by itself). */
  lastEventId: string | null;
  /** How many times the server had to send a whole snapshot instead of the missed deltas. */
  resyncs: number;
  /** Suggested reconnect delay from a `shutdown` message. */
  retryMs: number | null;
  /**
   * The seed is still arriving (`seededLiveState` with a partial seed): `pods` holds `received` of its `total`
   * pods, so nothing counted over the pods is known yet. Null once a whole seed or snapshot is in.
   */
  seedLoading: { received: number; total: number } | null;
}

export const initialLiveViewState: LiveViewState = {
  connection: 'connecting',
  hello: null,
  pods: new Map(),
  findings: [],
  workloads: [],
  forgottenBefore: null,
  watches: {},
  lastEventId: null,
  resyncs: 0,
  retryMs: null,
  seedLoading: null,
};

function laterOf(held: number | null, given: number | undefined): number | null {
  return given === undefined ? held : Math.max(held ?? given, given);
}

/** Returns the state after `message`; `id` is the SSE id it came with, if any. */
export function applyLiveMessage(state: LiveViewState, message: LiveMessage, id?: string): LiveViewState {
  const lastEventId = id ?? state.lastEventId;
  switch (message.type) {
    case 'hello':
      // A resumed stream sends no snapshot: the state held is current once the missed deltas are applied.
      return { ...state, hello: message, connection: message.resumed ? 'live' : 'connecting', retryMs: null };
    case 'snapshot':
      return {
        ...state,
        connection: 'live',
        pods: new Map(message.pods.map((pod) => [pod.uid, pod])),
        findings: message.findings,
        workloads: message.workloads ?? [],
        forgottenBefore: message.forgottenBefore ?? null,
        watches: Object.fromEntries(message.watches.map((watch) => [watch.resource, watch])),
        lastEventId,
        resyncs: state.resyncs + (message.resync ? 1 : 0),
        seedLoading: null,
      };
    case 'timeline': {
      const pods = new Map(state.pods);
      pods.set(message.pod.uid, message.pod);
      return { ...state, pods, lastEventId };
    }
    case 'removed': {
      const forgottenBefore = laterOf(state.forgottenBefore, message.forgottenBefore);
      if (!state.pods.has(message.uid)) return { ...state, forgottenBefore, lastEventId };
      const pods = new Map(state.pods);
      pods.delete(message.uid);
      return { ...state, pods, forgottenBefore, lastEventId };
    }
    case 'findings':
      return { ...state, findings: message.findings, lastEventId };
    case 'watch':
      return { ...state, watches: { ...state.watches, [message.watch.resource]: message.watch }, lastEventId };
    case 'workloads':
      return { ...state, workloads: message.workloads, lastEventId };
    case 'shutdown':
      return { ...state, connection: 'shutdown', retryMs: message.retryMs, lastEventId };
  }
}

/**
 * Where the live page starts (`GET /api/stream/seed`, server/live/page-seed.ts, preloaded by app/page.tsx): the same
 * hello and snapshot a stream would send first, and the id the stream would have sent with the snapshot. The page
 * draws its lanes from it, then opens the stream with `eventId` as its last event id, so the stream sends only the
 * deltas after it (or, when they are gone from the hub's ring, a resync snapshot): nothing missed, nothing twice.
 */
export const LIVE_SEED_URL = '/api/stream/seed';

/**
 * The seed for a page showing `view`: its query orders the seed's pods by the view's lanes, the first screen's
 * first (lib/view/seed-order.ts). The page preloads and fetches this same URL, so the browser hands the preloaded
 * response over.
 */
export function liveSeedUrl(view: ViewState): string {
  const query = encodeViewState(view).toString();
  return query ? `${LIVE_SEED_URL}?${query}` : LIVE_SEED_URL;
}

/**
 * The User Timing mark the live page sets when the whole seed has been read, each line parsed and checked as it
 * arrived (./seed-reader.ts): DevTools shows it, `npm run bench:live-path` prints it, between the seed's last byte
 * and the first lanes.
 */
export const SEED_READ_MARK = 'drainscope:seed-read';

export interface LiveSeed {
  hello: HelloMessage;
  snapshot: SnapshotMessage;
  eventId: string;
}

/**
 * The state a stream's hello and snapshot would give, except that no stream is open yet: `connecting`. `total`:
 * the seed is partial (./seed-reader.ts `PartialSeed`), its snapshot holding only the pods read so far of `total`.
 */
export function seededLiveState(seed: LiveSeed, total?: number): LiveViewState {
  const state = applyLiveMessage(applyLiveMessage(initialLiveViewState, seed.hello), seed.snapshot, seed.eventId);
  const received = seed.snapshot.pods.length;
  return {
    ...state,
    connection: 'connecting',
    seedLoading: total !== undefined && total > received ? { received, total } : null,
  };
}

/**
 * The state after `items` in order, as applyLiveMessage one by one would give it, but with one copy of the pod map
 * for a run of `timeline` and `removed` messages instead of one copy per message.
 */
export function applyLiveMessages(
  state: LiveViewState,
  items: readonly { message: LiveMessage; id?: string }[],
): LiveViewState {
  let next = state;
  let pods: Map<string, PodTimeline> | null = null;
  for (const { message, id } of items) {
    if (message.type === 'timeline' || message.type === 'removed') {
      pods ??= new Map(next.pods);
      if (message.type === 'timeline') pods.set(message.pod.uid, message.pod);
      else pods.delete(message.uid);
      const forgottenBefore =
        message.type === 'removed' ? laterOf(next.forgottenBefore, message.forgottenBefore) : next.forgottenBefore;
      next = { ...next, forgottenBefore, lastEventId: id ?? next.lastEventId };
      continue;
    }
    if (pods) next = { ...next, pods };
    pods = null;
    next = applyLiveMessage(next, message, id);
  }
  return pods ? { ...next, pods } : next;
}

export interface LiveViewStateHolder {
  getSnapshot(): LiveViewState;
  subscribe(listener: () => void): () => void;
  /** Parses and applies one SSE event; returns false (state unchanged) for an event this client cannot read. */
  applyEvent(event: SseEvent): boolean;
  /**
   * Applies events in order and tells listeners once: a stream that resumes, or a rollout's burst of deltas, would
   * otherwise re-render the page once per message. Events this client cannot read are skipped, as by applyEvent.
   */
  applyEvents(events: readonly SseEvent[]): void;
  /** The transport lost the connection; pods stay visible until the next snapshot replaces them. */
  markDisconnected(): void;
  /** Starts over from `next` (the whole seed after a partial one, or nothing when the seed was refused). */
  replace(next: LiveViewState): void;
}

export function createLiveViewStateHolder(initial: LiveViewState = initialLiveViewState): LiveViewStateHolder {
  let state = initial;
  const listeners = new Set<() => void>();
  const publish = (next: LiveViewState): void => {
    if (next === state) return;
    state = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    applyEvent(event) {
      let message: LiveMessage;
      try {
        message = parseLiveMessage(event.data);
      } catch {
        return false;
      }
      publish(applyLiveMessage(state, message, event.id));
      return true;
    },
    applyEvents(events) {
      const items: { message: LiveMessage; id?: string }[] = [];
      for (const event of events) {
        try {
          items.push({ message: parseLiveMessage(event.data), ...(event.id !== undefined ? { id: event.id } : {}) });
        } catch {
          // Not readable by this client: skipped, as applyEvent refuses it.
        }
      }
      if (items.length > 0) publish(applyLiveMessages(state, items));
    },
    replace(next) {
      publish(next);
    },
    markDisconnected() {
      if (state.connection !== 'connecting') publish({ ...state, connection: 'connecting' });
    },
  };
}

/** Pods in a stable order for lists: namespace, then name, then uid (a recreated pod keeps its name). */
export function podsInOrder(state: LiveViewState): PodTimeline[] {
  return [...state.pods.values()].sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.uid.localeCompare(b.uid),
  );
}
