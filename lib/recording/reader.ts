/**
 * Reads a recording (../shared/spec/recording.md) from bytes, as a stream: a Node file stream and a browser
 * `File.stream()` are both AsyncIterable<Uint8Array>. Isomorphic on purpose (no Node imports): the CLI, the
 * import endpoint and the browser share it.
 *
 * Pipeline, batched per chunk so the per-line cost stays one JSON.parse and one zod parse:
 *   bytes → decompressIfGzipped → LineSplitter (UTF-8, line limit) → TimeWindow (reorder) → parseLine → entries
 */
import { CorruptGzipError, decompressIfGzipped } from './decompress';
import { LineSplitter, type SplitLine } from './line-splitter';
import { HEADER_EXAMPLE, parseHeaderLine } from './parse-header';
import { parseLine, peekLineTime, type ParsedLine } from './parse-line';
import type { OpenedRecording, ReadOptions, RecordedEntry, RecordingStats, WholeRecording } from './reader-types';
import { DEFAULT_REORDER_WINDOW_MS, TimeWindow } from './reorder';
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
export async function readRecording(source: AsyncIterable<Uint8Array>, options: ReadOptions = {}): Promise<OpenedRecording> {
  const opened = await open(source, options);
  return { header: opened.header, entries: flatten(opened.batches), stats: opened.stats };
}

/** Whole or nothing: resolves with every entry, or rejects on the first fatal problem with nothing partial. */
export async function readWholeRecording(source: AsyncIterable<Uint8Array>, options: ReadOptions = {}): Promise<WholeRecording> {
  const opened = await open(source, options);
  const entries: RecordedEntry[] = [];
  for await (const batch of opened.batches) {
    for (const item of batch) entries.push(item);
  }
  return { header: opened.header, entries, stats: opened.stats };
}

interface Opened {
  header: RecordingHeader;
  batches: AsyncGenerator<RecordedEntry[], void, undefined>;
  stats: RecordingStats;
}

async function open(source: AsyncIterable<Uint8Array>, options: ReadOptions): Promise<Opened> {
  const stats = emptyStats();
  const lines = lineBatches(source, stats);
  try {
    for (;;) {
      const next = await lines.next();
      if (next.done) throw new RecordingError(null, emptyFileMessage(stats.lines));
      const batch = next.value;
      const first = batch.findIndex((line) => line.text.trim() !== '');
      const headerLine = batch[first];
      if (headerLine === undefined) continue;
      const header = parseHeaderLine(headerLine.text, headerLine.line);
      return { header, batches: entryBatches(lines, batch.slice(first + 1), stats, options), stats };
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

async function* lineBatches(source: AsyncIterable<Uint8Array>, stats: RecordingStats): AsyncGenerator<SplitLine[], void, undefined> {
  const splitter = new LineSplitter();
  try {
    for await (const chunk of decompressIfGzipped(source)) {
      const out: SplitLine[] = [];
      splitter.push(chunk, out);
      stats.lines = splitter.completedLines;
      if (out.length > 0) yield out;
    }
  } catch (error) {
    if (error instanceof CorruptGzipError) throw gzipError(error, splitter.completedLines);
    throw error;
  }
  const out: SplitLine[] = [];
  splitter.end(out);
  stats.lines = splitter.completedLines;
  if (out.length > 0) yield out;
}

function gzipError(error: CorruptGzipError, completedLines: number): RecordingError {
  const where = completedLines === 0 ? 'before the end of line 1' : `after line ${completedLines}`;
  if (error.truncated) return new RecordingError(null, `the gzip data is truncated ${where}: the file was cut short (an interrupted download or copy?)`);
  return new RecordingError(null, `the gzip data is corrupt ${where} (${error.message})`);
}

/**
 * Lenient mode skips only what is wrong with one line: bad JSON, a bad field, a second header. It never skips
 * binary data, an oversized line, truncated gzip or a bad header: those say the file as a whole is damaged or
 * is not a recording, line boundaries can no longer be trusted, and "analysed with 0 lines skipped" on a
 * fraction of the file would be a wrong answer that looks right. Those errors come from the splitter, the
 * decompressor or `open`, never from `settle`, so lenient mode cannot swallow them.
 *
 * Lines are ordered before they are parsed when their time can be read off the line's start (peekLineTime):
 * the reorder window then holds line strings, not parsed objects. A window can hold a whole initial list (tens
 * of thousands of lines at one time), and parsed objects held that long survive into the old generation, which
 * made garbage collection the largest cost of reading and more than doubled peak memory. The price: a malformed
 * line is reported when the window releases it, so with several malformed lines the first one reported is the
 * first in time order (each error still names its line), and the reader may have yielded up to one window of
 * entries after it in the file. Lines of any other shape are parsed at once, as before.
 */
async function* entryBatches(
  lines: AsyncGenerator<SplitLine[], void, undefined>,
  firstBatch: SplitLine[],
  stats: RecordingStats,
  options: ReadOptions,
): AsyncGenerator<RecordedEntry[], void, undefined> {
  const window = new TimeWindow<Held>(options.reorderWindowMs ?? DEFAULT_REORDER_WINDOW_MS, (item) => item.at);
  const context: SettleContext = { stats, lenient: options.lenient ?? false };
  const released: Held[] = [];
  try {
    let batch: SplitLine[] | undefined = firstBatch;
    while (batch !== undefined) {
      for (const line of batch) {
        const held = hold(line, context);
        if (held !== null) window.push(held, released);
      }
      stats.lateEntries = window.lateEntries;
      const out = settleAll(released, context);
      if (out.length > 0) yield out;
      const next = await lines.next();
      batch = next.done ? undefined : next.value;
    }
    window.flush(released);
    const out = settleAll(released, context);
    if (out.length > 0) yield out;
  } finally {
    // Closes the source when the caller stops early; a no-op once the lines are exhausted.
    await lines.return(undefined);
  }
}

/** A line in the reorder window: parsed already, or (`parsed` null) to be parsed when released. */
interface Held {
  at: number;
  line: number;
  raw: string;
  parsed: ParsedLine | null;
}

interface SettleContext {
  stats: RecordingStats;
  lenient: boolean;
}

function hold({ text, line }: SplitLine, context: SettleContext): Held | null {
  const at = peekLineTime(text);
  if (at !== null) return { at, line, raw: text, parsed: null };
  const parsed = parseOrSkip(text, line, context);
  if (parsed === null) return null;
  if (parsed.kind === 'observation' || parsed.kind === 'watch-state') return { at: parsed.entry.at, line, raw: text, parsed };
  count(parsed, context.stats);
  return null;
}

/** Parses the released lines and empties `released`. */
function settleAll(released: Held[], context: SettleContext): RecordedEntry[] {
  const out: RecordedEntry[] = [];
  for (const held of released) {
    const parsed = held.parsed ?? parseOrSkip(held.raw, held.line, context);
    if (parsed === null) continue;
    count(parsed, context.stats);
    if (parsed.kind === 'observation' || parsed.kind === 'watch-state') out.push({ entry: parsed.entry, line: held.line, raw: held.raw });
  }
  released.length = 0;
  return out;
}

/** The parsed line, or null when lenient mode skipped it. */
function parseOrSkip(text: string, line: number, context: SettleContext): ParsedLine | null {
  try {
    const parsed = parseLine(text, line);
    if (parsed.kind === 'header') throw new RecordingError(line, 'a second header line: a recording has one header, on its first line');
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

async function* flatten(batches: AsyncIterable<RecordedEntry[]>): AsyncGenerator<RecordedEntry, void, undefined> {
  for await (const batch of batches) {
    for (const item of batch) yield item;
  }
}

function emptyStats(): RecordingStats {
  return { lines: 0, observations: 0, watchStates: 0, skippedKinds: {}, skippedMalformed: 0, malformedSamples: [], lateEntries: 0 };
}
