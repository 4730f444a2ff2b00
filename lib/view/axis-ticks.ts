/**
 * Where the time axis puts its ticks, shared by the axis labels, the canvas grid and the image export so the three
 * cannot disagree. Wall-clock axes use d3's UTC time scale, whose ticks land on calendar boundaries (:00, :15, :30
 * of a minute, whole minutes, hours); relative axes count from their origin (the delete, or now), so "+5 s" ticks
 * are 5 s after the delete rather than at some epoch multiple that happens to be near it.
 */
import { scaleUtc } from 'd3-scale';
import { formatTick } from './labels';
import { niceStep, type TimeScale } from './time-scale';
import type { TimeLabels } from './view-state';

export interface AxisTick {
  /** Lane time (epoch ms, or ms since the delete when aligned). */
  ms: number;
  text: string;
}

/** Ticks spaced about `minSpacingPx` apart across the scale. */
export function axisTicks(scale: TimeScale, labels: TimeLabels, originMs: number, minSpacingPx = 110): AxisTick[] {
  const count = Math.max(2, Math.floor(scale.widthPx / minSpacingPx));
  if (labels === 'relative') {
    const stepMs = niceStep((scale.endMs - scale.startMs) / count);
    const first = originMs + Math.ceil((scale.startMs - originMs) / stepMs) * stepMs;
    const ticks: AxisTick[] = [];
    for (let ms = first; ms <= scale.endMs && ticks.length < 1000; ms += stepMs)
      ticks.push({ ms, text: formatTick(ms - originMs, stepMs, 'relative') });
    return ticks;
  }
  const times = scaleUtc()
    .domain([scale.startMs, scale.endMs])
    .ticks(count)
    .map((date) => date.getTime());
  // d3 picks the interval; the label precision follows it (milliseconds only when ticks are under a second apart).
  const stepMs =
    times.length > 1 ? (times[1] as number) - (times[0] as number) : niceStep((scale.endMs - scale.startMs) / count);
  return times.map((ms) => ({ ms, text: formatTick(ms, stepMs, 'absolute') }));
}
