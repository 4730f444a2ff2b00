/**
 * The version 1 analysis JSON (../shared/spec/analysis.md): exactly its fields, times as ISO-8601 UTC strings.
 * Intervals, evidence, the controller name and the cause stay inside drainscope (the UI reads them from the
 * model); the JSON is the stable contract for scripts.
 */
import type { Precision } from '../time';
import { isoOf } from './iso';
import type { Analysis, FindingKind, Gap, GapKind, Marker, MarkerKind, PreStopSummary, Severity, Workload } from './types';

export interface MarkerJson {
  kind: MarkerKind;
  at: string;
  precision: Precision;
  container?: string;
  exitCode?: number;
  reason?: string;
}

export interface GapJson {
  kind: GapKind;
  from: string;
  to: string;
  severity: Severity;
  container?: string;
}

export interface PodJson {
  uid: string;
  namespace: string;
  name: string;
  node: string | null;
  workload: Workload | null;
  gracePeriodSeconds: number | null;
  preStop: PreStopSummary | null;
  markers: MarkerJson[];
  gaps: GapJson[];
}

export interface FindingJson {
  kind: FindingKind;
  severity: Severity;
  workload: Workload | null;
  pods: string[];
  message: string;
  fix: string;
}

export interface AnalysisJson {
  version: 1;
  allowanceSeconds: number;
  pods: PodJson[];
  findings: FindingJson[];
}

// Optional fields are assigned, not spread in: the key order is the same, without a temporary object per field.
function markerJson(marker: Marker): MarkerJson {
  const json: MarkerJson = { kind: marker.kind, at: isoOf(marker.at), precision: marker.precision };
  if (marker.container !== undefined) json.container = marker.container;
  if (marker.exitCode !== undefined) json.exitCode = marker.exitCode;
  if (marker.reason !== undefined) json.reason = marker.reason;
  return json;
}

function gapJson(gap: Gap): GapJson {
  const json: GapJson = { kind: gap.kind, from: isoOf(gap.from), to: isoOf(gap.to), severity: gap.severity };
  if (gap.container !== undefined) json.container = gap.container;
  return json;
}

export function toAnalysisJson(analysis: Analysis): AnalysisJson {
  return {
    version: 1,
    allowanceSeconds: analysis.allowanceSeconds,
    pods: analysis.pods.map((pod) => ({
      uid: pod.uid,
      namespace: pod.namespace,
      name: pod.name,
      node: pod.node,
      workload: pod.workload && { kind: pod.workload.kind, name: pod.workload.name },
      gracePeriodSeconds: pod.gracePeriodSeconds,
      preStop: pod.preStop,
      markers: pod.markers.map(markerJson),
      gaps: pod.gaps.map(gapJson),
    })),
    findings: analysis.findings.map((finding) => ({
      kind: finding.kind,
      severity: finding.severity,
      workload: finding.workload && { kind: finding.workload.kind, name: finding.workload.name },
      pods: [...finding.pods],
      message: finding.message,
      fix: finding.fix,
    })),
  };
}
