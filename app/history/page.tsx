import type { Metadata } from 'next';
import { HistoryPage } from '@/components/history/HistoryPage';
import { reviewTargetOf } from '@/lib/review/review-target';
import { paramsFromRecord } from '@/lib/view/url-state';

export const metadata: Metadata = { title: 'History · drainscope' };

// The list comes from /api/episodes in the browser, so a store error shows on the page instead of failing it.
export const dynamic = 'force-dynamic';

// `/history?from&to` sets the range picker to that range (the review links here to narrow a range too large).
export default async function History({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const target = reviewTargetOf(paramsFromRecord(await searchParams));
  return <HistoryPage pick={'kind' in target && target.kind === 'range' ? { from: target.from, to: target.to } : null} />;
}
