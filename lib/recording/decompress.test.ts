import { describe, expect, it } from 'vitest';
import { CorruptGzipError, bytesOf, decompressIfGzipped } from './decompress';
import { chunked, collect, gzip, pieces, utf8 } from './test-helpers';

async function text(source: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let result = '';
  for await (const chunk of source) result += decoder.decode(chunk, { stream: true });
  return result + decoder.decode();
}

describe('decompressIfGzipped', () => {
  const content = 'line one\nline two\n'.repeat(100);

  it('passes plain bytes through unchanged', async () => {
    expect(await text(decompressIfGzipped(chunked(utf8(content), 7)))).toBe(content);
  });

  it('decompresses gzip recognised by its magic bytes, even when they arrive one byte at a time', async () => {
    const compressed = await gzip(utf8(content));
    expect(await text(decompressIfGzipped(chunked(compressed, 1)))).toBe(content);
    expect(await text(decompressIfGzipped(chunked(compressed, 4096)))).toBe(content);
  });

  it('passes through input shorter than the magic bytes, and empty input', async () => {
    expect(await text(decompressIfGzipped(pieces(utf8('x'))))).toBe('x');
    expect(await collect(decompressIfGzipped(pieces()))).toEqual([]);
    expect(await collect(decompressIfGzipped(pieces(new Uint8Array(0))))).toEqual([]);
  });

  it('reports gzip data cut in half as truncated', async () => {
    const compressed = await gzip(utf8(content));
    const error = await text(decompressIfGzipped(pieces(compressed.subarray(0, compressed.byteLength >> 1)))).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CorruptGzipError);
    expect((error as CorruptGzipError).truncated).toBe(true);
  });

  it('lets an error of the source itself through as it is, not as corrupt gzip', async () => {
    const compressed = await gzip(utf8(content));
    async function* failing(): AsyncGenerator<Uint8Array, void, undefined> {
      yield compressed.subarray(0, 10);
      throw new Error('EIO: disk on fire');
    }
    await expect(text(decompressIfGzipped(failing()))).rejects.toThrow('EIO: disk on fire');
  });

  it('closes the source when the reader stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array, void, undefined> {
      try {
        for (;;) yield utf8('more\n');
      } finally {
        closed = true;
      }
    }
    for await (const chunk of decompressIfGzipped(source())) {
      expect(chunk.byteLength).toBeGreaterThan(0);
      break;
    }
    expect(closed).toBe(true);
  });
});

describe('bytesOf', () => {
  it('reads a ReadableStream as an async iterable', async () => {
    expect(await text(bytesOf(new Blob(['hello ', 'stream']).stream()))).toBe('hello stream');
  });
});
