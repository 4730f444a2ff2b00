/**
 * Two simulated clusters whose kubeconfig contexts share a name (as every kubeadm cluster is
 * `kubernetes-admin@kubernetes`), watched one after the other by the live runtime on one data directory: their
 * histories stay apart (server/store/clusters.ts). After the switch the live view holds none of the first
 * cluster's pods and no blind window spans the switch; the episodes of each are listed under its own cluster.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { episodesAnswerSchema } from '@/lib/review/api-schemas';
import { kubeConfigForServer } from '../kube/kubeconfig';
import { episodesResponse, historyTimelinesResponse } from '../store/routes';
import { readLiveConfig } from './config';
import { createLiveRuntime, type LiveRuntime } from './runtime';
import { startSimulatedCluster, type SimulatedCluster } from './simulator';
import { sqlOf } from '../store/testing/sql';

const CONTEXT = 'kubernetes-admin@kubernetes';

let sim: SimulatedCluster | undefined;
let runtime: LiveRuntime | undefined;
let dir: string | undefined;

afterEach(async () => {
  await runtime?.drain({ timeoutMs: 300 });
  await sim?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  runtime = sim = dir = undefined;
});

/** A simulated cluster, and the runtime watching it through a kubeconfig whose only context is CONTEXT. */
async function watch(dataDir: string, seed: number): Promise<{ cluster: SimulatedCluster; live: LiveRuntime }> {
  const cluster = (sim = await startSimulatedCluster({ scenario: 'no-prestop', seed, speed: 20, token: null }));
  const file = path.join(dataDir, 'kubeconfig');
  fs.writeFileSync(file, kubeConfigForServer(cluster.url, { name: CONTEXT }).exportConfig());
  const config = readLiveConfig({ KUBECONFIG: file, HOME: dataDir, DRAINSCOPE_DATA_DIR: dataDir });
  const live = (runtime = await createLiveRuntime(config, {
    log: () => undefined,
    now: () => cluster.simulator.clock.now(),
  }));
  return { cluster, live };
}

async function untilDeleted(live: LiveRuntime): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!live.hub.analysis().pods.some((pod) => pod.markers.some((marker) => marker.kind === 'podDeleted'))) {
    if (Date.now() > deadline) throw new Error('no simulated pod was deleted in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  live.hub.flush();
}

async function episodes(live: LiveRuntime, query = '') {
  const response = await episodesResponse(new Request(`http://t/api/episodes${query}`), live);
  expect(response.status).toBe(200);
  const answer = episodesAnswerSchema.parse(await response.json());
  return { ...answer, live: answer.episodes.filter((episode) => episode.kind !== 'imported') };
}

describe('two clusters sharing a context name, one after the other on one data directory', () => {
  it('keep their histories apart: live view, resume, episodes and history', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-clusters-'));
    // Two seeds: a simulator derives its pods' UIDs from its seed, and pods of the two must be told apart here.
    const first = await watch(dir, 3);
    await untilDeleted(first.live);
    const firstUids = new Set(first.cluster.simulator.groundTruth().pods.map((pod) => pod.uid));
    const firstEpisodes = await episodes(first.live);
    expect(firstEpisodes.live.length).toBeGreaterThan(0);
    await first.live.drain({ timeoutMs: 300 });
    await first.cluster.stop();

    const second = await watch(dir, 4);
    // Before any watch of the second cluster delivers: nothing of the first was resumed into the live view.
    expect(second.live.hub.analysis().pods).toEqual([]);
    await untilDeleted(second.live);
    const secondUids = new Set(second.cluster.simulator.groundTruth().pods.map((pod) => pod.uid));
    expect([...secondUids].filter((uid) => firstUids.has(uid))).toEqual([]);
    const shown = second.live.hub.analysis().pods;
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((pod) => firstUids.has(pod.uid))).toEqual([]);
    expect(shown.every((pod) => secondUids.has(pod.uid))).toBe(true);
    // No "drainscope was not running" window: the second cluster was never watched before, so nothing was missed.
    expect(shown.flatMap((pod) => pod.gaps).filter((gap) => gap.kind === 'watchBlind')).toEqual([]);
    const store = second.live.store;
    if (!store) throw new Error('the runtime has no store');
    store.commit();
    const blindLines = sqlOf(store)
      .prepare("SELECT count(*) FROM lines WHERE source <= 0 AND line LIKE '%drainscope was not running%'")
      .pluck()
      .get();
    expect(blindLines).toBe(0);

    // Two clusters of one name, told apart by their kube-system UIDs; the list is the one watched now.
    const now = await episodes(second.live);
    expect(now.clusters?.map((cluster) => cluster.name)).toEqual([CONTEXT, CONTEXT]);
    const [current, previous] = now.clusters ?? [];
    expect(current?.current).toBe(true);
    expect(previous?.current).toBe(false);
    expect(current?.uid).not.toBe(previous?.uid);
    expect(now.cluster).toBe(current?.id);
    expect(now.live.length).toBeGreaterThan(0);
    expect(now.live.flatMap((episode) => episode.podUids).every((uid) => secondUids.has(uid))).toBe(true);

    // The first cluster's history is still there, under its own cluster, and only its pods are in it.
    const before = await episodes(second.live, `?cluster=${previous?.id ?? -1}`);
    expect(before.cluster).toBe(previous?.id);
    expect(before.live.map((episode) => episode.podUids)).toEqual(firstEpisodes.live.map((episode) => episode.podUids));
    expect(before.live.flatMap((episode) => episode.podUids).every((uid) => firstUids.has(uid))).toBe(true);
    const reviewed = await historyTimelinesResponse(
      new Request(`http://t/api/history/timelines?episode=${encodeURIComponent(before.live[0]?.id ?? '')}`),
      second.live,
    );
    expect(reviewed.status).toBe(200);
    const { model } = (await reviewed.json()) as { model: { pods: { uid: string }[] } };
    expect(model.pods.length).toBeGreaterThan(0);
    expect(model.pods.every((pod) => firstUids.has(pod.uid))).toBe(true);

    const refused = await episodesResponse(
      new Request('http://t/api/episodes?cluster=kubernetes-admin@kubernetes'),
      second.live,
    );
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain('?cluster=');
    expect((await episodesResponse(new Request('http://t/api/episodes?cluster=99'), second.live)).status).toBe(400);
  }, 60_000);
});
