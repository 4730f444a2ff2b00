import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { get as httpGet } from 'node:http';
import { call, openWatch, pod, startSim, waitFor, type RunningSim } from './test-support';

let sim: RunningSim;

beforeEach(async () => {
  sim = await startSim();
  sim.store.create('pods', pod('web-1'));
});
afterEach(async () => {
  await sim.close();
});

const touch = (value: string): void =>
  void sim.store.update(
    'pods',
    'default',
    'web-1',
    (next) => void (next.metadata.labels = { app: 'web', touch: value }),
  );

describe('watch faults', () => {
  it('dropWatches destroys every open watch connection and the counters show it', async () => {
    const first = await openWatch(sim, '/api/v1/pods?watch=true&timeoutSeconds=10');
    const second = await openWatch(sim, '/api/v1/events?watch=true&timeoutSeconds=10');
    await waitFor(() => sim.api.faults.openWatches === 2, 2_000, 'two open watches');
    expect(sim.api.faults.dropWatches()).toBe(2);
    expect(await first.closed).toBe('error');
    expect(await second.closed).toBe('error');
    expect(sim.api.faults.counters()).toMatchObject({ openWatches: 0, watchesDropped: 2 });
  });

  it('hangWatches holds events back without closing, and releaseWatches delivers them in order', async () => {
    const watch = await openWatch(sim, '/api/v1/pods?watch=true&timeoutSeconds=10');
    await waitFor(() => watch.events.length === 1, 2_000, 'initial event');
    sim.api.faults.hangWatches();
    touch('a');
    touch('b');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(watch.events.length).toBe(1);
    expect(sim.api.faults.openWatches).toBe(1);
    sim.api.faults.releaseWatches();
    await waitFor(() => watch.events.length === 3, 2_000, 'released events');
    expect(watch.events.slice(1).map((event) => event.object.metadata.labels?.touch)).toEqual(['a', 'b']);
    watch.destroy();
  });

  it('sends periodic bookmarks only to watches that ask for them, and a hang stops them too', async () => {
    await sim.close();
    sim = await startSim({ watch: { bookmarkIntervalMs: 40 } });
    sim.store.create('pods', pod('web-1'));
    const asking = await openWatch(sim, '/api/v1/pods?watch=true&allowWatchBookmarks=true&timeoutSeconds=10');
    const plain = await openWatch(sim, '/api/v1/pods?watch=true&timeoutSeconds=10');
    const bookmarks = (watch: typeof asking): number =>
      watch.events.filter((event) => event.type === 'BOOKMARK').length;
    await waitFor(() => bookmarks(asking) >= 2, 2_000, 'two bookmarks');
    sim.api.faults.hangWatches();
    // Whatever was in flight when the hang began has arrived well within this; nothing may follow it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const atHang = asking.events.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(asking.events.length).toBe(atHang);
    sim.api.faults.releaseWatches();
    await waitFor(() => bookmarks(asking) > atHang, 2_000, 'bookmarks after release');
    expect(plain.events.map((event) => event.type)).toEqual(['ADDED']);
    asking.destroy();
    plain.destroy();
  });

  it('a timeout that falls while hung closes the stream only after release', async () => {
    sim.api.faults.hangWatches();
    const watch = await openWatch(sim, '/api/v1/pods?watch=true&timeoutSeconds=1');
    const outcome = await Promise.race([
      watch.closed,
      new Promise((resolve) => setTimeout(() => resolve('still open'), 1_300)),
    ]);
    expect(outcome).toBe('still open');
    sim.api.faults.releaseWatches();
    expect(await watch.closed).toBe('end');
    expect(watch.events.map((event) => event.type)).toEqual(['ADDED']);
  });

  it('expireNextWatches answers the next watch with a 410 ERROR event, then watches work again', async () => {
    sim.api.faults.expireNextWatches(1);
    const expired = await openWatch(sim, `/api/v1/pods?watch=true&resourceVersion=${sim.store.currentResourceVersion}`);
    expect(await expired.closed).toBe('end');
    expect(expired.events).toMatchObject([{ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } }]);
    const next = await openWatch(sim, '/api/v1/pods?watch=true&timeoutSeconds=5');
    await waitFor(() => next.events.length === 1, 2_000, 'normal watch');
    expect(next.events[0]!.type).toBe('ADDED');
    next.destroy();
  });

  it('restartWithHistoryLost drops watches and expires every older resourceVersion', async () => {
    const since = sim.store.currentResourceVersion;
    const watch = await openWatch(sim, `/api/v1/pods?watch=true&resourceVersion=${since}&timeoutSeconds=10`);
    touch('before-restart');
    await waitFor(() => watch.events.length === 1, 2_000, 'event before restart');
    sim.api.faults.restartWithHistoryLost();
    expect(await watch.closed).toBe('error');
    const resumed = await openWatch(sim, `/api/v1/pods?watch=true&resourceVersion=${since}`);
    expect(await resumed.closed).toBe('end');
    expect(resumed.events[0]).toMatchObject({ type: 'ERROR', object: { code: 410 } });
  });

  it('a watcher that does not read is cut once its buffered bytes pass the limit', async () => {
    await sim.close();
    sim = await startSim({ watch: { maxBufferedBytes: 256 * 1024 } });
    sim.store.create('pods', pod('web-1'));
    const request = httpGet(
      `${sim.url}/api/v1/pods?watch=true&timeoutSeconds=10`,
      { headers: { Authorization: `Bearer ${sim.token}` } },
      (response) => response.pause(),
    );
    request.on('error', () => undefined);
    await waitFor(() => sim.api.faults.openWatches === 1, 2_000, 'open watch');
    const padding = 'x'.repeat(4096);
    for (let i = 0; i < 2_000 && sim.api.faults.openWatches === 1; i++) {
      sim.store.update(
        'pods',
        'default',
        'web-1',
        (next) => void (next.metadata.annotations = { padding, i: String(i) }),
      );
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(sim.api.faults.counters()).toMatchObject({ openWatches: 0, watchesCut: 1 });
    request.destroy();
  });
});

describe('list faults', () => {
  it('failNextLists answers the next N lists with a 500 InternalError Status', async () => {
    sim.api.faults.failNextLists(2);
    expect((await call(sim, '/api/v1/pods')).body).toMatchObject({
      kind: 'Status',
      code: 500,
      reason: 'InternalError',
    });
    expect((await call(sim, '/api/v1/pods')).status).toBe(500);
    expect((await call(sim, '/api/v1/pods')).status).toBe(200);
    expect(sim.api.faults.counters()).toMatchObject({ listsFailed: 2, listsServed: 1 });
  });

  it('delayLists makes lists wait and reports the resourceVersion at the time of the answer', async () => {
    sim.api.faults.delayLists(200);
    const started = Date.now();
    const pending = call(sim, '/api/v1/pods');
    touch('during-list');
    const response = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(response.body.metadata).toEqual({ resourceVersion: String(sim.store.currentResourceVersion) });
  });
});

describe('admin API', () => {
  it('injects faults under /_sim/faults with the same token and reports the counters', async () => {
    expect((await call(sim, '/_sim/faults', { token: 'wrong' })).status).toBe(401);
    expect((await call(sim, '/_sim/faults/fail-lists?count=1', { method: 'POST' })).body).toMatchObject({
      failingListsPending: 1,
    });
    expect((await call(sim, '/api/v1/pods')).status).toBe(500);
    await call(sim, '/_sim/faults/slow-lists?ms=20', { method: 'POST' });
    await call(sim, '/_sim/faults/expire-next-watch', { method: 'POST' });
    expect((await call(sim, '/_sim/faults')).body).toMatchObject({
      listDelayMs: 20,
      expiredWatchesPending: 1,
      listsFailed: 1,
    });
    const expired = await openWatch(sim, '/api/v1/pods?watch=true&timeoutSeconds=10');
    expect(await expired.closed).toBe('end');
    expect(expired.events[0]).toMatchObject({ type: 'ERROR', object: { code: 410 } });
    const live = await openWatch(sim, '/api/v1/pods?watch=true&timeoutSeconds=10');
    await waitFor(() => sim.api.faults.openWatches === 1, 2_000, 'open watch');
    expect((await call(sim, '/_sim/faults/drop-watches', { method: 'POST' })).body).toMatchObject({
      openWatches: 0,
      watchesDropped: 1,
    });
    expect(await live.closed).toBe('error');
    expect((await call(sim, '/_sim/faults/reset', { method: 'POST' })).body).toMatchObject({
      listDelayMs: 0,
      expiredWatchesPending: 0,
    });
    expect((await call(sim, '/_sim/faults/nonsense', { method: 'POST' })).status).toBe(404);
  });
});
