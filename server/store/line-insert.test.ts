/**
 * The `object` column (./line-insert.ts): what a replay finds each object's last line before a range by. Tried: a
 * store written before the column existed (its lines get the column on open), two uids forced onto one hash, and
 * whether SQLite uses the index for the prologue at all.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { objectKey, objectKeyOf } from './line-insert';
import { podObservation, T0 } from './testing/lines';
import { sqlOf } from './testing/sql';
import { tempStores } from './testing/temp-stores';

const { open, tempFile } = tempStores();

describe('object keys', () => {
  it('are safe integers, the same for the same uid, different for the uids of a run, none for events', () => {
    const keys = new Set<number>();
    for (let index = 0; index < 20_000; index++) {
      const key = objectKey(`7f0c2a4e-${index.toString(16).padStart(4, '0')}-4b1d-9c3e-1a2b3c4d5e6f`);
      expect(Number.isSafeInteger(key) && key >= 0).toBe(true);
      keys.add(key);
    }
    expect(keys.size).toBe(20_000);
    expect(objectKey('web-1')).toBe(objectKey('web-1'));
    expect(objectKeyOf('Event', 'uid-1')).toBeNull();
    expect(objectKeyOf('watch:pods', null)).toBeNull();
    expect(objectKeyOf('Pod', 'uid-1')).toBe(objectKey('uid-1'));
  });

  it('find each object’s last line before a range through the index, and two uids with one key stay apart', () => {
    const store = open(':memory:');
    const before = [podObservation(1, T0), podObservation(2, T0 + 1000)];
    const during = [podObservation(1, T0 + 10_000), podObservation(2, T0 + 11_000)];
    for (const { entry, line } of [...before, ...during]) store.append(entry, line);
    store.commit();
    const db = sqlOf(store);
    // Both pods' lines forced onto one key: the uid still tells them apart.
    db.prepare('UPDATE lines SET object = 42').run();
    expect(store.prologue(T0 + 5000, T0 + 20_000).map((row) => row.line)).toEqual(before.map((item) => item.line));
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT max(p.id) FROM lines p WHERE p.source = 0 AND p.object = 42 AND p.uid = 'x' AND p.at < 5",
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toContain('lines_object');
  });

  it('a store written before lines had an object key gets them on open, and replays from the middle as before', () => {
    const file = tempFile();
    const before = podObservation(1, T0);
    const during = podObservation(1, T0 + 10_000, { terminating: true });
    const written = open(file);
    for (const { entry, line } of [before, during]) written.append(entry, line);
    written.close();
    // What the previous version wrote: no `object` column, the uid text indexed.
    const old = new Database(file);
    old.exec('DROP INDEX lines_object');
    old.exec('ALTER TABLE lines DROP COLUMN object');
    old.exec('CREATE INDEX lines_uid ON lines (source, uid, at)');
    old.close();

    const store = open(file);
    const db = sqlOf(store);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'lines'")
      .pluck()
      .all();
    expect(indexes).toContain('lines_object');
    expect(indexes).not.toContain('lines_uid');
    expect(db.prepare('SELECT DISTINCT object FROM lines').pluck().all()).toEqual([objectKey('uid-1')]);
    expect(store.prologue(T0 + 5000, T0 + 20_000).map((row) => row.line)).toEqual([before.line]);
  });
});
