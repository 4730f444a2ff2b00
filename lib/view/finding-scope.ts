/**
 * Findings as the live panel lists them: narrowed to the pods the page is about, and placed in time. The engine
 * makes its findings over everything it retains (up to an hour of gone pods), so "missingPreStop 18 pods" would
 * count pods of rollouts long over. Scoped, a finding counts the pods that match the filters and are either still
 * there or have something in the visible window (the pods that are not folded away, see ./fold-gone.ts); a finding
 * with none of those is left out. Its time is when those pods terminated.
 */
import { podMatches, type TimelineFilter } from '../live/filters';
import type { Finding, PodTimeline } from '../timeline/types';
import { findingKey } from './findings';
import { goneEndMs } from './fold-gone';
import { formatClock } from './labels';
import { firstMarker } from './row-model';
import type { TimeSpan } from './time-scale';

export interface ScopedFinding extends Finding {
  /** How many pods the finding names over the whole retention window (`pods` holds the ones in scope). */
  allPods: number;
  /** From the first to the last termination (delete request, else the kubelet's kill) of the pods in scope. */
  terminated: TimeSpan | null;
}

/** Gone pods whose lane ends before `windowStartMs` (epoch): out of the visible window. */
export function goneBefore(pods: Iterable<PodTimeline>, windowStartMs: number): string[] {
  const out: string[] = [];
  for (const pod of pods) {
    const end = goneEndMs(pod);
    if (end !== null && end < windowStartMs) out.push(pod.uid);
  }
  return out;
}

function terminatedAt(pod: PodTimeline): number | undefined {
  return (firstMarker(pod, 'deleteRequested') ?? firstMarker(pod, 'killing'))?.at;
}

export interface ScopeOptions {
  filter: TimelineFilter;
  /** Pods out of the visible window (see `goneBefore`). */
  outOfWindow: ReadonlySet<string>;
  /** A focused finding's key: it stays listed, whole, so the user can see what is focused and release it. */
  focus: string | null;
}

export function scopeFindings(
  findings: readonly Finding[],
  pods: ReadonlyMap<string, PodTimeline>,
  options: ScopeOptions,
): ScopedFinding[] {
  const out: ScopedFinding[] = [];
  for (const finding of findings) {
    const focused = findingKey(finding) === options.focus;
    const inScope = finding.pods.filter((uid) => {
      const pod = pods.get(uid);
      return pod !== undefined && (focused || (podMatches(options.filter, pod) && !options.outOfWindow.has(uid)));
    });
    if (inScope.length === 0 && !focused) continue;
    let startMs = Number.POSITIVE_INFINITY;
    let endMs = Number.NEGATIVE_INFINITY;
    for (const uid of inScope) {
      const at = terminatedAt(pods.get(uid)!);
      if (at === undefined) continue;
      startMs = Math.min(startMs, at);
      endMs = Math.max(endMs, at);
    }
    out.push({
      ...finding,
      pods: inScope,
      allPods: finding.pods.length,
      terminated: startMs <= endMs ? { startMs, endMs } : null,
    });
  }
  return out;
}

/** `terminated 04:25:10 UTC`, or `terminated 04:25:10–04:27:02 UTC` across several pods. */
export function terminatedText(span: TimeSpan): string {
  const from = formatClock(span.startMs, false);
  const to = formatClock(span.endMs, false);
  return `terminated ${from === to ? from : `${from}–${to}`} UTC`;
}
