/**
 * Before the suite: Debian's Chromium (Playwright's own download needs the internet), a production build if the
 * sources changed since the last one, and one server per scenario, started together so their scenarios run while
 * the build's successors wait. Their pids go to a file the teardown reads.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isBuildStale } from '../scripts/build-staleness';
import { ensureChromium } from './chromium';
import { DIST_DIR, NEXT_ENV, ROOT, SCENARIO_PORTS, startServer, waitForHealth } from './servers';

export const PID_FILE = path.join(os.tmpdir(), 'drainscope-e2e-servers.json');

export function buildIfStale(): void {
  if (!isBuildStale(ROOT, path.join(ROOT, DIST_DIR, 'BUILD_ID'))) return;
  console.log('e2e: building (next build)');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...NEXT_ENV },
  });
  if (result.status !== 0) throw new Error('next build failed');
}

export default async function globalSetup(): Promise<void> {
  ensureChromium();
  buildIfStale();
  const pids: number[] = [];
  for (const [scenario, port] of Object.entries(SCENARIO_PORTS)) {
    const child = startServer(scenario, port);
    if (child.pid) pids.push(child.pid);
    child.unref();
  }
  fs.writeFileSync(PID_FILE, JSON.stringify(pids));
  await Promise.all(Object.values(SCENARIO_PORTS).map((port) => waitForHealth(port)));
}
