/**
 * Throughput and delivery lag of the simulated apiserver's watches over real HTTP on 127.0.0.1.
 *
 *   npx tsx bench/sim.bench.ts            (npm run bench:sim)
 *
 * For 1, 5 and 20 watchers and 1,000 / 5,000 / 10,000 pod updates per second (bounded duration), it prints the
 * events/s each watcher actually received, delivery lag p50/p99 (write → line parsed by the client), and the same
 * figures for a baseline measured in the same run: a bare node:http server writing one pre-serialised NDJSON line
 * per update to the same number of clients. The clients run in a worker thread; writer and server share the main one.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { RealClock } from '../server/sim/clock';
import type { ClusterControl } from '../server/sim/control';
import { ObjectStore, type ApiObject } from '../server/sim/object-store';
import { createSimApiServer } from '../server/sim/api';

const durationMs = Number(process.env.BENCH_DURATION_MS ?? 1500);
const watcherCounts = [1, 5, 20];
const rates = [1_000, 5_000, 10_000];
const podCount = 100;

const now = (): number => performance.timeOrigin + performance.now();

/**
 * The watch clients run in a worker thread (the second core), as a dashboard would in its own process; they count
 * lines and compute each line's lag from its `sentAt` annotation (only that is parsed, not the whole line).
 * Both threads read the same wall clock: timeOrigin + now() is epoch time in either.
 */
const receiverSource = `
const { parentPort } = require('node:worker_threads');
const { get } = require('node:http');
const { performance } = require('node:perf_hooks');
const now = () => performance.timeOrigin + performance.now();
let receivers = [];
parentPort.on('message', (message) => {
  if (message.kind === 'open') {
    receivers = [];
    let opened = 0;
    for (let i = 0; i < message.count; i++) {
      const receiver = { received: 0, lags: [], lastAt: 0, request: null };
      receiver.request = get(message.url, (response) => {
        let partial = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          const lines = (partial + chunk).split('\\n');
          partial = lines.pop();
          const at = now();
          for (const line of lines) {
            const match = /"sentAt":"([\\d.]+)"/.exec(line);
            if (!match) continue;
            receiver.received++;
            receiver.lags.push(at - Number(match[1]));
            receiver.lastAt = at;
          }
        });
        response.on('error', () => undefined);
        if (++opened === message.count) parentPort.postMessage({ kind: 'opened' });
      });
      receiver.request.on('error', () => undefined);
      receivers.push(receiver);
    }
  } else if (message.kind === 'report') {
    parentPort.postMessage({ kind: 'report', receivers: receivers.map((r) => ({ received: r.received, lastAt: r.lastAt, lags: message.withLags ? r.lags : [] })) });
  } else if (message.kind === 'close') {
    for (const r of receivers) r.request.destroy();
    receivers = [];
    parentPort.postMessage({ kind: 'closed' });
  }
});
`;

interface ReceiverReport {
  received: number;
  lastAt: number;
  lags: number[];
}

type WorkerReply = { kind: 'opened' } | { kind: 'closed' } | { kind: 'report'; receivers: ReceiverReport[] };

class Receivers {
  private readonly worker = new Worker(receiverSource, { eval: true });

  private ask(message: object, kind: WorkerReply['kind']): Promise<WorkerReply> {
    return new Promise((resolve) => {
      const onMessage = (reply: WorkerReply): void => {
        if (reply.kind !== kind) return;
        this.worker.off('message', onMessage);
        resolve(reply);
      };
      this.worker.on('message', onMessage);
      this.worker.postMessage(message);
    });
  }

  async open(url: string, count: number): Promise<void> {
    await this.ask({ kind: 'open', url, count }, 'opened');
  }

  async report(withLags: boolean): Promise<ReceiverReport[]> {
    const reply = await this.ask({ kind: 'report', withLags }, 'report');
    return reply.kind === 'report' ? reply.receivers : [];
  }

  async close(): Promise<void> {
    await this.ask({ kind: 'close' }, 'closed');
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** Calls `write` at `rate` per second for `durationMs`, catching up in batches, yielding to I/O between batches. */
async function drive(rate: number, write: (index: number) => void): Promise<{ written: number; startedAt: number }> {
  const startedAt = now();
  let written = 0;
  while (now() - startedAt < durationMs) {
    const target = Math.floor(((now() - startedAt) * rate) / 1000);
    while (written < target) write(written++);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { written, startedAt };
}

/** Waits (at most 5 s) until every watcher got every write; returns the final reports with lags. */
async function drain(receivers: Receivers, written: number): Promise<ReceiverReport[]> {
  const deadline = now() + 5_000;
  while (now() < deadline && (await receivers.report(false)).some((receiver) => receiver.received < written))
    await new Promise((resolve) => setTimeout(resolve, 20));
  return receivers.report(true);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Figures {
  writtenPerSecond: number;
  deliveredPerWatcher: number;
  p50: number;
  p99: number;
  lost: number;
}

function figures(receivers: ReceiverReport[], written: number, startedAt: number): Figures {
  const lags = receivers.flatMap((receiver) => receiver.lags).sort((a, b) => a - b);
  const rates = receivers.map((receiver) => (receiver.received * 1000) / Math.max(1, receiver.lastAt - startedAt));
  return {
    writtenPerSecond: (written * 1000) / durationMs,
    deliveredPerWatcher: rates.reduce((sum, rate) => sum + rate, 0) / rates.length,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    lost: receivers.reduce((sum, receiver) => sum + Math.max(0, written - receiver.received), 0),
  };
}

function benchPod(index: number): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${index}`, namespace: 'bench', labels: { app: 'web', 'pod-template-hash': '5d9c7b' } },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], nodeName: 'node-1', terminationGracePeriodSeconds: 30 },
    status: {
      phase: 'Running',
      podIP: `10.0.0.${index}`,
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } },
      ],
    },
  };
}

async function runSim(receivers: Receivers, watchers: number, rate: number): Promise<Figures> {
  const clock = new RealClock();
  const store = new ObjectStore({ clock, historyWindow: 5_000 });
  const control: ClusterControl = {
    deletePod: () => ({ ok: false, status: { code: 405, reason: 'BadRequest', message: 'not in the benchmark' } }),
    evictPod: () => ({ ok: false, status: { code: 405, reason: 'BadRequest', message: 'not in the benchmark' } }),
  };
  for (let i = 0; i < podCount; i++) store.create('pods', benchPod(i));
  const api = createSimApiServer({ store, control, clock });
  const { url } = await api.listen(0);
  const since = store.currentResourceVersion;
  await receivers.open(
    `${url}/api/v1/namespaces/bench/pods?watch=true&resourceVersion=${since}&labelSelector=app%3Dweb`,
    watchers,
  );
  const { written, startedAt } = await drive(rate, (index) => {
    store.update(
      'pods',
      'bench',
      `web-${index % podCount}`,
      (pod) => void (pod.metadata.annotations = { sentAt: now().toFixed(3) }),
    );
  });
  const result = figures(await drain(receivers, written), written, startedAt);
  await receivers.close();
  await api.close();
  clock.dispose();
  return result;
}

async function runBaseline(receivers: Receivers, watchers: number, rate: number): Promise<Figures> {
  const clients = new Set<ServerResponse>();
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    clients.add(res);
    res.on('close', () => clients.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  await receivers.open(url, watchers);
  while (clients.size < watchers) await new Promise((resolve) => setTimeout(resolve, 5));
  const template = benchPod(0);
  const { written, startedAt } = await drive(rate, (index) => {
    const object = {
      ...template,
      metadata: { ...template.metadata, name: `web-${index % podCount}`, annotations: { sentAt: now().toFixed(3) } },
    };
    const line = Buffer.from(`${JSON.stringify({ type: 'MODIFIED', object })}\n`);
    for (const client of clients) client.write(line);
  });
  const result = figures(await drain(receivers, written), written, startedAt);
  await receivers.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return result;
}

const fmt = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

async function main(): Promise<void> {
  console.log(
    `sim watch bench: ${durationMs} ms per run, ${podCount} pods, label-selected namespaced watches, loopback HTTP\n`,
  );
  console.log(
    'watchers  target/s  written/s | sim: recv/s/watcher  p50 ms  p99 ms  lost | raw: recv/s/watcher  p50 ms  p99 ms | sim/raw recv',
  );
  const receivers = new Receivers();
  for (const watchers of watcherCounts) {
    for (const rate of rates) {
      const sim = await runSim(receivers, watchers, rate);
      const raw = await runBaseline(receivers, watchers, rate);
      console.log(
        [
          fmt(watchers).padStart(8),
          fmt(rate).padStart(9),
          fmt(sim.writtenPerSecond).padStart(10),
          '|',
          fmt(sim.deliveredPerWatcher).padStart(19),
          fmt(sim.p50, 1).padStart(7),
          fmt(sim.p99, 1).padStart(7),
          fmt(sim.lost).padStart(5),
          '|',
          fmt(raw.deliveredPerWatcher).padStart(19),
          fmt(raw.p50, 1).padStart(7),
          fmt(raw.p99, 1).padStart(7),
          '|',
          fmt(sim.deliveredPerWatcher / raw.deliveredPerWatcher, 2).padStart(12),
        ].join(' '),
      );
    }
  }
  await receivers.terminate();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
