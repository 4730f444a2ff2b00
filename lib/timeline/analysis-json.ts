/**
 * The version 1 analysis JSON (../shared/spec/analysis.md): exactly its fields, times as ISO-8601 UTC strings.
 * Intervals, evidence, the controller name and the cause stay inside drainscope (the UI reads them from the
 * model); the JSON is the stable contract for scripts.
 */
import { toIso, type Precision } from '../time';
import type { Analysis, FindingKind, GapKind, MarkerKind, PreStopSummary, Severity, Workload } from './types';

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
      markers: pod.markers.map((marker) => ({
        kind: marker.kind,
        at: toIso(marker.at),
        precision: marker.precision,
        ...(marker.container === undefined ? {} : { container: marker.container }),
        ...(marker.exitCode === undefined ? {} : { exitCode: marker.exitCode }),
        ...(marker.reason === undefined ? {} : { reason: marker.reason }),
      })),
      gaps: pod.gaps.map((gap) => ({
        kind: gap.kind,
        from: toIso(gap.from),
        to: toIso(gap.to),
        severity: gap.severity,
        ...(gap.container === undefined ? {} : { container: gap.container }),
      })),
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
