import { describe, expect, it } from 'vitest';
import { MAX_MALFORMED_SAMPLES, readRecording, readWholeRecording, RecordingError } from './reader';
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
} from './test-helpers';
import { formatObservationLine } from './writer';

/** readWholeRecording is whole or nothing: every bad input must reject, never resolve with part of the file. */
async function failure(
  bytes: Uint8Array | Promise<Uint8Array>,
  options?: { lenient?: boolean },
): Promise<RecordingError> {
  const outcome = await readWholeRecording(chunked(await bytes, 1000), options).then(
    (partial) => ({ partial }),
    (error: unknown) => ({ error }),
  );
  if ('partial' in outcome) throw new Error(`expected a rejection, got ${outcome.partial.entries.length} entries`);
  expect(outcome.error).toBeInstanceOf(RecordingError);
  return outcome.error as RecordingError;
}

const good = (offsetMs: number) => podLine(offsetMs, `u${offsetMs}`);
const withoutUid = formatObservationLine(T0, 'ADDED', { ...pod('a'), metadata: { name: 'web' } });

describe('readWholeRecording refuses bad input with a message naming the line', () => {
  it('a line that is not JSON', async () => {
    const error = await failure(utf8(lines(HEADER, good(0), '{"at": "2026-11-24T04:25:01.234Z", oops', good(2))));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^line 3: not valid JSON \(.+\)$/);
  });

  it('a file without a header', async () => {
    const error = await failure(utf8(lines(good(0), good(1))));
    expect(error.message).toBe(
      'line 1: not a drainscope recording: the first line must be the header {"drainscope":"recording","version":1,...}',
    );
  });

  it('an unknown version, naming the version found and the one supported', async () => {
    const error = await failure(
      utf8(
        lines(
          '{"drainscope":"recording","version":2,"startedAt":"2026-11-24T04:25:00.000Z","cluster":null,"scope":null}',
          good(0),
        ),
      ),
    );
    expect(error.message).toBe(
      'line 1: unsupported recording version: found version 2; this reader supports version 1',
    );
  });

  it('a 5 MiB line', async () => {
    const huge = formatObservationLine(T0, 'ADDED', { ...pod('a'), padding: 'x'.repeat(5 * 1024 * 1024) });
    const error = await failure(utf8(lines(HEADER, huge, good(1))));
    expect(error.message).toBe('line 2: the line is longer than 4 MiB, the most a recording line may hold');
  });

  it('binary garbage (random bytes with NUL bytes) as the whole file', async () => {
    const garbage = pseudoRandomBytes(64 * 1024);
    garbage[0] = 0x00;
    const error = await failure(garbage);
    expect(error.message).toMatch(/^line \d+: binary data \/ not UTF-8 text/);
  });

  it('binary garbage after a valid start', async () => {
    const text = utf8(lines(HEADER, good(0)));
    const error = await failure(new Uint8Array([...text, ...pseudoRandomBytes(4096, 7)]));
    expect(error.message).toMatch(/^line 3: binary data \/ not UTF-8 text/);
  });

  it('gzip data cut in half', async () => {
    const compressed = await gzip(utf8(lines(HEADER, ...Array.from({ length: 2000 }, (_, index) => good(index)))));
    const error = await failure(compressed.subarray(0, compressed.byteLength >> 1));
    // The message names the last whole line; `line` carries the same number (it was null).
    const named = /^the gzip data is truncated after line (\d+): the file was cut short/.exec(error.message);
    expect(named).not.toBeNull();
    expect(error.line).toBe(Number(named?.[1]));
  });

  it('gzip data cut before the first line ends', async () => {
    const compressed = await gzip(utf8(lines(HEADER, good(0))));
    const error = await failure(compressed.subarray(0, 12));
    expect(error.message).toMatch(/^the gzip data is truncated before the end of line 1/);
    expect(error.line).toBe(1);
  });

  it('an observation missing metadata.uid', async () => {
    expect((await failure(utf8(lines(HEADER, good(0), withoutUid)))).message).toBe(
      'line 3: object.metadata.uid is required',
    );
  });

  it('an `at` that is not an ISO-8601 time', async () => {
    const badAt = JSON.stringify({ at: '24/11/2026 04:25', type: 'ADDED', object: pod('a') });
    expect((await failure(utf8(lines(HEADER, badAt)))).message).toBe(
      'line 2: at must be an ISO-8601 time like 2026-11-24T04:25:01.234Z (found "24/11/2026 04:25")',
    );
  });

  it('an empty file, and one with only blank lines', async () => {
    expect((await failure(new Uint8Array(0))).message).toBe(
      'the file is empty: a drainscope recording starts with the header line {"drainscope":"recording","version":1,...}',
    );
    expect((await failure(utf8('\n \n\r\n'))).message).toMatch(/^the file has only blank lines: /);
    expect((await failure(gzip(new Uint8Array(0)))).message).toMatch(/^the file is empty/);
  });

  it('a second header line', async () => {
    expect((await failure(utf8(lines(HEADER, good(0), HEADER)))).message).toBe(
      'line 3: a second header line: a recording has one header, on its first line',
    );
  });
});

describe('an object of an unknown kind', () => {
  it('is skipped and counted, not an error', async () => {
    const replicaSet = formatObservationLine(T0, 'ADDED', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-6d4b8c9f7' },
    });
    const { entries, stats } = await readWholeRecording(pieces(utf8(lines(HEADER, replicaSet, good(0)))));
    expect(entries).toHaveLength(1);
    expect(stats.skippedKinds).toEqual({ 'apps/v1 ReplicaSet': 1 });
  });
});

describe('lenient mode', () => {
  it('skips malformed lines and counts them, with samples giving the line and the problem separately', async () => {
    const { entries, stats } = await readWholeRecording(
      pieces(utf8(lines(HEADER, good(0), 'not json', withoutUid, good(1)))),
      { lenient: true },
    );
    expect(entries.map((item) => item.line)).toEqual([2, 5]);
    expect(stats.skippedMalformed).toBe(2);
    expect(stats.malformedSamples).toEqual([
      { line: 3, message: expect.stringMatching(/^not valid JSON/) },
      { line: 4, message: 'object.metadata.uid is required' },
    ]);
  });

  it('samples skipped lines in file order even when the reorder window releases them in another', async () => {
    const laterWithoutUid = formatObservationLine(T0 + 500, 'ADDED', { ...pod('b'), metadata: { name: 'web-b' } });
    const { entries, stats } = await readWholeRecording(
      pieces(utf8(lines(HEADER, laterWithoutUid, withoutUid, good(1000)))),
      { lenient: true },
    );
    expect(entries.map((item) => item.line)).toEqual([4]);
    expect(stats.malformedSamples.map((sample) => sample.line)).toEqual([2, 3]);
  });

  it(`keeps at most ${MAX_MALFORMED_SAMPLES} samples but counts every skipped line`, async () => {
    const { stats } = await readWholeRecording(pieces(utf8(lines(HEADER, ...Array.from({ length: 25 }, () => '{')))), {
      lenient: true,
    });
    expect(stats.skippedMalformed).toBe(25);
    expect(stats.malformedSamples).toHaveLength(MAX_MALFORMED_SAMPLES);
  });

  it('still refuses a bad header, binary data, an oversized line and truncated gzip', async () => {
    const lenient = { lenient: true };
    expect((await failure(utf8(lines(good(0))), lenient)).line).toBe(1);
    expect((await failure(new Uint8Array([...utf8(lines(HEADER)), 0xff, 0x00, 0x0a]), lenient)).line).toBe(2);
    // A line whose time can be read is held as bytes and decoded when released: still fatal, still named.
    const undecodable = new Uint8Array([
      ...utf8(lines(HEADER, good(0))),
      ...utf8(good(1).slice(0, -2)),
      0xff,
      ...utf8('}}\n'),
      ...utf8(lines(good(2))),
    ]);
    const error = await failure(undecodable, lenient);
    expect(error.message).toMatch(/^line 3: binary data \/ not UTF-8 text \(it is not valid UTF-8\)/);
    expect((await failure(utf8(lines(HEADER, 'x'.repeat(4 * 1024 * 1024 + 1))), lenient)).line).toBe(2);
    const compressed = await gzip(utf8(lines(HEADER, ...Array.from({ length: 500 }, (_, index) => good(index)))));
    expect((await failure(compressed.subarray(0, compressed.byteLength - 100), lenient)).message).toMatch(
      /^the gzip data is truncated/,
    );
  });
});

describe('readRecording', () => {
  it('rejects at once when the header is bad, before any entry is asked for', async () => {
    await expect(readRecording(pieces(utf8(lines('{"drainscope":"recording","version":3}'))))).rejects.toThrow(
      'line 1: unsupported recording version: found version 3; this reader supports version 1',
    );
  });

  it('in strict mode stops at the first malformed line while streaming', async () => {
    const opened = await readRecording(pieces(utf8(lines(HEADER, good(0), '{', good(1)))));
    await expect(collect(opened.entries)).rejects.toThrow(/^line 3: not valid JSON/);
  });
});
