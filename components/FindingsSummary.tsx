'use client';
import { memo, useState } from 'react';
import type { ScopedFinding } from '@/lib/view/finding-scope';
import { terminatedText } from '@/lib/view/finding-scope';
import { findingKey, holdOrder, rankFindings } from '@/lib/view/findings';
import { FindingFix } from './FindingCard';

interface FindingsSummaryProps {
  /** Scoped to the filters and the visible window (lib/view/finding-scope.ts). */
  findings: readonly ScopedFinding[];
  focus: string | null;
  onFocus(key: string | null): void;
  /** The live seed is still arriving: the findings' pods are not all in, so nothing is listed or counted yet. */
  loading?: boolean;
}

const DOT = { critical: 'bg-[#D55E00]', warning: 'bg-[#E69F00]', info: 'bg-slate-400' } as const;

function podCount(finding: ScopedFinding): string {
  const shown = `${finding.pods.length} pod${finding.pods.length === 1 ? '' : 's'}`;
  return finding.allPods > finding.pods.length ? `${shown} of ${finding.allPods}` : shown;
}

/**
 * Findings ranked by severity; clicking one shows only its pods. While the pointer is over the list its order holds
 * (live counts would otherwise re-rank it under the pointer, and the click would land on another finding).
 */
export const FindingsSummary = memo(function FindingsSummary({
  findings,
  focus,
  onFocus,
  loading = false,
}: FindingsSummaryProps) {
  const [held, setHeld] = useState<string[] | null>(null);
  const ranked = rankFindings(findings);
  const ordered = holdOrder(ranked, held);
  if (loading)
    return (
      <section aria-label="Findings" data-testid="findings-summary" data-loading="true">
        <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Findings</h2>
        <p className="text-[12.5px] text-slate-500">Counted once every pod is in…</p>
      </section>
    );
  return (
    <section
      aria-label="Findings"
      data-testid="findings-summary"
      onPointerEnter={() => setHeld(ranked.map(findingKey))}
      onPointerLeave={() => setHeld(null)}
      data-order-held={held ? 'true' : 'false'}
    >
      <h2 className="mb-2 flex items-center text-xs font-semibold uppercase tracking-wide text-slate-500">
        Findings <span className="ml-1 font-normal">({ordered.length})</span>
        {focus && (
          <button
            type="button"
            className="ml-auto normal-case text-sky-700 hover:underline dark:text-sky-400"
            onClick={() => onFocus(null)}
          >
            show all pods
          </button>
        )}
      </h2>
      <p className="mb-1.5 text-[11px] text-slate-500">
        Pods matching the filters that are still there or in the visible window.
      </p>
      {ordered.length === 0 && (
        <p className="text-[12.5px] text-slate-500">No findings here: every termination in view was clean.</p>
      )}
      <ul className="space-y-1.5">
        {ordered.map((finding) => {
          const key = findingKey(finding);
          const active = key === focus;
          return (
            <li
              key={key}
              data-testid="finding-summary-card"
              className={`rounded border ${active ? 'border-sky-600 bg-sky-50 dark:bg-sky-950' : 'border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900'}`}
            >
              <button
                type="button"
                onClick={() => onFocus(active ? null : key)}
                aria-pressed={active}
                data-testid="finding-summary-item"
                data-kind={finding.kind}
                data-key={key}
                data-pods={finding.pods.length}
                className="w-full rounded px-2.5 py-1.5 text-left text-[12.5px] hover:bg-slate-50 dark:hover:bg-slate-800/60"
              >
                <span className="flex min-w-0 items-center gap-1.5">
                  <span
                    className={`inline-block size-2.5 shrink-0 rounded-full ${DOT[finding.severity]}`}
                    aria-hidden
                  />
                  <span className="min-w-0 truncate font-mono font-semibold" title={finding.kind}>
                    {finding.kind}
                  </span>
                  <span
                    className="ml-auto shrink-0 whitespace-nowrap text-[11px] text-slate-500"
                    title={`${finding.allPods} over the whole retention window`}
                  >
                    {podCount(finding)}
                  </span>
                </span>
                <span className="mt-0.5 block truncate text-slate-600 dark:text-slate-300">
                  <span className="uppercase text-[10.5px] font-semibold">{finding.severity}</span> ·{' '}
                  {finding.workload ? `${finding.workload.kind} ${finding.workload.name}` : 'bare pods'}
                </span>
                {finding.terminated && (
                  <span className="block text-[11px] tabular-nums text-slate-500" data-testid="finding-time">
                    {terminatedText(finding.terminated)}
                  </span>
                )}
              </button>
              {finding.fix && (
                <div className="border-t border-slate-200 px-2.5 pb-1.5 dark:border-slate-700">
                  <FindingFix fix={finding.fix} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
});
