/**
 * Which span the lanes show: the user's (they zoomed or scrolled back), else a fit of the aligned lanes, else the
 * live edge ("follow"). The live edge is the later of now and the newest data, because API timestamps come from
 * other clocks (apiserver, nodes) that may run ahead of the browser's.
 */
import type { TimeSpan } from './time-scale';
import { fitSpan, followSpan } from './time-window';

export const DEFAULT_FOLLOW_WIDTH_MS = 90_000;
/** Aligned lanes always show a little before the delete and at least 5 s after it. */
const ALIGNED_MIN: TimeSpan = { startMs: -1_000, endMs: 5_000 };

export interface SpanInputs {
  userSpan: TimeSpan | null;
  align: boolean;
  extent: TimeSpan | null;
  /** Wall-clock now, or null when the data is not live. */
  nowMs: number | null;
  followWidthMs: number;
}

export function liveEdge(nowMs: number, extent: TimeSpan | null): number {
  return Math.max(nowMs, extent?.endMs ?? nowMs);
}

export function resolveSpan(inputs: SpanInputs): TimeSpan {
  if (inputs.userSpan) return inputs.userSpan;
  if (inputs.align) {
    const extent = inputs.extent ?? ALIGNED_MIN;
    return fitSpan({
      startMs: Math.min(extent.startMs, ALIGNED_MIN.startMs),
      endMs: Math.max(extent.endMs, ALIGNED_MIN.endMs),
    });
  }
  if (inputs.nowMs !== null) return followSpan(inputs.followWidthMs, liveEdge(inputs.nowMs, inputs.extent));
  return inputs.extent ? fitSpan(inputs.extent) : { startMs: 0, endMs: 60_000 };
}

/** True when `span` still reaches the live edge: a zoom that keeps it keeps following instead of stopping. */
export function reachesLiveEdge(span: TimeSpan, edgeMs: number): boolean {
  return span.endMs >= edgeMs;
}
