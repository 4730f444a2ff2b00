/**
 * `--fail-on LIST`: which results make `drainscope analyze` exit 1, so a CI job after a deploy can fail on the
 * gaps it cares about. A list item is a gap kind, a finding kind, or a severity word (`critical`, `warning`).
 */
import type { Analysis, FindingKind, GapKind, Severity } from '../timeline/types';

const GAP_KINDS: readonly GapKind[] = [
  'sigtermWhileRouted',
  'exitWhileRouted',
  'shortPropagationBuffer',
  'killedAtDeadline',
  'preStopCutByGrace',
  'watchBlind',
];
const FINDING_KINDS: readonly FindingKind[] = [
  'missingPreStop',
  'preStopShorterThanPropagation',
  'graceTooShort',
  'sigtermNotHandled',
  'sigkilled',
  'noEndpointSeen',
];
const SEVERITY_WORDS = ['critical', 'warning'] as const;

/** Severity words match everything at least that severe: `warning` also matches `critical`. */
const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export interface FailOnRule {
  kinds: Set<string>;
  minimumSeverity: Severity | null;
}

export class FailOnParseError extends Error {}

export function parseFailOn(list: string): FailOnRule {
  const rule: FailOnRule = { kinds: new Set(), minimumSeverity: null };
  for (const word of list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    if ((SEVERITY_WORDS as readonly string[]).includes(word)) {
      const severity = word as Severity;
      if (!rule.minimumSeverity || SEVERITY_RANK[severity] < SEVERITY_RANK[rule.minimumSeverity])
        rule.minimumSeverity = severity;
    } else if ((GAP_KINDS as readonly string[]).includes(word) || (FINDING_KINDS as readonly string[]).includes(word)) {
      rule.kinds.add(word);
    } else {
      throw new FailOnParseError(
        `--fail-on: unknown item "${word}"; use critical, warning, a gap kind (${GAP_KINDS.join(', ')}) or a finding kind (${FINDING_KINDS.join(', ')})`,
      );
    }
  }
  if (rule.kinds.size === 0 && !rule.minimumSeverity) throw new FailOnParseError('--fail-on: the list is empty');
  return rule;
}

/** What in the analysis matched the rule, as `kind` strings (deduplicated, in order of first appearance). */
export function matchFailOn(analysis: Analysis, rule: FailOnRule): string[] {
  const matched = new Set<string>();
  const matches = (kind: string, severity: Severity) =>
    rule.kinds.has(kind) ||
    (rule.minimumSeverity !== null && SEVERITY_RANK[severity] >= SEVERITY_RANK[rule.minimumSeverity]);
  for (const pod of analysis.pods)
    for (const gap of pod.gaps) if (matches(gap.kind, gap.severity)) matched.add(gap.kind);
  for (const finding of analysis.findings) if (matches(finding.kind, finding.severity)) matched.add(finding.kind);
  return [...matched];
}
