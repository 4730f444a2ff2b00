/**
 * @kubernetes/client-node 1.4 informers and Watch against a running scenario with the real model, through the
 * kubeconfig `npm run sim` writes. no-prestop at speed 20: ready after ~0.3 s, its delete at 0.75 s, a
 * replacement pod, done after about 1.5 s.
 */
import {
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  KubeConfig,
  Watch,
  makeInformer,
  type Informer,
  type KubernetesObject,
  type ObjectCache,
} from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from './api/test-support';
import type { WatchSettings } from './api';
import { tempSimKubeconfig, type TempKubeconfig } from './cli-test-support';
import { startSim, type RunningSimulator } from './start';
import type { SimResource, StoreEvent } from './object-store';

type CachedInformer = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;
const RESOURCES = ['pods', 'events', 'endpointslices', 'deployments'] as const;
const PATHS: Record<SimResource, string> = {
  pods: '/api/v1/pods',
  events: '/api/v1/events',
  endpointslices: '/apis/discovery.k8s.io/v1/endpointslices',
  deployments: '/apis/apps/v1/deployments',
};

let sim: RunningSimulator;
let kube: TempKubeconfig;
const informers: CachedInformer[] = [];
const aborts: AbortController[] = [];

afterEach(async () => {
  for (const controller of aborts.splice(0)) controller.abort();
  for (const informer of informers.splice(0)) await informer.stop();
  await sim.stop();
  kube.dispose();
});

async function start(watch?: Partial<WatchSettings>): Promise<KubeConfig> {
  sim = await startSim({ scenario: 'no-prestop', seed: 3, speed: 20, watch });
  kube = tempSimKubeconfig(sim.url, sim.token);
  const kc = new KubeConfig();
  kc.loadFromFile(kube.path);
  return kc;
}

interface Watched {
  resource: SimResource;
  informer: CachedInformer;
  seen: { type: 'add' | 'update' | 'delete'; object: KubernetesObject }[];
  errors: unknown[];
}

function informerFor(kc: KubeConfig, resource: SimResource): Watched {
  const core = kc.makeApiClient(CoreV1Api);
  const discovery = kc.makeApiClient(DiscoveryV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const list = {
    pods: () => core.listPodForAllNamespaces(),
    events: () => core.listEventForAllNamespaces(),
    endpointslices: () => discovery.listEndpointSliceForAllNamespaces(),
    deployments: () => apps.listDeploymentForAllNamespaces(),
  }[resource];
  const informer = makeInformer<KubernetesObject>(kc, PATHS[resource], list);
  const watched: Watched = { resource, informer, seen: [], errors: [] };
  for (const type of ['add', 'update', 'delete'] as const)
    informer.on(type, (object) => watched.seen.push({ type, object }));
  informer.on('error', (error) => watched.errors.push(error));
  informers.push(informer);
  return watched;
}

type Keyed = { metadata?: { namespace?: string; name?: string; resourceVersion?: string } };
const keys = (objects: readonly Keyed[]): string =>
  objects
    .map((o) => `${o.metadata?.namespace}/${o.metadata?.name}@${o.metadata?.resourceVersion}`)
    .sort()
    .join();
const inSync = (watched: Watched): boolean =>
  keys(watched.informer.list()) === keys(sim.store.list(watched.resource).items);

async function startInformers(kc: KubeConfig): Promise<Watched[]> {
  const all = RESOURCES.map((resource) => informerFor(kc, resource));
  await Promise.all(all.map(({ informer }) => informer.start()));
  return all;
}

describe('client-node against a running scenario', () => {
  it('informers list and watch pods, events, endpointslices and deployments through the scenario and end equal to the store', async () => {
    const kc = await start();
    const [pods, events, slices, deployments] = await startInformers(kc);
    await sim.whenDone();
    await waitFor(() => [pods!, events!, slices!, deployments!].every(inSync), 5_000, 'caches equal to the store');

    const deleted = sim.groundTruth().pods.find((p) => p.cause === 'delete')!;
    expect(pods!.seen).toContainEqual({
      type: 'delete',
      object: expect.objectContaining({ metadata: expect.objectContaining({ uid: deleted.uid }) }),
    });
    expect(pods!.seen.filter((s) => s.type === 'add')).toHaveLength(3);
    const killing = events!.seen.map(
      (s) => s.object as KubernetesObject & { reason?: string; involvedObject?: { uid?: string } },
    );
    expect(killing).toContainEqual(
      expect.objectContaining({ reason: 'Killing', involvedObject: expect.objectContaining({ uid: deleted.uid }) }),
    );
    expect(slices!.seen.some((s) => s.type === 'update')).toBe(true);
    // The replacement pod: the controller's status updates reach the informer (2 ready of 2 at the end).
    const web = deployments!.informer.get('web', 'shop') as KubernetesObject & {
      spec?: { replicas?: number; strategy?: unknown };
      status?: { readyReplicas?: number };
    };
    expect(web.spec).toMatchObject({
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    });
    expect(web.status?.readyReplicas).toBe(2);
    expect(deployments!.seen.filter((s) => s.type === 'update').length).toBeGreaterThan(0);
    for (const watched of [pods!, events!, slices!, deployments!]) expect(watched.errors).toEqual([]);
  });

  it('relist after a 410 (expireNextWatches) on all four resources while the scenario runs', async () => {
    // Watches end after 300 ms, so each informer soon re-watches from its resourceVersion and meets the 410.
    const kc = await start({ defaultTimeoutMs: { min: 300, max: 300 } });
    const all = await startInformers(kc);
    const listsBefore = sim.faults.counters().listsServed;
    sim.faults.expireNextWatches(4);
    await waitFor(
      () => sim.faults.counters().expiredWatchesPending === 0 && sim.faults.counters().listsServed >= listsBefore + 4,
      5_000,
      'four relists',
    );
    await sim.whenDone();
    await waitFor(() => all.every(inSync), 5_000, 'caches equal to the store after the relists');
    for (const watched of all) expect(watched.errors).toEqual([]);
  });

  it('bookmarks on every resource carry a resourceVersion a new watch resumes from without missing a change', async () => {
    const kc = await start({ bookmarkIntervalMs: 100 });
    const committed: StoreEvent[] = [];
    sim.store.subscribe((event) => committed.push(event));
    const bookmarks = new Map<SimResource, number>();
    for (const resource of RESOURCES) {
      const controller = await new Watch(kc).watch(
        PATHS[resource],
        { allowWatchBookmarks: true },
        (type, object: KubernetesObject) => {
          if (type === 'BOOKMARK' && !bookmarks.has(resource))
            bookmarks.set(resource, Number(object.metadata?.resourceVersion));
        },
        () => undefined,
      );
      aborts.push(controller);
    }
    await waitFor(() => bookmarks.size === 4, 5_000, 'a bookmark per resource');
    for (const controller of aborts.splice(0)) controller.abort();

    // Resume pods from their bookmark: every pod change committed after it must arrive, and nothing before it.
    const from = bookmarks.get('pods')!;
    const resumed: number[] = [];
    aborts.push(
      await new Watch(kc).watch(
        PATHS.pods,
        { resourceVersion: String(from), allowWatchBookmarks: true },
        (type, object: KubernetesObject) => {
          if (type !== 'BOOKMARK') resumed.push(Number(object.metadata?.resourceVersion));
        },
        () => undefined,
      ),
    );
    await sim.whenDone();
    const expected = () =>
      committed.filter((e) => e.resource === 'pods' && e.resourceVersion > from).map((e) => e.resourceVersion);
    await waitFor(() => resumed.join() === expected().join(), 5_000, 'resumed watch caught up');
    expect(resumed.length).toBeGreaterThan(0);
  });
});
