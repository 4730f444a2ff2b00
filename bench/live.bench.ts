/**
 * `npm run bench:live`: watch-event → SSE-client latency of the live pipeline at increasing rates, next to a
 * baseline measured in the same run: the simulated apiserver's raw pod watch read by a plain HTTP client.
 *
 * Both paths share one process and one event loop (simulator, pipeline, SSE server, clients), so absolute numbers
 * are pessimistic; the ratio is what to watch. Each event creates a new pod (its uid identifies the delta), stamped
 * with `performance.now()` just before the store commits it.
 *
 *   BENCH_RATES=100,500,1000,2000  BENCH_SECONDS=2  BENCH_CLIENTS=1
 */
import http from 'node:http';
import { TimelineHub } from '../server/hub/hub';
import { kubeConfigForServer } from '../server/kube/kubeconfig';
import { samplePod } from '../server/kube/testing/fake-apiserver';
import { WatchManager } from '../server/kube/watch-manager';
import { handleStreamRequest } from '../server/sse/handler';
import { serveWebHandler } from '../server/sse/node-http';
import { SseSessions } from '../server/sse/sessions';
import { connectSse, type SseTestClient } from '../server/sse/testing/sse-client';
import { RealClock } from '../server/sim/clock';
import { createSimApiServer } from '../server/sim/api';
import type { ClusterControl } from '../server/sim/control';
import { ObjectStore } from '../server/sim/object-store';

const RATES = (process.env.BENCH_RATES ?? '100,500,1000,2000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1);

const noControl: ClusterControl = {
  deletePod: () => ({ ok: false, status: { code: 405, reason: 'BadRequest', message: 'benchmark cluster' } }),
  evictPod: () => ({ ok: false, status: { code: 405, reason: 'BadRequest', message: 'benchmark cluster' } }),
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** A plain client of the raw watch: the floor the pipeline is measured against. */
function rawWatch(url: string, onUid: (uid: string) => void): () => void {
  const request = http.get(`${url}/api/v1/pods?watch=true&resourceVersion=0`, (response) => {
    response.setEncoding('utf8');
    let buffer = '';
    response.on('data', (chunk: string) => {
      buffer += chunk;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const event = JSON.parse(line) as { type: string; object: { metadata?: { uid?: string } } };
        if (event.type === 'ADDED' && event.object.metadata?.uid) onUid(event.object.metadata.uid);
        newline = buffer.indexOf('\n');
      }
    });
  });
  return () => request.destroy();
}

async function main(): Promise<void> {
  const clock = new RealClock();
  const store = new ObjectStore({ clock, historyWindow: 50_000 });
  const api = createSimApiServer({ store, control: noControl, clock, watch: { bookmarkIntervalMs: 5_000 } });
  const { url: apiUrl } = await api.listen(0, '127.0.0.1');
  const hub = new TimelineHub({ now: Date.now, findingsIntervalMs: 60_000 });
  const sessions = new SseSessions();
  const watches = new WatchManager({
    kubeConfig: kubeConfigForServer(apiUrl),
    namespaces: null,
    labelSelector: null,
    now: Date.now,
    sink: (entry, line) => hub.ingest(entry, line),
  });
  watches.start();
  const hello = {
    type: 'hello',
    protocol: 1,
    mode: 'simulated',
    cluster: 'bench',
    namespaces: null,
    labelSelector: null,
    allowanceSeconds: 2,
    notice: 'benchmark',
    resumed: false,
  } as const;
  const served = await serveWebHandler((request) =>
    handleStreamRequest(request, { hub, sessions, hello: () => hello }),
  );

  const sentAt = new Map<string, number>();
  const baseline: number[] = [];
  const pipeline: number[] = [];
  const seenByClients = new Map<string, number>();
  const stopRaw = rawWatch(apiUrl, (uid) => {
    const sent = sentAt.get(uid);
    if (sent !== undefined) baseline.push(performance.now() - sent);
  });
  const clients: SseTestClient[] = [];
  let snapshots = 0;
  for (let i = 0; i < CLIENTS; i += 1) {
    clients.push(
      connectSse(`${served.url}/api/stream`, {
        keep: false,
        onEvent: (event) => {
          if (event.event === 'snapshot') snapshots += 1;
          if (event.event !== 'timeline') return;
          // The pod's uid is the first "uid" in a timeline message; cheaper than parsing 50 copies.
          const uid = /"uid":"([^"]+)"/.exec(event.data)?.[1] ?? '';
          const sent = sentAt.get(uid);
          const count = (seenByClients.get(uid) ?? 0) + 1;
          seenByClients.set(uid, count);
          if (sent !== undefined && count <= CLIENTS) pipeline.push(performance.now() - sent);
        },
      }),
    );
  }
  while (!watches.status().ready) await new Promise((resolve) => setTimeout(resolve, 20));
  while (snapshots < CLIENTS) await new Promise((resolve) => setTimeout(resolve, 20));

  console.log(
    `drainscope live pipeline latency: watch event → SSE client (${CLIENTS} client${CLIENTS === 1 ? '' : 's'}), ${SECONDS} s per rate`,
  );
  console.log('rate/s | baseline p50 / p99 ms | pipeline p50 / p99 ms | ratio p50 / p99 | delivered');
  let serial = 0;
  for (const rate of RATES) {
    baseline.length = 0;
    pipeline.length = 0;
    const total = rate * SECONDS;
    const perTick = rate / 100;
    let created = 0;
    let carry = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        carry += perTick;
        for (; carry >= 1 && created < total; carry -= 1, created += 1) {
          serial += 1;
          const uid = `bench-${serial}`;
          sentAt.set(uid, performance.now());
          store.create('pods', samplePod({ name: `bench-${serial}`, uid }) as Parameters<ObjectStore['create']>[1]);
        }
        if (created >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    const deadline = Date.now() + 10_000;
    while ((baseline.length < total || pipeline.length < total * CLIENTS) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const b = [...baseline].sort((x, y) => x - y);
    const p = [...pipeline].sort((x, y) => x - y);
    const row = [
      String(rate).padStart(6),
      `${percentile(b, 50).toFixed(2)} / ${percentile(b, 99).toFixed(2)}`.padStart(21),
      `${percentile(p, 50).toFixed(2)} / ${percentile(p, 99).toFixed(2)}`.padStart(21),
      `${(percentile(p, 50) / percentile(b, 50)).toFixed(1)}x / ${(percentile(p, 99) / percentile(b, 99)).toFixed(1)}x`.padStart(
        15,
      ),
      `${p.length}/${total * CLIENTS}`,
    ];
    console.log(row.join(' | '));
  }
  console.log(`hub: ${JSON.stringify(hub.stats())}; queue sizes ${JSON.stringify(sessions.queueSizes())}`);

  stopRaw();
  for (const client of clients) client.close();
  await watches.stop();
  hub.stop();
  await served.close();
  await api.close();
  clock.dispose();
}

await main();
