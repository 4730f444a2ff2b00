import { describe, expect, it } from 'vitest';
import { readRecording, readWholeRecording } from './reader';
import {
  chunked,
  collect,
  gzip,
  HEADER,
  lines,
  pieces,
  pod,
  podLine,
  pseudoRandomBytes,
  T0,
  utf8,
  watchLine,
} from './test-helpers';
import { formatObservationLine } from './writer';

const SAMPLE = lines(HEADER, podLine(0, 'a'), podLine(100, 'b'), watchLine(200), podLine(300, 'a', 'MODIFIED'));

describe('readWholeRecording', () => {
  it('reads back exactly what the writer wrote: header, entries, line numbers and raw lines', async () => {
    const written = [
      podLine(0, 'a'),
      watchLine(50, 'connected'),
      podLine(100, 'b', 'MODIFIED'),
      podLine(200, 'a', 'DELETED'),
    ];
    const { header, entries, stats } = await readWholeRecording(chunked(utf8(lines(HEADER, ...written))));
    expect(header).toEqual({
      drainscope: 'recording',
      version: 1,
      startedAt: '2026-11-24T04:25:00.000Z',
      cluster: 'prod-eu-1',
      scope: { namespaces: ['shop'], labelSelector: null },
    });
    expect(entries.map((item) => item.raw)).toEqual(written);
    expect(entries.map((item) => item.line)).toEqual([2, 3, 4, 5]);
    expect(entries[0]?.entry).toEqual({ at: T0, type: 'ADDED', object: pod('a') });
    expect(entries[1]?.entry).toEqual({
      at: T0 + 50,
      type: 'WATCH',
      resource: 'pods',
      state: 'connected',
      reason: 'EOF',
    });
    expect(entries[3]?.entry).toMatchObject({ at: T0 + 200, type: 'DELETED' });
    expect(stats).toEqual({
      lines: 5,
      observations: 3,
      watchStates: 1,
      skippedKinds: {},
      skippedMalformed: 0,
      malformedSamples: [],
      lateEntries: 0,
    });
  });

  it('reads gzip input the same as plain input', async () => {
    const plain = await readWholeRecording(chunked(utf8(SAMPLE)));
    const compressed = await readWholeRecording(chunked(await gzip(utf8(SAMPLE))));
    expect(compressed).toEqual(plain);
  });

  it('detects gzip by content whatever the file was called: the reader only ever sees bytes', async () => {
    // A file named web.ndjson holding gzip data reaches the reader as the same bytes as web.ndjson.gz would.
    const bytesOfFileNamedNdjson = await gzip(utf8(SAMPLE));
    const { entries } = await readWholeRecording(pieces(bytesOfFileNamedNdjson));
    expect(entries).toHaveLength(4);
  });

  it('gives the same result for 1-byte chunks, plain and gzip', async () => {
    const expected = await readWholeRecording(pieces(utf8(SAMPLE)));
    expect(await readWholeRecording(chunked(utf8(SAMPLE), 1))).toEqual(expected);
    expect(await readWholeRecording(chunked(await gzip(utf8(SAMPLE)), 1))).toEqual(expected);
  });

  it('reads Node Buffer chunks, as fs.createReadStream yields them, plain and gzip', async () => {
    // Buffer is a Node global: fine in a test, never in lib/ code, which must run in the browser too.
    async function* buffers(bytes: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
      for await (const chunk of chunked(bytes, 100)) yield Buffer.from(chunk);
    }
    const expected = await readWholeRecording(pieces(utf8(SAMPLE)));
    expect(await readWholeRecording(buffers(utf8(SAMPLE)))).toEqual(expected);
    expect(await readWholeRecording(buffers(await gzip(utf8(SAMPLE))))).toEqual(expected);
  });

  it('decodes a multi-byte character split across chunks', async () => {
    const object = { ...pod('a'), metadata: { uid: 'a', name: 'café-🙂-漢' } };
    const bytes = utf8(lines(HEADER, formatObservationLine(T0, 'ADDED', object)));
    const split = bytes.indexOf(0xf0) + 2;
    const { entries } = await readWholeRecording(pieces(bytes.subarray(0, split), bytes.subarray(split)));
    expect(entries[0]?.entry).toMatchObject({ object: { metadata: { name: 'café-🙂-漢' } } });
  });

  it('reads CRLF line endings and keeps raw lines without the CR', async () => {
    const { entries } = await readWholeRecording(pieces(utf8(SAMPLE.replaceAll('\n', '\r\n'))));
    expect(entries).toHaveLength(4);
    expect(entries[0]?.raw).toBe(podLine(0, 'a'));
  });

  it('ignores blank lines, before the header too, while numbering lines as in the file', async () => {
    const { header, entries, stats } = await readWholeRecording(
      pieces(utf8(`\n  \n${HEADER}\n\n${podLine(0, 'a')}\n\n`)),
    );
    expect(header.cluster).toBe('prod-eu-1');
    expect(entries.map((item) => item.line)).toEqual([5]);
    expect(stats.lines).toBe(6);
  });

  it('reads a last line that has no newline', async () => {
    const { entries } = await readWholeRecording(pieces(utf8(`${HEADER}\n${podLine(0, 'a')}`)));
    expect(entries).toHaveLength(1);
  });

  it('skips an object of a kind it does not analyse and counts it by apiVersion and kind', async () => {
    const replicaSet = formatObservationLine(T0, 'ADDED', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-6d4b8c9f7' },
    });
    const { entries, stats } = await readWholeRecording(
      pieces(utf8(lines(HEADER, replicaSet, podLine(0, 'a'), replicaSet))),
    );
    expect(entries).toHaveLength(1);
    expect(stats.skippedKinds).toEqual({ 'apps/v1 ReplicaSet': 2 });
  });

  it('orders lines a few ms out of order by time, then by file position', async () => {
    const { entries, stats } = await readWholeRecording(
      pieces(utf8(lines(HEADER, podLine(30, 'a'), podLine(10, 'b'), podLine(10, 'c'), podLine(20, 'd')))),
    );
    expect(entries.map((item) => item.line)).toEqual([3, 4, 5, 2]);
    expect(stats.lateEntries).toBe(0);
  });

  it('orders lines shuffled by up to most of the default window, of every kind and shape, across chunk boundaries', async () => {
    const noise = pseudoRandomBytes(3000, 11);
    const written: { at: number; text: string }[] = [];
    for (let index = 0; index < 1000; index++) {
      // Receipt times step 10 ms and are shuffled by up to ±0.9 s: no line is 2 s or more behind one before it, so
      // none is late, yet lines come up to 1.8 s out of order, far more than "a few ms".
      const at = index * 10 + Math.round((((noise[index] as number) - 128) / 128) * 900);
      const shape = (noise[1000 + index] as number) % 3;
      // Shape 2 puts `at` after `type`: such a line cannot be ordered before it is parsed, and must be all the same.
      const text =
        shape === 0
          ? podLine(at, `p${index}`)
          : shape === 1
            ? watchLine(at, 'connected')
            : JSON.stringify({ type: 'MODIFIED', at: new Date(T0 + at).toISOString(), object: pod(`q${index}`) });
      written.push({ at: T0 + at, text });
    }
    const bytes = utf8(lines(HEADER, ...written.map((line) => line.text)));
    const { entries, stats } = await readWholeRecording(chunked(bytes, 997));
    const expected = written
      .map((line, index) => ({ at: line.at, line: index + 2 }))
      .sort((a, b) => a.at - b.at || a.line - b.line);
    expect(entries.map((item) => ({ at: item.entry.at, line: item.line }))).toEqual(expected);
    expect(entries.map((item) => item.raw)).toEqual(expected.map((item) => written[item.line - 2]?.text));
    expect(stats.lateEntries).toBe(0);
    expect(stats.observations + stats.watchStates).toBe(1000);
  });

  it('keeps file order among lines of the same time, whatever their kind', async () => {
    const { entries } = await readWholeRecording(
      pieces(utf8(lines(HEADER, podLine(5, 'a'), watchLine(0), podLine(0, 'b'), watchLine(5), podLine(0, 'c')))),
    );
    expect(entries.map((item) => item.line)).toEqual([3, 4, 6, 2, 5]);
  });

  it('with the default window, sorts a line 1.9 s out of order but passes on and counts one further back than what was released', async () => {
    const written = [
      podLine(0, 'a'),
      podLine(1000, 'b'),
      podLine(2500, 'c'),
      podLine(3000, 'd'),
      podLine(400, 'late'),
      podLine(1100, 'e'),
      podLine(3100, 'f'),
    ];
    // One line per chunk, so each line reaches the window in a read of its own.
    const { entries, stats } = await readWholeRecording(
      pieces(...[HEADER, ...written].map((line) => utf8(lines(line)))),
    );
    // 400 arrives after 1000 was released (3000 − 2000): too late to sort in, so it comes out at once, counted.
    // 1100 is 1.9 s behind the newest line but after everything released: sorted in.
    expect(entries.map((item) => item.entry.at - T0)).toEqual([0, 1000, 400, 1100, 2500, 3000, 3100]);
    expect(stats.lateEntries).toBe(1);
  });

  it('passes on and counts an entry further out of order than the window', async () => {
    const { entries, stats } = await readWholeRecording(
      pieces(utf8(lines(HEADER, podLine(0, 'a'), podLine(2000, 'b'), podLine(5000, 'c'), podLine(100, 'd')))),
      { reorderWindowMs: 1000 },
    );
    expect(entries.map((item) => item.line)).toEqual([2, 3, 5, 4]);
    expect(stats.lateEntries).toBe(1);
  });
});

describe('readRecording', () => {
  it('resolves with the header before any entry is read', async () => {
    const opened = await readRecording(pieces(utf8(SAMPLE)));
    expect(opened.header.version).toBe(1);
    expect(opened.stats.observations).toBe(0);
    expect(await collect(opened.entries)).toHaveLength(4);
    expect(opened.stats.observations).toBe(3);
  });

  it('streams a large recording: the first entry arrives long before the source is exhausted', async () => {
    const total = 200_000;
    let produced = 0;
    async function* generate(): AsyncGenerator<Uint8Array, void, undefined> {
      yield utf8(`${HEADER}\n`);
      const encoder = new TextEncoder();
      for (let start = 0; start < total; start += 500) {
        let block = '';
        for (let index = start; index < start + 500; index++) {
          const at = new Date(T0 + index).toISOString();
          block += `{"at":"${at}","type":"ADDED","object":{"apiVersion":"v1","kind":"Pod","metadata":{"uid":"u${index}","name":"p${index}"}}}\n`;
        }
        produced = start + 500;
        yield encoder.encode(block);
      }
    }
    const opened = await readRecording(generate());
    let count = 0;
    let inFileOrder = true;
    let producedAtFirstEntry = -1;
    for await (const item of opened.entries) {
      if (count === 0) producedAtFirstEntry = produced;
      count += 1;
      inFileOrder &&= item.line === count + 1;
    }
    expect(inFileOrder).toBe(true);
    expect(producedAtFirstEntry).toBeGreaterThan(0);
    expect(producedAtFirstEntry).toBeLessThan(10_000);
    expect(count).toBe(total);
    expect(opened.stats.observations).toBe(total);
  });

  it('closes the source when the caller stops reading early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array, void, undefined> {
      try {
        yield utf8(`${HEADER}\n`);
        for (let index = 0; ; index++) yield utf8(`${podLine(index * 1000, 'a')}\n`);
      } finally {
        closed = true;
      }
    }
    const opened = await readRecording(source());
    for await (const item of opened.entries) {
      expect(item.line).toBe(2);
      break;
    }
    expect(closed).toBe(true);
  });

  it('closes the source when a malformed line stops the reading', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array, void, undefined> {
      try {
        yield utf8(`${HEADER}\n${podLine(0, 'a')}\n{"at":"2026-11-24T04:25:01.000Z",oops\n`);
        for (let index = 2; ; index++) yield utf8(`${podLine(index * 1000, 'a')}\n`);
      } finally {
        closed = true;
      }
    }
    const opened = await readRecording(source());
    await expect(collect(opened.entries)).rejects.toThrow(/^line 3: not valid JSON/);
    expect(closed).toBe(true);
  });
});
