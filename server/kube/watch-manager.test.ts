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

function startManager(clients: Map<string, FakeResourceClient>, namespaces: string[] | null = null, failing: string | null = null) {
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
        () => (resource === failing ? new Error(`forbidden: cannot list ${resource} at cluster scope`) : { items: resource === 'pods' ? [pod('a', '1')] : [], resourceVersion: '1' }),
        resource,
        namespace,
      );
      clients.set(`${resource}/${namespace ?? '*'}`, client);
      return client;
    },
  });
  manager.start();
  return { entries, lines };
}

describe('WatchManager', () => {
  it('runs one reflector per resource and namespace', () => {
    const clients = new Map<string, FakeResourceClient>();
    startManager(clients, ['shop', 'billing']);
    expect([...clients.keys()].sort()).toEqual([
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
    expect(entries[0]).toMatchObject({ at: 1_700_000_000_001, type: 'ADDED', object: { kind: 'Pod', metadata: { name: 'a' } } });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ at: '2023-11-14T22:13:20.001Z', type: 'ADDED', object: { kind: 'Pod' } });
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
});
