/**
 * Vertical layout and virtualization of the rows (Jaeger's `ListView` math as a plain class): row tops are prefix
 * sums of fixed per-kind heights, so finding the rows in a viewport is a binary search, whatever the row count.
 *
 * Invariant: `tops.length === rows.length + 1`, `tops[0] === 0`, `tops[i + 1] - tops[i]` is row i's height.
 */
import type { Row } from './row-model';

export const ROW_HEIGHTS: Record<Row['kind'], number> = { workload: 28, capacity: 36, revision: 20, fold: 22, pod: 30 };

export interface VisibleRange {
  /** First row index to render (inclusive). */
  first: number;
  /** Last row index to render (exclusive). */
  end: number;
}

export class RowLayout {
  private readonly tops: Float64Array;

  constructor(readonly rows: readonly Row[]) {
    this.tops = new Float64Array(rows.length + 1);
    for (let i = 0; i < rows.length; i++) this.tops[i + 1] = this.tops[i]! + ROW_HEIGHTS[rows[i]!.kind];
  }

  get totalHeight(): number {
    return this.tops[this.rows.length]!;
  }

  top(index: number): number {
    return this.tops[Math.max(0, Math.min(index, this.rows.length))]!;
  }

  height(index: number): number {
    return this.top(index + 1) - this.top(index);
  }

  /** The row whose box contains `y` (content coordinates), or -1 outside every row. */
  indexAt(y: number): number {
    if (y < 0 || y >= this.totalHeight) return -1;
    let low = 0;
    let high = this.rows.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.tops[mid]! <= y) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Rows intersecting [scrollTop, scrollTop + viewportHeight), plus `overscan` rows on each side. */
  visible(scrollTop: number, viewportHeight: number, overscan = 4): VisibleRange {
    if (this.rows.length === 0) return { first: 0, end: 0 };
    const firstHit = this.indexAt(Math.max(0, Math.min(scrollTop, this.totalHeight - 1)));
    const lastHit = this.indexAt(Math.max(0, Math.min(scrollTop + viewportHeight - 1, this.totalHeight - 1)));
    return { first: Math.max(0, firstHit - overscan), end: Math.min(this.rows.length, lastHit + 1 + overscan) };
  }

  /** The scrollTop that brings row `index` into a viewport of `viewportHeight`, or `scrollTop` if it is already in. */
  scrollToShow(index: number, scrollTop: number, viewportHeight: number): number {
    const top = this.top(index);
    const bottom = top + this.height(index);
    if (top < scrollTop) return top;
    if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
    return scrollTop;
  }
}
