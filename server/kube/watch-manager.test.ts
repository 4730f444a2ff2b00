import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordingEntry } from '@/lib/recording/types';
import { kubeConfigForServer } from './kubeconfig';
import { WatchManager } from './watch-manager';
import { FakeResourceClient, pod } from './testing/fake-resource-client';

let manager: WatchManager | undefined;
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
});

function startManager(
  clients: Map<string, FakeResourceClient>,
  namespaces: string[] | null = null,
  failing: string | null = null,
  extra: Partial<ConstructorParameters<typeof WatchManager>[0]> = {},
) {
  const entries: RecordingEntry[] = [];
  const lines: string[] = [];
  let clock = 1_700_000_000_000;
  manager = new WatchManager({
    kubeConfig: kubeConfigForServer('http://127.0.0.1:1'),
    namespaces,
    labelSelector: null,
    now: () => (clock += 1),
    sink: (entry, line) => {
      entries.push(entry);
      lines.push(line);
    },
    backoff: { initialMs: 5, maxMs: 10 },
    createClient: (resource, namespace) => {
      const client = new FakeResourceClient(
        () =>
          resource === failing
            ? new Error(`forbidden: cannot list ${resource} at cluster scope`)
            : { items: resource === 'pods' ? [pod('a', '1')] : [], resourceVersion: '1' },
        resource,
        namespace,
      );
      clients.set(`${resource}/${namespace ?? '*'}`, client);
      return client;
    },
    ...extra,
  });
  manager.start();
  return { entries, lines };
}

describe('WatchManager', () => {
  it('runs one reflector per resource and namespace', () => {
    const clients = new Map<string, FakeResourceClient>();
    startManager(clients, ['shop', 'billing']);
    expect([...clients.keys()].sort()).toEqual([
      'deployments/billing',
      'deployments/shop',
      'endpointslices/billing',
      'endpointslices/shop',
      'events/billing',
      'events/shop',
      'pods/billing',
      'pods/shop',
    ]);
  });

  it('stamps observations with the injected clock and writes the matching recording line', async () => {
    const clients = new Map<string, FakeResourceClient>();
    const { entries, lines } = startManager(clients);
    await vi.waitFor(() => expect(entries.length).toBeGreaterThanOrEqual(1));
    // The clock ticks 1 ms per read, and the reflectors read it too (each list's request time): the stamp is a
    // reading of that clock, not Date.now.
    const at = entries[0]?.at ?? 0;
    expect(at).toBeGreaterThan(1_700_000_000_000);
    expect(at).toBeLessThan(1_700_000_000_100);
    expect(entries[0]).toMatchObject({ type: 'ADDED', object: { kind: 'Pod', metadata: { name: 'a' } } });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      at: new Date(at).toISOString(),
      type: 'ADDED',
      object: { kind: 'Pod' },
    });
  });

  it('counts and skips a malformed object from the API instead of failing', async () => {
    const clients = new Map<string, FakeResourceClient>();
    const { entries } = startManager(clients);
    const pods = clients.get('pods/*');
    await vi.waitFor(() => expect(pods?.current).toBeDefined());
    pods?.current?.handlers.onEvent('MODIFIED', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'broken' } });
    pods?.current?.handlers.onEvent('MODIFIED', pod('a', '2'));
    expect(manager?.status().counters).toMatchObject({ malformed: 1, observations: 2 });
    expect(entries.filter((entry) => entry.type === 'MODIFIED')).toHaveLength(1);
  });

  it('is ready only when every reflector has listed, and names the ones that have not', async () => {
    const clients = new Map<string, FakeResourceClient>();
    startManager(clients, null, 'events');
    await vi.waitFor(() => expect(clients.get('pods/*')?.current).toBeDefined());
    const status = manager?.status();
    expect(status?.ready).toBe(false);
    expect(status?.problems).toEqual(['events not synced: forbidden: cannot list events at cluster scope']);
  });

  it('does not wait for a forbidden Deployments watch: ready, no problem, the reason in `unavailable`, logged once', async () => {
    const clients = new Map<string, FakeResourceClient>();
    const logged: string[] = [];
    const syncFailures: string[] = [];
    const { entries } = startManager(clients, null, 'deployments', {
      log: (message) => logged.push(message),
      onSyncFailure: (resource, reason) => syncFailures.push(`${resource}: ${reason}`),
    });
    await vi.waitFor(() =>
      expect(['pods/*', 'events/*', 'endpointslices/*'].every((key) => clients.get(key)?.current)).toBe(true),
    );
    // Several retries of the refused list (backoff 5-10 ms) before the status is read.
    await vi.waitFor(() => expect(clients.get('deployments/*')?.listCalls).toBeGreaterThan(2));
    const status = manager?.status();
    expect(status?.ready).toBe(true);
    expect(status?.problems).toEqual([]);
    expect(status?.blind).toEqual([]);
    expect(status?.unavailable).toEqual([
      {
        resource: 'deployments',
        namespace: null,
        reason: expect.stringMatching(
          /^forbidden: cannot list deployments at cluster scope: no workload specs .*pods, events and endpoints are not affected$/,
        ),
      },
    ]);
    expect(logged.filter((message) => message.includes('deployments'))).toHaveLength(1);
    expect(syncFailures[0]).toMatch(
      /^deployments: forbidden: cannot list deployments at cluster scope \(optional: no workload specs/,
    );
    // Nothing about it goes into the recording: there was no state to be blind about.
    expect(entries.filter((entry) => entry.type === 'WATCH' && entry.resource === 'deployments')).toEqual([]);
  });

  it('writes watch-state entries as recording lines', async () => {
    const clients = new Map<string, FakeResourceClient>();
    const { entries, lines } = startManager(clients);
    const pods = clients.get('pods/*');
    await vi.waitFor(() => expect(pods?.current).toBeDefined());
    pods?.current?.handlers.onOpen();
    const index = entries.findIndex((entry) => entry.type === 'WATCH');
    expect(entries[index]).toMatchObject({ type: 'WATCH', resource: 'pods', state: 'connected' });
    expect(JSON.parse(lines[index] ?? '{}')).toMatchObject({ type: 'WATCH', resource: 'pods', state: 'connected' });
  });

  it('writes one blind window per resource across its namespaces: from the first scope that breaks until every broken scope relisted', async () => {
    const clients = new Map<string, FakeResourceClient>();
    const { entries } = startManager(clients, ['shop', 'billing']);
    const shop = clients.get('pods/shop');
    const billing = clients.get('pods/billing');
    await vi.waitFor(() => expect(shop?.current && billing?.current).toBeDefined());
    shop?.current?.handlers.onOpen();
    billing?.current?.handlers.onOpen();
    const watchLines = () =>
      entries
        .filter((entry) => entry.type === 'WATCH' && entry.resource === 'pods')
        .map((entry) => (entry.type === 'WATCH' ? entry.state : ''));
    expect(watchLines()).toEqual(['connected']);
    // Both break; the first list of shop succeeds while billing's keeps failing: still blind.
    billing!.listImpl = () => new Error('connect ECONNREFUSED');
    shop?.current?.end({ kind: 'expired', message: 'too old' });
    billing?.current?.end({ kind: 'dropped', detail: 'aborted' });
    await vi.waitFor(() => expect(shop?.watches).toHaveLength(2));
    expect(watchLines()).toEqual(['connected', 'disconnected']);
    expect(manager?.status().blind).toEqual([
      expect.objectContaining({ resource: 'pods', namespace: 'billing', state: 'blind' }),
    ]);
    billing!.listImpl = () => ({ items: [], resourceVersion: '9' });
    await vi.waitFor(() => expect(billing?.watches).toHaveLength(2));
    expect(watchLines()).toEqual(['connected', 'disconnected', 'relisted']);
    expect(manager?.status().blind).toEqual([]);
  });

  it('on a resume, starts every resource blind and ends the known objects the first list no longer has, before relisted', async () => {
    const clients = new Map<string, FakeResourceClient>();
    const resume = {
      since: 1_600_000_000_000,
      objects: { pods: [pod('a', '1'), pod('gone', '2')], events: [], endpointslices: [], deployments: [] },
    };
    const { entries } = startManager(clients, null, null, { resume });
    // Blind since the stored recording's end until each first list answers.
    expect(manager?.status().blind.map((watch) => [watch.resource, watch.state, watch.since])).toEqual([
      ['pods', 'blind', '2020-09-13T12:26:40.000Z'],
      ['events', 'blind', '2020-09-13T12:26:40.000Z'],
      ['endpointslices', 'blind', '2020-09-13T12:26:40.000Z'],
      ['deployments', 'blind', '2020-09-13T12:26:40.000Z'],
    ]);
    await vi.waitFor(() =>
      expect(entries.filter((entry) => entry.type === 'WATCH' && entry.state === 'relisted')).toHaveLength(4),
    );
    expect(manager?.status().blind).toEqual([]);
    const pods = entries.filter((entry) => entry.type !== 'WATCH' || entry.resource === 'pods');
    expect(
      pods.map((entry) => (entry.type === 'WATCH' ? entry.state : `${entry.type} ${entry.object.metadata.name}`)),
    ).toEqual(['DELETED gone', 'relisted']);
  });
});
