/**
 * What the benchmarks that drive the dashboard in Chromium share (bench:ui, bench:live-path): launching Debian's
 * Chromium, a frame loop that sends one zoom or pan input per frame and records the frame intervals, their
 * percentiles, and a free port for a server of their own.
 */
import net from 'node:net';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium } from '../e2e/chromium';

/** Debian's Chromium (installed first when missing: Playwright's own download needs the internet). */
export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A free port from the kernel's ephemeral range (never the e2e suite's fixed 3301-3313). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The inputs a frame loop sends: one per frame. */
export interface FrameInputs {
  /** Keydown codes, in turn, on three frames of four. */
  keys: readonly string[];
  /** A statement run on every fourth frame instead; `scroller` (the lanes' scroll container) and `i` (the frame) are in scope. */
  fourthFrame: string;
  /** The scroller when the page has no lanes canvas (an expression in the page). */
  scrollerFallback: string;
}

/**
 * In the page: a function of `durationMs` that records rAF intervals while each frame sends one input, and
 * resolves to them without the first two (the loop's own start). A string, because tsx's transform would add
 * helper calls (`__name`) that do not exist in the page.
 */
export function frameLoop(inputs: FrameInputs): string {
  return `async (durationMs) => {
  const scroller = document.querySelector('[data-testid=lanes-canvas]')?.parentElement?.parentElement?.parentElement ?? ${inputs.scrollerFallback};
  const codes = ${JSON.stringify(inputs.keys)};
  const out = [];
  let last = performance.now();
  const start = last;
  let i = 0;
  await new Promise((resolve) => {
    const frame = (now) => {
      out.push(now - last);
      last = now;
      if (i % 4 === 3) ${inputs.fourthFrame};
      else window.dispatchEvent(new KeyboardEvent('keydown', { code: codes[i % codes.length], bubbles: true }));
      i += 1;
      if (now - start < durationMs) requestAnimationFrame(frame);
      else resolve();
    };
    requestAnimationFrame(frame);
  });
  return out.slice(2);
}`;
}

/** Runs a `frameLoop` in the page for `durationMs`: the frame intervals in ms, in the order they came. */
export async function frameIntervals(page: Page, loop: string, durationMs: number): Promise<number[]> {
  return (await page.evaluate(`(${loop})(${durationMs})`)) as number[];
}

/** The value at fraction `p` (0..1) of ascending `sorted`; `empty` when there is none. */
export function percentile(sorted: readonly number[], p: number, empty = NaN): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? empty;
}
