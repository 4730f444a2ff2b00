/**
 * A container restart on a pod nobody deleted, as the kubelet does it after a failed liveness probe
 * (pkg/kubelet/prober/worker.go → kuberuntime_manager.go `computePodActions`: "Container app failed liveness probe,
 * will be restarted"): a `Killing` event with that message, the stop signal, SIGKILL when the pod's grace period
 * runs out, the exit seen at the next PLEG relist, then the container started again with `restartCount` one higher
 * and the old instance in `lastState.terminated`. No pod termination: no deletionTimestamp, the pod stays.
 * The simulator runs no preStop hook for such a kill (the kubelet would; the restart scenario has none).
 */
import { type ContainerRuntime, type PodRuntime } from './pod-runtime';
import type { Kubelet } from './kubelet';
import type { RestartTruthState } from '../truth';

const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** Liveness probing while the container runs; `livenessFailing` (set by a scenario) makes every probe fail. */
export function probeLiveness(kubelet: Kubelet, pod: PodRuntime, container: ContainerRuntime): void {
  const probe = container.template.livenessProbe;
  if (!probe) return;
  const instance = container.containerId;
  const tick = (): void => {
    // A probe worker belongs to one instance of the container; a termination stops restarts altogether.
    if (container.phase !== 'running' || container.containerId !== instance || pod.terminating) return;
    if (!container.livenessFailing) {
      container.livenessFailures = 0;
    } else {
      container.livenessFailures += 1;
      kubelet.containerEvent(pod, container, {
        reason: 'Unhealthy',
        message: 'Liveness probe failed: HTTP probe failed with statuscode: 500',
        type: 'Warning',
      });
      if (container.livenessFailures >= probe.failureThreshold) {
        killForRestart(kubelet, pod, container);
        return;
      }
    }
    kubelet.timers.after(probe.periodSeconds * 1000, tick);
  };
  kubelet.timers.after(probe.periodSeconds * 1000, tick);
}

function killForRestart(kubelet: Kubelet, pod: PodRuntime, container: ContainerRuntime): void {
  const name = container.template.name;
  kubelet.containerEvent(pod, container, {
    reason: 'Killing',
    message: `Container ${name} failed liveness probe, will be restarted`,
    type: 'Normal',
  });
  const truth = kubelet.truth.restartStarted(pod.uid, name, 'liveness-probe');
  container.restarting = { truth };
  const timeoutMs = Math.max(pod.template.terminationGracePeriodSeconds, MINIMUM_GRACE_PERIOD_SECONDS) * 1000;
  kubelet.timers.after(kubelet.rng.ms([1, 5]), () => {
    if (container.phase !== 'running') return;
    const now = kubelet.now();
    if (truth) truth.sigtermAt = now;
    container.sigkillTimer = kubelet.timers.after(timeoutMs, () => {
      if (truth) truth.sigkillAt = kubelet.now();
      kubelet.timers.cancel(container.exitTimer);
      container.exitTimer = kubelet.timers.after(kubelet.rng.ms([2, 20]), () =>
        exitForRestart(kubelet, pod, container, truth, { code: 137, reason: 'Error' }),
      );
    });
    const behaviour = container.template.onSigterm;
    const exit =
      behaviour.kind === 'drain'
        ? { afterMs: behaviour.seconds * 1000 + kubelet.rng.ms([5, 150]), code: 0, reason: 'Completed' }
        : behaviour.kind === 'exit-143'
          ? { afterMs: kubelet.rng.ms([5, 60]), code: 143, reason: 'Error' }
          : behaviour.kind === 'oom'
            ? { afterMs: behaviour.afterSeconds * 1000, code: 137, reason: 'OOMKilled' }
            : null;
    if (exit)
      container.exitTimer = kubelet.timers.after(exit.afterMs, () =>
        exitForRestart(kubelet, pod, container, truth, exit),
      );
  });
}

function exitForRestart(
  kubelet: Kubelet,
  pod: PodRuntime,
  container: ContainerRuntime,
  truth: RestartTruthState | undefined,
  exit: { code: number; reason: string },
): void {
  if (container.phase !== 'running') return;
  const now = kubelet.now();
  kubelet.timers.cancel(container.sigkillTimer);
  kubelet.timers.cancel(container.exitTimer);
  container.phase = 'exited';
  container.exit = { at: now, code: exit.code, reason: exit.reason };
  if (truth) {
    truth.exitedAt = now;
    truth.exitCode = exit.code;
    truth.exitReason = exit.reason;
  }
  kubelet.containerExited(pod, container);
}

/** After the PLEG reported the exit: the next sync starts a new instance (no back-off before a first restart). */
export function restartAfterExit(kubelet: Kubelet, pod: PodRuntime, container: ContainerRuntime): void {
  const restarting = container.restarting;
  if (!restarting || pod.terminating) return;
  const { rng, timers } = kubelet;
  const image = container.template.image;
  kubelet.containerEvent(pod, container, {
    reason: 'Pulled',
    message: `Container image "${image}" already present on machine`,
    type: 'Normal',
  });
  timers.after(rng.ms([20, 80]), () => {
    if (pod.terminating) return;
    kubelet.containerEvent(pod, container, {
      reason: 'Created',
      message: `Created container: ${container.template.name}`,
      type: 'Normal',
    });
    timers.after(rng.ms([30, 120]), () => {
      if (pod.terminating || !container.exit) return;
      const now = kubelet.now();
      kubelet.containerEvent(pod, container, {
        reason: 'Started',
        message: `Started container ${container.template.name}`,
        type: 'Normal',
      });
      container.lastTerminated = {
        exitCode: container.exit.code,
        reason: container.exit.reason,
        startedAt: container.startedAt,
        finishedAt: container.exit.at,
        containerId: container.containerId,
      };
      container.containerId = `containerd://${kubelet.hex(64)}`;
      container.restartCount += 1;
      container.phase = 'running';
      container.reportedPhase = 'running';
      container.startedAt = now;
      container.exit = null;
      container.livenessFailing = false;
      container.livenessFailures = 0;
      container.probeFailures = 0;
      container.probeReady = !container.template.readinessProbe;
      container.restarting = null;
      if (restarting.truth) restarting.truth.restartedAt = now;
      kubelet.publish(pod);
      kubelet.probe(pod, container);
    });
  });
}
