import Link from 'next/link';
import type { Episode, WorstGap } from '@/lib/episodes/types';
import { EPISODE_KIND_LABELS, formatDuration, formatUtcSpan } from '@/lib/review/labels';
import { reviewHref } from '@/lib/review/review-target';
import type { Severity } from '@/lib/timeline/types';
import { GAP_LABELS } from '@/lib/view/labels';

/** The same colours as the lanes and the status badge (Okabe–Ito): never hue alone, the severity is written too. */
const SEVERITY_STYLE: Record<Severity, string> = {
  critical: 'bg-[#D55E00] text-white',
  warning: 'bg-[#E69F00] text-black',
  info: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
};

function WorstGapBadge({ gap }: { gap: WorstGap | null }) {
  if (!gap) {
    return (
      <span
        className="rounded-full border border-[#009E73] px-2.5 py-0.5 text-xs font-semibold text-[#007A59] dark:text-[#3DDBA8]"
        data-testid="worst-gap"
        data-severity="none"
      >
        No gap found
      </span>
    );
  }
  return (
    <span
      className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${SEVERITY_STYLE[gap.severity]}`}
      data-testid="worst-gap"
      data-severity={gap.severity}
      data-kind={gap.kind}
      title={GAP_LABELS[gap.kind].meaning}
    >
      {gap.severity}: {GAP_LABELS[gap.kind].title} {formatDuration(gap.durationMs)}
    </span>
  );
}

function EpisodeRow({ episode }: { episode: Episode }) {
  return (
    <li>
      <Link
        href={reviewHref({ kind: 'episode', id: episode.id })}
        className="flex items-center gap-4 rounded-md border border-slate-200 bg-white px-4 py-3 hover:border-sky-600 hover:bg-sky-50 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        data-testid="episode"
        data-episode-id={episode.id}
        data-kind={episode.kind}
        data-node={episode.node ?? undefined}
        data-pods={episode.podCount}
      >
        <span className="w-24 shrink-0 rounded bg-slate-100 px-2 py-0.5 text-center text-xs font-semibold uppercase tracking-wide text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          {EPISODE_KIND_LABELS[episode.kind]}
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium" data-testid="episode-title" title={episode.title}>
            {episode.title}
          </span>
          <span className="block text-xs text-slate-500" data-testid="episode-time">
            {formatUtcSpan(episode.from, episode.to)} · {formatDuration(episode.to - episode.from)}
            {/* A live episode is of the cluster the list is of; an import says its own, as its header has it. */}
            {episode.kind === 'imported' && (
              <span data-testid="episode-cluster"> · cluster {episode.cluster ?? 'not named in the recording'}</span>
            )}
          </span>
        </span>
        <span className="shrink-0 text-sm tabular-nums" data-testid="episode-pods">
          {episode.podCount} {episode.podCount === 1 ? 'pod' : 'pods'}
        </span>
        <WorstGapBadge gap={episode.worstGap} />
      </Link>
    </li>
  );
}

/** Termination episodes and imported recordings, newest first; each opens in the review. */
export function EpisodeList({ episodes }: { episodes: Episode[] }) {
  return (
    <ul className="space-y-2" aria-label="Termination episodes" data-testid="episode-list">
      {episodes.map((episode) => (
        <EpisodeRow key={episode.id} episode={episode} />
      ))}
    </ul>
  );
}
