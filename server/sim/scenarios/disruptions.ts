/**
 * docs/termination-model.md scenarios 7-11: terminations started by something other than a plain delete — the Eviction
 * API, scheduler preemption, a lost node, kubelet node-pressure eviction and graceful node shutdown.
 */
import { ACTION_AT_MS, addNodes, addWebApp, appContainer, NAMESPACE, RECORD_FROM_MS, targetPod } from './common';
import type { ScenarioDefinition } from './types';

export const disruptionScenarios: ScenarioDefinition[] = [
  {
    name: 'eviction',
    number: 7,
    summary: 'Eviction API (kubectl drain): DisruptionTarget=EvictionByEvictionAPI, then a normal graceful delete (preStop 5 s, drain 2 s).',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, { container: { preStop: { kind: 'sleep', seconds: 5 }, onSigterm: { kind: 'drain', seconds: 2 } } });
      cluster.at(ACTION_AT_MS, () => {
        cluster.evictPod(NAMESPACE, targetPod(cluster).metadata.name, {});
        cluster.finishWhenSettled();
      });
    },
  },
  {
    name: 'preemption',
    number: 8,
    summary: 'A high-priority pod preempts a batch pod: DisruptionTarget=PreemptionByScheduler and a Preempted event with µs eventTime.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, { name: 'batch', container: { image: 'registry.example.com/shop/batch:2.3.1', onSigterm: { kind: 'drain', seconds: 1 } } });
      cluster.at(ACTION_AT_MS, () => {
        const preemptor = cluster.createPod({
          namespace: NAMESPACE,
          name: 'critical-report',
          template: {
            labels: { app: 'critical-report' },
            terminationGracePeriodSeconds: 30,
            priority: 1_000_000,
            priorityClassName: 'high-priority',
            containers: [appContainer({ name: 'report', image: 'registry.example.com/shop/report:1.0.0', readinessProbe: undefined })],
          },
        });
        cluster.preempt(preemptor, targetPod(cluster, 'batch'));
        cluster.finishWhenSettled();
      });
    },
  },
  {
    name: 'dead-node',
    number: 9,
    summary: 'The node is lost: pods NotReady after 40 s, taint manager deletes after 30 s toleration (no Killing), Terminating until force-deleted.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, { template: { unreachableTolerationSeconds: 30 } });
      cluster.at(ACTION_AT_MS, () => {
        const pod = targetPod(cluster);
        cluster.loseNode(pod.spec.nodeName ?? '');
        // An operator force-deletes what is stuck Terminating on the dead node.
        cluster.at(ACTION_AT_MS + 120_000, () => {
          for (const stuck of cluster.pods({ app: 'web' })) {
            if (stuck.metadata.deletionTimestamp !== undefined) cluster.deletePod(NAMESPACE, stuck.metadata.name, { gracePeriodSeconds: 0 });
          }
          cluster.finishWhenSettled();
        });
      });
    },
  },
  {
    name: 'node-pressure-eviction',
    number: 10,
    summary: 'Kubelet evicts for memory pressure: Evicted + Killing, no deletionTimestamp, endpoint stays ready, SIGKILL after 2 s (137), phase Failed/Evicted.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, { container: { onSigterm: { kind: 'drain', seconds: 10 } } });
      cluster.at(ACTION_AT_MS, () => {
        cluster.pressureEvict(targetPod(cluster));
        cluster.finishWhenSettled();
      });
    },
  },
  {
    name: 'graceful-node-shutdown',
    number: 11,
    summary: 'Graceful node shutdown (shutdownGracePeriod 20 s): Killing, pods stay Ready until exit, phase Failed/Terminated, DisruptionTarget=TerminationByKubelet.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, { replicas: 3, container: { preStop: { kind: 'sleep', seconds: 5 }, onSigterm: { kind: 'drain', seconds: 3 } } });
      cluster.at(ACTION_AT_MS, () => {
        cluster.shutdownNode(targetPod(cluster).spec.nodeName ?? '', 20);
        cluster.finishWhenSettled();
      });
    },
  },
];
