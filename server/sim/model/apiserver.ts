/**
 * The simulated apiserver's pod write paths: graceful deletion (registry/rest/delete.go `BeforeDelete` with the
 * pod strategy's `CheckGracefulDelete`, pkg/registry/core/pod/strategy.go), grace shortening, force deletion,
 * preconditions, and the Eviction subresource (pkg/registry/core/pod/storage/eviction.go). Everything else
 * about a termination (kubelet, EndpointSlices, ReplicaSets) reacts to the pod object these write.
 */
import type { ControlResult, PodDeleteOptions, StatusFailure } from '../control';
import type { ObjectStore } from '../object-store';
import { apiTime } from './api-time';
import { asPod, isPodTerminal, upsertCondition, type PodObject } from './pod-json';
import type { DeletionCause, TruthRecorder } from './truth';

export interface DeleteMeta {
  cause?: DeletionCause;
  /** False for the kubelet's own final delete, which is no delete request of a user or controller. */
  record?: boolean;
}

function notFound(name: string): StatusFailure {
  return { code: 404, reason: 'NotFound', message: `pods "${name}" not found`, details: { name, kind: 'pods' } };
}

function conflict(message: string, name: string): StatusFailure {
  return {
    code: 409,
    reason: 'Conflict',
    message: `Operation cannot be fulfilled on pods "${name}": ${message}`,
    details: { name, kind: 'pods' },
  };
}

export class PodApi {
  constructor(private readonly deps: { store: ObjectStore; truth: TruthRecorder; now: () => number }) {}

  deletePod(namespace: string, name: string, options: PodDeleteOptions, meta: DeleteMeta = {}): ControlResult {
    const { store, truth } = this.deps;
    const current = store.get('pods', namespace, name);
    if (!current) return { ok: false, status: notFound(name) };
    const pod = asPod(current);
    const failed = this.checkPreconditions(pod, options);
    if (failed) return { ok: false, status: failed };
    const grace = this.effectiveGrace(pod, options);
    const record = meta.record !== false;
    const existing = pod.metadata.deletionTimestamp;
    if (existing !== undefined) {
      const existingGrace = pod.metadata.deletionGracePeriodSeconds ?? 0;
      // Only a shorter grace period may be given once deletion is pending; the request time stays fixed.
      if (grace >= existingGrace) {
        if (record) truth.deleteRequest(pod.metadata.uid, grace, 'ignored');
        return { ok: true, object: current };
      }
      if (record) truth.deleteRequest(pod.metadata.uid, grace, 'shortened');
      const requestedAt = Date.parse(existing) - existingGrace * 1000;
      return this.markDeleting(pod, { deletionTimestamp: apiTime(requestedAt + grace * 1000), grace });
    }
    if (record) {
      truth.deleteRequest(pod.metadata.uid, grace, 'started');
      truth.setCause(
        pod.metadata.uid,
        grace === 0 && (meta.cause ?? 'delete') === 'delete' ? 'force-delete' : (meta.cause ?? 'delete'),
      );
    }
    return this.markDeleting(pod, { deletionTimestamp: apiTime(this.deps.now() + grace * 1000), grace });
  }

  /**
   * policy/v1 Eviction without PodDisruptionBudgets: the DisruptionTarget condition is written first, then the
   * pod is deleted with the eviction's grace period. A terminal pod is deleted directly.
   */
  evictPod(namespace: string, name: string, options: PodDeleteOptions): ControlResult {
    const current = this.deps.store.get('pods', namespace, name);
    if (!current) return { ok: false, status: notFound(name) };
    const pod = asPod(current);
    const failed = this.checkPreconditions(pod, options);
    if (failed) return { ok: false, status: failed };
    if (!isPodTerminal(pod) && pod.metadata.deletionTimestamp === undefined) {
      this.addDisruptionTarget(namespace, name, { reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
    }
    return this.deletePod(namespace, name, options, { cause: 'eviction' });
  }

  /** The `DisruptionTarget` condition controllers add before they delete a pod (KEP-3329). */
  addDisruptionTarget(
    namespace: string,
    name: string,
    condition: { reason: string; message: string },
  ): PodObject | undefined {
    const now = this.deps.now();
    const updated = this.deps.store.update('pods', namespace, name, (object) => {
      upsertCondition(asPod(object), {
        type: 'DisruptionTarget',
        status: 'True',
        reason: condition.reason,
        message: condition.message,
        lastTransitionTime: apiTime(now),
      });
    });
    return updated && asPod(updated);
  }

  private checkPreconditions(pod: PodObject, options: PodDeleteOptions): StatusFailure | undefined {
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid !== undefined && uid !== pod.metadata.uid) {
      return conflict(
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`,
        pod.metadata.name,
      );
    }
    if (resourceVersion !== undefined && resourceVersion !== pod.metadata.resourceVersion) {
      return conflict(
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion ?? ''}`,
        pod.metadata.name,
      );
    }
    return undefined;
  }

  /** pod strategy CheckGracefulDelete: unscheduled or terminal pods go at once; a negative period becomes 1. */
  private effectiveGrace(pod: PodObject, options: PodDeleteOptions): number {
    let grace = options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    if (!pod.spec.nodeName || isPodTerminal(pod)) grace = 0;
    if (grace < 0) grace = 1;
    return Math.floor(grace);
  }

  /** Writes deletionTimestamp/G (MODIFIED); with G = 0 the object is removed right after (DELETED). */
  private markDeleting(pod: PodObject, change: { deletionTimestamp: string; grace: number }): ControlResult {
    const { store } = this.deps;
    const namespace = pod.metadata.namespace;
    const updated = store.update('pods', namespace, pod.metadata.name, (object) => {
      object.metadata.deletionTimestamp = change.deletionTimestamp;
      object.metadata.deletionGracePeriodSeconds = change.grace;
    });
    if (!updated) return { ok: false, status: notFound(pod.metadata.name) };
    if (change.grace > 0) return { ok: true, object: updated };
    const deleted = store.delete('pods', namespace, pod.metadata.name);
    return deleted ? { ok: true, object: deleted } : { ok: false, status: notFound(pod.metadata.name) };
  }
}
