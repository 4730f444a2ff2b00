'use client';
/**
 * The episode list from `GET /api/episodes`, newest first, of one cluster (`cluster`, or the one watched now when
 * null), with the clusters the store holds; reloaded on demand (after an import).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Episode } from '@/lib/episodes/types';
import { answerOf, episodesAnswerSchema, problemOf, type ClusterChoice, type Problem } from '@/lib/review/api-schemas';

export type EpisodesState =
  | { status: 'loading' }
  | { status: 'failed'; problem: Problem }
  | { status: 'loaded'; episodes: Episode[]; cluster: number | null; clusters: ClusterChoice[] };

export function useEpisodes(cluster: number | null = null): { state: EpisodesState; reload(): void } {
  const [state, setState] = useState<EpisodesState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    (async () => {
      try {
        const url = cluster === null ? '/api/episodes' : `/api/episodes?cluster=${cluster}`;
        const response = await fetch(url, { signal: controller.signal, cache: 'no-store' });
        const body = await response.text();
        if (!response.ok) return setState({ status: 'failed', problem: problemOf(response.status, body) });
        const answer = answerOf(episodesAnswerSchema, body);
        setState(
          answer.ok
            ? {
                status: 'loaded',
                episodes: answer.value.episodes,
                cluster: answer.value.cluster ?? null,
                clusters: answer.value.clusters ?? [],
              }
            : { status: 'failed', problem: answer.problem },
        );
      } catch (error) {
        if (!controller.signal.aborted) setState({ status: 'failed', problem: problemOf(0, String(error)) });
      }
    })();
    return () => controller.abort();
  }, [generation, cluster]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { state, reload };
}
