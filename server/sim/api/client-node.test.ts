/**
 * @kubernetes/client-node 1.4 informers and Watch against the simulated apiserver over plain HTTP (client-node,
 * unlike kubectl, sends the bearer token without TLS). Traps of 1.4 this suite works with: an informer stops for good
 * on `error` (tests restart it), and list items are class instances with Dates while watch objects are plain JSON.
 */
import {
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
import type { SimResource } from '../object-store';
import type { WatchSettings } from './watch-stream';
import { coreEvent, endpointSlice, pod, startSim, waitFor, type RunningSim } from './test-support';

let sim: RunningSim;
const informers: (Informer<KubernetesObject> & ObjectCache<KubernetesObject>)[] = [];

afterEach(async () => {
  for (const informer of informers.splice(0)) await informer.stop();
  await sim.close();
});

async function start(options: { historyWindow?: number; watch?: Partial<WatchSettings> } = {}): Promise<KubeConfig> {
  sim = await startSim(options);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server: sim.url, skipTLSVerify: true }],
    users: [{ name: 'sim', token: sim.token }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'sim' }],
    currentContext: 'sim',
  });
  return kc;
}

type Seen = { type: 'add' | 'update' | 'delete'; name: string }[];

function informerFor(
  kc: KubeConfig,
  resource: SimResource,
): { informer: Informer<KubernetesObject> & ObjectCache<KubernetesObject>; seen: Seen; errors: unknown[] } {
  const core = kc.makeApiClient(CoreV1Api);
  const discovery = kc.makeApiClient(DiscoveryV1Api);
  const informer =
    resource === 'pods'
      ? makeInformer<KubernetesObject>(kc, '/api/v1/pods', () => core.listPodForAllNamespaces())
      : resource === 'events'
        ? makeInformer<KubernetesObject>(kc, '/api/v1/events', () => core.listEventForAllNamespaces())
        : makeInformer<KubernetesObject>(kc, '/apis/discovery.k8s.io/v1/endpointslices', () =>
            discovery.listEndpointSliceForAllNamespaces(),
          );
  const seen: Seen = [];
  const errors: unknown[] = [];
  for (const type of ['add', 'update', 'delete'] as const)
    informer.on(type, (object) => seen.push({ type, name: object.metadata?.name ?? '' }));
  informer.on('error', (error) => errors.push(error));
  informers.push(informer);
  return { informer, seen, errors };
}

/** namespace/name@resourceVersion of everything an informer holds, or the store has. */
type Keyed = { metadata?: { namespace?: string; name?: string; resourceVersion?: string } };
const keys = (objects: readonly Keyed[]): string[] =>
  objects.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}@${o.metadata?.resourceVersion}`).sort();
const storeKeys = (resource: SimResource): string[] => keys(sim.store.list(resource).items);

describe('client-node informers', () => {
  it('list and watch pods, events and endpointslices and see adds, updates and deletes', async () => {
    const kc = await start();
    const web = sim.store.create('pods', pod('web-1'));
    sim.store.create('events', coreEvent('web-1.a', web));
    sim.store.create('endpointslices', endpointSlice('web-x1'));
    const all = (['pods', 'events', 'endpointslices'] as const).map((resource) => ({
      resource,
      ...informerFor(kc, resource),
    }));
    await Promise.all(all.map(({ informer }) => informer.start()));
    await waitFor(() => all.every(({ seen }) => seen.length === 1), 5_000, 'initial adds');

    sim.store.create('pods', pod('web-2'));
    sim.store.update('pods', 'default', 'web-1', (next) => void (next.metadata.labels = { app: 'web', v: '2' }));
    sim.store.delete('pods', 'default', 'web-2');
    sim.store.update('endpointslices', 'default', 'web-x1', (next) => void (next.endpoints = []));
    sim.store.delete('events', 'default', 'web-1.a');
    await waitFor(
      () => all[0]!.seen.length === 4 && all[1]!.seen.length === 2 && all[2]!.seen.length === 2,
      5_000,
      'live changes',
    );

    expect(all[0]!.seen).toEqual([
      { type: 'add', name: 'web-1' },
      { type: 'add', name: 'web-2' },
      { type: 'update', name: 'web-1' },
      { type: 'delete', name: 'web-2' },
    ]);
    expect(all[1]!.seen.map((entry) => entry.type)).toEqual(['add', 'delete']);
    expect(all[2]!.seen.map((entry) => entry.type)).toEqual(['add', 'update']);
    for (const { resource, informer, errors } of all) {
      expect(keys(informer.list())).toEqual(storeKeys(resource));
      expect(errors).toEqual([]);
    }
  });

  it('relist after a 410 from the "expire next watch" fault ends with the cache equal to the store', async () => {
    const kc = await start({ watch: { defaultTimeoutMs: { min: 300, max: 300 } } });
    for (const name of ['a', 'b', 'c']) sim.store.create('pods', pod(name));
    const { informer, errors } = informerFor(kc, 'pods');
    await informer.start();
    await waitFor(() => informer.list().length === 3, 5_000, 'initial list');
    const listsBefore = sim.api.faults.counters().listsServed;
    // The server closes the watch after 300 ms; the informer re-watches from its resourceVersion and gets the 410.
    sim.api.faults.expireNextWatches(1);
    sim.store.delete('pods', 'default', 'a');
    sim.store.create('pods', pod('d'));
    await waitFor(() => sim.api.faults.counters().listsServed > listsBefore, 5_000, 'relist');
    sim.store.update('pods', 'default', 'b', (next) => void (next.metadata.labels = { after: 'relist' }));
    await waitFor(() => keys(informer.list()).join() === storeKeys('pods').join(), 5_000, 'cache equal to the store');
    expect(errors).toEqual([]);
  });

  it('relist after the history expired while the informer was stopped removes what was deleted meanwhile', async () => {
    const kc = await start({ historyWindow: 3 });
    for (const name of ['a', 'b', 'c']) sim.store.create('pods', pod(name));
    const { informer, seen } = informerFor(kc, 'pods');
    await informer.start();
    await waitFor(() => informer.list().length === 3, 5_000, 'initial list');
    await informer.stop();
    sim.store.delete('pods', 'default', 'a');
    for (let i = 0; i < 5; i++)
      sim.store.update('pods', 'default', 'b', (next) => void (next.metadata.labels = { i: String(i) }));
    sim.store.create('pods', pod('e'));
    await informer.start();
    await waitFor(
      () => keys(informer.list()).join() === storeKeys('pods').join(),
      5_000,
      'cache equal to the store after relist',
    );
    expect(seen).toContainEqual({ type: 'delete', name: 'a' });
    expect(seen).toContainEqual({ type: 'add', name: 'e' });
  });

  it('an informer that got an error (dropped connection) can be restarted and catches up', async () => {
    const kc = await start();
    sim.store.create('pods', pod('a'));
    const { informer, errors } = informerFor(kc, 'pods');
    await informer.start();
    await waitFor(() => sim.api.faults.openWatches === 1, 5_000, 'informer watching');
    sim.api.faults.dropWatches();
    await waitFor(() => errors.length > 0, 5_000, 'informer error');
    sim.store.create('pods', pod('b'));
    await informer.start();
    await waitFor(() => keys(informer.list()).join() === storeKeys('pods').join(), 5_000, 'caught up');
  });
});

describe('client-node Watch', () => {
  it('delivers BOOKMARK events when allowWatchBookmarks is set', async () => {
    const kc = await start({ watch: { bookmarkIntervalMs: 100 } });
    sim.store.create('pods', pod('a'));
    const received: { type: string; object: KubernetesObject }[] = [];
    let finished = false;
    const controller = await new Watch(kc).watch(
      '/api/v1/pods',
      { allowWatchBookmarks: true, timeoutSeconds: 5 },
      (type, object: KubernetesObject) => received.push({ type, object }),
      () => (finished = true),
    );
    try {
      await waitFor(() => received.some((event) => event.type === 'BOOKMARK'), 5_000, 'bookmark');
      expect(received[0]).toMatchObject({ type: 'ADDED', object: { kind: 'Pod', metadata: { name: 'a' } } });
      expect(received.find((event) => event.type === 'BOOKMARK')!.object).toEqual({
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(sim.store.currentResourceVersion) },
      });
    } finally {
      controller.abort();
    }
    await waitFor(() => finished, 2_000, 'watch done');
  });
});
