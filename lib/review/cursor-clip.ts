/**
 * A review shows every pod as drainscope knew it at the replay cursor, but the engine's timelines reach past what
 * was known then: an open gap ends where the engine expects it to (a propagation buffer until the endpoint's
 * expected removal), a routed or preStop bar runs to an estimated marker, a lane to a marker's latest possible
 * time. Nothing after the cursor had happened yet, so in a review the lanes' bars and gap bands stop at it, on
 * each lane's own time line (aligned lanes are shifted by their delete). Only the drawing is cut: the timelines,
 * the table and the detail panel keep the ends the engine gives, and glyphs stay (an estimated marker past the
 * cursor, like the grace deadline, is drawn as the prediction it is).
 */
import type { LaneHit } from '../view/hit-test';
import type { LaneScene, Rect } from '../view/lane-scene';
import type { RowLayout } from '../view/row-layout';
import type { TimeScale } from '../view/time-scale';

export interface CursorClip {
  layout: RowLayout;
  scrollTop: number;
  scale: TimeScale;
  /** The replay cursor, epoch ms. */
  atMs: number;
}

/** The cursor's x on the lane drawn at canvas `y`; null when no pod lane is there (a group header). */
function cursorX({ layout, scrollTop, scale, atMs }: CursorClip, y: number): number | null {
  const row = layout.rows[layout.indexAt(y + scrollTop)];
  return row?.kind === 'pod' ? scale.toPx(atMs - row.offsetMs) : null;
}

function clipRects(rects: Rect[], clip: CursorClip): Rect[] {
  const kept: Rect[] = [];
  for (const rect of rects) {
    const cut = cursorX(clip, rect.y + rect.h / 2);
    if (cut === null || rect.x + rect.w <= cut) kept.push(rect);
    else if (rect.x < cut) kept.push({ ...rect, w: cut - rect.x });
  }
  return kept;
}

/** The scene with every bar and gap band of a pod lane cut at the cursor; what lies wholly after it is dropped. */
export function clipSceneAtCursor(scene: LaneScene, clip: CursorClip): LaneScene {
  const bars = (rects: Rect[]) => clipRects(rects, clip);
  return {
    ...scene,
    lifeLines: bars(scene.lifeLines),
    terminating: bars(scene.terminating),
    routed: bars(scene.routed),
    preStop: bars(scene.preStop),
    gaps: { critical: bars(scene.gaps.critical), warning: bars(scene.gaps.warning), info: bars(scene.gaps.info) },
  };
}

/** Past the cursor no gap is drawn, so none is under the pointer there either; markers stay. */
export function clipHitAtCursor(hit: LaneHit, scale: TimeScale, x: number, atMs: number): LaneHit {
  return x > scale.toPx(atMs - hit.row.offsetMs) && hit.gaps.length > 0 ? { ...hit, gaps: [] } : hit;
}
