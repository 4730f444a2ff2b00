import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importResponse, historyTimelinesResponse, episodesResponse } from './routes';
import { RecordingStore } from './store';
import { runtimeWithStore } from './testing/runtime-stub';
import { sqlOf } from './testing/sql';

const FIXTURE = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/scenarios/01-no-prestop.ndjson'));
const fixtureLines = FIXTURE.toString('utf8').split('\n').filter(Boolean);
const [HEADER = '', FIRST = '', SECOND = ''] = fixtureLines;

let store: RecordingStore;
beforeEach(() => {
  store = new RecordingStore({ file: ':memory:' });
});
afterEach(() => store.close());

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request('http://drainscope.test/api/import?name=test.ndjson', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);
}

/** A body sent in chunks without a Content-Length, like a browser streaming an upload. */
function streamed(bytes: Uint8Array, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

function rowCounts(): { lines: number; sources: number } {
  const sources = (sqlOf(store).prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n;
  return { lines: store.count(), sources };
}

async function importBody(
  body: BodyInit,
  options: { maxBytes?: number; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await importResponse(
    post(body, options.headers),
    runtimeWithStore(store),
    options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes },
  );
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('POST /api/import', () => {
  it('imports a gzip recording as its own episode that opens like one', async () => {
    const { status, json } = await importBody(gzipSync(FIXTURE));
    expect(status).toBe(201);
    expect(json).toMatchObject({
      format: 'recording',
      lines: fixtureLines.length - 1,
      episode: expect.stringMatching(/^import~\d+$/),
      precisionLost: null,
    });
    const episodes = (await (
      await episodesResponse(new Request('http://drainscope.test/api/episodes'), runtimeWithStore(store))
    ).json()) as { episodes: { id: string; kind: string; podCount: number }[] };
    expect(episodes.episodes).toEqual([expect.objectContaining({ id: json.episode, kind: 'imported', podCount: 1 })]);
    const opened = await historyTimelinesResponse(
      new Request(`http://drainscope.test/api/history/timelines?episode=${String(json.episode)}`),
      runtimeWithStore(store),
    );
    const expected = JSON.parse(
      fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/scenarios/01-no-prestop.analysis.json'), 'utf8'),
    ) as unknown;
    expect(((await opened.json()) as { analysis: unknown }).analysis).toEqual(expected);
  });

  it('imports kubectl --output-watch-events -o json output, pretty-printed across lines, and says what precision is lost', async () => {
    const objects = fixtureLines.slice(1).map((line) => JSON.parse(line) as { type: string; object: unknown });
    const kubectl = objects.map(({ type, object }) => JSON.stringify({ type, object }, null, 4)).join('\n');
    const { status, json } = await importBody(kubectl);
    expect(status).toBe(201);
    expect(json).toMatchObject({ format: 'kubectl', lines: objects.length });
    expect(String(json.notes)).toContain('whole seconds');
    expect(String(json.precisionLost)).toContain('whole seconds');
  });

  const bad: [string, () => BodyInit, RegExp, number | null][] = [
    [
      'malformed JSON on line 3',
      () => [HEADER, FIRST, '{"at": "2026-11-24T04:25:01.000Z", "type": ', SECOND].join('\n'),
      /line 3: not valid JSON/,
      3,
    ],
    ['a file without its header line', () => [FIRST, SECOND].join('\n'), /line 1: .*header/, 1],
    ['an unknown version', () => [HEADER.replace('"version":1', '"version":7'), FIRST].join('\n'), /version/, 1],
    [
      'a 5 MiB line',
      () =>
        [
          HEADER,
          FIRST,
          `{"at":"2026-11-24T04:25:01.000Z","type":"ADDED","object":"${'x'.repeat(5 * 1024 * 1024)}"}`,
        ].join('\n'),
      /line 3: .*(MiB|long|limit)/,
      3,
    ],
    ['binary garbage', () => Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 256), /./, null],
    ['truncated gzip', () => new Uint8Array(gzipSync(FIXTURE).subarray(0, 3000)), /gzip data is truncated/, null],
    ['an empty body', () => '', /empty/, null],
  ];

  for (const [what, body, message, line] of bad) {
    it(`refuses ${what}, names the line, and leaves the store untouched`, async () => {
      await importBody(gzipSync(FIXTURE));
      const before = rowCounts();
      const { status, json } = await importBody(body());
      expect(status).toBe(400);
      expect(String(json.error)).toMatch(/^nothing was imported: /);
      expect(String(json.error)).toMatch(message);
      if (line !== null) expect(json.line).toBe(line);
      expect(rowCounts()).toEqual(before);
    });
  }

  it('refuses an upload over the size limit with 413, streamed without a length and with one, and stores nothing', async () => {
    const before = rowCounts();
    const big = new Uint8Array(300 * 1024).fill(0x7b);
    const streamedUpload = await importBody(streamed(big), { maxBytes: 256 * 1024 });
    expect(streamedUpload.status).toBe(413);
    expect(String(streamedUpload.json.error)).toContain('larger than the import limit of 0.25 MiB');
    const declared = await importBody(big, {
      maxBytes: 256 * 1024,
      headers: { 'content-length': String(big.byteLength) },
    });
    expect(declared.status).toBe(413);
    expect(rowCounts()).toEqual(before);
  });
});
