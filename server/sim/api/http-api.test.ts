import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, coreEvent, endpointSlice, openWatch, pod, startSim, waitFor, type RunningSim } from './test-support';

let sim: RunningSim;

beforeEach(async () => {
  sim = await startSim();
});
afterEach(async () => {
  await sim.close();
});

function seed(): void {
  const web = sim.store.create('pods', pod('web-1', { labels: { app: 'web', tier: 'front' } }));
  sim.store.create('pods', pod('db-1', { labels: { app: 'db' } }));
  sim.store.create('pods', pod('web-2', { namespace: 'other', labels: { app: 'web' } }));
  sim.store.create('events', coreEvent('web-1.a', web, { reason: 'Killing' }));
  sim.store.create('endpointslices', endpointSlice('web-x1'));
}

const names = (body: Record<string, unknown>): string[] =>
  (body.items as { metadata: { name: string } }[]).map((item) => item.metadata.name).sort();

describe('lists', () => {
  it('are PodList/EventList/EndpointSliceList with the store resourceVersion and items without apiVersion/kind', async () => {
    seed();
    const pods = await call(sim, '/api/v1/pods');
    expect(pods.status).toBe(200);
    expect(pods.body).toMatchObject({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: String(sim.store.currentResourceVersion) },
    });
    expect(names(pods.body)).toEqual(['db-1', 'web-1', 'web-2']);
    expect((pods.body.items as Record<string, unknown>[])[0]).not.toHaveProperty('kind');
    expect((await call(sim, '/api/v1/events')).body).toMatchObject({ kind: 'EventList', apiVersion: 'v1' });
    expect((await call(sim, '/apis/discovery.k8s.io/v1/endpointslices')).body).toMatchObject({
      kind: 'EndpointSliceList',
      apiVersion: 'discovery.k8s.io/v1',
    });
  });

  it('are cluster-wide without a namespace and limited to it under /namespaces/NS', async () => {
    seed();
    expect(names((await call(sim, '/api/v1/namespaces/other/pods')).body)).toEqual(['web-2']);
    expect(names((await call(sim, '/api/v1/namespaces/empty/pods')).body)).toEqual([]);
  });

  it('filter by label selector and field selector', async () => {
    seed();
    expect(names((await call(sim, '/api/v1/pods?labelSelector=app%3Dweb%2Ctier')).body)).toEqual(['web-1']);
    expect(
      names(
        (await call(sim, '/api/v1/pods?labelSelector=app%20in%20(web,db)&fieldSelector=metadata.namespace%3Ddefault'))
          .body,
      ),
    ).toEqual(['db-1', 'web-1']);
    expect(names((await call(sim, '/api/v1/pods?fieldSelector=metadata.name!%3Dweb-1')).body)).toEqual([
      'db-1',
      'web-2',
    ]);
    const uid = sim.store.get('pods', 'default', 'web-1')!.metadata.uid!;
    expect(names((await call(sim, `/api/v1/events?fieldSelector=involvedObject.uid%3D${uid}`)).body)).toEqual([
      'web-1.a',
    ]);
    expect(names((await call(sim, `/apis/events.k8s.io/v1/events?fieldSelector=regarding.uid%3D${uid}`)).body)).toEqual(
      ['web-1.a'],
    );
  });

  it('answer a malformed or unsupported selector with 400 BadRequest', async () => {
    const response = await call(sim, '/api/v1/pods?fieldSelector=spec.foo%3Dx');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
  });

  it('are served as a meta.k8s.io/v1 Table when the client asks for one', async () => {
    seed();
    const response = await call(sim, '/api/v1/namespaces/default/pods', {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    expect(response.contentType).toContain('as=Table');
    expect(response.body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect((response.body.columnDefinitions as { name: string }[]).map((column) => column.name).slice(0, 5)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
    ]);
    const rows = response.body.rows as { cells: unknown[]; object: { kind: string } }[];
    expect(rows.map((row) => row.cells.slice(0, 3))).toContainEqual(['web-1', '1/1', 'Running']);
    expect(rows[0]!.object.kind).toBe('PartialObjectMetadata');
  });
});

describe('get', () => {
  it('returns the object with apiVersion and kind', async () => {
    seed();
    const response = await call(sim, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-x1');
    expect(response.body).toMatchObject({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-x1' },
    });
  });

  it('serves core Events as events.k8s.io/v1 with the same uid and resourceVersion', async () => {
    seed();
    const core = (await call(sim, '/api/v1/namespaces/default/events/web-1.a')).body;
    const v1 = (await call(sim, '/apis/events.k8s.io/v1/namespaces/default/events/web-1.a')).body;
    expect(v1).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: core.metadata as object,
      regarding: core.involvedObject as object,
      note: core.message,
      reason: 'Killing',
      reportingController: 'kubelet',
      deprecatedFirstTimestamp: core.firstTimestamp,
      deprecatedLastTimestamp: core.lastTimestamp,
      deprecatedCount: 1,
      eventTime: null,
    });
  });

  it('answers a missing object with a 404 NotFound Status naming it', async () => {
    const response = await call(sim, '/api/v1/namespaces/default/pods/ghost');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "ghost" not found',
      reason: 'NotFound',
      details: { name: 'ghost', kind: 'pods' },
      code: 404,
    });
    const slice = await call(sim, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/ghost');
    expect(slice.body).toMatchObject({
      message: 'endpointslices.discovery.k8s.io "ghost" not found',
      details: { group: 'discovery.k8s.io' },
    });
  });

  it('answers unknown paths with a 404 Status and unsupported verbs with 405', async () => {
    expect((await call(sim, '/api/v1/nodes')).body).toMatchObject({ kind: 'Status', code: 404, reason: 'NotFound' });
    expect((await call(sim, '/openapi/v2')).status).toBe(404);
    expect((await call(sim, '/api/v1/namespaces/default/events/x', { method: 'DELETE' })).body).toMatchObject({
      code: 405,
      reason: 'MethodNotAllowed',
    });
  });
});

describe('authentication', () => {
  it('answers a missing or wrong bearer token with a 401 Unauthorized Status', async () => {
    for (const token of [null, 'wrong']) {
      const response = await call(sim, '/api/v1/pods', { token });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
  });
});

describe('delete and eviction', () => {
  it('DELETE passes gracePeriodSeconds from the body (or the query) to the control and returns the pod with 200', async () => {
    seed();
    const response = await call(sim, '/api/v1/namespaces/default/pods/web-1', {
      method: 'DELETE',
      body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 7 },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ kind: 'Pod', metadata: { name: 'web-1', deletionGracePeriodSeconds: 7 } });
    await call(sim, '/api/v1/namespaces/default/pods/db-1?gracePeriodSeconds=3', { method: 'DELETE' });
    expect(sim.control.calls.map((c) => [c.verb, c.name, c.options.gracePeriodSeconds])).toEqual([
      ['delete', 'web-1', 7],
      ['delete', 'db-1', 3],
    ]);
  });

  it('DELETE with a failed uid precondition is a 409 Conflict', async () => {
    seed();
    const response = await call(sim, '/api/v1/namespaces/default/pods/web-1', {
      method: 'DELETE',
      body: { preconditions: { uid: 'not-the-uid' } },
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      details: { name: 'web-1', kind: 'pods' },
    });
  });

  it('DELETE with an unsupported propagationPolicy is a 422 Invalid with its cause', async () => {
    seed();
    const response = await call(sim, '/api/v1/namespaces/default/pods/web-1', {
      method: 'DELETE',
      body: { propagationPolicy: 'Sometimes' },
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      reason: 'Invalid',
      code: 422,
      details: { kind: 'DeleteOptions', causes: [{ field: 'propagationPolicy', reason: 'FieldValueNotSupported' }] },
    });
    expect(sim.control.calls).toEqual([]);
  });

  it('DELETE of a missing pod is the control answer: 404', async () => {
    expect((await call(sim, '/api/v1/namespaces/default/pods/ghost', { method: 'DELETE' })).body).toMatchObject({
      code: 404,
      reason: 'NotFound',
    });
  });

  it('POST of a policy/v1 Eviction reaches control.evictPod and answers 201 Success', async () => {
    seed();
    const eviction = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-1', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 4 },
    };
    const response = await call(sim, '/api/v1/namespaces/default/pods/web-1/eviction', {
      method: 'POST',
      body: eviction,
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect(sim.control.calls).toEqual([
      { verb: 'evict', namespace: 'default', name: 'web-1', options: { gracePeriodSeconds: 4 } },
    ]);
  });

  it('an Eviction naming another pod than the URL is a 400 BadRequest', async () => {
    seed();
    const response = await call(sim, '/api/v1/namespaces/default/pods/web-1/eviction', {
      method: 'POST',
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'db-1' } },
    });
    expect(response.body).toMatchObject({ code: 400, reason: 'BadRequest' });
  });
});

describe('watch', () => {
  it('without resourceVersion sends the current state as ADDED, then live changes, as chunked application/json', async () => {
    seed();
    const watch = await openWatch(sim, '/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=5');
    expect(watch.status).toBe(200);
    expect(watch.headers['content-type']).toBe('application/json');
    expect(watch.headers['transfer-encoding']).toBe('chunked');
    await waitFor(() => watch.events.length === 2, 2_000, 'initial events');
    sim.store.update(
      'pods',
      'default',
      'web-1',
      (next) => void (next.metadata.labels = { app: 'web', changed: 'yes' }),
    );
    sim.store.delete('pods', 'default', 'db-1');
    await waitFor(() => watch.events.length === 4, 2_000, 'live events');
    expect(watch.events.map((event) => [event.type, event.object.metadata.name])).toEqual([
      ['ADDED', expect.any(String)],
      ['ADDED', expect.any(String)],
      ['MODIFIED', 'web-1'],
      ['DELETED', 'db-1'],
    ]);
    expect(watch.events[2]!.object).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
    watch.destroy();
  });

  it('from a resourceVersion replays the changes after it from the history window', async () => {
    seed();
    const since = sim.store.currentResourceVersion;
    sim.store.update('pods', 'default', 'web-1', (next) => void (next.metadata.labels = { app: 'web' }));
    const watch = await openWatch(sim, `/api/v1/pods?watch=1&resourceVersion=${since}&timeoutSeconds=5`);
    await waitFor(() => watch.events.length === 1, 2_000, 'replayed event');
    expect(watch.events[0]).toMatchObject({
      type: 'MODIFIED',
      object: { metadata: { name: 'web-1', resourceVersion: String(since + 1) } },
    });
    watch.destroy();
  });

  it('from a resourceVersion older than the history answers 200 with one 410 Expired ERROR event and closes', async () => {
    await sim.close();
    sim = await startSim({ historyWindow: 2 });
    seed();
    const watch = await openWatch(sim, '/api/v1/pods?watch=true&resourceVersion=1000');
    expect(watch.status).toBe(200);
    expect(await watch.closed).toBe('end');
    expect(watch.events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: expect.stringMatching(/^too old resource version: 1000 \(\d+\)$/),
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
  });

  it('applies selectors: an object that stops matching is DELETED, one that starts matching is ADDED', async () => {
    seed();
    const watch = await openWatch(
      sim,
      '/api/v1/pods?watch=true&labelSelector=app%3Dweb&fieldSelector=metadata.namespace%3Ddefault&timeoutSeconds=5',
    );
    await waitFor(() => watch.events.length === 1, 2_000, 'initial event');
    sim.store.update('pods', 'default', 'web-1', (next) => void (next.metadata.labels = { app: 'retired' }));
    sim.store.update('pods', 'default', 'db-1', (next) => void (next.metadata.labels = { app: 'web' }));
    sim.store.update('pods', 'other', 'web-2', (next) => void (next.metadata.labels = { app: 'web', seen: 'no' }));
    await waitFor(() => watch.events.length === 3, 2_000, 'selector transitions');
    const stopped = watch.events[1]!;
    expect([stopped.type, stopped.object.metadata.name, stopped.object.metadata.labels]).toEqual([
      'DELETED',
      'web-1',
      { app: 'web', tier: 'front' },
    ]);
    expect(stopped.object.metadata.resourceVersion).toBe(String(sim.store.currentResourceVersion - 2));
    expect([watch.events[2]!.type, watch.events[2]!.object.metadata.name]).toEqual(['ADDED', 'db-1']);
    watch.destroy();
  });

  it('on a named object (/pods/NAME?watch=true) follows only that object', async () => {
    seed();
    const watch = await openWatch(sim, '/api/v1/namespaces/default/pods/db-1?watch=true&timeoutSeconds=5');
    sim.store.update('pods', 'default', 'web-1', (next) => void (next.metadata.labels = {}));
    sim.store.delete('pods', 'default', 'db-1');
    await waitFor(() => watch.events.length === 2, 2_000, 'events of db-1');
    expect(watch.events.map((event) => [event.type, event.object.metadata.name])).toEqual([
      ['ADDED', 'db-1'],
      ['DELETED', 'db-1'],
    ]);
    watch.destroy();
  });

  it('of events.k8s.io/v1 delivers the converted view', async () => {
    const watch = await openWatch(sim, '/apis/events.k8s.io/v1/events?watch=true&timeoutSeconds=5');
    seed();
    await waitFor(() => watch.events.length === 1, 2_000, 'event');
    expect(watch.events[0]).toMatchObject({
      type: 'ADDED',
      object: { apiVersion: 'events.k8s.io/v1', note: 'Stopping container app', regarding: { name: 'web-1' } },
    });
    watch.destroy();
  });

  it('closes the stream cleanly after timeoutSeconds', async () => {
    const watch = await openWatch(sim, '/api/v1/pods?watch=true&timeoutSeconds=1');
    const started = Date.now();
    expect(await watch.closed).toBe('end');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sim.api.faults.openWatches).toBe(0);
  });

  it('closes the stream after the configured default when no timeoutSeconds is given', async () => {
    await sim.close();
    sim = await startSim({ watch: { defaultTimeoutMs: { min: 200, max: 300 } } });
    const watch = await openWatch(sim, '/api/v1/pods?watch=true');
    expect(await watch.closed).toBe('end');
  });

  it('sends BOOKMARK events carrying only the kind and resourceVersion when allowed', async () => {
    await sim.close();
    sim = await startSim({ watch: { bookmarkIntervalMs: 100 } });
    seed();
    const watch = await openWatch(
      sim,
      '/apis/discovery.k8s.io/v1/endpointslices?watch=true&allowWatchBookmarks=true&timeoutSeconds=5',
    );
    await waitFor(() => watch.events.some((event) => event.type === 'BOOKMARK'), 2_000, 'bookmark');
    expect(watch.events.find((event) => event.type === 'BOOKMARK')!.object).toEqual({
      kind: 'EndpointSlice',
      apiVersion: 'discovery.k8s.io/v1',
      metadata: { resourceVersion: String(sim.store.currentResourceVersion) },
    });
    watch.destroy();
  });
});

describe('namespaces', () => {
  it('serve kube-system always, with a UID stable for this cluster and different from another simulator’s', async () => {
    const first = await call(sim, '/api/v1/namespaces/kube-system');
    expect(first.status).toBe(200);
    const uid = (first.body.metadata as { uid?: string }).uid;
    expect(uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await call(sim, '/api/v1/namespaces/kube-system')).body.metadata as { uid?: string }).uid).toBe(uid);
    const other = await startSim();
    try {
      expect(((await call(other, '/api/v1/namespaces/kube-system')).body.metadata as { uid?: string }).uid).not.toBe(
        uid,
      );
    } finally {
      await other.close();
    }
    expect((await call(sim, '/api/v1/namespaces/nothing-here')).status).toBe(404);
  });
});
