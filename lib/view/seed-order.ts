/**
 * In which order the live seed sends its pods (server/live/page-seed.ts): the pods of the page's first screen first.
 * The page draws its lanes as soon as the first line of pods is in (components/LiveDashboard.tsx), so that at
 * 10,000 pods the rollout shows after a few hundred pods' worth of bytes, not after 12 MB. The order is the
 * lanes' own: the row model of the view the page asked for (its URL), gone pods that fold out of the followed
 * window after the rest, then the pods the view's filters leave out.
 *
 * Only an order: every pod is sent whatever it is, and the page shows the same rows whichever order they came in.
 */
import type { Finding, PodTimeline, WorkloadSpec } from '../timeline/types';
import { foldablePods, keptFromFolding, viewFolds } from './fold-gone';
import { buildRowModel } from './row-model';
import type { ViewState } from './view-state';
import { DEFAULT_FOLLOW_WIDTH_MS, resolveSpan } from './visible-span';

export interface SeedOrderInputs {
  pods: readonly PodTimeline[];
  findings: readonly Finding[];
  view: ViewState;
  workloads: readonly WorkloadSpec[];
  forgottenBefore: number | null;
  /** The server's clock: where the followed window ends. */
  nowMs: number;
}

export function firstScreenOrder(inputs: SeedOrderInputs): PodTimeline[] {
  const { pods, view } = inputs;
  const model = buildRowModel(pods, inputs.findings, view, inputs.workloads, inputs.forgottenBefore, {
    capacity: false,
  });
  const span = resolveSpan({
    userSpan: view.span,
    align: view.align,
    extent: model.extent,
    nowMs: inputs.nowMs,
    followWidthMs: DEFAULT_FOLLOW_WIDTH_MS,
  });
  // The page folds only when its rows overflow its lanes as well: the seed cannot know the page's height, and
  // assumes they do.
  const foldable = new Set(viewFolds(view) ? foldablePods(model, span.startMs, keptFromFolding(view)) : []);
  const ordered: PodTimeline[] = [];
  const later: PodTimeline[] = [];
  const placed = new Set<string>();
  for (const row of model.pods) {
    placed.add(row.key);
    (foldable.has(row.key) ? later : ordered).push(row.pod);
  }
  for (const pod of later) ordered.push(pod);
  for (const pod of pods) if (!placed.has(pod.uid)) ordered.push(pod);
  return ordered;
}
