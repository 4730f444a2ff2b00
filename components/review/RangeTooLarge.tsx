import Link from 'next/link';
import { formatDuration, formatUtcSpan } from '@/lib/review/labels';
import type { RangeSize, TimeSpan } from '@/lib/review/review-size';
import { pickRangeHref, reviewHref, type ReviewTarget } from '@/lib/review/review-target';
import { EmptyState } from '../EmptyState';
import { ReviewDownloads } from './ReviewBanner';

const link = 'font-semibold text-sky-700 hover:underline dark:text-sky-400';

/** A stretch that fits, as a review link; its length counts both ends (`to` is the last millisecond in it). */
function Stretch({
  label,
  span,
  testId,
  cluster,
}: {
  label: string;
  span: TimeSpan;
  testId: string;
  cluster: { cluster?: number };
}) {
  return (
    <li>
      <Link href={reviewHref({ kind: 'range', ...span, ...cluster })} className={link} data-testid={testId}>
        {label} {formatDuration(span.to - span.from + 1)}
      </Link>{' '}
      <span className="text-slate-500">({formatUtcSpan(span.from, span.to)})</span>
    </li>
  );
}

/** Instead of downloading a range too large to replay in the browser: why, and what to open or download instead. */
export function RangeTooLarge({ target, size }: { target: ReviewTarget; size: RangeSize }) {
  const { first, last } = size.fitting ?? { first: null, last: null };
  // The narrower links stay in the range's cluster: the one asked for, or a live episode's (its source is -id).
  const cluster =
    target.kind === 'range'
      ? target.cluster === undefined
        ? {}
        : { cluster: target.cluster }
      : size.range.source <= 0
        ? { cluster: -size.range.source }
        : {};
  return (
    <EmptyState title="This range is too large to replay here" testId="review-too-large">
      <p data-testid="review-too-large-lines" data-lines={size.lines} data-limit={size.limit}>
        {formatUtcSpan(size.range.from, size.range.to)} holds <b>{size.lines.toLocaleString('en')}</b> recorded lines,
        more than the {size.limit.toLocaleString('en')} a review replays: it downloads and keeps every line in the
        browser. Nothing was downloaded.
      </p>
      {(first || last) && (
        <>
          <p>Open a shorter stretch of it:</p>
          <ul className="list-disc space-y-1 pl-5">
            {first && <Stretch label="the first" span={first} testId="review-narrow-first" cluster={cluster} />}
            {last && <Stretch label="the last" span={last} testId="review-narrow-last" cluster={cluster} />}
          </ul>
        </>
      )}
      {size.fitting ? (
        <p>
          Or{' '}
          <Link
            href={pickRangeHref({ from: size.range.from, to: size.range.to, ...cluster })}
            className={link}
            data-testid="review-pick-range"
          >
            choose another range
          </Link>{' '}
          in the history, or open one episode.
        </p>
      ) : (
        <p>
          An imported recording is reviewed whole: analyse it with <code>npx drainscope analyze</code> instead, which
          reads any size as a stream, or{' '}
          <Link href="/history" className={link} data-testid="review-pick-range">
            open another episode
          </Link>
          .
        </p>
      )}
      <p>
        The server&apos;s analysis of the whole range, and its recording (for <code>npx drainscope analyze</code>), can
        still be downloaded:
      </p>
      <p className="flex flex-wrap gap-2">
        <ReviewDownloads target={target} />
      </p>
    </EmptyState>
  );
}
