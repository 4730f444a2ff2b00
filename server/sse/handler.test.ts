import { afterEach, describe, expect, it } from 'vitest';
import type { HelloMessage } from '@/lib/live/protocol';
import { at, termination } from '@/lib/timeline/test-support';
import { TimelineHub } from '../hub/hub';
import { handleStreamRequest, type StreamSettings } from './handler';
import { serveWebHandler, type ServedHandler } from './node-http';
import { SseSessions } from './sessions';
import { connectSse, type SseTestClient } from './testing/sse-client';

const hello: HelloMessage = {
  type: 'hello',
  protocol: 1,
  mode: 'simulated',
  cluster: 'demo',
  namespaces: null,
  labelSelector: null,
  allowanceSeconds: 2,
  notice: 'Simulated cluster',
  resumed: false,
};

let served: ServedHandler | undefined;
let hub: TimelineHub;
let sessions: SseSessions;
const clients: SseTestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await served?.close();
  hub.stop();
});

async function serve(settings: Partial<StreamSettings> = {}): Promise<string> {
  hub = new TimelineHub({ now: () => at(100) });
  sessions = new SseSessions();
  served = await serveWebHandler((request) =>
    handleStreamRequest(request, { hub, sessions, hello: () => hello, settings }),
  );
  return `${served.url}/api/stream`;
}

function connect(url: string, lastEventId?: string | null): SseTestClient {
  const client = connectSse(url, { lastEventId });
  clients.push(client);
  return client;
}

/** A pod's whole termination, as the watch would deliver it. */
function terminatePod(uid: string, namespace = 'shop'): void {
  for (const entry of termination({ uid, name: `web-${uid}` })) {
    const object =
      'object' in entry && entry.object.kind === 'Pod'
        ? { ...entry.object, metadata: { ...entry.object.metadata, namespace } }
        : 'object' in entry
          ? entry.object
          : null;
    hub.ingest(object ? ({ ...entry, object } as typeof entry) : entry, '');
  }
  hub.flush();
}

const count = (client: SseTestClient, event: string) => client.events.filter((e) => e.event === event).length;

describe('GET /api/stream', () => {
  it('sends retry, hello and a snapshot, then per-pod deltas, each with an id', async () => {
    const url = await serve();
    terminatePod('before');
    const client = connect(url);
    await client.waitFor((events) => events.some((event) => event.event === 'snapshot'));
    terminatePod('after');
    await client.waitFor(() => client.store.getSnapshot().pods.has('after'));
    expect(client.events.map((event) => event.event).slice(0, 2)).toEqual(['hello', 'snapshot']);
    expect(client.events.every((event) => event.id !== undefined)).toBe(true);
    expect(client.events.slice(1).every((event) => /^[0-9a-f]+-\d+$/.test(event.id ?? ''))).toBe(true);
    expect([...client.store.getSnapshot().pods.keys()].sort()).toEqual(['after', 'before']);
    expect(client.store.getSnapshot().hello?.mode).toBe('simulated');
  });

  it('resumes after a disconnect with exactly the missed deltas: nothing lost, nothing repeated', async () => {
    const url = await serve();
    const first = connect(url);
    terminatePod('a');
    await first.waitFor(() => first.store.getSnapshot().pods.has('a'));
    const resumeFrom = first.lastEventId();
    first.close();
    await first.ended;
    terminatePod('b');
    terminatePod('c');
    const second = connect(url, resumeFrom);
    await second.waitFor(() => second.store.getSnapshot().pods.has('c'));
    // hello echoes the id the client resumed from; every other message has its own.
    const ids = [...first.events, ...second.events].filter((event) => event.event !== 'hello').map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(second.events.some((event) => event.event === 'snapshot')).toBe(false);
    expect(second.store.getSnapshot()).toMatchObject({ connection: 'live', hello: { resumed: true } });
    const seqs = second.events.slice(1).map((event) => Number(event.id?.split('-')[1]));
    expect(seqs[0]).toBe(Number(resumeFrom?.split('-')[1]) + 1);
    expect(seqs).toEqual(seqs.map((_, index) => (seqs[0] ?? 0) + index));
    const fresh = connect(url);
    await fresh.waitFor((events) => events.some((event) => event.event === 'snapshot'));
    const merged = new Map([...first.store.getSnapshot().pods, ...second.store.getSnapshot().pods]);
    expect(merged).toEqual(fresh.store.getSnapshot().pods);
  });

  it('answers a resume it cannot serve (foreign or too old id) with a snapshot flagged as a resync', async () => {
    const url = await serve();
    const client = connect(url, 'deadbeef-12');
    await client.waitFor((events) => events.some((event) => event.event === 'snapshot'));
    expect(JSON.parse(client.events.find((event) => event.event === 'snapshot')?.data ?? '{}')).toMatchObject({
      resync: true,
    });
    expect(client.store.getSnapshot().resyncs).toBe(1);
  });

  it('never echoes a Last-Event-ID it did not issue (tried: lastEventId=abc + CR/LF + "event: shutdown" + "data: {}" + blank line, in the query)', async () => {
    const url = await serve();
    const injected = 'abc\nevent: shutdown\ndata: {}\n\n';
    const client = connectSse(`${url}?lastEventId=${encodeURIComponent(injected)}`);
    clients.push(client);
    await client.waitFor((events) => events.some((event) => event.event === 'snapshot'));
    expect(client.events.map((event) => event.event).slice(0, 2)).toEqual(['hello', 'snapshot']);
    expect(count(client, 'shutdown')).toBe(0);
    // Ignored as if absent: a first connection, with nothing of the text in the hello's id.
    expect(client.events[0]?.id).toBe('');
    expect(JSON.parse(client.events[1]?.data ?? '{}')).toMatchObject({ resync: false });
    expect(client.store.getSnapshot().hello?.resumed).toBe(false);
  });

  it('sends nothing of an unissued id in the raw stream, header or query (tried: CR/LF injection, a valid id with a line break after it, upper case, leading zeros, 17 digits, 4 hex digits)', async () => {
    served = undefined;
    hub = new TimelineHub({ now: () => at(100) });
    sessions = new SseSessions();
    const valid = `${hub.epoch}-0`;
    const hostile = [
      'abc\r\nevent: shutdown\r\ndata: {}\r\n\r\n',
      `${valid}\nevent: shutdown\ndata: {}\n`,
      `${valid}\r`,
      `${valid}\n`,
      `AB${valid.slice(2).toUpperCase()}`,
      `${hub.epoch}-00`,
      `${hub.epoch}-12345678901234567`,
      'ab12-3',
    ];
    const requests = hostile.flatMap((id) => [
      { id, request: new Request(`http://t/api/stream?lastEventId=${encodeURIComponent(id)}`) },
      // Headers refuses CR and LF itself (and trims spaces): what it lets through is tried as the header.
      ...(/[\r\n]/.test(id)
        ? []
        : [{ id, request: new Request('http://t/api/stream', { headers: { 'last-event-id': id } }) }]),
    ]);
    expect(requests.length).toBeGreaterThan(hostile.length);
    for (const { id, request } of requests) {
      const response = handleStreamRequest(request, { hub, sessions, hello: () => hello });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      while (!/event: snapshot\ndata: [^\n]*\n\n/.test(text)) {
        const next = await reader.read();
        if (next.done) break;
        text += new TextDecoder().decode(next.value);
      }
      await reader.cancel();
      expect(text, JSON.stringify(id)).not.toContain('shutdown');
      expect(text, JSON.stringify(id)).toMatch(
        /^retry: \d+\n\nid: \nevent: hello\ndata: [^\n]*\n\nid: [0-9a-f]{8}-\d+\nevent: snapshot\ndata: [^\n]*\n\n$/,
      );
    }
  });

  it('resumes from an id it issued, given as the query form too', async () => {
    const url = await serve();
    const first = connect(url);
    await first.waitFor((events) => events.some((event) => event.event === 'snapshot'));
    const resumeFrom = first.lastEventId();
    const second = connectSse(`${url}?lastEventId=${encodeURIComponent(resumeFrom ?? '')}`);
    clients.push(second);
    await second.waitFor((events) => events.some((event) => event.event === 'hello'));
    expect(second.events[0]?.id).toBe(resumeFrom);
    expect(second.store.getSnapshot().hello?.resumed).toBe(true);
  });

  it('serves 200 concurrent clients the same deltas', async () => {
    const url = await serve();
    const many = Array.from({ length: 200 }, () => connect(url));
    await Promise.all(
      many.map((client) => client.waitFor((events) => events.some((event) => event.event === 'snapshot'))),
    );
    expect(hub.listenerCount).toBe(200);
    terminatePod('x');
    await Promise.all(many.map((client) => client.waitFor(() => client.store.getSnapshot().pods.has('x'))));
    const reference = JSON.stringify(many[0]?.store.getSnapshot().pods.get('x'));
    expect(many.every((client) => JSON.stringify(client.store.getSnapshot().pods.get('x')) === reference)).toBe(true);
  });

  it('keeps the queue of a client that stops reading bounded, and brings it back with a resync', async () => {
    const url = await serve({ maxQueued: 50 });
    const slow = connect(url);
    await slow.waitFor((events) => events.some((event) => event.event === 'snapshot'));
    slow.pause();
    let maxQueue = 0;
    for (let i = 0; i < 400; i += 1) {
      terminatePod(`p${i}`);
      maxQueue = Math.max(maxQueue, ...sessions.queueSizes());
    }
    expect(maxQueue).toBeLessThanOrEqual(51);
    slow.resume();
    await slow.waitFor(() => slow.store.getSnapshot().pods.size === 400, 15_000);
    expect(slow.store.getSnapshot().pods.size).toBe(400);
  });

  it('frees the hub listener and the session when a client aborts', async () => {
    const url = await serve();
    const leaving = Array.from({ length: 5 }, () => connect(url));
    await Promise.all(leaving.map((client) => client.waitFor((events) => events.length >= 2)));
    expect(hub.listenerCount).toBe(5);
    for (const client of leaving) client.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hub.listenerCount).toBe(0);
    expect(sessions.size).toBe(0);
  });

  it('filters by namespace and sends only matching pods', async () => {
    const url = await serve();
    const client = connect(`${url}?namespace=billing`);
    await client.waitFor((events) => events.some((event) => event.event === 'snapshot'));
    terminatePod('shop-pod', 'shop');
    terminatePod('billing-pod', 'billing');
    await client.waitFor(() => client.store.getSnapshot().pods.has('billing-pod'));
    expect([...client.store.getSnapshot().pods.keys()]).toEqual(['billing-pod']);
  });

  it('sends heartbeat comments while nothing happens', async () => {
    const url = await serve({ heartbeatMs: 50 });
    const client = connect(url);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(client.comments.some((comment) => comment.startsWith('heartbeat'))).toBe(true);
  });

  it('tells clients to come back later on shutdown and refuses new streams', async () => {
    const url = await serve();
    const client = connect(url);
    await client.waitFor((events) => events.some((event) => event.event === 'snapshot'));
    await sessions.shutdownAll(1234, 2000);
    await client.ended;
    expect(client.store.getSnapshot()).toMatchObject({ connection: 'shutdown', retryMs: 1234 });
    expect(count(client, 'shutdown')).toBe(1);
    const late = connect(url);
    expect(await late.status).toBe(503);
  });
});
