import { describe, expect, it } from 'vitest';
import { conditionOf } from '../model/pod-json';
import { endpointHistory, eventLines, lines, ms, podLines, run, target, terminated } from './test-support';

describe('eviction', () => {
  it('marks DisruptionTarget=EvictionByEvictionAPI just before the deletionTimestamp, then terminates gracefully', () => {
    const pod = target('eviction');
    const withCondition = podLines('eviction', pod.uid).find((l) => conditionOf(l.pod, 'DisruptionTarget'));
    expect(conditionOf(withCondition!.pod, 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'EvictionByEvictionAPI',
    });
    expect(withCondition?.pod.metadata.deletionTimestamp).toBeUndefined();
    const deleting = podLines('eviction', pod.uid).find((l) => l.pod.metadata.deletionTimestamp);
    expect(Number(deleting?.pod.metadata.resourceVersion)).toBe(
      Number(withCondition?.pod.metadata.resourceVersion) + 1,
    );
    expect(pod.containers[0]).toMatchObject({ exitCode: 0, preStop: { outcome: 'completed' } });
  });
});

describe('preemption', () => {
  it('marks DisruptionTarget=PreemptionByScheduler and reports Preempted with a µs eventTime and no first/last timestamps', () => {
    const pod = target('preemption');
    expect(pod.cause).toBe('preemption');
    const preempted = eventLines('preemption', { uid: pod.uid, reason: 'Preempted' });
    expect(preempted).toHaveLength(1);
    expect(preempted[0]?.event).toMatchObject({
      firstTimestamp: null,
      lastTimestamp: null,
      reportingComponent: 'default-scheduler',
    });
    expect(preempted[0]?.event.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(
      podLines('preemption', pod.uid).some(
        (l) => conditionOf(l.pod, 'DisruptionTarget')?.reason === 'PreemptionByScheduler',
      ),
    ).toBe(true);
  });

  it('binds the preemptor to the victim’s node once the victim is gone', () => {
    const victim = target('preemption');
    const preemptor = lines('preemption').filter(
      (l) => l.object.kind === 'Pod' && l.object.metadata.name === 'critical-report',
    );
    const bound = preemptor.find((l) => (l.object.spec as { nodeName?: string }).nodeName);
    expect((bound?.object.spec as { nodeName?: string }).nodeName).toBe(victim.node);
    expect(bound!.at).toBeGreaterThan(ms(victim.deletedAt));
  });
});

describe('dead-node', () => {
  it('the taint manager deletes the pod with no Killing, and it stays Terminating until force-deleted', () => {
    const pod = target('dead-node');
    expect(pod.cause).toBe('taint-manager');
    expect(eventLines('dead-node', { uid: pod.uid, reason: 'Killing' })).toHaveLength(0);
    expect(eventLines('dead-node', { uid: pod.uid, reason: 'NodeNotReady' })).toHaveLength(1);
    const podHistory = podLines('dead-node', pod.uid);
    expect(podHistory.some((l) => conditionOf(l.pod, 'DisruptionTarget')?.reason === 'DeletionByTaintManager')).toBe(
      true,
    );
    expect(pod.deleteRequests.map((r) => r.gracePeriodSeconds)).toEqual([30, 0]);
    expect(ms(pod.deletedAt) - ms(pod.deleteRequestedAt)).toBeGreaterThan(30_000);
    expect(podHistory.some((l) => terminated(l.pod.status.containerStatuses?.[0]))).toBe(false);
    expect(pod.containers[0]).toMatchObject({ reason: 'NodeLost', exitCode: null, sigtermAt: null });
  });

  it('the endpoint goes not ready when the node is declared NotReady, long before the deletion', () => {
    const pod = target('dead-node');
    const first = endpointHistory('dead-node', pod.uid).find((h) => h.endpoint && !h.endpoint.ready);
    expect(first?.endpoint).toMatchObject({ ready: false, serving: false, terminating: false });
    expect(first!.at).toBeLessThan(ms(pod.deleteRequestedAt));
  });
});

describe('node-pressure-eviction', () => {
  it('Evicted and Killing, no deletionTimestamp ever, the endpoint stays ready until the exit, phase Failed/Evicted, exit 137', () => {
    const pod = target('node-pressure-eviction');
    expect(eventLines('node-pressure-eviction', { uid: pod.uid, reason: 'Evicted' })[0]?.event.type).toBe('Warning');
    expect(eventLines('node-pressure-eviction', { uid: pod.uid, reason: 'Killing' })).toHaveLength(1);
    const history = podLines('node-pressure-eviction', pod.uid);
    expect(history.every((l) => l.pod.metadata.deletionTimestamp === undefined)).toBe(true);
    expect(history.at(-1)?.pod.status).toMatchObject({ phase: 'Failed', reason: 'Evicted' });
    expect(conditionOf(history.at(-1)!.pod, 'DisruptionTarget')?.reason).toBe('TerminationByKubelet');
    expect(pod.containers[0]).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(pod.deletedAt).toBeNull();
    const stillReady = endpointHistory('node-pressure-eviction', pod.uid).filter(
      (h) => h.at < ms(pod.containers[0]?.exitedAt) && h.endpoint,
    );
    for (const h of stillReady.slice(-1)) expect(h.endpoint?.ready).toBe(true);
  });
});

describe('graceful-node-shutdown', () => {
  it('the pod stays Ready through Killing until its container exits, then Failed/Terminated with TerminationByKubelet', () => {
    const pod = target('graceful-node-shutdown');
    expect(pod.cause).toBe('node-shutdown');
    expect(eventLines('graceful-node-shutdown', { uid: pod.uid, reason: 'Killing' })).toHaveLength(1);
    const history = podLines('graceful-node-shutdown', pod.uid);
    const beforeExit = history.filter((l) => l.at < ms(pod.containers[0]?.exitedAt) && l.at > ms(pod.kubeletNoticedAt));
    expect(beforeExit.length).toBeGreaterThan(0);
    for (const line of beforeExit) expect(conditionOf(line.pod, 'Ready')?.status).toBe('True');
    expect(history.at(-1)?.pod.status).toMatchObject({ phase: 'Failed', reason: 'Terminated' });
    expect(conditionOf(history.at(-1)!.pod, 'DisruptionTarget')?.reason).toBe('TerminationByKubelet');
    expect(pod.gracePeriodSeconds).toBe(20);
  });
});

describe('node-drain', () => {
  it('evicts every pod of worker-1 (three workloads) with DisruptionTarget=EvictionByEvictionAPI; the cordon keeps their replacements off it', () => {
    const { truth } = run('node-drain');
    const onNode = truth.pods.filter((pod) => pod.node === 'worker-1');
    const evicted = truth.pods.filter((pod) => pod.cause === 'eviction');
    expect(evicted.map((pod) => pod.uid).sort()).toEqual(onNode.map((pod) => pod.uid).sort());
    expect(evicted.map((pod) => pod.name.split('-')[0]).sort()).toEqual(['api', 'db', 'web']);
    for (const pod of evicted)
      expect(
        podLines('node-drain', pod.uid).some(
          (l) => conditionOf(l.pod, 'DisruptionTarget')?.reason === 'EvictionByEvictionAPI',
        ),
      ).toBe(true);
  });

  it('the rollout of web that runs meanwhile deletes its own old pods (SuccessfulDelete), none of them worker-1’s', () => {
    const rolled = run('node-drain').truth.pods.filter((pod) => pod.cause === 'replicaset-scale-down');
    expect(rolled.length).toBeGreaterThanOrEqual(2);
    for (const pod of rolled) {
      expect(pod.name.startsWith('web-')).toBe(true);
      expect(pod.node).not.toBe('worker-1');
      expect(
        eventLines('node-drain', { reason: 'SuccessfulDelete' }).some((l) =>
          String(l.event.message).includes(pod.name),
        ),
      ).toBe(true);
    }
  });
});
