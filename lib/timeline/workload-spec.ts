/**
 * The rollout parameters of each watched Deployment over time (the capacity lane's threshold: replicas −
 * maxUnavailable). A point is kept only when what it says changes (replicas, strategy, or the resolved bounds), not on
 * every status update, which is most of a Deployment's traffic during a rollout. Identity is namespace + kind + name,
 * as a pod's `workload` names it (workload.ts), so a Deployment deleted and created again continues its history.
 */
import type { Deployment } from '../kube/objects';
import { DEFAULT_MAX_SURGE, DEFAULT_MAX_UNAVAILABLE, resolveFenceposts } from '../kube/rollout-bounds';
import type { EpochMs } from '../time';
import { compareStrings } from './compare';
import type { WorkloadSpec, WorkloadSpecPoint } from './types';

export interface WorkloadSpecTracker {
  /** `namespace/kind/name` → its spec history. */
  byKey: Map<string, WorkloadSpec>;
}

export function createWorkloadSpecTracker(): WorkloadSpecTracker {
  return { byKey: new Map() };
}

/**
 * The spec point a Deployment object shows, or null when its bounds cannot be resolved (values the apiserver's
 * validation would refuse). A Recreate Deployment has no rolling bounds: both are 0.
 */
export function specPointOf(deployment: Deployment, at: EpochMs): WorkloadSpecPoint | null {
  const spec = deployment.spec;
  // The apiserver defaults replicas to 1 and the strategy to RollingUpdate 25%/25% (pkg/apis/apps/v1/defaults.go).
  const replicas = spec?.replicas ?? 1;
  if (spec?.strategy?.type === 'Recreate')
    return { at, replicas, strategy: 'Recreate', maxUnavailable: 0, maxSurge: 0 };
  const rolling = spec?.strategy?.rollingUpdate;
  const bounds = resolveFenceposts(
    rolling?.maxSurge ?? DEFAULT_MAX_SURGE,
    rolling?.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE,
    replicas,
  );
  if (bounds === null) return null;
  return { at, replicas, strategy: 'RollingUpdate', maxUnavailable: bounds.maxUnavailable, maxSurge: bounds.maxSurge };
}

function samePoint(a: WorkloadSpecPoint, b: WorkloadSpecPoint): boolean {
  return (
    a.replicas === b.replicas &&
    a.strategy === b.strategy &&
    a.maxUnavailable === b.maxUnavailable &&
    a.maxSurge === b.maxSurge
  );
}

/** Returns true when the workload's spec history changed. A DELETED Deployment keeps its history. */
export function applyDeployment(
  tracker: WorkloadSpecTracker,
  deployment: Deployment,
  at: EpochMs,
  deleted: boolean,
): boolean {
  if (deleted) return false;
  const point = specPointOf(deployment, at);
  if (point === null) return false;
  const namespace = deployment.metadata.namespace ?? '';
  const key = `${namespace}/Deployment/${deployment.metadata.name}`;
  let workload = tracker.byKey.get(key);
  if (!workload) {
    workload = { namespace, kind: 'Deployment', name: deployment.metadata.name, points: [] };
    tracker.byKey.set(key, workload);
  }
  const last = workload.points.at(-1);
  if (last && samePoint(last, point)) return false;
  // Entries may arrive slightly out of order across watches; a point is never placed before the one it follows.
  if (last && point.at < last.at) point.at = last.at;
  workload.points.push(point);
  return true;
}

/** Every workload with at least one point, by namespace, kind, name; copies, so a caller cannot change the tracker. */
export function workloadSpecs(tracker: WorkloadSpecTracker): WorkloadSpec[] {
  return [...tracker.byKey.values()]
    .filter((workload) => workload.points.length > 0)
    .sort(
      (a, b) =>
        compareStrings(a.namespace, b.namespace) || compareStrings(a.kind, b.kind) || compareStrings(a.name, b.name),
    )
    .map((workload) => ({ ...workload, points: workload.points.map((point) => ({ ...point })) }));
}

/**
 * Forgets what lies before `cutoff` (retention), keeping for each workload the last point before it: that spec was
 * still in force at the cutoff. Returns true when a point was dropped.
 */
export function pruneWorkloadSpecs(tracker: WorkloadSpecTracker, cutoff: EpochMs): boolean {
  let pruned = false;
  for (const workload of tracker.byKey.values()) {
    let firstKept = 0;
    while (firstKept + 1 < workload.points.length && (workload.points[firstKept + 1]?.at ?? Infinity) <= cutoff)
      firstKept += 1;
    if (firstKept > 0) {
      workload.points = workload.points.slice(firstKept);
      pruned = true;
    }
  }
  return pruned;
}
