/**
 * bench:live-path — the live page as a user meets it: the built app (scripts/start.mjs, recording store off)
 * watching the simulator through its kubeconfig while a rolling update of N replicas is under way, in Chromium.
 * Per N (1,000 and 10,000 by default), warm cache, the median of BENCH_RUNS navigations:
 *
 * - first lane: navigation start → the lanes canvas first painted (its `data-painted-at`, page time); the live
 *   page draws its first screen from the seed's first line of pods (components/LiveDashboard.tsx);
 * - all pods: navigation start → the first frame after every pod is in (the pod count no longer says loading);
 * - terminating lane: navigation start → the first paint with the lane of a pod being deleted (not gone yet)
 *   inside the viewport (the canvas's `data-terminating-painted-at`, components/LaneCanvas.tsx); "-" when none
 *   was on the first screen within BENCH_TERMINATING_WAIT_MS;
 * - p95 frame interval while panning (keyboard pan left/right and row scrolling, one input per frame), measured
 *   after the last navigation's first paints;
 * - the page's size (the document's decoded body: with the hub's snapshot in it, it grows with N).
 *
 * Baseline, same run and same server: `/bench?pods=N`, the same dashboard drawing N generated lanes (bench:ui),
 * measured the same way, its navigations alternating with the live page's during the rollout; ratios are
 * live / baseline. Timings are the machine's: run it on a quiet one.
 *
 *   npm run bench:live-path                        (from the repository root; builds the app if it is stale)
 *   BENCH_PODS=1000 BENCH_RUNS=5 npm run bench:live-path
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from '@playwright/test';
import { LIVE_SEED_URL, SEED_READ_MARK } from '../lib/live/live-view-state';
import { frameIntervals, frameLoop, freePort, launchChromium, percentile } from './chromium';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PODS = (process.env.BENCH_PODS ?? '1000,10000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PAN_MS = Number(process.env.BENCH_PAN_MS ?? 3_000);
const TERMINATING_WAIT_MS = Number(process.env.BENCH_TERMINATING_WAIT_MS ?? 5_000);
/** Starting 10,000 pods in the simulator takes about a minute of one core; the app then lists them all. */
const READY_TIMEOUT_MS = Number(process.env.BENCH_READY_TIMEOUT_MS ?? 600_000);

interface Sample {
  firstLaneMs: number;
  allPodsMs: number;
  terminatingMs: number | null;
  p95FrameMs: number;
  pageKb: number;
  /** Where the time before the first lane went: first byte, last byte of the page, DOMContentLoaded (page time). */
  ttfbMs: number;
  htmlMs: number;
  domReadyMs: number;
  /** The live page's seed: its last byte, and when all of it was read and checked (page time; NaN where there is none). */
  seedMs: number;
  seedReadMs: number;
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`${what}: no line matching ${pattern} in ${timeoutMs} ms; output:\n${seen.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}); output:\n${seen.slice(-2000)}`));
    });
  });
}

/** `npm run sim` in a child of its own (node + tsx, not npm: a SIGTERM must reach the simulator itself). */
async function startSimulator(replicas: number, kubeconfig: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/sim/cli.ts',
      '--scenario',
      'rolling-update',
      '--replicas',
      String(replicas),
      '--seed',
      '1',
      '--port',
      '0',
      '--kubeconfig-out',
      kubeconfig,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForLine(child, /kubeconfig written to/, 120_000, 'simulator');
  return child;
}

/** The built app as `npm start` serves it (it builds first when the sources are newer than the build). */
async function startApp(port: number, kubeconfig: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KUBECONFIG: kubeconfig,
    DRAINSCOPE_STORE: 'off',
    PORT: String(port),
    DRAINSCOPE_HOST: '127.0.0.1',
  };
  // The simulator is reached through the kubeconfig, as a cluster: not the app's own built-in simulation.
  delete env.DRAINSCOPE_SIMULATE;
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', String(port)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(child, /drainscope: serving on/, 900_000, 'drainscope');
  return child;
}

interface Progress {
  pods: number;
  terminating: number;
}

/** What the app holds now: pods, and pods whose deletion was requested and that are not gone yet. */
async function progress(base: string): Promise<Progress> {
  const response = await fetch(`${base}/api/timelines`);
  if (!response.ok) return { pods: 0, terminating: 0 };
  const analysis = (await response.json()) as { pods?: { markers?: { kind?: string }[] }[] };
  const pods = analysis.pods ?? [];
  const terminating = pods.filter((pod) => {
    const kinds = new Set((pod.markers ?? []).map((marker) => marker.kind));
    return kinds.has('deleteRequested') && !kinds.has('podDeleted');
  }).length;
  return { pods: pods.length, terminating };
}

/** Until the app lists every replica and the rollout is terminating old pods. */
async function waitForRollout(base: string, replicas: number): Promise<Progress> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last: Progress = { pods: 0, terminating: 0 };
  while (Date.now() < deadline) {
    try {
      last = await progress(base);
      if (last.pods >= replicas && last.terminating > 0) return last;
    } catch {
      // not serving yet
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  throw new Error(
    `the rollout of ${replicas} replicas was not under way after ${READY_TIMEOUT_MS} ms (last seen: ${JSON.stringify(last)})`,
  );
}

// In the page, as strings: tsx's transform would add helpers (`__name`) that do not exist there.
const PAINTED = (attribute: string, timeoutMs: number) => `new Promise((resolve) => {
  const deadline = performance.now() + ${timeoutMs};
  const check = () => {
    const value = document.querySelector('[data-testid=lanes-canvas]')?.getAttribute('${attribute}');
    if (value) resolve(Number(value));
    else if (performance.now() > deadline) resolve(null);
    else requestAnimationFrame(check);
  };
  check();
})`;

// The first frame in which the pod count is there and no longer says it is loading (page time).
const ALL_PODS = (timeoutMs: number) => `new Promise((resolve) => {
  const deadline = performance.now() + ${timeoutMs};
  const check = () => {
    const count = document.querySelector('[data-testid=pod-count]');
    if (count && !count.hasAttribute('data-loading')) resolve(performance.now());
    else if (performance.now() > deadline) resolve(null);
    else requestAnimationFrame(check);
  };
  check();
})`;

/** One input per frame: pan the time axis right and back (D, A), and every fourth frame scroll the rows. */
const PAN_LOOP = frameLoop({
  keys: ['KeyD', 'KeyD', 'KeyA', 'KeyA'],
  fourthFrame: 'scroller.scrollTop += i % 8 < 4 ? 120 : -120',
  scrollerFallback: 'document.scrollingElement',
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : (sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN);
}

async function measure(page: Page, url: string, pan: boolean): Promise<Sample> {
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  const firstLaneMs = Number(await page.evaluate(PAINTED('data-painted-at', 120_000)));
  const allPods = await page.evaluate(ALL_PODS(120_000));
  const terminating = await page.evaluate(PAINTED('data-terminating-painted-at', TERMINATING_WAIT_MS));
  const timing = (await page.evaluate(
    `(() => { const n = performance.getEntriesByType('navigation')[0]; return n ? [n.decodedBodySize / 1024, n.responseStart, n.responseEnd, n.domContentLoadedEventEnd] : [0, 0, 0, 0]; })()`,
  )) as number[];
  const [pageKb = 0, ttfbMs = 0, htmlMs = 0, domReadyMs = 0] = timing;
  const seedTiming = (await page.evaluate(
    `(() => { const at = (entry) => entry ? entry.startTime : NaN; const seed = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === ${JSON.stringify(LIVE_SEED_URL)}); return [seed ? seed.responseEnd : NaN, at(performance.getEntriesByName(${JSON.stringify(SEED_READ_MARK)})[0])]; })()`,
  )) as (number | null)[];
  // NaN crosses page.evaluate as null.
  const [seedMs = NaN, seedReadMs = NaN] = seedTiming.map((value) => value ?? NaN);
  let p95FrameMs = NaN;
  if (pan) {
    await page.mouse.move(900, 500);
    const deltas = await frameIntervals(page, PAN_LOOP, PAN_MS);
    p95FrameMs = percentile(
      [...deltas].sort((a, b) => a - b),
      0.95,
    );
  }
  return {
    firstLaneMs,
    allPodsMs: allPods === null ? NaN : Number(allPods),
    terminatingMs: terminating === null ? null : Number(terminating),
    p95FrameMs,
    pageKb,
    ttfbMs,
    htmlMs,
    domReadyMs,
    seedMs,
    seedReadMs,
  };
}

interface Row {
  pods: number;
  page: 'live' | 'bench';
  firstLaneMs: number;
  allPodsMs: number;
  terminatingMs: number | null;
  terminatingSeen: number;
  p95FrameMs: number;
  pageKb: number;
  ttfbMs: number;
  htmlMs: number;
  domReadyMs: number;
  /** The live page's seed: its last byte, and when all of it was read and checked (page time; NaN where there is none). */
  seedMs: number;
  seedReadMs: number;
}

function summarise(samples: Sample[], pods: number, kind: Row['page']): Row {
  const terminating = samples.flatMap((s) => (s.terminatingMs === null ? [] : [s.terminatingMs]));
  return {
    pods,
    page: kind,
    firstLaneMs: median(samples.map((s) => s.firstLaneMs)),
    allPodsMs: median(samples.map((s) => s.allPodsMs)),
    terminatingMs: terminating.length > 0 ? median(terminating) : null,
    terminatingSeen: terminating.length,
    p95FrameMs: samples.at(-1)?.p95FrameMs ?? NaN,
    pageKb: median(samples.map((s) => s.pageKb)),
    ttfbMs: median(samples.map((s) => s.ttfbMs)),
    htmlMs: median(samples.map((s) => s.htmlMs)),
    domReadyMs: median(samples.map((s) => s.domReadyMs)),
    seedMs: median(samples.map((s) => s.seedMs)),
    seedReadMs: median(samples.map((s) => s.seedReadMs)),
  };
}

/**
 * Both pages, their navigations alternating (live first on even runs, /bench first on odd ones), each in its own
 * browser context: the rollout loads the machine most at its start and less as it goes, so measuring all of the
 * live page's runs first and /bench's after compared a busy machine with a quieter one (the first byte of /bench
 * was ~70 ms earlier than the live page's while curl got both equally fast).
 */
async function measurePages(browser: Browser, base: string, pods: number): Promise<Row[]> {
  const kinds = [
    { kind: 'live' as const, url: `${base}/` },
    { kind: 'bench' as const, url: `${base}/bench?pods=${pods}` },
  ];
  const contexts = await Promise.all(kinds.map(() => browser.newContext({ viewport: { width: 1600, height: 900 } })));
  try {
    const pages = await Promise.all(contexts.map((context) => context.newPage()));
    // Between its navigations a page is left on a light page of the same origin (robots.txt): a live page left
    // open keeps drawing the stream's updates and would load the machine while the other page is measured, and
    // about:blank could hand the next navigation a new renderer process (~400 ms more for both pages, measured).
    const measureBlanked = async (index: number, pan: boolean): Promise<Sample> => {
      const page = pages[index] as Page;
      const sample = await measure(page, (kinds[index] as (typeof kinds)[number]).url, pan);
      await page.goto(`${base}/robots.txt`);
      return sample;
    };
    // Warm-up: the browser's cache and the server's compiled pages.
    for (const index of kinds.keys()) await measureBlanked(index, false);
    const samples: Sample[][] = kinds.map(() => []);
    for (let run = 0; run < RUNS; run++) {
      // Panning is measured on the last navigation only, after its first paints were taken.
      for (const index of run % 2 === 0 ? [0, 1] : [1, 0]) {
        samples[index]?.push(await measureBlanked(index, run === RUNS - 1));
      }
    }
    return kinds.map(({ kind }, index) => summarise(samples[index] ?? [], pods, kind));
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function runFor(browser: Browser, replicas: number): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-live-path-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  let simulator: ChildProcess | undefined;
  let app: ChildProcess | undefined;
  try {
    const started = Date.now();
    simulator = await startSimulator(replicas, kubeconfig);
    const port = await freePort();
    app = await startApp(port, kubeconfig);
    const base = `http://127.0.0.1:${port}`;
    const seen = await waitForRollout(base, replicas);
    console.log(
      `${replicas} replicas: rollout under way after ${((Date.now() - started) / 1000).toFixed(0)} s (${seen.pods} pods, ${seen.terminating} terminating)`,
    );
    return await measurePages(browser, base, replicas);
  } finally {
    await stop(app);
    await stop(simulator);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function ratio(a: number | null, b: number | null): string {
  return a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0
    ? '    -'
    : `${(a / b).toFixed(2)}x`;
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    for (const replicas of PODS) rows.push(...(await runFor(browser, replicas)));
  } finally {
    await browser.close();
  }
  const f = (n: number | null, width = 9) => (n === null || !Number.isFinite(n) ? '-' : n.toFixed(0)).padStart(width);
  console.log(
    `\nmedian of ${RUNS} warm navigations; p95 frame while panning (the last navigation). Shared, noisy machine: compare ratios, not ms`,
  );
  console.log(
    'pods    page    first lane ms   all pods ms   terminating lane ms (seen)   p95 frame ms   page KB   first byte / last byte / DOM ready ms   seed in / read ms',
  );
  for (const r of rows) {
    console.log(
      `${String(r.pods).padEnd(7)} ${r.page.padEnd(6)} ${f(r.firstLaneMs, 15)} ${f(r.allPodsMs, 13)} ${f(r.terminatingMs, 21)} (${r.terminatingSeen}/${RUNS}) ${(Number.isFinite(r.p95FrameMs) ? r.p95FrameMs.toFixed(1) : '-').padStart(14)} ${f(r.pageKb, 9)}   ${f(r.ttfbMs, 0)} / ${f(r.htmlMs, 0)} / ${f(r.domReadyMs, 0)}   ${f(r.seedMs, 0)} / ${f(r.seedReadMs, 0)}`,
    );
  }
  console.log(
    '\nlive / bench (aims: first lane ≤ 1.2x at 1,000 and 10,000 pods; terminating lanes on the first screen; p95 frame ≤ 16.7 ms at 10,000)',
  );
  for (const replicas of PODS) {
    const live = rows.find((r) => r.pods === replicas && r.page === 'live');
    const bench = rows.find((r) => r.pods === replicas && r.page === 'bench');
    if (!live || !bench) continue;
    console.log(
      `${String(replicas).padEnd(7)} first lane ${ratio(live.firstLaneMs, bench.firstLaneMs)}   all pods ${ratio(live.allPodsMs, bench.allPodsMs)}   terminating lane ${live.terminatingMs === null ? 'not on the first screen' : `${live.terminatingMs.toFixed(0)} ms`}   p95 frame ${ratio(live.p95FrameMs, bench.p95FrameMs)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
