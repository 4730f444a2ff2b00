/**
 * The stream's and `/api/timelines`' filters, as query parameters: `namespace` (repeatable), `workload`
 * (`Kind/name` or just `name`), `problems=1` (only pods with a critical or warning gap). Pure, so the browser can
 * apply the same filter to what it already holds.
 */
import type { Finding, PodTimeline } from '../timeline/types';

export interface TimelineFilter {
  namespaces: string[] | null;
  workload: { kind: string | null; name: string } | null;
  problemsOnly: boolean;
}

export const NO_FILTER: TimelineFilter = { namespaces: null, workload: null, problemsOnly: false };

export function parseTimelineFilter(params: URLSearchParams): TimelineFilter {
  const namespaces = params
    .getAll('namespace')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  const workloadText = params.get('workload')?.trim() ?? '';
  const slash = workloadText.indexOf('/');
  const workload = !workloadText
    ? null
    : slash > 0
      ? { kind: workloadText.slice(0, slash), name: workloadText.slice(slash + 1) }
      : { kind: null, name: workloadText };
  const problems = params.get('problems');
  return {
    namespaces: namespaces.length ? namespaces : null,
    workload,
    problemsOnly: problems === '1' || problems === 'true',
  };
}

export function isFiltering(filter: TimelineFilter): boolean {
  return filter.namespaces !== null || filter.workload !== null || filter.problemsOnly;
}

export function hasProblem(pod: PodTimeline): boolean {
  return pod.gaps.some((gap) => gap.severity === 'critical' || gap.severity === 'warning');
}

function workloadMatches(filter: TimelineFilter, workload: { kind: string; name: string } | null): boolean {
  if (!filter.workload) return true;
  if (!workload) return false;
  return (
    workload.name === filter.workload.name && (filter.workload.kind === null || workload.kind === filter.workload.kind)
  );
}

export function podMatches(filter: TimelineFilter, pod: PodTimeline): boolean {
  if (filter.namespaces && !filter.namespaces.includes(pod.namespace)) return false;
  if (!workloadMatches(filter, pod.workload)) return false;
  return !filter.problemsOnly || hasProblem(pod);
}

/** A finding is shown when it concerns a pod the filter shows (`visible` uids), or its workload when one is asked for. */
export function findingMatches(filter: TimelineFilter, finding: Finding, visible: ReadonlySet<string>): boolean {
  if (!isFiltering(filter)) return true;
  if (filter.workload && !workloadMatches(filter, finding.workload)) return false;
  return finding.pods.some((uid) => visible.has(uid));
}
