/**
 * The metrics of a live runtime against the simulated cluster over real HTTP (client-node watches, the recording
 * store on disk, the metrics port with a bearer token): a termination is counted once when complete, with its
 * gaps and intervals as the simulator's ground truth has them, and not again after a relist or a restart of
 * drainscope; the restarted process counts what happens after it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kubeConfigForServer } from '../kube/kubeconfig';
import { readLiveConfig } from '../live/config';
import { createLiveRuntime, type LiveRuntime } from '../live/runtime';
import { startSimulatedCluster, type SimulatedCluster } from '../live/simulator';
import type { PodTruth } from '../sim/model/truth';
import { importResponse } from '../store/routes';
import { metricsResponse } from './http';
import { parseExposition, sampleValue, type Sample } from './testing/exposition';

const TOKEN = 'scrape-token-for-tests';
const WEB = { namespace: 'shop', workload_kind: 'Deployment', workload: 'web' };

let sim: SimulatedCluster | undefined;
let runtime: LiveRuntime | undefined;
let dir: string | undefined;

afterEach(async () => {
  await runtime?.drain({ timeoutMs: 500 });
  await sim?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  runtime = sim = dir = undefined;
});

async function scrape(target: LiveRuntime): Promise<Sample[]> {
  if (!target.metricsUrl) throw new Error('the runtime has no metrics port');
  const response = await fetch(target.metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  return parseExposition(await response.text());
}

async function scrapeUntil(
  target: LiveRuntime,
  what: string,
  done: (samples: Sample[]) => boolean,
  timeoutMs = 30_000,
): Promise<Sample[]> {
  const deadline = Date.now() + timeoutMs;
  let samples = await scrape(target);
  while (!done(samples)) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; drainscope_* samples: ${samples
          .filter((s) => s.name.startsWith('drainscope_'))
          .map((s) => `${s.name}${JSON.stringify(s.labels)}=${s.value}`)
          .join(', ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
    samples = await scrape(target);
  }
  return samples;
}

const seconds = (from: string | null, to: string | null): number =>
  (Date.parse(to ?? '') - Date.parse(from ?? '')) / 1000;

function terminated(cluster: SimulatedCluster): PodTruth[] {
  return cluster.simulator.groundTruth().pods.filter((pod) => pod.deletedAt !== null);
}

describe('DrainscopeMetrics in a live runtime', () => {
  it('counts each termination once when complete, as the ground truth has it, through a relist and a restart', async () => {
    // ignores-sigterm: SIGKILL at the 30 s deadline (killedAtDeadline, critical); 10x real time.
    const cluster = (sim = await startSimulatedCluster({
      scenario: 'ignores-sigterm',
      seed: 5,
      speed: 10,
      token: null,
    }));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-metrics-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, kubeConfigForServer(cluster.url, { name: 'sim' }).exportConfig());
    const config = readLiveConfig({
      KUBECONFIG: file,
      HOME: dir,
      DRAINSCOPE_DATA_DIR: dir,
      DRAINSCOPE_METRICS_PORT: '0',
      DRAINSCOPE_METRICS_HOST: '127.0.0.1',
      DRAINSCOPE_AUTH_TOKEN: TOKEN,
    });
    // Receipt times on the simulator's clock, which runs 10x: the API's timestamps are on it.
    const deps = { log: () => undefined, now: () => cluster.simulator.clock.now() };
    const first = (runtime = await createLiveRuntime(config, deps));

    const url = first.metricsUrl ?? '';
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

    let samples = await scrapeUntil(
      first,
      'the deleted pod to be counted',
      (s) => sampleValue(s, 'drainscope_terminations_total', WEB) === 1,
    );
    const [truth, ...others] = terminated(cluster);
    expect(others).toEqual([]);
    const app = truth?.containers.find((container) => container.name === 'app');
    expect(app?.sigkillAt).not.toBeNull();
    const gaps = (kind: string) => sampleValue(samples, 'drainscope_termination_gaps_total', { ...WEB, kind });
    expect(gaps('killedAtDeadline')).toBe(1);
    expect(
      sampleValue(samples, 'drainscope_termination_gaps_total', {
        ...WEB,
        kind: 'killedAtDeadline',
        severity: 'critical',
      }),
    ).toBe(1);
    // The endpoint went not ready when the delete began, long before the SIGKILL: no exit while routed.
    expect(Date.parse(truth?.endpoints[0]?.notReadyAt ?? '')).toBeLessThan(Date.parse(app?.exitedAt ?? ''));
    expect(gaps('exitWhileRouted')).toBe(0);
    expect(gaps('watchBlind')).toBe(0);
    // Each interval once; within the API's whole seconds of the truth.
    expect(sampleValue(samples, 'drainscope_termination_drain_seconds_count', WEB)).toBe(1);
    expect(sampleValue(samples, 'drainscope_termination_drain_seconds_sum', WEB)).toBeCloseTo(
      seconds(app?.sigtermAt ?? null, app?.sigkillAt ?? null),
      -0.5,
    );
    expect(sampleValue(samples, 'drainscope_termination_delete_to_gone_seconds_sum', WEB)).toBeCloseTo(
      seconds(truth?.deleteRequestedAt ?? null, truth?.deletedAt ?? null),
      -0.5,
    );
    expect(sampleValue(samples, 'drainscope_termination_propagation_seconds_sum', WEB)).toBeCloseTo(
      seconds(truth?.deleteRequestedAt ?? null, truth?.endpoints[0]?.notReadyAt ?? null),
      -0.5,
    );
    expect(sampleValue(samples, 'drainscope_termination_grace_used_ratio_count', WEB)).toBe(1);
    expect(sampleValue(samples, 'drainscope_termination_grace_used_ratio_bucket', { ...WEB, le: '0.9' })).toBe(0);
    expect(sampleValue(samples, 'drainscope_findings', { ...WEB, kind: 'sigkilled', severity: 'critical' })).toBe(1);
    expect(sampleValue(samples, 'drainscope_terminations_pending')).toBe(0);
    expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    // The same text from the handler app/metrics/route.ts serves (behind the proxy's auth).
    const routed = await metricsResponse(first.metrics);
    expect(routed.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sampleValue(parseExposition(await routed.text()), 'drainscope_terminations_total', WEB)).toBe(1);
    // No pod name in any label.
    const podNames = new Set(cluster.simulator.groundTruth().pods.map((pod) => pod.name));
    expect(samples.flatMap((sample) => Object.values(sample.labels)).filter((value) => podNames.has(value))).toEqual(
      [],
    );

    // Every watch expires and relists: the same pods are derived again, and nothing is counted twice.
    cluster.simulator.faults.expireNextWatches(4);
    cluster.simulator.faults.dropWatches();
    samples = await scrapeUntil(first, 'every watch to relist and connect again', (s) =>
      ['pods', 'events', 'endpointslices'].every(
        (resource) =>
          (sampleValue(s, 'drainscope_watch_relists_total', { resource }) ?? 0) >= 1 &&
          sampleValue(s, 'drainscope_watch_blind_seconds', { resource }) === 0,
      ),
    );
    first.hub.flush();
    samples = await scrape(first);
    expect(sampleValue(samples, 'drainscope_terminations_total', WEB)).toBe(1);
    expect(gaps('killedAtDeadline')).toBe(1);
    expect(sampleValue(samples, 'drainscope_store_lines_appended_total')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'drainscope_store_bytes')).toBeGreaterThan(0);

    // A restart resumes from the store: the termination it already had is not counted again...
    await first.drain({ timeoutMs: 500 });
    const second = (runtime = await createLiveRuntime(config, deps));
    samples = await scrapeUntil(second, 'the restarted runtime to list every resource', (s) =>
      ['pods', 'events', 'endpointslices'].every(
        (resource) => sampleValue(s, 'drainscope_watch_blind_seconds', { resource }) === 0,
      ),
    );
    second.hub.flush();
    samples = await scrape(second);
    expect(sampleValue(samples, 'drainscope_terminations_total', WEB)).toBe(0);
    expect(sampleValue(samples, 'drainscope_termination_gaps_total', { ...WEB, kind: 'killedAtDeadline' })).toBe(0);
    expect(sampleValue(samples, 'drainscope_terminations_pending')).toBe(0);
    // The first lists closed the window drainscope was not running: no gap is left open by it.
    expect(
      second.hub
        .snapshot()
        .pods.flatMap((pod) => pod.gaps)
        .filter((gap) => gap.open),
    ).toEqual([]);

    // ...and one that happens after it is.
    const next = cluster.store.list('pods').items.find((pod) => {
      const metadata = pod.metadata as {
        namespace?: string;
        deletionTimestamp?: string;
        labels?: Record<string, string>;
      };
      return (
        metadata.namespace === 'shop' && metadata.labels?.app === 'web' && metadata.deletionTimestamp === undefined
      );
    });
    const name = (next?.metadata as { name?: string } | undefined)?.name;
    expect(name).toBeDefined();
    const deleted = await fetch(`${cluster.url}/api/v1/namespaces/shop/pods/${name ?? ''}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    samples = await scrapeUntil(
      second,
      'the second deleted pod to be counted',
      (s) => sampleValue(s, 'drainscope_terminations_total', WEB) === 1,
    );
    expect(sampleValue(samples, 'drainscope_termination_gaps_total', { ...WEB, kind: 'killedAtDeadline' })).toBe(1);
    expect(terminated(cluster)).toHaveLength(2);

    // A refused import is counted.
    const refused = await importResponse(
      new Request('http://drainscope/api/import?name=bad.ndjson', { method: 'POST', body: 'not a recording\n' }),
      second,
    );
    expect(refused.status).toBe(400);
    expect(sampleValue(await scrape(second), 'drainscope_import_failures_total')).toBe(1);
  }, 90_000);
});
