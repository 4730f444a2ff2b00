/**
 * "Lines may be out of order by a few milliseconds across resources; order by `at`, then by file position"
 * (../shared/spec/recording.md). Entries are held until the newest `at` seen is `windowMs` past them, then
 * released in (at, line) order, so memory is bounded by how many entries one window of recording time holds.
 *
 * Not promised: an entry that arrives after a later one was already released (more than the window out of
 * order) is passed through at once, out of order, and counted as late: holding the whole file is not an option.
 */
import type { RecordedEntry } from './reader-types';
import { MinHeap } from './min-heap';

export const DEFAULT_REORDER_WINDOW_MS = 2000;

function byTimeThenLine(a: RecordedEntry, b: RecordedEntry): number {
  return a.entry.at - b.entry.at || a.line - b.line;
}

/** The synchronous core, used directly by the reader on batches of lines. */
export class Reorderer {
  private readonly held = new MinHeap<RecordedEntry>(byTimeThenLine);
  private newestAt = -Infinity;
  /** `at` of the last released entry; every entry still held is at or after it (line numbers only grow). */
  private releasedAt = -Infinity;
  private late = 0;

  constructor(private readonly windowMs: number = DEFAULT_REORDER_WINDOW_MS) {}

  get lateEntries(): number {
    return this.late;
  }

  /** Appends to `out` whatever `item` makes releasable (possibly `item` itself, possibly nothing). */
  push(item: RecordedEntry, out: RecordedEntry[]): void {
    const at = item.entry.at;
    if (at < this.releasedAt) {
      this.late += 1;
      out.push(item);
      return;
    }
    this.held.push(item);
    if (at > this.newestAt) this.newestAt = at;
    this.release(this.newestAt - this.windowMs, out);
  }

  /** At the end of the input: releases everything still held. */
  flush(out: RecordedEntry[]): void {
    this.release(Infinity, out);
  }

  private release(upTo: number, out: RecordedEntry[]): void {
    for (let next = this.held.peek(); next !== undefined && next.entry.at <= upTo; next = this.held.peek()) {
      this.held.pop();
      this.releasedAt = next.entry.at;
      out.push(next);
    }
  }
}

/** Reorders a stream of entries; `stats.lateEntries` is kept current as late entries pass. */
export async function* reorderEntries(
  source: AsyncIterable<RecordedEntry>,
  windowMs: number = DEFAULT_REORDER_WINDOW_MS,
  stats?: { lateEntries: number },
): AsyncGenerator<RecordedEntry, void, undefined> {
  const reorderer = new Reorderer(windowMs);
  const out: RecordedEntry[] = [];
  for await (const item of source) {
    reorderer.push(item, out);
    if (stats) stats.lateEntries = reorderer.lateEntries;
    yield* drain(out);
  }
  reorderer.flush(out);
  yield* drain(out);
}

function* drain(out: RecordedEntry[]): Generator<RecordedEntry, void, undefined> {
  for (const item of out) yield item;
  out.length = 0;
}
