/**
 * What the simulated apiserver asks of the cluster model when a client writes: deleting or evicting a pod starts
 * the model's termination (kubelet and EndpointSlice controller), so the HTTP layer never touches pods itself.
 */
import type { ApiObject } from './object-store';

/** A Kubernetes `Status` failure (metav1.Status): the HTTP layer sends it with `code` as the HTTP status. */
export interface StatusFailure {
  code: number;
  reason:
    | 'NotFound'
    | 'Conflict'
    | 'AlreadyExists'
    | 'Invalid'
    | 'BadRequest'
    | 'Gone'
    | 'Expired'
    | 'Forbidden'
    | 'Unauthorized'
    | 'TooManyRequests'
    | 'InternalError';
  message: string;
  details?: { name?: string; kind?: string; group?: string };
}

export type ControlResult = { ok: true; object: ApiObject } | { ok: false; status: StatusFailure };

/** The subset of metav1.DeleteOptions the simulator honours. */
export interface PodDeleteOptions {
  /** Absent: the pod's terminationGracePeriodSeconds. 0 with force deletes at once. A longer value than an already pending one is ignored. */
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ClusterControl {
  deletePod(namespace: string, name: string, options: PodDeleteOptions): ControlResult;
  /** policy/v1 Eviction: marks DisruptionTarget=EvictionByEvictionAPI, then deletes with the eviction's grace. */
  evictPod(namespace: string, name: string, options: PodDeleteOptions): ControlResult;
}
