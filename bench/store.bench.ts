/**
 * `npm run bench:store`: the recording store's sustained write rate on the live path (lines stored, and the pods'
 * timelines the hub derived written along, up to date when the write is timed as done) next to a baseline
 * measured in the same run (the same lines appended to a plain file in the same batches, no fsync: SQLite in WAL
 * mode with synchronous=NORMAL does not fsync per commit either; its checkpoints, which do, run on the store's worker
 * thread, whose CPU time is in the process's). The hub reduces every line whether or not a
 * store follows it, so the store is timed on its own: the hub's derivations of each burst are recorded in a first
 * run, then handed to the store after the burst's lines, as the hub's flush hands them on the live path (the ratio
 * is of that). The whole live path (hub + store) is printed next to the hub alone. Then the time to open a one-hour window of 1,000,000 observations: now (read the materialised
 * timelines of its pods, derive the findings), next to the old path measured in the same run (read the window's
 * lines in order and replay them through the engine). No assertions: the machine is shared and noisy; compare
 * the ratios, not absolute times.
 *
 * The write is measured BENCH_WRITE_RUNS times, baseline and store alternating, and the medians compared: one run
 * of the baseline alone moved between 0.47 and 0.73 s on this machine, more than any change to the store did.
 *
 *   BENCH_WRITE_LINES=200000  BENCH_WRITE_RUNS=3  BENCH_WINDOW_LINES=1000000  BENCH_PODS=1000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatObservationLine } from '../lib/recording/writer';
import { TimelineHub } from '../server/hub/hub';
import { toAnalysisJson } from '../lib/timeline/analysis-json';
import type { Analysis } from '../lib/timeline/types';
import type { PodExtent } from '../lib/timeline/pod-extent';
import type { DerivedPod } from '../lib/timeline/timeline';
import { RecordingStore, type LiveTimelines } from '../server/store/store';
import { podObservation, T0, type TestLine } from '../server/store/testing/lines';

const WRITE_LINES = Number(process.env.BENCH_WRITE_LINES ?? 200_000);
const WRITE_RUNS = Math.max(1, Number(process.env.BENCH_WRITE_RUNS ?? 3));
const WINDOW_LINES = Number(process.env.BENCH_WINDOW_LINES ?? 1_000_000);
const PODS = Number(process.env.BENCH_PODS ?? 1000);
const HOUR_MS = 3_600_000;

/** PODS pods updated in turn, evenly spread over the hour; lines formatted as the live pipeline does. */
function* observations(count: number): Generator<TestLine> {
  const templates = Array.from({ length: PODS }, (_, index) => podObservation(index + 1, T0));
  const objects = templates.map((template) => JSON.parse(template.line).object as unknown);
  for (let index = 0; index < count; index++) {
    const pod = index % PODS;
    const at = T0 + Math.floor((index * HOUR_MS) / count);
    const template = templates[pod] as TestLine;
    yield { entry: { ...template.entry, at }, line: formatObservationLine(at, 'MODIFIED', objects[pod]) };
  }
}

/** Wall time, and the CPU time this process used meanwhile: on a shared, loaded machine the second is steadier. */
interface Cost {
  ms: number;
  cpuMs: number;
}

function startCost(): () => Cost {
  const start = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
  };
}

/** The run with the median wall time (its own CPU time with it). */
function medianCost(costs: Cost[]): Cost {
  return [...costs].sort((a, b) => a.ms - b.ms)[Math.floor((costs.length - 1) / 2)] as Cost;
}

function rate(lines: number, bytes: number, { ms, cpuMs }: Cost): string {
  return `${Math.round((lines / ms) * 1000).toLocaleString('en')} lines/s, ${((bytes / 1024 / 1024 / ms) * 1000).toFixed(1)} MB/s (${(ms / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU)`;
}

function baseline(dir: string, lines: TestLine[]): Cost {
  const file = path.join(dir, 'baseline.ndjson');
  const fd = fs.openSync(file, 'w');
  const stop = startCost();
  for (let offset = 0; offset < lines.length; offset += 5000) {
    fs.writeSync(
      fd,
      lines
        .slice(offset, offset + 5000)
        .map((item) => `${item.line}\n`)
        .join(''),
    );
  }
  fs.closeSync(fd);
  return stop();
}

/**
 * The live path: each line goes to the hub, then to the store (when there is one), in bursts of 500 with the event
 * loop turning in between, as the watches deliver them; timed until the hub has flushed and the store committed
 * and written the rows.
 */
async function liveWrite(store: RecordingStore | null, lines: Iterable<TestLine>): Promise<Cost> {
  const hub = new TimelineHub({ now: () => T0 });
  const unfollow = store?.followLive(hub);
  const stop = startCost();
  const iterator = lines[Symbol.iterator]();
  for (;;) {
    let done = false;
    for (let index = 0; index < 500; index++) {
      const next = iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      hub.ingest(next.value.entry, next.value.line);
      store?.append(next.value.entry, next.value.line);
    }
    if (done) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  hub.flush();
  store?.materialise();
  const cost = stop();
  unfollow?.();
  hub.stop();
  return cost;
}

/** What the hub's flush after each burst of 500 lines handed its observers: the pods it derived. */
type Burst = { pod: DerivedPod; extent: PodExtent }[];

async function recordHub(lines: TestLine[]): Promise<Burst[]> {
  const hub = new TimelineHub({ now: () => T0 });
  const bursts: Burst[] = [];
  let burst: Burst = [];
  hub.observe({
    derived: (pod, extent) => burst.push({ pod, extent }),
    flushed: () => ((burst = []), bursts.push(burst)),
  });
  for (let offset = 0; offset < lines.length; offset += 500) {
    for (const item of lines.slice(offset, offset + 500)) hub.ingest(item.entry, item.line);
    hub.flush();
  }
  hub.stop();
  // Each flush pushed the array its pods went into next: the first is the first burst's.
  return bursts.slice(0, Math.ceil(lines.length / 500));
}

/** The store alone on the live path: each burst's lines appended, then the hub's recorded flush handed over. */
async function storeWrite(store: RecordingStore, lines: TestLine[], bursts: Burst[]): Promise<Cost> {
  let observer: Parameters<LiveTimelines['observe']>[0] = {};
  store.followLive({ observe: (given) => ((observer = given), () => undefined), flush: () => undefined });
  const stop = startCost();
  for (let offset = 0, index = 0; offset < lines.length; offset += 500, index++) {
    for (const item of lines.slice(offset, offset + 500)) store.append(item.entry, item.line);
    await new Promise((resolve) => setImmediate(resolve));
    for (const { pod, extent } of bursts[index] ?? []) observer.derived?.(pod, extent);
    observer.flushed?.();
  }
  store.materialise();
  return stop();
}

interface Timed {
  result: Analysis;
  wallMs: number;
  cpuMs: number;
}

function timed(open: () => Analysis): Timed {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = open();
  const used = process.cpuUsage(cpu);
  return { result, wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

function seconds({ wallMs, cpuMs }: Timed): string {
  return `${(wallMs / 1000).toFixed(3)} s wall, ${(cpuMs / 1000).toFixed(3)} s CPU`;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-bench-store-'));
  try {
    const lines = [...observations(WRITE_LINES)];
    const bytes = lines.reduce((sum, item) => sum + item.line.length + 1, 0);
    console.log(
      `write: ${WRITE_LINES.toLocaleString('en')} pod observations, ${(bytes / WRITE_LINES).toFixed(0)} bytes each`,
    );
    const bursts = await recordHub(lines);
    const plains: Cost[] = [];
    const storeds: Cost[] = [];
    for (let run = 0; run < WRITE_RUNS; run++) {
      plains.push(baseline(dir, lines));
      const file = path.join(dir, `write-${run}.db`);
      const writeStore = new RecordingStore({ file });
      storeds.push(await storeWrite(writeStore, lines, bursts));
      writeStore.close();
      fs.rmSync(file);
    }
    const plain = medianCost(plains);
    const stored = medianCost(storeds);
    const ratios = plains.map((cost, run) => cost.ms / (storeds[run] as Cost).ms).sort((a, b) => a - b);
    console.log(`  baseline (append to a plain file), median of ${WRITE_RUNS}: ${rate(WRITE_LINES, bytes, plain)}`);
    console.log(
      `  store (group commit, indexed, the hub's timelines written), median of ${WRITE_RUNS}: ${rate(WRITE_LINES, bytes, stored)}; ${(plain.ms / stored.ms).toFixed(2)}x the baseline's rate (${(plain.cpuMs / stored.cpuMs).toFixed(2)}x by CPU time; run by run ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')})`,
    );
    const hub = await liveWrite(null, lines);
    console.log(`  the live path: the hub alone (its one reduction): ${rate(WRITE_LINES, bytes, hub)}`);
    const liveStore = new RecordingStore({ file: path.join(dir, 'live.db') });
    const live = await liveWrite(liveStore, lines);
    liveStore.close();
    console.log(`  the live path: hub + store: ${rate(WRITE_LINES, bytes, live)}`);

    console.log(`window: ${WINDOW_LINES.toLocaleString('en')} observations of ${PODS} pods in one hour`);
    const windowStore = new RecordingStore({ file: path.join(dir, 'window.db') });
    const { ms: fillMs } = await liveWrite(windowStore, observations(WINDOW_LINES));
    console.log(
      `  filled through the hub in ${(fillMs / 1000).toFixed(1)} s (${Math.round((WINDOW_LINES / fillMs) * 1000).toLocaleString('en')} lines/s); file ${(fs.statSync(path.join(dir, 'window.db')).size / 1024 / 1024).toFixed(0)} MB`,
    );
    windowStore.close();
    const reopened = new RecordingStore({ file: path.join(dir, 'window.db') });
    const hour = { source: 0, from: T0, to: T0 + HOUR_MS };
    const now = timed(() => reopened.openWindow(hour));
    console.log(
      `  open the window now (its pods' materialised timelines + findings, ${now.result.pods.length} pods): ${seconds(now)}`,
    );
    const old = timed(() => reopened.replayRange(hour, reopened.allowanceSeconds, Infinity));
    console.log(
      `  the old path (read its lines in order, replay them through the engine, ${old.result.pods.length} pods): ${seconds(old)}`,
    );
    const same = JSON.stringify(toAnalysisJson(now.result)) === JSON.stringify(toAnalysisJson(old.result));
    console.log(
      `  now ${(old.wallMs / now.wallMs).toFixed(0)}x faster than the old path; same analysis JSON: ${same ? 'yes' : 'NO'}`,
    );
    reopened.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
