/** The recording reader's public types (implemented in reader.ts, which re-exports them). */
import type { RecordingEntry, RecordingHeader } from './types';

export interface ReadOptions {
  /**
   * Skip malformed lines and count them in `stats` instead of failing (the CLI's `--lenient`). Problems with
   * the file as a whole stay fatal even then: see reader.ts.
   */
  lenient?: boolean;
  /** How far out of order (recording time) entries may arrive and still come out sorted. Default 2000. */
  reorderWindowMs?: number;
}

export interface RecordingStats {
  /** Lines read, the header and blank lines included. */
  lines: number;
  observations: number;
  watchStates: number;
  /** Lines with an object drainscope does not analyse, by `apiVersion kind` (e.g. `apps/v1 Deployment`). */
  skippedKinds: Record<string, number>;
  /** Lenient mode only: malformed lines skipped. */
  skippedMalformed: number;
  /** The first few skipped lines and why (`message` without a `line N:` prefix). At most MAX_MALFORMED_SAMPLES. */
  malformedSamples: { line: number; message: string }[];
  /** Entries that arrived more than the reorder window after a later entry and were passed on out of order. */
  lateEntries: number;
}

/** One entry with where it came from; `raw` is the line exactly as in the file (without its line ending). */
export interface RecordedEntry {
  entry: RecordingEntry;
  line: number;
  raw: string;
  /**
   * kubectl output only: where the entry goes among entries of the same `at`, whatever order the watches were
   * concatenated in (lib/recording/input.ts); recordings keep their own order.
   */
  order?: number;
}

export interface OpenedRecording {
  header: RecordingHeader;
  /** Sorted by (at, line) within the reorder window. Iterate it to the end, or break out to close the source. */
  entries: AsyncIterable<RecordedEntry>;
  /** Filled in while `entries` is read; complete once it is exhausted. */
  stats: RecordingStats;
}

export interface WholeRecording {
  header: RecordingHeader;
  entries: RecordedEntry[];
  stats: RecordingStats;
}
