import { describe, expect, it } from 'vitest';
import { LineWindow } from './line-window';
import { TimeWindow } from './reorder';
import { pseudoRandomBytes } from './test-helpers';

interface Item {
  at: number;
  line: number;
}

/** What TimeWindow, the reference, releases for `items`: (line, late) in release order. */
function reference(items: Item[], windowMs: number): { order: number[]; late: number } {
  const window = new TimeWindow<Item>(windowMs, (item) => item.at);
  const out: Item[] = [];
  for (const item of items) window.push(item, out);
  window.flush(out);
  return { order: out.map((item) => item.line), late: window.lateEntries };
}

function lineWindow(
  items: Item[],
  windowMs: number,
  takeEvery: number,
): { order: number[]; late: number; bytes: string[] } {
  const window = new LineWindow<string>(windowMs);
  const chunk = new TextEncoder().encode('abcdefghij');
  const order: number[] = [];
  const bytes: string[] = [];
  const take = () => {
    while (window.takeNext()) {
      order.push(window.takenLine);
      bytes.push(window.takenBytes ? new TextDecoder().decode(window.takenBytes) : `value:${window.takenValue}`);
    }
  };
  items.forEach((item, index) => {
    // Every third line is held as a value (a line parsed at once), the others as bytes.
    if (item.line % 3 === 0) window.pushValue(item.at, item.line, String(item.line));
    else window.pushBytes(item.at, item.line, chunk, item.line % 10, 10);
    if (index % takeEvery === 0) take();
  });
  window.flush();
  take();
  return { order, late: window.lateEntries, bytes };
}

describe('LineWindow', () => {
  it.each([
    ['in order', 0, 1],
    ['a few ms out of order', 30, 7],
    ['out of order by more than the window', 3000, 1],
    ['thousands held at once, taken rarely', 50, 5000],
  ])(
    'releases exactly what TimeWindow releases, in the same order, late lines alike (%s)',
    (_name, jitterMs, takeEvery) => {
      const noise = pseudoRandomBytes(20_000, 7);
      const items = Array.from(noise, (byte, index) => ({
        at: Math.floor(index / 4) + Math.round(((byte - 128) / 128) * jitterMs),
        line: index + 2,
      }));
      const expected = reference(items, 1000);
      const actual = lineWindow(items, 1000, takeEvery);
      expect(actual.order).toEqual(expected.order);
      expect(actual.late).toBe(expected.late);
      if (jitterMs > 1000) expect(actual.late).toBeGreaterThan(0);
      // Each line comes back with what was held for it.
      const byLine = new Map(actual.order.map((line, index) => [line, actual.bytes[index]]));
      expect(byLine.get(3)).toBe('value:3');
      expect(byLine.get(4)).toBe('efghij');
    },
  );
});

describe('LineWindow.allocate', () => {
  it('lends a chunk again only once no held line is in it, and never one the caller may still be filling', () => {
    const window = new LineWindow<string>(100);
    const first = window.allocate(10_000);
    first.fill(1);
    window.pushBytes(0, 2, first, 0, 10);
    window.pushBytes(0, 3, first, 10, 20);
    const second = window.allocate(10_000);
    expect(second.buffer).not.toBe(first.buffer);
    // Both lines of `first` released and taken: it is free once the second one's bytes are no longer needed.
    window.pushBytes(500, 4, second, 0, 10);
    expect(window.takeNext()).toBe(true);
    expect(window.takenBytes?.[0]).toBe(1);
    expect(window.takeNext()).toBe(true);
    expect(window.takenBytes?.[0]).toBe(1);
    const third = window.allocate(10_000);
    expect(third.buffer).not.toBe(first.buffer);
    expect(window.takeNext()).toBe(false);
    // Now `first` is free, and so is `third` (no line of it was held) once the next chunk is asked for.
    const reused = [600, 700].map((at, index) => {
      const chunk = window.allocate(10_000);
      window.pushBytes(at, 5 + index, chunk, 0, 10);
      return chunk.buffer;
    });
    expect(reused).toContain(first.buffer);
    expect(reused).toContain(third.buffer);
    expect(reused).not.toContain(second.buffer);
  });
});
