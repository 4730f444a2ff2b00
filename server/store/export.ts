/**
 * Downloads: the recording of a range (header + lines exactly as stored, gzip), and the analysis of a range as
 * JSON (docs/analysis-json.md) or CSV (lib/report/analysis-csv.ts).
 */
export { analysisCsv } from '@/lib/report/analysis-csv';
import { formatHeaderLine } from '@/lib/recording/writer';
import { analysisJsonChunks } from '@/lib/timeline/analysis-json';
import { toIso } from '@/lib/time';
import type { Analysis } from '@/lib/timeline/types';
import type { StoredLine, StoredRange } from './lines';
import { isLiveSource } from './schema';

/** What a download reads the recording from: the store (./store.ts), a page at a time. */
export interface PagedLines {
  prologue(from: number, to: number, source: number): StoredLine[];
  page(range: StoredRange, after: { at: number; id: number } | null, limit: number): StoredLine[];
}

const LINES_PER_CHUNK = 1000;

/** The header an exported range starts with: the import's own header (`imported`) for an imported recording. */
export function exportHeader(
  range: StoredRange,
  imported: string | null,
  liveHeader: { cluster: string | null },
): string {
  if (!isLiveSource(range.source) && imported !== null) return imported;
  return formatHeaderLine({ startedAt: toIso(range.from), cluster: liveHeader.cluster, scope: null });
}

/** The recording as a gzip byte stream, read from the store a chunk at a time as the client takes it. */
export function recordingStream(store: PagedLines, range: StoredRange, header: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let first = true;
  let after: { at: number; id: number } | null = null;
  const text = new ReadableStream<BufferSource>({
    pull(controller) {
      // The first chunk: the header and the prologue (each object's state at the range's start, see store.ts).
      const rows = first ? store.prologue(range.from, range.to, range.source) : [];
      const page = store.page(range, after, LINES_PER_CHUNK);
      const chunk = (first ? `${header}\n` : '') + [...rows, ...page].map((row) => `${row.line}\n`).join('');
      first = false;
      const last = page[page.length - 1];
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (!last) controller.close();
      else after = { at: last.at, id: last.id };
    },
  });
  return text.pipeThrough(new CompressionStream('gzip'));
}

/**
 * The analysis JSON exactly as `drainscope analyze --json` prints it, made a chunk at a time as the client takes
 * it (analysisJsonChunks): the whole text of a big analysis is never held at once.
 */
export function analysisJsonStream(analysis: Analysis): ReadableStream<Uint8Array> {
  return textStream(analysisJsonChunks(analysis));
}

/** Text made in pieces, as a response body: the next piece is made only when the client has taken the last. */
export function textStream(chunks: Generator<string, void, undefined>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      chunks.return();
    },
  });
}

export function exportFileName(range: StoredRange, extension: string): string {
  const stamp = (ms: number): string => toIso(ms).replace(/[:.]/g, '-');
  const what = isLiveSource(range.source) ? 'drainscope' : `drainscope-import-${range.source}`;
  return `${what}-${stamp(range.from)}--${stamp(range.to)}.${extension}`;
}
