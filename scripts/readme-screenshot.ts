/**
 * Takes the README's screenshot (docs/screenshot.png): the built-in demo at 1600×1000 once its rollouts have
 * terminated pods, with the capacity rows, gap bands and findings on screen. Run after a build:
 * `npx next build && npx tsx scripts/readme-screenshot.ts` (uses /usr/bin/chromium; no network).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium';

const ROOT = path.resolve(import.meta.dirname, '..');
const PORT = 3399;
const WAIT_MS = Number(process.env.SCREENSHOT_WAIT_MS ?? 75_000);

async function main(): Promise<void> {
  const server = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(PORT), '-H', '127.0.0.1'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        DRAINSCOPE_SIMULATE: '1',
        DRAINSCOPE_SIM_SCENARIO: 'demo',
        DRAINSCOPE_SIM_SEED: '42',
        DRAINSCOPE_STORE: 'off',
      },
      stdio: 'inherit',
    },
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    for (let tries = 0; ; tries += 1) {
      try {
        await page.goto(`http://127.0.0.1:${PORT}/?theme=light`);
        break;
      } catch (error) {
        if (tries > 120) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    await page.getByTestId('capacity-row').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(WAIT_MS);
    await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot.png') });
    console.log('wrote docs/screenshot.png');
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}

void main();
