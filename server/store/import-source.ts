/** The request body as the import reads it: size-limited, decompressed, its first bytes peeked to tell the format. */
import { CorruptGzipError, decompressIfGzipped } from '@/lib/recording/decompress';

export class ImportError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

export function tooLargeMessage(maxBytes: number): string {
  return `the upload is larger than the import limit of ${Number((maxBytes / 1024 / 1024).toFixed(2))} MiB (DRAINSCOPE_MAX_IMPORT_MB); split the recording with drainscope record --duration, or raise the limit`;
}

/** Counts bytes as they arrive (compressed, as sent) and stops at the limit without reading further. */
export async function* limitBytes(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array, void, undefined> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new ImportError(413, tooLargeMessage(maxBytes));
    yield chunk;
  }
}

export type ImportFormat = 'recording' | 'kubectl';

export interface PeekedSource {
  format: ImportFormat;
  /** The whole input again, the peeked part included; for `recording` still compressed (the reader decompresses). */
  bytes: AsyncIterable<Uint8Array>;
}

const PEEK_BYTES = 4096;

/**
 * A recording's first line is its header (`{"drainscope":…`); kubectl's watch output starts with an event object
 * (`{"type":…` or a pretty-printed `{` on a line of its own). Anything else goes to the recording reader, whose
 * errors say what a recording must look like.
 */
export async function peekFormat(source: AsyncIterable<Uint8Array>): Promise<PeekedSource> {
  const raw: Uint8Array[] = [];
  const iterator = source[Symbol.asyncIterator]();
  const recorded: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => ({ next: async () => { const next = await iterator.next(); if (!next.done) raw.push(next.value); return next; } }) };
  const plain = decompressIfGzipped(recorded)[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  try {
    while (headBytes < PEEK_BYTES) {
      const next = await plain.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(next.value);
      headBytes += next.value.byteLength;
    }
  } catch (error) {
    if (error instanceof CorruptGzipError) throw new ImportError(400, `the gzip data is ${error.truncated ? 'truncated' : 'corrupt'} before the end of line 1`, 1);
    throw error;
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(concat(head)).trimStart();
  const firstLine = text.split('\n', 1)[0]?.trim() ?? '';
  const kubectl = firstLine === '{' || /^\{\s*"(type|object)"\s*:/.test(firstLine);
  if (kubectl) return { format: 'kubectl', bytes: replay(head, ended ? null : plain) };
  return { format: 'recording', bytes: replay(raw.splice(0), ended ? null : iterator) };
}

async function* replay(first: Uint8Array[], rest: AsyncIterator<Uint8Array> | null): AsyncGenerator<Uint8Array, void, undefined> {
  yield* first;
  if (!rest) return;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
