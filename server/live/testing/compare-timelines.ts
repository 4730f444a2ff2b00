/**
 * "Equal apart from the recorded watch-blind intervals": the view of a pod with every marker and gap that falls
 * in a blind interval removed (those may legitimately differ: transitions there were not seen), and the
 * watch-blind gaps themselves removed.
 */
import type { Analysis, Gap, Marker } from '@/lib/timeline/types';

export interface Interval {
  from: number;
  to: number;
}

export function blindIntervals(analysis: Analysis): Interval[] {
  const seen = new Map<string, Interval>();
  for (const pod of analysis.pods) {
    for (const gap of pod.gaps)
      if (gap.kind === 'watchBlind') seen.set(`${gap.from}-${gap.to}`, { from: gap.from, to: gap.to });
  }
  return [...seen.values()];
}

const inside = (intervals: Interval[], at: number): boolean =>
  intervals.some((interval) => at >= interval.from && at <= interval.to);

function markerKey(marker: Marker): string {
  return `${marker.kind}@${marker.at}/${marker.precision}${marker.container ? `/${marker.container}` : ''}${marker.exitCode === undefined ? '' : `/exit ${marker.exitCode}`}`;
}

function gapKey(gap: Gap): string {
  return `${gap.kind}@${gap.from}-${gap.to}`;
}

/** uid → the comparable markers and gaps, with everything touching `intervals` left out. */
export function comparableView(analysis: Analysis, intervals: Interval[]): Record<string, string[]> {
  const view: Record<string, string[]> = {};
  for (const pod of analysis.pods) {
    const markers = pod.markers.filter((marker) => !inside(intervals, marker.at)).map(markerKey);
    const gaps = pod.gaps
      .filter((gap) => gap.kind !== 'watchBlind' && !inside(intervals, gap.from) && !inside(intervals, gap.to))
      .map(gapKey);
    view[pod.uid] = [...markers, ...gaps].sort();
  }
  return view;
}
