/**
 * `POST /api/import`: a recording (plain or gzip) or kubectl watch output, whole or nothing. Lines go into a
 * TEMP table (a private scratch table of this connection, outside the store file) as they are read and
 * validated by the strict reader; only when the whole input has been read do they move into `lines`, in one
 * transaction, with their own `sources` row and their pods' timelines (./rebuild.ts). Any error before that drops
 * the scratch table: the store is untouched.
 */
import { importEpisodeId } from '@/lib/episodes/ids';
import { CorruptGzipError } from '@/lib/recording/decompress';
import { InputTooLargeError, openInput } from '@/lib/recording/input';
import { KUBECTL_PRECISION_NOTE, withLatest } from '@/lib/recording/kubectl-watch';
import { RecordingError } from '@/lib/recording/recording-error';
import { formatHeaderLine } from '@/lib/recording/writer';
import type { RecordingEntry } from '@/lib/recording/types';
import { toIso } from '@/lib/time';
import { columnsOf } from './columns';
import { ImportError, limitBytes, tooLargeMessage } from './import-source';
import { materialiseSource } from './rebuild';
import type { RecordingStore } from './store';

export { ImportError } from './import-source';

export const DEFAULT_MAX_IMPORT_BYTES = 256 * 1024 * 1024;
const BATCH = 2000;

export interface ImportOptions {
  /** Shown in the episode list, e.g. the uploaded file's name. */
  name: string;
  maxBytes?: number;
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

interface Staged {
  entry: RecordingEntry;
  line: string;
  /** kubectl output: the order among lines of the same time (RecordedEntry.order); null: the input's order. */
  tie: number | null;
}

let scratchCounter = 0;

export async function importRecording(store: RecordingStore, body: AsyncIterable<Uint8Array>, options: ImportOptions): Promise<ImportResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_IMPORT_BYTES;
  // The upload has arrived whole by the time the capture's bounds are applied: no change in it is later than now.
  const opened = await openInput(limitBytes(body, maxBytes), { maxBytes, capturedBy: Date.now() });
  const scratch = `import_scratch_${process.pid}_${++scratchCounter}`;
  store.db.exec(`CREATE TEMP TABLE ${scratch} (at INTEGER, kind TEXT, namespace TEXT, uid TEXT, pod_uid TEXT, term INTEGER, workload TEXT, node TEXT, line TEXT, tie INTEGER)`);
  try {
    const stage = stager(store, scratch);
    let batch: Staged[] = [];
    for await (const { entry, raw, order } of opened.entries) {
      batch.push({ entry, line: raw, tie: order ?? null });
      if (batch.length >= BATCH) batch = stage(batch);
    }
    stage(batch);
    const notes: string[] = [];
    const skipped = Object.entries(opened.stats.skippedKinds);
    if (skipped.length > 0) notes.push(`skipped objects of kinds drainscope does not analyse: ${skipped.map(([kind, n]) => `${kind} (${n})`).join(', ')}`);
    const { header } = opened;
    if (opened.format === 'recording' && header !== null) {
      return commitImport(store, { scratch, header: formatHeaderLine({ startedAt: header.startedAt, cluster: header.cluster, scope: header.scope }), name: options.name, format: 'recording', notes, precisionLost: null, latest: null });
    }
    notes.push(KUBECTL_PRECISION_NOTE);
    return commitImport(store, { scratch, header: '', name: options.name, format: 'kubectl', notes, precisionLost: KUBECTL_PRECISION_NOTE, latest: opened.captureEnd() });
  } finally {
    store.db.exec(`DROP TABLE IF EXISTS temp.${scratch}`);
  }
}

function stager(store: RecordingStore, scratch: string): (batch: Staged[]) => Staged[] {
  const insert = store.db.prepare(`INSERT INTO temp.${scratch} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const run = store.db.transaction((batch: Staged[]) => {
    for (const { entry, line, tie } of batch) {
      const c = columnsOf(entry);
      insert.run(c.at, c.kind, c.namespace, c.uid, c.podUid, c.term, c.workload, c.node, line, tie);
    }
  });
  return (batch) => {
    if (batch.length > 0) run(batch);
    return [];
  };
}

interface CommitParts {
  scratch: string;
  /** Empty: synthesise one from the data (kubectl output has none). */
  header: string;
  name: string;
  format: 'recording' | 'kubectl';
  notes: string[];
  precisionLost: string | null;
  /** kubectl output: the end of the capture, each line's `latest`, known only now that the whole input is read. */
  latest: number | null;
}

function commitImport(store: RecordingStore, parts: CommitParts): ImportResult {
  const { db } = store;
  return db.transaction((): ImportResult => {
    const span = db.prepare(`SELECT min(at) AS from_at, max(at) AS to_at, count(*) AS n FROM temp.${parts.scratch}`).get() as { from_at: number | null; to_at: number | null; n: number };
    if (span.n === 0) throw new ImportError(400, 'the file holds no observations: there is nothing to review');
    const header = parts.header || formatHeaderLine({ startedAt: toIso(span.from_at ?? 0), cluster: null, scope: null });
    const source = Number(
      db
        .prepare('INSERT INTO sources (name, header, imported_at, from_at, to_at, lines, note) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(parts.name, header, Date.now(), span.from_at, span.to_at, span.n, parts.notes.join('\n') || null).lastInsertRowid,
    );
    const latest = parts.latest;
    let line = 'line';
    if (latest !== null) {
      db.function('drainscope_with_latest', { deterministic: true }, (text: unknown) => withLatest(String(text), latest));
      line = 'drainscope_with_latest(line)';
    }
    db.prepare(`INSERT INTO lines (source, at, kind, namespace, uid, pod_uid, term, workload, node, line) SELECT ?, at, kind, namespace, uid, pod_uid, term, workload, node, ${line} FROM temp.${parts.scratch} ORDER BY at, tie, rowid`).run(source);
    materialiseSource(db, source, store.allowanceSeconds, Infinity);
    return {
      source,
      episode: importEpisodeId(source),
      format: parts.format,
      lines: span.n,
      from: span.from_at === null ? null : toIso(span.from_at),
      to: span.to_at === null ? null : toIso(span.to_at),
      notes: parts.notes,
      precisionLost: parts.precisionLost,
    };
  })();
}

/** The error as the API returns it: status, message (naming the line when there is one), line. */
export function describeImportError(error: unknown): { status: 400 | 413; message: string; line: number | null } | null {
  if (error instanceof InputTooLargeError) return { status: 413, message: tooLargeMessage(error.maxBytes, true), line: null };
  if (error instanceof ImportError) return { status: error.status, message: error.message, line: error.line };
  if (error instanceof RecordingError) return { status: 400, message: error.message, line: error.line };
  if (error instanceof CorruptGzipError) return { status: 400, message: `the gzip data is ${error.truncated ? 'truncated' : 'corrupt'}: the file was cut short or damaged`, line: null };
  return null;
}
