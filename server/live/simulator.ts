/**
 * The built-in simulated cluster, in process: object store, cluster model running a scenario in real time, and
 * the simulated apiserver on an ephemeral 127.0.0.1 port. drainscope then connects to it through the same
 * client-node path as to a real cluster, with a generated in-memory kubeconfig, so the simulator exercises the
 * real pipeline rather than a shortcut.
 */
import { randomBytes } from 'node:crypto';
import { RealClock } from '../sim/clock';
import { createSimApiServer, type SimApiServer, type WatchSettings } from '../sim/api';
import type { SimCluster } from '../sim/model/cluster';
import { createScenarioCluster } from '../sim/scenarios';
import { ObjectStore } from '../sim/store';
import { kubeConfigForServer, type KubeConfig } from '../kube/kubeconfig';

export interface SimulatedCluster {
  url: string;
  token: string | null;
  kubeConfig: KubeConfig;
  scenario: string;
  api: SimApiServer;
  cluster: SimCluster;
  store: ObjectStore;
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
  const clock = new RealClock(options.speed ?? 1);
  const store = new ObjectStore({ clock });
  const cluster = createScenarioCluster(options.scenario, { clock, store, seed: options.seed });
  const token = options.token === undefined ? randomBytes(16).toString('hex') : options.token;
  const api = createSimApiServer({ store, control: cluster, clock, ...(token ? { token } : {}), ...(options.watch ? { watch: options.watch } : {}) });
  const { url } = await api.listen(0, '127.0.0.1');
  cluster.start();
  return {
    url,
    token,
    kubeConfig: kubeConfigForServer(url, { name: `drainscope-simulator-${options.scenario}`, ...(token ? { token } : {}) }),
    scenario: options.scenario,
    api,
    cluster,
    store,
    async stop() {
      cluster.stop();
      clock.dispose();
      await api.close();
    },
  };
}
