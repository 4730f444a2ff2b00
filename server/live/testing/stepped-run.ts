/**
 * Runs a seeded scenario under virtual time against the real pipeline (simulated apiserver over HTTP → client-node
 * watches → hub), one step at a time: after each step it waits until every change of the step reached the hub.
 * Receipt times come from the virtual clock, so two runs of the same (scenario, seed) see identical times, and a
 * run with faults can be compared to an undisturbed one.
 */
import { VirtualClock } from '../../sim/clock';
import { createSimApiServer, type SimApiServer, type SimFaults } from '../../sim/api';
import { Random } from '../../sim/model/random';
import { createScenarioCluster } from '../../sim/scenarios';
import { FIXTURE_START } from '../../sim/scenarios/run';
import { ObjectStore, type SimResource } from '../../sim/object-store';
import { TimelineHub } from '../../hub/hub';
import { kubeConfigForServer } from '../../kube/kubeconfig';
import { WatchManager, type WatchManagerStatus } from '../../kube/watch-manager';
import type { Analysis } from '@/lib/timeline/types';

export interface SteppedRunOptions {
  scenario: string;
  seed: number;
  stepMs?: number;
  /** Called before each step with the simulated ms since start; inject faults here (and wait real time if needed). */
  beforeStep?: (elapsedMs: number, faults: SimFaults) => void | Promise<void>;
  hangTimeoutMs?: number;
  limitMs?: number;
  /** Resources the apiserver refuses from the start (RBAC); only an optional one lets the run proceed. */
  forbid?: SimResource[];
  /** The hub, before the watches start: a test can serve it to stream clients. */
  onHub?: (hub: TimelineHub) => void | Promise<void>;
}

export interface SteppedRunResult {
  analysis: Analysis;
  /** The watch manager's status at the end (before it stopped). */
  status: WatchManagerStatus;
  watchStates: { resource: string; state: string; reason?: string }[];
}

async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export async function runStepped(options: SteppedRunOptions): Promise<SteppedRunResult> {
  const clock = new VirtualClock(FIXTURE_START);
  const uids = new Random(options.seed).fork('store');
  const store = new ObjectStore({ clock, newUid: () => uids.uuid() });
  const cluster = createScenarioCluster(options.scenario, { clock, store, seed: options.seed });
  const api: SimApiServer = createSimApiServer({ store, control: cluster, clock, watch: { bookmarkIntervalMs: 100 } });
  const { url } = await api.listen(0, '127.0.0.1');
  const newest: Record<SimResource, number> = { pods: 0, events: 0, endpointslices: 0, deployments: 0 };
  const unsubscribe = store.subscribe((event) => (newest[event.resource] = event.resourceVersion));
  const hub = new TimelineHub({ now: () => clock.now() });
  const watchStates: SteppedRunResult['watchStates'] = [];
  const manager = new WatchManager({
    kubeConfig: kubeConfigForServer(url),
    namespaces: null,
    labelSelector: null,
    now: () => clock.now(),
    sink: (entry, line) => {
      if (entry.type === 'WATCH')
        watchStates.push({
          resource: entry.resource,
          state: entry.state,
          ...(entry.reason ? { reason: entry.reason } : {}),
        });
      hub.ingest(entry, line);
    },
    // As the live runtime reports them (server/live/runtime.ts): why a resource has not listed.
    onSyncFailure: (resource, reason) => hub.reportUnsynced(resource, reason, clock.now()),
    hangTimeoutMs: options.hangTimeoutMs ?? 500,
    backoff: { initialMs: 20, maxMs: 200 },
  });
  const refused = new Set<string>(options.forbid ?? []);
  const watched = () => manager.status().reflectors.filter((status) => !refused.has(status.resource));
  const caughtUp = (): boolean =>
    watched().every((status) => status.synced && Number(status.resourceVersion || 0) >= newest[status.resource]);
  try {
    for (const resource of refused) api.faults.forbid(resource);
    await options.onHub?.(hub);
    cluster.start();
    manager.start();
    const stepMs = options.stepMs ?? 100;
    const limit = cluster.startedAt + (options.limitMs ?? 10 * 60_000);
    await until(caughtUp, 10_000, () => 'the first lists');
    // Silence counts as a hang only on watches the server has sent a bookmark (server/kube/resource-client.ts).
    await until(
      () => watched().every((status) => status.bookmarks),
      10_000,
      () => 'a bookmark on every watch',
    );
    while (!cluster.done && clock.now() < limit) {
      await options.beforeStep?.(clock.now() - cluster.startedAt, api.faults);
      clock.advanceTo(clock.now() + stepMs);
      await until(
        caughtUp,
        10_000,
        () =>
          `step at ${clock.now() - cluster.startedAt} ms: ${JSON.stringify(watched())} vs ${JSON.stringify(newest)}`,
      );
    }
    api.faults.reset();
    return { analysis: hub.analysis(), status: manager.status(), watchStates };
  } finally {
    unsubscribe();
    await manager.stop();
    hub.stop();
    cluster.stop();
    await api.close();
  }
}
