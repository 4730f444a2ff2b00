/**
 * The analysis model (docs/analysis-json.md) as it lives inside drainscope: times are epoch ms and every
 * marker knows the interval its true time lies in. `toAnalysisJson` turns it into the version 1 JSON.
 */
import type { EpochMs, Precision } from '../time';

/** Re-exported: a marker's precision is part of the analysis model its readers (lib/view) import from here. */
export type { Precision };

/** Every marker kind, in the order marks at the same instant are listed (a pod's own sequence of events). */
export const MARKER_KINDS = [
  'created',
  'scheduled',
  'ready',
  'endpointReady',
  'deleteRequested',
  'graceDeadline',
  'killing',
  'preStopStart',
  'preStopEnd',
  'sigterm',
  'endpointNotReady',
  'endpointNotServing',
  'endpointRemoved',
  'containerExited',
  'sigkill',
  'podDeleted',
] as const;

export type MarkerKind = (typeof MARKER_KINDS)[number];

export type GapKind =
  | 'sigtermWhileRouted'
  | 'exitWhileRouted'
  | 'shortPropagationBuffer'
  | 'killedAtDeadline'
  | 'preStopCutByGrace'
  | 'watchBlind';

export type FindingKind =
  | 'missingPreStop'
  | 'preStopShorterThanPropagation'
  | 'graceTooShort'
  | 'sigtermNotHandled'
  | 'sigkilled'
  | 'noEndpointSeen';

export type Severity = 'critical' | 'warning' | 'info';

/** Human-readable pointers to the API data a marker was read or inferred from (shown in the detail panel). */
export interface Evidence {
  source: 'pod' | 'event' | 'endpointslice' | 'spec' | 'inference' | 'watch';
  /** What was seen, e.g. `Killing: Stopping container app` or `slice web-abc12: ready=false terminating=true`. */
  text: string;
  /** When that evidence was received or stamped. */
  at?: EpochMs;
}

export interface Marker {
  kind: MarkerKind;
  at: EpochMs;
  precision: Precision;
  /** The interval the true time lies in: [at, at] for observed, [at, at + 1 s) for second, wider for estimated. */
  earliest: EpochMs;
  latest: EpochMs;
  /**
   * A prediction: it cannot have happened by the newest observation (`earliest` is later), e.g. SIGTERM after a
   * preStop sleep still running, or a grace deadline still ahead. Absent when false.
   */
  expected?: true;
  container?: string;
  exitCode?: number;
  reason?: string;
  evidence: Evidence[];
}

export interface Gap {
  kind: GapKind;
  from: EpochMs;
  /** For an open gap, the newest observation ("now"). */
  to: EpochMs;
  severity: Severity;
  /** Still open at the newest observation: its end has not been seen yet. Absent when false. */
  open?: true;
  container?: string;
}

export interface Workload {
  kind: string;
  name: string;
}

export type PreStopSummary =
  | { kind: 'sleep'; seconds: number }
  | { kind: 'exec'; command: string[]; sleepSeconds: number | null }
  | { kind: 'httpGet' }
  | { kind: 'tcpSocket' };

export interface PodTimeline {
  uid: string;
  namespace: string;
  name: string;
  node: string | null;
  workload: Workload | null;
  /** The ReplicaSet (or other direct controller) name, so lanes can be grouped by revision. */
  controllerName: string | null;
  gracePeriodSeconds: number | null;
  preStop: PreStopSummary | null;
  markers: Marker[];
  gaps: Gap[];
  /** Why the pod was terminated, when the API said so (not part of the version 1 JSON). */
  cause?: TerminationCause | null;
}

/**
 * `reason`: a `DisruptionTarget` condition reason (EvictionByEvictionAPI, PreemptionByScheduler, ...), an event
 * reason (Evicted, Preempted, TaintManagerEviction), `SuccessfulDelete` (a controller scaled down or rolled), or
 * the terminal phase's reason (Evicted, Terminated for a graceful node shutdown).
 */
export interface TerminationCause {
  reason: string;
  evidence: Evidence[];
}

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  workload: Workload | null;
  pods: string[];
  message: string;
  fix: string;
}

/**
 * A Deployment's rollout parameters as one observation of the Deployment object showed them. `maxUnavailable` and
 * `maxSurge` are resolved against `replicas` as the deployment controller resolves them (a percentage of
 * maxUnavailable rounds down, of maxSurge up); a Recreate strategy has neither.
 */
export interface WorkloadSpecPoint {
  /** When this spec was observed (the receipt time of that Deployment object). */
  at: EpochMs;
  replicas: number;
  strategy: 'RollingUpdate' | 'Recreate';
  maxUnavailable: number;
  maxSurge: number;
}

/** The spec history of one workload, oldest first; the capacity lane draws its threshold from it. */
export interface WorkloadSpec {
  namespace: string;
  kind: string;
  name: string;
  points: WorkloadSpecPoint[];
}

export interface Analysis {
  allowanceSeconds: number;
  pods: PodTimeline[];
  findings: Finding[];
  /** Workloads whose spec was watched (Deployments); absent or empty when none was. */
  workloads?: WorkloadSpec[];
}

export const DEFAULT_ALLOWANCE_SECONDS = 2;
