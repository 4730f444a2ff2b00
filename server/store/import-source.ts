/** The request body as the import reads it: its size as sent is limited here, its size decompressed by the reader. */

import { brandError, hasErrorBrand } from '@/lib/cross-bundle';

export class ImportError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, 'ImportError');
  }

  constructor(
    readonly status: 400 | 413,
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    brandError(this, 'ImportError');
  }
}

/** `decompressed`: the limit was passed by what the upload inflates to, not by what was sent. */
export function tooLargeMessage(maxBytes: number, decompressed = false): string {
  const limit = `${Number((maxBytes / 1024 / 1024).toFixed(2))} MiB (DRAINSCOPE_MAX_IMPORT_MB${decompressed ? ', which counts the data decompressed' : ''})`;
  const what = decompressed
    ? 'the upload decompresses to more than the import limit of'
    : 'the upload is larger than the import limit of';
  return `${what} ${limit}; split the recording with drainscope record --duration, or raise the limit`;
}

/**
 * Counts bytes as they arrive (as sent) and stops at the limit without reading further. The reader counts them
 * decompressed too (lib/recording/input.ts); this one stops a stream of empty gzip members that never inflates.
 */
export async function* limitBytes(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new ImportError(413, tooLargeMessage(maxBytes));
    yield chunk;
  }
}
