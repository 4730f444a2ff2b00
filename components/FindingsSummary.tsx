import { memo } from 'react';
import type { Finding } from '@/lib/timeline/types';
import { findingKey, rankFindings } from '@/lib/view/findings';

interface FindingsSummaryProps {
  findings: readonly Finding[];
  focus: string | null;
  onFocus(key: string | null): void;
}

const DOT = { critical: 'bg-[#D55E00]', warning: 'bg-[#E69F00]', info: 'bg-slate-400' } as const;

/** Findings ranked by severity; clicking one shows only its pods. */
export const FindingsSummary = memo(function FindingsSummary({ findings, focus, onFocus }: FindingsSummaryProps) {
  const ranked = rankFindings(findings);
  return (
    <section aria-label="Findings" data-testid="findings-summary">
      <h2 className="mb-2 flex items-center text-xs font-semibold uppercase tracking-wide text-slate-500">
        Findings <span className="ml-1 font-normal">({ranked.length})</span>
        {focus && (
          <button type="button" className="ml-auto normal-case text-sky-700 hover:underline dark:text-sky-400" onClick={() => onFocus(null)}>
            show all pods
          </button>
        )}
      </h2>
      {ranked.length === 0 && <p className="text-[12.5px] text-slate-500">No findings: every termination seen so far was clean.</p>}
      <ul className="space-y-1.5">
        {ranked.map((finding) => {
          const key = findingKey(finding);
          const active = key === focus;
          return (
            <li key={key}>
              <button
                type="button"
                onClick={() => onFocus(active ? null : key)}
                aria-pressed={active}
                data-testid="finding-summary-item"
                data-kind={finding.kind}
                className={`w-full rounded border px-2.5 py-1.5 text-left text-[12.5px] hover:border-sky-500 ${active ? 'border-sky-600 bg-sky-50 dark:bg-sky-950' : 'border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900'}`}
              >
                <span className="flex items-center gap-1.5">
                  <span className={`inline-block size-2.5 shrink-0 rounded-full ${DOT[finding.severity]}`} aria-hidden />
                  <span className="font-mono font-semibold">{finding.kind}</span>
                  <span className="ml-auto shrink-0 text-[11px] text-slate-500">{finding.pods.length} pod{finding.pods.length === 1 ? '' : 's'}</span>
                </span>
                <span className="mt-0.5 block text-slate-600 dark:text-slate-300">
                  <span className="uppercase text-[10.5px] font-semibold">{finding.severity}</span> · {finding.workload ? `${finding.workload.kind} ${finding.workload.name}` : 'bare pods'}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
});
