import { describe, expect, it } from 'vitest';
import type { GroundTruth } from '../model/truth';
import { startRealTimeScenario } from './index';
import { FIXTURE_START, runScenario } from './run';

async function realTimeTruth(scenario: string, seed: number, speed: number, startAt?: number): Promise<GroundTruth> {
  const sim = startRealTimeScenario(scenario, { seed, speed, startAt });
  await sim.cluster.whenDone();
  sim.stop();
  return sim.cluster.groundTruth();
}

/** Names and the order the pods were deleted in: what a seed promises to repeat. */
function namesAndDeletions(truth: GroundTruth): { names: string[]; deletions: string[] } {
  const deleted = truth.pods
    .filter((p) => p.deleteRequestedAt !== null)
    .sort((a, b) => Date.parse(a.deleteRequestedAt ?? '') - Date.parse(b.deleteRequestedAt ?? ''));
  return { names: truth.pods.map((p) => p.name), deletions: deleted.map((p) => p.name) };
}

describe('startRealTimeScenario', () => {
  it('runs a finite scenario on a sped-up RealClock to completion, with the same kind of termination', async () => {
    const sim = startRealTimeScenario('no-prestop', { seed: 5, speed: 200 });
    await sim.cluster.whenDone();
    sim.stop();
    const pod = sim.cluster.groundTruth().pods.find((p) => p.cause === 'delete');
    expect(pod?.containers[0]).toMatchObject({ exitCode: 143, reason: 'Error' });
    expect(pod?.deletedAt).not.toBeNull();
  });

  it('replays a seed in real time: the same pod and ReplicaSet names, the same deletions in the same order', async () => {
    const first = await realTimeTruth('rolling-update', 4242, 40);
    const second = await realTimeTruth('rolling-update', 4242, 40);
    expect(namesAndDeletions(second)).toEqual(namesAndDeletions(first));
    expect(new Set(first.pods.map((p) => p.name.split('-')[1])).size).toBe(2);
    expect(namesAndDeletions(first).deletions).toHaveLength(4);
    const other = await realTimeTruth('rolling-update', 4243, 40);
    expect(namesAndDeletions(other).names).not.toEqual(namesAndDeletions(first).names);
  });

  it('from the same start instant, a real-time run is the virtual-time run to the millisecond', async () => {
    const real = await realTimeTruth('prestop-sleep', 77, 40, FIXTURE_START);
    expect(real).toEqual(runScenario('prestop-sleep', { seed: 77, startAt: FIXTURE_START }).truth);
  });
});
