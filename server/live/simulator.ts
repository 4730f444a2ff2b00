/**
 * The built-in simulated cluster, in process (`startSim`: store, cluster model running a scenario in real time,
 * the simulated apiserver on an ephemeral 127.0.0.1 port). drainscope then connects to it through the same
 * client-node path as to a real cluster, with a generated in-memory kubeconfig, so the simulator exercises the
 * real pipeline rather than a shortcut.
 */
import { randomBytes } from 'node:crypto';
import type { WatchSettings } from '../sim/api';
import { startSim, type RunningSimulator } from '../sim/start';
import { kubeConfigForServer, type KubeConfig } from '../kube/kubeconfig';

export interface SimulatedCluster {
  url: string;
  token: string | null;
  kubeConfig: KubeConfig;
  scenario: string;
  simulator: RunningSimulator;
  store: RunningSimulator['store'];
  stop(): Promise<void>;
}

export interface SimulatedClusterOptions {
  scenario: string;
  seed: number;
  /** Simulated time runs this many times faster than real time. */
  speed?: number;
  watch?: Partial<WatchSettings>;
  /** Bearer token the API requires; null for none (kubectl sends tokens only over TLS). Random by default. */
  token?: string | null;
}

export async function startSimulatedCluster(options: SimulatedClusterOptions): Promise<SimulatedCluster> {
  const token = options.token === undefined ? randomBytes(16).toString('hex') : options.token;
  const simulator = await startSim({
    scenario: options.scenario,
    seed: options.seed,
    speed: options.speed ?? 1,
    host: '127.0.0.1',
    ...(token ? { token } : {}),
    ...(options.watch ? { watch: options.watch } : {}),
  });
  return {
    url: simulator.url,
    token,
    kubeConfig: kubeConfigForServer(simulator.url, {
      name: `drainscope-simulator-${options.scenario}`,
      ...(token ? { token } : {}),
    }),
    scenario: options.scenario,
    simulator,
    store: simulator.store,
    stop: () => simulator.stop(),
  };
}
