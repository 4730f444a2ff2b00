/**
 * Inside a pod drainscope has no kubeconfig: it finds the service-account token, CA and namespace files and the
 * KUBERNETES_SERVICE_HOST/PORT variables. Here those point at the simulated API server over HTTPS with a
 * self-signed CA, requiring the token. Also: a pod spec with secret-looking env values and Secret references
 * never shows them on the stream, /api/timelines, or a recording line (what a store or an export keeps).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLiveConfig } from '../server/live/config';
import { liveRouter } from '../server/live/routes';
import { createLiveRuntime, type LiveRuntime } from '../server/live/runtime';
import { selfSignedCertificate } from '../server/sim/api/test-support';
import { exportResponse, exportTimelinesResponse } from '../server/store/routes';
import { startSim, type RunningSimulator } from '../server/sim/start';
import { serveWebHandler, type ServedHandler } from '../server/sse/node-http';
import { connectSse, type SseTestClient } from '../server/sse/testing/sse-client';

const TOKEN = 'sa-token-in-cluster-test';
/** What must never leave the pod spec: env values, Secret names referenced by env, envFrom and volumes. */
const SECRETS = [
  'sk_live_7f3c9a1e5b2d4f60',
  'payments-env-secret',
  'payments-envfrom-secret',
  'payments-volume-secret',
];

let sim: RunningSimulator;
let runtime: LiveRuntime;
let served: ServedHandler;
let client: SseTestClient | undefined;
const recording: string[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-in-cluster-'));

function addSecretsToEveryPod(): number {
  const pods = sim.store.list('pods').items;
  for (const pod of pods) {
    sim.store.update('pods', pod.metadata.namespace, pod.metadata.name, (object) => {
      const spec = object.spec as { containers: Record<string, unknown>[]; volumes?: unknown[] };
      for (const container of spec.containers) {
        container.env = [
          ...((container.env as unknown[]) ?? []),
          { name: 'STRIPE_KEY', value: SECRETS[0] },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: SECRETS[1], key: 'password' } } },
        ];
        container.envFrom = [{ secretRef: { name: SECRETS[2] } }];
      }
      spec.volumes = [...(spec.volumes ?? []), { name: 'creds', secret: { secretName: SECRETS[3] } }];
    });
  }
  return pods.length;
}

beforeAll(async () => {
  const tls = selfSignedCertificate();
  sim = await startSim({ scenario: 'no-prestop', seed: 21, speed: 4, token: TOKEN, tls });
  // The scenario creates its pods just after it starts; give them secrets before drainscope first lists them.
  const deadline = Date.now() + 10_000;
  while (sim.store.list('pods').items.length === 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(addSecretsToEveryPod()).toBeGreaterThan(0);
  const serviceAccount = path.join(dir, 'serviceaccount');
  fs.mkdirSync(serviceAccount);
  fs.writeFileSync(path.join(serviceAccount, 'token'), TOKEN);
  fs.writeFileSync(path.join(serviceAccount, 'ca.crt'), tls.cert);
  fs.writeFileSync(path.join(serviceAccount, 'namespace'), 'drainscope\n');
  const env = {
    HOME: dir,
    KUBECONFIG: '',
    DRAINSCOPE_SERVICEACCOUNT_DIR: serviceAccount,
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: String(sim.port),
    // The recording store is on outside the simulator; it keeps what the exports serve.
    DRAINSCOPE_DATA_DIR: path.join(dir, 'data'),
  };
  runtime = await createLiveRuntime(readLiveConfig(env), { log: () => undefined });
  runtime.hub.tapLines((line) => recording.push(line));
  const live = liveRouter(runtime);
  served = await serveWebHandler((request) => {
    const pathname = new URL(request.url).pathname;
    if (pathname === '/api/export') return exportResponse(request, runtime);
    if (pathname === '/api/export/timelines.csv') return exportTimelinesResponse(request, runtime, 'csv');
    return live(request);
  });
}, 30_000);

afterAll(async () => {
  client?.close();
  await runtime?.drain({ timeoutMs: 1000 });
  await served?.close();
  await sim?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('in-cluster configuration', () => {
  it('connects with the service-account token over TLS verified against ca.crt, and a terminating pod arrives as a timeline', async () => {
    expect(runtime.mode).toBe('in-cluster');
    expect(runtime.hello()).toMatchObject({ mode: 'in-cluster', cluster: `https://127.0.0.1:${sim.port}` });
    client = connectSse(`${served.url}/api/stream`);
    const deleted = () =>
      [...(client?.store.getSnapshot().pods.values() ?? [])].filter((pod) =>
        pod.markers.some((marker) => marker.kind === 'deleteRequested'),
      );
    await client.waitFor(() => deleted().length > 0, 40_000);
    expect(runtime.readiness()).toEqual({ ready: true, problems: [], blind: [] });
  }, 60_000);

  it('never shows env values or Secret references on the stream, /api/timelines, a recording line, or the exports', async () => {
    const streamed = JSON.stringify(client?.events ?? []);
    const timelines = await (await fetch(`${served.url}/api/timelines`)).text();
    const range = `from=0&to=${Date.now() + 3_600_000}`;
    // The store commits in batches: wait until the export holds the pods (their env names show they are in it).
    let exported = '';
    const deadline = Date.now() + 15_000;
    while (!exported.includes('STRIPE_KEY') && Date.now() < deadline) {
      const response = await fetch(`${served.url}/api/export?${range}`);
      exported = response.ok
        ? gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')
        : `${response.status}`;
      if (!exported.includes('STRIPE_KEY')) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(exported).toContain('STRIPE_KEY');
    const csv = await (await fetch(`${served.url}/api/export/timelines.csv?${range}`)).text();
    expect(recording.length).toBeGreaterThan(1);
    // The recording kept the variables' names: the objects really did carry them.
    expect(recording.some((line) => line.includes('STRIPE_KEY'))).toBe(true);
    for (const [where, text] of [
      ['stream', streamed],
      ['timelines', timelines],
      ['recording', recording.join('\n')],
      ['export', exported],
      ['csv', csv],
    ] as const) {
      for (const secret of SECRETS)
        expect({ where, leaked: text.includes(secret) ? secret : null }).toEqual({ where, leaked: null });
    }
  });
});
