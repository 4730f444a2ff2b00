import { afterEach, describe, expect, it } from 'vitest';
import { kubeConfigForServer } from './kubeconfig';
import { createListClient, KubeRequestError } from './list';
import { openWatchStream, silenceLimit, type WatchEnd } from './watch-stream';
import {
  openWatchResponse,
  samplePod,
  sendJson,
  startFakeApiServer,
  writeWatchEvent,
  type FakeApiServer,
  type FakeHandler,
} from './testing/fake-apiserver';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function watchAgainst(
  handler: FakeHandler,
  idleTimeoutMs = 300,
  bookmarkIdleTimeoutMs?: number,
): Promise<{ end: WatchEnd; events: string[]; opened: boolean; ms: number }> {
  server = await startFakeApiServer(handler);
  const events: string[] = [];
  let opened = false;
  const started = Date.now();
  const stream = openWatchStream({
    kubeConfig: kubeConfigForServer(server.url),
    url: new URL(`${server.url}/api/v1/pods?watch=true`),
    idleTimeoutMs,
    ...(bookmarkIdleTimeoutMs === undefined ? {} : { bookmarkIdleTimeoutMs }),
    onOpen: () => (opened = true),
    onEvent: (type) => events.push(type),
  });
  const end = await stream.done;
  return { end, events, opened, ms: Date.now() - started };
}

describe('openWatchStream', () => {
  it('delivers events split across chunks and reports a clean end as closed', async () => {
    const { end, events } = await watchAgainst((_request, response) => {
      openWatchResponse(response);
      const line = JSON.stringify({ type: 'ADDED', object: samplePod() });
      response.write(line.slice(0, 10));
      setTimeout(() => {
        response.write(`${line.slice(10)}\n`);
        writeWatchEvent(response, 'BOOKMARK', { metadata: { resourceVersion: '120' } });
        response.end();
      }, 20);
    });
    expect(events).toEqual(['ADDED', 'BOOKMARK']);
    expect(end.kind).toBe('closed');
  });

  it('ends a watch whose connection stays open but silent once the idle watchdog expires', async () => {
    const { end, opened } = await watchAgainst((_request, response) => openWatchResponse(response), 200);
    expect(opened).toBe(true);
    expect(end).toEqual({ kind: 'idle', idleMs: 200 });
  });

  it('counts silence against the shorter bound once the server has sent a bookmark on the stream', async () => {
    // A one-minute bound would outlast the test's own timeout: only the tightened bound can end this watch.
    const { end, events } = await watchAgainst(
      (_request, response) => {
        openWatchResponse(response);
        writeWatchEvent(response, 'BOOKMARK', { metadata: { resourceVersion: '7' } });
      },
      60_000,
      200,
    );
    expect(events).toEqual(['BOOKMARK']);
    expect(end).toEqual({ kind: 'idle', idleMs: 200 });
  });

  it('learns the bookmark cadence: silence past it (a missed bookmark) is a hang well before the user bound', async () => {
    server = await startFakeApiServer((_request, response) => {
      openWatchResponse(response);
      let sent = 0;
      const timer = setInterval(() => {
        writeWatchEvent(response, 'BOOKMARK', { metadata: { resourceVersion: String(300 + sent) } });
        if (++sent === 3) clearInterval(timer);
      }, 50);
    });
    const gaps: number[] = [];
    const stream = openWatchStream({
      kubeConfig: kubeConfigForServer(server.url),
      url: new URL(`${server.url}/api/v1/pods?watch=true`),
      idleTimeoutMs: 60_000,
      bookmarkIdleTimeoutMs: 60_000,
      onBookmarkGap: (gap) => gaps.push(gap),
      onEvent: () => undefined,
    });
    const end = await stream.done;
    expect(gaps).toHaveLength(2);
    expect(end).toEqual({ kind: 'idle', idleMs: silenceLimit(60_000, Math.max(...gaps)) });
  });

  it('bounds silence by the bookmark interval plus a quarter and 2 s, never past the cap', () => {
    expect(silenceLimit(120_000, null)).toBe(120_000);
    expect(silenceLimit(120_000, 60_000)).toBe(77_000);
    expect(silenceLimit(30_000, 60_000)).toBe(30_000);
  });

  it('reports a connection broken after the watch opened as dropped, not as a server-ended watch', async () => {
    const { end, events } = await watchAgainst((_request, response) => {
      openWatchResponse(response);
      writeWatchEvent(response, 'ADDED', samplePod());
      setTimeout(() => response.socket?.destroy(), 50);
    }, 5000);
    expect(events).toEqual(['ADDED']);
    expect(end.kind).toBe('dropped');
  });

  it('ends a watch whose server never answers the request (hung connect), which client-node cannot abort', async () => {
    const { end, opened } = await watchAgainst(() => undefined, 200);
    expect(opened).toBe(false);
    expect(end.kind).toBe('idle');
  });

  it('keeps a silent watch alive while bookmarks arrive', async () => {
    const { end, events } = await watchAgainst((_request, response) => {
      openWatchResponse(response);
      let sent = 0;
      const timer = setInterval(() => {
        writeWatchEvent(response, 'BOOKMARK', { metadata: { resourceVersion: String(200 + sent) } });
        if (++sent === 6) {
          clearInterval(timer);
          response.end();
        }
      }, 200);
      // The stream lasts 1.2 s, well past the 700 ms idle limit: only the bookmarks can have kept it open. The
      // margins are wide because this machine is shared and slow to schedule under load.
    }, 700);
    expect(events).toHaveLength(6);
    expect(end.kind).toBe('closed');
  });

  it('ends at once on a 410 ERROR event even though the server keeps the connection open', async () => {
    const { end, ms } = await watchAgainst((_request, response) => {
      openWatchResponse(response);
      writeWatchEvent(response, 'ERROR', {
        kind: 'Status',
        code: 410,
        reason: 'Expired',
        message: 'too old resource version: 5 (90)',
      });
    }, 5000);
    expect(end).toEqual({ kind: 'expired', message: 'too old resource version: 5 (90)' });
    expect(ms).toBeLessThan(4000);
  });

  it('reports an HTTP 410 answer as expired and a 403 as failed with its status', async () => {
    const gone = await watchAgainst((_request, response) =>
      sendJson(response, 410, { kind: 'Status', code: 410, message: 'gone' }),
    );
    expect(gone.end).toEqual({ kind: 'expired', message: 'gone' });
    await server?.close();
    const forbidden = await watchAgainst((_request, response) =>
      sendJson(response, 403, { kind: 'Status', code: 403, message: 'pods is forbidden' }),
    );
    expect(forbidden.end).toEqual({ kind: 'failed', statusCode: 403, message: 'pods is forbidden' });
  });

  it('stops on request and resolves as stopped', async () => {
    server = await startFakeApiServer((_request, response) => openWatchResponse(response));
    const stream = openWatchStream({
      kubeConfig: kubeConfigForServer(server.url),
      url: new URL(`${server.url}/api/v1/pods?watch=true`),
      idleTimeoutMs: 10_000,
      onOpen: () => stream.stop(),
      onEvent: () => undefined,
    });
    expect(await stream.done).toEqual({ kind: 'stopped' });
  });
});

describe('createListClient', () => {
  it('names the verb, resource and scope that RBAC refuses', async () => {
    server = await startFakeApiServer((_request, response) =>
      sendJson(response, 403, { kind: 'Status', code: 403, message: 'forbidden' }),
    );
    const list = createListClient(kubeConfigForServer(server.url)).list({
      resource: 'pods',
      namespace: null,
      labelSelector: null,
      timeoutMs: 2000,
    });
    await expect(list).rejects.toThrow('forbidden: cannot list pods at cluster scope: grant get, list, watch on pods');
  });

  it('gives up on a list that never answers, after its deadline', async () => {
    server = await startFakeApiServer(() => undefined);
    const error = await createListClient(kubeConfigForServer(server.url))
      .list({ resource: 'events', namespace: 'shop', labelSelector: null, timeoutMs: 200 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KubeRequestError);
    expect(String(error)).toContain('no answer within 200 ms');
  });

  it('follows continue tokens across pages and keeps the last resourceVersion', async () => {
    server = await startFakeApiServer((_request, response, url) => {
      const second = url.searchParams.get('continue') === 'page-2';
      const pod = samplePod({ name: second ? 'web-2' : 'web-1', uid: second ? 'u2' : 'u1' });
      sendJson(response, 200, {
        metadata: { resourceVersion: '300', ...(second ? {} : { continue: 'page-2' }) },
        items: [pod],
      });
    });
    const result = await createListClient(kubeConfigForServer(server.url)).list({
      resource: 'pods',
      namespace: 'shop',
      labelSelector: 'app=web',
      timeoutMs: 2000,
      pageSize: 1,
    });
    expect(result.items.map((item) => (item.metadata as { name: string }).name)).toEqual(['web-1', 'web-2']);
    expect(result.resourceVersion).toBe('300');
    expect(server.requests[0]?.pathname).toBe('/api/v1/namespaces/shop/pods');
    expect(server.requests[0]?.searchParams.get('labelSelector')).toBe('app=web');
  });
});

describe('openWatchStream with garbage on the wire', () => {
  it('reports a line that is not a watch event and keeps reading', async () => {
    server = await startFakeApiServer((_request, response) => {
      openWatchResponse(response);
      response.write('{"truncated\n');
      writeWatchEvent(response, 'ADDED', samplePod());
      response.end();
    });
    const problems: string[] = [];
    const events: string[] = [];
    const stream = openWatchStream({
      kubeConfig: kubeConfigForServer(server.url),
      url: new URL(`${server.url}/api/v1/pods?watch=true`),
      idleTimeoutMs: 2000,
      onEvent: (type) => events.push(type),
      onMalformed: (problem) => problems.push(problem),
    });
    expect((await stream.done).kind).toBe('closed');
    expect(problems).toEqual(['not a watch event: {"truncated']);
    expect(events).toEqual(['ADDED']);
  });
});
