/**
 * drainscope's Prometheus metrics, with prom-client, in a registry of their own per live runtime (tests run
 * several runtimes in one process: the global default registry would refuse the second one's metrics).
 *
 * Labels are namespace and workload (owner kind and name; pods without a controller are `none`/`none`), and for
 * gaps and findings their kind and severity: never a pod name, so the series grow with workloads, not with pods.
 * What each metric means is in README.md, "Prometheus and alerts"; which terminations are counted, and when, in
 * ./terminations.ts.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RecordingEntry, WatchResource, WatchStateKind } from '@/lib/recording/types';
import type { EpochMs } from '@/lib/time';
import { GAP_SEVERITY } from '@/lib/timeline/gaps';
import type { DerivedPod } from '@/lib/timeline/timeline';
import type { GapKind, Workload } from '@/lib/timeline/types';
import type { TimelineHub } from '../hub/hub';
// The optional Deployments watch is left out: a cluster that forbids it is not blind (no gap goes unreported).
import { REQUIRED_RESOURCES as WATCHED_RESOURCES, type WatchManagerStatus } from '../kube/watch-manager';
import type { RecordingStore } from '../store/store';
import { measureTermination } from './measures';
import { Terminations } from './terminations';

export interface MetricsSources {
  /** The clock of the entries' receipt times (the hub's): blind windows are measured on it. */
  now: () => EpochMs;
  hub: TimelineHub;
  /** Read at each scrape: the watches start after the metrics, which must see the store's replay. */
  watchStatus: () => WatchManagerStatus;
  sessions: { readonly size: number };
  /** Overrides for tests. */
  settleMs?: number;
}

const WORKLOAD_LABELS = ['namespace', 'workload_kind', 'workload'] as const;
type WorkloadLabels = Record<(typeof WORKLOAD_LABELS)[number], string>;

const GAP_KINDS = Object.keys(GAP_SEVERITY) as GapKind[];
const WATCH_STATES: readonly WatchStateKind[] = ['connected', 'disconnected', 'relisted'];

export function workloadLabels(namespace: string, workload: Workload | null): WorkloadLabels {
  return { namespace, workload_kind: workload?.kind ?? 'none', workload: workload?.name ?? 'none' };
}

interface WatchSeen {
  state: WatchStateKind;
  /** When the watch went blind (the last thing it delivered, else the disconnect), while disconnected. */
  blindSince: EpochMs | null;
}

export class DrainscopeMetrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly terminations: Terminations;
  private readonly knownWorkloads = new Set<string>();
  private readonly watchSeen = new Map<WatchResource, WatchSeen>();
  private readonly startedAt: EpochMs;
  private readonly stopObserving: () => void;
  private store: RecordingStore | null = null;
  private stopCommits: (() => void) | null = null;

  private readonly terminationsTotal: Counter<keyof WorkloadLabels>;
  private readonly gapsTotal: Counter<keyof WorkloadLabels | 'kind' | 'severity'>;
  private readonly propagation: Histogram<keyof WorkloadLabels>;
  private readonly drain: Histogram<keyof WorkloadLabels>;
  private readonly deleteToGone: Histogram<keyof WorkloadLabels>;
  private readonly graceUsed: Histogram<keyof WorkloadLabels>;
  private readonly linesAppended: Counter;
  private readonly importFailures: Counter;

  constructor(private readonly sources: MetricsSources) {
    const registers = [this.registry];
    this.startedAt = sources.now();
    collectDefaultMetrics({ register: this.registry });

    this.terminationsTotal = new Counter({
      name: 'drainscope_terminations_total',
      help: 'Pod terminations whose timeline completed, counted once each.',
      labelNames: WORKLOAD_LABELS,
      registers,
    });
    this.gapsTotal = new Counter({
      name: 'drainscope_termination_gaps_total',
      help: 'Completed terminations with at least one gap of this kind (a gap is claimed only when it certainly happened).',
      labelNames: [...WORKLOAD_LABELS, 'kind', 'severity'],
      registers,
    });
    const histogram = (name: string, help: string, buckets: number[]) =>
      new Histogram({ name, help, labelNames: WORKLOAD_LABELS, buckets, registers });
    this.propagation = histogram(
      'drainscope_termination_propagation_seconds',
      'Delete request to endpoint not ready, per completed termination.',
      [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30],
    );
    this.drain = histogram(
      'drainscope_termination_drain_seconds',
      'SIGTERM to exit of the slowest main container (a SIGKILLed one: the time it was given).',
      [0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 120, 300],
    );
    this.deleteToGone = histogram(
      'drainscope_termination_delete_to_gone_seconds',
      'Delete request to pod object gone.',
      [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 300, 600],
    );
    this.graceUsed = histogram(
      'drainscope_termination_grace_used_ratio',
      'Share of the grace period used: termination start to the last main container end, over the grace period (1: killed at the deadline).',
      [0.1, 0.25, 0.5, 0.75, 0.9, 1, 1.1],
    );

    this.terminations = new Terminations({
      now: sources.now,
      count: (pod) => this.count(pod),
      ...(sources.settleMs === undefined ? {} : { settleMs: sources.settleMs }),
    });
    this.healthMetrics(registers);

    this.linesAppended = new Counter({
      name: 'drainscope_store_lines_appended_total',
      help: 'Recording lines committed to the store by this process.',
      registers,
    });
    this.importFailures = new Counter({
      name: 'drainscope_import_failures_total',
      help: 'Imports refused (nothing imported) by POST /api/import.',
      registers,
    });
    this.stopObserving = sources.hub.observe({
      entry: (entry) => this.entry(entry),
      derived: (pod) => this.derived(pod),
      removed: (uid) => this.terminations.removed(uid),
    });
  }

  /** The recording store whose size and appended lines are reported (none when it is off). */
  attachStore(store: RecordingStore): void {
    this.stopCommits?.();
    this.store = store;
    this.stopCommits = store.onCommit((committed) => this.linesAppended.inc(committed));
  }

  /**
   * The store's lines have been replayed into the hub (or there was nothing to replay): what is complete now was
   * counted by the previous process. Called once, before the watches start.
   */
  resumed(): void {
    this.sources.hub.flush();
    this.terminations.resumed();
  }

  importFailed(): void {
    this.importFailures.inc();
  }

  /** The exposition text, after counting what has settled. */
  async render(): Promise<string> {
    this.terminations.settle();
    return this.registry.metrics();
  }

  stop(): void {
    this.stopObserving();
    this.stopCommits?.();
  }

  private derived(pod: DerivedPod): void {
    this.initialiseWorkload(pod);
    this.terminations.observe(pod);
  }

  /**
   * Every counter series of a workload exists at 0 from when its first pod is seen: increase() over a series
   * that first appears at 1 is 0, so a workload's first gap would otherwise never alert.
   */
  private initialiseWorkload(pod: DerivedPod): void {
    const labels = workloadLabels(pod.timeline.namespace, pod.timeline.workload);
    const key = JSON.stringify(labels);
    if (this.knownWorkloads.has(key)) return;
    this.knownWorkloads.add(key);
    this.terminationsTotal.inc(labels, 0);
    for (const kind of GAP_KINDS) this.gapsTotal.inc({ ...labels, kind, severity: GAP_SEVERITY[kind] }, 0);
  }

  private count(pod: DerivedPod): void {
    const labels = workloadLabels(pod.timeline.namespace, pod.timeline.workload);
    this.terminationsTotal.inc(labels);
    for (const kind of new Set(pod.timeline.gaps.map((gap) => gap.kind)))
      this.gapsTotal.inc({ ...labels, kind, severity: GAP_SEVERITY[kind] });
    const measures = measureTermination(pod);
    if (measures.propagation !== null) this.propagation.observe(labels, measures.propagation);
    if (measures.drain !== null) this.drain.observe(labels, measures.drain);
    if (measures.deleteToGone !== null) this.deleteToGone.observe(labels, measures.deleteToGone);
    if (measures.graceUsed !== null) this.graceUsed.observe(labels, measures.graceUsed);
  }

  private entry(entry: RecordingEntry): void {
    if (entry.type !== 'WATCH') return;
    const blindSince = entry.state === 'disconnected' ? (entry.since ?? entry.at) : null;
    this.watchSeen.set(entry.resource, { state: entry.state, blindSince });
  }

  /** A watch not yet connected is blind since this process started: nothing it should see has arrived. */
  private watchOf(resource: WatchResource): WatchSeen {
    return this.watchSeen.get(resource) ?? { state: 'disconnected', blindSince: this.startedAt };
  }

  private healthMetrics(registers: Registry[]): void {
    const sources = this.sources;
    const pending: Gauge = new Gauge({
      name: 'drainscope_terminations_pending',
      help: 'Terminations begun whose timeline is not complete yet (not counted yet).',
      registers,
      collect: () => pending.set(this.terminations.pendingCount),
    });
    const watchState: Gauge<'resource' | 'state'> = new Gauge({
      name: 'drainscope_watch_state',
      help: 'The state of each watch as last recorded: 1 for the current state (connected, disconnected, relisted).',
      labelNames: ['resource', 'state'],
      registers,
      collect: () => {
        for (const resource of WATCHED_RESOURCES) {
          const current = this.watchOf(resource).state;
          for (const state of WATCH_STATES) watchState.set({ resource, state }, state === current ? 1 : 0);
        }
      },
    });
    const blind: Gauge<'resource'> = new Gauge({
      name: 'drainscope_watch_blind_seconds',
      help: 'How long each watch has been blind (disconnected, expired, hung, or not listed yet); 0 while it sees.',
      labelNames: ['resource'],
      registers,
      collect: () => {
        const now = sources.now();
        for (const resource of WATCHED_RESOURCES) {
          const since = this.watchOf(resource).blindSince;
          blind.set({ resource }, since === null ? 0 : Math.max(0, (now - since) / 1000));
        }
      },
    });
    const relists: Counter<'resource'> = new Counter({
      name: 'drainscope_watch_relists_total',
      help: 'Relists of each watch: each follows a broken watch (disconnected, expired, hung), the first list not included.',
      labelNames: ['resource'],
      registers,
      collect: () => {
        relists.reset();
        for (const resource of WATCHED_RESOURCES) relists.inc({ resource }, 0);
        for (const reflector of sources.watchStatus().reflectors)
          relists.inc({ resource: reflector.resource }, reflector.relists);
      },
    });
    const clients: Gauge = new Gauge({
      name: 'drainscope_sse_clients',
      help: 'Dashboard pages streaming live now.',
      registers,
      collect: () => clients.set(sources.sessions.size),
    });
    const storeBytes: Gauge = new Gauge({
      name: 'drainscope_store_bytes',
      help: 'Bytes the recording store uses (pages in use); 0 when the store is off.',
      registers,
      collect: () => {
        if (this.store) storeBytes.set(this.store.usedBytes());
      },
    });
    const checkpoints: Counter = new Counter({
      name: 'drainscope_store_wal_checkpoints_total',
      help: "WAL checkpoints the recording store's worker thread ran, off the event loop (0 when the store is off).",
      registers,
      collect: () => {
        checkpoints.reset();
        if (this.store) checkpoints.inc(this.store.walCheckpoints());
      },
    });
    const findings: Gauge<keyof WorkloadLabels | 'kind' | 'severity'> = new Gauge({
      name: 'drainscope_findings',
      help: 'Findings standing now per workload: the number of pods each names (absent when none stands).',
      labelNames: [...WORKLOAD_LABELS, 'kind', 'severity'],
      registers,
      collect: () => {
        findings.reset();
        const snapshot = sources.hub.snapshot();
        const namespaces = new Map(snapshot.pods.map((pod) => [pod.uid, pod.namespace]));
        for (const finding of snapshot.findings) {
          const namespace = finding.pods.map((uid) => namespaces.get(uid)).find((value) => value !== undefined);
          if (namespace === undefined) continue;
          findings.inc(
            { ...workloadLabels(namespace, finding.workload), kind: finding.kind, severity: finding.severity },
            finding.pods.length,
          );
        }
      },
    });
  }
}
