'use client';
/** The episode list from `GET /api/episodes`, newest first, reloaded on demand (after an import). */
import { useCallback, useEffect, useState } from 'react';
import type { Episode } from '@/lib/episodes/types';
import { answerOf, episodesAnswerSchema, problemOf, type Problem } from '@/lib/review/api-schemas';

export type EpisodesState = { status: 'loading' } | { status: 'failed'; problem: Problem } | { status: 'loaded'; episodes: Episode[] };

export function useEpisodes(): { state: EpisodesState; reload(): void } {
  const [state, setState] = useState<EpisodesState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      try {
        const response = await fetch('/api/episodes', { signal: controller.signal, cache: 'no-store' });
        const body = await response.text();
        if (!response.ok) return setState({ status: 'failed', problem: problemOf(response.status, body) });
        const answer = answerOf(episodesAnswerSchema, body);
        setState(answer.ok ? { status: 'loaded', episodes: answer.value.episodes } : { status: 'failed', problem: answer.problem });
      } catch (error) {
        if (!controller.signal.aborted) setState({ status: 'failed', problem: problemOf(0, String(error)) });
      }
    })();
    return () => controller.abort();
  }, [generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { state, reload };
}
