import { capacityHeadline } from '@/lib/view/capacity';
import { foldLabel } from '@/lib/view/fold-gone';
import type { Row } from '@/lib/view/row-model';

const SEVERITY_BADGE = {
  critical: { text: 'critical', className: 'bg-[#D55E00] text-white' },
  warning: { text: 'warning', className: 'bg-[#E69F00] text-black' },
  info: { text: 'info', className: 'bg-slate-400 text-black' },
} as const;

interface LaneHeaderProps {
  row: Row;
  top: number;
  height: number;
  selected: boolean;
  onSelect(uid: string): void;
  /** Unfolds (or folds back) the gone pods of a revision: the fold row's revision key. */
  onToggleFold(revisionKey: string): void;
}

/** The DOM part of a row: names as text (never markup), and the data attributes tests and assistive tech read. */
export function LaneHeader({ row, top, height, selected, onSelect, onToggleFold }: LaneHeaderProps) {
  const style = { top, height };
  if (row.kind === 'workload') {
    return (
      <div
        className="absolute left-0 flex w-full items-center gap-2 border-t border-slate-200 bg-slate-100 px-3 text-[13px] font-semibold dark:border-slate-700 dark:bg-slate-800"
        style={style}
        data-testid="workload-row"
      >
        <span className="truncate" title={`${row.namespace} / ${row.label}`}>
          <span className="font-normal text-slate-500 dark:text-slate-400">{row.namespace} / </span>
          {row.label}
        </span>
        {!row.partial && row.problemCount > 0 && (
          <span className="ml-auto shrink-0 rounded bg-[#D55E00]/15 px-1.5 text-[11px] font-medium text-[#A74700] dark:text-[#FF9A4D]">
            {row.problemCount} with gaps
          </span>
        )}
      </div>
    );
  }
  if (row.kind === 'capacity') {
    return (
      <div
        className="absolute left-0 flex w-full items-center px-3 pl-5 text-[11.5px] text-slate-600 dark:text-slate-300"
        style={style}
        data-testid="capacity-row"
        data-dips={row.series.dips.length}
        data-pending={row.pending ? 'true' : undefined}
        title="Ready and serving endpoints against the desired replicas; shaded where fewer than replicas − maxUnavailable were ready"
      >
        <span className="truncate">
          {row.pending ? 'capacity · counted once every pod is in…' : capacityHeadline(row.series)}
        </span>
      </div>
    );
  }
  if (row.kind === 'revision' && row.changing) {
    return (
      <div
        className="absolute left-0 flex w-full items-center px-3 pl-5 text-[11px] text-slate-600 dark:text-slate-300"
        style={style}
        data-testid="changing-row"
        title="Pods terminating or not ready yet, of every revision, in the order they changed"
      >
        <span className="truncate">
          <span className="uppercase tracking-wide">changing now</span>
          {row.partial ? '' : ` · ${row.podCount}`}
        </span>
      </div>
    );
  }
  if (row.kind === 'revision') {
    return (
      <div
        className="absolute left-0 flex w-full items-center px-3 pl-5 text-[11px] text-slate-500 dark:text-slate-400"
        style={style}
      >
        <span className="truncate">
          <span className="uppercase tracking-wide">revision</span> <span className="font-mono">{row.label}</span>
        </span>
        {!row.partial && <span className="ml-1 normal-case">· {row.podCount}</span>}
      </div>
    );
  }
  if (row.kind === 'fold') {
    return (
      <button
        type="button"
        className="absolute left-0 flex w-full items-center gap-1 pl-7 pr-2 text-left text-[11.5px] text-slate-500 hover:bg-slate-100 hover:text-sky-700 focus:outline-2 focus:outline-offset-[-2px] focus:outline-sky-600 dark:text-slate-400 dark:hover:bg-slate-800/60 dark:hover:text-sky-400"
        style={style}
        onClick={() => onToggleFold(row.revisionKey)}
        aria-expanded={row.unfolded}
        data-testid="fold-row"
        data-count={row.count}
        data-with-gaps={row.withGaps}
        title={
          row.unfolded
            ? 'Fold the pods that were gone before the visible window'
            : 'Pods gone before the visible window: their lanes would be blank here'
        }
      >
        <span aria-hidden>{row.unfolded ? '▾' : '▸'}</span>
        <span className="truncate">{foldLabel(row)}</span>
      </button>
    );
  }
  const pod = row.pod;
  const badge = row.worst ? SEVERITY_BADGE[row.worst] : null;
  return (
    <button
      type="button"
      className={`absolute left-0 flex w-full items-center gap-2 pl-7 pr-2 text-left text-[12.5px] hover:bg-slate-100 focus:outline-2 focus:outline-offset-[-2px] focus:outline-sky-600 dark:hover:bg-slate-800/60 ${selected ? 'bg-sky-100 dark:bg-sky-900/40' : ''}`}
      style={style}
      onClick={() => onSelect(pod.uid)}
      data-testid="lane"
      data-pod={pod.name}
      data-uid={pod.uid}
      data-gaps={pod.gaps.map((gap) => gap.kind).join(' ')}
      data-markers={pod.markers.map((marker) => marker.kind).join(' ')}
      aria-pressed={selected}
      title={`${pod.namespace}/${pod.name}${pod.node ? ` on ${pod.node}` : ''}`}
    >
      <span
        className={`min-w-0 flex-1 truncate font-mono ${row.terminating ? '' : 'text-slate-500 dark:text-slate-400'}`}
      >
        {pod.name}
      </span>
      {badge && (
        <span className={`shrink-0 rounded px-1.5 py-px text-[10px] font-semibold uppercase ${badge.className}`}>
          {badge.text}
        </span>
      )}
    </button>
  );
}
