/**
 * A replay cursor over a recording: the engine's analysis as of one instant, computed from the same entries and
 * by the same reducer as live use, the CLI and the server's review (lib/timeline/engine.ts).
 *
 * The reducer updates its state in place and keeps no history, so moving the cursor forward applies only the
 * entries passed over, while moving it backward replays from the first entry. The analysis is cached per number
 * of entries applied: a cursor that moves between two entries costs nothing.
 */
import type { RecordingEntry } from '../recording/types';
import {
  applyEntry,
  buildAnalysis,
  createTimelineState,
  type EngineOptions,
  type TimelineState,
} from '../timeline/engine';
import type { Analysis } from '../timeline/types';

export interface ReplayStats {
  /** Entries folded into a state so far, rebuilds included. */
  applied: number;
  /** Times the state was thrown away and replayed from the first entry. */
  rebuilds: number;
}

export class Replay {
  /** In receipt-time order (stable for equal times), as the engine expects them. */
  private readonly entries: readonly RecordingEntry[];
  private readonly options: EngineOptions;
  private state: TimelineState;
  /** Invariant: `state` holds exactly `entries[0, position)`. */
  private position = 0;
  private cached: { position: number; analysis: Analysis } | null = null;
  readonly stats: ReplayStats = { applied: 0, rebuilds: 0 };

  constructor(entries: readonly RecordingEntry[], options: EngineOptions = {}) {
    this.entries = isOrdered(entries) ? entries : stableByTime(entries);
    this.options = options;
    this.state = createTimelineState(options);
  }

  get length(): number {
    return this.entries.length;
  }

  /** Receipt time of the first and last entry; null for an empty recording. */
  get extent(): { from: number; to: number } | null {
    const first = this.entries[0];
    const last = this.entries[this.entries.length - 1];
    return first && last ? { from: first.at, to: last.at } : null;
  }

  /** How many entries were received at or before `atMs`. */
  countUpTo(atMs: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.entries[middle] as RecordingEntry).at <= atMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The analysis of every entry received at or before `atMs`. */
  seek(atMs: number): Analysis {
    const target = this.countUpTo(atMs);
    if (target < this.position) {
      this.state = createTimelineState(this.options);
      this.position = 0;
      this.stats.rebuilds += 1;
    }
    for (; this.position < target; this.position++) {
      this.state = applyEntry(this.state, this.entries[this.position] as RecordingEntry);
      this.stats.applied += 1;
    }
    if (this.cached?.position !== this.position)
      this.cached = { position: this.position, analysis: buildAnalysis(this.state) };
    return this.cached.analysis;
  }
}

function isOrdered(entries: readonly RecordingEntry[]): boolean {
  for (let index = 1; index < entries.length; index++) {
    if ((entries[index] as RecordingEntry).at < (entries[index - 1] as RecordingEntry).at) return false;
  }
  return true;
}

function stableByTime(entries: readonly RecordingEntry[]): RecordingEntry[] {
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
}
