/**
 * Runs a finite scenario to completion in virtual time: instantly and byte-for-byte the same for a given
 * (scenario, seed, start). Returns the recording (header, initial list from `recordFromMs`, every change) and
 * the ground truth. Used by the fixture generator and the tests.
 */
import { VirtualClock } from '../clock';
import { Random } from '../model/random';
import type { GroundTruth } from '../model/truth';
import { Recorder } from '../recorder';
import { ObjectStore } from '../object-store';
import { createScenarioCluster, scenarioByName } from './index';
import type { SimCluster } from '../model/cluster';

/** Fixture runs start here (an arbitrary fixed instant). */
export const FIXTURE_START = Date.parse('2026-11-24T04:25:00Z');
export const FIXTURE_SEED = 20261124;
/** A finite scenario that has not finished after this much simulated time is a bug. */
const RUN_LIMIT_MS = 30 * 60_000;

export interface ScenarioRun {
  recording: string;
  lines: readonly string[];
  truth: GroundTruth;
  cluster: SimCluster;
  store: ObjectStore;
  endedAt: number;
}

export interface RunOptions {
  seed?: number;
  startAt?: number;
  replicas?: number;
}

export function runScenario(name: string, options: RunOptions = {}): ScenarioRun {
  const scenario = scenarioByName(name);
  if (!scenario?.finite) throw new Error(`"${name}" is not a finite scenario`);
  const seed = options.seed ?? FIXTURE_SEED;
  const clock = new VirtualClock(options.startAt ?? FIXTURE_START);
  const uids = new Random(seed).fork('store');
  const store = new ObjectStore({ clock, newUid: () => uids.uuid() });
  const cluster = createScenarioCluster(name, { clock, store, seed, replicas: options.replicas });
  const recorder = new Recorder({ store, clock, seed });
  cluster.start();
  clock.advanceTo(cluster.startedAt + scenario.recordFromMs);
  recorder.start();
  const limit = cluster.startedAt + RUN_LIMIT_MS;
  while (!cluster.done && clock.now() < limit) clock.advanceTo(clock.now() + 1000);
  if (!cluster.done)
    throw new Error(`scenario "${name}" did not finish within ${RUN_LIMIT_MS / 60_000} min of simulated time`);
  recorder.stop();
  cluster.stop();
  return {
    recording: recorder.text(),
    lines: recorder.lines,
    truth: cluster.groundTruth(),
    cluster,
    store,
    endedAt: clock.now(),
  };
}
