import { describe, expect, it } from 'vitest';
import type { RecordedEntry } from './reader-types';
import { reorderEntries, Reorderer } from './reorder';
import { collect, pseudoRandomBytes, T0 } from './test-helpers';

function entry(offsetMs: number, line: number): RecordedEntry {
  return { entry: { at: T0 + offsetMs, type: 'WATCH', resource: 'pods', state: 'connected' }, line, raw: '' };
}

async function* from(items: RecordedEntry[]): AsyncGenerator<RecordedEntry, void, undefined> {
  for (const item of items) yield item;
}

const order = (items: RecordedEntry[]) => items.map((item) => [item.entry.at - T0, item.line]);

describe('reorderEntries', () => {
  it('sorts entries shuffled within the window by time', async () => {
    const jitter = pseudoRandomBytes(1000);
    const input = Array.from(jitter, (noise, index) => entry(index * 10 + (noise % 50), index + 1));
    const output = await collect(reorderEntries(from(input), 100));
    const sorted = [...input].sort((a, b) => a.entry.at - b.entry.at || a.line - b.line);
    expect(order(output)).toEqual(order(sorted));
  });

  it('keeps file order for entries with the same time', async () => {
    const output = await collect(reorderEntries(from([entry(5, 1), entry(0, 2), entry(5, 3), entry(0, 4)]), 100));
    expect(order(output)).toEqual([
      [0, 2],
      [0, 4],
      [5, 1],
      [5, 3],
    ]);
  });

  it('passes an entry older than what was already released through at once and counts it as late', async () => {
    const stats = { lateEntries: 0 };
    const input = [entry(0, 1), entry(1000, 2), entry(2000, 3), entry(500, 4), entry(2100, 5)];
    const output = await collect(reorderEntries(from(input), 1000, stats));
    expect(order(output)).toEqual([
      [0, 1],
      [1000, 2],
      [500, 4],
      [2000, 3],
      [2100, 5],
    ]);
    expect(stats.lateEntries).toBe(1);
  });

  it('with a zero window passes entries on in input order, counting the ones that went back in time', async () => {
    const stats = { lateEntries: 0 };
    const output = await collect(reorderEntries(from([entry(10, 1), entry(5, 2), entry(20, 3)]), 0, stats));
    expect(order(output)).toEqual([
      [10, 1],
      [5, 2],
      [20, 3],
    ]);
    expect(stats.lateEntries).toBe(1);
  });

  it('releases an entry as soon as recording time is a window past it, not at the end of the input', async () => {
    const source = from([entry(0, 1), entry(1999, 2), entry(2000, 3)]);
    const iterator = reorderEntries(source, 2000)[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(entry(0, 1));
  });
});

describe('Reorderer', () => {
  it('holds no more entries than one window of recording time contains', () => {
    const reorderer = new Reorderer(100);
    const out: RecordedEntry[] = [];
    let mostHeld = 0;
    for (let index = 0; index < 10_000; index++) {
      reorderer.push(entry(index, index + 1), out);
      mostHeld = Math.max(mostHeld, index + 1 - out.length);
    }
    expect(mostHeld).toBeLessThanOrEqual(101);
    reorderer.flush(out);
    expect(out).toHaveLength(10_000);
  });
});
