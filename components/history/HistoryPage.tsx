'use client';
import { useMemo } from 'react';
import { usePrefersDark } from '../useViewState';
import { ClusterPicker } from './ClusterPicker';
import { EpisodeList } from './EpisodeList';
import { ImportPanel } from './ImportPanel';
import { PageHeader } from './PageHeader';
import { RangePicker } from './RangePicker';
import { useEpisodes, type EpisodesState } from './useEpisodes';
import { useFileDrop } from './useFileDrop';
import { useImport } from './useImport';

const panel = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900';

function Episodes({ state, onRetry }: { state: EpisodesState; onRetry(): void }) {
  if (state.status === 'loading')
    return (
      <p className="text-sm text-slate-500" data-testid="episodes-loading">
        Loading the history…
      </p>
    );
  if (state.status === 'failed') {
    return (
      <div
        className="rounded-lg border border-[#D55E00] bg-[#D55E00]/5 px-4 py-3 text-sm"
        role="alert"
        data-testid="episodes-error"
      >
        <p className="mb-1 font-semibold">The history could not be loaded</p>
        <p className="font-mono text-[12.5px]">{state.problem.message}</p>
        <button
          type="button"
          onClick={onRetry}
          className="mt-2 h-8 rounded border border-slate-300 bg-white px-3 text-[13px] dark:border-slate-600 dark:bg-slate-900"
        >
          Try again
        </button>
      </div>
    );
  }
  if (state.episodes.length === 0) {
    return (
      <div className={`${panel} text-sm`} data-testid="episodes-empty">
        <p>
          <b>Nothing recorded yet:</b> run a rollout with the dashboard open, or import a recording.
        </p>
        <p className="mt-1 text-xs text-slate-500">
          Every termination the live view sees is kept here, grouped by rollout, node drain or burst of deletes.
        </p>
      </div>
    );
  }
  return <EpisodeList episodes={state.episodes} />;
}

/**
 * Past terminations to review: one cluster's detected episodes (`cluster`, else the one watched now) and every
 * imported recording, an import, and any time range of that cluster (the picker starts at `pick` when given,
 * else around the newest episode).
 */
export function HistoryPage({
  pick = null,
  cluster = null,
}: {
  pick?: { from: number; to: number } | null;
  cluster?: number | null;
}) {
  const { state, reload } = useEpisodes(cluster);
  const listed = state.status === 'loaded' ? state.cluster : null;
  const imports = useImport(reload);
  const { dragging, handlers } = useFileDrop(imports.start);
  const dark = usePrefersDark();
  // Ranges are of the live recording: an imported recording's times say nothing about it.
  const newest = useMemo(
    () => (state.status === 'loaded' ? (state.episodes.find((episode) => episode.kind !== 'imported') ?? null) : null),
    [state],
  );
  return (
    <div className={`${dark ? 'dark' : ''} min-h-screen`} {...handlers} data-testid="history-page">
      <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        <PageHeader page="History" back={{ href: '/', label: 'Live view', testId: 'live-link' }} />
        <main className="mx-auto grid max-w-7xl gap-6 p-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
          <section aria-label="Episodes" className="min-w-0 space-y-3">
            {state.status === 'loaded' && <ClusterPicker clusters={state.clusters} chosen={state.cluster} />}
            <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">
              Termination episodes, newest first
            </h2>
            <Episodes state={state} onRetry={reload} />
          </section>
          <aside className="space-y-4">
            <div className={panel}>
              <ImportPanel state={imports.state} onFile={imports.start} />
            </div>
            {state.status !== 'loading' && (
              <div className={panel}>
                <RangePicker
                  suggestion={pick ?? (newest ? { from: newest.from - 60_000, to: newest.to + 60_000 } : null)}
                  cluster={listed}
                />
              </div>
            )}
          </aside>
        </main>
        {dragging && (
          <div
            className="pointer-events-none fixed inset-0 flex items-center justify-center bg-sky-900/30"
            data-testid="drop-overlay"
          >
            <p className="rounded-lg border-2 border-dashed border-white bg-sky-800 px-8 py-6 text-lg font-semibold text-white">
              Drop the recording to import it
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
