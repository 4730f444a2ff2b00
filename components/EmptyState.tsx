import type { ReactNode } from 'react';

/** A full-area message: what is going on, and what to do about it. */
export function EmptyState({
  title,
  tone = 'neutral',
  testId,
  children,
}: {
  title: string;
  tone?: 'neutral' | 'error';
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-1 items-center justify-center p-8" data-testid={testId}>
      <div
        className={`max-w-xl rounded-lg border px-6 py-5 text-sm ${tone === 'error' ? 'border-[#D55E00] bg-[#D55E00]/5' : 'border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900'}`}
      >
        <h2 className="mb-2 text-base font-semibold">{title}</h2>
        <div className="space-y-2 text-slate-700 dark:text-slate-300">{children}</div>
      </div>
    </div>
  );
}
