import { describe, expect, it } from 'vitest';
import { conditionOf } from './pod-json';
import { podChanges, readyTestCluster } from './test-cluster';

describe('pod deletion at the simulated apiserver', () => {
  it('sets deletionTimestamp = now + G in whole seconds and deletionGracePeriodSeconds = G', () => {
    const test = readyTestCluster();
    test.advance(456);
    const result = test.cluster.deletePod('shop', test.pod.metadata.name, {});
    expect(result.ok).toBe(true);
    const after = test.store.get('pods', 'shop', test.pod.metadata.name);
    expect(after?.metadata.deletionTimestamp).toBe('2026-11-24T04:25:40Z');
    expect(after?.metadata.deletionGracePeriodSeconds).toBe(30);
  });

  it('grace shortening keeps deletionTimestamp − G at the request time; a longer grace is ignored', () => {
    const test = readyTestCluster({ grace: 60, container: { onSigterm: { kind: 'drain', seconds: 50 } } });
    const name = test.pod.metadata.name;
    test.cluster.deletePod('shop', name, {});
    test.advance(3000);
    test.cluster.deletePod('shop', name, { gracePeriodSeconds: 10 });
    const shortened = test.store.get('pods', 'shop', name);
    expect(shortened?.metadata.deletionTimestamp).toBe('2026-11-24T04:25:20Z');
    expect(shortened?.metadata.deletionGracePeriodSeconds).toBe(10);
    const version = shortened?.metadata.resourceVersion;
    test.cluster.deletePod('shop', name, { gracePeriodSeconds: 120 });
    expect(test.store.get('pods', 'shop', name)?.metadata.resourceVersion).toBe(version);
    expect(test.cluster.truth.pod(test.pod.metadata.uid)?.deleteRequests.map((r) => r.effect)).toEqual([
      'started',
      'shortened',
      'ignored',
    ]);
  });

  it('force delete (grace 0) writes a MODIFIED with G=0 and the DELETED at once', () => {
    const test = readyTestCluster();
    const at = test.clock.now();
    test.cluster.deletePod('shop', test.pod.metadata.name, { gracePeriodSeconds: 0 });
    const changes = podChanges(test, test.pod.metadata.uid).filter((c) => c.at === at);
    expect(changes.map((c) => [c.type, c.pod.metadata.deletionGracePeriodSeconds])).toEqual([
      ['MODIFIED', 0],
      ['DELETED', 0],
    ]);
  });

  it('refuses a uid precondition that does not match with 409 Conflict, and a missing pod with 404', () => {
    const test = readyTestCluster();
    const conflict = test.cluster.deletePod('shop', test.pod.metadata.name, { preconditions: { uid: 'other' } });
    expect(conflict).toMatchObject({ ok: false, status: { code: 409, reason: 'Conflict' } });
    expect(test.cluster.deletePod('shop', 'nope', {})).toMatchObject({
      ok: false,
      status: { code: 404, reason: 'NotFound', message: 'pods "nope" not found' },
    });
  });

  it('eviction writes DisruptionTarget=EvictionByEvictionAPI just before the deletionTimestamp', () => {
    const test = readyTestCluster();
    test.cluster.evictPod('shop', test.pod.metadata.name, {});
    const changes = podChanges(test, test.pod.metadata.uid).slice(-2);
    expect(conditionOf(changes[0]!.pod, 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'EvictionByEvictionAPI',
    });
    expect(changes[0]!.pod.metadata.deletionTimestamp).toBeUndefined();
    expect(changes[1]!.pod.metadata.deletionTimestamp).toBeDefined();
    expect(test.cluster.truth.pod(test.pod.metadata.uid)?.cause).toBe('eviction');
  });

  it('a delete through ClusterControl terminates the pod through the kubelet and removes the object', () => {
    const test = readyTestCluster();
    test.cluster.deletePod('shop', test.pod.metadata.name, {});
    test.advance(20_000);
    const last = podChanges(test, test.pod.metadata.uid).at(-1);
    expect(last?.type).toBe('DELETED');
    expect(last?.pod.status.containerStatuses?.[0]?.state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
  });
});
