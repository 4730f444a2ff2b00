/**
 * The scenario registry. `createScenarioCluster` builds a SimCluster for a named scenario on the given clock and
 * store; call `start()` to run it (under a RealClock at any speed for `npm run sim`, under a VirtualClock for
 * tests and fixtures, see run.ts).
 */
import { RealClock, type SimClock } from '../clock';
import { SimCluster } from '../model/cluster';
import { Random } from '../model/random';
import { ObjectStore } from '../object-store';
import { demoScenario } from './demo';
import { disruptionScenarios } from './disruptions';
import { hostileNamesScenario } from './hostile-names';
import { podDeleteScenarios } from './pod-deletes';
import { restartScenarios } from './restarts';
import { rolloutScenarios } from './rollouts';
import type { ScenarioDefinition, ScenarioOptions } from './types';

export type { ScenarioDefinition, ScenarioOptions } from './types';

/** Finite scenarios in fixture order, then `demo`. */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  ...podDeleteScenarios,
  ...disruptionScenarios,
  ...rolloutScenarios,
  ...restartScenarios,
]
  .sort((a, b) => (a.number ?? 0) - (b.number ?? 0))
  .concat([demoScenario, hostileNamesScenario]);

export function scenarioByName(name: string): ScenarioDefinition | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

export interface CreateScenarioOptions extends ScenarioOptions {
  clock: SimClock;
  store: ObjectStore;
  seed: number;
}

export function createScenarioCluster(name: string, options: CreateScenarioOptions): SimCluster {
  const scenario = scenarioByName(name);
  if (!scenario) throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return new SimCluster({
    clock: options.clock,
    store: options.store,
    seed: options.seed,
    scenario: scenario.name,
    config: scenario.config,
    dualStack: scenario.dualStack,
    setup: (cluster) => scenario.setup(cluster, { replicas: options.replicas }),
  });
}

export interface RealTimeScenario {
  clock: RealClock;
  store: ObjectStore;
  cluster: SimCluster;
  /** Stops the cluster and cancels every pending timer. */
  stop(): void;
}

/**
 * Starts a scenario in real time, `speed` times faster than the wall clock (1 = real time), on a new store:
 * what `npm run sim` serves. Finite scenarios resolve `cluster.whenDone()`; `demo` runs until stopped.
 */
export function startRealTimeScenario(
  name: string,
  options: ScenarioOptions & { seed: number; speed?: number; startAt?: number },
): RealTimeScenario {
  const clock =
    options.startAt === undefined
      ? RealClock.fromWholeSecond(options.speed ?? 1)
      : RealClock.startingAt(options.startAt, options.speed ?? 1);
  // Seeded uids too (events and slices get theirs from the store), so that a seed replays the same objects.
  const uids = new Random(options.seed).fork('store');
  const store = new ObjectStore({ clock, newUid: () => uids.uuid() });
  const cluster = createScenarioCluster(name, { clock, store, seed: options.seed, replicas: options.replicas });
  cluster.start();
  return {
    clock,
    store,
    cluster,
    stop: () => {
      cluster.stop();
      clock.dispose();
    },
  };
}
