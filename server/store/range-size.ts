/**
 * The answer of `GET /api/history/size?from&to|episode` (served by ./routes.ts): how many stored lines a range
 * holds, which the review asks before it downloads the range's recording to replay it in the browser
 * (lib/review/review-size.ts says why there is a limit). Over the limit it also finds, for a range of the live
 * recording, the longest stretches from either end that fit, so the page can offer them: both are index reads
 * (`lines_source_at`), never a read of the lines.
 */
import { MAX_REVIEW_LINES, type RangeSize, type TimeSpan } from '@/lib/review/review-size';
import { countRange, type StoredRange } from './lines';
import { isLiveSource, type Db } from './schema';

export function rangeSize(db: Db, range: StoredRange, limit = MAX_REVIEW_LINES): RangeSize {
  const lines = countRange(db, range);
  if (lines <= limit || !isLiveSource(range.source)) return { range, lines, limit, fitting: null };
  // The first line past the limit counted from either end; a stretch stops a millisecond short of it, so lines
  // sharing its millisecond (BETWEEN takes them all) stay out too.
  const beyond = (order: 'ASC' | 'DESC'): number =>
    db
      .prepare(`SELECT at FROM lines WHERE source = ? AND at BETWEEN ? AND ? ORDER BY at ${order} LIMIT 1 OFFSET ?`)
      .pluck()
      .get(range.source, range.from, range.to, limit) as number;
  return {
    range,
    lines,
    limit,
    fitting: { first: span(range.from, beyond('ASC') - 1), last: span(beyond('DESC') + 1, range.to) },
  };
}

/** null when more than `limit` lines share one millisecond at that end: no stretch of it fits. */
function span(from: number, to: number): TimeSpan | null {
  return to >= from ? { from, to } : null;
}
