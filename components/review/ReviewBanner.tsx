import Link from 'next/link';
import type { EpisodeSummary } from '@/lib/episodes/types';
import { EPISODE_KIND_LABELS, formatUtcSpan } from '@/lib/review/labels';
import { reviewApi, type ReviewTarget } from '@/lib/review/review-target';

const download =
  'rounded border border-slate-300 bg-white px-2 py-0.5 text-[12.5px] font-semibold hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800';

/** The downloads of exactly this episode or range: its recording, and the server's analysis of it. */
export function ReviewDownloads({ target }: { target: ReviewTarget }) {
  const api = reviewApi(target);
  return (
    <>
      <a className={download} href={api.recording} download data-testid="export-recording">
        Recording (.ndjson.gz)
      </a>
      <a className={download} href={api.csv} download data-testid="export-csv">
        Timelines CSV
      </a>
      <a className={download} href={api.json} download data-testid="export-json">
        Timelines JSON
      </a>
      <a
        className={download}
        href={api.trace}
        download
        data-testid="export-trace-file"
        title="A Chrome trace: open it in ui.perfetto.dev or chrome://tracing"
      >
        Perfetto trace
      </a>
    </>
  );
}

/**
 * What is being reviewed, the way back to the list, and its recording. The analysis downloads (CSV, JSON, trace)
 * are the toolbar's exports: they hold the lanes and the span on screen, as the PNG and SVG do, where the
 * server's downloads of the range (ReviewDownloads, offered when a range is too large to replay) hold every pod
 * seen in it, with their whole timelines.
 */
export function ReviewBanner({
  target,
  range,
  episode = null,
}: {
  target: ReviewTarget;
  range: { from: number; to: number };
  episode?: EpisodeSummary | null;
}) {
  const what =
    target.kind === 'episode' ? (target.id.startsWith('import~') ? 'Imported recording' : 'Episode') : 'Time range';
  return (
    <div
      className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-sky-50 px-4 py-1.5 text-[13px] dark:border-slate-700 dark:bg-sky-950"
      data-testid="review-banner"
    >
      <Link
        href="/history"
        className="font-semibold text-sky-700 hover:underline dark:text-sky-400"
        data-testid="review-banner-history-link"
      >
        ← History
      </Link>
      <span>
        {/* A live episode's kind and what it is about (`Node drain · node worker-2 · 3 workloads`), when the server found it again. */}
        {episode && episode.kind !== 'imported' ? (
          <span data-testid="review-episode" data-kind={episode.kind} data-node={episode.node ?? undefined}>
            <b>{EPISODE_KIND_LABELS[episode.kind]}</b> · {episode.title}
          </span>
        ) : (
          <b>{what}</b>
        )}{' '}
        · {formatUtcSpan(range.from, range.to)} · read-only replay
      </span>
      <span className="ml-auto text-slate-600 dark:text-slate-300">Download:</span>
      <a className={download} href={reviewApi(target).recording} download data-testid="export-recording">
        Recording (.ndjson.gz)
      </a>
    </div>
  );
}
