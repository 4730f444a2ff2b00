/**
 * Findings: what to change, per workload, sized from what this recording measured. A pure function of the
 * derived pods.
 *
 * Severities: `sigkilled` is critical (requests in flight were certainly cut); `missingPreStop`,
 * `preStopShorterThanPropagation`, `graceTooShort` and `sigtermNotHandled` are warnings (traffic was at risk, or
 * will be under load); `noEndpointSeen` is info (nothing to drain, worth knowing only). Order: severity, then
 * workload (namespace/kind/name, bare pods last), then kind in FINDING_ORDER.
 */
import { compareStrings } from './compare';
import {
  graceTooShortText,
  missingPreStopText,
  noEndpointSeenText,
  shortPreStopText,
  sigkilledText,
  sigtermNotHandledText,
  type PropagationSizing,
  type Subject,
} from './fixes';
import {
  drainOf,
  exitedOnSigterm,
  isSigkilled,
  isTerminated,
  p95,
  preStopSeconds,
  propagationSeconds,
  wasRouted,
} from './measure';
import { preStopSleepSeconds } from './prestop';
import type { DerivedPod } from './timeline';
import type { Finding, FindingKind, Severity, Workload } from './types';

export const FINDING_SEVERITY: Record<FindingKind, Severity> = {
  sigkilled: 'critical',
  missingPreStop: 'warning',
  preStopShorterThanPropagation: 'warning',
  graceTooShort: 'warning',
  sigtermNotHandled: 'warning',
  noEndpointSeen: 'info',
};
const FINDING_ORDER: FindingKind[] = [
  'sigkilled',
  'graceTooShort',
  'sigtermNotHandled',
  'missingPreStop',
  'preStopShorterThanPropagation',
  'noEndpointSeen',
];
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
/** Assumed delete → not-ready time when none was measured (a typical controller + watch latency). */
const ASSUMED_PROPAGATION_SECONDS = 3;
/** Headroom added to a recommended grace period on top of preStop + p95 drain. */
export const GRACE_MARGIN_SECONDS = 5;

export interface FindingsInput {
  /** In output order: the pods of each finding are listed in that order. */
  pods: readonly DerivedPod[];
  allowanceSeconds: number;
  /** Without any slice seen, "never in a slice" says nothing, so noEndpointSeen is not reported. */
  endpointSlicesSeen: boolean;
}

interface Group {
  sortKey: string;
  workload: Workload | null;
  namespace: string;
  pods: DerivedPod[];
}

function groupByWorkload(pods: readonly DerivedPod[]): Group[] {
  const groups = new Map<string, Group>();
  for (const pod of pods) {
    const { workload, namespace } = pod.timeline;
    // "\u{10FFFF}" sorts bare pods after every workload.
    const sortKey = workload ? `${namespace}/${workload.kind}/${workload.name}` : `\u{10FFFF}${namespace}`;
    let group = groups.get(sortKey);
    if (!group) groups.set(sortKey, (group = { sortKey, workload, namespace, pods: [] }));
    group.pods.push(pod);
  }
  return [...groups.values()];
}

interface Rule {
  kind: FindingKind;
  /** The pods of the group this rule flags. */
  select: (pods: readonly DerivedPod[]) => DerivedPod[];
  describe: (subject: Subject, flagged: readonly DerivedPod[], group: Group) => { message: string; fix: string };
}

function rules(input: FindingsInput): Rule[] {
  const allowance = input.allowanceSeconds;
  const propagation = (group: Group, atLeast: number): PropagationSizing => {
    const measured = p95(group.pods.filter(isTerminated).flatMap((pod) => propagationSeconds(pod) ?? []));
    const recommended = Math.max(Math.ceil((measured ?? ASSUMED_PROPAGATION_SECONDS) + allowance), atLeast);
    return { recommendedSeconds: recommended, p95Seconds: measured, allowanceSeconds: allowance };
  };
  const needsMoreGrace = (pod: DerivedPod): boolean => {
    const drain = drainOf(pod);
    // A kill after a later delete shortened the grace shows that delete, not a setting that is too short.
    return (
      (isSigkilled(pod) && !pod.facts.graceShortened) ||
      (drain !== null && preStopSeconds(pod) + drain.seconds > pod.facts.kubeletGraceSeconds)
    );
  };
  return [
    {
      kind: 'sigkilled',
      select: (pods) => pods.filter(isSigkilled),
      describe: (subject, flagged) =>
        sigkilledText(
          subject,
          Math.max(...flagged.map((pod) => pod.facts.kubeletGraceSeconds)),
          flagged.some((pod) => !pod.facts.evictedByKubelet && needsMoreGrace(pod)),
        ),
    },
    {
      kind: 'graceTooShort',
      // A node-pressure eviction ignores terminationGracePeriodSeconds: raising it would change nothing.
      select: (pods) => pods.filter((pod) => isTerminated(pod) && !pod.facts.evictedByKubelet && needsMoreGrace(pod)),
      describe: (subject, flagged, group) => {
        const drains = group.pods.filter(isTerminated).flatMap((pod) => drainOf(pod) ?? []);
        const drainP95 = p95(drains.map((drain) => drain.seconds)) ?? 0;
        const preStop = Math.max(...flagged.map(preStopSeconds));
        const current = Math.max(...flagged.map((pod) => pod.facts.kubeletGraceSeconds));
        const recommended = Math.max(
          Math.ceil(preStop) + Math.ceil(drainP95) + GRACE_MARGIN_SECONDS,
          current + GRACE_MARGIN_SECONDS,
        );
        return graceTooShortText(subject, {
          recommendedSeconds: recommended,
          preStopSeconds: preStop,
          p95DrainSeconds: drainP95,
          drainAtLeast: flagged.some(isSigkilled),
          marginSeconds: GRACE_MARGIN_SECONDS,
          currentSeconds: current,
        });
      },
    },
    {
      kind: 'sigtermNotHandled',
      select: (pods) => pods.filter(exitedOnSigterm),
      describe: (subject) => sigtermNotHandledText(subject),
    },
    {
      kind: 'missingPreStop',
      // Only a pod the kubelet stopped (a Killing): on a lost node no hook would have run either.
      select: (pods) =>
        pods.filter(
          (pod) => isTerminated(pod) && wasRouted(pod) && pod.facts.stops.length > 0 && pod.timeline.preStop === null,
        ),
      describe: (subject, _flagged, group) => missingPreStopText(subject, propagation(group, 1)),
    },
    {
      kind: 'preStopShorterThanPropagation',
      select: (pods) =>
        pods.filter(
          (pod) =>
            pod.timeline.preStop !== null && pod.timeline.gaps.some((gap) => gap.kind === 'shortPropagationBuffer'),
        ),
      describe: (subject, flagged, group) => {
        const current = Math.max(...flagged.map((pod) => preStopSleepSeconds(pod.timeline.preStop) ?? 0));
        return shortPreStopText(subject, propagation(group, Math.floor(current) + 1), current > 0 ? current : null);
      },
    },
    {
      kind: 'noEndpointSeen',
      select: (pods) =>
        input.endpointSlicesSeen
          ? pods.filter(
              (pod) =>
                pod.timeline.markers.some((m) => m.kind === 'deleteRequested' || m.kind === 'podDeleted') &&
                !pod.timeline.markers.some((m) => m.kind.startsWith('endpoint')),
            )
          : [],
      describe: (subject) => noEndpointSeenText(subject),
    },
  ];
}

export function deriveFindings(input: FindingsInput): Finding[] {
  const findings: { finding: Finding; sortKey: string }[] = [];
  const ruleList = rules(input);
  for (const group of groupByWorkload(input.pods)) {
    for (const rule of ruleList) {
      const flagged = rule.select(group.pods);
      if (flagged.length === 0) continue;
      const subject: Subject = { workload: group.workload, namespace: group.namespace, podCount: flagged.length };
      const { message, fix } = rule.describe(subject, flagged, group);
      const finding: Finding = {
        kind: rule.kind,
        severity: FINDING_SEVERITY[rule.kind],
        workload: group.workload,
        pods: flagged.map((pod) => pod.timeline.uid),
        message,
        fix,
      };
      findings.push({ finding, sortKey: group.sortKey });
    }
  }
  return findings
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        compareStrings(a.sortKey, b.sortKey) ||
        FINDING_ORDER.indexOf(a.finding.kind) - FINDING_ORDER.indexOf(b.finding.kind),
    )
    .map((entry) => entry.finding);
}
