/**
 * Runs one reflector per resource and namespace (Pods, core/v1 Events, discovery.k8s.io/v1 EndpointSlices) and
 * turns what they see into recording entries: validated observations stamped with the injected clock, and
 * watch-state lines. Only core/v1 Events are watched: events.k8s.io/v1 is a second view of the same objects.
 * A malformed object is logged and counted; it never stops the stream.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { RecordingEntry, WatchResource, WatchStateKind } from '@/lib/recording/types';
import { formatWatchStateLine } from '@/lib/recording/writer';
import type { BackoffOptions } from './backoff';
import { createListClient } from './list';
import { toObservation } from './observation';
import { Reflector, type ReflectorStatus } from './reflector';
import { createResourceClient, type ResourceClient } from './resource-client';

export const WATCHED_RESOURCES: readonly WatchResource[] = ['pods', 'events', 'endpointslices'];

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
  log?: (message: string) => void;
  idleTimeoutMs?: number;
  listTimeoutMs?: number;
  watchTimeoutSeconds?: number;
  backoff?: BackoffOptions;
  /** The recording resumed with every watch disconnected: each first list is a relist (./reflector.ts). */
  startsDisconnected?: boolean;
  /** Tests replace the HTTP layer here. */
  createClient?: (resource: WatchResource, namespace: string | null) => ResourceClient;
}

export interface WatchCounters {
  observations: number;
  malformed: number;
  skipped: number;
}

export interface WatchManagerStatus {
  /** Every reflector has listed successfully at least once. */
  ready: boolean;
  /** Why it is not ready, one line per scope that has not synced. */
  problems: string[];
  reflectors: ReflectorStatus[];
  counters: WatchCounters;
}

export class WatchManager {
  private readonly reflectors: Reflector[] = [];
  private readonly counters: WatchCounters = { observations: 0, malformed: 0, skipped: 0 };
  private started = false;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: WatchManagerOptions) {
    const createClient = options.createClient ?? this.httpClientFactory();
    const scopes = options.namespaces ?? [null];
    for (const resource of WATCHED_RESOURCES) {
      for (const namespace of scopes) {
        const client = createClient(resource, namespace);
        this.reflectors.push(
          new Reflector({
            client,
            backoff: options.backoff,
            log: options.log,
            startsDisconnected: options.startsDisconnected ?? false,
            listener: {
              onDelta: (type, object) => this.observe(type, object, resource),
              onWatchState: (state, reason) => this.writeWatchState(resource, state, reason),
              onMalformed: (problem) => this.malformed(`${resource}: ${problem}`),
              onSyncFailure: (reason) => options.onSyncFailure?.(resource, reason),
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
    const problems = reflectors
      .filter((status) => !status.synced)
      .map((status) => {
        const scope = status.namespace === null ? status.resource : `${status.resource} in ${status.namespace}`;
        return `${scope} not synced: ${status.lastError ?? 'first list in progress'}`;
      });
    return { ready: this.started && problems.length === 0, problems, reflectors, counters: { ...this.counters } };
  }

  private observe(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: Record<string, unknown>, resource: WatchResource): void {
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

  private writeWatchState(resource: WatchResource, state: WatchStateKind, reason?: string): void {
    const at = this.options.now();
    const entry: RecordingEntry = reason === undefined ? { at, type: 'WATCH', resource, state } : { at, type: 'WATCH', resource, state, reason };
    this.options.sink(entry, formatWatchStateLine(at, resource, state, reason));
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
        idleTimeoutMs: this.options.idleTimeoutMs ?? 90_000,
        listTimeoutMs: this.options.listTimeoutMs ?? 60_000,
        watchTimeoutSeconds: this.options.watchTimeoutSeconds ?? 300,
      });
  }
}
