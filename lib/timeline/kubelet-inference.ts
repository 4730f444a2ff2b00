/**
 * What the kubelet did to one container, inferred from its `Killing` event and the pod spec. Follows
 * pkg/kubelet/kuberuntime/kuberuntime_container.go `killContainer`:
 *
 *   record `Killing` → run preStop (at most G; executePreStopHook returns the whole seconds it took)
 *   → [sidecars: wait for their turn, termination_ordering.go] → StopContainer(max(G − taken, 2)):
 *   SIGTERM now, SIGKILL when that timeout runs out.
 *
 * preStop is skipped when G is 0. Nothing here is reported by the API: every marker is `estimated` and its
 * interval is Killing's interval moved by what the spec says.
 *
 * A shorter grace period reaching the kubelet while it stops the pod restarts the kill (pod_workers.go cancels
 * the running sync and kills again with the new G; a second `Killing`, merged into the first event): a hook
 * still running then gets the new G from the restart, and a runtime that already has SIGTERM gets a new
 * StopContainer timeout of max(G', 2) from the restart, which can only bring SIGKILL earlier.
 */
import { SECOND_MS } from '../time';
import type { EventRecord } from './events';
import { eventEvidence } from './events';
import { certainlyBefore, later, noLaterThan, shift, type TimeInterval } from './interval';
import { preStopSleepSeconds } from './prestop';
import type { Evidence, Marker, MarkerKind, PreStopSummary } from './types';

/** kuberuntime_container.go minimumGracePeriodInSeconds: the runtime always gets at least this after preStop. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** The kubelet restarted the kill with a shorter grace period. */
export interface KillRestart {
  /** The `Killing` event's last occurrence, else the shortening's receipt widened by the kubelet's lag. */
  at: TimeInterval;
  gracePeriodSeconds: number;
}

export interface ContainerStopInput {
  container: string;
  preStop: PreStopSummary | null;
  killing: Marker;
  /** The grace the kubelet began the kill with (the first deletion G, else the spec's or the kubelet's own). */
  gracePeriodSeconds: number;
  /**
   * Set when the kubelet may have used less, down to this: a graceful node shutdown gives min(G, the node's
   * shutdownGracePeriod), a kubelet setting the API does not show (nodeshutdown_manager_linux.go).
   */
  graceAtLeastSeconds?: number;
  restart?: KillRestart;
  failedPreStopHook: EventRecord | undefined;
  /** The `containerExited` marker of the instance the kubelet stopped, if its status was seen. */
  exit: Marker | undefined;
  /** Sidecars only: when every container it waits for had exited; null when one of those exits was never seen. */
  turn?: TimeInterval | null;
}

export interface ContainerStop {
  container: string;
  markers: Marker[];
  sigterm: Marker;
  sigkill: Marker | undefined;
  /** The exit of the instance stopped, as given in the input. */
  exit: Marker | undefined;
  preStopStart: Marker | undefined;
  /** Set when the hook was meant to run at least G: the kubelet abandons it then (the `preStopCutByGrace` gap). */
  preStopAbandonedAt: TimeInterval | undefined;
}

function estimated(kind: MarkerKind, input: ContainerStopInput, interval: TimeInterval, evidence: Evidence[]): Marker {
  return {
    kind,
    precision: 'estimated',
    at: interval.at,
    earliest: interval.earliest,
    latest: interval.latest,
    container: input.container,
    evidence,
  };
}

function inference(text: string): Evidence {
  return { source: 'inference', text };
}

function asInterval(marker: Marker): TimeInterval {
  return { at: marker.at, earliest: marker.earliest, latest: marker.latest };
}

interface HookResult {
  end: Marker | undefined;
  /** Whole hook duration when the spec fixes it (sleep) and no restart interfered: the runtime's timeout is exact. */
  exactSeconds: number | null;
  abandonedAt: TimeInterval | undefined;
  /** The hook ran into the restarted kill's deadline: SIGKILL comes 2 s (the minimum) after it. */
  cutByRestart: boolean;
}

/** An interval covering both: the truth is in one of them, and the API cannot tell which. */
function span(a: TimeInterval, b: TimeInterval): TimeInterval {
  return { at: a.at, earliest: Math.min(a.earliest, b.earliest), latest: Math.max(a.latest, b.latest) };
}

/**
 * A sleep's end: Killing + min(S, G) when the kill ran undisturbed. A restart while the hook still ran replaces
 * its deadline by restart + G'; a restart after it changes nothing; when the API cannot order the two, both.
 */
function sleepEnd(
  input: ContainerStopInput,
  killing: TimeInterval,
  sleepSeconds: number,
): { end: TimeInterval; cut: boolean; cutByRestart: boolean } {
  const natural = shift(killing, sleepSeconds * SECOND_MS);
  const planned = shift(killing, Math.min(sleepSeconds, input.gracePeriodSeconds) * SECOND_MS);
  const atLeast = input.graceAtLeastSeconds;
  // With a grace only bounded below, the hook may have been cut as early as Killing + that bound.
  const undisturbed =
    atLeast === undefined ? planned : span(planned, shift(killing, Math.min(sleepSeconds, atLeast) * SECOND_MS));
  const restart = input.restart;
  if (!restart || certainlyBefore(undisturbed, restart.at))
    return { end: undisturbed, cut: sleepSeconds >= input.gracePeriodSeconds, cutByRestart: false };
  const deadline = shift(restart.at, restart.gracePeriodSeconds * SECOND_MS);
  const restarted = noLaterThan(natural, deadline);
  const cutByRestart = certainlyBefore(deadline, natural);
  if (certainlyBefore(restart.at, undisturbed)) return { end: restarted, cut: cutByRestart, cutByRestart };
  return {
    end: span(restarted, undisturbed),
    cut: cutByRestart && sleepSeconds >= input.gracePeriodSeconds,
    cutByRestart: false,
  };
}

/** The latest the kubelet can have given up on a hook: its own deadline, or the restarted kill's. */
function latestDeadline(input: ContainerStopInput, killing: TimeInterval): TimeInterval {
  const graceEnd = shift(killing, input.gracePeriodSeconds * SECOND_MS);
  return input.restart
    ? span(graceEnd, shift(input.restart.at, input.restart.gracePeriodSeconds * SECOND_MS))
    : graceEnd;
}

/**
 * The hook's end. A sleep (action, or an exec that only sleeps) ends at Killing + min(S, G) (see sleepEnd for a
 * restart). A failed hook ends at its `FailedPreStopHook` event. Any other hook (httpGet, a script) is given a
 * wide interval from Killing to the earlier of the container's exit and the deadline, with its point at Killing:
 * the hook may well have returned at once, and claiming more would invent a time.
 */
function hookEnd(input: ContainerStopInput, killing: TimeInterval): HookResult {
  const sleepSeconds = preStopSleepSeconds(input.preStop);
  const deadline = latestDeadline(input, killing);
  if (input.failedPreStopHook?.firstAt) {
    const end = noLaterThan(input.failedPreStopHook.firstAt, deadline);
    return {
      end: { ...estimated('preStopEnd', input, end, [eventEvidence(input.failedPreStopHook)]), precision: 'second' },
      exactSeconds: null,
      abandonedAt: undefined,
      cutByRestart: false,
    };
  }
  if (sleepSeconds !== null) {
    const { end, cut, cutByRestart } = sleepEnd(input, killing, sleepSeconds);
    const grace = cutByRestart
      ? (input.restart?.gracePeriodSeconds ?? input.gracePeriodSeconds)
      : input.gracePeriodSeconds;
    const text = cut
      ? `preStop sleeps ${sleepSeconds} s ≥ grace ${grace} s: abandoned at ${cutByRestart ? 'the restarted kill' : 'Killing'} + ${grace} s`
      : `Killing + preStop sleep ${sleepSeconds} s${input.restart ? ' (or cut by the restarted kill)' : ''}`;
    const exactSeconds =
      input.restart || input.graceAtLeastSeconds !== undefined
        ? null
        : Math.min(sleepSeconds, input.gracePeriodSeconds);
    return {
      end: estimated('preStopEnd', input, end, [inference(text)]),
      exactSeconds,
      abandonedAt: cut ? end : undefined,
      cutByRestart,
    };
  }
  const latest = Math.min(deadline.latest, input.exit?.latest ?? Infinity);
  const wide: TimeInterval = {
    at: killing.earliest,
    earliest: killing.earliest,
    latest: Math.max(killing.earliest, latest),
  };
  const text = `${input.preStop?.kind ?? 'preStop'} hook: its end is not reported; between Killing and ${input.exit ? 'the container exit' : 'the deadline'}`;
  return {
    end: estimated('preStopEnd', input, wide, [inference(text)]),
    exactSeconds: null,
    abandonedAt: undefined,
    cutByRestart: false,
  };
}

/**
 * When SIGKILL would come without a restart: SIGTERM + max(G − whole seconds of preStop, 2). With an exactly
 * known hook that is a point shifted from Killing; otherwise it lies in [Killing + G, Killing + G + 2 s]
 * whatever the hook took.
 */
function undisturbedKill(input: ContainerStopInput, killing: TimeInterval, hookSeconds: number | null): TimeInterval {
  const grace = input.gracePeriodSeconds;
  if (hookSeconds !== null && input.turn === undefined) {
    const timeout = Math.max(grace - Math.floor(hookSeconds), MINIMUM_GRACE_PERIOD_SECONDS);
    return shift(killing, (hookSeconds + timeout) * SECOND_MS);
  }
  return {
    at: killing.at + grace * SECOND_MS,
    earliest: killing.earliest + Math.min(grace, input.graceAtLeastSeconds ?? grace) * SECOND_MS,
    latest: killing.latest + (grace + MINIMUM_GRACE_PERIOD_SECONDS) * SECOND_MS,
  };
}

/**
 * With a restart: a runtime that already had SIGTERM gets StopContainer(max(G', 2)) again from the restart; a
 * hook cut by the restarted deadline leaves the 2 s minimum; otherwise SIGKILL comes between restart + G' and
 * restart + G' + 2 s (the hook's whole seconds are taken off G'), or as planned when the restart came too late.
 */
function killTime(
  input: ContainerStopInput,
  killing: TimeInterval,
  hook: HookResult,
  sigterm: TimeInterval,
): TimeInterval {
  const planned = undisturbedKill(input, killing, hook.exactSeconds);
  const restart = input.restart;
  if (!restart) return planned;
  const graceMs = restart.gracePeriodSeconds * SECOND_MS;
  const minimumMs = MINIMUM_GRACE_PERIOD_SECONDS * SECOND_MS;
  if (certainlyBefore(sigterm, restart.at))
    return noLaterThan(planned, shift(restart.at, Math.max(graceMs, minimumMs)));
  if (hook.cutByRestart) return shift(restart.at, graceMs + minimumMs);
  return {
    at: restart.at.at + graceMs,
    earliest: Math.min(planned.earliest, restart.at.earliest + graceMs),
    latest: Math.max(planned.latest, restart.at.latest + graceMs + minimumMs),
  };
}

/** Exit 137 (128 + SIGKILL) at the kill time is the kubelet's SIGKILL; the OOM killer's 137 says `OOMKilled`. */
const NOT_A_KUBELET_KILL = new Set(['OOMKilled', 'ContainerStatusUnknown']);
/** finishedAt may trail the kill by the runtime's teardown; it is also truncated to the second. */
const KILL_REPORT_SLACK_MS = 2 * SECOND_MS;

/**
 * A 137 exit near the kill time is the kubelet's SIGKILL. The signal then lies both in the kill window and just
 * before the exit (finishedAt, minus the teardown slack): the marker is the intersection of the two.
 */
function sigkillOf(input: ContainerStopInput, kill: TimeInterval): Marker | undefined {
  const exit = input.exit;
  if (!exit || exit.exitCode !== 137 || NOT_A_KUBELET_KILL.has(exit.reason ?? '')) return undefined;
  const earliest = Math.max(kill.earliest, exit.earliest - KILL_REPORT_SLACK_MS);
  const latest = Math.min(kill.latest, exit.latest);
  if (earliest > latest) return undefined;
  const interval = { at: Math.min(Math.max(kill.at, earliest), latest), earliest, latest };
  return estimated('sigkill', input, interval, [
    inference(`exit 137 (${exit.reason ?? 'no reason'}) at the end of the grace period: SIGKILL by the kubelet`),
    ...exit.evidence,
  ]);
}

export function inferContainerStop(input: ContainerStopInput): ContainerStop {
  const killing = asInterval(input.killing);
  const hookRuns = input.preStop !== null && input.gracePeriodSeconds > 0;
  const markers: Marker[] = [];
  let preStopStart: Marker | undefined;
  let hook: HookResult = { end: undefined, exactSeconds: 0, abandonedAt: undefined, cutByRestart: false };
  if (hookRuns) {
    preStopStart = estimated('preStopStart', input, killing, [
      inference('preStop starts right after Killing (killContainer)'),
    ]);
    hook = hookEnd(input, killing);
    markers.push(preStopStart);
    if (hook.end) markers.push(hook.end);
  }
  const beforeTurn = hook.end ? asInterval(hook.end) : killing;
  let sigtermAt = beforeTurn;
  const sigtermEvidence = [
    inference(hook.end ? 'SIGTERM when preStop ends' : 'no preStop: SIGTERM right after Killing'),
  ];
  if (input.turn !== undefined) {
    // A sidecar waits for the main containers and the sidecars declared after it, but never past the grace.
    const deadline = latestDeadline(input, killing);
    const turn = input.turn ?? { at: deadline.at, earliest: killing.earliest, latest: deadline.latest };
    sigtermAt = noLaterThan(later(sigtermAt, turn), deadline);
    sigtermEvidence.push(
      inference('sidecar: stopped after the main containers, in reverse order (termination_ordering.go)'),
    );
  }
  if (input.restart)
    sigtermEvidence.push(
      inference(`the kubelet restarted the kill with grace ${input.restart.gracePeriodSeconds} s (a second Killing)`),
    );
  const sigterm = estimated('sigterm', input, sigtermAt, sigtermEvidence);
  markers.push(sigterm);
  const sigkill = sigkillOf(input, killTime(input, killing, hook, beforeTurn));
  if (sigkill) markers.push(sigkill);
  return {
    container: input.container,
    markers,
    sigterm,
    sigkill,
    exit: input.exit,
    preStopStart,
    preStopAbandonedAt: hook.abandonedAt,
  };
}
