/**
 * The analysis of what the lanes show, for the CSV and JSON downloads beside the PNG and SVG: the same pods (the
 * filters' lanes, as of a replay's cursor) and the same time span, so every export of a view tells the story the
 * screen tells. A marker is kept when it is drawn inside the span; a gap when its band reaches into it (whole, as
 * the tooltip gives it). Aligned, the span is relative to each pod's delete request, as on screen.
 */
import { DEFAULT_ALLOWANCE_SECONDS, type Analysis, type Finding, type PodTimeline } from '../../timeline/types';
import type { RowModel } from '../row-model';
import type { TimeSpan } from '../time-scale';

export interface ScreenExportInput {
  model: RowModel;
  span: TimeSpan;
  /** The findings the page holds; only those about an exported pod are kept, naming only those pods. */
  findings?: readonly Finding[];
  allowanceSeconds?: number;
}

function withinSpan(pod: PodTimeline, startMs: number, endMs: number): PodTimeline {
  return {
    ...pod,
    markers: pod.markers.filter((marker) => marker.at >= startMs && marker.at <= endMs),
    gaps: pod.gaps.filter((gap) => gap.to >= startMs && gap.from <= endMs),
  };
}

export function screenAnalysis(input: ScreenExportInput): Analysis {
  const { model, span } = input;
  const pods = model.pods.map((row) => withinSpan(row.pod, span.startMs + row.offsetMs, span.endMs + row.offsetMs));
  const shown = new Set(pods.map((pod) => pod.uid));
  const findings = (input.findings ?? []).flatMap((finding) => {
    const about = finding.pods.filter((uid) => shown.has(uid));
    return about.length ? [{ ...finding, pods: about }] : [];
  });
  return { allowanceSeconds: input.allowanceSeconds ?? DEFAULT_ALLOWANCE_SECONDS, pods, findings };
}
