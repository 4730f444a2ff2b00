'use client';
/**
 * The live page: fetches where the stream starts (the hub's snapshot, lib/live/live-view-state.ts `LIVE_SEED_URL`,
 * which the page preloads from its head), then mounts the dashboard on it. The server renders only a line saying
 * so (and, before anything else, that a simulated cluster is one): rendering (and then hydrating) an empty dashboard
 * first cost the live page a whole render before its lanes.
 * A seed that cannot be fetched or read is skipped: the stream's own snapshot then fills the page.
 */
import { useEffect, useState } from 'react';
import { SEED_READ_MARK, type LiveSeed } from '@/lib/live/live-view-state';
import { createSeedReader } from '@/lib/live/seed-reader';
import type { LiveMode } from '@/lib/live/protocol';
import type { ViewState } from '@/lib/view/view-state';
import { Dashboard } from './Dashboard';

interface LiveDashboardProps {
  initialView: ViewState;
  mode: LiveMode | null;
  seedUrl: string;
}

export function LiveDashboard({ initialView, mode, seedUrl }: LiveDashboardProps) {
  // undefined while the seed is on its way; null when there is none to start from.
  const [seed, setSeed] = useState<LiveSeed | null | undefined>(undefined);
  useEffect(() => {
    const request = new AbortController();
    // Default request options, as the preload's: the browser then hands over the preloaded response.
    fetch(seedUrl, { signal: request.signal })
      .then(async (response) => {
        if (!response.ok || !response.body) return null;
        // Each line is read and checked as it arrives (lib/live/seed-reader.ts), not the whole text after its end.
        const reader = createSeedReader();
        const body = response.body.getReader();
        for (;;) {
          const { done, value } = await body.read();
          if (done) break;
          if (!reader.push(value)) {
            await body.cancel();
            return null;
          }
        }
        const read = reader.end();
        performance.mark(SEED_READ_MARK);
        return read;
      })
      .catch(() => null)
      .then((read) => {
        if (!request.signal.aborted) setSeed(read);
      });
    return () => request.abort();
  }, [seedUrl]);
  if (seed === undefined)
    return (
      <p className="p-4 text-sm text-slate-500" data-testid="connecting">
        {mode === 'simulated'
          ? 'Simulated cluster: nothing here comes from a real cluster. Loading its pods…'
          : 'Connecting to the cluster…'}
      </p>
    );
  return <Dashboard initialView={initialView} source={{ kind: 'live', mode, seed }} />;
}
