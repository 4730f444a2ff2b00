/**
 * The version 1 analysis JSON (docs/analysis-json.md): exactly its fields, times as ISO-8601 UTC strings.
 * Intervals, evidence, the controller name and the cause stay inside drainscope (the UI reads them from the
 * model); the JSON is the stable contract for scripts.
 */
import type { Precision } from '../time';
import { isoOf } from './iso';
import type {
  Analysis,
  Finding,
  Gap,
  GapKind,
  Marker,
  MarkerKind,
  PodTimeline,
  PreStopSummary,
  Severity,
  Workload,
  WorkloadSpec,
  WorkloadSpecPoint,
} from './types';

export interface MarkerJson {
  kind: MarkerKind;
  at: string;
  /** The interval the true time lies in (docs/analysis-json.md); additive to version 1. */
  earliest: string;
  latest: string;
  precision: Precision;
  /** A prediction: not seen, and not possible yet at the newest observation. Absent when false. */
  expected?: true;
  container?: string;
  exitCode?: number;
  reason?: string;
}

export interface GapJson {
  kind: GapKind;
  from: string;
  to: string;
  severity: Severity;
  /** Still open at the newest observation (`to` is that time). Absent when false. */
  open?: true;
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

/** A finding has no times to format: its JSON is the model's own shape. */
export type FindingJson = Finding;

export interface WorkloadSpecPointJson {
  at: string;
  replicas: number;
  strategy: WorkloadSpecPoint['strategy'];
  maxUnavailable: number;
  maxSurge: number;
}

export interface WorkloadSpecJson {
  namespace: string;
  kind: string;
  name: string;
  points: WorkloadSpecPointJson[];
}

export interface AnalysisJson {
  version: 1;
  allowanceSeconds: number;
  pods: PodJson[];
  findings: FindingJson[];
  /** Additive to version 1: present only when a Deployment was watched (docs/analysis-json.md). */
  workloads?: WorkloadSpecJson[];
}

// Optional fields are assigned, not spread in: the key order is the same, without a temporary object per field.
function markerJson(marker: Marker): MarkerJson {
  const json: MarkerJson = {
    kind: marker.kind,
    at: isoOf(marker.at),
    earliest: isoOf(marker.earliest),
    latest: isoOf(marker.latest),
    precision: marker.precision,
  };
  if (marker.expected) json.expected = true;
  if (marker.container !== undefined) json.container = marker.container;
  if (marker.exitCode !== undefined) json.exitCode = marker.exitCode;
  if (marker.reason !== undefined) json.reason = marker.reason;
  return json;
}

function gapJson(gap: Gap): GapJson {
  const json: GapJson = { kind: gap.kind, from: isoOf(gap.from), to: isoOf(gap.to), severity: gap.severity };
  if (gap.open) json.open = true;
  if (gap.container !== undefined) json.container = gap.container;
  return json;
}

function podJson(pod: PodTimeline): PodJson {
  return {
    uid: pod.uid,
    namespace: pod.namespace,
    name: pod.name,
    node: pod.node,
    workload: pod.workload && { kind: pod.workload.kind, name: pod.workload.name },
    gracePeriodSeconds: pod.gracePeriodSeconds,
    preStop: pod.preStop,
    markers: pod.markers.map(markerJson),
    gaps: pod.gaps.map(gapJson),
  };
}

function findingJson(finding: Finding): FindingJson {
  return {
    kind: finding.kind,
    severity: finding.severity,
    workload: finding.workload && { kind: finding.workload.kind, name: finding.workload.name },
    pods: [...finding.pods],
    message: finding.message,
    fix: finding.fix,
  };
}

function workloadSpecJson(workload: WorkloadSpec): WorkloadSpecJson {
  return {
    namespace: workload.namespace,
    kind: workload.kind,
    name: workload.name,
    points: workload.points.map((point) => ({
      at: isoOf(point.at),
      replicas: point.replicas,
      strategy: point.strategy,
      maxUnavailable: point.maxUnavailable,
      maxSurge: point.maxSurge,
    })),
  };
}

export function toAnalysisJson(analysis: Analysis): AnalysisJson {
  const json: AnalysisJson = {
    version: 1,
    allowanceSeconds: analysis.allowanceSeconds,
    pods: analysis.pods.map(podJson),
    findings: analysis.findings.map(findingJson),
  };
  if (analysis.workloads && analysis.workloads.length > 0) json.workloads = analysis.workloads.map(workloadSpecJson);
  return json;
}

/** Pieces are joined up to about this many characters before they are yielded: few writes, little held. */
const CHUNK_CHARS = 64 * 1024;

/**
 * `JSON.stringify(toAnalysisJson(analysis), null, 2)` and a final newline, byte for byte, in pieces: the whole
 * text of a big analysis (17 MB for 10,000 pods), plus the JSON tree it is made from, would be held at once, and
 * in the CLI it was the largest thing in memory. One pod or finding at a time is stringified as it would be
 * nested: JSON.stringify never writes a raw newline inside a string, so re-indenting its lines is exact.
 */
export function* analysisJsonChunks(analysis: Analysis): Generator<string, void, undefined> {
  let buffer = '';
  // Generators, not arrays: a piece is made only when the previous chunk has been taken.
  const sections: Iterable<string>[] = [
    [`{\n  "version": 1,\n  "allowanceSeconds": ${JSON.stringify(analysis.allowanceSeconds)},\n  "pods": `],
    arrayPieces(analysis.pods, podJson),
    [',\n  "findings": '],
    arrayPieces(analysis.findings, findingJson),
    ...(analysis.workloads && analysis.workloads.length > 0
      ? [[',\n  "workloads": '], arrayPieces(analysis.workloads, workloadSpecJson)]
      : []),
    ['\n}\n'],
  ];
  for (const section of sections) {
    for (const piece of section) {
      buffer += piece;
      if (buffer.length < CHUNK_CHARS) continue;
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}

/** An array as a value of the top-level object (indented by 2), one piece per element, made as it is reached. */
function* arrayPieces<T>(items: readonly T[], toJson: (item: T) => unknown): Generator<string, void, undefined> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  let separator = '[\n    ';
  for (const item of items) {
    yield separator + JSON.stringify(toJson(item), null, 2).replaceAll('\n', '\n    ');
    separator = ',\n    ';
  }
  yield '\n  ]';
}
