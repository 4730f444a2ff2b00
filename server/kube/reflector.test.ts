import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WatchStateKind } from '@/lib/recording/types';
import type { ApiJson } from './api-json';
import { Reflector, type DeltaType } from './reflector';
import { FakeResourceClient, pod } from './testing/fake-resource-client';

type Seen =
  | { delta: DeltaType; name: string; resourceVersion: string }
  | { state: WatchStateKind; reason?: string; since?: number };

let reflector: Reflector | undefined;
/** What onSyncFailure reported, for the last started reflector. */
let syncFailures: string[] = [];
afterEach(async () => {
  await reflector?.stop();
  reflector = undefined;
});

/** What onHung reported, for the last started reflector. */
let hung: (number | null)[] = [];

function start(client: FakeResourceClient, extra: Partial<ConstructorParameters<typeof Reflector>[0]> = {}): Seen[] {
  const seen: Seen[] = [];
  syncFailures = [];
  hung = [];
  reflector = new Reflector({
    client,
    backoff: { initialMs: 5, maxMs: 20, random: () => 0 },
    minWatchMs: 0,
    listener: {
      onDelta: (delta, object: ApiJson) => {
        const metadata = object.metadata as { name: string; resourceVersion: string };
        seen.push({ delta, name: metadata.name, resourceVersion: metadata.resourceVersion });
      },
      onWatchState: (state, reason, since) =>
        seen.push({ state, ...(reason === undefined ? {} : { reason }), ...(since === undefined ? {} : { since }) }),
      onHung: (since) => hung.push(since),
      onMalformed: () => undefined,
      onSyncFailure: (reason) => syncFailures.push(reason),
    },
    ...extra,
  });
  reflector.start();
  return seen;
}

const listOf = (resourceVersion: string, ...items: ApiJson[]) => ({ items, resourceVersion });

describe('Reflector', () => {
  it('lists, then watches from the list resourceVersion and writes connected once the watch is open', async () => {
    const client = new FakeResourceClient(() => listOf('10', pod('a', '9')));
    const seen = start(client);
    await vi.waitFor(() => expect(client.current).toBeDefined());
    client.current?.handlers.onOpen();
    client.current?.handlers.onEvent('MODIFIED', pod('a', '11'));
    expect(client.watches[0]?.resourceVersion).toBe('10');
    expect(seen).toEqual([
      { delta: 'ADDED', name: 'a', resourceVersion: '9' },
      { state: 'connected' },
      { delta: 'MODIFIED', name: 'a', resourceVersion: '11' },
    ]);
    expect(reflector?.status).toMatchObject({ synced: true, watching: true });
  });

  it('resumes a watch that ended after opening from the last resourceVersion seen, writing nothing', async () => {
    const client = new FakeResourceClient(() => listOf('10'));
    const seen = start(client);
    await vi.waitFor(() => expect(client.current).toBeDefined());
    client.current?.handlers.onOpen();
    client.current?.handlers.onEvent('ADDED', pod('a', '12'));
    client.current?.handlers.onBookmark('15');
    client.current?.end({ kind: 'closed', detail: 'server ended the watch' });
    await vi.waitFor(() => expect(client.watches).toHaveLength(2));
    client.current?.handlers.onOpen();
    expect(client.watches[1]?.resourceVersion).toBe('15');
    expect(client.listCalls).toBe(1);
    expect(seen.filter((item) => 'state' in item)).toEqual([{ state: 'connected' }]);
  });

  it('relists after a 410, turning what changed meanwhile into deltas, with the blind interval written around them', async () => {
    const client = new FakeResourceClient((call) =>
      call === 1
        ? listOf('10', pod('a', '1'), pod('b', '2'), pod('c', '3'))
        : listOf('50', pod('a', '1'), pod('b', '40'), pod('d', '41')),
    );
    const seen = start(client);
    await vi.waitFor(() => expect(client.current).toBeDefined());
    client.current?.handlers.onOpen();
    seen.length = 0;
    client.current?.end({ kind: 'expired', message: 'too old resource version' });
    await vi.waitFor(() => expect(client.watches).toHaveLength(2));
    client.current?.handlers.onOpen();
    expect(seen).toEqual([
      {
        state: 'disconnected',
        reason: 'resourceVersion expired (410): too old resource version',
        since: expect.any(Number),
      },
      { delta: 'MODIFIED', name: 'b', resourceVersion: '40' },
      { delta: 'ADDED', name: 'd', resourceVersion: '41' },
      // c vanished while we were blind: DELETED with its last known state, as DeltaFIFO's "final state unknown".
      { delta: 'DELETED', name: 'c', resourceVersion: '3' },
      { state: 'relisted' },
      { state: 'connected' },
    ]);
    expect(client.watches[1]?.resourceVersion).toBe('50');
  });

  it('sees a pod recreated under the same name with a new uid as a delete and an add', async () => {
    const client = new FakeResourceClient((call) =>
      call === 1 ? listOf('10', pod('db-0', '1', 'old')) : listOf('20', pod('db-0', '15', 'new')),
    );
    const seen = start(client);
    await vi.waitFor(() => expect(client.current).toBeDefined());
    seen.length = 0;
    client.current?.end({ kind: 'idle', idleMs: 90_000 });
    await vi.waitFor(() => expect(client.watches).toHaveLength(2));
    expect(seen).toEqual([
      { state: 'disconnected', reason: 'no data or bookmark for 90 s: watch presumed hung', since: expect.any(Number) },
      { delta: 'DELETED', name: 'db-0', resourceVersion: '1' },
      { delta: 'ADDED', name: 'db-0', resourceVersion: '15' },
      { state: 'relisted' },
    ]);
  });

  it('keeps retrying with backoff after failures instead of stopping for good, and writes disconnected once', async () => {
    let failures = 0;
    const client = new FakeResourceClient((call) =>
      call === 1 ? listOf('10') : ++failures <= 3 ? new Error('connect ECONNREFUSED') : listOf('30'),
    );
    const seen = start(client);
    await vi.waitFor(() => expect(client.current).toBeDefined());
    client.current?.handlers.onOpen();
    client.current?.end({ kind: 'failed', statusCode: null, message: 'socket hang up' });
    await vi.waitFor(() => expect(client.watches).toHaveLength(2));
    expect(client.listCalls).toBe(5);
    expect(seen.filter((item) => 'state' in item).map((item) => ('state' in item ? item.state : ''))).toEqual([
      'connected',
      'disconnected',
      'relisted',
    ]);
    // Failures after the first sync are blind intervals in the recording, not sync failures.
    expect(syncFailures).toEqual([]);
  });

  it('reports a first list that fails as not synced with the reason, without a disconnected line', async () => {
    const client = new FakeResourceClient(
      () => new Error('forbidden: cannot list pods at cluster scope: grant get, list, watch on pods'),
    );
    const seen = start(client);
    await vi.waitFor(() => expect(client.listCalls).toBeGreaterThan(1));
    expect(reflector?.status).toMatchObject({
      synced: false,
      lastError: expect.stringContaining('grant get, list, watch on pods'),
    });
    expect(seen).toEqual([]);
    // ...but the listener hears why, on every failed attempt, so an empty page can say it.
    expect(syncFailures.length).toBeGreaterThan(1);
    expect(new Set(syncFailures)).toEqual(
      new Set(['forbidden: cannot list pods at cluster scope: grant get, list, watch on pods']),
    );
  });

  it('names the missing permission when the watch is forbidden although the list was allowed', async () => {
    const client = new FakeResourceClient(() => listOf('10'));
    const seen = start(client);
    await vi.waitFor(() => expect(client.current).toBeDefined());
    client.current?.handlers.onOpen();
    client.current?.end({ kind: 'failed', statusCode: 403, message: 'pods is forbidden' });
    await vi.waitFor(() =>
      expect(seen).toContainEqual({
        state: 'disconnected',
        reason: expect.stringContaining(
          'forbidden: cannot watch pods at cluster scope: grant get, list, watch on pods',
        ),
        since: expect.any(Number),
      }),
    );
  });

  it('starts the blind window of a hang at the last bookmark, not at detection, and reports the hang until a watch delivers again', async () => {
    let clock = 1000;
    const client = new FakeResourceClient(() => listOf('10', pod('a', '9')));
    const seen = start(client, { now: () => clock });
    await vi.waitFor(() => expect(client.current).toBeDefined());
    // The first watch is opened before any bookmark: the client may not count silence as a hang yet.
    expect(client.bookmarkExpectations).toEqual([false]);
    client.current?.handlers.onOpen();
    clock = 2000;
    client.current?.handlers.onBookmark('12');
    clock = 5000;
    client.current?.handlers.onEvent('MODIFIED', pod('a', '13'));
    clock = 95_000;
    client.current?.end({ kind: 'idle', idleMs: 90_000 });
    await vi.waitFor(() => expect(client.watches).toHaveLength(2));
    expect(seen.filter((item) => 'state' in item && item.state === 'disconnected')).toEqual([
      { state: 'disconnected', reason: 'no data or bookmark for 90 s: watch presumed hung', since: 5000 },
    ]);
    // The server has shown it sends bookmarks: the next watch may count silence as a hang.
    expect(client.bookmarkExpectations).toEqual([false, true]);
    expect(hung).toEqual([5000]);
    // Relisted, but the new watch has delivered nothing yet: still reported hung, no longer blind.
    expect(reflector?.status).toMatchObject({ blindSince: null, hungSince: 5000, lastDeliveryAt: 95_000 });
    clock = 96_000;
    client.current?.handlers.onBookmark('14');
    expect(hung).toEqual([5000, null]);
    expect(reflector?.status).toMatchObject({ hungSince: null, lastDeliveryAt: 96_000 });
  });

  it('treats a dropped connection as a break: blind from the last delivery, then a relist', async () => {
    let clock = 1000;
    const client = new FakeResourceClient((call) => (call === 1 ? listOf('10', pod('a', '9')) : listOf('20')));
    const seen = start(client, { now: () => clock });
    await vi.waitFor(() => expect(client.current).toBeDefined());
    client.current?.handlers.onOpen();
    seen.length = 0;
    clock = 3000;
    client.current?.end({ kind: 'dropped', detail: 'aborted' });
    await vi.waitFor(() => expect(client.watches).toHaveLength(2));
    expect(seen).toEqual([
      { state: 'disconnected', reason: 'watch connection dropped: aborted', since: 1000 },
      { delta: 'DELETED', name: 'a', resourceVersion: '9' },
      { state: 'relisted' },
    ]);
  });

  it('resumes from a known set already blind: the first list ends what vanished, changes what changed, and writes relisted', async () => {
    const client = new FakeResourceClient(() => listOf('50', pod('a', '1'), pod('b', '40'), pod('d', '41')));
    const seen = start(client, { resume: { since: 500, objects: [pod('a', '1'), pod('b', '2'), pod('c', '3')] } });
    expect(reflector?.status).toMatchObject({ blindSince: 500, synced: false });
    await vi.waitFor(() => expect(client.current).toBeDefined());
    client.current?.handlers.onOpen();
    expect(seen).toEqual([
      { delta: 'MODIFIED', name: 'b', resourceVersion: '40' },
      { delta: 'ADDED', name: 'd', resourceVersion: '41' },
      { delta: 'DELETED', name: 'c', resourceVersion: '3' },
      { state: 'relisted' },
      { state: 'connected' },
    ]);
    expect(reflector?.status).toMatchObject({ blindSince: null, synced: true });
  });

  it('does not restart after stop(), even though stopping ends the watch', async () => {
    const client = new FakeResourceClient(() => listOf('10'));
    start(client);
    await vi.waitFor(() => expect(client.current).toBeDefined());
    await reflector?.stop();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(client.watches).toHaveLength(1);
    expect(client.listCalls).toBe(1);
    expect(reflector?.status.watching).toBe(false);
  });
});
