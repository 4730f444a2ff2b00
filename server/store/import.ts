/**
 * `POST /api/import`: a recording (plain or gzip) or kubectl watch output, whole or nothing, in bounded memory and
 * without holding the event loop. The lines go into the store as they are read and validated by the strict reader,
 * a chunk per transaction, under a source that no reader sees until the import's last transaction writes its
 * `sources` row (./import-lifecycle.ts); then the timelines are built from the stored lines a page per
 * transaction (./rebuild.ts materialiseImport), each pod dropped from the engine as soon as no line to come can
 * change it (./import-references.ts). An error at any point removes what was written; a crash leaves it to the next
 * open, which removes it. Between chunks the event loop runs: /api/health, the live stream and the live store's
 * commits go on during a long import.
 *
 * A recording's lines are stored in the order the reader gives them (time order within its reorder window), which
 * a replay's `ORDER BY at, id` keeps for equal times. kubectl output is in input order and needs the capture's
 * end in every line (known only at the end): it is staged first in a TEMP table (a file of this connection's,
 * outside the store, its cache bounded like the store's), then copied in (at, order) order.
 */
import { DEFAULT_MAX_IMPORT_BYTES } from '@/lib/config-defaults';
import { importEpisodeId } from '@/lib/episodes/ids';
import { CorruptGzipError } from '@/lib/recording/decompress';
import { InputTooLargeError, openInput } from '@/lib/recording/input';
import { KUBECTL_PRECISION_NOTE, withLatest } from '@/lib/recording/kubectl-watch';
import type { RecordedEntry } from '@/lib/recording/reader-types';
import { RecordingError } from '@/lib/recording/recording-error';
import { formatHeaderLine } from '@/lib/recording/writer';
import { toIso } from '@/lib/time';
import { columnsOf, type LineColumns } from './columns';
import { lineInsert } from './line-insert';
import { abandonImport, beginImport, finishImport, yieldToEventLoop, type Pause } from './import-lifecycle';
import { FutureReferences } from './import-references';
import { ImportError, limitBytes, tooLargeMessage } from './import-source';
import { materialiseImport, type ImportTimelineStats } from './rebuild';
import type { Db } from './schema';

export { ImportError } from './import-source';

/**
 * How long one slice of work (reading, validating and writing lines; applying them; deriving rows) may hold the
 * event loop before the import pauses. A slice also ends at CHUNK_LINES lines or CHUNK_BYTES of text.
 */
const SLICE_MS = 50;
const CHUNK_LINES = 2000;
const CHUNK_BYTES = 4 * 1024 * 1024;
/** Lines read per query when the timelines are built. */
const TIMELINE_PAGE_LINES = 500;
/**
 * Lines applied between two writes of the changed pods' rows. Each write re-derives every pod whose timeline runs
 * with the clock (a prediction, an open gap): writing after every slice multiplied that work fivefold on a big
 * rollout. Pods are pruned at writes, so this many lines' worth of gone pods wait in the engine at most.
 */
const WRITE_EVERY_LINES = 10_000;

export interface ImportOptions {
  /** Shown in the episode list, e.g. the uploaded file's name. */
  name: string;
  maxBytes?: number;
  /** Lines per transaction when writing, and between two writes of the timelines (tests make it small to cross many). */
  chunkLines?: number;
  /** Told how the timelines were built (the tests and the benchmark read it). */
  onTimelines?: (stats: ImportTimelineStats) => void;
  /** Runs between transactions; by default lets the event loop run (setImmediate). */
  pause?: Pause;
}

export interface ImportResult {
  source: number;
  episode: string;
  format: 'recording' | 'kubectl';
  lines: number;
  from: string | null;
  to: string | null;
  notes: string[];
  /**
   * What a review of this import cannot show as precisely as a recording would, when the input had no receipt
   * times (kubectl output); null for a recording. Also one of `notes`, for clients that only print those.
   */
  precisionLost: string | null;
}

/** What the import learns of its lines as it writes them. */
interface Written {
  lines: number;
  from: number;
  to: number;
}

interface Chunking {
  lines: number;
  pause: Pause;
}

let scratchCounter = 0;

/** Called by the store (./store.ts importRecording), which owns the database and the allowance timelines are derived with. */
export async function importRecording(
  db: Db,
  allowanceSeconds: number,
  body: AsyncIterable<Uint8Array>,
  options: ImportOptions,
): Promise<ImportResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  const chunking: Chunking = { lines: options.chunkLines ?? CHUNK_LINES, pause: options.pause ?? yieldToEventLoop };
  // The upload has arrived whole by the time the capture's bounds are applied: no change in it is later than now.
  const opened = await openInput(limitBytes(body, maxBytes), { maxBytes, capturedBy: Date.now() });
  const source = beginImport(db);
  try {
    const references = new FutureReferences();
    const entries = noting(opened.entries, references);
    const written =
      opened.format === 'recording'
        ? await writeLines(db, source, entries, chunking)
        : await writeKubectl(db, source, entries, () => opened.captureEnd(), chunking);
    if (written.lines === 0) throw new ImportError(400, 'the file holds no observations: there is nothing to review');
    const notes: string[] = [];
    const skipped = Object.entries(opened.stats.skippedKinds);
    if (skipped.length > 0)
      notes.push(
        `skipped objects of kinds drainscope does not analyse: ${skipped.map(([kind, n]) => `${kind} (${n})`).join(', ')}`,
      );
    const { header } = opened;
    const recording = opened.format === 'recording' && header !== null;
    if (!recording) notes.push(KUBECTL_PRECISION_NOTE);
    const headerLine = formatHeaderLine(
      recording
        ? { startedAt: header.startedAt, cluster: header.cluster, scope: header.scope }
        : { startedAt: toIso(written.from), cluster: null, scope: null },
    );
    const stats = await materialiseImport(db, source, allowanceSeconds, references, {
      pause: chunking.pause,
      pageLines: Math.min(chunking.lines, TIMELINE_PAGE_LINES),
      writeEveryLines: options.chunkLines ?? WRITE_EVERY_LINES,
      sliceMs: SLICE_MS,
    });
    options.onTimelines?.(stats);
    finishImport(db, {
      source,
      name: options.name,
      header: headerLine,
      from: written.from,
      to: written.to,
      lines: written.lines,
      note: notes.join('\n') || null,
    });
    return {
      source,
      episode: importEpisodeId(source),
      format: recording ? 'recording' : 'kubectl',
      lines: written.lines,
      from: toIso(written.from),
      to: toIso(written.to),
      notes,
      precisionLost: recording ? null : KUBECTL_PRECISION_NOTE,
    };
  } catch (error) {
    // A store closed meanwhile (the server stopping) cannot be cleaned now: its next open removes the rest.
    await abandonImport(db, source, chunking.pause).catch(() => undefined);
    throw error;
  }
}

/** The entries as read, each noted in `references` on its way through. */
async function* noting(
  entries: AsyncIterable<RecordedEntry>,
  references: FutureReferences,
): AsyncGenerator<RecordedEntry, void, undefined> {
  for await (const recorded of entries) {
    references.add(recorded.entry);
    yield recorded;
  }
}

interface Row {
  columns: LineColumns;
  line: string;
}

/** Writes rows into `lines` under the source, in the order given; returns how to write a chunk in one transaction. */
function lineWriter(db: Db, source: number): (rows: Row[]) => void {
  const insert = lineInsert(db);
  return db.transaction((rows: Row[]) => {
    for (const { columns, line } of rows) insert(source, columns, line);
  });
}

/**
 * Groups items into chunks of `lines` items, CHUNK_BYTES of text or what came in SLICE_MS (the reader's parsing
 * counts: an input already buffered is read without a pause of its own), running `flush` on each and pausing after it.
 */
function chunker<T>(
  chunking: Chunking,
  sizeOf: (item: T) => number,
  flush: (items: T[]) => void,
): { add(item: T): Promise<void>; end(): void } {
  let items: T[] = [];
  let bytes = 0;
  let started = performance.now();
  return {
    async add(item) {
      items.push(item);
      bytes += sizeOf(item);
      if (items.length < chunking.lines && bytes < CHUNK_BYTES && performance.now() - started < SLICE_MS) return;
      flush(items);
      items = [];
      bytes = 0;
      await chunking.pause();
      started = performance.now();
    },
    end() {
      if (items.length > 0) flush(items);
      items = [];
    },
  };
}

function tally(written: Written, at: number): void {
  written.lines += 1;
  written.from = Math.min(written.from, at);
  written.to = Math.max(written.to, at);
}

/** A recording: each line stored as read. */
async function writeLines(
  db: Db,
  source: number,
  entries: AsyncIterable<RecordedEntry>,
  chunking: Chunking,
): Promise<Written> {
  const written: Written = { lines: 0, from: Infinity, to: -Infinity };
  const write = lineWriter(db, source);
  const chunks = chunker<Row>(chunking, (row) => row.line.length, write);
  for await (const { entry, raw } of entries) {
    tally(written, entry.at);
    await chunks.add({ columns: columnsOf(entry), line: raw });
  }
  chunks.end();
  return written;
}

interface ScratchRow {
  at: number;
  tie: number;
  kind: string;
  namespace: string | null;
  uid: string | null;
  pod_uid: string | null;
  term: 0 | 1;
  workload: string | null;
  node: string | null;
  line: string;
}

/**
 * kubectl output: staged as read, then copied into `lines` in time order (ties by RecordedEntry.order, then input
 * order) with the capture's end as every line's `latest`.
 */
async function writeKubectl(
  db: Db,
  source: number,
  entries: AsyncIterable<RecordedEntry>,
  captureEnd: () => number | null,
  chunking: Chunking,
): Promise<Written> {
  const scratch = `import_scratch_${process.pid}_${++scratchCounter}`;
  db.exec(
    `CREATE TEMP TABLE ${scratch} (at INTEGER NOT NULL, tie INTEGER NOT NULL, kind TEXT, namespace TEXT, uid TEXT, pod_uid TEXT, term INTEGER, workload TEXT, node TEXT, line TEXT)`,
  );
  try {
    db.exec(`CREATE INDEX temp.${scratch}_order ON ${scratch} (at, tie)`);
    const written: Written = { lines: 0, from: Infinity, to: -Infinity };
    const stage = db.prepare(`INSERT INTO temp.${scratch} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const chunks = chunker<{ recorded: RecordedEntry; columns: LineColumns }>(
      chunking,
      ({ recorded }) => recorded.raw.length,
      db.transaction((items: { recorded: RecordedEntry; columns: LineColumns }[]) => {
        for (const { recorded, columns: c } of items)
          stage.run(
            c.at,
            recorded.order ?? 0,
            c.kind,
            c.namespace,
            c.uid,
            c.podUid,
            c.term,
            c.workload,
            c.node,
            recorded.raw,
          );
      }),
    );
    for await (const recorded of entries) {
      tally(written, recorded.entry.at);
      await chunks.add({ recorded, columns: columnsOf(recorded.entry) });
    }
    chunks.end();
    const latest = captureEnd();
    const page = db.prepare(
      `SELECT rowid AS id, * FROM temp.${scratch} WHERE (at, tie, rowid) > (@at, @tie, @id) ORDER BY at, tie, rowid LIMIT @limit`,
    );
    const write = lineWriter(db, source);
    let after = { at: -Infinity, tie: -Infinity, id: -1 };
    const copyLines = Math.min(chunking.lines, TIMELINE_PAGE_LINES);
    for (;;) {
      const rows = page.all({ ...after, limit: copyLines }) as (ScratchRow & { id: number })[];
      write(
        rows.map((row) => ({
          columns: {
            at: row.at,
            kind: row.kind,
            namespace: row.namespace,
            uid: row.uid,
            podUid: row.pod_uid,
            term: row.term,
            workload: row.workload,
            node: row.node,
          },
          line: latest === null ? row.line : withLatest(row.line, latest),
        })),
      );
      const last = rows.at(-1);
      if (!last || rows.length < copyLines) break;
      after = { at: last.at, tie: last.tie, id: last.id };
      await chunking.pause();
    }
    return written;
  } finally {
    db.exec(`DROP TABLE IF EXISTS temp.${scratch}`);
  }
}

/** The error as the API returns it: status, message (naming the line when there is one), line. */
export function describeImportError(
  error: unknown,
): { status: 400 | 413; message: string; line: number | null } | null {
  if (error instanceof InputTooLargeError)
    return { status: 413, message: tooLargeMessage(error.maxBytes, true), line: null };
  if (error instanceof ImportError) return { status: error.status, message: error.message, line: error.line };
  if (error instanceof RecordingError) return { status: 400, message: error.message, line: error.line };
  if (error instanceof CorruptGzipError)
    return {
      status: 400,
      message: `the gzip data is ${error.truncated ? 'truncated' : 'corrupt'}: the file was cut short or damaged`,
      line: null,
    };
  return null;
}
