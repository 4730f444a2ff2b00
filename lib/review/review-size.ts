/**
 * How much a review replays in the browser. The review downloads the whole range's recording and keeps every
 * entry to replay it (./replay.ts), so its cost follows the lines of the range. Measured with the reader and the
 * replay on the simulator's lines (about 1.5 kB of JSON each; a real cluster's pods are bigger): each line held
 * costs about 3 kB of heap and 40 µs of parsing, and a scrub backwards replays from the first line at about 6 µs
 * a line. 100,000 lines is then some 300 MB held (nearer a gigabyte with real pods), 4 s of parsing before
 * anything shows and over half a second a backward scrub: as much as a tab should take, and still far more than
 * an episode needs (a rollout of a hundred pods is a few thousand lines). A busy cluster's hours are millions:
 * the server counts a range first (`GET /api/history/size`) and the page offers shorter stretches instead.
 */

/** The most stored lines a review downloads and replays. */
export const MAX_REVIEW_LINES = 100_000;

export interface TimeSpan {
  from: number;
  to: number;
}

/** The answer of `GET /api/history/size?from&to|episode` (server/store/range-size.ts). */
export interface RangeSize {
  /** The range the query resolved to (an episode's, or an imported recording's whole range). */
  range: { source: number; from: number; to: number };
  /** Stored lines in the range, counted as the recording export reads them (from ≤ at ≤ to). */
  lines: number;
  /** MAX_REVIEW_LINES, as the server applied it. */
  limit: number;
  /**
   * Over the limit, for a range of the live recording: the longest stretch from its start, and the longest to its
   * end, that hold at most `limit` lines. null within the limit, and for an imported recording (a review range
   * is always of the live recording).
   */
  fitting: { first: TimeSpan | null; last: TimeSpan | null } | null;
}

export function isTooLarge(size: RangeSize): boolean {
  return size.lines > size.limit;
}
