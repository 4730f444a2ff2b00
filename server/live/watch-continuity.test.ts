/**
 * Blind windows end to end: the simulated apiserver over HTTP, the real @kubernetes/client-node (kubeconfig, TLS
 * and auth options, and its CoreV1Api to delete pods), the live runtime with its watches, hub and store.
 * - A hung watch (the simulator's `hang-watches`: open, silent, no bookmarks) is cut after the hang bound; its
 *   `disconnected` line starts the window at the watch's last delivery, and /api/health and /api/ready name it.
 * - drainscope's own restart: the stored objects seed the watches, so pods deleted while it was down get a DELETED
 *   between `disconnected` and `relisted`, and every resource's window closes.
 * - Pods deleted while the watches are blind, then a 410 or an apiserver restart: ended by the relist, in the window.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiObject } from '../sim/object-store';
import { kubeConfigForServer } from '../kube/kubeconfig';
import { RecordingStore } from '../store/store';
import { readLiveConfig } from './config';
import { healthResponse, readyResponse } from './routes';
import { createLiveRuntime, type LiveRuntime } from './runtime';
import { startSimulatedCluster, type SimulatedCluster } from './simulator';

let sim: SimulatedCluster | undefined;
const runtimes: LiveRuntime[] = [];
let store: RecordingStore | undefined;
let dir: string | undefined;

afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.drain({ timeoutMs: 300 });
  store?.close();
  await sim?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  sim = store = dir = undefined;
});

interface WatchLine {
  at: string;
  type: string;
  resource?: string;
  state?: string;
  reason?: string;
  since?: string;
  object?: { metadata?: { uid?: string; name?: string } };
}

async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A simulator sending bookmarks every `bookmarkIntervalMs`, and a kubeconfig file for it (read as for a cluster). */
async function startCluster(bookmarkIntervalMs = 100): Promise<string> {
  sim = await startSimulatedCluster({ scenario: 'no-prestop', seed: 7, token: null, watch: { bookmarkIntervalMs } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-continuity-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, kubeConfigForServer(sim.url, { name: 'staging' }).exportConfig());
  return file;
}

async function startRuntime(
  kubeconfig: string,
  options: { hangSeconds?: string; store?: RecordingStore } = {},
): Promise<LiveRuntime> {
  const config = readLiveConfig({
    KUBECONFIG: kubeconfig,
    HOME: dir,
    DRAINSCOPE_STORE: 'off',
    DRAINSCOPE_WATCH_HANG_SECONDS: options.hangSeconds ?? '1.5',
  });
  const runtime = await createLiveRuntime(config, {
    log: () => undefined,
    store: options.store ?? null,
    watchOptions: { backoff: { initialMs: 20, maxMs: 100 } },
  });
  runtimes.push(runtime);
  await until(
    () => runtime.readiness().ready,
    10_000,
    () => `ready: ${runtime.readiness().problems.join('; ')}`,
  );
  return runtime;
}

function readyPods(): ApiObject[] {
  return (sim?.store.list('pods').items ?? []).filter((pod) => {
    const status = pod.status as { conditions?: { type: string; status: string }[] } | undefined;
    return (
      !pod.metadata.deletionTimestamp &&
      status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True')
    );
  });
}

/** Deletes pods through client-node's CoreV1Api and waits until the simulator no longer has them. */
async function deletePods(pods: ApiObject[]): Promise<void> {
  const core = (sim?.kubeConfig ?? kubeConfigForServer('http://127.0.0.1:1')).makeApiClient(CoreV1Api);
  for (const pod of pods)
    await core.deleteNamespacedPod({ name: pod.metadata.name, namespace: pod.metadata.namespace ?? 'default' });
  const uids = new Set(pods.map((pod) => pod.metadata.uid));
  await until(
    () => !(sim?.store.list('pods').items ?? []).some((pod) => uids.has(pod.metadata.uid)),
    30_000,
    () => 'the deleted pods to be gone from the simulator',
  );
}

/**
 * For each uid, the watch lines of `resource` around its DELETED: the last state line before it and the first after.
 * A DELETED seen through a relist lies between a `disconnected` and the `relisted` that closes it.
 */
function windowAround(
  lines: WatchLine[],
  uid: string,
  resource = 'pods',
): { before: WatchLine | undefined; after: WatchLine | undefined } {
  const index = lines.findIndex((line) => line.type === 'DELETED' && line.object?.metadata?.uid === uid);
  if (index < 0) return { before: undefined, after: undefined };
  const state = (line: WatchLine) => line.type === 'WATCH' && line.resource === resource;
  return { before: lines.slice(0, index).findLast(state), after: lines.slice(index + 1).find(state) };
}

describe('a hung watch', () => {
  it('is cut after the hang bound, blind from its last delivery, and /api/health and /api/ready name it until it delivers again', async () => {
    const runtime = await startRuntime(await startCluster());
    const lines: WatchLine[] = [];
    runtime.hub.tapLines((line) => lines.push(JSON.parse(line) as WatchLine));
    const pods = () => runtime.watches.status().reflectors.find((status) => status.resource === 'pods');
    // The server has shown it sends bookmarks, and one arrived after `before`: the watch was alive then.
    const before = Date.now();
    await until(
      () =>
        runtime.watches.status().reflectors.every((status) => status.bookmarks) &&
        (pods()?.lastDeliveryAt ?? 0) > before,
      10_000,
      () => 'bookmarks',
    );
    expect(runtime.readiness().blind).toEqual([]);

    const from = lines.length;
    sim?.simulator.faults.hangWatches();
    const cut = () =>
      lines
        .slice(from)
        .find((line) => line.type === 'WATCH' && line.resource === 'pods' && line.state === 'disconnected');
    await until(
      () => cut() !== undefined,
      15_000,
      () => 'the hang to be detected',
    );
    const disconnected = cut() as WatchLine;
    expect(disconnected.reason).toBe('no data or bookmark for 1.5 s: watch presumed hung');
    const since = Date.parse(disconnected.since ?? '');
    // The window starts at the last delivery (after `before`), not where the hang was detected (1.5 s of silence later).
    expect(since).toBeGreaterThan(before);
    expect(Date.parse(disconnected.at) - since).toBeGreaterThanOrEqual(1500);

    // The relist succeeds (lists are not hung) but the next watch is as silent: still reported, since the first silence.
    const hungPods = () => runtime.readiness().blind.find((watch) => watch.resource === 'pods');
    await until(
      () => lines.some((line) => line.type === 'WATCH' && line.resource === 'pods' && line.state === 'relisted'),
      10_000,
      () => 'the relist',
    );
    expect(hungPods()).toMatchObject({ resource: 'pods', namespace: null, state: 'hung', since: disconnected.since });
    const ready = readyResponse(runtime);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { blind: unknown[] }).blind).toContainEqual(
      expect.objectContaining({ resource: 'pods', state: 'hung', since: disconnected.since }),
    );
    const health = (await healthResponse(runtime).json()) as { watches: { blind: unknown[] } };
    expect(health.watches.blind).toContainEqual(
      expect.objectContaining({ resource: 'pods', state: 'hung', since: disconnected.since }),
    );
    // The page hears it through the hub's watch status.
    expect(runtime.hub.snapshot().watches.find((watch) => watch.resource === 'pods')).toMatchObject({
      hungSince: since,
    });

    sim?.simulator.faults.releaseWatches();
    await until(
      () => runtime.readiness().blind.length === 0,
      15_000,
      () => `the watches to deliver again: ${JSON.stringify(runtime.readiness().blind)}`,
    );
    expect(runtime.hub.snapshot().watches.find((watch) => watch.resource === 'pods')?.hungSince).toBeUndefined();
    // Every window the hang opened was closed by a relist.
    const states = lines
      .filter((line) => line.type === 'WATCH' && line.resource === 'pods' && line.state !== 'connected')
      .map((line) => line.state);
    expect(states.at(-1)).toBe('relisted');
  }, 60_000);
});

describe("drainscope's own restart", () => {
  it('ends the pods deleted while it was down between disconnected and relisted, and closes every resource window', async () => {
    const kubeconfig = await startCluster();
    store = new RecordingStore({ file: ':memory:' });
    const first = await startRuntime(kubeconfig, { store });
    await until(
      () => readyPods().length >= 2 && first.hub.analysis().pods.length >= 2,
      20_000,
      () => 'two ready pods seen live',
    );
    const victims = readyPods().slice(0, 2);
    await first.drain({ timeoutMs: 300 });

    await deletePods(victims);
    const second = await startRuntime(kubeconfig, { store });
    const stored = () =>
      [...(store as RecordingStore).range(0, Number.MAX_SAFE_INTEGER)].map((row) => JSON.parse(row.line) as WatchLine);
    const resumeAt = () =>
      stored().findIndex((line) => line.type === 'WATCH' && line.reason === 'drainscope was not running');
    await until(
      () =>
        resumeAt() >= 0 &&
        stored()
          .slice(resumeAt())
          .filter((line) => line.state === 'relisted').length === 4,
      10_000,
      () => 'relisted for every resource',
    );
    const lines = stored().slice(resumeAt());
    for (const resource of ['pods', 'events', 'endpointslices', 'deployments']) {
      const states = lines
        .filter((line) => line.type === 'WATCH' && line.resource === resource)
        .map((line) => line.state);
      expect(states.slice(0, 2)).toEqual(['disconnected', 'relisted']);
    }
    for (const victim of victims) {
      const around = windowAround(lines, victim.metadata.uid ?? '');
      expect(around.before).toMatchObject({ state: 'disconnected', reason: 'drainscope was not running' });
      expect(around.after).toMatchObject({ state: 'relisted' });
    }
    // No pod outlives its cluster: the live view ends both.
    for (const victim of victims) {
      const timeline = second.hub.analysis().pods.find((pod) => pod.uid === victim.metadata.uid);
      expect(timeline?.markers.map((marker) => marker.kind)).toContain('podDeleted');
    }
    expect(second.readiness().blind).toEqual([]);
  }, 90_000);
});

describe('pods deleted while the watches are blind', () => {
  it('are ended by the relist after a 410 and after an apiserver restart, inside the recorded window', async () => {
    // No bookmark within the test (one a minute), so silence is never taken for a hang here: only the faults break the watches.
    const runtime = await startRuntime(await startCluster(60_000), { hangSeconds: '30' });
    const lines: WatchLine[] = [];
    runtime.hub.tapLines((line) => lines.push(JSON.parse(line) as WatchLine));
    await until(
      () => readyPods().length >= 2,
      20_000,
      () => 'two ready pods',
    );
    const [expired, restarted] = readyPods();
    if (!expired || !restarted) throw new Error('no pods to delete');
    const faults = sim?.simulator.faults;
    const relists = () =>
      lines.filter((line) => line.type === 'WATCH' && line.resource === 'pods' && line.state === 'relisted').length;

    // Hung: the deletion is held back from the watch (and dropped with it), so only a relist can tell.
    faults?.hangWatches();
    await deletePods([expired]);
    faults?.expireNextWatches(4);
    faults?.dropWatches();
    faults?.releaseWatches();
    await until(
      () => windowAround(lines, expired.metadata.uid ?? '').after !== undefined,
      15_000,
      () => 'the DELETED of the first pod',
    );
    const first = windowAround(lines, expired.metadata.uid ?? '');
    expect(first.before).toMatchObject({ state: 'disconnected' });
    expect(first.after).toMatchObject({ state: 'relisted' });
    expect(Date.parse(first.before?.since ?? '')).toBeLessThanOrEqual(Date.parse(first.before?.at ?? ''));
    // The 410 came on the watch after the relist; its own window closed with a relist too.
    await until(
      () => lines.some((line) => line.type === 'WATCH' && line.reason?.includes('410') === true) && relists() >= 2,
      15_000,
      () => 'a 410 and its relist',
    );
    await until(
      () => runtime.readiness().blind.length === 0,
      15_000,
      () => 'the watches to recover',
    );

    faults?.hangWatches();
    await deletePods([restarted]);
    faults?.restartWithHistoryLost();
    faults?.releaseWatches();
    await until(
      () => windowAround(lines, restarted.metadata.uid ?? '').after !== undefined,
      15_000,
      () => 'the DELETED of the second pod',
    );
    const second = windowAround(lines, restarted.metadata.uid ?? '');
    expect(second.before).toMatchObject({ state: 'disconnected', reason: expect.stringContaining('dropped') });
    expect(second.after).toMatchObject({ state: 'relisted' });
    for (const victim of [expired, restarted]) {
      expect(
        runtime.hub
          .analysis()
          .pods.find((pod) => pod.uid === victim.metadata.uid)
          ?.markers.map((marker) => marker.kind),
      ).toContain('podDeleted');
    }
  }, 90_000);
});
