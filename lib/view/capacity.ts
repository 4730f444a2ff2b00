/**
 * A workload's serving capacity over time, from its pods' endpoint markers: how many endpoints were ready (and
 * serving) against the desired replicas, and where the ready count fell below `replicas − maxUnavailable`, the floor
 * a RollingUpdate promises to keep (kubernetes/kubernetes pkg/controller/deployment/rolling.go).
 *
 * Marker times are intervals, so each count is a range: `min` counts the endpoints ready for every placement of the
 * uncertain times, `max` those ready for some placement. A dip is claimed only where even `max` is below the floor,
 * so it holds for every placement. Where a watch was blind the count is unknown: drawn as blind, never a dip.
 *
 * What a pod contributes (lib/timeline/endpoint-markers.ts): ready from its first `endpointReady` to its final
 * `endpointNotReady` (or `endpointRemoved`, `podDeleted`); serving from `endpointReady` to `endpointNotServing` (a
 * terminating endpoint may keep serving after it stops being ready). A readiness flap before the final stretch has no
 * marker of its own and is not seen here.
 */
import type { Marker, MarkerKind, PodTimeline, WorkloadSpec, WorkloadSpecPoint } from '../timeline/types';

/** A count whose true value lies in [min, max]. */
export interface CountRange {
  min: number;
  max: number;
}

/** One constant stretch of the series, [fromMs, toMs). */
export interface CapacityStep {
  fromMs: number;
  toMs: number;
  ready: CountRange;
  serving: CountRange;
  /** Desired replicas from the spec in effect; null without a spec (before the first observation, or none watched). */
  desired: number | null;
  /**
   * `replicas − maxUnavailable` for a RollingUpdate; null without a spec, or for Recreate (it has no floor). After a
   * scale-up the floor held before stays until the higher one is reached: new replicas starting are no lost capacity.
   */
  threshold: number | null;
  /** While the floor of a scale-up is not reached yet: that higher floor (`threshold` is the one before it). */
  floorRisingTo?: number;
  strategy: WorkloadSpecPoint['strategy'] | null;
  /** A watch was blind here: the counts may miss transitions. */
  blind: boolean;
  /**
   * The floor has not been certainly reached yet since the series began: pods of a new workload (or of one first
   * seen below its floor) still starting, which is no capacity lost. No dip is claimed here.
   */
  startingUp?: true;
}

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface CapacitySeries {
  /**
   * Consecutive steps from the first endpoint time to `endMs`; empty when no pod ever had an endpoint. The last one
   * may have no length: the counts after a change seen at `endMs` itself.
   */
  steps: CapacityStep[];
  /** Where even the most favourable placement has fewer ready endpoints than the threshold, outside blind windows. */
  dips: TimeRange[];
  blind: TimeRange[];
  /** The largest count or desired value: the row's vertical scale. */
  peak: number;
  /** Whether a spec was given at all (the tooltip says "desired replicas unknown" otherwise). */
  hasSpec: boolean;
}

/** An interval-valued stretch during which one pod's endpoint held a condition. */
interface Stretch {
  startEarliest: number;
  startLatest: number;
  endEarliest: number;
  endLatest: number;
}

const READY_ENDS: readonly MarkerKind[] = ['endpointNotReady', 'endpointRemoved', 'podDeleted'];
const SERVING_ENDS: readonly MarkerKind[] = ['endpointNotServing', 'endpointRemoved', 'podDeleted'];

/** The first (not predicted) marker of each kind the series needs, in one pass over the pod's markers. */
function firstMarkers(pod: PodTimeline): Partial<Record<MarkerKind, Marker>> {
  const found: Partial<Record<MarkerKind, Marker>> = {};
  for (const m of pod.markers) if (!m.expected && found[m.kind] === undefined) found[m.kind] = m;
  return found;
}

/** The pod's stretch ending at the first of `ends`: the end lies between the earliest and latest of those candidates. */
function stretch(markers: Partial<Record<MarkerKind, Marker>>, ends: readonly MarkerKind[]): Stretch | null {
  const start = markers.endpointReady;
  if (!start) return null;
  let endEarliest = Number.POSITIVE_INFINITY;
  let endLatest = Number.POSITIVE_INFINITY;
  for (const kind of ends) {
    const end = markers[kind];
    if (!end) continue;
    endEarliest = Math.min(endEarliest, end.earliest);
    endLatest = Math.min(endLatest, end.latest);
  }
  return { startEarliest: start.earliest, startLatest: start.latest, endEarliest, endLatest };
}

/** +1/−1 changes of the certain and the possible count, keyed by time. */
class Deltas {
  readonly certain = new Map<number, number>();
  readonly possible = new Map<number, number>();

  add(s: Stretch): void {
    if (s.endLatest <= s.startEarliest) return;
    bump(this.possible, s.startEarliest, 1);
    bump(this.possible, s.endLatest, -1);
    // Certainly held only between its latest start and its earliest end.
    if (s.startLatest < s.endEarliest) {
      bump(this.certain, s.startLatest, 1);
      bump(this.certain, s.endEarliest, -1);
    }
  }
}

function bump(map: Map<number, number>, at: number, by: number): void {
  if (at === Number.POSITIVE_INFINITY) return;
  map.set(at, (map.get(at) ?? 0) + by);
}

function specAt(points: readonly WorkloadSpecPoint[], atMs: number): WorkloadSpecPoint | null {
  let found: WorkloadSpecPoint | null = null;
  for (const point of points) {
    if (point.at <= atMs) found = point;
    else break;
  }
  return found;
}

/** The floor a RollingUpdate keeps; Recreate deliberately drops to zero, so it has none. */
export function capacityThreshold(point: WorkloadSpecPoint): number | null {
  return point.strategy === 'RollingUpdate' ? Math.max(0, point.replicas - point.maxUnavailable) : null;
}

function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = [...ranges].sort((a, b) => a.fromMs - b.fromMs);
  const out: TimeRange[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last && range.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, range.toMs);
    else out.push({ ...range });
  }
  return out;
}

export interface CapacityInput {
  pods: readonly PodTimeline[];
  spec: WorkloadSpec | null;
  /** Where the series ends: now for live data, else the newest observation. */
  endMs: number;
  /**
   * Where the pods given stop being every pod there was (live retention forgot the ones gone before it): the series
   * starts there at the earliest, since a count before it would miss pods and could claim a dip that never was.
   */
  knownFromMs?: number | null;
}

/** The latest time any of the pods' markers or gaps reaches (predictions and grace deadlines aside). */
export function observedUntil(pods: readonly PodTimeline[]): number {
  let end = Number.NEGATIVE_INFINITY;
  for (const pod of pods) {
    for (const m of pod.markers) if (!m.expected && m.kind !== 'graceDeadline' && m.latest > end) end = m.latest;
    for (const gap of pod.gaps) if (gap.to > end) end = gap.to;
  }
  return end;
}

export function capacitySeries(input: CapacityInput): CapacitySeries {
  const { pods, endMs } = input;
  const points = input.spec ? [...input.spec.points].sort((a, b) => a.at - b.at) : [];
  const ready = new Deltas();
  const serving = new Deltas();
  const blindRanges: TimeRange[] = [];
  let startMs = Number.POSITIVE_INFINITY;
  for (const pod of pods) {
    const markers = firstMarkers(pod);
    const r = stretch(markers, READY_ENDS);
    const s = stretch(markers, SERVING_ENDS);
    if (r) {
      ready.add(r);
      startMs = Math.min(startMs, r.startEarliest);
    }
    if (s) serving.add(s);
    for (const gap of pod.gaps) if (gap.kind === 'watchBlind') blindRanges.push({ fromMs: gap.from, toMs: gap.to });
  }
  if (input.knownFromMs != null && input.knownFromMs > startMs) startMs = input.knownFromMs;
  const blind = mergeRanges(blindRanges).filter((range) => range.toMs > startMs && range.fromMs < endMs);
  if (!(startMs < endMs)) return { steps: [], dips: [], blind: [], peak: 0, hasSpec: input.spec !== null };

  const cuts = new Set<number>([startMs, endMs]);
  for (const map of [ready.certain, ready.possible, serving.certain, serving.possible])
    for (const at of map.keys()) cuts.add(at);
  for (const point of points) cuts.add(point.at);
  for (const range of blind) {
    cuts.add(range.fromMs);
    cuts.add(range.toMs);
  }
  const times = [...cuts].filter((t) => t >= startMs && t <= endMs).sort((a, b) => a - b);
  // Changes before the start (only when the start was moved to knownFromMs) are applied before the first step.
  const before = (map: Map<number, number>): number =>
    [...map].reduce((sum, [at, delta]) => (at < startMs ? sum + delta : sum), 0);
  const counts = {
    readyMin: before(ready.certain),
    readyMax: before(ready.possible),
    servingMin: before(serving.certain),
    servingMax: before(serving.possible),
  };
  const steps: CapacityStep[] = [];
  let peak = 0;
  let blindIndex = 0;
  let previousPoint: WorkloadSpecPoint | null = null;
  let previousThreshold: number | null = null;
  let heldFloor: number | null = null;
  // A dip is capacity lost: only once the floor was certainly reached (a new Deployment's pods starting are none).
  let floorReached = false;
  // The last time is `endMs`: what changed right then starts a step of no length, so the newest counts are known
  // (a live row carries them on to now).
  for (let i = 0; i < times.length; i++) {
    const fromMs = times[i]!;
    const toMs = times[i + 1] ?? fromMs;
    counts.readyMin += ready.certain.get(fromMs) ?? 0;
    counts.readyMax += ready.possible.get(fromMs) ?? 0;
    counts.servingMin += serving.certain.get(fromMs) ?? 0;
    counts.servingMax += serving.possible.get(fromMs) ?? 0;
    while (blindIndex < blind.length && blind[blindIndex]!.toMs <= fromMs) blindIndex += 1;
    const inBlind = blindIndex < blind.length && blind[blindIndex]!.fromMs <= fromMs;
    const point = specAt(points, fromMs);
    const specThreshold = point ? capacityThreshold(point) : null;
    if (point !== previousPoint) {
      // A higher floor than the one in force: it applies once that many endpoints are certainly ready.
      heldFloor =
        previousThreshold !== null && specThreshold !== null && specThreshold > previousThreshold
          ? previousThreshold
          : null;
      previousPoint = point;
    }
    if (heldFloor !== null && specThreshold !== null && counts.readyMin >= specThreshold) heldFloor = null;
    const threshold: number | null = heldFloor ?? specThreshold;
    previousThreshold = threshold;
    if (threshold !== null && counts.readyMin >= threshold) floorReached = true;
    const step: CapacityStep = {
      fromMs,
      toMs,
      ready: { min: counts.readyMin, max: counts.readyMax },
      serving: { min: counts.servingMin, max: counts.servingMax },
      desired: point?.replicas ?? null,
      threshold,
      strategy: point?.strategy ?? null,
      blind: inBlind,
    };
    if (heldFloor !== null && specThreshold !== null) step.floorRisingTo = specThreshold;
    if (threshold !== null && !floorReached) step.startingUp = true;
    peak = Math.max(peak, step.ready.max, step.serving.max, step.desired ?? 0);
    const last = steps[steps.length - 1];
    if (last && sameValues(last, step)) last.toMs = toMs;
    else steps.push(step);
  }
  return { steps, dips: dipsOf(steps), blind, peak, hasSpec: input.spec !== null };
}

function sameValues(a: CapacityStep, b: CapacityStep): boolean {
  return (
    a.ready.min === b.ready.min &&
    a.ready.max === b.ready.max &&
    a.serving.min === b.serving.min &&
    a.serving.max === b.serving.max &&
    a.desired === b.desired &&
    a.threshold === b.threshold &&
    a.floorRisingTo === b.floorRisingTo &&
    a.strategy === b.strategy &&
    a.blind === b.blind &&
    a.startingUp === b.startingUp
  );
}

/** A dip holds for every placement of the uncertain times: even the largest possible ready count is below the floor. */
export function isDip(step: CapacityStep): boolean {
  return !step.blind && !step.startingUp && step.threshold !== null && step.ready.max < step.threshold;
}

function dipsOf(steps: readonly CapacityStep[]): TimeRange[] {
  const dips: TimeRange[] = [];
  for (const step of steps) {
    if (!isDip(step) || step.toMs === step.fromMs) continue;
    const last = dips[dips.length - 1];
    if (last && last.toMs === step.fromMs) last.toMs = step.toMs;
    else dips.push({ fromMs: step.fromMs, toMs: step.toMs });
  }
  return dips;
}

/**
 * The step at `atMs`, or null outside the series. `untilMs` (live: now) carries the last step on past the newest
 * observation: nothing changed since, or a marker would say so.
 */
export function capacityAt(series: CapacitySeries, atMs: number, untilMs: number | null = null): CapacityStep | null {
  const last = series.steps[series.steps.length - 1];
  if (last && untilMs !== null && atMs >= last.toMs && atMs < untilMs) return last;
  let low = 0;
  let high = series.steps.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const step = series.steps[mid]!;
    if (atMs < step.fromMs) high = mid - 1;
    else if (atMs >= step.toMs) low = mid + 1;
    else return step;
  }
  return null;
}

/** `3` or `2–3`. */
export function formatCount(range: CountRange): string {
  return range.min === range.max ? String(range.min) : `${range.min}–${range.max}`;
}

/** The tooltip's lines for the step under the pointer. */
export function describeCapacity(series: CapacitySeries, step: CapacityStep): string[] {
  const lines = [`ready ${formatCount(step.ready)} · serving ${formatCount(step.serving)}`];
  if (step.desired === null)
    lines.push(
      series.hasSpec ? 'desired replicas unknown (before the Deployment was first seen)' : 'desired replicas unknown',
    );
  else if (step.threshold === null)
    lines.push(`desired ${step.desired} · Recreate: no floor (all pods are replaced at once)`);
  else if (step.floorRisingTo !== undefined)
    lines.push(
      `desired ${step.desired} · threshold ${step.threshold}, the floor before the scale-up (${step.floorRisingTo} once reached)`,
    );
  else lines.push(`desired ${step.desired} · threshold ${step.threshold} (replicas − maxUnavailable)`);
  if (step.blind) lines.push('watch blind: counts may miss transitions, no dip claimed');
  else if (step.startingUp) lines.push('starting: the floor was not reached yet, so no dip is claimed');
  else if (isDip(step)) lines.push('below replicas − maxUnavailable');
  return lines;
}

/** The row header's words: the newest counts, and how many dips there were. */
export function capacityHeadline(series: CapacitySeries): string {
  const last = series.steps[series.steps.length - 1];
  if (!last) return 'capacity';
  const desired = last.desired === null ? '' : ` of ${last.desired}`;
  const dips = series.dips.length === 0 ? '' : ` · ${series.dips.length} dip${series.dips.length === 1 ? '' : 's'}`;
  return `capacity · ready ${formatCount(last.ready)}${desired}${dips}`;
}
