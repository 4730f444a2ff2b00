/**
 * A scenario: a named, seeded preset that builds a cluster, lets its pods become ready, performs one action at
 * a fixed time and (when finite) declares itself finished once the cluster settled.
 */
import type { SimCluster } from '../model/cluster';
import type { ModelConfig } from '../model/types';

export interface ScenarioOptions {
  /** Replicas of the scenario's main Deployment, where it has one that scales (rolling-update). */
  replicas?: number;
}

export interface ScenarioDefinition {
  /** kebab-case, e.g. `prestop-sleep`. */
  name: string;
  /** Fixture number (`NN-name.ndjson`); 1-13 follow the scenarios of docs/termination-model.md. */
  number: number | null;
  summary: string;
  /** False for scenarios that run forever (demo). */
  finite: boolean;
  /** When a fixture recording starts, ms after the cluster started (the rest is the initial list). */
  recordFromMs: number;
  dualStack?: boolean;
  config?: Partial<ModelConfig>;
  setup(cluster: SimCluster, options: ScenarioOptions): void;
}
