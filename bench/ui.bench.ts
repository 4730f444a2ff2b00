/**
 * bench:ui — the dashboard in Chromium over generated timelines (`/bench?pods=N`): time to the first complete
 * render (navigation start → the lanes canvas painted) and frame times while zooming and panning with the
 * keyboard and ctrl+wheel, at 1,000 and 5,000 pods. Baseline, same run: the same page with 0 pods (the empty
 * state, no lanes) under the same input, so ratios show what the lanes cost over the browser's own frame loop.
 * Frame intervals are quantized to the display's 16.7 ms, so the run also reports the renderer main thread's busy
 * time per frame (CDP `Performance.getMetrics` TaskDuration): it shows the headroom that frame times hide.
 */
import { type Page } from '@playwright/test';
import { buildIfStale } from '../e2e/global-setup';
import { startServer, waitForHealth } from '../e2e/servers';
import { frameIntervals, frameLoop, freePort, launchChromium, percentile } from './chromium';

const INPUT_MS = 3_000;

interface Sample {
  pods: number;
  firstRenderMs: number;
  frames: number;
  p50: number;
  p95: number;
  max: number;
  /** Renderer main-thread busy time (script, style, layout, paint, commit) per frame while zooming and panning. */
  busyPerFrame: number;
}

// Every frame zooms or pans: keys W/S zoom and D/A pan, every fourth frame a ctrl+wheel zoom in or out.
const FRAME_LOOP = frameLoop({
  keys: ['KeyW', 'KeyW', 'KeyD', 'KeyS', 'KeyA', 'KeyS'],
  fourthFrame:
    "scroller.dispatchEvent(new WheelEvent('wheel', { deltaY: i % 8 < 4 ? -60 : 60, ctrlKey: true, bubbles: true, cancelable: true }))",
  scrollerFallback: 'document.body',
});

/** Renderer main-thread busy ms while `run` runs (TaskDuration counts from `Performance.enable` on a session). */
async function busyMsDuring<T>(page: Page, run: () => Promise<T>): Promise<{ result: T; busyMs: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0;
  const before = await taskSeconds();
  const result = await run();
  const busyMs = ((await taskSeconds()) - before) * 1000;
  await cdp.detach();
  return { result, busyMs };
}

async function measure(page: Page, port: number, pods: number): Promise<Sample> {
  await page.goto(`http://127.0.0.1:${port}/bench?pods=${pods}`);
  // Lanes: when the canvas first painted. Baseline (0 pods): when the empty state rendered.
  const firstRenderMs = Number(
    await page.evaluate(
      pods === 0
        ? `new Promise((resolve) => { const check = () => document.querySelector('[data-testid=empty-state]') ? resolve(performance.now()) : requestAnimationFrame(check); check(); })`
        : `new Promise((resolve) => { const check = () => { const painted = document.querySelector('[data-testid=lanes-canvas]')?.dataset.paintedAt; painted ? resolve(Number(painted)) : requestAnimationFrame(check); }; check(); })`,
    ),
  );
  await page.mouse.move(900, 500);
  const { result: deltas, busyMs } = await busyMsDuring(page, () => frameIntervals(page, FRAME_LOOP, INPUT_MS));
  const sorted = [...deltas].sort((a, b) => a - b);
  return {
    pods,
    firstRenderMs,
    frames: deltas.length,
    p50: percentile(sorted, 0.5, 0),
    p95: percentile(sorted, 0.95, 0),
    max: sorted[sorted.length - 1] ?? 0,
    busyPerFrame: busyMs / Math.max(1, deltas.length),
  };
}

async function main(): Promise<void> {
  buildIfStale();
  const port = await freePort();
  const server = startServer('no-prestop', port);
  try {
    await waitForHealth(port);
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await measure(page, port, 100); // warm-up: JIT and page chunks
    const baseline = await measure(page, port, 0);
    const results = [await measure(page, port, 1_000), await measure(page, port, 5_000)];
    await browser.close();
    const f = (n: number) => n.toFixed(1).padStart(7);
    console.log(
      'pods (0 = baseline)  first render ms   frames   p50 ms   p95 ms   max ms   p95/baseline   busy ms/frame',
    );
    for (const r of [baseline, ...results]) {
      console.log(
        `${String(r.pods).padEnd(19)} ${f(r.firstRenderMs).padStart(16)} ${String(r.frames).padStart(8)} ${f(r.p50)}  ${f(r.p95)}  ${f(r.max)}   ${(r.p95 / Math.max(0.001, baseline.p95)).toFixed(2)}x ${f(r.busyPerFrame).padStart(15)}`,
      );
    }
    const at1000 = results[0]!;
    console.log(
      `\n1,000 pods: first render ${at1000.firstRenderMs.toFixed(0)} ms (aim < 500), p95 frame ${at1000.p95.toFixed(1)} ms (aim < 16.7, one 60 Hz frame)`,
    );
  } finally {
    server.kill('SIGKILL');
  }
}

void main();
