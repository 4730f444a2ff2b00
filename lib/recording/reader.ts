/**
 * Reads a recording (docs/recording-format.md) from bytes, as a stream: a Node file stream and a browser
 * `File.stream()` are both AsyncIterable<Uint8Array>. Isomorphic on purpose (no Node imports): the CLI, the
 * import endpoint and the browser share it.
 *
 * Pipeline, batched per chunk so the per-line cost stays one JSON.parse and one zod parse:
 *   bytes → decompressIfGzipped → LineSplitter (UTF-8, line limit) → LineWindow (reorder) → parseLine → entries
 */
import { CorruptGzipError, decompressIfGzipped } from './decompress';
import { FlatIterator } from './entry-iterator';
import { decodeLine, LineSplitter } from './line-splitter';
import { LineWindow } from './line-window';
import { HEADER_EXAMPLE, parseHeaderLine } from './parse-header';
import { parseLine, peekLineTimeBytes, type ParsedLine } from './parse-line';
import type { OpenedRecording, ReadOptions, RecordedEntry, RecordingStats, WholeRecording } from './reader-types';
import { DEFAULT_REORDER_WINDOW_MS } from './reorder';
import { RecordingError } from './recording-error';
import type { RecordingHeader } from './types';

export type { OpenedRecording, ReadOptions, RecordedEntry, RecordingStats, WholeRecording } from './reader-types';
export { RecordingError } from './recording-error';
export { bytesOf } from './decompress';

export const MAX_MALFORMED_SAMPLES = 10;

/**
 * Reads up to and including the header; rejects with a RecordingError when the file is empty, is not a
 * recording, or has a version this reader does not know. The rest is read as `entries` is iterated.
 */
export async function readRecording(
  source: AsyncIterable<Uint8Array>,
  options: ReadOptions = {},
): Promise<OpenedRecording> {
  return readDecompressedRecording(decompressIfGzipped(source), options);
}

/**
 * `readRecording` of bytes already decompressed (lib/recording/input.ts decompresses once, to tell the format):
 * gzip inside gzip is not unpacked a second time, so a limit on decompressed bytes holds. A CorruptGzipError the
 * source throws is still reported naming the last line read.
 */
export async function readDecompressedRecording(
  plain: AsyncIterable<Uint8Array>,
  options: ReadOptions = {},
): Promise<OpenedRecording> {
  const opened = await open(plain, options);
  return { header: opened.header, entries: new FlatIterator(opened.batches), stats: opened.stats };
}

/** Whole or nothing: resolves with every entry, or rejects on the first fatal problem with nothing partial. */
export async function readWholeRecording(
  source: AsyncIterable<Uint8Array>,
  options: ReadOptions = {},
): Promise<WholeRecording> {
  const opened = await open(decompressIfGzipped(source), options);
  const entries: RecordedEntry[] = [];
  for await (const batch of opened.batches) {
    for (const item of batch) entries.push(item);
  }
  return { header: opened.header, entries, stats: opened.stats };
}

interface Opened {
  header: RecordingHeader;
  batches: AsyncGenerator<Iterable<RecordedEntry>, void, undefined>;
  stats: RecordingStats;
}

/**
 * The lines split off one chunk: line `firstLine + i` is `chunks[i][starts[i], ends[i])`. Arrays of references and
 * numbers rather than an object per line: they live only until the batch is in the window.
 */
interface LineBatch {
  firstLine: number;
  chunks: Uint8Array[];
  starts: number[];
  ends: number[];
}

function lineBytes(batch: LineBatch, index: number): Uint8Array {
  return (batch.chunks[index] as Uint8Array).subarray(batch.starts[index], batch.ends[index]);
}

async function open(source: AsyncIterable<Uint8Array>, options: ReadOptions): Promise<Opened> {
  const stats = emptyStats();
  const window = new LineWindow<Parsed>(options.reorderWindowMs ?? DEFAULT_REORDER_WINDOW_MS);
  const lines = lineBatches(source, stats, window);
  try {
    for (;;) {
      const next = await lines.next();
      if (next.done) throw new RecordingError(null, emptyFileMessage(stats.lines));
      const batch = next.value;
      for (let index = 0; index < batch.chunks.length; index++) {
        const line = batch.firstLine + index;
        const text = decodeLine({ bytes: lineBytes(batch, index), line });
        if (text.trim() === '') continue;
        const header = parseHeaderLine(text, line);
        return {
          header,
          batches: entryBatches(lines, { batch, from: index + 1 }, window, {
            stats,
            lenient: options.lenient ?? false,
          }),
          stats,
        };
      }
    }
  } catch (error) {
    await lines.return(undefined);
    throw error;
  }
}

function emptyFileMessage(lines: number): string {
  const what = lines === 0 ? 'the file is empty' : 'the file has only blank lines';
  return `${what}: a drainscope recording starts with the header line ${HEADER_EXAMPLE}`;
}

/**
 * `source` is decompressed already. `window` lends the memory lines are copied into: it knows when no line of a
 * chunk is held any more.
 */
async function* lineBatches(
  source: AsyncIterable<Uint8Array>,
  stats: RecordingStats,
  window: LineWindow<Parsed>,
): AsyncGenerator<LineBatch, void, undefined> {
  const splitter = new LineSplitter((size) => window.allocate(size));
  let batch = emptyBatch(1);
  const sink = (owned: Uint8Array, start: number, end: number): void => {
    batch.chunks.push(owned);
    batch.starts.push(start);
    batch.ends.push(end);
  };
  try {
    for await (const chunk of source) {
      splitter.pushSpans(chunk, sink);
      stats.lines = splitter.completedLines;
      if (batch.chunks.length > 0) {
        yield batch;
        batch = emptyBatch(splitter.completedLines + 1);
      }
    }
  } catch (error) {
    if (error instanceof CorruptGzipError) throw gzipError(error, splitter.completedLines);
    throw error;
  }
  splitter.endSpans(sink);
  stats.lines = splitter.completedLines;
  if (batch.chunks.length > 0) yield batch;
}

function emptyBatch(firstLine: number): LineBatch {
  return { firstLine, chunks: [], starts: [], ends: [] };
}

/** A CorruptGzipError as a RecordingError saying how far the data could be read. */
export function gzipError(error: CorruptGzipError, completedLines: number): RecordingError {
  const where = completedLines === 0 ? 'before the end of line 1' : `after line ${completedLines}`;
  const line = Math.max(1, completedLines);
  if (error.truncated)
    return new RecordingError(
      line,
      `the gzip data is truncated ${where}: the file was cut short (an interrupted download or copy?)`,
      { named: true },
    );
  return new RecordingError(line, `the gzip data is corrupt ${where} (${error.message})`, { named: true });
}

/**
 * Lenient mode skips only what is wrong with one line: bad JSON, a bad field, a second header. It never skips
 * binary data, an oversized line, truncated gzip or a bad header: those say the file as a whole is damaged or
 * is not a recording, line boundaries can no longer be trusted, and "analysed with 0 lines skipped" on a
 * fraction of the file would be a wrong answer that looks right. Those errors come from the splitter, the
 * decompressor, `open` or decodeLine, never from `parseOrSkip`, so lenient mode cannot swallow them.
 *
 * Lines are ordered before they are parsed when their time can be read off the line's start (peekLineTimeBytes):
 * the reorder window then holds the line's bytes, neither parsed objects nor strings. A window can hold a whole
 * initial list (tens of thousands of lines at one time), and anything on the JS heap held that long is copied by
 * every young-generation collection and then promoted to the old one: with parsed objects that made garbage
 * collection the largest cost of reading and doubled peak memory, and with strings it still cost as much as
 * all of JSON.parse. Bytes live outside the heap. The price: a malformed line (even one that is not UTF-8) is
 * reported when the window releases it, so with several malformed lines the first one reported is the first in
 * time order (each error still names its line), and the reader may have yielded up to one window of entries
 * after it in the file. Lines of any other shape are decoded and parsed at once, as before.
 */
async function* entryBatches(
  lines: AsyncGenerator<LineBatch, void, undefined>,
  first: { batch: LineBatch; from: number },
  window: LineWindow<Parsed>,
  context: SettleContext,
): AsyncGenerator<Iterable<RecordedEntry>, void, undefined> {
  const { stats } = context;
  try {
    let batch: LineBatch | undefined = first.batch;
    let from = first.from;
    while (batch !== undefined) {
      for (let index = from; index < batch.chunks.length; index++) hold(window, batch, index, context);
      stats.lateEntries = window.lateEntries;
      yield settle(window, context);
      const next = await lines.next();
      batch = next.done ? undefined : next.value;
      from = 0;
    }
    window.flush();
    yield settle(window, context);
  } finally {
    // Closes the source when the caller stops early; a no-op once the lines are exhausted.
    await lines.return(undefined);
  }
}

/** A line that could not be held as bytes: parsed at once, kept with its text. */
interface Parsed {
  text: string;
  parsed: ParsedLine;
}

interface SettleContext {
  stats: RecordingStats;
  lenient: boolean;
}

function hold(window: LineWindow<Parsed>, batch: LineBatch, index: number, context: SettleContext): void {
  const chunk = batch.chunks[index] as Uint8Array;
  const start = batch.starts[index] as number;
  const end = batch.ends[index] as number;
  const line = batch.firstLine + index;
  const at = peekLineTimeBytes(chunk, start, end);
  if (at !== null) {
    window.pushBytes(at, line, chunk, start, end);
    return;
  }
  // Decoded outside parseOrSkip: bytes that are not UTF-8 are fatal even in lenient mode (see above).
  const text = decodeLine({ bytes: chunk.subarray(start, end), line });
  const parsed = parseOrSkip(text, line, context);
  if (parsed === null) return;
  if (parsed.kind === 'observation' || parsed.kind === 'watch-state')
    window.pushValue(parsed.entry.at, line, { text, parsed });
  else count(parsed, context.stats);
}

/**
 * Parses the released lines one at a time, as they are asked for. The window may release thousands of lines at
 * once (all those at one receipt time); parsed together, they would all survive into the old generation.
 */
function* settle(window: LineWindow<Parsed>, context: SettleContext): Generator<RecordedEntry, void, undefined> {
  while (window.takeNext()) {
    const line = window.takenLine;
    const bytes = window.takenBytes;
    const text = bytes === null ? (window.takenValue as Parsed).text : decodeLine({ bytes, line });
    const parsed = bytes === null ? (window.takenValue as Parsed).parsed : parseOrSkip(text, line, context);
    if (parsed === null) continue;
    count(parsed, context.stats);
    if (parsed.kind === 'observation' || parsed.kind === 'watch-state') yield { entry: parsed.entry, line, raw: text };
  }
}

/** The parsed line, or null when lenient mode skipped it. */
function parseOrSkip(text: string, line: number, context: SettleContext): ParsedLine | null {
  try {
    const parsed = parseLine(text, line);
    if (parsed.kind === 'header')
      throw new RecordingError(line, 'a second header line: a recording has one header, on its first line');
    return parsed;
  } catch (error) {
    if (!context.lenient || !(error instanceof RecordingError)) throw error;
    skipMalformed(context.stats, error);
    return null;
  }
}

function count(parsed: ParsedLine, stats: RecordingStats): void {
  switch (parsed.kind) {
    case 'observation':
      stats.observations += 1;
      return;
    case 'watch-state':
      stats.watchStates += 1;
      return;
    case 'skipped':
      stats.skippedKinds[parsed.apiVersionKind] = (stats.skippedKinds[parsed.apiVersionKind] ?? 0) + 1;
      return;
    case 'header':
    case 'blank':
      return;
  }
}

/** Keeps the samples of the lowest line numbers, as if lines were checked in file order (they are not, see above). */
function skipMalformed(stats: RecordingStats, error: RecordingError): void {
  stats.skippedMalformed += 1;
  const samples = stats.malformedSamples;
  const sample = { line: error.line ?? 0, message: error.problem };
  const at = samples.findIndex((other) => other.line > sample.line);
  if (at === -1) {
    if (samples.length < MAX_MALFORMED_SAMPLES) samples.push(sample);
    return;
  }
  samples.splice(at, 0, sample);
  if (samples.length > MAX_MALFORMED_SAMPLES) samples.pop();
}

function emptyStats(): RecordingStats {
  return {
    lines: 0,
    observations: 0,
    watchStates: 0,
    skippedKinds: {},
    skippedMalformed: 0,
    malformedSamples: [],
    lateEntries: 0,
  };
}
