/**
 * The scenario registry. `createScenarioCluster` builds a SimCluster for a named scenario on the given clock and
 * store; call `start()` to run it (under a RealClock at any speed for `npm run sim`, under a VirtualClock for
 * tests and fixtures, see run.ts).
 */
import type { SimClock } from '../clock';
import { SimCluster } from '../model/cluster';
import type { ObjectStore } from '../store';
import { demoScenario } from './demo';
import { disruptionScenarios } from './disruptions';
import { podDeleteScenarios } from './pod-deletes';
import { rolloutScenarios } from './rollouts';
import type { ScenarioDefinition, ScenarioOptions } from './types';

export type { ScenarioDefinition, ScenarioOptions } from './types';

/** Finite scenarios in fixture order, then `demo`. */
export const SCENARIOS: readonly ScenarioDefinition[] = [...podDeleteScenarios, ...disruptionScenarios, ...rolloutScenarios]
  .sort((a, b) => (a.number ?? 0) - (b.number ?? 0))
  .concat([demoScenario]);

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
