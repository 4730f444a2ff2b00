/**
 * The one reader of every input drainscope accepts, shared by `drainscope analyze` and `POST /api/import`:
 * a drainscope recording, or kubectl watch output (`kubectl get RESOURCE -A -w --output-watch-events -o json`,
 * compact or pretty-printed, one resource or several outputs concatenated in any order); either plain, gzip, or
 * concatenated gzip members.
 *
 * The bytes are decompressed once, and the format is told from the first decompressed bytes, which are then put
 * back in front of the same decompressed stream. (The import used to replay the raw chunks it had seen instead,
 * missing the ones its first decompressor had already pulled: a valid gzip was refused at random.) An optional
 * limit counts decompressed bytes, so a small gzip cannot inflate past it, and nothing here holds more than a chunk
 * plus one line or object.
 */
import { brandError, hasErrorBrand } from '../cross-bundle';
import { CorruptGzipError, decompressIfGzipped } from './decompress';
import { JsonObjectSplitter, type JsonObjectText } from './json-objects';
import { KubectlWatchConverter, kubectlObservationLine, withLatest } from './kubectl-watch';
import { parseLine } from './parse-line';
import { gzipError, MAX_MALFORMED_SAMPLES, readDecompressedRecording } from './reader';
import type { ReadOptions, RecordedEntry, RecordingStats } from './reader-types';
import { RecordingError } from './recording-error';
import type { RecordingHeader } from './types';
import type { EpochMs } from '../time';

export type InputFormat = 'recording' | 'kubectl';

export interface InputOptions extends ReadOptions {
  /** Refuse input that decompresses to more than this many bytes (InputTooLargeError), before reading further. */
  maxBytes?: number;
  /**
   * When the input was known to be complete (a file's modification time, an upload's arrival). kubectl output has
   * no receipt times and nothing in it bounds a change from above: only the end of the capture does, and this is
   * the latest that end can be. Without it, the newest timestamp in the input (+ 1 s, as API times are truncated)
   * stands in, which a change written after that last timestamp could exceed.
   */
  capturedBy?: EpochMs;
}

export interface OpenedInput {
  format: InputFormat;
  /** A recording's header; null for kubectl output, which has none. */
  header: RecordingHeader | null;
  /**
   * A recording: sorted by (at, line) within the reorder window (lib/recording/reader.ts). kubectl output: in input
   * order, each entry's `latest` the newest time seen so far: read them all, then `inTimeOrder`, or sort them and
   * set `captureEnd` yourself (the import does both in SQL).
   */
  entries: AsyncIterable<RecordedEntry>;
  /** Filled in while `entries` is read; complete once it is exhausted. */
  stats: RecordingStats;
  /** kubectl output: the end of the capture, the newest timestamp in the input (final once `entries` is exhausted). */
  captureEnd(): EpochMs | null;
}

/** The decompressed input is larger than `InputOptions.maxBytes`. */
export class InputTooLargeError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, 'InputTooLargeError');
  }

  constructor(readonly maxBytes: number) {
    super(`the data is larger than ${maxBytes} bytes once decompressed`);
    this.name = 'InputTooLargeError';
    brandError(this, 'InputTooLargeError');
  }
}

const KUBECTL_EXAMPLE =
  'kubectl get RESOURCE -A -w --output-watch-events -o json: JSON objects like {"type":"ADDED","object":{…}}';

/** How much is read before the format is decided: the start of the first line is enough. */
const PEEK_BYTES = 512;

export async function openInput(source: AsyncIterable<Uint8Array>, options: InputOptions = {}): Promise<OpenedInput> {
  const plain =
    options.maxBytes === undefined
      ? decompressIfGzipped(source)
      : limitTo(decompressIfGzipped(source), options.maxBytes);
  const iterator = plain[Symbol.asyncIterator]();
  let head: Uint8Array[];
  try {
    head = await peek(iterator);
  } catch (error) {
    await iterator.return?.();
    if (error instanceof CorruptGzipError) throw gzipError(error, 0);
    throw error;
  }
  const bytes = replay(head, iterator);
  if (isKubectl(head)) return openKubectl(bytes, options);
  let opened: Awaited<ReturnType<typeof readDecompressedRecording>>;
  try {
    opened = await readDecompressedRecording(bytes, options);
  } catch (error) {
    // Say what else would have been read: a person holding kubectl output should not conclude it is refused.
    if (error instanceof RecordingError && error.problem.startsWith('not a drainscope recording'))
      throw new RecordingError(error.line, `${error.problem}, nor kubectl watch output (${KUBECTL_EXAMPLE})`);
    throw error;
  }
  return {
    format: 'recording',
    header: opened.header,
    entries: opened.entries,
    stats: opened.stats,
    captureEnd: () => null,
  };
}

/**
 * kubectl output's entries in time order (by at, then `order`: the import's order too), each with the final
 * `latest`. Holds them all: for the CLI, which has no store to sort in.
 */
export async function inTimeOrder(opened: OpenedInput): Promise<RecordedEntry[]> {
  const entries: RecordedEntry[] = [];
  for await (const entry of opened.entries) entries.push(entry);
  // Array.prototype.sort is stable: equal times of a recording keep their input order.
  entries.sort((a, b) => a.entry.at - b.entry.at || (a.order ?? 0) - (b.order ?? 0));
  const end = opened.captureEnd();
  if (opened.format === 'kubectl' && end !== null) {
    for (const recorded of entries) {
      if (recorded.entry.type === 'WATCH') continue;
      recorded.entry.latest = end;
      recorded.raw = withLatest(recorded.raw, end);
    }
  }
  return entries;
}

async function* limitTo(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new InputTooLargeError(maxBytes);
    yield chunk;
  }
}

/** Reads until the first non-blank bytes reach PEEK_BYTES or a line end (or the input ends). */
async function peek(iterator: AsyncIterator<Uint8Array>): Promise<Uint8Array[]> {
  const head: Uint8Array[] = [];
  let significant = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return head;
    head.push(next.value);
    for (const byte of next.value) {
      if (significant > 0 && byte === 0x0a) return head;
      if (significant > 0 || !isBlankByte(byte)) significant += 1;
    }
    if (significant >= PEEK_BYTES) return head;
  }
}

function isBlankByte(byte: number): boolean {
  // Whitespace, and the UTF-8 byte order mark's bytes, which may open the file.
  return (
    byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0xef || byte === 0xbb || byte === 0xbf
  );
}

/**
 * A recording's first line is its header (`{"drainscope":…`); kubectl's watch output starts with an event object
 * (`{"type":…` or a pretty-printed `{` on a line of its own). Anything else goes to the recording reader, whose
 * errors say what a recording must look like.
 */
function isKubectl(head: Uint8Array[]): boolean {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(concat(head)).replace(/^[\s\uFEFF]+/, '');
  const firstLine = (text.split('\n', 1)[0] ?? '').trim();
  return firstLine === '{' || /^\{\s*"(type|object)"\s*:/.test(firstLine);
}

async function* replay(
  head: Uint8Array[],
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array, void, undefined> {
  let done = false;
  try {
    yield* head;
    for (;;) {
      const next = await rest.next();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // Closes the source (a file, a request body) when the reader stops early or fails.
    if (!done) await rest.return?.();
  }
}

function openKubectl(bytes: AsyncIterable<Uint8Array>, options: InputOptions): OpenedInput {
  const stats: RecordingStats = {
    lines: 0,
    observations: 0,
    watchStates: 0,
    skippedKinds: {},
    skippedMalformed: 0,
    malformedSamples: [],
    lateEntries: 0,
  };
  const converter = new KubectlWatchConverter();
  const seen = new Map<string, number>();
  const lenient = options.lenient ?? false;
  async function* entries(): AsyncGenerator<RecordedEntry, void, undefined> {
    const splitter = new JsonObjectSplitter();
    const objects: JsonObjectText[] = [];
    let any = false;
    try {
      for await (const chunk of bytes) {
        splitter.push(chunk, objects);
        stats.lines = splitter.currentLine - 1;
        for (const object of objects.splice(0)) {
          any = true;
          const recorded = convert(object);
          if (recorded !== null) yield recorded;
        }
      }
    } catch (error) {
      if (error instanceof CorruptGzipError) throw gzipError(error, splitter.currentLine - 1);
      throw error;
    }
    splitter.end();
    stats.lines = splitter.currentLine;
    if (!any) throw new RecordingError(null, 'the kubectl output holds no JSON object');
  }
  function convert({ text, line }: JsonObjectText): RecordedEntry | null {
    try {
      const observation = converter.convert(text, line);
      if (observation === null) return null;
      const raw = kubectlObservationLine(observation, converter.captureEnd ?? observation.at);
      const parsed = parseLine(raw, line);
      if (parsed.kind === 'skipped') {
        stats.skippedKinds[parsed.apiVersionKind] = (stats.skippedKinds[parsed.apiVersionKind] ?? 0) + 1;
        return null;
      }
      if (parsed.kind !== 'observation') return null;
      stats.observations += 1;
      const kind = parsed.entry.object.kind;
      const index = seen.get(kind) ?? 0;
      seen.set(kind, index + 1);
      return { entry: parsed.entry, line, raw, order: (KIND_RANK[kind] ?? OTHER_RANK) * KIND_STRIDE + index };
    } catch (error) {
      if (!lenient || !(error instanceof RecordingError)) throw error;
      stats.skippedMalformed += 1;
      if (stats.malformedSamples.length < MAX_MALFORMED_SAMPLES)
        stats.malformedSamples.push({ line: error.line ?? 0, message: error.problem });
      return null;
    }
  }
  const captureEnd = (): EpochMs | null => {
    const newest = converter.captureEnd;
    return newest === null ? null : Math.max(newest + 1000, options.capturedBy ?? -Infinity);
  };
  return { format: 'kubectl', header: null, entries: entries(), stats, captureEnd };
}

/**
 * Entries of the same second from different watches have no known order between them: a fixed order by kind,
 * then input order within a kind, keeps the result the same whichever watch was concatenated first.
 */
const KIND_RANK: Record<string, number> = { Pod: 0, EndpointSlice: 1, Event: 2 };
const OTHER_RANK = 3;
const KIND_STRIDE = 2 ** 40;

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
