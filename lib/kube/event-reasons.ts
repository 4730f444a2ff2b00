/**
 * The event reasons the analysis reads (docs/termination-model.md). Every other event of a rollout (Scheduled, Pulling,
 * Started, ScalingReplicaSet, ...) is of no use to it: the engine drops them on sight, and the reader validates
 * no more of them than the reason it is dropped by (parse-line.ts).
 */

/** Reasons read from an event about a pod. */
export const POD_EVENT_REASONS: ReadonlySet<string> = new Set([
  'Killing',
  'FailedPreStopHook',
  'Evicted',
  'Preempted',
  'TaintManagerEviction',
]);

/** A ReplicaSet's or StatefulSet's `SuccessfulDelete` names the pod it deleted: the cause of a scale-down. */
export const CONTROLLER_DELETE_REASON = 'SuccessfulDelete';

export function isAnalysedEventReason(reason: unknown): boolean {
  return typeof reason === 'string' && (POD_EVENT_REASONS.has(reason) || reason === CONTROLLER_DELETE_REASON);
}
