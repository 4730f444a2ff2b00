/**
 * Opens the SQLite file and creates the schema. WAL mode with synchronous=NORMAL: a commit is durable against a
 * crash of the process (kill -9), which is what "acknowledged" promises; an OS crash or power loss may lose the
 * last few commits, the price of not calling fsync on every group commit. auto_vacuum=INCREMENTAL lets retention
 * give the space back to the file system.
 *
 * `lines.source` is 0 for the live recording and a `sources.id` for an imported recording: imports never mix
 * with live data and are reviewed as their own episodes.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export const LIVE_SOURCE = 0;

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
  line TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS lines_source_at ON lines (source, at);
CREATE INDEX IF NOT EXISTS lines_uid ON lines (source, uid, at);
CREATE INDEX IF NOT EXISTS lines_term ON lines (source, at) WHERE term = 1;
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
`;

export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  // Must precede the first table: SQLite fixes the vacuum mode when the file is created.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}
