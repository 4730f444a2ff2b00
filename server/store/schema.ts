/**
 * Opens the SQLite file and creates the schema. WAL mode with synchronous=NORMAL: a commit is durable against a
 * crash of the process (kill -9), which is what "acknowledged" promises; an OS crash or power loss may lose the
 * last few commits, the price of not calling fsync on every group commit. auto_vacuum=INCREMENTAL lets retention
 * give the space back to the file system.
 *
 * `lines.source` says whose a line is. A live recording is one cluster's: `-clusters.id` (./clusters.ts), or 0 for
 * the lines a store written before clusters were recorded holds (shown as its own history, "unknown cluster").
 * An imported recording is a `sources.id` (positive): imports never mix with live data and are reviewed as their
 * own episodes. Every query reads one source, so two clusters' lines and timelines never meet.
 *
 * `timelines` holds each pod's timeline as the engine derives it from every line of its source (see store.ts),
 * with the columns a window is selected by; `timeline_sources` when each source first showed an EndpointSlice
 * (the findings need it) and up to which line the rows hold the live lines' effect; `timeline_meta` what the timelines were derived with, so a store whose timelines are
 * missing or were derived differently rebuilds them from its lines on open.
 *
 * `imports_in_progress` lists the sources an import is still writing (./import-lifecycle.ts): their lines and rows
 * are written over many transactions, and nothing reads them until the import's `sources` row exists, which the
 * import's last transaction writes. An import the process did not finish (a crash, a kill) is removed on open.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { objectKeyOf } from './line-insert';

export type Db = Database.Database;

/** The live lines of a store from before clusters were recorded (and of a store no cluster was chosen for). */
export const LIVE_SOURCE = 0;

/** A live recording (one cluster's, or the unknown one's) rather than an import. */
export function isLiveSource(source: number): boolean {
  return source <= LIVE_SOURCE;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS lines (
  id INTEGER PRIMARY KEY,
  source INTEGER NOT NULL,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  namespace TEXT,
  uid TEXT,
  pod_uid TEXT,
  term INTEGER NOT NULL DEFAULT 0,
  workload TEXT,
  node TEXT,
  line TEXT NOT NULL,
  object INTEGER
);
CREATE TABLE IF NOT EXISTS sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  header TEXT NOT NULL,
  imported_at INTEGER NOT NULL,
  from_at INTEGER,
  to_at INTEGER,
  lines INTEGER NOT NULL,
  note TEXT
);
CREATE TABLE IF NOT EXISTS timelines (
  id INTEGER PRIMARY KEY,
  source INTEGER NOT NULL,
  uid TEXT NOT NULL,
  namespace TEXT NOT NULL,
  workload TEXT,
  first_at INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  delete_requested_at INTEGER,
  gone_at INTEGER,
  order_at INTEGER NOT NULL,
  pod TEXT NOT NULL,
  UNIQUE (source, uid)
);
CREATE INDEX IF NOT EXISTS timelines_extent ON timelines (source, last_at, first_at);
CREATE TABLE IF NOT EXISTS timeline_sources (
  source INTEGER PRIMARY KEY,
  slices_at INTEGER,
  through_id INTEGER
);
CREATE TABLE IF NOT EXISTS imports_in_progress (
  source INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS clusters (
  id INTEGER PRIMARY KEY,
  uid TEXT UNIQUE,
  endpoint TEXT NOT NULL,
  name TEXT,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS timeline_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

const INDEXES = `
CREATE INDEX IF NOT EXISTS lines_source_at ON lines (source, at);
CREATE INDEX IF NOT EXISTS lines_object ON lines (source, object, at) WHERE object IS NOT NULL;
CREATE INDEX IF NOT EXISTS lines_term ON lines (source, at) WHERE term = 1;
CREATE INDEX IF NOT EXISTS lines_deployments ON lines (source, at) WHERE kind = 'Deployment';
DROP INDEX IF EXISTS lines_uid;
`;

/**
 * A store written before lines had their `object` (./line-insert.ts) gets the column, filled from the uids, once:
 * its index on the uid text is dropped after.
 */
function addObjectColumn(db: Db): void {
  const columns = db.prepare('PRAGMA table_info(lines)').all() as { name: string }[];
  if (columns.some((column) => column.name === 'object')) return;
  db.function('drainscope_object_key', { deterministic: true }, (kind: unknown, uid: unknown) =>
    typeof kind === 'string' && typeof uid === 'string' ? objectKeyOf(kind, uid) : null,
  );
  db.transaction(() => {
    db.exec('ALTER TABLE lines ADD COLUMN object INTEGER');
    db.exec('UPDATE lines SET object = drainscope_object_key(kind, uid) WHERE uid IS NOT NULL');
  })();
}

/** The page size of a store this version creates. */
export const PAGE_SIZE = 16_384;
const AUTOCHECKPOINT_BYTES = 40 * 1024 * 1024;

export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // Both must precede the first table: SQLite fixes the page size and the vacuum mode when the file is created (a
  // store created with other pages keeps them). 16 KiB pages: every group commit rewrites a leaf page of the
  // per-object index for most pods it touches (./line-insert.ts), and with bigger pages those are fewer; the
  // write took ~25% less time than with the 4 KiB default (`npm run bench:store`; 8 KiB ~15%, 2 KiB twice the time).
  db.pragma(`page_size = ${PAGE_SIZE}`);
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // A WAL checkpoint copies the pages back into the file and syncs both. The live store asks a worker thread for
  // them (./wal-checkpointer.ts); this connection checkpoints only when the log outgrows ~40 MB anyway: imports, a
  // worker that could not start, a disk too slow for the worker to keep up.
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  db.pragma(`wal_autocheckpoint = ${Math.ceil(AUTOCHECKPOINT_BYTES / pageSize)}`);
  db.pragma('journal_size_limit = 67108864');
  db.exec(SCHEMA);
  addObjectColumn(db);
  db.exec(INDEXES);
  dropUnfinishedImports(db);
  return db;
}

/** Removes what imports left half-written: this connection is the store's only writer, so none is running now. */
function dropUnfinishedImports(db: Db): void {
  const sources = db.prepare('SELECT source FROM imports_in_progress').pluck().all() as number[];
  if (sources.length === 0) return;
  db.transaction(() => {
    for (const source of sources) deleteSourceRows(db, source);
  })();
}

/** Every row of one source but its `sources` row: lines, timelines, and the import's progress. */
export function deleteSourceRows(db: Db, source: number): void {
  db.prepare('DELETE FROM lines WHERE source = ?').run(source);
  db.prepare('DELETE FROM timelines WHERE source = ?').run(source);
  db.prepare('DELETE FROM timeline_sources WHERE source = ?').run(source);
  db.prepare('DELETE FROM imports_in_progress WHERE source = ?').run(source);
}
