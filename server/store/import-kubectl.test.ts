/** POST /api/import of kubectl watch output: bounded times, any order of concatenated watches, the CLI's lines. */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inTimeOrder, openInput } from '@/lib/recording/input';
import { importResponse } from './routes';
import { RecordingStore } from './store';
import { runtimeWithStore } from './testing/runtime-stub';
import { sqlOf } from './testing/sql';

const FIXTURE = fs.readFileSync(
  path.join(import.meta.dirname, '../../fixtures/scenarios/02-prestop-sleep.ndjson'),
  'utf8',
);

/** The recording's objects as three kubectl watches print them (-o json: pretty, 4 spaces), one per kind. */
function streams(): { Pod: string; EndpointSlice: string; Event: string } {
  const out = { Pod: '', EndpointSlice: '', Event: '' };
  for (const line of FIXTURE.trim().split('\n').slice(1)) {
    const { type, object } = JSON.parse(line) as { type: string; object: { kind: keyof typeof out } };
    if (type !== 'WATCH') out[object.kind] += `${JSON.stringify({ type, object }, null, 4)}\n`;
  }
  return out;
}

let store: RecordingStore;
beforeEach(() => {
  store = new RecordingStore({ file: ':memory:' });
});
afterEach(() => store.close());

async function importBody(
  body: BodyInit,
  maxBytes?: number,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const request = new Request('http://drainscope.test/api/import?name=kubectl.json', {
    method: 'POST',
    body,
    duplex: 'half',
  } as RequestInit);
  const response = await importResponse(request, runtimeWithStore(store), maxBytes === undefined ? {} : { maxBytes });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function storedLines(source: unknown): string[] {
  return (
    sqlOf(store).prepare('SELECT line FROM lines WHERE source = ? ORDER BY id').all(source) as { line: string }[]
  ).map((row) => row.line);
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
  yield bytes;
}

describe('POST /api/import of kubectl watch output', () => {
  it('stores every change with its bounds, never as observed, the same lines in either order of the watches as the CLI reads', async () => {
    const { Pod, EndpointSlice, Event } = streams();
    // The upload's arrival bounds the capture's end (nothing in kubectl output does): one arrival time for both.
    const arrival = Date.parse('2026-11-24T05:00:00.000Z');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(arrival);
    let podsFirst, slicesFirst;
    try {
      podsFirst = await importBody(Pod + EndpointSlice + Event);
      slicesFirst = await importBody(gzipSync(EndpointSlice + Event + Pod));
    } finally {
      vi.useRealTimers();
    }
    expect(podsFirst.status).toBe(201);
    expect(slicesFirst.status).toBe(201);
    expect(podsFirst.json).toMatchObject({
      format: 'kubectl',
      precisionLost: expect.stringContaining('no receipt times'),
    });
    expect(podsFirst.json.notes).toContain(podsFirst.json.precisionLost);
    const lines = storedLines(podsFirst.json.source);
    expect(storedLines(slicesFirst.json.source)).toEqual(lines);
    const cli = await inTimeOrder(
      await openInput(once(new TextEncoder().encode(EndpointSlice + Pod + Event)), { capturedBy: arrival }),
    );
    expect(cli.map((entry) => entry.raw)).toEqual(lines);

    const parsed = lines.map(
      (line) => JSON.parse(line) as { at: string; earliest: string; latest: string; object: { kind: string } },
    );
    const end = new Date(arrival).toISOString();
    for (const line of parsed) expect(line).toMatchObject({ earliest: line.at, latest: end });
    // No EndpointSlice change is placed at a pod's time: this fixture's slices carry only their creation time, so
    // each change is known only to lie between it and the end of the capture.
    const slices = parsed.filter((line) => line.object.kind === 'EndpointSlice');
    expect(slices.length).toBeGreaterThan(1);
    for (const slice of slices)
      expect(slice).toMatchObject({
        at: '2026-11-24T04:25:00.000Z',
        earliest: '2026-11-24T04:25:00.000Z',
        latest: end,
      });
  });

  it('refuses with 413 a small gzip that inflates past the limit, counting what is parsed, and stores nothing', async () => {
    const line = FIXTURE.split('\n')[1] as string;
    const plain = `${FIXTURE.split('\n')[0]}\n${`${line}\n`.repeat(Math.ceil((4 * 1024 * 1024) / line.length))}`;
    const bomb = gzipSync(plain, { level: 9 });
    const limit = 1024 * 1024;
    expect(bomb.byteLength).toBeLessThan(limit / 4);
    const { status, json } = await importBody(bomb, limit);
    expect(status).toBe(413);
    expect(String(json.error)).toMatch(
      /^nothing was imported: the upload decompresses to more than the import limit of 1 MiB/,
    );
    expect(store.count()).toBe(0);
    // The same data as sent, plain: the limit reads the same.
    expect((await importBody(plain, limit)).status).toBe(413);
  });
});
