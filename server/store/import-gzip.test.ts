/**
 * Every valid gzip recording imports, however the upload is cut into chunks: property-style, on random
 * recordings, gzip split at sampled chunk sizes from 1 byte to 1 MiB, at random boundaries, and as concatenated
 * gzip members. What the import stores must be byte-for-byte the lines the CLI reads from the same file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInput } from '@/lib/recording/input';
import { formatHeaderLine, formatObservationLine, formatWatchStateLine } from '@/lib/recording/writer';
import { RecordingStore } from './store';
import { sqlOf } from './testing/sql';

/** mulberry32: a failing case fails the same way on every run; the seed is in the test's name. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'web',
  'checkout',
  'api',
  'ß',
  'Ünïcødé',
  '日本',
  '🚀',
  'x'.repeat(40),
  '"quoted"',
  'back\\slash',
  'tab\there',
];

/** A valid recording: a header, pods coming and going, watch-state lines, multi-byte text, times slightly out of order. */
function randomRecording(seed: number, lines: number): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const t0 = Date.UTC(2026, 10, 24, 4, 25, 0, 0);
  const out = [
    formatHeaderLine({ startedAt: new Date(t0).toISOString(), cluster: pick([null, 'prod-eu-1']), scope: null }),
  ];
  let at = t0;
  for (let index = 0; index < lines; index++) {
    at += Math.floor(next() * 300);
    // Within the reader's reorder window (2 s): both readers put these back in order the same way.
    const jitter = next() < 0.1 ? -Math.floor(next() * 1500) : 0;
    if (next() < 0.05) {
      out.push(
        formatWatchStateLine(
          at + jitter,
          pick(['pods', 'events', 'endpointslices'] as const),
          pick(['connected', 'disconnected', 'relisted'] as const),
          pick(['EOF', 'timeout']),
        ),
      );
      continue;
    }
    const uid = `uid-${Math.floor(next() * 40)}`;
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        uid,
        name: `${pick(WORDS)}-${uid}`,
        namespace: 'shop',
        labels: { note: Array.from({ length: 1 + Math.floor(next() * 8) }, () => pick(WORDS)).join(' ') },
      },
      spec: { nodeName: 'node-1', terminationGracePeriodSeconds: 30, containers: [{ name: 'app' }] },
      status: { phase: pick(['Pending', 'Running', 'Succeeded']) },
    };
    out.push(formatObservationLine(at + jitter, pick(['ADDED', 'MODIFIED', 'DELETED'] as const), pod));
  }
  // Sometimes a final newline, sometimes none, sometimes blank lines at the end.
  return out.join('\n') + pick(['\n', '', '\n\n']);
}

async function* split(bytes: Uint8Array, sizes: () => number): AsyncGenerator<Uint8Array, void, undefined> {
  for (let offset = 0; offset < bytes.byteLength; ) {
    const size = Math.max(1, sizes());
    // A copy, like a network body: the import must not rely on views of one buffer.
    yield bytes.slice(offset, offset + size);
    offset += size;
    // Let the other side run between chunks, as a socket does: the lost-chunk race needs it.
    if (offset % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

function membersOf(plain: Buffer, cuts: number, next: () => number): Buffer {
  const points = Array.from({ length: cuts }, () => Math.floor(next() * plain.byteLength)).sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const point of [...points, plain.byteLength]) {
    parts.push(gzipSync(plain.subarray(from, point)));
    from = point;
  }
  return Buffer.concat(parts);
}

let dir: string;
let store: RecordingStore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drainscope-gzip-'));
  store = new RecordingStore({ file: ':memory:' });
});
afterAll(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

/** The lines `drainscope analyze` reads from the file, as it reads them (a file stream, the shared input reader). */
async function cliLines(file: string): Promise<string[]> {
  const opened = await openInput(createReadStream(file));
  const lines: string[] = [];
  for await (const { raw } of opened.entries) lines.push(raw);
  return lines;
}

async function importedLines(body: AsyncIterable<Uint8Array>): Promise<string[]> {
  const { source } = await store.importRecording(body, { name: 'property' });
  return (
    sqlOf(store).prepare('SELECT line FROM lines WHERE source = ? ORDER BY id').all(source) as { line: string }[]
  ).map((row) => row.line);
}

const CHUNK_SIZES = [1, 2, 3, 7, 10, 64, 511, 4096, 4097, 16 * 1024, 64 * 1024, 64 * 1024 + 1, 256 * 1024, 1024 * 1024];

describe('POST /api/import of gzip (property)', () => {
  for (const seed of [1, 2, 3]) {
    it(`imports random recording #${seed} split at every sampled chunk size, at random boundaries and as concatenated members, with the CLI's lines`, async () => {
      const plain = Buffer.from(randomRecording(seed, seed === 1 ? 1500 : 300), 'utf8');
      const next = random(seed * 7919);
      const bodies: [string, Buffer][] = [
        ['one member', gzipSync(plain, { level: 1 + Math.floor(next() * 9) })],
        ['two members', membersOf(plain, 1, next)],
        ['several members', membersOf(plain, 2 + Math.floor(next() * 5), next)],
      ];
      for (const [what, gz] of bodies) {
        const file = join(dir, `recording-${seed}-${what.replace(/ /g, '-')}.ndjson.gz`);
        await writeFile(file, gz);
        const expected = await cliLines(file);
        expect(expected.length).toBeGreaterThan(0);
        // 1-byte chunks of a big body take seconds: the smallest sizes run on the smaller recordings.
        const sizes = seed === 1 ? CHUNK_SIZES.filter((size) => size >= 64) : CHUNK_SIZES;
        for (const size of sizes) {
          expect({ what, size, lines: await importedLines(split(gz, () => size)) }).toEqual({
            what,
            size,
            lines: expected,
          });
        }
        for (let run = 0; run < 4; run++) {
          const max = [16, 1024, 64 * 1024, 1024 * 1024][run] as number;
          expect({ what, run, lines: await importedLines(split(gz, () => 1 + Math.floor(next() * max))) }).toEqual({
            what,
            run,
            lines: expected,
          });
        }
      }
    }, 180_000);
  }
});
