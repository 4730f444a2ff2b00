/**
 * Holds an analysis against the simulator's ground truth (GROUND-TRUTH.md): each marker must hold the true time
 * within its stated interval, every gap the truth has must be found when the API could prove it, and none invented.
 * Used by accuracy.test.ts (recordings of undisturbed runs) and fault-harness.ts (what a client saw through faults).
 *
 * The truth gaps are computed here from the truth times alone, with termination.md "The gaps that matter"
 * (allowance A = 2 s), independent of the engine. A truth gap the API cannot prove is classified, not hidden:
 * - `indeterminable`: the ordering is tighter than the API's resolution (finishedAt, Killing and the other times
 *   the inference rests on are whole seconds), or one of its ends fell while the observer was blind, so no reader
 *   could prove it; the engine must then not report it as certain either way it goes, and a certain gap it does
 *   report must be real.
 * - `unobservable`: what the gap needs never reached the API (no exit status after a force delete, a lost node).
 */
import type { Analysis, GapKind, Marker, MarkerKind, PodTimeline } from '@/lib/timeline/types';
import type { RecordingEntry } from '@/lib/recording/types';
import type { ContainerTruth, GroundTruth, PodTruth } from './model/truth';

const SECOND = 1000;
const ALLOWANCE_MS = 2 * SECOND;

/** A span of true time in which the observer saw nothing of some resource (a watch fault, until the relist). */
export interface BlindWindow {
  from: number;
  to: number;
}

export interface TruthCheckOptions {
  /** How much later than the truth an `observed` receipt may be: the run's delivery latency. */
  deliveryMs: number;
  /** Windows in which the observer was blind; default none (and then a watchBlind gap is a violation). */
  blind?: readonly BlindWindow[];
  /**
   * The input had no receipt times (kubectl output): endpoint timings are bounded only by the end of the capture,
   * so a gap the truth has may be unprovable. Still, none may be invented and every bound must hold the truth.
   */
  noReceiptTimes?: boolean;
}

interface Expected {
  kind: MarkerKind;
  container?: string;
  truth: number | null;
  /** Why the API cannot show it although it happened; the engine must then leave the marker out. */
  hidden?: string;
  /** When the API showed what the marker is read from, when that is not `truth` (a deadline is known from its request). */
  evidenceAt?: number | null;
}

export interface MarkerRow {
  scenario: string;
  kind: MarkerKind;
  absError: number;
  outside: number;
}

export type Verdict = 'certain' | 'indeterminable' | 'unobservable';
/** Per verdict, and how many indeterminable ones the engine could still prove from where the seconds fell. */
export type Tally = Record<Verdict | 'provenAnyway', number>;

interface TruthGap {
  kind: GapKind;
  container: string;
  verdict: Verdict;
}

export interface TruthCheck {
  /** One readable line per broken promise; empty when the analysis holds against the truth. */
  violations: string[];
  rows: MarkerRow[];
  tally: Tally;
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);
const maxOf = (values: (number | null)[]): number | null =>
  values.some((v) => v === null) || values.length === 0 ? null : Math.max(...(values as number[]));

/** Every family must agree: an endpoint is not ready (removed) only when it is so in every address family. */
export function endpointTimes(pod: PodTruth): {
  ready: number | null;
  notReady: number | null;
  notServing: number | null;
  removed: number | null;
} {
  const ready = pod.endpoints.map((e) => ms(e.readyAt)).filter((t): t is number => t !== null);
  return {
    ready: ready.length > 0 ? Math.min(...ready) : null,
    notReady: maxOf(pod.endpoints.map((e) => ms(e.notReadyAt))),
    notServing: maxOf(pod.endpoints.map((e) => ms(e.notServingAt))),
    removed: maxOf(pod.endpoints.map((e) => ms(e.removedAt))),
  };
}

function graceDeadline(pod: PodTruth): number | null {
  const accepted = pod.deleteRequests.filter((r) => r.effect !== 'ignored');
  const first = ms(pod.deleteRequestedAt);
  const last = accepted[accepted.length - 1];
  return first === null || !last ? null : first + last.gracePeriodSeconds * SECOND;
}

function containerExpectations(c: ContainerTruth, exitSeen: boolean): Expected[] {
  const container = c.name;
  const noStatus = exitSeen ? undefined : 'no terminated status ever reached the API';
  return [
    { kind: 'killing', container, truth: ms(c.killingAt) },
    { kind: 'preStopStart', container, truth: ms(c.preStop?.startedAt) },
    { kind: 'preStopEnd', container, truth: ms(c.preStop?.endedAt) },
    { kind: 'sigterm', container, truth: ms(c.sigtermAt) },
    { kind: 'sigkill', container, truth: ms(c.sigkillAt), ...(noStatus && { hidden: noStatus }) },
    { kind: 'containerExited', container, truth: ms(c.exitedAt), ...(noStatus && { hidden: noStatus }) },
  ];
}

function expectations(pod: PodTruth, exitsSeen: ReadonlySet<string>): Expected[] {
  const endpoints = endpointTimes(pod);
  // An endpoint removed in the very write that ended its readiness (force delete) or serving (the pod went
  // terminal) never shows that state in a slice: the removal is all there is to see.
  const removedAtOnce = (t: number | null): boolean => t !== null && t === endpoints.removed;
  return [
    { kind: 'created', truth: ms(pod.createdAt) },
    { kind: 'ready', truth: ms(pod.readyAt) },
    { kind: 'endpointReady', truth: endpoints.ready },
    { kind: 'deleteRequested', truth: ms(pod.deleteRequestedAt) },
    {
      kind: 'graceDeadline',
      truth: graceDeadline(pod),
      evidenceAt: ms(pod.deleteRequests.filter((r) => r.effect !== 'ignored').at(-1)?.at),
    },
    {
      kind: 'endpointNotReady',
      truth: endpoints.notReady,
      ...(removedAtOnce(endpoints.notReady) && { hidden: 'removed in the write that ended readiness' }),
    },
    {
      kind: 'endpointNotServing',
      truth: endpoints.notServing,
      ...(removedAtOnce(endpoints.notServing) && { hidden: 'removed in the write that ended serving' }),
    },
    { kind: 'endpointRemoved', truth: endpoints.removed },
    { kind: 'podDeleted', truth: ms(pod.deletedAt) },
    ...pod.containers.flatMap((c) => containerExpectations(c, exitsSeen.has(`${pod.uid}/${c.name}`))),
  ];
}

/** How far the truth lies outside what the marker claims (0 when inside). */
export function outsideBy(marker: Marker, truth: number, deliveryMs: number): number {
  if (marker.precision === 'observed') {
    const lag = marker.at - truth;
    return lag < 0 ? -lag : Math.max(0, lag - deliveryMs);
  }
  // `second`: [at, at + 1 s), the upper end exclusive.
  if (marker.precision === 'second' && truth >= marker.latest) return truth - marker.latest + 1;
  return truth < marker.earliest ? marker.earliest - truth : Math.max(0, truth - marker.latest);
}

const inside = (windows: readonly BlindWindow[], t: number | null): boolean =>
  t !== null && windows.some((w) => t >= w.from && t <= w.to);

/**
 * What a relist must still tell after a blind window (the object is gone, the event is still listed), so these
 * are required even when their true time fell inside one; anything else that happened unseen may be left out.
 */
const KNOWN_AFTER_RELIST: ReadonlySet<MarkerKind> = new Set(['podDeleted', 'endpointRemoved', 'killing']);

function label(scenario: string, pod: PodTruth, kind: string, container: string | undefined): string {
  return `${scenario} ${pod.name} ${kind}${container ? ` (${container})` : ''}`;
}

function checkMarkers(
  scenario: string,
  pod: PodTruth,
  timeline: PodTimeline | undefined,
  exitsSeen: ReadonlySet<string>,
  options: TruthCheckOptions,
  out: TruthCheck,
): void {
  const blind = options.blind ?? [];
  const expected = expectations(pod, exitsSeen);
  for (const marker of timeline?.markers ?? []) {
    if (marker.kind === 'scheduled') continue;
    const want = expected.find((e) => e.kind === marker.kind && e.container === marker.container);
    const what = label(scenario, pod, marker.kind, marker.container);
    if (want?.truth === null || want?.truth === undefined) {
      out.violations.push(`${what}: invented, the truth has none`);
      continue;
    }
    if (want.hidden) out.violations.push(`${what}: shown although the API cannot show it (${want.hidden})`);
    const row = {
      scenario,
      kind: marker.kind,
      absError: Math.abs(marker.at - want.truth),
      outside: outsideBy(marker, want.truth, options.deliveryMs),
    };
    out.rows.push(row);
    if (row.outside > 0) {
      out.violations.push(
        `${what}: truth ${new Date(want.truth).toISOString()} outside the stated interval by ${row.outside} ms (${marker.precision} [${new Date(marker.earliest).toISOString()}, ${new Date(marker.latest).toISOString()}])`,
      );
    }
  }
  for (const want of expected) {
    if (want.truth === null || want.hidden) continue;
    if (inside(blind, want.evidenceAt ?? want.truth) && !KNOWN_AFTER_RELIST.has(want.kind)) continue;
    const found = timeline?.markers.some((m) => m.kind === want.kind && m.container === want.container) ?? false;
    if (!found) out.violations.push(`${label(scenario, pod, want.kind, want.container)}: missed`);
  }
}

/**
 * termination.md "The gaps that matter", from the truth. Routing ends at endpoint not ready, else removed; the
 * truth's SIGTERM/exit must precede it (+ A for the buffer). An ordering tighter than 1 s cannot be proven from
 * whole-second API times (plus the delivery latency of the endpoint receipt), nor one whose end fell in a blind window.
 */
function truthGaps(pod: PodTruth, exitsSeen: ReadonlySet<string>, options: TruthCheckOptions): TruthGap[] {
  const blind = options.blind ?? [];
  const endpoints = endpointTimes(pod);
  const routedUntil = endpoints.notReady ?? endpoints.removed;
  const gaps: TruthGap[] = [];
  const ordered = (t: number, end: number): Verdict =>
    inside(blind, t) || inside(blind, end) || end - t < SECOND + options.deliveryMs ? 'indeterminable' : 'certain';
  for (const c of pod.containers) {
    const sigterm = ms(c.sigtermAt);
    const exit = ms(c.exitedAt);
    const seen = exitsSeen.has(`${pod.uid}/${c.name}`);
    if (endpoints.ready !== null && routedUntil !== null) {
      if (sigterm !== null && sigterm < routedUntil)
        gaps.push({ kind: 'sigtermWhileRouted', container: c.name, verdict: ordered(sigterm, routedUntil) });
      if (sigterm !== null && sigterm < routedUntil + ALLOWANCE_MS)
        gaps.push({
          kind: 'shortPropagationBuffer',
          container: c.name,
          verdict: ordered(sigterm, routedUntil + ALLOWANCE_MS),
        });
      if (exit !== null && exit < routedUntil)
        gaps.push({
          kind: 'exitWhileRouted',
          container: c.name,
          verdict: seen ? ordered(exit, routedUntil) : 'unobservable',
        });
    }
    if (c.sigkillAt !== null)
      gaps.push({ kind: 'killedAtDeadline', container: c.name, verdict: seen ? 'certain' : 'unobservable' });
    if (c.preStop?.outcome === 'abandoned')
      gaps.push({ kind: 'preStopCutByGrace', container: c.name, verdict: 'certain' });
  }
  return gaps;
}

function checkGaps(
  scenario: string,
  pod: PodTruth,
  timeline: PodTimeline | undefined,
  exitsSeen: ReadonlySet<string>,
  options: TruthCheckOptions,
  out: TruthCheck,
): void {
  const truth = truthGaps(pod, exitsSeen, options);
  for (const gap of timeline?.gaps ?? []) {
    if (gap.kind === 'watchBlind') {
      if (!options.blind?.length)
        out.violations.push(`${scenario} ${pod.name}: a watchBlind gap, but no watch was ever blind`);
      continue;
    }
    const real = truth.find((t) => t.kind === gap.kind && t.container === gap.container);
    if (!real) out.violations.push(`${scenario} ${pod.name} ${gap.kind} (${gap.container}): invented`);
  }
  for (const want of truth) {
    out.tally[want.verdict] += 1;
    const found = timeline?.gaps.some((g) => g.kind === want.kind && g.container === want.container) ?? false;
    if (want.verdict === 'certain' && !found && !options.noReceiptTimes)
      out.violations.push(`${scenario} ${pod.name} ${want.kind} (${want.container}): missed`);
    if (want.verdict === 'indeterminable' && found) out.tally.provenAnyway += 1;
  }
}

interface StatusJson {
  name: string;
  state?: { terminated?: unknown };
}

/** Which containers' terminated state the observer received: the only way the API tells an exit. */
export function exitsSeenIn(entries: Iterable<RecordingEntry>): Set<string> {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.type === 'WATCH') continue;
    const object = entry.object as {
      kind?: string;
      metadata?: { uid?: string };
      status?: { containerStatuses?: StatusJson[]; initContainerStatuses?: StatusJson[] };
    };
    if (object.kind !== 'Pod') continue;
    const statuses = [...(object.status?.containerStatuses ?? []), ...(object.status?.initContainerStatuses ?? [])];
    for (const status of statuses) if (status.state?.terminated) seen.add(`${object.metadata?.uid}/${status.name}`);
  }
  return seen;
}

/** Every pod of the truth against its timeline (a pod without one is a violation: all of them were seen created). */
export function checkAgainstTruth(
  analysis: Analysis,
  truth: GroundTruth,
  exitsSeen: ReadonlySet<string>,
  options: TruthCheckOptions,
): TruthCheck {
  const out: TruthCheck = {
    violations: [],
    rows: [],
    tally: { certain: 0, indeterminable: 0, unobservable: 0, provenAnyway: 0 },
  };
  for (const pod of truth.pods) {
    const timeline = analysis.pods.find((p) => p.uid === pod.uid);
    if (!timeline) out.violations.push(`${truth.scenario} ${pod.name}: no timeline`);
    checkMarkers(truth.scenario, pod, timeline, exitsSeen, options, out);
    checkGaps(truth.scenario, pod, timeline, exitsSeen, options, out);
  }
  return out;
}
