/**
 * What a review replays: the range the server resolved the episode to (and the allowance it analyses with), then
 * the range's recording (/api/export, gzip), read in the browser by the same reader as the CLI and the import.
 */
import { bytesOf, readWholeRecording, RecordingError } from '@/lib/recording/reader';
import type { RecordingEntry } from '@/lib/recording/types';
import { answerOf, problemOf, reviewRangeAnswerSchema, type Problem } from '@/lib/review/api-schemas';
import { reviewApi, type ReviewTarget } from '@/lib/review/review-target';

export interface ReviewData {
  range: { from: number; to: number };
  allowanceSeconds: number;
  entries: RecordingEntry[];
}

export type LoadedReview = { ok: true; data: ReviewData } | { ok: false; problem: Problem };

export async function loadReview(target: ReviewTarget, signal: AbortSignal): Promise<LoadedReview> {
  const api = reviewApi(target);
  try {
    const analysed = await fetch(api.timelines, { signal, cache: 'no-store' });
    const body = await analysed.text();
    if (!analysed.ok) return { ok: false, problem: problemOf(analysed.status, body) };
    const answer = answerOf(reviewRangeAnswerSchema, body);
    if (!answer.ok) return answer;
    const recording = await fetch(api.recording, { signal, cache: 'no-store' });
    if (!recording.ok || !recording.body) return { ok: false, problem: problemOf(recording.status, await recording.text()) };
    const { entries } = await readWholeRecording(bytesOf(recording.body));
    const { range, analysis } = answer.value;
    return { ok: true, data: { range: { from: range.from, to: range.to }, allowanceSeconds: analysis.allowanceSeconds, entries: entries.map(({ entry }) => entry) } };
  } catch (error) {
    if (signal.aborted) throw error;
    if (error instanceof RecordingError) return { ok: false, problem: { message: `the recording of this range could not be read: ${error.message}`, line: error.line } };
    return { ok: false, problem: problemOf(0, '') };
  }
}
