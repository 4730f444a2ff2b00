/**
 * Starting a pod's containers and probing their readiness, as the kubelet does after RunPodSandbox:
 * sidecars (restartable init containers) one after the other, each started before the next (1.29+), then the
 * main containers together; each with `Pulling`, `Pulled`, `Created`, `Started` events. Readiness probes
 * (pkg/kubelet/prober/worker.go) keep running while the pod terminates, until the container stops; a failure
 * emits `Unhealthy`.
 */
import type { ContainerRuntime, PodRuntime } from './pod-runtime';
import type { Kubelet } from './kubelet';

export function startContainers(kubelet: Kubelet, pod: PodRuntime): void {
  const sidecars = pod.containers.filter((c) => c.sidecar);
  const mains = pod.containers.filter((c) => !c.sidecar);
  const startNext = (index: number): void => {
    const sidecar = sidecars[index];
    if (!sidecar) {
      for (const main of mains) startContainer(kubelet, pod, main, () => undefined);
      return;
    }
    startContainer(kubelet, pod, sidecar, () =>
      kubelet.timers.after(kubelet.rng.ms([5, 30]), () => startNext(index + 1)),
    );
  };
  startNext(0);
}

function startContainer(kubelet: Kubelet, pod: PodRuntime, container: ContainerRuntime, onStarted: () => void): void {
  const { rng, timers } = kubelet;
  const image = container.template.image;
  if (pod.terminating) return;
  kubelet.containerEvent(pod, container, { reason: 'Pulling', message: `Pulling image "${image}"`, type: 'Normal' });
  const pullMs = rng.ms([400, 2500]);
  timers.after(pullMs, () => {
    const seconds = (pullMs / 1000).toFixed(3);
    const size = rng.int(8_000_000, 120_000_000);
    kubelet.containerEvent(pod, container, {
      reason: 'Pulled',
      message: `Successfully pulled image "${image}" in ${seconds}s (${seconds}s including waiting). Image size: ${size} bytes.`,
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
        if (pod.terminating) return;
        const now = kubelet.now();
        kubelet.containerEvent(pod, container, {
          reason: 'Started',
          message: `Started container ${container.template.name}`,
          type: 'Normal',
        });
        container.phase = 'running';
        container.reportedPhase = 'running';
        container.startedAt = now;
        container.probeReady = !container.template.readinessProbe;
        const truth = kubelet.truth.container(pod.uid, container.template.name);
        if (truth) truth.startedAt = now;
        if (!container.sidecar && pod.phase === 'Pending') pod.phase = 'Running';
        kubelet.publish(pod);
        kubelet.probe(pod, container);
        onStarted();
      });
    });
  });
}

export function probeReadiness(kubelet: Kubelet, pod: PodRuntime, container: ContainerRuntime): void {
  const probe = container.template.readinessProbe;
  if (!probe) return;
  const periodMs = probe.periodSeconds * 1000;
  const instance = container.containerId;
  const tick = (): void => {
    if (container.phase !== 'running' || container.containerId !== instance) return;
    const now = kubelet.now();
    const started =
      container.startedAt !== null && now >= container.startedAt + (container.template.startupSeconds ?? 0) * 1000;
    const draining = container.template.stopsServingOnSigterm === true && container.sigtermAt !== null;
    if (started && !draining) {
      container.probeFailures = 0;
      if (!container.probeReady) {
        container.probeReady = true;
        kubelet.publish(pod);
      }
    } else {
      container.probeFailures += 1;
      const message = started
        ? 'Readiness probe failed: HTTP probe failed with statuscode: 503'
        : `Readiness probe failed: Get "http://${pod.podIP ?? ''}:${container.template.port ?? 8080}/ready": dial tcp ${pod.podIP ?? ''}:${container.template.port ?? 8080}: connect: connection refused`;
      kubelet.containerEvent(pod, container, { reason: 'Unhealthy', message, type: 'Warning' });
      if (container.probeReady && container.probeFailures >= probe.failureThreshold) {
        container.probeReady = false;
        kubelet.publish(pod);
      }
    }
    kubelet.timers.after(periodMs, tick);
  };
  kubelet.timers.after(kubelet.rng.ms([100, Math.min(periodMs, 1000)]), tick);
}
