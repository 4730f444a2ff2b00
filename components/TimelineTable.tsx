import type { Marker, MarkerKind, PodTimeline } from '@/lib/timeline/types';
import { formatClock, formatOffset, GAP_LABELS } from '@/lib/view/labels';
import { firstMarker, type PodRow } from '@/lib/view/row-model';

const COLUMNS: Array<{ kind: MarkerKind; label: string }> = [
  { kind: 'endpointNotReady', label: 'Endpoint not ready' },
  { kind: 'preStopStart', label: 'preStop' },
  { kind: 'sigterm', label: 'SIGTERM' },
  { kind: 'containerExited', label: 'Exit' },
  { kind: 'sigkill', label: 'SIGKILL' },
  { kind: 'endpointRemoved', label: 'Endpoint removed' },
  { kind: 'podDeleted', label: 'Pod gone' },
];

/**
 * The pod's `kind` marker of its termination, which the columns count from the delete request: the first at or
 * after the delete (an estimate whose interval reaches it counts). Markers from before belong to its start-up or
 * an earlier restart, with one exception: an endpoint that went not ready before the delete and stayed so (no
 * ready after it) was already out of rotation when the delete came, a negative offset worth showing. A pod with
 * no delete request has no termination to show (there is no zero to count from).
 */
function terminationMarker(pod: PodTimeline, kind: MarkerKind, deleteAt: number | undefined): Marker | undefined {
  if (deleteAt === undefined) return undefined;
  if (kind === 'endpointNotReady') {
    const before = pod.markers.filter(
      (m) => (m.kind === 'endpointNotReady' || m.kind === 'endpointReady') && m.latest < deleteAt,
    );
    const last = before[before.length - 1];
    if (last?.kind === 'endpointNotReady') return last;
  }
  return pod.markers.find((m) => m.kind === kind && m.latest >= deleteAt);
}

function cell(pod: PodTimeline, kind: MarkerKind, deleteAt: number | undefined): string {
  const marker = terminationMarker(pod, kind, deleteAt);
  if (!marker || deleteAt === undefined) return '';
  const time = formatOffset(marker.at - deleteAt);
  const prefix = `${marker.expected ? 'expected ' : ''}${marker.precision === 'estimated' ? '~' : ''}`;
  if (kind === 'containerExited') return `${prefix}${time} ${marker.exitCode ?? ''} ${marker.reason ?? ''}`.trim();
  return `${prefix}${time}`;
}

/** The interval the true time lies in, for the cell's title: the cell shows only the best guess. */
function bounds(pod: PodTimeline, kind: MarkerKind, deleteAt: number | undefined): string | undefined {
  const marker = terminationMarker(pod, kind, deleteAt);
  if (!marker || marker.latest <= marker.earliest) return undefined;
  return `between ${formatClock(marker.earliest)} and ${formatClock(marker.latest)} UTC`;
}

/**
 * The lanes as a table: screen readers and copy-paste. Offsets are from each pod's delete request. A row opens the
 * pod's details, as its lane does; the name's button is the same action for the keyboard.
 */
export function TimelineTable({
  rows,
  selectedUid,
  onSelect,
}: {
  rows: readonly PodRow[];
  selectedUid: string | null;
  onSelect(uid: string): void;
}) {
  return (
    <div className="min-h-0 flex-1 overflow-auto bg-white dark:bg-[#0b1220]" data-testid="timeline-table">
      <table className="w-full border-collapse text-left text-[12.5px]">
        <caption className="sr-only">
          Termination timeline per pod; times after the delete request, ~ marks estimated times, expected marks what has
          not happened yet
        </caption>
        <thead className="sticky top-0 bg-slate-100 text-[11px] uppercase tracking-wide text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-3 py-2">
              Pod
            </th>
            <th scope="col" className="px-3 py-2">
              Revision
            </th>
            <th scope="col" className="px-3 py-2">
              Delete (UTC)
            </th>
            {COLUMNS.map((column) => (
              <th key={column.kind} scope="col" className="px-3 py-2">
                {column.label}
              </th>
            ))}
            <th scope="col" className="px-3 py-2">
              Gaps
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ pod }) => {
            const deleteAt = firstMarker(pod, 'deleteRequested')?.at;
            return (
              <tr
                key={pod.uid}
                className={`cursor-pointer border-b border-slate-100 tabular-nums hover:bg-slate-50 dark:hover:bg-slate-900 dark:border-slate-800 ${pod.uid === selectedUid ? 'bg-sky-50 dark:bg-sky-950' : ''}`}
                data-testid="table-row"
                data-pod={pod.name}
                onClick={() => onSelect(pod.uid)}
              >
                <th scope="row" className="px-3 py-1.5 font-mono font-normal">
                  <button
                    type="button"
                    className="text-left hover:underline"
                    onClick={(event) => {
                      // The row's own click would select it a second time.
                      event.stopPropagation();
                      onSelect(pod.uid);
                    }}
                  >
                    {pod.namespace}/{pod.name}
                  </button>
                </th>
                <td className="px-3 py-1.5">{pod.controllerName ?? ''}</td>
                <td className="px-3 py-1.5">
                  {deleteAt === undefined ? <span className="text-slate-500">not deleted</span> : formatClock(deleteAt)}
                </td>
                {COLUMNS.map((column) => (
                  <td key={column.kind} className="px-3 py-1.5" title={bounds(pod, column.kind, deleteAt)}>
                    {cell(pod, column.kind, deleteAt)}
                  </td>
                ))}
                <td className="px-3 py-1.5">
                  {pod.gaps.map((gap) => (
                    <span
                      key={`${gap.kind}-${gap.from}`}
                      className={`mr-1 inline-block rounded px-1.5 text-[11px] font-semibold ${gap.severity === 'critical' ? 'bg-[#D55E00] text-white' : gap.severity === 'warning' ? 'bg-[#E69F00] text-black' : 'bg-slate-300 text-black'}`}
                    >
                      {GAP_LABELS[gap.kind].title}
                      {gap.open ? ' (open)' : ''}
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
