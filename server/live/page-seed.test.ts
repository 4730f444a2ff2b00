import { afterEach, describe, expect, it } from 'vitest';
import { createLiveViewStateHolder, readLiveSeed, seededLiveState, type LiveSeed } from '@/lib/live/live-view-state';
import type { HelloMessage } from '@/lib/live/protocol';
import { at, termination } from '@/lib/timeline/test-support';
import { TimelineHub } from '../hub/hub';
import { handleStreamRequest } from '../sse/handler';
import { serveWebHandler, type ServedHandler } from '../sse/node-http';
import { SseSessions } from '../sse/sessions';
import { connectSse, type SseTestClient } from '../sse/testing/sse-client';
import { liveSeed, seedStream } from './page-seed';
import { seedResponse } from './routes';

const hello: HelloMessage = {
  type: 'hello',
  protocol: 1,
  mode: 'simulated',
  cluster: 'demo',
  namespaces: null,
  labelSelector: null,
  allowanceSeconds: 2,
  notice: null,
  resumed: false,
};

let served: ServedHandler | undefined;
let hub: TimelineHub;
const clients: SseTestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await served?.close();
  hub.stop();
});

async function serve(ringCapacity?: number): Promise<string> {
  hub = new TimelineHub({ now: () => at(100), ...(ringCapacity ? { ringCapacity } : {}) });
  const sessions = new SseSessions();
  served = await serveWebHandler((request) =>
    new URL(request.url).pathname === '/api/stream/seed'
      ? seedResponse({ hub, hello: () => hello })
      : handleStreamRequest(request, { hub, sessions, hello: () => hello }),
  );
  return `${served.url}/api/stream`;
}

function terminatePod(uid: string, name = `web-${uid}`): void {
  for (const entry of termination({ uid, name })) hub.ingest(entry, '');
  hub.flush();
}

/** `GET /api/stream/seed` now, as the page's preload fetches it. */
async function fetchSeed(url: string): Promise<string> {
  const response = await fetch(`${url}/seed`);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return response.text();
}

/** The page's side: the store starts from the seed's text, and the stream resumes from its id, as useLiveStream does. */
function resumeFromSeed(url: string, seedText: string) {
  const parsed = parseLiveSeed(seedText);
  if (!parsed) throw new Error('the seed did not parse');
  const store = createLiveViewStateHolder(seededLiveState(parsed));
  const client = connectSse(url, {
    lastEventId: store.getSnapshot().lastEventId,
    onEvent: (event) => store.applyEvent(event),
  });
  clients.push(client);
  return { store, client };
}

/** The seed in a response's text, as the page reads it (`response.json()`, then `readLiveSeed`); null when unreadable. */
function parseLiveSeed(text: string): LiveSeed | null {
  try {
    return readLiveSeed(JSON.parse(text));
  } catch {
    return null;
  }
}

const uids = (pods: Iterable<{ uid: string }>) => [...pods].map((pod) => pod.uid).sort();

describe('the live page seed', () => {
  it('is the hub snapshot with its event id: the page shows its pods before any stream, still connecting', async () => {
    await serve();
    terminatePod('a');
    terminatePod('b');
    const seed = liveSeed({ hub, hello: () => hello });
    expect(uids(seed.snapshot.pods)).toEqual(['a', 'b']);
    expect(seed.eventId).toBe(`${hub.epoch}-${hub.stats().seq}`);
    const state = seededLiveState(seed);
    expect(uids(state.pods.values())).toEqual(['a', 'b']);
    expect(state).toMatchObject({ connection: 'connecting', lastEventId: seed.eventId, hello: { cluster: 'demo' } });
  });

  it('then the stream resumes from it: only what changed after the page was rendered, nothing twice', async () => {
    const url = await serve();
    terminatePod('before');
    const seed = await fetchSeed(url);
    terminatePod('after');
    const { store, client } = resumeFromSeed(url, seed);
    await client.waitFor((events) => events.some((e) => e.event === 'timeline'));
    expect(client.events.map((e) => e.event)).not.toContain('snapshot');
    expect(JSON.parse(client.events.find((e) => e.event === 'hello')?.data ?? '{}')).toMatchObject({ resumed: true });
    const timelines = client.events
      .filter((e) => e.event === 'timeline')
      .map((e) => (JSON.parse(e.data) as { pod: { uid: string } }).pod.uid);
    expect(new Set(timelines)).toEqual(new Set(['after']));
    expect(store.getSnapshot().connection).toBe('live');
    expect(uids(store.getSnapshot().pods.values())).toEqual(uids(hub.snapshot().pods));
  });

  it('falls back to a resync snapshot when the hub no longer holds the deltas since the seed', async () => {
    const url = await serve(2);
    terminatePod('before');
    const seed = await fetchSeed(url);
    for (const uid of ['x', 'y', 'z']) terminatePod(uid);
    const { store, client } = resumeFromSeed(url, seed);
    await client.waitFor((events) => events.some((e) => e.event === 'snapshot'));
    expect(store.getSnapshot().resyncs).toBe(1);
    expect(uids(store.getSnapshot().pods.values())).toEqual(uids(hub.snapshot().pods));
  });

  it('carries a hostile pod name as JSON data, never where a page would read it as markup', async () => {
    const url = await serve();
    const hostile = '</script><script>window.__pwned=1</script><!-- \u2028\u2029 &amp;';
    terminatePod('evil', hostile);
    const response = await fetch(`${url}/seed`);
    // JSON, not HTML, and never cached: the security headers (nosniff) are the proxy's, checked by e2e/headers.spec.ts.
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(parseLiveSeed(await response.text())?.snapshot.pods[0]?.name).toBe(hostile);
  });

  it('is written in slices of pods that join into the same JSON as the seed written at once, for any number of pods', async () => {
    await serve();
    for (const count of [0, 1, 3, 7]) {
      for (let index = 0; index < count; index++) terminatePod(`p${count}-${index}`, `web "${index}" </script>`);
      const seed = liveSeed({ hub, hello: () => hello });
      const text = await new Response(seedStream(seed, 2)).text();
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(seed)));
      expect(parseLiveSeed(text)?.snapshot.pods).toHaveLength(seed.snapshot.pods.length);
    }
  });

  it('is refused, not half applied, when its text is not a seed this client reads', () => {
    expect(parseLiveSeed('not json')).toBeNull();
    expect(parseLiveSeed(JSON.stringify({ hello, snapshot: { type: 'snapshot' }, eventId: 'x' }))).toBeNull();
    expect(
      parseLiveSeed(
        JSON.stringify({ hello, snapshot: { type: 'snapshot', resync: false, pods: [], findings: [], watches: [] } }),
      ),
    ).toBeNull();
    expect(
      parseLiveSeed(
        JSON.stringify({
          hello,
          snapshot: { type: 'snapshot', resync: false, pods: [], findings: [], watches: [] },
          eventId: 'e-1',
        }),
      )?.eventId,
    ).toBe('e-1');
  });
});
