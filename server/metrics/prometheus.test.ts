/**
 * End to end with a real Prometheus (Debian's package, installed here when missing): it scrapes drainscope's
 * metrics port with a bearer token while the simulator runs pods that ignore SIGTERM (each termination ends in a
 * SIGKILL at the grace deadline: a critical killedAtDeadline gap), evaluates deploy/prometheus's rules, and its
 * HTTP API is asked for the counters and the alert expressions, checked against the simulator's ground truth.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLiveConfig } from '../live/config';
import { createLiveRuntime, type LiveRuntime } from '../live/runtime';
import { startSimulatedCluster, type SimulatedCluster } from '../live/simulator';
import { ensurePrometheus } from './testing/install-prometheus';
import {
  alertExpr,
  startPrometheus,
  writeRulesFile,
  type RunningPrometheus,
  type VectorSample,
} from './testing/prometheus';

const TOKEN = 'prometheus-scrape-token';
const WEB = '{namespace="shop",workload_kind="Deployment",workload="web"}';

let cluster: SimulatedCluster;
let runtime: LiveRuntime | undefined;
let prometheus: RunningPrometheus | undefined;
let dir: string;

beforeAll(async () => {
  ensurePrometheus();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-prom-e2e-'));
  // ignores-sigterm deletes one of two web pods 15 s (simulated) in; the test deletes the other once Prometheus has
  // scraped the first one's count, so the alert's increase() sees a step between two samples. 5x real time.
  cluster = await startSimulatedCluster({ scenario: 'ignores-sigterm', seed: 7, speed: 5, token: null });
  runtime = await createLiveRuntime(
    readLiveConfig({
      DRAINSCOPE_SIMULATE: '1',
      HOME: dir,
      DRAINSCOPE_STORE: 'off',
      DRAINSCOPE_METRICS_PORT: '0',
      DRAINSCOPE_METRICS_HOST: '127.0.0.1',
      DRAINSCOPE_AUTH_TOKEN: TOKEN,
    }),
    { log: () => undefined, startSimulator: async () => cluster },
  );
  if (!runtime.metricsUrl) throw new Error('the runtime opened no metrics port');
  prometheus = await startPrometheus({
    target: runtime.metricsUrl,
    bearerToken: TOKEN,
    rulesFile: writeRulesFile(dir),
    intervalSeconds: 1,
  });
}, 20 * 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await runtime?.drain({ timeoutMs: 500 });
  fs.rmSync(dir, { recursive: true, force: true });
});

const only = (samples: VectorSample[]): number | undefined => (samples.length === 1 ? samples[0]?.value : undefined);

describe('Prometheus scraping drainscope', () => {
  it(
    'has the critical gaps of the simulated terminations, and the rollout alert fires for the workload',
    async () => {
      const live = prometheus;
      if (!live) throw new Error('prometheus did not start');
      await live.queryUntil(
        'up{job="drainscope"}',
        'Prometheus to scrape drainscope with the bearer token',
        (s) => only(s) === 1,
      );

      await live.queryUntil(
        `drainscope_terminations_total${WEB}`,
        "the scenario's termination to be scraped",
        (s) => only(s) === 1,
        90_000,
      );
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
      const name = (next?.metadata as { name?: string } | undefined)?.name ?? '';
      expect((await fetch(`${cluster.url}/api/v1/namespaces/shop/pods/${name}`, { method: 'DELETE' })).status).toBe(
        200,
      );
      await live.queryUntil(
        `drainscope_terminations_total${WEB}`,
        'the second termination to be scraped',
        (s) => only(s) === 2,
        90_000,
      );

      // Ground truth: every deleted pod was SIGKILLed at its deadline, after its endpoint went not ready.
      const truth = cluster.simulator.groundTruth().pods.filter((pod) => pod.deletedAt !== null);
      expect(truth).toHaveLength(2);
      const killed = truth.filter((pod) =>
        pod.containers.some((container) => !container.sidecar && container.sigkillAt !== null),
      ).length;
      const exitedWhileRouted = truth.filter((pod) =>
        pod.containers.some(
          (container) =>
            container.exitedAt !== null &&
            pod.endpoints.some(
              (endpoint) =>
                endpoint.notReadyAt === null || Date.parse(container.exitedAt ?? '') < Date.parse(endpoint.notReadyAt),
            ),
        ),
      ).length;
      expect(killed).toBe(2);
      expect(exitedWhileRouted).toBe(0);

      const critical = await live.query(
        `drainscope_termination_gaps_total{severity="critical",namespace="shop",workload="web"}`,
      );
      const byKind = Object.fromEntries(critical.map((sample) => [sample.labels.kind, sample.value]));
      expect(byKind).toEqual({ killedAtDeadline: killed, exitWhileRouted: exitedWhileRouted });
      expect(only(await live.query(`drainscope_termination_drain_seconds_count${WEB}`))).toBe(2);

      // The rule's own expression, as deploy/prometheus/prometheusrule.yaml has it.
      const dropped = await live.query(alertExpr('DrainscopeRolloutDroppedTraffic'));
      expect(dropped.map((sample) => sample.labels)).toEqual([
        { namespace: 'shop', workload_kind: 'Deployment', workload: 'web', kind: 'killedAtDeadline' },
      ]);
      expect(dropped[0]?.value).toBeGreaterThan(0);
      await live.queryUntil(
        'ALERTS{alertname="DrainscopeRolloutDroppedTraffic",alertstate="firing"}',
        'the rollout alert to fire',
        (s) => s.length === 1 && s[0]?.labels.workload === 'web',
      );

      // Every watch sees: the blind alert's expression is empty.
      expect(await live.query(alertExpr('DrainscopeBlind'))).toEqual([]);
      expect(await live.query('drainscope_watch_blind_seconds')).toHaveLength(3);
    },
    5 * 60_000,
  );
});
