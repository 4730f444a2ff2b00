import { describe, expect, it } from 'vitest';
import { podChanges, readyTestCluster } from '../test-cluster';

describe('kubelet', () => {
  it('starts a pod with Scheduled, Pulling, Pulled, Created, Started, then reports Running and Ready with whole-second times', () => {
    const test = readyTestCluster({ container: { readinessProbe: { periodSeconds: 1, failureThreshold: 1 } } });
    const reasons = test.changes
      .filter(
        (c) =>
          c.resource === 'events' &&
          c.type === 'ADDED' &&
          (c.object.involvedObject as { uid: string }).uid === test.pod.metadata.uid,
      )
      .map((c) => c.object.reason);
    expect(reasons).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    expect(test.pod.status.phase).toBe('Running');
    expect(test.pod.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    const types = (test.pod.status.conditions ?? []).map((c) => c.type).sort();
    expect(types).toEqual(['ContainersReady', 'Initialized', 'PodReadyToStartContainers', 'PodScheduled', 'Ready']);
    for (const c of test.pod.status.conditions ?? []) expect(c.lastTransitionTime).toMatch(/T\d\d:\d\d:\d\dZ$/);
  });

  it('emits Killing before the preStop hook starts', () => {
    const test = readyTestCluster({ container: { preStop: { kind: 'sleep', seconds: 3 } } });
    test.cluster.deletePod('shop', test.pod.metadata.name, {});
    test.advance(2100);
    const killing = test.changes.find((c) => c.resource === 'events' && c.object.reason === 'Killing');
    const container = test.cluster.truth.container(test.pod.metadata.uid, 'app');
    expect(killing?.at).toBe(container?.killingAt);
    expect(container?.preStop?.startedAt).toBe(container?.killingAt);
  });

  it('reports a container exit at the next PLEG relist, within about a second', () => {
    const test = readyTestCluster({ container: { onSigterm: { kind: 'exit-143' } } });
    test.cluster.deletePod('shop', test.pod.metadata.name, {});
    test.advance(5000);
    const exitedAt = test.cluster.truth.container(test.pod.metadata.uid, 'app')?.exitedAt ?? 0;
    const reported = podChanges(test, test.pod.metadata.uid).find(
      (c) => c.pod.status.containerStatuses?.[0]?.state.terminated,
    );
    expect(reported!.at - exitedAt).toBeGreaterThan(0);
    expect(reported!.at - exitedAt).toBeLessThanOrEqual(1000 + 50 + 40);
  });

  it('an app that runs out of memory while draining exits 137 OOMKilled before the deadline (not a SIGKILL)', () => {
    const test = readyTestCluster({ container: { onSigterm: { kind: 'oom', afterSeconds: 4 } } });
    test.cluster.deletePod('shop', test.pod.metadata.name, {});
    test.advance(10_000);
    const container = test.cluster.truth.container(test.pod.metadata.uid, 'app');
    expect(container).toMatchObject({ exitCode: 137, reason: 'OOMKilled', sigkillAt: null });
    const reported = podChanges(test, test.pod.metadata.uid).find(
      (c) => c.pod.status.containerStatuses?.[0]?.state.terminated,
    );
    expect(reported?.pod.status.containerStatuses?.[0]?.state.terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    });
    expect(reported?.pod.status.phase).toBe('Failed');
  });

  it('a pod deleted before it was scheduled goes at once, without the kubelet', () => {
    const test = readyTestCluster();
    test.cluster.scaleDeployment('shop', 'web', 2);
    let pending = test.cluster.pods({ app: 'web' }).find((p) => !p.spec.nodeName);
    for (let i = 0; i < 50 && !pending; i++) {
      test.advance(1);
      pending = test.cluster.pods({ app: 'web' }).find((p) => !p.spec.nodeName);
    }
    expect(pending).toBeDefined();
    test.cluster.deletePod('shop', pending!.metadata.name, {});
    expect(podChanges(test, pending!.metadata.uid).at(-1)?.type).toBe('DELETED');
  });
});
