/** Findings as the summary lists them: ranked by severity, each with a stable key the URL can carry. */
import type { Finding, PodTimeline, Severity } from '../timeline/types';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** `kind:Kind/name` (or `kind:-` for bare pods): unique because the analysis makes one finding per kind and workload. */
export function findingKey(finding: Finding): string {
  return `${finding.kind}:${finding.workload ? `${finding.workload.kind}/${finding.workload.name}` : '-'}`;
}

/** Critical first, then by how many pods it concerns, then by kind so the order is stable. */
export function rankFindings<T extends Finding>(findings: readonly T[]): T[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      b.pods.length - a.pods.length ||
      findingKey(a).localeCompare(findingKey(b)),
  );
}

export function findingsForPod(findings: readonly Finding[], uid: string): Finding[] {
  return rankFindings(findings.filter((finding) => finding.pods.includes(uid)));
}

/** The worst gap severity of a pod, or null when it has none. */
export function worstSeverity(pod: PodTimeline): Severity | null {
  let worst: Severity | null = null;
  for (const gap of pod.gaps)
    if (worst === null || severityRank(gap.severity) < severityRank(worst)) worst = gap.severity;
  return worst;
}

/**
 * `ranked` in the order of `held` (keys, as they were when the pointer entered the list), findings new since then
 * after them in rank order: the item under the pointer does not move while the counts change underneath.
 */
export function holdOrder<T extends Finding>(ranked: readonly T[], held: readonly string[] | null): T[] {
  if (!held) return [...ranked];
  const position = new Map(held.map((key, index) => [key, index]));
  const known = ranked.filter((finding) => position.has(findingKey(finding)));
  known.sort((a, b) => position.get(findingKey(a))! - position.get(findingKey(b))!);
  return [...known, ...ranked.filter((finding) => !position.has(findingKey(finding)))];
}
