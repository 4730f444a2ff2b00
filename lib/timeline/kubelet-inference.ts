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
 */
import { SECOND_MS } from '../time';
import type { EventRecord } from './events';
import { eventEvidence } from './events';
import { later, noLaterThan, shift, type TimeInterval } from './interval';
import { preStopSleepSeconds } from './prestop';
import type { Evidence, Marker, MarkerKind, PreStopSummary } from './types';

/** kuberuntime_container.go minimumGracePeriodInSeconds: the runtime always gets at least this after preStop. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

export interface ContainerStopInput {
  container: string;
  preStop: PreStopSummary | null;
  killing: Marker;
  /** The grace the kubelet applied (the deletion G in force, else the spec's). */
  gracePeriodSeconds: number;
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
  return { kind, precision: 'estimated', at: interval.at, earliest: interval.earliest, latest: interval.latest, container: input.container, evidence };
}

function inference(text: string): Evidence {
  return { source: 'inference', text };
}

function asInterval(marker: Marker): TimeInterval {
  return { at: marker.at, earliest: marker.earliest, latest: marker.latest };
}

interface HookResult {
  end: Marker | undefined;
  /** Whole hook duration when the spec fixes it (sleep), so the runtime's timeout is known exactly. */
  exactSeconds: number | null;
  abandonedAt: TimeInterval | undefined;
}

/**
 * The hook's end. A sleep (action, or an exec that only sleeps) ends at Killing + min(S, G). A failed hook ends at
 * its `FailedPreStopHook` event. Any other hook (httpGet, a script) is given a wide interval from Killing to the
 * earlier of the container's exit and Killing + G, with its point at Killing: the hook may well have returned at
 * once, and claiming more would invent a time.
 */
function hookEnd(input: ContainerStopInput, killing: TimeInterval, graceMs: number): HookResult {
  const sleepSeconds = preStopSleepSeconds(input.preStop);
  const graceEnd = shift(killing, graceMs);
  if (input.failedPreStopHook?.firstAt) {
    const end = noLaterThan(input.failedPreStopHook.firstAt, graceEnd);
    return { end: { ...estimated('preStopEnd', input, end, [eventEvidence(input.failedPreStopHook)]), precision: 'second' }, exactSeconds: null, abandonedAt: undefined };
  }
  if (sleepSeconds !== null) {
    const cut = sleepSeconds >= input.gracePeriodSeconds;
    const seconds = Math.min(sleepSeconds, input.gracePeriodSeconds);
    const text = cut
      ? `preStop sleeps ${sleepSeconds} s ≥ grace ${input.gracePeriodSeconds} s: abandoned at Killing + ${input.gracePeriodSeconds} s`
      : `Killing + preStop sleep ${sleepSeconds} s`;
    const end = shift(killing, seconds * SECOND_MS);
    return { end: estimated('preStopEnd', input, end, [inference(text)]), exactSeconds: seconds, abandonedAt: cut ? end : undefined };
  }
  const latest = Math.min(graceEnd.latest, input.exit?.latest ?? Infinity);
  const wide: TimeInterval = { at: killing.earliest, earliest: killing.earliest, latest: Math.max(killing.earliest, latest) };
  const text = `${input.preStop?.kind ?? 'preStop'} hook: its end is not reported; between Killing and ${input.exit ? 'the container exit' : 'Killing + G'}`;
  return { end: estimated('preStopEnd', input, wide, [inference(text)]), exactSeconds: null, abandonedAt: undefined };
}

/**
 * When SIGKILL would come: SIGTERM + max(G − whole seconds of preStop, 2). With an exactly known hook that is a
 * point shifted from Killing; otherwise it lies in [Killing + G, Killing + G + 2 s] whatever the hook took.
 */
function killTime(input: ContainerStopInput, killing: TimeInterval, hookSeconds: number | null): TimeInterval {
  const grace = input.gracePeriodSeconds;
  if (hookSeconds !== null && input.turn === undefined) {
    const timeout = Math.max(grace - Math.floor(hookSeconds), MINIMUM_GRACE_PERIOD_SECONDS);
    return shift(killing, (hookSeconds + timeout) * SECOND_MS);
  }
  return {
    at: killing.at + grace * SECOND_MS,
    earliest: killing.earliest + grace * SECOND_MS,
    latest: killing.latest + (grace + MINIMUM_GRACE_PERIOD_SECONDS) * SECOND_MS,
  };
}

/** Exit 137 (128 + SIGKILL) at the kill time is the kubelet's SIGKILL; the OOM killer's 137 says `OOMKilled`. */
const NOT_A_KUBELET_KILL = new Set(['OOMKilled', 'ContainerStatusUnknown']);
/** finishedAt may trail the kill by the runtime's teardown; it is also truncated to the second. */
const KILL_REPORT_SLACK_MS = 2 * SECOND_MS;

function sigkillOf(input: ContainerStopInput, kill: TimeInterval): Marker | undefined {
  const exit = input.exit;
  if (!exit || exit.exitCode !== 137 || NOT_A_KUBELET_KILL.has(exit.reason ?? '')) return undefined;
  if (exit.earliest > kill.latest + KILL_REPORT_SLACK_MS || exit.latest < kill.earliest) return undefined;
  return estimated('sigkill', input, kill, [
    inference(`exit 137 (${exit.reason ?? 'no reason'}) at the end of the grace period: SIGKILL by the kubelet`),
    ...exit.evidence,
  ]);
}

export function inferContainerStop(input: ContainerStopInput): ContainerStop {
  const killing = asInterval(input.killing);
  const graceMs = input.gracePeriodSeconds * SECOND_MS;
  const hookRuns = input.preStop !== null && input.gracePeriodSeconds > 0;
  const markers: Marker[] = [];
  let preStopStart: Marker | undefined;
  let hook: HookResult = { end: undefined, exactSeconds: 0, abandonedAt: undefined };
  if (hookRuns) {
    preStopStart = estimated('preStopStart', input, killing, [inference('preStop starts right after Killing (killContainer)')]);
    hook = hookEnd(input, killing, graceMs);
    markers.push(preStopStart);
    if (hook.end) markers.push(hook.end);
  }
  let sigtermAt = hook.end ? asInterval(hook.end) : killing;
  const sigtermEvidence = [inference(hook.end ? 'SIGTERM when preStop ends' : 'no preStop: SIGTERM right after Killing')];
  if (input.turn !== undefined) {
    // A sidecar waits for the main containers and the sidecars declared after it, but never past the grace.
    const graceEnd = shift(killing, graceMs);
    const turn = input.turn ?? { at: graceEnd.at, earliest: killing.earliest, latest: graceEnd.latest };
    sigtermAt = noLaterThan(later(sigtermAt, turn), graceEnd);
    sigtermEvidence.push(inference('sidecar: stopped after the main containers, in reverse order (termination_ordering.go)'));
  }
  const sigterm = estimated('sigterm', input, sigtermAt, sigtermEvidence);
  markers.push(sigterm);
  const sigkill = sigkillOf(input, killTime(input, killing, hook.exactSeconds));
  if (sigkill) markers.push(sigkill);
  return { container: input.container, markers, sigterm, sigkill, exit: input.exit, preStopStart, preStopAbandonedAt: hook.abandonedAt };
}
