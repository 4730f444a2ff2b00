/**
 * Gzip is recognised by its magic bytes (1f 8b, RFC 1952), never by a file name: an import gets bytes, and a
 * `.ndjson` file may well be compressed. Decompression uses the web-standard DecompressionStream so the same
 * code runs in Node 20 and in the browser.
 */

import { brandError, hasErrorBrand } from '../cross-bundle';

/** The gzip data ended early or is damaged; the reader turns it into a RecordingError naming the last line read. */
export class CorruptGzipError extends Error {
  readonly truncated: boolean;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, 'CorruptGzipError');
  }

  constructor(reason: string) {
    super(reason);
    this.name = 'CorruptGzipError';
    brandError(this, 'CorruptGzipError');
    this.truncated = /unexpected end|truncat/i.test(reason);
  }
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Yields `source` unchanged, or decompressed when it starts with the gzip magic bytes. */
export async function* decompressIfGzipped(
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const state = { exhausted: false };
  try {
    const head = await readAtLeast(iterator, GZIP_MAGIC.length, state);
    if (isGzip(head)) {
      yield* gunzip(head, iterator, state);
      return;
    }
    yield* head;
    while (!state.exhausted) {
      const next = await iterator.next();
      if (next.done) state.exhausted = true;
      else yield next.value;
    }
  } finally {
    // Closes a file handle or network stream when the caller stops reading early.
    if (!state.exhausted) await iterator.return?.();
  }
}

/** Adapts a ReadableStream (e.g. `File.stream()`) for browsers whose streams are not async-iterable yet. */
export async function* bytesOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  try {
    yield* readAll(reader);
  } finally {
    reader.releaseLock();
  }
}

/**
 * Yields what `reader` reads, and cancels the stream when the caller stops early (the underlying source, a file or
 * a request body, is released then). A failed read is thrown as `failure` makes it.
 */
async function* readAll<T>(
  reader: ReadableStreamDefaultReader<T>,
  failure: (error: unknown) => unknown = (error) => error,
): AsyncGenerator<T, void, undefined> {
  let done = false;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<T>;
      try {
        next = await reader.read();
      } catch (error) {
        done = true;
        throw failure(error);
      }
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

interface SourceState {
  exhausted: boolean;
}

/** Chunks may be as small as one byte, so the magic bytes can span several of them. */
async function readAtLeast(
  iterator: AsyncIterator<Uint8Array>,
  bytes: number,
  state: SourceState,
): Promise<Uint8Array[]> {
  const head: Uint8Array[] = [];
  let total = 0;
  while (total < bytes) {
    const next = await iterator.next();
    if (next.done) {
      state.exhausted = true;
      break;
    }
    if (next.value.byteLength === 0) continue;
    head.push(next.value);
    total += next.value.byteLength;
  }
  return head;
}

function isGzip(head: readonly Uint8Array[]): boolean {
  let index = 0;
  for (const chunk of head) {
    for (const byte of chunk) {
      if (byte !== GZIP_MAGIC[index]) return false;
      index += 1;
      if (index === GZIP_MAGIC.length) return true;
    }
  }
  return false;
}

async function* gunzip(
  head: Uint8Array[],
  iterator: AsyncIterator<Uint8Array>,
  state: SourceState,
): AsyncGenerator<Uint8Array, void, undefined> {
  // A failing source (an I/O error) must surface as itself, not as "corrupt gzip", so it is remembered here.
  let sourceFailure: { error: unknown } | null = null;
  const queued = [...head];
  const compressed = new ReadableStream<Uint8Array<ArrayBuffer>>({
    async pull(controller) {
      const first = queued.shift();
      if (first !== undefined) {
        controller.enqueue(ownBuffer(first));
        return;
      }
      try {
        const next = await iterator.next();
        if (next.done) {
          state.exhausted = true;
          controller.close();
        } else {
          controller.enqueue(ownBuffer(next.value));
        }
      } catch (error) {
        state.exhausted = true;
        sourceFailure = { error };
        controller.error(error);
      }
    },
  });
  const reader = compressed.pipeThrough(new DecompressionStream('gzip')).getReader();
  yield* readAll(reader, (error) => {
    if (sourceFailure !== null) return (sourceFailure as { error: unknown }).error;
    return new CorruptGzipError(error instanceof Error ? error.message : String(error));
  });
}

/** DecompressionStream takes only ArrayBuffer-backed views; a chunk over a SharedArrayBuffer is copied. */
function ownBuffer(chunk: Uint8Array): Uint8Array<ArrayBuffer> {
  return chunk.buffer instanceof ArrayBuffer ? (chunk as Uint8Array<ArrayBuffer>) : new Uint8Array(chunk);
}
