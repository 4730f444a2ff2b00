/**
 * The ground truth format (`*.truth.json`, ../GROUND-TRUTH.md): what really happened per pod uid and container,
 * with exact millisecond times. Produced by TruthRecorder (truth.ts).
 */
import type { AddressType } from './types';

/** ISO-8601 UTC with milliseconds, like the recording's `at`. */
export type IsoMs = string;

export type DeletionCause =
  | 'delete'
  | 'force-delete'
  | 'eviction'
  | 'preemption'
  | 'taint-manager'
  | 'replicaset-scale-down'
  | 'statefulset-update'
  | 'node-pressure-eviction'
  | 'node-shutdown';

export type PreStopOutcome = 'completed' | 'failed' | 'abandoned';

export interface PreStopTruth {
  kind: 'sleep' | 'exec';
  startedAt: IsoMs;
  endedAt: IsoMs | null;
  outcome: PreStopOutcome | null;
}

export interface ContainerTruth {
  name: string;
  sidecar: boolean;
  startedAt: IsoMs | null;
  /** The kubelet began stopping it (the `Killing` event's true time). */
  killingAt: IsoMs | null;
  preStop: PreStopTruth | null;
  sigtermAt: IsoMs | null;
  sigkillAt: IsoMs | null;
  /** The process ended (for a lost node: when the node died, with a null exit code). */
  exitedAt: IsoMs | null;
  exitCode: number | null;
  reason: string | null;
  /**
   * Restarts of this container while the pod lived on (a failed liveness probe): not part of a termination. Only
   * present when the container restarted.
   */
  restarts?: RestartTruth[];
}

/** One restart of a container: the kubelet killed it (`Killing`, not a pod termination) and started it again. */
export interface RestartTruth {
  /** Why the kubelet killed it; the `Killing` event's true time. */
  reason: 'liveness-probe';
  killingAt: IsoMs;
  sigtermAt: IsoMs | null;
  sigkillAt: IsoMs | null;
  exitedAt: IsoMs | null;
  exitCode: number | null;
  /** The terminated state's reason (`Error`, `Completed`). */
  exitReason: string | null;
  /** The new instance started (state.running.startedAt, restartCount one higher). */
  restartedAt: IsoMs | null;
}

/**
 * A deadline the kubelet applied to its kill of the pod: when it started stopping it, and again each time it saw a
 * shorter grace period (pod_workers.go restarts the kill with the new period). The kubelet's wait (preStop, then the
 * runtime's stop timeout, at least 2 s) ends at `deadline`; the SIGKILL follows a few ms later.
 */
export interface KillDeadlineTruth {
  appliedAt: IsoMs;
  gracePeriodSeconds: number;
  deadline: IsoMs;
}

/** One delete or eviction request as the apiserver handled it. */
export interface DeleteRequestTruth {
  at: IsoMs;
  gracePeriodSeconds: number;
  effect: 'started' | 'shortened' | 'ignored';
}

/** When the pod's endpoint really changed, per address family: the commit time of the slice write. */
export interface EndpointTruth {
  addressType: AddressType;
  readyAt: IsoMs | null;
  /** From this commit on the endpoint was never ready again (in no slice of this family). */
  notReadyAt: IsoMs | null;
  notServingAt: IsoMs | null;
  /** From this commit on the endpoint was in no slice of this family (a move between slices is not a removal). */
  removedAt: IsoMs | null;
}

export interface PodTruth {
  uid: string;
  namespace: string;
  name: string;
  node: string | null;
  createdAt: IsoMs;
  /** The pod's Ready condition went True (kubelet status write). */
  readyAt: IsoMs | null;
  cause: DeletionCause | null;
  /** The first delete request (exact, apiserver clock); null when the pod was never deleted. */
  deleteRequestedAt: IsoMs | null;
  deleteRequests: DeleteRequestTruth[];
  /** The grace period the kubelet used (the last one it saw). */
  gracePeriodSeconds: number | null;
  kubeletNoticedAt: IsoMs | null;
  /** Every deadline the kubelet applied, in order (empty when it never stopped the pod). */
  killDeadlines: KillDeadlineTruth[];
  /** The pod object was removed from the apiserver (DELETED commit). */
  deletedAt: IsoMs | null;
  finalPhase: string | null;
  containers: ContainerTruth[];
  endpoints: EndpointTruth[];
}

export interface GroundTruth {
  drainscope: 'ground-truth';
  version: 1;
  scenario: string;
  seed: number;
  startedAt: IsoMs;
  pods: PodTruth[];
}
