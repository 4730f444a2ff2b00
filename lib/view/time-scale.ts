/**
 * The one mapping between time and pixels (Perfetto's `TimeScale`): every draw, hit test and axis goes through
 * it, so they cannot disagree. Times are ms on the lane's time line (epoch ms, or ms since the delete when lanes
 * are aligned); pixels are CSS pixels from the left edge of the lane area.
 */
export interface TimeSpan {
  startMs: number;
  endMs: number;
}

export class TimeScale {
  readonly startMs: number;
  readonly endMs: number;
  readonly widthPx: number;
  /** Pixels per ms; positive because the constructor refuses empty spans. */
  readonly pxPerMs: number;

  constructor(span: TimeSpan, widthPx: number) {
    this.startMs = span.startMs;
    this.endMs = span.endMs > span.startMs ? span.endMs : span.startMs + 1;
    this.widthPx = Math.max(1, widthPx);
    this.pxPerMs = this.widthPx / (this.endMs - this.startMs);
  }

  toPx(ms: number): number {
    return (ms - this.startMs) * this.pxPerMs;
  }

  toMs(px: number): number {
    return this.startMs + px / this.pxPerMs;
  }

  durationToPx(ms: number): number {
    return ms * this.pxPerMs;
  }
}

const NICE_STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
  900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
];

/** The smallest step of the series at least `roughMs` long (whole seconds and minutes read best on an axis). */
export function niceStep(roughMs: number): number {
  for (const step of NICE_STEPS_MS) if (step >= roughMs) return step;
  return NICE_STEPS_MS[NICE_STEPS_MS.length - 1] ?? 86_400_000;
}
