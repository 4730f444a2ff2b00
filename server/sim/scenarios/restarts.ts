/**
 * Shapes real clusters show that are not a plain termination: a container restarted after a failed liveness probe
 * (`Killing` on a pod nobody deleted, then `restartCount` and `lastState.terminated`), a StatefulSet pod deleted
 * again and again under the same name, whose `SuccessfulDelete` event is one aggregated Event (`count` > 1, its
 * `firstTimestamp` at the first pod's deletion), and an events.k8s.io `series` (the scheduler's retries).
 */
import type { SimCluster } from '../model/cluster';
import { isPodReady } from '../model/pod-json';
import { ACTION_AT_MS, addNodes, addWebApp, appContainer, NAMESPACE, RECORD_FROM_MS, targetPod } from './common';
import type { ScenarioDefinition } from './types';

/** Runs `then` once the pod named `name` exists with another uid than `previousUid` and is Ready. */
function whenBackAndReady(cluster: SimCluster, name: string, previousUid: string, then: () => void): void {
  const poll = (): void => {
    const pod = cluster.pods().find((p) => p.metadata.name === name);
    if (pod && pod.metadata.uid !== previousUid && isPodReady(pod)) then();
    else cluster.at(cluster.clock.now() - cluster.startedAt + 500, poll);
  };
  poll();
}

/** How often the StatefulSet's pod db-0 is deleted and made again. */
const STATEFULSET_ROUNDS = 3;

export const restartScenarios: ScenarioDefinition[] = [
  {
    name: 'liveness-restart',
    number: 17,
    summary:
      'The app hangs: 3 failed liveness probes, Killing "Container app failed liveness probe, will be restarted", exit 143, restarted (restartCount 1); 20 s later the pod is deleted.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, {
        container: {
          livenessProbe: { periodSeconds: 2, failureThreshold: 3 },
          onSigterm: { kind: 'exit-143' },
          startupSeconds: 1,
        },
      });
      cluster.at(ACTION_AT_MS, () => {
        const pod = targetPod(cluster);
        cluster.hangContainer(pod, 'app');
        cluster.at(ACTION_AT_MS + 20_000, () => {
          cluster.deletePod(NAMESPACE, pod.metadata.name, {});
          cluster.finishWhenSettled();
        });
      });
    },
  },
  {
    name: 'statefulset-reused-name',
    number: 18,
    summary: `StatefulSet db: pod db-0 deleted ${STATEFULSET_ROUNDS} times (rolling updates), made again under the same name each time; one SuccessfulDelete Event with count ${STATEFULSET_ROUNDS}.`,
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      cluster.addService({ name: 'db', namespace: NAMESPACE, selector: { app: 'db' }, port: 5432, targetPort: 8080 });
      cluster.addStatefulSet({
        name: 'db',
        namespace: NAMESPACE,
        replicas: 1,
        template: {
          labels: { app: 'db' },
          terminationGracePeriodSeconds: 30,
          containers: [
            appContainer({
              image: 'registry.example.com/shop/db:16.4',
              preStop: { kind: 'sleep', seconds: 3 },
              onSigterm: { kind: 'drain', seconds: 2 },
              stopsServingOnSigterm: true,
            }),
          ],
        },
      });
      const round = (left: number): void => {
        const pod = cluster.pods({ app: 'db' }).find((p) => p.metadata.name === 'db-0');
        if (!pod) throw new Error('no db-0 to roll');
        cluster.rollStatefulSetPod(NAMESPACE, 'db', 0);
        whenBackAndReady(cluster, 'db-0', pod.metadata.uid, () => {
          if (left > 1) cluster.at(cluster.clock.now() - cluster.startedAt + 5_000, () => round(left - 1));
          else cluster.finishWhenSettled();
        });
      };
      cluster.at(ACTION_AT_MS, () => round(STATEFULSET_ROUNDS));
    },
  },
  {
    name: 'preemption-retries',
    number: 19,
    summary:
      'A high-priority pod preempts a batch pod that takes 10 s to stop; the scheduler retries meanwhile: FailedScheduling becomes an events.k8s.io series (count 2, eventTime at the first attempt).',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, {
        name: 'batch',
        container: {
          image: 'registry.example.com/shop/batch:2.3.1',
          preStop: { kind: 'sleep', seconds: 8 },
          onSigterm: { kind: 'drain', seconds: 2 },
        },
      });
      cluster.at(ACTION_AT_MS, () => {
        const preemptor = cluster.createPod({
          namespace: NAMESPACE,
          name: 'critical-report',
          template: {
            labels: { app: 'critical-report' },
            terminationGracePeriodSeconds: 30,
            priority: 1_000_000,
            priorityClassName: 'high-priority',
            containers: [
              appContainer({
                name: 'report',
                image: 'registry.example.com/shop/report:1.0.0',
                readinessProbe: undefined,
              }),
            ],
          },
        });
        cluster.preempt(preemptor, targetPod(cluster, 'batch'), { reportRetries: true });
        cluster.finishWhenSettled();
      });
    },
  },
];
