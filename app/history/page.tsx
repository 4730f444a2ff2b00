import type { Metadata } from 'next';
import { HistoryPage } from '@/components/history/HistoryPage';
import { parseQueryCluster } from '@/lib/query-cluster';
import { reviewTargetOf } from '@/lib/review/review-target';
import { paramsFromRecord } from '@/lib/view/url-state';

export const metadata: Metadata = { title: 'History · drainscope' };

// The list comes from /api/episodes in the browser, so a store error shows on the page instead of failing it.
export const dynamic = 'force-dynamic';

// `/history?from&to` sets the range picker to that range (the review links here to narrow a range too large);
// `?cluster=ID` lists that cluster's history (an unreadable one lists the cluster watched now; the picker shows which).
export default async function History({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = paramsFromRecord(await searchParams);
  const target = reviewTargetOf(params);
  const clusterText = params.get('cluster');
  const cluster = clusterText === null ? null : parseQueryCluster(clusterText);
  const range = 'kind' in target && target.kind === 'range' ? target : null;
  const chosen = cluster?.ok ? cluster.id : (range?.cluster ?? null);
  return <HistoryPage pick={range ? { from: range.from, to: range.to } : null} cluster={chosen} />;
}
