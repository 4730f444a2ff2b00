/**
 * The gaps that drop traffic (docs/termination-model.md, "The gaps"), computed from a pod's markers.
 *
 * "A gap is reported only when it holds across the uncertainty", exactly:
 * - Every marker carries the interval its true time lies in: [at, at] for a watch receipt (`observed`),
 *   [t, t + 1 s) for a whole-second API time (`second`), and for an `estimated` marker the interval of what it was
 *   inferred from, moved and widened by the spec (kubelet-inference.ts).
 * - "A before B" is `certainlyBefore(A, B)`: A.latest < B.earliest (interval.ts). routedUntil is endpointNotReady,
 *   else endpointRemoved (a receipt: the time data planes watching the same API learn it too).
 * - sigtermWhileRouted: sigterm.latest < routedUntil.earliest.
 * - shortPropagationBuffer: sigterm.latest < routedUntil.earliest + A (A = the allowance).
 * - exitWhileRouted: exit.latest (finishedAt + 1 s) < routedUntil.earliest.
 * - killedAtDeadline: a `sigkill` marker exists, i.e. an exit 137 (not OOMKilled) whose finishedAt interval meets
 *   the kill window the grace period gives (sigkillOf); no ordering is claimed beyond that.
 * - preStopCutByGrace: the spec's sleep is at least the grace in force (or certainly outlasts a restarted kill's
 *   deadline), so the kubelet certainly abandoned it.
 * - Routing gaps need endpointReady: a pod never routed has nothing to drop.
 * `from`/`to` are the markers' best single times (`at`), for drawing. A SIGTERM in the same truncated second as
 * the endpoint change is therefore not a gap: it might as well have come after. Under-reporting is deliberate: a
 * gap we show must be real (server/sim/accuracy.test.ts checks this against the simulator's ground truth).
 */
import { compareStrings } from './compare';
import { SECOND_MS, type EpochMs } from '../time';
import { certainlyBefore, type TimeInterval } from './interval';
import type { ContainerStop } from './kubelet-inference';
import type { Gap, GapKind, Marker, Severity } from './types';

export const GAP_SEVERITY: Record<GapKind, Severity> = {
  sigtermWhileRouted: 'warning',
  exitWhileRouted: 'critical',
  shortPropagationBuffer: 'warning',
  killedAtDeadline: 'critical',
  preStopCutByGrace: 'warning',
  watchBlind: 'info',
};

const GAP_ORDER: GapKind[] = [
  'watchBlind',
  'preStopCutByGrace',
  'sigtermWhileRouted',
  'shortPropagationBuffer',
  'exitWhileRouted',
  'killedAtDeadline',
];

export interface GapInput {
  allowanceSeconds: number;
  /** The first time a slice listed the pod ready: without it the pod was never routed. */
  endpointReady: Marker | undefined;
  /** When routing stopped: endpointNotReady, or endpointRemoved when no not-ready was seen. */
  routedUntil: Marker | undefined;
  stops: readonly ContainerStop[];
  /** The containerExited markers of the instances the termination stopped. */
  exits: readonly Marker[];
  /** Watch-blind intervals the pod was alive in; `open` while the watch has not been relisted yet. */
  blind: readonly { from: EpochMs; to: EpochMs; open?: boolean }[];
}

function gap(kind: GapKind, from: EpochMs, to: EpochMs, container?: string): Gap {
  return container === undefined
    ? { kind, from, to, severity: GAP_SEVERITY[kind] }
    : { kind, from, to, severity: GAP_SEVERITY[kind], container };
}

function routingGaps(input: GapInput, routedUntil: Marker): Gap[] {
  const gaps: Gap[] = [];
  const allowanceMs = input.allowanceSeconds * SECOND_MS;
  // Data planes may route until notReady + A: a SIGTERM before that, certainly, left them too little time.
  const bufferEnd: TimeInterval = {
    at: routedUntil.at + allowanceMs,
    earliest: routedUntil.earliest + allowanceMs,
    latest: routedUntil.latest + allowanceMs,
  };
  for (const stop of input.stops) {
    const { sigterm, container } = stop;
    if (certainlyBefore(sigterm, routedUntil))
      gaps.push(gap('sigtermWhileRouted', sigterm.at, routedUntil.at, container));
    if (certainlyBefore(sigterm, bufferEnd))
      gaps.push(gap('shortPropagationBuffer', sigterm.at, bufferEnd.at, container));
  }
  for (const exit of input.exits) {
    if (certainlyBefore(exit, routedUntil)) gaps.push(gap('exitWhileRouted', exit.at, routedUntil.at, exit.container));
  }
  return gaps;
}

function compareGaps(a: Gap, b: Gap): number {
  return (
    a.from - b.from ||
    GAP_ORDER.indexOf(a.kind) - GAP_ORDER.indexOf(b.kind) ||
    compareStrings(a.container ?? '', b.container ?? '') ||
    a.to - b.to
  );
}

/**
 * What of the gaps holds at `now`, the newest observation: a gap that cannot have begun yet is a prediction and is
 * not claimed; one that has begun but whose end lies ahead is cut at now and marked open.
 */
export function gapsAsOf(gaps: readonly Gap[], now: EpochMs): Gap[] {
  const held: Gap[] = [];
  for (const gap of gaps) {
    if (gap.from > now) continue;
    if (gap.to > now) held.push({ ...gap, to: now, open: true });
    else held.push(gap);
  }
  return held;
}

export function deriveGaps(input: GapInput): Gap[] {
  const gaps: Gap[] = input.blind.map((interval) => {
    const blind = gap('watchBlind', interval.from, interval.to);
    if (interval.open) blind.open = true;
    return blind;
  });
  if (input.endpointReady && input.routedUntil) gaps.push(...routingGaps(input, input.routedUntil));
  for (const stop of input.stops) {
    if (stop.sigkill) gaps.push(gap('killedAtDeadline', stop.sigterm.at, stop.sigkill.at, stop.container));
    // The hook was meant to run at least G: the kubelet gave up on it at Killing + G, its own deadline.
    if (stop.preStopStart && stop.preStopAbandonedAt)
      gaps.push(gap('preStopCutByGrace', stop.preStopStart.at, stop.preStopAbandonedAt.at, stop.container));
  }
  return gaps.sort(compareGaps);
}
