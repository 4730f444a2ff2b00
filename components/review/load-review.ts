/**
 * What a review replays: the range the server resolved the episode to (and the allowance it analyses with), then
 * the range's recording (/api/export, gzip), read in the browser by the same reader as the CLI and the import.
 * First the server says how many lines that is: a range over MAX_REVIEW_LINES is not downloaded at all.
 */
import type { z } from 'zod';
import type { EpisodeSummary } from '@/lib/episodes/types';
import { bytesOf, readWholeRecording, RecordingError } from '@/lib/recording/reader';
import type { RecordingEntry } from '@/lib/recording/types';
import {
  answerOf,
  problemOf,
  rangeSizeAnswerSchema,
  reviewRangeAnswerSchema,
  type Problem,
} from '@/lib/review/api-schemas';
import { isTooLarge, type RangeSize } from '@/lib/review/review-size';
import { reviewApi, type ReviewTarget } from '@/lib/review/review-target';

export interface ReviewData {
  range: { from: number; to: number };
  /** What the episode is about, as the server found it again; null for a time range or when it was not found. */
  episode: EpisodeSummary | null;
  allowanceSeconds: number;
  entries: RecordingEntry[];
}

export type LoadedReview =
  | { ok: true; data: ReviewData }
  | { ok: false; problem: Problem }
  | { ok: false; tooLarge: RangeSize };

export async function loadReview(target: ReviewTarget, signal: AbortSignal): Promise<LoadedReview> {
  const api = reviewApi(target);
  try {
    const size = await answerFrom(api.size, rangeSizeAnswerSchema, signal);
    if (!size.ok) return size;
    if (isTooLarge(size.value)) return { ok: false, tooLarge: size.value };
    const answer = await answerFrom(api.timelines, reviewRangeAnswerSchema, signal);
    if (!answer.ok) return answer;
    const recording = await fetch(api.recording, { signal, cache: 'no-store' });
    if (!recording.ok || !recording.body)
      return { ok: false, problem: problemOf(recording.status, await recording.text()) };
    const { entries } = await readWholeRecording(bytesOf(recording.body));
    const { range, analysis, episode } = answer.value;
    return {
      ok: true,
      data: {
        range: { from: range.from, to: range.to },
        episode: episode ?? null,
        allowanceSeconds: analysis.allowanceSeconds,
        entries: entries.map(({ entry }) => entry),
      },
    };
  } catch (error) {
    if (signal.aborted) throw error;
    if (error instanceof RecordingError)
      return {
        ok: false,
        problem: { message: `the recording of this range could not be read: ${error.message}`, line: error.line },
      };
    return { ok: false, problem: problemOf(0, '') };
  }
}

async function answerFrom<T>(
  url: string,
  schema: z.ZodType<T>,
  signal: AbortSignal,
): Promise<{ ok: true; value: T } | { ok: false; problem: Problem }> {
  const response = await fetch(url, { signal, cache: 'no-store' });
  const body = await response.text();
  return response.ok ? answerOf(schema, body) : { ok: false, problem: problemOf(response.status, body) };
}
