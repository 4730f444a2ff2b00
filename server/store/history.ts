/**
 * Reviewing the past: the materialised timelines of the pods seen in a stored range (see store.ts), with the
 * findings the engine derives from them; an imported recording is its whole range. Each pod's timeline is the
 * one replaying its whole source gives, not one cut at the range's edges. The replay of the range itself (with
 * each object's state at the range's start, ./lines.ts prologueRows) remains for an allowance other than the one
 * the timelines were derived with.
 */
import { brandError, hasErrorBrand } from '@/lib/cross-bundle';
import { applyEntry, buildAnalysis, createTimelineState } from '@/lib/timeline/engine';
import type { Analysis } from '@/lib/timeline/types';
import { countRange, entriesOf, replayRows, type StoredRange } from './lines';
import type { Db } from './schema';
import { analysisOfPods, podsInWindow, slicesSeenBy } from './timeline-rows';
import { workloadsInWindow } from './workload-specs';

/**
 * A replay runs on the server's event loop: about 15 µs a line (npm run bench:store), so half a million lines is
 * already seconds during which the live stream waits. Bigger ranges are refused; narrow them. Reading the
 * materialised timelines has no such limit: its cost follows the pods, not the lines.
 */
export const MAX_REPLAY_LINES = 500_000;

export class RangeTooLargeError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, 'RangeTooLargeError');
  }

  constructor(message: string) {
    super(message);
    brandError(this, 'RangeTooLargeError');
  }
}

/** The materialised timelines of the pods seen in the range (first to last observation overlapping it). */
export function openWindow(db: Db, range: StoredRange, allowanceSeconds: number): Analysis {
  const analysis = analysisOfPods(podsInWindow(db, range), allowanceSeconds, slicesSeenBy(db, range.source, range.to));
  const workloads = workloadsInWindow(db, range);
  if (workloads.length > 0) analysis.workloads = workloads;
  return analysis;
}

/** Today's timelines of the range's own lines: the engine over the prologue and the range. */
export function replayRange(
  db: Db,
  range: StoredRange,
  allowanceSeconds: number,
  maxLines = MAX_REPLAY_LINES,
): Analysis {
  const lines = countRange(db, range);
  if (lines > maxLines) {
    throw new RangeTooLargeError(
      `the range holds ${lines.toLocaleString('en')} lines, more than the ${maxLines.toLocaleString('en')} the server replays at once for an allowance other than the store's: narrow it (or open one episode)`,
    );
  }
  let state = createTimelineState({ allowanceSeconds });
  for (const entry of entriesOf(replayRows(db, range))) state = applyEntry(state, entry);
  return buildAnalysis(state);
}
