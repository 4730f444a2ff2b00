/**
 * An import's source from its first transaction to its last. The lines and timelines of a big import are written
 * over many transactions, the event loop free between them (/api/health, the live stream and the live store's
 * commits go on meanwhile). What makes the whole file appear at once, or not at all, is the `sources` row: every
 * reader (episodes, a review, an export) finds an import through it, and `finishImport` writes it in the import's
 * last transaction. Until then the source is listed in `imports_in_progress`: an import that fails is removed
 * (`abandonImport`), one the process did not finish (a crash) when the store next opens (schema.ts).
 */
import type { StoredRange } from './lines';
import { deleteSourceRows, type Db } from './schema';

/** Rows deleted per transaction when an import is removed: a few milliseconds each. */
const DELETE_CHUNK = 2000;

export type Pause = () => Promise<void>;

/** Lets timers and I/O run (a health check, the live stream) before the next slice of work. */
export const yieldToEventLoop: Pause = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A new source id, not used by any row: the next after every source known, finished or not. Allocated and
 * recorded in one transaction, so two imports running at once get two ids.
 */
export function beginImport(db: Db, now = Date.now()): number {
  return db.transaction((): number => {
    const highest = db
      .prepare(
        `SELECT max(coalesce((SELECT max(id) FROM sources), 0), coalesce((SELECT max(source) FROM imports_in_progress), 0),
                    coalesce((SELECT max(source) FROM lines), 0), coalesce((SELECT max(source) FROM timelines), 0),
                    coalesce((SELECT max(source) FROM timeline_sources), 0))`,
      )
      .pluck()
      .get() as number;
    const source = highest + 1;
    db.prepare('INSERT INTO imports_in_progress (source, started_at) VALUES (?, ?)').run(source, now);
    return source;
  })();
}

export interface FinishedImport {
  source: number;
  name: string;
  header: string;
  from: number;
  to: number;
  lines: number;
  note: string | null;
}

/** The import's last transaction: its `sources` row makes it visible, whole. */
export function finishImport(db: Db, finished: FinishedImport): void {
  db.transaction(() => {
    const progress = db.prepare('DELETE FROM imports_in_progress WHERE source = ?').run(finished.source).changes;
    // Nothing else removes a source in progress; were it gone, its lines would be too.
    if (progress !== 1) throw new Error(`import ${finished.source} is no longer in progress`);
    db.prepare(
      'INSERT INTO sources (id, name, header, imported_at, from_at, to_at, lines, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      finished.source,
      finished.name,
      finished.header,
      Date.now(),
      finished.from,
      finished.to,
      finished.lines,
      finished.note,
    );
  })();
}

/**
 * Removes what a failed import wrote, a chunk at a time with `pause` between: deleting a big import at once would
 * hold the event loop as long as writing it did. Its progress row goes last, so a crash meanwhile leaves the rest
 * to the next open.
 */
export async function abandonImport(db: Db, source: number, pause: Pause = yieldToEventLoop): Promise<void> {
  for (const table of ['lines', 'timelines']) {
    const remove = db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE source = ? LIMIT ?)`);
    while (remove.run(source, DELETE_CHUNK).changes === DELETE_CHUNK) await pause();
  }
  db.transaction(() => deleteSourceRows(db, source))();
}

/** A finished import's whole range; null when there is none (removed, or never finished). */
export function importedRange(db: Db, source: number): StoredRange | null {
  const span = db.prepare('SELECT from_at, to_at FROM sources WHERE id = ?').get(source) as
    | { from_at: number | null; to_at: number | null }
    | undefined;
  return span ? { source, from: span.from_at ?? 0, to: span.to_at ?? 0 } : null;
}

/** The header line a finished import was stored with; null when there is none. */
export function importedHeader(db: Db, source: number): string | null {
  return (db.prepare('SELECT header FROM sources WHERE id = ?').pluck().get(source) as string | undefined) ?? null;
}
