import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import type { PodObject } from '../model/pod-json';
import { ObjectStore } from '../object-store';
import { createScenarioCluster, SCENARIOS } from './index';
import { FIXTURE_START } from './run';
import { lines, run } from './test-support';

const finite = SCENARIOS.filter((s) => s.finite).map((s) => s.name);

describe('every finite scenario', () => {
  it('covers docs/termination-model.md scenarios 1-13 plus grace shortening, slice moves, a liveness restart, a reused StatefulSet pod name, an events.k8s.io series and a node drain during a rollout, in kebab-case', () => {
    expect(SCENARIOS.filter((s) => s.finite).map((s) => s.number)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    ]);
    for (const s of SCENARIOS) expect(s.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(finite)(
    '%s: the events have second-precision timestamps (core/v1) or µs eventTime (events.k8s.io)',
    (name) => {
      for (const line of lines(name).filter((l) => l.object.kind === 'Event')) {
        const event = line.object as Record<string, unknown>;
        if (event.eventTime) {
          expect(event.eventTime).toMatch(/\.\d{6}Z$/);
          expect(event.firstTimestamp).toBeNull();
        } else {
          expect(event.firstTimestamp).toMatch(/T\d\d:\d\d:\d\dZ$/);
          expect(event.lastTimestamp).toMatch(/T\d\d:\d\d:\d\dZ$/);
          expect(event.source).toMatchObject({ component: expect.any(String) });
        }
      }
    },
  );

  it.each(finite)('%s: truth and recording agree on which pod is which', (name) => {
    const { truth } = run(name);
    const recorded = new Map<string, string>();
    for (const line of lines(name).filter((l) => l.object.kind === 'Pod'))
      recorded.set(line.object.metadata.uid ?? '', line.object.metadata.name);
    for (const [uid, podName] of recorded) expect(truth.pods.find((p) => p.uid === uid)?.name).toBe(podName);
    for (const pod of truth.pods.filter((p) => p.deletedAt !== null)) {
      const deleted = lines(name).find((l) => l.type === 'DELETED' && l.object.metadata.uid === pod.uid);
      expect(deleted).toBeDefined();
      expect(deleted!.at - Date.parse(pod.deletedAt ?? '')).toBeGreaterThanOrEqual(1);
      expect(deleted!.at - Date.parse(pod.deletedAt ?? '')).toBeLessThanOrEqual(30 + 30);
    }
  });

  it.each(finite)('%s: a pod the kubelet deletes ends terminal, then MODIFIED with G=0, then DELETED', (name) => {
    for (const pod of run(name).truth.pods.filter((p) => p.deletedAt !== null && p.finalPhase !== null)) {
      const history = lines(name)
        .filter((l) => l.object.kind === 'Pod' && l.object.metadata.uid === pod.uid)
        .map((l) => ({ type: l.type, pod: l.object as PodObject }));
      const [modified, deleted] = history.slice(-2);
      expect(deleted?.type).toBe('DELETED');
      expect(modified?.pod.metadata.deletionGracePeriodSeconds).toBe(0);
      expect(['Succeeded', 'Failed']).toContain(modified?.pod.status.phase);
    }
  });

  it.each(finite)('%s: records annotations and env values stripped', (name) => {
    for (const line of lines(name).filter((l) => l.object.kind === 'Pod')) {
      expect(line.object.metadata.annotations).toBeUndefined();
      const containers = (line.object.spec as { containers: { env?: { name: string; value?: string }[] }[] })
        .containers;
      for (const c of containers) for (const v of c.env ?? []) expect(v.value).toBeUndefined();
    }
  });
});

describe('demo', () => {
  it('keeps rolling its Deployments and never declares itself done', () => {
    const clock = new VirtualClock(FIXTURE_START);
    const store = new ObjectStore({ clock });
    const cluster = createScenarioCluster('demo', { clock, store, seed: 3 });
    let scaled = 0;
    store.subscribe((e) => {
      if (e.resource === 'events' && e.type === 'ADDED' && e.object.reason === 'ScalingReplicaSet') scaled += 1;
    });
    cluster.start();
    clock.advanceTo(FIXTURE_START + 200_000);
    cluster.stop();
    expect(cluster.done).toBe(false);
    const names = new Set(store.list('pods').items.map((p) => p.metadata.labels?.app));
    expect(names).toEqual(new Set(['checkout', 'cart', 'search', 'payments']));
    expect(scaled).toBeGreaterThan(4 + 8);
  });

  it('rejects an unknown scenario name with the known ones', () => {
    const clock = new VirtualClock(0);
    expect(() => createScenarioCluster('nope', { clock, store: new ObjectStore({ clock }), seed: 1 })).toThrow(
      /unknown scenario "nope"; known: no-prestop/,
    );
  });
});
