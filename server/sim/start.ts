/**
 * One running simulator: a scenario's cluster in real time (sped up by `speed`), served over HTTP by the simulated
 * apiserver with the real model as its ClusterControl, so a client's DELETE terminates a pod the way the scenario's
 * containers behave. `npm run sim` (cli.ts) wraps this; anything that embeds the simulator (the live pipeline)
 * should call it too, so there is one way to start one.
 *
 *   const sim = await startSim({ scenario: 'prestop-sleep', seed: 1, speed: 10 });
 *   // sim.url, sim.faults, sim.cluster.whenDone(), sim.groundTruth()
 *   await sim.stop();
 */
import { createSimApiServer, type SimApiServer, type SimFaults, type WatchSettings } from './api';
import type { RealClock } from './clock';
import type { SimCluster } from './model/cluster';
import type { GroundTruth } from './model/truth';
import { Recorder } from './recorder';
import { SCENARIOS, scenarioByName, startRealTimeScenario, type ScenarioDefinition } from './scenarios';
import type { ObjectStore } from './object-store';

export interface StartSimOptions {
  scenario: string;
  seed: number;
  /** Simulated time runs this many times faster than the wall clock. Default 1. */
  speed?: number;
  replicas?: number;
  /** The simulated clock's start instant, epoch ms. Default: now. */
  startAt?: number;
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bearer token every request must carry; none when absent. */
  token?: string;
  /** Serve HTTPS (kubectl sends a bearer token only over TLS). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  watch?: Partial<WatchSettings>;
  /** Receives the recording (docs/recording-format.md lines, header first) as the simulator produces it. */
  onRecordingLine?: (line: string) => void;
}

export interface RunningSimulator {
  /** The base URL clients use (a wildcard listen address is replaced by loopback). */
  readonly url: string;
  readonly port: number;
  readonly token: string | null;
  readonly scenario: ScenarioDefinition;
  readonly seed: number;
  readonly speed: number;
  readonly clock: RealClock;
  readonly store: ObjectStore;
  readonly cluster: SimCluster;
  readonly api: SimApiServer;
  readonly faults: SimFaults;
  /** Resolves when a finite scenario has completed; never for one that runs forever (`demo`). */
  whenDone(): Promise<void>;
  groundTruth(): GroundTruth;
  /** Idempotent: stops the cluster and the recording, closes the server and every watch. */
  stop(): Promise<void>;
}

/** A problem the caller can act on (bad scenario, port taken); its message is meant for the user as is. */
export class SimStartError extends Error {}

export function unknownScenarioMessage(name: string): string {
  return `unknown scenario "${name}"; known scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`;
}

function listenFailure(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE')
    return new SimStartError(`port ${port} on ${host} is already in use (--port 0 picks a free one)`);
  if (code === 'EACCES')
    return new SimStartError(`not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges)`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new SimStartError(`cannot listen on host ${host}: no such local address`);
  return error instanceof Error ? error : new Error(String(error));
}

/** What a client should connect to: a wildcard listen address is not an address to connect to. */
function clientUrl(scheme: 'http' | 'https', host: string, port: number): string {
  const connectTo = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `${scheme}://${connectTo.includes(':') ? `[${connectTo}]` : connectTo}:${port}`;
}

export async function startSim(options: StartSimOptions): Promise<RunningSimulator> {
  const scenario = scenarioByName(options.scenario);
  if (!scenario) throw new SimStartError(unknownScenarioMessage(options.scenario));
  const speed = options.speed ?? 1;
  const host = options.host ?? '127.0.0.1';
  const running = startRealTimeScenario(scenario.name, {
    seed: options.seed,
    speed,
    startAt: options.startAt,
    replicas: options.replicas,
  });
  const { clock, store, cluster } = running;
  const recorder = options.onRecordingLine
    ? new Recorder({ store, clock, seed: options.seed, onLine: options.onRecordingLine, keepLines: false })
    : null;
  recorder?.start();
  const api = createSimApiServer({
    store,
    control: cluster,
    clock,
    token: options.token,
    watch: options.watch,
    tls: options.tls,
  });
  let port: number;
  try {
    ({ port } = await api.listen(options.port ?? 0, host));
  } catch (error) {
    recorder?.stop();
    running.stop();
    throw listenFailure(error, host, options.port ?? 0);
  }
  let stopping: Promise<void> | undefined;
  return {
    url: clientUrl(options.tls ? 'https' : 'http', host, port),
    port,
    token: options.token ?? null,
    scenario,
    seed: options.seed,
    speed,
    clock,
    store,
    cluster,
    api,
    faults: api.faults,
    whenDone: () => cluster.whenDone(),
    groundTruth: () => cluster.groundTruth(),
    stop() {
      stopping ??= (async () => {
        recorder?.stop();
        running.stop();
        await api.close();
      })();
      return stopping;
    },
  };
}
