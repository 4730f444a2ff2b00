/**
 * How the kubelet stops a pod's containers, following pkg/kubelet/kuberuntime/kuberuntime_container.go
 * `killContainer` for every running container in parallel:
 *   1. `Killing` event (before the hook);
 *   2. the preStop hook with the grace period as its timeout (`executePreStopHook`); the grace left is
 *      G minus the whole seconds the hook took;
 *   3. sidecars (restartable init containers) then wait for their turn: all main containers and every later
 *      sidecar have exited (kuberuntime_termination_order.go), again minus the whole seconds waited;
 *   4. at least `minimumGracePeriodInSeconds` = 2 s is given to the runtime: StopContainer sends SIGTERM and
 *      SIGKILLs at the timeout.
 * A shorter grace period seen later restarts the kill (pod_workers.go cancels the running sync): a new `Killing`
 * (merged into the first event by the correlator), and every deadline still ahead moves earlier.
 */
import type { Random } from '../random';
import type { Timers } from '../timers';
import type { TruthRecorder } from '../truth';
import type { PreStopHook } from '../types';
import type { ContainerRuntime, PodRuntime } from './pod-runtime';

const MINIMUM_GRACE_PERIOD_SECONDS = 2;

export interface KillHost {
  now(): number;
  rng: Random;
  timers: Timers;
  truth: TruthRecorder;
  containerEvent(
    pod: PodRuntime,
    container: ContainerRuntime,
    event: { reason: string; message: string; type: 'Normal' | 'Warning' },
  ): void;
  /** The container's process ended (really; the kubelet reports it at the next PLEG relist). */
  containerExited(pod: PodRuntime, container: ContainerRuntime): void;
}

/** A container that will never run again: exited, or killed before it was started. */
export function containerDone(container: ContainerRuntime): boolean {
  return container.phase === 'exited' || (container.phase === 'waiting' && container.killing);
}

function hookKind(hook: PreStopHook): 'sleep' | 'exec' {
  return hook.kind === 'sleep' ? 'sleep' : 'exec';
}

export function startPodKill(host: KillHost, pod: PodRuntime, graceSeconds: number): void {
  pod.terminating = { startedAt: host.now(), graceSeconds };
  host.truth.killDeadline(pod.uid, graceSeconds);
  for (const container of pod.containers) {
    if (container.killing) continue;
    container.killing = true;
    if (container.phase === 'running') killContainer(host, pod, container, graceSeconds);
  }
}

/** A shorter grace period reached the kubelet while it was already stopping the pod. */
export function shortenPodKill(host: KillHost, pod: PodRuntime, graceSeconds: number): void {
  if (!pod.terminating || graceSeconds >= pod.terminating.graceSeconds) return;
  pod.terminating.graceSeconds = graceSeconds;
  host.truth.killDeadline(pod.uid, graceSeconds);
  const now = host.now();
  for (const container of pod.containers) {
    if (container.phase !== 'running' || !container.killing) continue;
    host.containerEvent(pod, container, {
      reason: 'Killing',
      message: `Stopping container ${container.template.name}`,
      type: 'Normal',
    });
    if (container.hook) {
      container.hook.killStartedAt = now;
      container.hook.graceSeconds = graceSeconds;
      armHook(host, pod, container);
    } else if (container.turn) {
      container.turn.since = now;
      container.turn.graceSeconds = graceSeconds;
      armTurnTimeout(host, pod, container);
    } else if (container.sigtermAt !== null) {
      const killAt = now + Math.max(graceSeconds, MINIMUM_GRACE_PERIOD_SECONDS) * 1000;
      scheduleSigkill(host, pod, container, killAt);
    }
  }
}

function killContainer(host: KillHost, pod: PodRuntime, container: ContainerRuntime, graceSeconds: number): void {
  const now = host.now();
  host.containerEvent(pod, container, {
    reason: 'Killing',
    message: `Stopping container ${container.template.name}`,
    type: 'Normal',
  });
  const truth = host.truth.container(pod.uid, container.template.name);
  if (truth) truth.killingAt ??= now;
  const hook = container.template.preStop;
  if (hook && graceSeconds > 0) {
    const overheadMs = hook.kind === 'sleep' ? 0 : host.rng.ms([30, 150]);
    const runsMs = (hook.kind === 'exec-fails' ? hook.runsSeconds : hook.seconds) * 1000 + overheadMs;
    container.hook = {
      kind: hookKind(hook),
      naturalEndAt: now + runsMs,
      fails: hook.kind === 'exec-fails',
      killStartedAt: now,
      graceSeconds,
      timer: undefined,
    };
    if (truth) truth.preStop = { kind: hookKind(hook), startedAt: now, endedAt: null, outcome: null };
    armHook(host, pod, container);
    return;
  }
  afterHook(host, pod, container, graceSeconds);
}

/** The hook ends on its own or is abandoned when the kill's grace period runs out, whichever is first. */
function armHook(host: KillHost, pod: PodRuntime, container: ContainerRuntime): void {
  const hook = container.hook;
  if (!hook) return;
  host.timers.cancel(hook.timer);
  const deadline = hook.killStartedAt + hook.graceSeconds * 1000;
  const endsAt = Math.min(hook.naturalEndAt, deadline);
  hook.timer = host.timers.after(endsAt - host.now(), () => {
    const now = host.now();
    const abandoned = hook.naturalEndAt > deadline;
    const truth = host.truth.container(pod.uid, container.template.name);
    if (truth?.preStop) {
      truth.preStop.endedAt = now;
      truth.preStop.outcome = abandoned ? 'abandoned' : hook.fails ? 'failed' : 'completed';
    }
    if (!abandoned && hook.fails) {
      host.containerEvent(pod, container, {
        reason: 'FailedPreStopHook',
        message: 'PreStopHook failed',
        type: 'Warning',
      });
    }
    container.hook = null;
    const tookSeconds = Math.floor((now - hook.killStartedAt) / 1000);
    afterHook(host, pod, container, hook.graceSeconds - tookSeconds);
  });
}

function afterHook(host: KillHost, pod: PodRuntime, container: ContainerRuntime, graceSeconds: number): void {
  if (container.phase !== 'running') return;
  if (container.sidecar && graceSeconds > 0) {
    container.turn = { since: host.now(), graceSeconds, timer: undefined };
    if (sidecarsTurn(pod, container)) takeTurn(host, pod, container);
    else armTurnTimeout(host, pod, container);
    return;
  }
  stopContainer(host, pod, container, Math.max(graceSeconds, MINIMUM_GRACE_PERIOD_SECONDS));
}

/** A sidecar's turn comes when every main container and every sidecar declared after it have exited. */
function sidecarsTurn(pod: PodRuntime, container: ContainerRuntime): boolean {
  const index = pod.containers.indexOf(container);
  return pod.containers.every((other, i) => (other.sidecar && i <= index) || containerDone(other));
}

function armTurnTimeout(host: KillHost, pod: PodRuntime, container: ContainerRuntime): void {
  const turn = container.turn;
  if (!turn) return;
  host.timers.cancel(turn.timer);
  turn.timer = host.timers.after(turn.since + turn.graceSeconds * 1000 - host.now(), () =>
    takeTurn(host, pod, container),
  );
}

function takeTurn(host: KillHost, pod: PodRuntime, container: ContainerRuntime): void {
  const turn = container.turn;
  if (!turn) return;
  host.timers.cancel(turn.timer);
  container.turn = null;
  const waitedSeconds = Math.floor((host.now() - turn.since) / 1000);
  stopContainer(host, pod, container, Math.max(turn.graceSeconds - waitedSeconds, MINIMUM_GRACE_PERIOD_SECONDS));
}

/** Called after any container exit: sidecars waiting for their turn may go now. */
export function releaseSidecars(host: KillHost, pod: PodRuntime): void {
  for (let i = pod.containers.length - 1; i >= 0; i--) {
    const container = pod.containers[i];
    if (container?.turn && sidecarsTurn(pod, container)) takeTurn(host, pod, container);
  }
}

/** CRI StopContainer(timeout): the stop signal now, SIGKILL when the timeout runs out. */
function stopContainer(host: KillHost, pod: PodRuntime, container: ContainerRuntime, timeoutSeconds: number): void {
  host.timers.after(host.rng.ms([1, 5]), () => {
    if (container.phase !== 'running') return;
    const now = host.now();
    container.sigtermAt = now;
    const truth = host.truth.container(pod.uid, container.template.name);
    if (truth) truth.sigtermAt ??= now;
    scheduleSigkill(host, pod, container, now + timeoutSeconds * 1000);
    const behaviour = container.template.onSigterm;
    if (behaviour.kind === 'drain') {
      scheduleExit(host, pod, container, {
        afterMs: behaviour.seconds * 1000 + host.rng.ms([5, 150]),
        code: 0,
        reason: 'Completed',
      });
    } else if (behaviour.kind === 'exit-143') {
      scheduleExit(host, pod, container, { afterMs: host.rng.ms([5, 60]), code: 143, reason: 'Error' });
    } else if (behaviour.kind === 'oom') {
      scheduleExit(host, pod, container, { afterMs: behaviour.afterSeconds * 1000, code: 137, reason: 'OOMKilled' });
    }
  });
}

function scheduleSigkill(host: KillHost, pod: PodRuntime, container: ContainerRuntime, killAt: number): void {
  if (container.sigkillTimer && container.sigkillAt !== null && container.sigkillAt <= killAt) return;
  host.timers.cancel(container.sigkillTimer);
  container.sigkillAt = killAt;
  container.sigkillTimer = host.timers.after(killAt - host.now(), () => {
    if (container.phase !== 'running') return;
    const truth = host.truth.container(pod.uid, container.template.name);
    if (truth) truth.sigkillAt = host.now();
    host.timers.cancel(container.exitTimer);
    scheduleExit(host, pod, container, { afterMs: host.rng.ms([2, 20]), code: 137, reason: 'Error' });
  });
}

function scheduleExit(
  host: KillHost,
  pod: PodRuntime,
  container: ContainerRuntime,
  exit: { afterMs: number; code: number; reason: string },
): void {
  container.exitTimer = host.timers.after(exit.afterMs, () => exitContainer(host, pod, container, exit));
}

/** The process is gone: the runtime knows at once, the kubelet reports it later. */
export function exitContainer(
  host: KillHost,
  pod: PodRuntime,
  container: ContainerRuntime,
  exit: { code: number; reason: string },
): void {
  if (container.phase !== 'running') return;
  const now = host.now();
  host.timers.cancel(container.sigkillTimer);
  host.timers.cancel(container.exitTimer);
  container.phase = 'exited';
  container.exit = { at: now, code: exit.code, reason: exit.reason };
  const truth = host.truth.container(pod.uid, container.template.name);
  if (truth) {
    truth.exitedAt = now;
    truth.exitCode = exit.code;
    truth.reason = exit.reason;
  }
  host.containerExited(pod, container);
  releaseSidecars(host, pod);
}
