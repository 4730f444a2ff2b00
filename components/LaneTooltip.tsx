import type { LaneHit } from '@/lib/view/hit-test';
import { formatClock, formatOffset, GAP_LABELS, markerTitle, PRECISION_LABELS } from '@/lib/view/labels';
import { firstMarker } from '@/lib/view/row-model';

/** What is under the pointer, in words. Plain text nodes only: pod names and messages are untrusted. */
export function LaneTooltip({ hit, x, y }: { hit: LaneHit; x: number; y: number }) {
  const pod = hit.row.pod;
  const deleteAt = firstMarker(pod, 'deleteRequested')?.at;
  const marker = hit.marker;
  return (
    <div
      role="tooltip"
      data-testid="lane-tooltip"
      className="pointer-events-none absolute z-20 max-w-sm rounded-md border border-slate-300 bg-white/95 px-3 py-2 text-xs shadow-lg dark:border-slate-600 dark:bg-slate-900/95"
      style={{ left: x + 14, top: y + 14 }}
    >
      <div className="truncate font-mono font-semibold">{pod.name}</div>
      {marker && (
        <div className="mt-1">
          <div className="font-semibold">{markerTitle(marker)}</div>
          <div className="tabular-nums text-slate-600 dark:text-slate-300">
            {formatClock(marker.at)} UTC
            {deleteAt !== undefined && marker.kind !== 'deleteRequested'
              ? ` · ${formatOffset(marker.at - deleteAt)} after delete`
              : ''}
          </div>
          {marker.expected && (
            <div className="font-semibold text-slate-600 dark:text-slate-300">
              expected: not seen, and not possible yet at the newest observation
            </div>
          )}
          <div className="text-slate-500 dark:text-slate-400">
            {PRECISION_LABELS[marker.precision]}
            {marker.latest > marker.earliest
              ? ` · between ${formatClock(marker.earliest)} and ${formatClock(marker.latest)}`
              : ''}
          </div>
          {marker.evidence[0] && (
            <div className="mt-1 text-slate-700 dark:text-slate-200">{marker.evidence[0].text}</div>
          )}
        </div>
      )}
      {hit.gaps.map((gap) => (
        <div
          key={`${gap.kind}-${gap.from}`}
          className="mt-1.5 border-l-4 pl-2"
          style={{
            borderColor: gap.severity === 'critical' ? '#D55E00' : gap.severity === 'warning' ? '#E69F00' : '#94a3b8',
          }}
        >
          <div className="font-semibold">
            {GAP_LABELS[gap.kind].title} <span className="font-normal uppercase text-slate-500">{gap.severity}</span> ·{' '}
            {formatOffset(gap.to - gap.from).replace('+', '')}
            {gap.open ? ' so far (still open)' : ''}
          </div>
          <div className="text-slate-600 dark:text-slate-300">{GAP_LABELS[gap.kind].meaning}</div>
        </div>
      ))}
      {!marker && hit.gaps.length === 0 && (
        <div className="text-slate-500">Click for the evidence behind every marker.</div>
      )}
    </div>
  );
}
