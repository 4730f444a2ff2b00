/**
 * Folds the lanes of gone pods that would be blank: a pod whose lifetime ended (its object is gone from the API)
 * before the visible window starts has nothing in it, yet deleted pods stay listed for the whole retention window.
 * After a few rollouts they fill the first screen and push the rollout in progress below the fold. They fold into
 * one line per revision ("12 earlier pods, 3 with gaps — show") that the user can unfold. Only when the lanes do not
 * fit the screen (`rowsOverflow`): a handful of lanes buries nothing, and a lane that just went blank stays findable.
 */
import { hasProblem } from '../live/filters';
import type { PodTimeline } from '../timeline/types';
import { ROW_HEIGHTS } from './row-layout';
import { firstMarker, type FoldRow, type PodRow, type Row, type RowModel } from './row-model';
import type { ViewState } from './view-state';

/** When the pod's lane ends on the (epoch) time line: the latest any of its marks or gaps can be; null while it exists. */
export function goneEndMs(pod: PodTimeline): number | null {
  if (!firstMarker(pod, 'podDeleted')) return null;
  let end = Number.NEGATIVE_INFINITY;
  for (const m of pod.markers) if (m.latest > end) end = m.latest;
  for (const gap of pod.gaps) if (gap.to > end) end = gap.to;
  return end;
}

export interface FoldOptions {
  /** The visible window's start on the lane time line (aligned lanes are shifted by their delete). */
  windowStartMs: number;
  /** Revision row keys the user unfolded. */
  unfolded: ReadonlySet<string>;
  /** Pods never folded (the selected one: its detail panel is open, its lane must stay findable). */
  keep?: ReadonlySet<string>;
}

/** Whether `rows` are taller than the lanes' viewport: only then is anything folded. */
export function rowsOverflow(rows: readonly Row[], viewportHeightPx: number): boolean {
  let height = 0;
  for (const row of rows) {
    height += ROW_HEIGHTS[row.kind];
    if (height > viewportHeightPx) return true;
  }
  return false;
}

/**
 * Whether gone pods may fold in this view at all: a search or a finding's focus asks for particular pods and the
 * table lists them all, so nothing folds then (the page also needs its rows to overflow: `rowsOverflow`).
 */
export function viewFolds(view: Pick<ViewState, 'search' | 'focus' | 'view'>): boolean {
  return !(view.search.trim() || view.focus || view.view === 'table');
}

/** The selected pod is never folded: its detail panel is open, its lane must stay findable. */
export function keptFromFolding(view: Pick<ViewState, 'selected'>): ReadonlySet<string> {
  return new Set(view.selected ? [view.selected] : []);
}

/** The uids of the pods `foldGonePods` folds (unfolded revisions included): what decides whether the rows change. */
export function foldablePods(model: RowModel, windowStartMs: number, keep: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const row of model.pods) {
    if (keep.has(row.key)) continue;
    const end = goneEndMs(row.pod);
    if (end !== null && end - row.offsetMs < windowStartMs) out.push(row.key);
  }
  return out;
}

/**
 * The model with each revision's foldable pods replaced by one fold row placed right under the revision row (gone
 * pods lead a revision's settled section: ./row-model.ts orders them by their delete). An unfolded revision keeps its pods and gets the fold row too, to fold
 * them back. Counts on workload and revision rows stay the full counts; `pods` (keyboard navigation) skips folded pods.
 */
export function foldGonePods(model: RowModel, options: FoldOptions): RowModel {
  return applyFolds(model, new Set(foldablePods(model, options.windowStartMs, options.keep)), options.unfolded);
}

/** `foldGonePods` with the foldable pods already known (the page recomputes rows only when that set changes). */
export function applyFolds(
  model: RowModel,
  foldable: ReadonlySet<string>,
  unfoldedRevisions: ReadonlySet<string>,
): RowModel {
  if (foldable.size === 0) return model;
  const rows: Row[] = [];
  const pods: PodRow[] = [];
  let i = 0;
  while (i < model.rows.length) {
    const row = model.rows[i]!;
    rows.push(row);
    i += 1;
    if (row.kind !== 'revision') continue;
    const members: PodRow[] = [];
    while (i < model.rows.length && model.rows[i]!.kind === 'pod') members.push(model.rows[i++] as PodRow);
    const folded = members.filter((member) => foldable.has(member.key));
    const unfolded = unfoldedRevisions.has(row.key);
    if (folded.length > 0) {
      const fold: FoldRow = {
        kind: 'fold',
        key: `f:${row.key}`,
        revisionKey: row.key,
        count: folded.length,
        withGaps: folded.filter((member) => hasProblem(member.pod)).length,
        unfolded,
      };
      rows.push(fold);
    }
    for (const member of members) {
      if (!unfolded && foldable.has(member.key)) continue;
      rows.push(member);
      pods.push(member);
    }
  }
  return { ...model, rows, pods };
}

/** `12 earlier pods, 3 with gaps — show`. */
export function foldLabel(row: FoldRow): string {
  const pods = `${row.count} earlier pod${row.count === 1 ? '' : 's'}`;
  const gaps = row.withGaps > 0 ? `, ${row.withGaps} with gaps` : '';
  return `${pods}${gaps} — ${row.unfolded ? 'hide' : 'show'}`;
}
