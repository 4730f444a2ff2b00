import type { Metadata } from 'next';
import { HistoryPage } from '@/components/history/HistoryPage';

export const metadata: Metadata = { title: 'History · drainscope' };

// The list comes from /api/episodes in the browser, so a store error shows on the page instead of failing it.
export const dynamic = 'force-dynamic';

export default function History() {
  return <HistoryPage />;
}
