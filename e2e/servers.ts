/**
 * The drainscope servers the e2e suite runs: one production server (`next start` on the build the global setup
 * made) per simulated scenario, each on its own port. Simulated time runs at real speed: the live pipeline stamps
 * watch receipts with the wall clock while the simulator stamps API objects with its own, so a faster simulation
 * would put the two clocks apart (reported to the live-pipeline owner).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The suite's own build directory (git- and lint-ignored), so other builds of the shared tree cannot disturb it. */
export const DIST_DIR = 'test-results/next-build';
export const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: '1', DRAINSCOPE_NEXT_DIST_DIR: DIST_DIR };

export const SCENARIO_PORTS = {
  'no-prestop': 3301,
  'prestop-sleep': 3302,
  'ignores-sigterm': 3303,
  'hostile-names': 3304,
  demo: 3305,
} as const;

export type E2eScenario = keyof typeof SCENARIO_PORTS;

/** A port for tests that start and stop their own server. */
export const RESTART_PORT = 3306;
/** The history spec's own server: it needs a recording store in a fresh data directory. */
export const HISTORY_PORT = 3307;
/** The big-rollout spec's own server, against a 30-replica simulator of its own. */
export const BIG_ROLLOUT_PORT = 3314;
/** The seed's first-screen spec's own server, against a 300-replica simulator of its own. */
export const FIRST_SCREEN_PORT = 3315;

export function baseUrl(scenario: E2eScenario): string {
  return `http://127.0.0.1:${SCENARIO_PORTS[scenario]}`;
}

export function startServer(scenario: string, port: number, env: Record<string, string> = {}): ChildProcess {
  return spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...NEXT_ENV,
        DRAINSCOPE_SIMULATE: '1',
        DRAINSCOPE_SIM_SCENARIO: scenario,
        DRAINSCOPE_SIM_SPEED: '1',
        DRAINSCOPE_SIM_SEED: '42',
        PORT: String(port),
        ...env,
      },
      stdio: 'ignore',
      detached: false,
    },
  );
}

export async function waitForHealth(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`drainscope on port ${port} did not become healthy in ${timeoutMs} ms`);
}

/** drainscope as `npm start` runs it against "the current kubeconfig": KUBECONFIG set, no simulator, no store. */
export function startAgainstKubeconfig(kubeconfig: string, port: number): ChildProcess {
  return spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...NEXT_ENV,
        KUBECONFIG: kubeconfig,
        DRAINSCOPE_SIMULATE: '',
        DRAINSCOPE_STORE: 'off',
        PORT: String(port),
      },
      stdio: 'ignore',
    },
  );
}

/** The simulated cluster in its own process, as `npm run sim` starts it; resolves once it listens and wrote its kubeconfig. */
export function startSimulatorProcess(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/sim/cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the simulator did not start:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (https?:\/\/\S+)/.exec(output)?.[1];
      if (url && output.includes('kubeconfig written')) {
        clearTimeout(timer);
        resolve({ url, child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}):\n${output}`)));
  });
}

/**
 * A rolling update of `replicas` in a simulator of its own (`npm run sim -- --scenario rolling-update`), and
 * drainscope against its kubeconfig (written into `dir`) on `port`, healthy; both processes are handed to `own`.
 */
export async function startOwnRollout(options: {
  replicas: number;
  seed: number;
  port: number;
  dir: string;
  own: (child: ChildProcess) => ChildProcess;
}): Promise<void> {
  const kubeconfig = path.join(options.dir, 'kubeconfig');
  const sim = await startSimulatorProcess([
    '--scenario',
    'rolling-update',
    '--replicas',
    String(options.replicas),
    '--port',
    '0',
    '--seed',
    String(options.seed),
    '--kubeconfig-out',
    kubeconfig,
  ]);
  options.own(sim.child);
  options.own(startAgainstKubeconfig(kubeconfig, options.port));
  await waitForHealth(options.port);
}
