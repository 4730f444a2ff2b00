/**
 * Debian's `prometheus` package (a real Prometheus server and promtool), installed by the test setup when it is
 * missing, as e2e/chromium.ts does for Chromium: nothing is downloaded from outside the distribution.
 *
 * The package's maintainer script tries to start a `prometheus` service. Here there is no systemd, and
 * policy-rc.d (given for the install) refuses it; should the service start anyway, the process the install
 * started is found by its executable and stopped by its pid, so no Prometheus but the tests' own keeps running
 * or holds port 9090.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';

/** The tests' own servers are started with a configuration in a directory of this prefix (./prometheus.ts). */
export const TEST_DIR_PREFIX = 'drainscope-prometheus-';

/**
 * Pids of running Prometheus servers that are not a test's own: the one the package's service may have started.
 * (Another test file may be running its own meanwhile, after an install of its own: that one is left alone.)
 */
function serviceServers(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/exe`) !== PROMETHEUS) continue;
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(TEST_DIR_PREFIX)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

export function ensurePrometheus(): void {
  if (fs.existsSync(PROMETHEUS) && fs.existsSync(PROMTOOL)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${PROMETHEUS} is missing and installing it needs root: run "apt-get install -y prometheus" as root, then the tests again`,
    );
  }
  const before = new Set(serviceServers());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-apt-'));
  const policy = path.join(dir, 'policy-rc.d');
  // 101: "action forbidden by policy": the package's service is not started.
  fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  const install = 'apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends prometheus';
  try {
    execSync(`(${install} || (apt-get -o DPkg::Lock::Timeout=600 update && ${install}))`, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', POLICYRCD: policy },
      timeout: 15 * 60_000,
    });
  } catch (error) {
    const output =
      error instanceof Error && 'stderr' in error
        ? String((error as { stderr: unknown }).stderr).slice(-2000)
        : String(error);
    throw new Error(`installing Debian's prometheus package failed (apt-get install -y prometheus): ${output}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const pid of serviceServers()) if (!before.has(pid)) process.kill(pid, 'SIGTERM');
  if (!fs.existsSync(PROMETHEUS) || !fs.existsSync(PROMTOOL))
    throw new Error(`apt-get installed prometheus but ${PROMETHEUS} or ${PROMTOOL} is missing`);
}
