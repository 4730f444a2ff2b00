import type { Finding } from '@/lib/timeline/types';
import { CopyButton } from './CopyButton';

const TONE = {
  critical: 'border-[#D55E00] bg-[#D55E00]/8',
  warning: 'border-[#E69F00] bg-[#E69F00]/8',
  info: 'border-slate-400 bg-slate-400/8',
} as const;

/** The sized fix (YAML) with a copy button: what to paste into the manifest (long ones scroll). */
export function FindingFix({ fix }: { fix: string }) {
  return (
    <div data-testid="finding-fix">
      <div className="mt-1 flex items-center gap-2 text-[11px] font-semibold uppercase text-slate-500">
        Fix <CopyButton text={fix} />
      </div>
      <pre className="mt-0.5 max-h-48 overflow-auto whitespace-pre-wrap rounded bg-slate-100 p-2 font-mono text-[11.5px] dark:bg-slate-800">
        {fix}
      </pre>
    </div>
  );
}

/** One finding: severity, kind, message and (optionally) the fix as preformatted text for copy-paste. */
export function FindingCard({ finding, showFix }: { finding: Finding; showFix: boolean }) {
  return (
    <div
      className={`mb-2 rounded border-l-4 px-2.5 py-1.5 ${TONE[finding.severity]}`}
      data-testid="finding"
      data-kind={finding.kind}
      data-severity={finding.severity}
    >
      <div className="text-[12px]">
        <span className="font-semibold uppercase">{finding.severity}</span>{' '}
        <span className="break-all font-mono">{finding.kind}</span>
      </div>
      <p className="text-[12.5px]">{finding.message}</p>
      {showFix && finding.fix && <FindingFix fix={finding.fix} />}
    </div>
  );
}
