import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WalCheckpointer } from './wal-checkpointer';
import { tempStores } from './testing/temp-stores';
import { podObservation, T0 } from './testing/lines';

const stores = tempStores();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A database in WAL mode that never checkpoints by itself, with `rows` rows of 1 KB written in one transaction. */
function walDatabase(rows: number): { db: Database.Database; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-wal-'));
  dirs.push(dir);
  const file = path.join(dir, 'wal.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  db.transaction(() => {
    for (let index = 0; index < rows; index++) insert.run('x'.repeat(1000));
  })();
  return { db, file };
}

async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Frames in the log after one more one-row commit: a handful once the log restarted, thousands if it grew on. */
function framesAfterNextCommit(db: Database.Database): number {
  db.prepare('INSERT INTO t (body) VALUES (?)').run('y');
  // A checkpoint of nothing new: it reports the frames in the log without copying any it has not copied.
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
  return result?.log ?? -1;
}

describe('WAL checkpoints on a worker thread', () => {
  it('copies the whole log back on request, so the next commit restarts it from the beginning', async () => {
    const { db, file } = walDatabase(3000);
    const checkpointer = new WalCheckpointer(file);
    try {
      checkpointer.request();
      await until(() => checkpointer.completed === 1 && !checkpointer.checkpointing, 'the checkpoint');
      expect(framesAfterNextCommit(db)).toBeLessThan(10);
    } finally {
      checkpointer.close();
      db.close();
    }
  });

  it('without a request the log keeps growing: what the test above measures is the worker’s doing', () => {
    const { db } = walDatabase(3000);
    try {
      expect(framesAfterNextCommit(db)).toBeGreaterThan(700);
    } finally {
      db.close();
    }
  });

  it('closes its connection before close() returns, so the last connection to close is the caller’s', async () => {
    const { db, file } = walDatabase(100);
    const checkpointer = new WalCheckpointer(file);
    checkpointer.request();
    await until(() => checkpointer.completed === 1, 'the checkpoint');
    checkpointer.close();
    db.close();
    // SQLite removes the log when its last connection closes: the worker's was closed already.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('a worker that cannot load better-sqlite3 says so once and leaves checkpoints to the store’s connection', async () => {
    // Tried: resolving better-sqlite3 from a directory that has no node_modules.
    const { db, file } = walDatabase(10);
    const failures: string[] = [];
    const checkpointer = new WalCheckpointer(file, (message) => failures.push(message), ['/nonexistent/entry.js']);
    try {
      checkpointer.request();
      await until(() => failures.length > 0, 'the failure');
      checkpointer.request();
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(/main thread.*better-sqlite3/);
      expect(checkpointer.checkpointing).toBe(false);
    } finally {
      checkpointer.close();
      db.close();
    }
  });

  it('a file store with more lines than one checkpoint keeps them all and closes without a log left behind', async () => {
    const file = stores.tempFile();
    const store = stores.open(file);
    const lines = Array.from({ length: 12_000 }, (_, index) => podObservation(index + 1, T0 + index));
    for (const { entry, line } of lines) store.append(entry, line);
    store.commit();
    // The store asked its worker once 5,000 lines had committed (element access: the worker is the store's own).
    const checkpointer = store['checkpointer'];
    await until(() => (checkpointer?.completed ?? 0) >= 1, 'the store’s checkpoint');
    for (const { entry, line } of lines.slice(0, 6000)) store.append(entry, line);
    store.commit();
    expect(store.count()).toBe(18_000);
    store.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const reopened = stores.open(file);
    expect(reopened.count()).toBe(18_000);
  });
});
