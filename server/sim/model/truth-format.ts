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
