/**
 * A RollingUpdate's maxUnavailable and maxSurge as numbers of pods, resolved against the desired replicas the way
 * the deployment controller does (k8s.io/kubernetes pkg/controller/deployment/util/deployment_util.go
 * `ResolveFenceposts`, with apimachinery `intstr.GetScaledValueFromIntOrPercent`): a percentage of maxSurge rounds
 * up, of maxUnavailable down, and when both come out 0 maxUnavailable is 1, so that a rollout can make progress.
 */

/** An IntOrString as the API sends it: a number of pods, or a percentage like `"25%"`. */
export type IntOrPercent = number | string;

/** The apiserver's defaults for a RollingUpdate Deployment (pkg/apis/apps/v1/defaults.go). */
export const DEFAULT_MAX_UNAVAILABLE = '25%';
export const DEFAULT_MAX_SURGE = '25%';

/** null when the value is neither an integer nor an integer percentage (the apiserver's validation refuses those). */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  const match = /^(\d+)%$/.exec(value);
  if (match) {
    const scaled = (Number(match[1]) * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
  }
  // An integer sent as a string is read as one, as intstr.Parse would.
  return /^\d+$/.test(value) ? Number(value) : null;
}

export interface RolloutBounds {
  maxUnavailable: number;
  maxSurge: number;
}

export function resolveFenceposts(
  maxSurge: IntOrPercent,
  maxUnavailable: IntOrPercent,
  replicas: number,
): RolloutBounds | null {
  const surge = scaledValue(maxSurge, replicas, true);
  const unavailable = scaledValue(maxUnavailable, replicas, false);
  if (surge === null || unavailable === null) return null;
  if (surge === 0 && unavailable === 0) return { maxSurge: 0, maxUnavailable: 1 };
  return { maxSurge: surge, maxUnavailable: unavailable };
}
