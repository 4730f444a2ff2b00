/**
 * Runs one reflector per resource and namespace (Pods, core/v1 Events, discovery.k8s.io/v1 EndpointSlices, apps/v1
 * Deployments) and
 * turns what they see into recording entries: validated observations stamped with the injected clock, and
 * watch-state lines. Only core/v1 Events are watched: events.k8s.io/v1 is a second view of the same objects.
 * A malformed object is logged and counted; it never stops the stream.
 *
 * Watch-state lines are per resource, while reflectors are per resource and namespace: a resource is blind from the
 * first of its scopes that breaks continuity (its `since`) until every broken scope has relisted.
 *
 * Deployments are optional (OPTIONAL_RESOURCES): they only give the workload specs (replicas, rollout bounds) of the
 * capacity lane. A cluster that forbids listing them keeps working: readiness does not wait for them, the reason is
 * logged once and reported in `unavailable`, and the reducer never takes their blind windows for the pods'.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { RecordingEntry, WatchResource, WatchStateChange, WatchStateKind } from '@/lib/recording/types';
import { formatWatchStateLine } from '@/lib/recording/writer';
import { toIso } from '@/lib/time';
import type { ApiJson } from './api-json';
import type { BackoffOptions } from './backoff';
import { createListClient } from './list';
import { toObservation } from './observation';
import { Reflector, type ReflectorStatus } from './reflector';
import { createResourceClient, type ResourceClient } from './resource-client';

export const WATCHED_RESOURCES: readonly WatchResource[] = ['pods', 'events', 'endpointslices', 'deployments'];
/** Watched when allowed; without them only the workload specs are missing. */
export const OPTIONAL_RESOURCES: ReadonlySet<WatchResource> = new Set(['deployments']);
/** The watches the pods' timelines are built from: their blindness is a blind window on the pods. */
export const REQUIRED_RESOURCES: readonly WatchResource[] = WATCHED_RESOURCES.filter(
  (resource) => !OPTIONAL_RESOURCES.has(resource),
);

/** What a resource that cannot be listed takes away, in words for the log and the page. */
const OPTIONAL_EFFECT: Partial<Record<WatchResource, string>> = {
  deployments:
    'no workload specs (replicas, maxUnavailable) for the capacity lane; pods, events and endpoints are not affected',
};

export type EntrySink = (entry: RecordingEntry, line: string) => void;

export interface WatchManagerOptions {
  kubeConfig: KubeConfig;
  /** null: every namespace (cluster scope). */
  namespaces: string[] | null;
  labelSelector: string | null;
  now: () => number;
  sink: EntrySink;
  /** A scope's first list failed (./reflector.ts `onSyncFailure`): why nothing arrives for that resource yet. */
  onSyncFailure?: (resource: WatchResource, reason: string) => void;
  /** A resource's watches went silent past the hang bound (`since`: when), or delivered again (`null`). */
  onHung?: (resource: WatchResource, since: number | null) => void;
  log?: (message: string) => void;
  /**
   * The most silence (no event, no bookmark) a watch that receives bookmarks may keep before it counts as hung.
   * Within it, a watch is cut sooner once the server's bookmark cadence is known: a quarter of an interval and 2 s
   * past it (./watch-stream.ts silenceLimit; about 77 s against kube-apiserver's one-minute bookmarks). The default,
   * 120 s, is two kube-apiserver intervals: the bound for servers whose cadence is slower or not learned yet (older
   * apiservers send a bookmark only before the watch's deadline). A watch that never got a bookmark (core/v1 Events
   * are served without a watch cache, so without bookmarks, by default) counts as hung only past its own
   * timeoutSeconds plus this bound. The bound decides how soon a hang is noticed and recovered, not the blind
   * window: that starts at the last delivery whatever the bound.
   */
  hangTimeoutMs?: number;
  listTimeoutMs?: number;
  watchTimeoutSeconds?: number;
  backoff?: BackoffOptions;
  /** Tests replace the HTTP layer here. */
  createClient?: (resource: WatchResource, namespace: string | null) => ResourceClient;
  /**
   * drainscope restarted: every resource is already blind since `since` (the caller wrote its `disconnected` line),
   * and each reflector starts from the objects of its scope known then, so the first list ends what vanished.
   */
  resume?: { since: number; objects: Record<WatchResource, ApiJson[]> };
}

/** A watch scope that is not delivering right now, for /api/health, /api/ready and people. */
export interface BlindWatch {
  resource: WatchResource;
  namespace: string | null;
  /** `hung`: a watch went silent past the hang bound and none has delivered since. `blind`: continuity broken otherwise, not relisted yet. */
  state: 'blind' | 'hung';
  /** ISO time the scope last delivered anything: what happened after it may be missing or late. */
  since: string;
  reason: string | null;
}

export interface WatchCounters {
  observations: number;
  malformed: number;
  skipped: number;
}

/** An optional resource (OPTIONAL_RESOURCES) that has not listed yet: what is missing and why. */
export interface UnavailableWatch {
  resource: WatchResource;
  namespace: string | null;
  reason: string;
}

export interface WatchManagerStatus {
  /** Every required reflector has listed successfully at least once (optional ones are not waited for). */
  ready: boolean;
  /** Why it is not ready, one line per required scope that has not synced. */
  problems: string[];
  /** Optional scopes that have not listed yet (e.g. RBAC forbids Deployments), and what that leaves out. */
  unavailable: UnavailableWatch[];
  reflectors: ReflectorStatus[];
  /** Scopes blind or hung right now, with since when. */
  blind: BlindWatch[];
  /** The silence bound for watches that receive bookmarks (seconds). */
  hangTimeoutSeconds: number;
  counters: WatchCounters;
}

export const DEFAULT_HANG_TIMEOUT_MS = 120_000;

/** Per resource: which scopes are blind, and the line state last written. */
interface ResourceWatchState {
  blindScopes: Set<number>;
  written: WatchStateKind | null;
  hungScopes: Map<number, number>;
}

export class WatchManager {
  private readonly reflectors: Reflector[] = [];
  private readonly resources = new Map<WatchResource, ResourceWatchState>();
  private readonly counters: WatchCounters = { observations: 0, malformed: 0, skipped: 0 };
  private started = false;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: WatchManagerOptions) {
    const createClient = options.createClient ?? this.httpClientFactory();
    const scopes = options.namespaces ?? [null];
    const resume = options.resume;
    for (const resource of WATCHED_RESOURCES) {
      const watchState: ResourceWatchState = {
        blindScopes: new Set(),
        written: resume ? 'disconnected' : null,
        hungScopes: new Map(),
      };
      this.resources.set(resource, watchState);
      for (const namespace of scopes) {
        const client = createClient(resource, namespace);
        const index = this.reflectors.length;
        if (resume) watchState.blindScopes.add(index);
        this.reflectors.push(
          new Reflector({
            client,
            backoff: options.backoff,
            log: OPTIONAL_RESOURCES.has(resource) ? this.onceLog(resource) : options.log,
            now: options.now,
            ...(resume
              ? {
                  resume: {
                    since: resume.since,
                    objects: resume.objects[resource].filter((object) => inScope(object, namespace)),
                  },
                }
              : {}),
            listener: {
              onDelta: (type, object) => this.observe(type, object, resource),
              onWatchState: (state, reason, since) => this.scopeWatchState(resource, index, state, reason, since),
              onHung: (since) => this.scopeHung(resource, index, since),
              onMalformed: (problem) => this.malformed(`${resource}: ${problem}`),
              onSyncFailure: (reason) =>
                options.onSyncFailure?.(
                  resource,
                  OPTIONAL_RESOURCES.has(resource)
                    ? `${reason} (optional: ${OPTIONAL_EFFECT[resource] ?? 'less detail'})`
                    : reason,
                ),
            },
          }),
        );
      }
    }
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const reflector of this.reflectors) reflector.start();
  }

  /** Idempotent: every call waits for the same shutdown. */
  stop(): Promise<void> {
    this.stopping ??= Promise.all(this.reflectors.map((reflector) => reflector.stop())).then(() => undefined);
    return this.stopping;
  }

  status(): WatchManagerStatus {
    const reflectors = this.reflectors.map((reflector) => reflector.status);
    const unavailable: UnavailableWatch[] = reflectors
      .filter((status) => !status.synced && OPTIONAL_RESOURCES.has(status.resource))
      .map((status) => ({
        resource: status.resource,
        namespace: status.namespace,
        reason: `${status.lastError ?? 'first list in progress'}: ${OPTIONAL_EFFECT[status.resource] ?? 'less detail'}`,
      }));
    const problems = reflectors
      .filter((status) => !status.synced && !OPTIONAL_RESOURCES.has(status.resource))
      .map((status) => {
        const scope = status.namespace === null ? status.resource : `${status.resource} in ${status.namespace}`;
        return `${scope} not synced: ${status.lastError ?? 'first list in progress'}`;
      });
    const blind: BlindWatch[] = [];
    for (const status of reflectors) {
      const starts = [status.blindSince, status.hungSince].filter((time): time is number => time !== null);
      if (starts.length === 0) continue;
      const since = Math.min(...starts);
      // A persistent hang cycles through cut, relist, hung again: report it as one hang since its first silence.
      const state = status.hungSince !== null ? 'hung' : 'blind';
      const reason =
        state === 'blind'
          ? status.lastError
          : `no event or bookmark for more than ${this.hangTimeoutMs() / 1000} s; relisted, but no watch has delivered since`;
      blind.push({ resource: status.resource, namespace: status.namespace, state, since: toIso(since), reason });
    }
    return {
      ready: this.started && problems.length === 0,
      problems,
      unavailable,
      reflectors,
      blind,
      hangTimeoutSeconds: this.hangTimeoutMs() / 1000,
      counters: { ...this.counters },
    };
  }

  /**
   * The log of an optional resource's reflectors: a forbidden list is retried with backoff for as long as drainscope
   * runs (the permission may be granted later), and saying so on every retry would bury the log.
   */
  private onceLog(resource: WatchResource): ((message: string) => void) | undefined {
    const log = this.options.log;
    if (!log) return undefined;
    let last: string | null = null;
    return (message) => {
      if (message === last) return;
      last = message;
      log(`${message} (optional: ${OPTIONAL_EFFECT[resource] ?? 'less detail'})`);
    };
  }

  private hangTimeoutMs(): number {
    return this.options.hangTimeoutMs ?? DEFAULT_HANG_TIMEOUT_MS;
  }

  private observe(
    type: 'ADDED' | 'MODIFIED' | 'DELETED',
    object: Record<string, unknown>,
    resource: WatchResource,
  ): void {
    const result = toObservation(this.options.now(), type, object, resource);
    if (result.ok) {
      this.counters.observations += 1;
      this.options.sink(result.entry, result.line);
    } else if (result.kind === 'skipped') {
      this.counters.skipped += 1;
    } else {
      this.malformed(result.problem);
    }
  }

  private malformed(problem: string): void {
    this.counters.malformed += 1;
    this.options.log?.(`skipped a malformed object from the API: ${problem}`);
  }

  private scopeWatchState(
    resource: WatchResource,
    index: number,
    state: WatchStateKind,
    reason?: string,
    since?: number,
  ): void {
    const watchState = this.resources.get(resource);
    if (!watchState) return;
    if (state === 'disconnected') {
      const first = watchState.blindScopes.size === 0;
      watchState.blindScopes.add(index);
      // Another scope of the resource is blind already: the line written then covers this one too.
      if (first) this.writeWatchState(resource, watchState, 'disconnected', reason, since);
      return;
    }
    if (state === 'relisted') {
      if (!watchState.blindScopes.delete(index)) return;
      if (watchState.blindScopes.size === 0) this.writeWatchState(resource, watchState, 'relisted');
      return;
    }
    if (watchState.blindScopes.size === 0 && watchState.written !== 'connected')
      this.writeWatchState(resource, watchState, 'connected');
  }

  private scopeHung(resource: WatchResource, index: number, since: number | null): void {
    const watchState = this.resources.get(resource);
    if (!watchState) return;
    const before = earliest(watchState.hungScopes);
    if (since === null) watchState.hungScopes.delete(index);
    else watchState.hungScopes.set(index, since);
    const after = earliest(watchState.hungScopes);
    if (after !== before) this.options.onHung?.(resource, after);
  }

  private writeWatchState(
    resource: WatchResource,
    watchState: ResourceWatchState,
    state: WatchStateKind,
    reason?: string,
    since?: number,
  ): void {
    watchState.written = state;
    const at = this.options.now();
    const entry: WatchStateChange = { at, type: 'WATCH', resource, state };
    if (reason !== undefined) entry.reason = reason;
    if (since !== undefined) entry.since = Math.min(since, at);
    this.options.sink(entry, formatWatchStateLine(at, resource, state, reason, entry.since));
  }

  private httpClientFactory(): (resource: WatchResource, namespace: string | null) => ResourceClient {
    const { kubeConfig } = this.options;
    const listClient = createListClient(kubeConfig);
    return (resource, namespace) =>
      createResourceClient({
        kubeConfig,
        listClient,
        resource,
        namespace,
        labelSelector: this.options.labelSelector,
        hangTimeoutMs: this.hangTimeoutMs(),
        listTimeoutMs: this.options.listTimeoutMs ?? 60_000,
        watchTimeoutSeconds: this.options.watchTimeoutSeconds ?? 300,
      });
  }
}

function earliest(times: Map<number, number>): number | null {
  let min: number | null = null;
  for (const time of times.values()) if (min === null || time < min) min = time;
  return min;
}

function inScope(object: ApiJson, namespace: string | null): boolean {
  if (namespace === null) return true;
  const metadata = object.metadata;
  return (
    typeof metadata === 'object' && metadata !== null && (metadata as { namespace?: unknown }).namespace === namespace
  );
}
