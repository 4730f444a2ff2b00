/**
 * An analysis as CSV, one row per marker and per gap, for spreadsheets: the server's range download and the
 * page's export of what is on screen write the same columns.
 */
import { toAnalysisJson, type AnalysisJson } from '../timeline/analysis-json';
import type { Analysis } from '../timeline/types';

const CSV_COLUMNS = [
  'row',
  'namespace',
  'pod',
  'uid',
  'node',
  'workload',
  'kind',
  'at',
  'to',
  'precision',
  'severity',
  'container',
  'exitCode',
  'reason',
];

export function analysisCsv(analysis: Analysis): string {
  const json: AnalysisJson = toAnalysisJson(analysis);
  const rows: string[][] = [CSV_COLUMNS];
  for (const pod of json.pods) {
    const base = [
      pod.namespace,
      pod.name,
      pod.uid,
      pod.node ?? '',
      pod.workload ? `${pod.workload.kind}/${pod.workload.name}` : '',
    ];
    for (const marker of pod.markers) {
      rows.push([
        'marker',
        ...base,
        marker.kind,
        marker.at,
        '',
        marker.precision,
        '',
        marker.container ?? '',
        marker.exitCode?.toString() ?? '',
        marker.reason ?? '',
      ]);
    }
    for (const gap of pod.gaps)
      rows.push(['gap', ...base, gap.kind, gap.from, gap.to, '', gap.severity, gap.container ?? '', '', '']);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a pod name as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
