/**
 * End to end over real HTTP: the simulated cluster's API, client-node watches, the hub, the SSE handler on
 * node:http, and a real HTTP stream client. The pod is deleted by the real kubectl.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PodTimeline } from '@/lib/timeline/types';
import { serveWebHandler, type ServedHandler } from '../sse/node-http';
import { connectSse, type SseTestClient } from '../sse/testing/sse-client';
import { readLiveConfig } from './config';
import { liveRouter } from './routes';
import { createLiveRuntime, type LiveRuntime } from './runtime';
import { startSimulatedCluster } from './simulator';
import { kubectl, writeKubectlConfig, type KubectlConfig } from './testing/kubectl';

let runtime: LiveRuntime;
let served: ServedHandler;
let client: SseTestClient | undefined;
let kubeconfig: KubectlConfig | undefined;

beforeAll(async () => {
  runtime = await createLiveRuntime(readLiveConfig({ DRAINSCOPE_SIMULATE: '1', HOME: '/nonexistent' }), {
    log: () => undefined,
    // no-prestop: two web pods whose app dies of SIGTERM at once; 4x real time keeps the test short.
    startSimulator: () => startSimulatedCluster({ scenario: 'no-prestop', seed: 11, speed: 4, token: null }),
  });
  served = await serveWebHandler(liveRouter(runtime));
});

afterAll(async () => {
  client?.close();
  kubeconfig?.dispose();
  await runtime?.drain({ timeoutMs: 1000 });
  await served?.close();
});

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('live pipeline against the simulated cluster', () => {
  it('says it is simulated in /api/health and in the stream hello, and becomes ready once every watch synced', async () => {
    await waitUntil(async () => (await fetch(`${served.url}/api/ready`)).status === 200, 10_000, '/api/ready');
    const health = (await (await fetch(`${served.url}/api/health`)).json()) as { mode: string; notice: string };
    expect(health.mode).toBe('simulated');
    expect(health.notice).toMatch(/^Simulated cluster \(no-prestop scenario/);
  });

  it('streams a kubectl delete pod to an SSE client as a timeline with the delete, endpoint, exit and deletion markers', async () => {
    client = connectSse(`${served.url}/api/stream`);
    await client.waitFor((events) => events.some((event) => event.event === 'snapshot'));
    expect(client.store.getSnapshot().hello).toMatchObject({ mode: 'simulated' });

    const store = runtime.simulator?.store;
    const readyPod = () =>
      store?.list('pods').items.find((pod) => {
        const status = pod.status as { conditions?: { type: string; status: string }[] } | undefined;
        return (
          !pod.metadata.deletionTimestamp && status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
        );
      });
    await waitUntil(() => readyPod() !== undefined, 15_000, 'a ready pod in the simulator');
    const victim = readyPod();
    if (!victim?.metadata.uid) throw new Error('no pod to delete');
    kubeconfig = writeKubectlConfig(runtime.simulator?.url ?? '');
    const deleted = await kubectl(kubeconfig, ['delete', 'pod', victim.metadata.name, '--wait=false']);
    expect(deleted.stderr).toBe('');
    expect(deleted.stdout).toContain(`pod "${victim.metadata.name}" deleted`);

    const uid = victim.metadata.uid;
    const kinds = (): string[] =>
      client?.store
        .getSnapshot()
        .pods.get(uid)
        ?.markers.map((marker) => marker.kind) ?? [];
    await client.waitFor(() => kinds().includes('podDeleted'), 20_000);
    const timeline = client.store.getSnapshot().pods.get(uid) as PodTimeline;
    expect(kinds()).toEqual(
      expect.arrayContaining(['deleteRequested', 'endpointNotReady', 'containerExited', 'podDeleted']),
    );
    expect(timeline.markers.find((marker) => marker.kind === 'containerExited')).toMatchObject({ exitCode: 143 });
    expect(timeline.markers.find((marker) => marker.kind === 'endpointNotReady')?.evidence.length).toBeGreaterThan(0);
    // The simulator runs 4x faster than the wall clock: receipt times must still be on its clock, so the observed
    // endpoint change lands just after the second-precision delete request, not seconds before it.
    const at = (kind: string) => timeline.markers.find((marker) => marker.kind === kind)?.at ?? Number.NaN;
    expect(at('endpointNotReady') - at('deleteRequested')).toBeGreaterThanOrEqual(0);
    expect(at('endpointNotReady') - at('deleteRequested')).toBeLessThan(2000);
  });

  it('offers the recording header a future store would write first', () => {
    expect(JSON.parse(runtime.recordingHeader())).toMatchObject({
      drainscope: 'recording',
      version: 1,
      cluster: 'simulator/no-prestop',
      scope: { namespaces: null },
    });
  });

  it('serves the same timelines as analysis JSON at /api/timelines, filtered by namespace', async () => {
    const all = (await (await fetch(`${served.url}/api/timelines`)).json()) as {
      version: number;
      pods: { namespace: string }[];
    };
    expect(all.version).toBe(1);
    expect(all.pods.length).toBeGreaterThan(0);
    const none = (await (await fetch(`${served.url}/api/timelines?namespace=elsewhere`)).json()) as { pods: unknown[] };
    expect(none.pods).toEqual([]);
  });
});
