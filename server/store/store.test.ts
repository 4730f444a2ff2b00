import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { podObservation, seqOf, T0 } from './testing/lines';
import { sqlOf } from './testing/sql';
import { tempStores } from './testing/temp-stores';

const { open, tempFile } = tempStores();
let child: ChildProcess | undefined;

// Registered after tempStores(): it runs first, so the writer is dead before its file is removed.
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

describe('RecordingStore', () => {
  it('keeps each line exactly as written and returns a time range in time order', () => {
    const store = open(':memory:');
    const lines = [3, 1, 2].map((seq) => podObservation(seq, T0 + seq * 1000));
    for (const { entry, line } of lines) store.append(entry, line);
    const range = [...store.range(T0 + 1000, T0 + 2000)].map((row) => row.line);
    expect(range).toEqual([lines[1]?.line, lines[2]?.line]);
  });

  it('acknowledges a line only once its group commit has happened, many lines per commit', () => {
    const store = open(':memory:');
    const commits: number[] = [];
    store.onCommit((committed) => commits.push(committed));
    for (let seq = 1; seq <= 100; seq++) {
      const { entry, line } = podObservation(seq, T0 + seq);
      store.append(entry, line);
    }
    expect(commits).toEqual([]);
    store.commit();
    expect(commits).toEqual([100]);
    expect(store.count()).toBe(100);
  });

  it('replays from the middle of a range with each object’s last line before it (the prologue)', () => {
    const store = open(':memory:');
    const before = podObservation(1, T0);
    const during = podObservation(1, T0 + 10_000, { terminating: true });
    const other = podObservation(2, T0 + 1000);
    for (const { entry, line } of [before, other, during]) store.append(entry, line);
    expect(store.prologue(T0 + 5000, T0 + 20_000).map((row) => row.line)).toEqual([before.line]);
  });

  it('loses no acknowledged line (nor its pod’s timeline) when the writing process is killed with SIGKILL mid-write, and the file checks out', async () => {
    const file = tempFile();
    const script = path.join(import.meta.dirname, 'testing', 'crash-writer.ts');
    child = spawn(process.execPath, ['--import', 'tsx', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let acked = 0;
    await new Promise<void>((resolve, reject) => {
      child?.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
      child?.stdout?.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString().matchAll(/acked (\d+)/g)) acked = Math.max(acked, Number(match[1]));
        if (acked >= 20_000) {
          child?.removeAllListeners('exit');
          child?.kill('SIGKILL');
          child?.on('exit', () => resolve());
        }
      });
    });
    const store = open(file);
    expect(sqlOf(store).pragma('integrity_check', { simple: true })).toBe('ok');
    const seqs = new Set([...store.range(0, Number.MAX_SAFE_INTEGER)].map((row) => seqOf(row.line)));
    const missing = Array.from({ length: acked }, (_, index) => index + 1).filter((seq) => !seqs.has(seq));
    expect(missing).toEqual([]);
    // Each line is a pod of its own: every acknowledged one has its timeline, written with it or caught up on open.
    const uids = new Set(sqlOf(store).prepare('SELECT uid FROM timelines WHERE source = 0').pluck().all() as string[]);
    expect(Array.from({ length: acked }, (_, index) => `uid-${index + 1}`).filter((uid) => !uids.has(uid))).toEqual([]);
  }, 60_000);
});

describe('applyRetention', () => {
  it('removes exactly the live lines older than the age limit, and nothing newer', () => {
    const store = open(':memory:');
    for (let seq = 1; seq <= 10; seq++) {
      const { entry, line } = podObservation(seq, T0 + seq * 60_000);
      store.append(entry, line);
    }
    store.commit();
    const result = store.applyRetention({ maxAgeMs: 5 * 60_000, maxBytes: Number.MAX_SAFE_INTEGER }, T0 + 10 * 60_000);
    expect(result.removedByAge).toBe(4);
    expect([...store.range(0, Number.MAX_SAFE_INTEGER)].map((row) => seqOf(row.line))).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it('over the size limit, removes the oldest lines first until the store fits', () => {
    const store = open(tempFile());
    for (let seq = 1; seq <= 5000; seq++) {
      const { entry, line } = podObservation(seq, T0 + seq);
      store.append(entry, line);
    }
    store.commit();
    const limit = Math.floor(store.usedBytes() / 2);
    const result = store.applyRetention({ maxAgeMs: Number.MAX_SAFE_INTEGER, maxBytes: limit }, T0);
    expect(store.usedBytes()).toBeLessThanOrEqual(limit);
    const left = [...store.range(0, Number.MAX_SAFE_INTEGER)].map((row) => seqOf(row.line));
    expect(result.removedBySize).toBe(5000 - left.length);
    expect(left).toEqual(Array.from({ length: left.length }, (_, index) => 5001 - left.length + index));
    expect(left.length).toBeGreaterThan(1500);
  });
});
