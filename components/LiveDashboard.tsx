'use client';
/**
 * The live page: fetches where the stream starts (the hub's snapshot, lib/live/live-view-state.ts `liveSeedUrl`,
 * which the page preloads from its head), then mounts the dashboard on it. The server renders only a line saying
 * so (and, before anything else, that a simulated cluster is one): rendering (and then hydrating) an empty dashboard
 * first cost the live page a whole render before its lanes.
 *
 * The seed comes in lines, the first screen's pods first (lib/view/seed-order.ts): the dashboard is mounted on the
 * first line of pods, drawn as loading (no capacity rows, no counts, no findings: ./Dashboard.tsx), and completed
 * when the last line is in. A seed that cannot be fetched or read is skipped: the stream's own snapshot then fills
 * the page (it replaces whatever part of the seed was drawn).
 */
import { useEffect, useState } from 'react';
import { SEED_READ_MARK, type LiveSeed } from '@/lib/live/live-view-state';
import { readSeed } from '@/lib/live/seed-reader';
import type { LiveMode } from '@/lib/live/protocol';
import type { ViewState } from '@/lib/view/view-state';
import { Dashboard } from './Dashboard';
import type { SeedRest } from './useLiveStream';

interface LiveDashboardProps {
  initialView: ViewState;
  mode: LiveMode | null;
  seedUrl: string;
}

interface LiveStart {
  /** The seed, whole or as far as it was read; null when there is none to start from. */
  seed: LiveSeed | null;
  /** Set when `seed` is the first part only. */
  rest: SeedRest | null;
}

export function LiveDashboard({ initialView, mode, seedUrl }: LiveDashboardProps) {
  // undefined while the seed's first pods are on their way.
  const [start, setStart] = useState<LiveStart | undefined>(undefined);
  useEffect(() => {
    const request = new AbortController();
    let drawn = false;
    let resolveWhole: (seed: LiveSeed | null) => void = () => {};
    const whole = new Promise<LiveSeed | null>((resolve) => (resolveWhole = resolve));
    // Default request options, as the preload's: the browser then hands over the preloaded response.
    fetch(seedUrl, { signal: request.signal })
      .then(async (response) => {
        if (!response.ok || !response.body) return null;
        // Each line is read and checked as it arrives (lib/live/seed-reader.ts), not the whole text after its end;
        // the first line of pods holds the first screen's, drawn at once.
        const read = await readSeed(response.body, (partial) => {
          if (request.signal.aborted) return;
          drawn = true;
          setStart({ seed: partial.seed, rest: { total: partial.total, whole } });
          // The rest is read once the first screen is drawn: a task after the next frame's paint (or after 100 ms: a
          // hidden tab gets no frames).
          return new Promise<void>((resolve) => {
            requestAnimationFrame(() => setTimeout(resolve, 0));
            setTimeout(resolve, 100);
          });
        });
        performance.mark(SEED_READ_MARK);
        return read;
      })
      .catch(() => null)
      .then((read) => {
        if (request.signal.aborted) return;
        if (drawn) resolveWhole(read);
        else setStart({ seed: read, rest: null });
      });
    return () => request.abort();
  }, [seedUrl]);
  if (start === undefined)
    return (
      <p className="p-4 text-sm text-slate-500" data-testid="connecting">
        {mode === 'simulated'
          ? 'Simulated cluster: nothing here comes from a real cluster. Loading its pods…'
          : 'Connecting to the cluster…'}
      </p>
    );
  return (
    <Dashboard initialView={initialView} source={{ kind: 'live', mode, seed: start.seed, seedRest: start.rest }} />
  );
}
