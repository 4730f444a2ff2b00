'use client';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Problem } from '@/lib/review/api-schemas';
import { reviewSpan } from '@/lib/review/playback';
import { Replay } from '@/lib/review/replay';
import type { RangeSize } from '@/lib/review/review-size';
import type { ReviewTarget } from '@/lib/review/review-target';
import type { ViewState } from '@/lib/view/view-state';
import { Dashboard } from '../Dashboard';
import { EmptyState } from '../EmptyState';
import { PageHeader } from '../history/PageHeader';
import { loadReview, type LoadedReview, type ReviewData } from './load-review';
import { RangeTooLarge } from './RangeTooLarge';
import { ReviewBanner } from './ReviewBanner';
import { Scrubber } from './Scrubber';
import { usePlayback } from './usePlayback';

type Loading =
  | { status: 'loading' }
  | { status: 'failed'; problem: Problem }
  | { status: 'tooLarge'; size: RangeSize }
  | { status: 'ready'; data: ReviewData };

function loadedState(loaded: LoadedReview): Loading {
  if (loaded.ok) return { status: 'ready', data: loaded.data };
  return 'tooLarge' in loaded
    ? { status: 'tooLarge', size: loaded.tooLarge }
    : { status: 'failed', problem: loaded.problem };
}

function ReviewFrame({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <PageHeader page="Review" back={{ href: '/history', label: 'History', testId: 'review-back-link' }} />
      {children}
    </div>
  );
}

const badge = (
  <span
    className="rounded-full bg-slate-200 px-2.5 py-0.5 text-xs font-semibold text-slate-700 dark:bg-slate-700 dark:text-slate-200"
    data-testid="review-badge"
  >
    Review · read-only
  </span>
);

/** The loaded range replayed up to the cursor, in the live view's lanes, with the scrubber below them. */
function Replayed({ target, data, initialView }: { target: ReviewTarget; data: ReviewData; initialView: ViewState }) {
  const replay = useMemo(() => new Replay(data.entries, { allowanceSeconds: data.allowanceSeconds }), [data]);
  const controls = usePlayback(data.range, initialView.replayAt);
  const atMs = controls.playback.atMs;
  const source = useMemo(() => {
    const analysis = replay.seek(atMs);
    return {
      kind: 'static' as const,
      pods: new Map(analysis.pods.map((pod) => [pod.uid, pod])),
      findings: analysis.findings,
      recordedRange: data.range,
      allowanceSeconds: data.allowanceSeconds,
      workloads: analysis.workloads,
    };
  }, [replay, atMs, data]);
  // The whole range stays in view while the cursor moves: the lanes fill in, the axis stays put.
  const view = useMemo(
    () => ({ ...initialView, span: initialView.span ?? reviewSpan(data.range) }),
    [initialView, data.range],
  );
  return (
    <Dashboard
      initialView={view}
      source={source}
      badge={badge}
      banner={<ReviewBanner target={target} range={data.range} episode={data.episode} />}
      footer={<Scrubber range={data.range} controls={controls} />}
      replayAtMs={atMs}
    />
  );
}

export function ReviewPage({
  target,
  initialView,
}: {
  target: ReviewTarget | { error: string };
  initialView: ViewState;
}) {
  const [loading, setLoading] = useState<Loading>({ status: 'loading' });
  useEffect(() => {
    if ('error' in target) return;
    const controller = new AbortController();
    setLoading({ status: 'loading' });
    loadReview(target, controller.signal).then(
      (loaded) => setLoading(loadedState(loaded)),
      () => undefined,
    );
    return () => controller.abort();
  }, [target]);

  if ('error' in target) {
    return (
      <ReviewFrame>
        <EmptyState title="Nothing to review" tone="error" testId="review-error">
          <p>{target.error}</p>
        </EmptyState>
      </ReviewFrame>
    );
  }
  if (loading.status === 'failed') {
    return (
      <ReviewFrame>
        <EmptyState title="This episode could not be opened" tone="error" testId="review-error">
          <p className="font-mono text-[12.5px]">{loading.problem.message}</p>
        </EmptyState>
      </ReviewFrame>
    );
  }
  if (loading.status === 'tooLarge') {
    return (
      <ReviewFrame>
        <RangeTooLarge target={target} size={loading.size} />
      </ReviewFrame>
    );
  }
  if (loading.status === 'loading') {
    return (
      <ReviewFrame>
        <p className="p-6 text-sm text-slate-500" data-testid="review-loading">
          Loading the recording and replaying it…
        </p>
      </ReviewFrame>
    );
  }
  return <Replayed target={target} data={loading.data} initialView={initialView} />;
}
