import type { Metadata } from 'next';
import { ReviewPage } from '@/components/review/ReviewPage';
import { reviewTargetOf } from '@/lib/review/review-target';
import { decodeViewState, paramsFromRecord } from '@/lib/view/url-state';

export const metadata: Metadata = { title: 'Review · drainscope' };

// `/review?episode=ID` or `/review?from&to`: the same query the history APIs take (lib/review/review-target.ts).
export default async function Review({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = paramsFromRecord(await searchParams);
  return <ReviewPage target={reviewTargetOf(params)} initialView={decodeViewState(params)} />;
}
