'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { reviewHref } from '@/lib/review/review-target';
import { toUtcInputValue, utcRangeOf } from '@/lib/review/utc-input';

const input = 'h-8 rounded border border-slate-300 bg-white px-2 text-[13px] dark:border-slate-600 dark:bg-slate-900';

/** Any range of one cluster's live recording (null: the one watched now), in UTC, opened in the review like an episode. */
export function RangePicker({
  suggestion,
  cluster = null,
}: {
  suggestion: { from: number; to: number } | null;
  cluster?: number | null;
}) {
  const router = useRouter();
  const initial = suggestion ?? { from: Date.now() - 3_600_000, to: Date.now() };
  const [from, setFrom] = useState(() => toUtcInputValue(initial.from));
  const [to, setTo] = useState(() => toUtcInputValue(initial.to));
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const range = utcRangeOf(from, to);
    if ('error' in range) return setError(range.error);
    setError(null);
    router.push(reviewHref({ kind: 'range', ...range, ...(cluster === null ? {} : { cluster }) }));
  };
  return (
    <form onSubmit={onSubmit} className="space-y-2" aria-label="Open a time range" data-testid="range-picker">
      <h2 className="text-sm font-semibold">Open a time range</h2>
      <p className="text-xs text-slate-500">
        Any stretch of the live recording, whether or not an episode was detected in it. Times are UTC.
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1 text-xs">
          From (UTC)
          <input
            type="datetime-local"
            step={1}
            className={input}
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            data-testid="range-from"
          />
        </label>
        <label className="flex flex-col gap-1 text-xs">
          To (UTC)
          <input
            type="datetime-local"
            step={1}
            className={input}
            value={to}
            onChange={(e) => setTo(e.target.value)}
            data-testid="range-to"
          />
        </label>
        <button
          type="submit"
          className="h-8 rounded bg-sky-700 px-3 text-[13px] font-semibold text-white hover:bg-sky-800"
          data-testid="range-open"
        >
          Open range
        </button>
      </div>
      {error && (
        <p className="text-xs text-[#B34700]" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
