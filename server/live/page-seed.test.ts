import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLiveViewStateHolder, initialLiveViewState, seededLiveState } from '@/lib/live/live-view-state';
import { createSeedReader, readSeed, type PartialSeed } from '@/lib/live/seed-reader';
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
      ? seedResponse({ hub, hello: () => hello }, request)
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
  expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
  return response.text();
}

/** The page's side: the store starts from the seed's text, and the stream resumes from its id, as useLiveStream does. */
function resumeFromSeed(url: string, seedText: string) {
  const parsed = readSeedText(seedText);
  if (!parsed) throw new Error('the seed did not parse');
  const store = createLiveViewStateHolder(seededLiveState(parsed));
  const client = connectSse(url, {
    lastEventId: store.getSnapshot().lastEventId,
    onEvent: (event) => store.applyEvent(event),
  });
  clients.push(client);
  return { store, client };
}

/** A whole seed's bytes or text read at once, as the page reads it piece by piece; null when refused. */
function readSeedText(text: string | Uint8Array) {
  const reader = createSeedReader();
  reader.push(typeof text === 'string' ? new TextEncoder().encode(text) : text);
  return reader.end();
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
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(readSeedText(await response.text())?.snapshot.pods[0]?.name).toBe(hostile);
  });

  it('is written in lines of pods that read back into the same seed, for any number of pods and any cut of its bytes', async () => {
    await serve();
    for (const count of [0, 1, 3, 7]) {
      for (let index = 0; index < count; index++) terminatePod(`p${count}-${index}`, `web "${index}" </script> ü ✓`);
      const seed = liveSeed({ hub, hello: () => hello });
      const bytes = new Uint8Array(await new Response(seedStream(seed, 2)).arrayBuffer());
      // The lines hold the seed: a header, then one line per two pods (the hub keeps the pods of earlier rounds).
      const total = seed.snapshot.pods.length;
      const lines = new TextDecoder().decode(bytes).split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(1 + Math.ceil(total / 2));
      const { pods: podCount, ...header } = JSON.parse(lines[0] ?? '') as { pods: number; snapshot: object };
      expect(podCount).toBe(total);
      const pods = lines.slice(1).flatMap((line) => JSON.parse(line) as unknown[]);
      expect({ ...header, snapshot: { ...header.snapshot, pods } }).toEqual(JSON.parse(JSON.stringify(seed)));
      // Read as the page does, cut where the network may: every few bytes, inside lines and inside multi-byte
      // characters; the same seed whatever the cuts.
      const whole = readSeedText(bytes);
      expect(whole?.snapshot.pods.map((pod) => pod.name)).toEqual(seed.snapshot.pods.map((pod) => pod.name));
      for (const size of [1, 3, 7, 64]) {
        const reader = createSeedReader();
        for (let offset = 0; offset < bytes.length; offset += size) {
          expect(reader.push(bytes.subarray(offset, offset + size))).toBe(true);
        }
        expect(reader.end()).toEqual(whole);
      }
    }
  });

  it('is refused, not half applied, when its text is not a seed this client reads', async () => {
    await serve();
    for (const uid of ['a', 'b', 'c']) terminatePod(uid);
    const text = await new Response(seedStream(liveSeed({ hub, hello: () => hello }), 1)).text();
    const lines = text.split('\n').slice(0, -1);
    expect(lines).toHaveLength(4);
    expect(readSeedText(text)?.snapshot.pods).toHaveLength(3);
    // Tried: not JSON; a header without its event id; a pod line cut off (the response ended early); one pod line
    // missing, or one too many; a pod that does not check; text after the last line; no header at all.
    const header = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    const { eventId: _eventId, ...noEventId } = header;
    const broken = JSON.parse(lines[1] ?? '') as { markers: unknown }[];
    broken[0]!.markers = 'none';
    for (const bad of [
      'not json\n',
      [JSON.stringify(noEventId), ...lines.slice(1)].join('\n') + '\n',
      text.slice(0, -10),
      lines.slice(0, 3).join('\n') + '\n',
      [...lines, lines[3]].join('\n') + '\n',
      [lines[0], JSON.stringify(broken), ...lines.slice(2)].join('\n') + '\n',
      `${text}{}\n`,
      `${text}[]`,
      lines.slice(1).join('\n') + '\n',
      '',
    ]) {
      expect(readSeedText(bad)).toBeNull();
    }
    // Once refused, the page stops reading.
    const reader = createSeedReader();
    expect(reader.push(new TextEncoder().encode('{"not":"a header"}\n'))).toBe(false);
    expect(reader.push(new TextEncoder().encode(`${lines[1]}\n`))).toBe(false);
    expect(reader.end()).toBeNull();
  });

  it('comes in the order of the lanes of the view its query names, every pod still in it', async () => {
    const url = await serve();
    for (const uid of ['a', 'b', 'c', 'd']) terminatePod(uid);
    // The page asks with its own URL's view: a search for one pod puts that pod first.
    const searched = readSeedText(await (await fetch(`${url}/seed?q=web-c`)).text());
    expect(searched?.snapshot.pods.map((pod) => pod.uid)[0]).toBe('c');
    expect(uids(searched?.snapshot.pods ?? [])).toEqual(['a', 'b', 'c', 'd']);
    // A query that is no view (unknown names, a malformed window) is the default view, not an error.
    const odd = await fetch(`${url}/seed?t=oops&view=%3Cscript%3E&zzz=1`);
    expect(odd.status).toBe(200);
    expect(uids(readSeedText(await odd.text())?.snapshot.pods ?? [])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('is drawn from its first line of pods while the rest is on its way, then whole', async () => {
    await serve();
    for (let index = 0; index < 7; index++) terminatePod(`p${index}`);
    const seed = liveSeed({ hub, hello: () => hello });
    const lines = (await new Response(seedStream(seed, 3, 2)).text()).split('\n').slice(0, -1);
    // A header, a first line of 2 pods, then lines of 3.
    expect(lines.slice(1).map((line) => (JSON.parse(line) as unknown[]).length)).toEqual([2, 3, 2]);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const body = gatedBody(lines, 2, held);
    const firsts: PartialSeed[] = [];
    const whole = readSeed(body, (partial) => void firsts.push(partial));
    await vi.waitFor(() => expect(firsts).toHaveLength(1));
    const first = firsts[0]!;
    expect(first.total).toBe(7);
    expect(first.seed.snapshot.pods.map((pod) => pod.uid)).toEqual(
      seed.snapshot.pods.slice(0, 2).map((pod) => pod.uid),
    );
    // The page's store holds those two pods and says it holds 2 of 7: nothing counted over the pods yet.
    const store = createLiveViewStateHolder(seededLiveState(first.seed, first.total));
    expect(store.getSnapshot().seedLoading).toEqual({ received: 2, total: 7 });
    expect(store.getSnapshot().pods.size).toBe(2);
    release();
    const read = await whole;
    expect(firsts).toHaveLength(1);
    expect(read?.snapshot.pods.map((pod) => pod.uid)).toEqual(seed.snapshot.pods.map((pod) => pod.uid));
    store.replace(seededLiveState(read!));
    expect(store.getSnapshot().seedLoading).toBeNull();
    expect(store.getSnapshot().pods.size).toBe(7);
    expect(store.getSnapshot().lastEventId).toBe(seed.eventId);
  });

  it('is drawn from its first line of pods even when the whole body is in already, before the rest is read', async () => {
    await serve();
    for (let index = 0; index < 7; index++) terminatePod(`p${index}`);
    const seed = liveSeed({ hub, hello: () => hello });
    const text = await new Response(seedStream(seed, 3, 2)).text();
    const oneChunk = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    });
    const seen: number[] = [];
    const read = await readSeed(oneChunk, (partial) => void seen.push(partial.seed.snapshot.pods.length));
    expect(seen).toEqual([2]);
    expect(read?.snapshot.pods).toHaveLength(7);
  });

  it('is whole at once when its first line holds every pod: nothing is drawn as loading', async () => {
    await serve();
    terminatePod('a');
    terminatePod('b');
    const lines = (await new Response(seedStream(liveSeed({ hub, hello: () => hello }), 3, 2)).text()).split('\n');
    const firsts: PartialSeed[] = [];
    const read = await readSeed(
      gatedBody(lines.slice(0, -1), 9, Promise.resolve()),
      (partial) => void firsts.push(partial),
    );
    expect(firsts).toHaveLength(0);
    expect(read?.snapshot.pods).toHaveLength(2);
  });

  it('is refused after its first lines were drawn when a later line does not check or the body fails', async () => {
    await serve();
    for (let index = 0; index < 7; index++) terminatePod(`p${index}`);
    const lines = (await new Response(seedStream(liveSeed({ hub, hello: () => hello }), 3, 2)).text())
      .split('\n')
      .slice(0, -1);
    // Tried: the third line replaced by one whose pod has no uid; the body erroring after the first line.
    const bad = [...lines];
    bad[2] = JSON.stringify([{ name: 'no uid' }]);
    const firsts: PartialSeed[] = [];
    expect(await readSeed(gatedBody(bad, 9, Promise.resolve()), (partial) => void firsts.push(partial))).toBeNull();
    expect(firsts).toHaveLength(1);
    let sent = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent < 2) controller.enqueue(new TextEncoder().encode(`${lines[sent++]}\n`));
        else controller.error(new Error('connection reset'));
      },
    });
    const drawn: PartialSeed[] = [];
    expect(await readSeed(failing, (partial) => void drawn.push(partial))).toBeNull();
    expect(drawn).toHaveLength(1);
    // The page then starts over from nothing, and the stream's own snapshot (no last event id) fills it.
    const store = createLiveViewStateHolder(seededLiveState(drawn[0]!.seed, drawn[0]!.total));
    store.replace(initialLiveViewState);
    expect(store.getSnapshot()).toMatchObject({ lastEventId: null, seedLoading: null });
    expect(store.getSnapshot().pods.size).toBe(0);
  });
});

/** The lines as a body that sends the first `before` lines, then waits for `held` before the rest. */
function gatedBody(lines: readonly string[], before: number, held: Promise<void>): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next === before) await held;
      const line = lines[next++];
      if (line === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(`${line}\n`));
    },
  });
}
