import type { Finding, PodTimeline } from '@/lib/timeline/types';
import { findingsForPod } from '@/lib/view/findings';
import { formatClock, formatOffset, GAP_LABELS, markerTitle, PRECISION_LABELS } from '@/lib/view/labels';
import { firstMarker } from '@/lib/view/row-model';
import { FindingCard } from './FindingCard';

const SOURCE_LABELS = {
  pod: 'Pod',
  event: 'Event',
  endpointslice: 'EndpointSlice',
  spec: 'Pod spec',
  inference: 'Inferred',
  watch: 'Watch',
} as const;

function preStopText(pod: PodTimeline): string {
  const p = pod.preStop;
  if (!p) return 'none';
  if (p.kind === 'sleep') return `sleep ${p.seconds} s`;
  if (p.kind === 'exec') return `exec ${p.command.join(' ')}`;
  return p.kind;
}

/** Everything known about one pod: the evidence behind each marker, its gaps, and the findings with their fix. */
export function DetailPanel({
  pod,
  findings,
  onClose,
}: {
  pod: PodTimeline;
  findings: readonly Finding[];
  onClose(): void;
}) {
  const deleteAt = firstMarker(pod, 'deleteRequested')?.at;
  const markers = [...pod.markers].sort((a, b) => a.at - b.at);
  const facts: Array<[string, string]> = [
    ['Namespace', pod.namespace],
    ['Workload', pod.workload ? `${pod.workload.kind} ${pod.workload.name}` : 'none (bare pod)'],
    ['Revision', pod.controllerName ?? '—'],
    ['Node', pod.node ?? '—'],
    ['Grace period', pod.gracePeriodSeconds === null ? '—' : `${pod.gracePeriodSeconds} s`],
    ['preStop', preStopText(pod)],
  ];
  return (
    <aside
      className="flex w-[440px] shrink-0 flex-col overflow-y-auto border-l border-slate-200 bg-white text-sm dark:border-slate-700 dark:bg-slate-900"
      data-testid="detail-panel"
      aria-label="Pod details"
    >
      <div className="sticky top-0 z-10 flex items-start gap-2 border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-700 dark:bg-slate-900">
        <h2 className="min-w-0 flex-1 break-all font-mono text-[13px] font-semibold" data-testid="detail-pod-name">
          {pod.name}
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="rounded px-2 text-lg leading-none text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
          aria-label="Close details"
        >
          ×
        </button>
      </div>
      <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1 px-4 py-3 text-[12.5px]">
        {facts.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-slate-500">{term}</dt>
            <dd className="break-all">{value}</dd>
          </div>
        ))}
      </dl>
      {pod.gaps.length > 0 && (
        <section className="px-4 pb-3">
          <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">Gaps</h3>
          {pod.gaps.map((gap) => (
            <div
              key={`${gap.kind}-${gap.from}`}
              className="mb-1.5 border-l-4 pl-2"
              style={{
                borderColor:
                  gap.severity === 'critical' ? '#D55E00' : gap.severity === 'warning' ? '#E69F00' : '#94a3b8',
              }}
              data-testid="detail-gap"
            >
              <div className="font-semibold">
                {GAP_LABELS[gap.kind].title}{' '}
                <span className="text-xs font-normal uppercase text-slate-500">{gap.severity}</span>
              </div>
              <div className="text-[12px] tabular-nums text-slate-600 dark:text-slate-300">
                {formatClock(gap.from)} → {formatClock(gap.to)} ({formatOffset(gap.to - gap.from).replace('+', '')})
                {gap.container ? ` · ${gap.container}` : ''}
              </div>
              <div className="text-[12px] text-slate-600 dark:text-slate-300">{GAP_LABELS[gap.kind].meaning}</div>
            </div>
          ))}
        </section>
      )}
      <section className="px-4 pb-3">
        <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">Markers and evidence</h3>
        <ol className="space-y-2">
          {markers.map((marker, index) => (
            <li
              key={`${marker.kind}-${marker.container ?? ''}-${index}`}
              className="rounded border border-slate-200 px-2.5 py-1.5 dark:border-slate-700"
              data-testid="detail-marker"
              data-kind={marker.kind}
            >
              <div className="flex items-baseline gap-2">
                <span className="font-semibold">{markerTitle(marker)}</span>
                <span className="ml-auto shrink-0 text-[12px] tabular-nums text-slate-600 dark:text-slate-300">
                  {marker.precision === 'estimated' ? '~' : ''}
                  {formatClock(marker.at)}
                  {deleteAt !== undefined && marker.kind !== 'deleteRequested'
                    ? ` (${formatOffset(marker.at - deleteAt)})`
                    : ''}
                </span>
              </div>
              <div className="text-[11.5px] text-slate-500">
                {PRECISION_LABELS[marker.precision]}
                {marker.latest > marker.earliest
                  ? ` · true time in ${formatClock(marker.earliest)} – ${formatClock(marker.latest)}`
                  : ''}
              </div>
              {marker.evidence.length > 0 && (
                <ul className="mt-1 space-y-0.5 text-[12px]">
                  {marker.evidence.map((evidence, i) => (
                    <li key={i} className="flex gap-1.5">
                      <span className="shrink-0 rounded bg-slate-100 px-1 text-[10.5px] font-medium text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                        {SOURCE_LABELS[evidence.source]}
                      </span>
                      <span className="break-words">{evidence.text}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section className="px-4 pb-4">
        <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">Findings for this pod</h3>
        {findingsForPod(findings, pod.uid).map((finding) => (
          <FindingCard key={finding.kind} finding={finding} showFix />
        ))}
        {findingsForPod(findings, pod.uid).length === 0 && <p className="text-slate-500">None.</p>}
      </section>
    </aside>
  );
}
