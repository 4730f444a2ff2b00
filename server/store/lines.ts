/**
 * Reading stored lines: a range of one source in replay order (time, then insertion), a page of it for readers
 * that pause between pages, the prologue (each object's last line before a range) and counts. Functions of the
 * database, used by the store (./store.ts) and what it delegates to; nothing outside server/store sees them.
 */
import { parseLine } from '@/lib/recording/parse-line';
import type { RecordingEntry } from '@/lib/recording/types';
import type { Db } from './schema';

export interface StoredLine {
  id: number;
  at: number;
  line: string;
}

/** Which stored lines: a range of one source. An imported recording is its whole range. */
export interface StoredRange {
  source: number;
  from: number;
  to: number;
}

/** Lines of one source between `from` and `to` (inclusive, epoch ms), in time order, then insertion order. */
export function rangeRows(db: Db, range: StoredRange): IterableIterator<StoredLine> {
  return db
    .prepare('SELECT id, at, line FROM lines WHERE source = ? AND at BETWEEN ? AND ? ORDER BY at, id')
    .iterate(range.source, range.from, range.to) as IterableIterator<StoredLine>;
}

/** One page of a range after the line (`after.at`, `after.id`); from its start when `after` is null. */
export function pageRows(
  db: Db,
  range: StoredRange,
  after: { at: number; id: number } | null,
  limit: number,
): StoredLine[] {
  const start = after ?? { at: range.from, id: -1 };
  return db
    .prepare(
      'SELECT id, at, line FROM lines WHERE source = @source AND at BETWEEN @from AND @to AND (at > @at OR (at = @at AND id > @id)) ORDER BY at, id LIMIT @limit',
    )
    .all({ source: range.source, from: start.at, to: range.to, at: start.at, id: start.id, limit }) as StoredLine[];
}

/**
 * For each object seen in the range, its last line before `from`: replaying a range from its middle then starts
 * from each pod's and slice's state at `from`, not from nothing.
 */
export function prologueRows(db: Db, range: StoredRange): StoredLine[] {
  return db
    .prepare(
      `SELECT id, at, line FROM lines WHERE id IN (
         SELECT (SELECT max(p.id) FROM lines p WHERE p.source = @source AND p.object = r.object AND p.uid = r.uid AND p.at < @from)
         FROM (SELECT DISTINCT object, uid FROM lines WHERE source = @source AND at BETWEEN @from AND @to AND object IS NOT NULL) r
       ) ORDER BY at, id`,
    )
    .all(range) as StoredLine[];
}

/** The lines to replay for a range, in order: the prologue, then the range. */
export function* replayRows(db: Db, range: StoredRange): Generator<StoredLine> {
  yield* prologueRows(db, range);
  yield* rangeRows(db, range);
}

export function countRange(db: Db, range: StoredRange): number {
  return db
    .prepare('SELECT count(*) FROM lines WHERE source = ? AND at BETWEEN ? AND ?')
    .pluck()
    .get(range.source, range.from, range.to) as number;
}

export function countLines(db: Db, source?: number): number {
  return (
    source === undefined
      ? db.prepare('SELECT count(*) FROM lines').pluck().get()
      : db.prepare('SELECT count(*) FROM lines WHERE source = ?').pluck().get(source)
  ) as number;
}

/** The time span of one source's lines, or null when it has none. */
export function sourceSpan(db: Db, source: number): { from: number; to: number } | null {
  const row = db.prepare('SELECT min(at) AS from_at, max(at) AS to_at FROM lines WHERE source = ?').get(source) as {
    from_at: number | null;
    to_at: number | null;
  };
  return row.from_at === null || row.to_at === null ? null : { from: row.from_at, to: row.to_at };
}

/** The highest line id of one source (0 when it has none); of every source when none is named. */
export function lastLineId(db: Db, source?: number): number {
  const id =
    source === undefined
      ? db.prepare('SELECT max(id) FROM lines').pluck().get()
      : db.prepare('SELECT max(id) FROM lines WHERE source = ?').pluck().get(source);
  return (id as number | null) ?? 0;
}

/** Stored lines passed the writer's checks (or the import's); one that no longer parses is skipped, not fatal. */
export function* entriesOf(lines: Iterable<StoredLine>): Generator<RecordingEntry> {
  for (const { id, line } of lines) {
    try {
      const parsed = parseLine(line, id);
      if (parsed.kind === 'observation' || parsed.kind === 'watch-state') yield parsed.entry;
    } catch {
      continue;
    }
  }
}
