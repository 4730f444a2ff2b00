/**
 * The analysis as text for people: one row per pod (delete time, endpoint lag, SIGTERM, exit, what went wrong),
 * then the findings with their fixes. Times are UTC; offsets are from the delete request (or, for a pod ended
 * without one, from the kubelet's first `Killing`). `~` marks an estimated time.
 */
import type { Analysis, Finding, Gap, Marker, MarkerKind, PodTimeline } from '../timeline/types';
import { terminalSafe } from './text';

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

function first(pod: PodTimeline, kind: MarkerKind): Marker | undefined {
  return pod.markers.find((marker) => marker.kind === kind);
}

function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

function offset(marker: Marker | undefined, origin: Marker | undefined): string {
  if (!marker) return '-';
  if (!origin) return clockTime(marker.at);
  const seconds = (marker.at - origin.at) / 1000;
  const digits = marker.precision === 'observed' && origin.precision === 'observed' ? 3 : 1;
  const text = `${seconds >= 0 ? '+' : ''}${seconds.toFixed(digits)}s`;
  return marker.precision === 'estimated' ? `~${text}` : text;
}

function exitText(pod: PodTimeline): string {
  const exits = pod.markers.filter((marker) => marker.kind === 'containerExited');
  if (exits.length === 0) return '-';
  const killed = new Set(pod.markers.filter((marker) => marker.kind === 'sigkill').map((marker) => marker.container));
  return exits
    .map((exit) => {
      const label = killed.has(exit.container) ? 'SIGKILL' : (exit.reason ?? '');
      const prefix = exits.length > 1 && exit.container ? `${exit.container}:` : '';
      return `${prefix}${exit.exitCode ?? '?'}${label ? ` ${label}` : ''}`;
    })
    .join(', ');
}

function problemsText(gaps: Gap[]): string {
  const kinds = [...gaps]
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
    .map((gap) => (gap.severity === 'critical' ? `${gap.kind}!` : gap.kind));
  return [...new Set(kinds)].join(', ') || 'ok';
}

export function podRow(pod: PodTimeline): string[] {
  const deleteRequested = first(pod, 'deleteRequested');
  const origin = deleteRequested ?? first(pod, 'killing');
  const endpointGone = first(pod, 'endpointNotReady') ?? first(pod, 'endpointRemoved');
  return [
    terminalSafe(`${pod.namespace}/${pod.name}`),
    origin ? `${clockTime(origin.at)}${deleteRequested ? '' : '*'}` : '-',
    origin ? offset(endpointGone, origin) : '-',
    origin ? offset(first(pod, 'sigterm'), origin) : '-',
    exitText(pod),
    problemsText(pod.gaps),
  ];
}

const HEADERS = ['POD', 'DELETE (UTC)', 'ENDPOINT LAG', 'SIGTERM', 'EXIT', 'PROBLEMS'];

function alignColumns(rows: string[][]): string[] {
  const widths = HEADERS.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  '),
  );
}

function findingBlock(finding: Finding): string[] {
  const workload = finding.workload ? `${finding.workload.kind}/${finding.workload.name}` : 'bare pods';
  const count = `${finding.pods.length} pod${finding.pods.length === 1 ? '' : 's'}`;
  const fix = finding.fix.split('\n').map((line) => `    ${terminalSafe(line)}`);
  return [
    `${finding.severity.toUpperCase().padEnd(8)} ${finding.kind}  ${terminalSafe(workload)} (${count}): ${terminalSafe(finding.message)}`,
    '  fix:',
    ...fix,
  ];
}

export function formatAnalysisTable(analysis: Analysis): string {
  const terminating = analysis.pods.filter((pod) => first(pod, 'deleteRequested') || first(pod, 'killing'));
  const lines: string[] = [];
  if (terminating.length === 0) {
    lines.push(
      `No pod terminations in this recording (${analysis.pods.length} pod${analysis.pods.length === 1 ? '' : 's'} seen).`,
    );
  } else {
    lines.push(...alignColumns([HEADERS, ...terminating.map(podRow)]));
  }
  const critical = terminating.filter((pod) => pod.gaps.some((gap) => gap.severity === 'critical')).length;
  if (terminating.some((pod) => !first(pod, 'deleteRequested'))) {
    lines.push(
      "* no delete request (node-pressure eviction, node shutdown): times are from the kubelet's Killing event",
    );
  }
  lines.push(
    '',
    `${terminating.length} terminating pod${terminating.length === 1 ? '' : 's'}, ${critical} with critical gaps; propagation allowance ${analysis.allowanceSeconds}s.`,
  );
  if (analysis.findings.length > 0) {
    lines.push('', 'FINDINGS');
    for (const finding of analysis.findings) lines.push(...findingBlock(finding));
  }
  return `${lines.join('\n')}\n`;
}
