/**
 * The store file's page size (./schema.ts `PAGE_SIZE`): a new store gets the bigger pages, a store created with the
 * 4 KiB default (every store before them) keeps its own and opens with its lines, and each checkpoints its log at
 * the same size in bytes.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from './schema';
import { podObservation, T0 } from './testing/lines';
import { sqlOf } from './testing/sql';
import { tempStores } from './testing/temp-stores';

const { open, tempFile } = tempStores();

function pragma(store: Parameters<typeof sqlOf>[0], name: string): number {
  return Number(sqlOf(store).pragma(name, { simple: true }));
}

describe('page size', () => {
  it('a new store file has the bigger pages and checkpoints its log at ~40 MB', () => {
    const store = open(tempFile());
    expect(pragma(store, 'page_size')).toBe(PAGE_SIZE);
    expect(pragma(store, 'wal_autocheckpoint') * PAGE_SIZE).toBe(40 * 1024 * 1024);
  });

  it('a store created with 4 KiB pages keeps them, opens with its lines and replays them', () => {
    const file = tempFile();
    // What the previous version created: the default page size, set before the first table.
    const old = new Database(file);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.close();
    const lines = [podObservation(1, T0), podObservation(1, T0 + 10_000, { terminating: true })];
    const written = open(file);
    expect(pragma(written, 'page_size')).toBe(4096);
    for (const { entry, line } of lines) written.append(entry, line);
    written.close();

    const reopened = open(file);
    expect(pragma(reopened, 'page_size')).toBe(4096);
    expect(pragma(reopened, 'wal_autocheckpoint')).toBe(10_240);
    expect(reopened.prologue(T0 + 5000, T0 + 20_000).map((row) => row.line)).toEqual([lines[0]?.line]);
  });
});
