/**
 * Pure pan/zoom arithmetic on the visible time span. The span never gets shorter than MIN_SPAN_MS (below a
 * millisecond nothing drawn means anything) nor longer than MAX_SPAN_MS.
 */
import type { TimeSpan } from './time-scale';

export const MIN_SPAN_MS = 20;
export const MAX_SPAN_MS = 7 * 24 * 3_600_000;

function clampWidth(width: number): number {
  return Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, width));
}

/** Zooms by `factor` (< 1 zooms in) keeping the time under `anchor` (0 = left edge, 1 = right edge) in place. */
export function zoomSpan(span: TimeSpan, factor: number, anchor = 0.5): TimeSpan {
  const width = span.endMs - span.startMs;
  const nextWidth = clampWidth(width * factor);
  const anchorMs = span.startMs + width * anchor;
  const startMs = anchorMs - nextWidth * anchor;
  return { startMs, endMs: startMs + nextWidth };
}

/** Moves the span by `fraction` of its width (positive = later). */
export function panSpan(span: TimeSpan, fraction: number): TimeSpan {
  const shift = (span.endMs - span.startMs) * fraction;
  return { startMs: span.startMs + shift, endMs: span.endMs + shift };
}

/** The span from `a` to `b` in either order, at least MIN_SPAN_MS wide (a brush selection). */
export function spanBetween(a: number, b: number): TimeSpan {
  const startMs = Math.min(a, b);
  return { startMs, endMs: startMs + clampWidth(Math.abs(b - a)) };
}

/** Fits `extent` with a margin of `marginFraction` of its width on both sides. */
export function fitSpan(extent: TimeSpan, marginFraction = 0.04): TimeSpan {
  const width = clampWidth(extent.endMs - extent.startMs);
  const center = (extent.startMs + extent.endMs) / 2;
  const padded = clampWidth(width * (1 + 2 * marginFraction));
  return { startMs: center - padded / 2, endMs: center + padded / 2 };
}

/** In follow mode the span ends a little after `nowMs`, keeping its width. */
export function followSpan(widthMs: number, nowMs: number): TimeSpan {
  const width = clampWidth(widthMs);
  const endMs = nowMs + width * 0.06;
  return { startMs: endMs - width, endMs };
}
