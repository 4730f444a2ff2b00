/** What an exported image says it shows (its title lines) and what its file is called. */
import { utcFormat } from 'd3-time-format';
import { formatOffset } from '../labels';
import type { RowModel } from '../row-model';
import type { TimeSpan } from '../time-scale';
import type { TimeLabels, ViewState } from '../view-state';

export type ExportFilters = Pick<ViewState, 'namespaces' | 'workload' | 'search' | 'problemsOnly' | 'align' | 'focus'>;

export interface ExportSubject {
  model: RowModel;
  span: TimeSpan;
  view: ExportFilters;
  timeLabels: TimeLabels;
  /** Watched as it happens, rather than recorded (a review, a static page). */
  live: boolean;
  cluster: string | null;
  /** A review: the recorded episode or range it replays. Its exports are named by its start, not by today. */
  recordedRange?: { from: number; to: number } | null;
}

/** The instant an export's file is named by: a review's episode start; live, the moment of the export. */
export function exportTimeMs(subject: Pick<ExportSubject, 'live' | 'recordedRange'>, wallNowMs: number): number {
  return !subject.live && subject.recordedRange ? subject.recordedRange.from : wallNowMs;
}

const dateTime = utcFormat('%Y-%m-%d %H:%M:%S');
const time = utcFormat('%H:%M:%S');
const day = utcFormat('%Y-%m-%d');
const stamp = utcFormat('%Y%m%dT%H%M%SZ');

/** `2024-05-01 04:25:15 – 04:26:40 UTC`; the date twice only when the range crosses midnight. */
export function utcRange(fromMs: number, toMs: number): string {
  const end = day(new Date(fromMs)) === day(new Date(toMs)) ? time(new Date(toMs)) : dateTime(new Date(toMs));
  return `${dateTime(new Date(fromMs))} – ${end} UTC`;
}

function scope(view: ExportFilters): string {
  const parts = [view.namespaces.length ? view.namespaces.join(', ') : 'all namespaces'];
  if (view.workload) parts.push(view.workload.replace('/', ' '));
  let out = parts.join(' / ');
  if (view.search.trim()) out += ` · search “${view.search.trim()}”`;
  if (view.problemsOnly) out += ' · problems only';
  if (view.focus) out += ' · one finding';
  return out;
}

/** When aligned, the span is relative to each pod's delete; the deletes themselves say when it happened. */
function when(subject: ExportSubject): string {
  const { span, model, view } = subject;
  if (!view.align) return utcRange(span.startMs, span.endMs);
  const deletes = model.pods.map((row) => row.offsetMs);
  const around = `${formatOffset(span.startMs)} to ${formatOffset(span.endMs)} around each delete`;
  return deletes.length ? `${around}, deletes ${utcRange(Math.min(...deletes), Math.max(...deletes))}` : around;
}

function mode(subject: ExportSubject): string {
  const axis = subject.view.align
    ? 'aligned by deletion'
    : subject.timeLabels === 'relative'
      ? 'clock time, labels relative'
      : 'clock time';
  const source = subject.live ? `live${subject.cluster ? ` from ${subject.cluster}` : ''}` : 'recorded';
  return `${axis} · ${source}`;
}

export function exportTitle(subject: ExportSubject): { heading: string; details: string } {
  const pods = subject.model.pods.length;
  return {
    heading: `drainscope · ${scope(subject.view)}`,
    details: `${when(subject)} · ${mode(subject)} · ${pods} pod${pods === 1 ? '' : 's'}`,
  };
}

/**
 * `drainscope-shop-20240501T042515Z.png` (or `.svg`, `.timelines.csv`, `.timelines.json`, or `.trace.json` for the
 * Chrome trace): names from the cluster
 * reduced to characters every file system takes.
 */
export function exportFileName(
  namespaces: readonly string[],
  atMs: number,
  extension: 'png' | 'svg' | 'trace.json' | 'timelines.csv' | 'timelines.json',
): string {
  const safe = namespaces
    .map((ns) =>
      ns
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-')
        .replace(/^[.-]+|[.-]+$/g, ''),
    )
    .filter(Boolean);
  const scopePart = safe.length ? safe.join('+').slice(0, 80) : 'all';
  return `drainscope-${scopePart}-${stamp(new Date(atMs))}.${extension}`;
}
