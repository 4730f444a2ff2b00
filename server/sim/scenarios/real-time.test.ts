import { describe, expect, it } from 'vitest';
import { startRealTimeScenario } from './index';

describe('startRealTimeScenario', () => {
  it('runs a finite scenario on a sped-up RealClock to completion, with the same kind of termination', async () => {
    const sim = startRealTimeScenario('no-prestop', { seed: 5, speed: 200 });
    await sim.cluster.whenDone();
    sim.stop();
    const pod = sim.cluster.groundTruth().pods.find((p) => p.cause === 'delete');
    expect(pod?.containers[0]).toMatchObject({ exitCode: 143, reason: 'Error' });
    expect(pod?.deletedAt).not.toBeNull();
  });
});
