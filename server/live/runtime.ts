/**
 * The live pipeline of one server process: connection source (cluster, in-cluster, or the simulator when there
 * is neither or it is forced) → WatchManager → TimelineHub → SSE sessions. Also what `/api/health`, `/api/ready`
 * and the stream's hello report, and the ordered shutdown.
 */
import type { HelloMessage, LiveMode } from '@/lib/live/protocol';
import { formatHeaderLine } from '@/lib/recording/writer';
import { toIso } from '@/lib/time';
import { TimelineHub } from '../hub/hub';
import { identifyCluster } from '../kube/cluster-identity';
import { resolveKubeSource, type KubeConfig } from '../kube/kubeconfig';
import type { BackoffOptions } from '../kube/backoff';
import { WatchManager, type BlindWatch, type WatchManagerStatus } from '../kube/watch-manager';
import { DrainscopeMetrics } from '../metrics/metrics';
import { startMetricsServer, type MetricsServer } from '../metrics/http';
import { readAuthConfig } from '../security/auth';
import { SseSessions } from '../sse/sessions';
import { storeConfigFor } from '../store/config';
import { attachStore, type LiveRecorder } from '../store/live-recorder';
import { RecordingStore } from '../store/store';
import type { LiveConfig } from './config';
import { startSimulatedCluster, type SimulatedCluster } from './simulator';

export interface LiveHealth {
  status: 'ok' | 'draining';
  mode: LiveMode;
  cluster: string | null;
  notice: string | null;
  uptimeSeconds: number;
  pods: number;
  clients: number;
  watches: WatchManagerStatus;
}

export interface LiveReadiness {
  ready: boolean;
  problems: string[];
  /**
   * Watches blind (continuity broken, not relisted yet) or hung right now, with since when. They do not make the
   * server unready: the page keeps serving and is where the blind window is shown; a 503 would take it out of a
   * Service exactly when someone needs to look.
   */
  blind: BlindWatch[];
}

export interface LiveRuntime {
  readonly mode: LiveMode;
  readonly hub: TimelineHub;
  readonly sessions: SseSessions;
  readonly watches: WatchManager;
  readonly simulator: SimulatedCluster | null;
  /** The recording store (server/store), or null when it is off (see server/store/config.ts). */
  readonly store: RecordingStore | null;
  /** DRAINSCOPE_MAX_IMPORT_MB, read once at start (LiveConfig.store): the most an import may decompress to. */
  readonly maxImportBytes: number;
  /** The Prometheus metrics of this runtime (its own registry: server/metrics/metrics.ts). */
  readonly metrics: DrainscopeMetrics;
  /** The separate metrics port's URL (DRAINSCOPE_METRICS_PORT), or null when /metrics is only on the app's port. */
  readonly metricsUrl: string | null;
  hello(): HelloMessage;
  /** Line 1 of a recording of this session, whose other lines `hub.tapLines` gives. */
  recordingHeader(): string;
  health(): LiveHealth;
  readiness(): LiveReadiness;
  /** Idempotent: streams get `shutdown`, watches stop, the hub flushes, the simulator stops. */
  drain(options?: { retryMs?: number; timeoutMs?: number }): Promise<void>;
}

export interface LiveRuntimeDeps {
  log?: (message: string) => void;
  now?: () => number;
  /** Overrides for tests (e.g. a short idle watchdog). */
  watchOptions?: {
    hangTimeoutMs?: number;
    listTimeoutMs?: number;
    watchTimeoutSeconds?: number;
    backoff?: BackoffOptions;
  };
  /** Tests start their own simulator (no token, a chosen scenario and speed). */
  startSimulator?: () => Promise<SimulatedCluster>;
  /** A store to record into and resume from; null: none; undefined: as the environment says. */
  store?: RecordingStore | null;
}

interface Source {
  mode: LiveMode;
  kubeConfig: KubeConfig;
  cluster: string | null;
  namespaces: string[] | null;
  notice: string | null;
  simulator: SimulatedCluster | null;
}

async function chooseSource(
  config: LiveConfig,
  deps: LiveRuntimeDeps,
  log: (message: string) => void,
): Promise<Source> {
  const namespaces = config.namespaces;
  if (!config.forceSimulation) {
    const source = resolveKubeSource({
      env: config.env,
      homeDir: config.homeDir,
      serviceAccountDir: config.serviceAccountDir,
      context: config.context,
    });
    if (source.kind === 'kubeconfig')
      return {
        mode: 'cluster',
        kubeConfig: source.kubeConfig,
        cluster: source.context,
        namespaces,
        notice: null,
        simulator: null,
      };
    if (source.kind === 'in-cluster')
      return {
        mode: 'in-cluster',
        kubeConfig: source.kubeConfig,
        cluster: source.server,
        namespaces,
        notice: null,
        simulator: null,
      };
    log(`drainscope: ${source.reason}`);
  }
  const { scenario, seed, speed } = config.simulation;
  const simulator = await (deps.startSimulator ?? (() => startSimulatedCluster({ scenario, seed, speed })))();
  const why = config.forceSimulation
    ? 'DRAINSCOPE_SIMULATE is set'
    : 'no kubeconfig and no in-cluster service account were found';
  const notice = `Simulated cluster (${simulator.scenario} scenario, seed ${seed}): ${why}. Nothing here comes from a real cluster.`;
  log(`drainscope: SIMULATED CLUSTER — ${notice} Its API serves on ${simulator.url}.`);
  return {
    mode: 'simulated',
    kubeConfig: simulator.kubeConfig,
    cluster: `simulator/${simulator.scenario}`,
    namespaces,
    notice,
    simulator,
  };
}

export async function createLiveRuntime(config: LiveConfig, deps: LiveRuntimeDeps = {}): Promise<LiveRuntime> {
  const log = deps.log ?? ((message: string) => console.log(message));
  const source = await chooseSource(config, deps, log);
  // Receipt times must be on the same clock as the API's timestamps: a sped-up simulator's clock runs ahead of
  // the machine's, and stamping its events with Date.now would put observed markers seconds before API ones.
  const simulatedClock = source.simulator?.simulator.clock;
  const now = deps.now ?? (simulatedClock ? () => simulatedClock.now() : Date.now);
  const hub = new TimelineHub({ now, allowanceSeconds: config.allowanceSeconds, retentionMs: config.retentionMs });
  const sessions = new SseSessions();
  // Before the store's replay, so that what the previous process counted is known as counted (resumed()).
  const metrics = new DrainscopeMetrics({ now, hub, sessions, watchStatus: () => watches.status() });
  const recorder = await openLiveRecorder(config, deps, { source, hub, now, log });
  if (recorder) metrics.attachStore(recorder.store);
  metrics.resumed();
  const metricsServer = await openMetricsServer(config, metrics, log);
  const watches = new WatchManager({
    kubeConfig: source.kubeConfig,
    namespaces: source.namespaces,
    labelSelector: config.labelSelector,
    now,
    sink: (entry, line) => {
      // The hub first: the store writes the hub's derivations as its rows, which must hold what it appends.
      hub.ingest(entry, line);
      recorder?.append(entry, line);
    },
    onSyncFailure: (resource, reason) => hub.reportUnsynced(resource, reason, now()),
    onHung: (resource, since) => hub.reportHung(resource, since, now()),
    log,
    hangTimeoutMs: config.watchHangMs,
    ...(recorder?.resumed ? { resume: recorder.resumed } : {}),
    ...deps.watchOptions,
  });
  hub.start();
  watches.start();
  const scope = source.namespaces ? `namespaces ${source.namespaces.join(', ')}` : 'all namespaces';
  log(
    `drainscope: watching pods, events, endpointslices and deployments in ${scope} of ${source.cluster ?? 'the cluster'} (${source.mode})`,
  );
  const startedAt = Date.now();
  let draining: Promise<void> | null = null;

  return {
    mode: source.mode,
    hub,
    sessions,
    watches,
    simulator: source.simulator,
    store: recorder?.store ?? null,
    maxImportBytes: config.store.maxImportBytes,
    metrics,
    metricsUrl: metricsServer?.url ?? null,
    hello: () => ({
      type: 'hello',
      protocol: 1,
      mode: source.mode,
      cluster: source.cluster,
      namespaces: source.namespaces,
      labelSelector: config.labelSelector,
      allowanceSeconds: config.allowanceSeconds,
      notice: source.notice,
      resumed: false,
    }),
    recordingHeader: () =>
      formatHeaderLine({
        startedAt: toIso(startedAt),
        cluster: source.cluster,
        scope: { namespaces: source.namespaces, labelSelector: config.labelSelector },
      }),
    health: () => ({
      status: draining ? 'draining' : 'ok',
      mode: source.mode,
      cluster: source.cluster,
      notice: source.notice,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      pods: hub.stats().pods,
      clients: sessions.size,
      watches: watches.status(),
    }),
    readiness: () => {
      if (draining) return { ready: false, problems: ['shutting down'], blind: [] };
      const status = watches.status();
      return { ready: status.ready, problems: status.problems, blind: status.blind };
    },
    drain(options = {}) {
      draining ??= (async () => {
        await sessions.shutdownAll(options.retryMs ?? 3000, options.timeoutMs ?? 5000);
        await watches.stop();
        hub.stop();
        recorder?.stop();
        metrics.stop();
        await metricsServer?.close();
        await source.simulator?.stop();
      })();
      return draining;
    },
  };
}

async function openMetricsServer(
  config: LiveConfig,
  metrics: DrainscopeMetrics,
  log: (message: string) => void,
): Promise<MetricsServer | null> {
  if (config.metrics.port === null) return null;
  try {
    const server = await startMetricsServer({
      metrics,
      port: config.metrics.port,
      host: config.metrics.host,
      auth: readAuthConfig(config.env),
    });
    log(`drainscope: Prometheus metrics on ${config.metrics.host}:${new URL(server.url).port}/metrics`);
    return server;
  } catch (error) {
    // The dashboard matters more than a second port; Prometheus will say the target is down.
    log(
      `drainscope: the metrics port ${config.metrics.host}:${config.metrics.port} could not open (${error instanceof Error ? error.message : String(error)}); /metrics is served on the app's port only`,
    );
    return null;
  }
}

/**
 * Resumes from the store before the watches start, so replayed lines come before live ones. The store is told
 * which cluster this is first (server/store/clusters.ts): resume reads that cluster's lines only, so switching
 * clusters, even ones whose contexts share a name, brings back none of the previous one's pods.
 */
async function openLiveRecorder(
  config: LiveConfig,
  deps: LiveRuntimeDeps,
  context: { source: Source; hub: TimelineHub; now: () => number; log: (message: string) => void },
): Promise<LiveRecorder | null> {
  const settings = storeConfigFor(config.store, context.source.mode === 'simulated');
  let store: RecordingStore | null;
  try {
    store =
      deps.store !== undefined
        ? deps.store
        : settings
          ? new RecordingStore({
              file: settings.file,
              allowanceSeconds: config.allowanceSeconds,
              resumeMs: config.retentionMs,
              log: context.log,
            })
          : null;
  } catch (error) {
    // A read-only or full disk costs the history, not the live view.
    context.log(
      `drainscope: the recording store could not open ${settings?.file ?? ''} (${error instanceof Error ? error.message : String(error)}); running without history`,
    );
    return null;
  }
  if (!store) return null;
  const identity = await identifyCluster(context.source.kubeConfig, { log: context.log });
  const cluster = store.useCluster(identity, context.source.cluster, Date.now());
  context.log(
    `drainscope: recording ${context.source.cluster ?? 'the cluster'} as stored cluster ${cluster.id} (${identity.uid ? `kube-system ${identity.uid}` : identity.endpoint})`,
  );
  return attachStore(store, context.hub, {
    now: context.now,
    replayMs: config.retentionMs,
    // A store handed in by a test keeps what the configuration says, whether or not it would have opened one.
    policy: { maxAgeMs: (settings ?? config.store).retentionMs, maxBytes: (settings ?? config.store).maxBytes },
    owned: deps.store === undefined,
    log: context.log,
  });
}
