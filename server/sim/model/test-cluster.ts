/** Test support: a small cluster on a VirtualClock, run until its pods are ready, with every store change kept. */
import { VirtualClock } from '../clock';
import { ObjectStore, type StoreEvent } from '../object-store';
import { SimCluster } from './cluster';
import { asPod, isPodReady, type PodObject } from './pod-json';
import type { ContainerTemplate, ModelConfig } from './types';

export const T0 = Date.parse('2026-11-24T04:25:00Z');

export interface TestCluster {
  cluster: SimCluster;
  clock: VirtualClock;
  store: ObjectStore;
  changes: (StoreEvent & { at: number })[];
  pod: PodObject;
  advance(ms: number): void;
}

export function readyTestCluster(
  options: {
    container?: Partial<ContainerTemplate>;
    grace?: number;
    config?: Partial<ModelConfig>;
    seed?: number;
  } = {},
): TestCluster {
  const clock = new VirtualClock(T0);
  const store = new ObjectStore({ clock });
  const changes: TestCluster['changes'] = [];
  store.subscribe((event) => changes.push({ ...event, at: clock.now() }));
  const cluster = new SimCluster({
    clock,
    store,
    seed: options.seed ?? 1,
    config: options.config,
    setup: (c) => {
      c.addNode('worker-1');
      c.addNode('worker-2');
      c.addService({ name: 'web', namespace: 'shop', selector: { app: 'web' }, port: 80 });
      c.addDeployment({
        name: 'web',
        namespace: 'shop',
        replicas: 1,
        template: {
          labels: { app: 'web' },
          terminationGracePeriodSeconds: options.grace ?? 30,
          containers: [
            { name: 'app', image: 'web:1', port: 8080, onSigterm: { kind: 'drain', seconds: 1 }, ...options.container },
          ],
        },
      });
    },
  });
  cluster.start();
  clock.advanceTo(T0 + 10_000);
  const pod = cluster.pods({ app: 'web' }).find(isPodReady);
  if (!pod) throw new Error('test cluster did not become ready');
  return { cluster, clock, store, changes, pod, advance: (ms) => clock.advanceTo(clock.now() + ms) };
}

export function podChanges(test: TestCluster, uid: string): (StoreEvent & { at: number; pod: PodObject })[] {
  return test.changes
    .filter((c) => c.resource === 'pods' && c.object.metadata.uid === uid)
    .map((c) => ({ ...c, pod: asPod(c.object) }));
}
