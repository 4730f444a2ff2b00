/**
 * What to draw for the visible lanes, as plain shapes grouped by style (Perfetto draws in passes per style because
 * canvas state changes dominate the cost). Pure: ./lane-painter.ts paints a scene, tests read it.
 */
import type { MarkerKind, PodTimeline, Severity } from '../timeline/types';
import { addCapacityLane, emptyCapacityLane, type CapacityLane } from './capacity-scene';
import { BARS, EXPECTED_ALPHA, glyphOfMarker, type GlyphShape } from './glyphs';
import { placeLaneLabels, type LabelCandidate } from './label-placement';
import type { RowLayout, VisibleRange } from './row-layout';
import { firstMarker, type PodRow } from './row-model';
import type { TimeScale } from './time-scale';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Re-exported: scenes are read in these terms; how each shape is drawn lives in ./glyphs.ts. */
export type { GlyphShape };
export { EXPECTED_ALPHA };

export interface Glyph {
  shape: GlyphShape;
  x: number;
  /** The lane's centre line. */
  y: number;
  /** Inferred markers are drawn hollow and dashed. */
  estimated: boolean;
  /** A prediction (not seen, not possible yet at the newest observation): drawn ghosted. */
  expected?: boolean;
}

export interface Whisker {
  x1: number;
  x2: number;
  y: number;
}

export interface Label {
  x: number;
  y: number;
  text: string;
}

export interface LaneScene {
  headers: Rect[];
  revisions: Rect[];
  terminating: Rect[];
  lifeLines: Rect[];
  routed: Rect[];
  preStop: Rect[];
  gaps: Record<Severity, Rect[]>;
  whiskers: Whisker[];
  glyphs: Glyph[];
  labels: Label[];
  /** The workloads' capacity rows (./capacity-scene.ts), all in one set of shapes. */
  capacity: CapacityLane;
}

export interface SceneOptions {
  layout: RowLayout;
  range: VisibleRange;
  scrollTop: number;
  scale: TimeScale;
  /** Epoch ms of "now" for lanes still alive, or null when the data is not live (a replay, a benchmark page). */
  nowMs: number | null;
  /**
   * A review's replay cursor, epoch ms (null or absent elsewhere): a pod lane's bars and gap bands stop there, on
   * the lane's own time line (see {@link laneCursorPx}). The engine's timelines reach past what was known at the
   * cursor (an open gap ends where the engine expects it, a preStop bar at an estimated SIGTERM), and nothing after
   * it had happened yet. Only bars and gaps are cut: glyphs stay (an estimated marker past the cursor, like the grace
   * deadline, is drawn as the prediction it is), and so do the timelines, table and detail panel.
   */
  clipAtMs?: number | null;
}

/** Below this many pixels an uncertainty interval is not worth a whisker. */
const MIN_WHISKER_PX = 3;
/** The narrowest a gap band is drawn. */
const MIN_GAP_PX = 8;
/** Start-up markers carry second-precision too, but their uncertainty is noise next to the termination. */
const NO_WHISKER: ReadonlySet<MarkerKind> = new Set([
  'created',
  'scheduled',
  'ready',
  'endpointReady',
  'graceDeadline',
]);
/** Shapes further off-screen than this are culled. */
const CULL_PX = 12;

export function emptyScene(): LaneScene {
  return {
    headers: [],
    revisions: [],
    terminating: [],
    lifeLines: [],
    routed: [],
    preStop: [],
    gaps: { critical: [], warning: [], info: [] },
    whiskers: [],
    glyphs: [],
    labels: [],
    capacity: emptyCapacityLane(),
  };
}

/** A horizontal band from `from` to `to` (lane times), clipped to the visible width; null when off-screen. */
function band(scale: TimeScale, from: number, to: number, y: number, h: number): Rect | null {
  const x1 = Math.max(-CULL_PX, scale.toPx(from));
  const x2 = Math.min(scale.widthPx + CULL_PX, scale.toPx(to));
  if (x2 < 0 || x1 > scale.widthPx || x2 - x1 <= 0) return null;
  return { x: x1, y, w: Math.max(1, x2 - x1), h };
}

/** Where a review's cursor (epoch ms) falls on a pod lane: aligned lanes are shifted by their delete. */
export function laneCursorPx(scale: TimeScale, row: PodRow, atMs: number): number {
  return scale.toPx(atMs - row.offsetMs);
}

/** Adds the part of `rect` before the cursor x `cut` (all of it when `cut` is null), if any. */
function push(list: Rect[], rect: Rect | null, cut: number | null): void {
  if (!rect || (cut !== null && rect.x >= cut)) return;
  list.push(cut === null || rect.x + rect.w <= cut ? rect : { ...rect, w: cut - rect.x });
}

function at(pod: PodTimeline, kind: MarkerKind): number | undefined {
  return firstMarker(pod, kind)?.at;
}

function addPod(scene: LaneScene, row: PodRow, top: number, height: number, options: SceneOptions): void {
  const { scale, clipAtMs = null } = options;
  const pod = row.pod;
  const off = row.offsetMs;
  const mid = top + height / 2;
  // Bars and gap bands stop at a review's cursor on this lane.
  const cut = clipAtMs === null ? null : laneCursorPx(scale, row, clipAtMs);
  // The grace deadline is a promise about the future, not something that happened: it does not extend the lane.
  const lastAt = pod.markers.reduce(
    (max, m) => (m.kind === 'graceDeadline' ? max : Math.max(max, m.latest)),
    Number.NEGATIVE_INFINITY,
  );
  const liveEnd = options.nowMs === null ? lastAt : Math.max(lastAt, options.nowMs);
  const endAt = at(pod, 'podDeleted') ?? liveEnd;
  const startAt = at(pod, 'created') ?? pod.markers[0]?.at ?? endAt;
  push(
    scene.lifeLines,
    band(scale, startAt - off, endAt - off, mid + BARS.lifeLines.offset, BARS.lifeLines.height),
    cut,
  );
  const deleteAt = at(pod, 'deleteRequested') ?? at(pod, 'killing');
  if (deleteAt !== undefined)
    push(
      scene.terminating,
      band(scale, deleteAt - off, endAt - off, mid + BARS.terminating.offset, BARS.terminating.height),
      cut,
    );
  const routedFrom = at(pod, 'endpointReady') ?? at(pod, 'ready');
  if (routedFrom !== undefined) {
    const routedTo = at(pod, 'endpointNotReady') ?? at(pod, 'endpointRemoved') ?? endAt;
    push(
      scene.routed,
      band(scale, routedFrom - off, routedTo - off, mid + BARS.routed.offset, BARS.routed.height),
      cut,
    );
  }
  const preStopFrom = at(pod, 'preStopStart');
  if (preStopFrom !== undefined) {
    const preStopTo = at(pod, 'preStopEnd') ?? at(pod, 'sigterm') ?? at(pod, 'containerExited') ?? endAt;
    push(
      scene.preStop,
      band(scale, preStopFrom - off, preStopTo - off, mid + BARS.preStop.offset, BARS.preStop.height),
      cut,
    );
  }
  for (const gap of pod.gaps) {
    const rect = band(scale, gap.from - off, gap.to - off, top + 1, height - 2);
    if (!rect) continue;
    // However short, a gap stays wide enough to be seen at any zoom (and is then cut at the cursor like the bars).
    if (rect.w < MIN_GAP_PX) {
      rect.x -= (MIN_GAP_PX - rect.w) / 2;
      rect.w = MIN_GAP_PX;
    }
    push(scene.gaps[gap.severity], rect, cut);
  }
  const exitLabels: LabelCandidate[] = [];
  const killLabels: LabelCandidate[] = [];
  for (const marker of pod.markers) {
    const shape = glyphOfMarker(marker.kind, marker.exitCode);
    if (!shape) continue;
    const x = scale.toPx(marker.at - off);
    if (x < -CULL_PX || x > scale.widthPx + CULL_PX) continue;
    scene.glyphs.push(
      marker.expected
        ? { shape, x, y: mid, estimated: true, expected: true }
        : { shape, x, y: mid, estimated: marker.precision === 'estimated' },
    );
    const x1 = scale.toPx(marker.earliest - off);
    const x2 = scale.toPx(marker.latest - off);
    if (x2 - x1 >= MIN_WHISKER_PX && !NO_WHISKER.has(marker.kind)) scene.whiskers.push({ x1, x2, y: top + 3 });
    if (marker.kind === 'containerExited' && marker.exitCode !== undefined) {
      const full = exitLabel(marker.exitCode, marker.reason);
      const code = String(marker.exitCode);
      exitLabels.push({ glyphX: x, y: mid - 7, texts: full === code ? [code] : [full, code], gap: 6 });
    }
    // The cross alone says SIGKILL; the word only where there is room.
    if (marker.kind === 'sigkill') killLabels.push({ glyphX: x, y: mid + 8, texts: ['KILL'], gap: 7 });
  }
  // Exit codes first: they say more than the word beside the cross.
  scene.labels.push(
    ...placeLaneLabels([...exitLabels, ...killLabels], { width: scale.widthPx, top, bottom: top + height }),
  );
}

const MAX_REASON_CHARS = 18;

/** `137 OOMKilled`, `0 Completed`: the code alone cannot tell an OOM kill from a SIGKILL at the deadline. */
export function exitLabel(exitCode: number, reason: string | undefined): string {
  if (!reason) return String(exitCode);
  const short = reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason;
  return `${exitCode} ${short}`;
}

export function buildLaneScene(options: SceneOptions): LaneScene {
  const scene = emptyScene();
  const { layout, range, scrollTop, scale } = options;
  for (let i = range.first; i < range.end; i++) {
    const row = layout.rows[i]!;
    const top = layout.top(i) - scrollTop;
    const height = layout.height(i);
    if (row.kind === 'workload') scene.headers.push({ x: 0, y: top, w: scale.widthPx, h: height });
    else if (row.kind === 'revision') scene.revisions.push({ x: 0, y: top, w: scale.widthPx, h: height });
    // Folded gone pods have nothing in the window: their line stays blank.
    else if (row.kind === 'fold') continue;
    else if (row.kind === 'capacity') addCapacityLane(scene.capacity, scene.gaps.info, row, top, height, options);
    else addPod(scene, row, top, height, options);
  }
  return scene;
}
