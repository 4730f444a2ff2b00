/** Words and times the history list and the review page show (UTC, like the rest of the dashboard). */
import type { EpisodeKind } from '../episodes/types';
import { toIso } from '../time';
import { formatOffset } from '../view/labels';

export const EPISODE_KIND_LABELS: Record<EpisodeKind, string> = {
  rollout: 'Rollout',
  drain: 'Node drain',
  deletes: 'Pod deletes',
  imported: 'Imported',
};

/** `2026-11-24 04:25:15 UTC`. */
export function formatUtcDateTime(ms: number): string {
  return `${toIso(ms).slice(0, 19).replace('T', ' ')} UTC`;
}

/** An unsigned duration: `0.18 s`, `12 s`, `2m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  return formatOffset(Math.abs(ms)).slice(1);
}

/** `2026-11-24 04:25:15 – 04:25:29 UTC`, the date written once when both ends share it. */
export function formatUtcSpan(from: number, to: number): string {
  const start = toIso(from);
  const end = toIso(to);
  const endText = start.slice(0, 10) === end.slice(0, 10) ? end.slice(11, 19) : end.slice(0, 19).replace('T', ' ');
  return `${start.slice(0, 19).replace('T', ' ')} – ${endText} UTC`;
}
