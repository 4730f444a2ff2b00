/**
 * "Lines may be out of order by a few milliseconds across resources; order by `at`, then by file position"
 * (docs/recording-format.md). Entries are held until the newest `at` seen is `windowMs` past them, then
 * released in (at, line) order, so memory is bounded by how many entries one window of recording time holds.
 *
 * Not promised: an entry that arrives after a later one was already released (more than the window out of
 * order) is passed through at once, out of order, and counted as late: holding the whole file is not an option.
 */
import type { RecordedEntry } from './reader-types';
import { MinHeap } from './min-heap';

export const DEFAULT_REORDER_WINDOW_MS = 2000;

/** What the window orders: a time and the line it came from (line numbers only grow). */
export interface Timed {
  readonly line: number;
}

/**
 * The synchronous core, generic so the reader can hold lines it has not parsed yet. `atOf` gives an item's
 * recording time.
 */
export class TimeWindow<T extends Timed> {
  private readonly held: MinHeap<T>;
  private newestAt = -Infinity;
  /** `at` of the last released item; every item still held is at or after it. */
  private releasedAt = -Infinity;
  private late = 0;

  constructor(
    private readonly windowMs: number,
    private readonly atOf: (item: T) => number,
  ) {
    this.held = new MinHeap<T>((a, b) => atOf(a) - atOf(b) || a.line - b.line);
  }

  get lateEntries(): number {
    return this.late;
  }

  /** Appends to `out` whatever `item` makes releasable (possibly `item` itself, possibly nothing). */
  push(item: T, out: T[]): void {
    const at = this.atOf(item);
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
  flush(out: T[]): void {
    this.release(Infinity, out);
  }

  private release(upTo: number, out: T[]): void {
    for (let next = this.held.peek(); next !== undefined && this.atOf(next) <= upTo; next = this.held.peek()) {
      this.held.pop();
      this.releasedAt = this.atOf(next);
      out.push(next);
    }
  }
}

/** The window over entries already parsed. */
export class Reorderer extends TimeWindow<RecordedEntry> {
  constructor(windowMs: number = DEFAULT_REORDER_WINDOW_MS) {
    super(windowMs, (item) => item.entry.at);
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
