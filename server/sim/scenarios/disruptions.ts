/**
 * docs/termination-model.md scenarios 7-11: terminations started by something other than a plain delete — the Eviction
 * API, scheduler preemption, a lost node, kubelet node-pressure eviction and graceful node shutdown — and a node
 * drain while another rollout runs (20).
 */
import {
  ACTION_AT_MS,
  addNodes,
  addWebApp,
  appContainer,
  bumpImage,
  NAMESPACE,
  RECORD_FROM_MS,
  targetPod,
} from './common';
import type { ScenarioDefinition } from './types';

export const disruptionScenarios: ScenarioDefinition[] = [
  {
    name: 'eviction',
    number: 7,
    summary:
      'Eviction API (kubectl drain): DisruptionTarget=EvictionByEvictionAPI, then a normal graceful delete (preStop 5 s, drain 2 s).',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, {
        container: { preStop: { kind: 'sleep', seconds: 5 }, onSigterm: { kind: 'drain', seconds: 2 } },
      });
      cluster.at(ACTION_AT_MS, () => {
        cluster.evictPod(NAMESPACE, targetPod(cluster).metadata.name, {});
        cluster.finishWhenSettled();
      });
    },
  },
  {
    name: 'preemption',
    number: 8,
    summary:
      'A high-priority pod preempts a batch pod: DisruptionTarget=PreemptionByScheduler and a Preempted event with µs eventTime.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, {
        name: 'batch',
        container: { image: 'registry.example.com/shop/batch:2.3.1', onSigterm: { kind: 'drain', seconds: 1 } },
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
        cluster.preempt(preemptor, targetPod(cluster, 'batch'));
        cluster.finishWhenSettled();
      });
    },
  },
  {
    name: 'dead-node',
    number: 9,
    summary:
      'The node is lost: pods NotReady after 40 s, taint manager deletes after 30 s toleration (no Killing), Terminating until force-deleted.',
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
            if (stuck.metadata.deletionTimestamp !== undefined)
              cluster.deletePod(NAMESPACE, stuck.metadata.name, { gracePeriodSeconds: 0 });
          }
          cluster.finishWhenSettled();
        });
      });
    },
  },
  {
    name: 'node-pressure-eviction',
    number: 10,
    summary:
      'Kubelet evicts for memory pressure: Evicted + Killing, no deletionTimestamp, endpoint stays ready, SIGKILL after 2 s (137), phase Failed/Evicted.',
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
    summary:
      'Graceful node shutdown (shutdownGracePeriod 20 s): Killing, pods stay Ready until exit, phase Failed/Terminated, DisruptionTarget=TerminationByKubelet.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, {
        replicas: 3,
        container: { preStop: { kind: 'sleep', seconds: 5 }, onSigterm: { kind: 'drain', seconds: 3 } },
      });
      cluster.at(ACTION_AT_MS, () => {
        cluster.shutdownNode(targetPod(cluster).spec.nodeName ?? '', 20);
        cluster.finishWhenSettled();
      });
    },
  },
  {
    name: 'node-drain',
    number: 20,
    summary:
      'kubectl drain worker-1 (cordon, then evict its pods of web, api and StatefulSet db at once: EvictionByEvictionAPI) while Deployment web rolls (SuccessfulDelete).',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      const container = {
        preStop: { kind: 'sleep', seconds: 5 },
        onSigterm: { kind: 'drain', seconds: 3 },
        stopsServingOnSigterm: true,
      } as const;
      addWebApp(cluster, { replicas: 3, strategy: { maxSurge: 1, maxUnavailable: 1 }, container });
      addWebApp(cluster, {
        name: 'api',
        replicas: 3,
        container: { ...container, image: 'registry.example.com/shop/api:2.0.0' },
      });
      cluster.addService({ name: 'db', namespace: NAMESPACE, selector: { app: 'db' }, port: 5432, targetPort: 8080 });
      cluster.addStatefulSet({
        name: 'db',
        namespace: NAMESPACE,
        replicas: 3,
        template: {
          labels: { app: 'db' },
          terminationGracePeriodSeconds: 30,
          containers: [appContainer({ ...container, image: 'registry.example.com/shop/db:16.4' })],
        },
      });
      cluster.at(ACTION_AT_MS, () => {
        // worker-1 holds one pod of each (the seed's placement). The rollout starts while the evicted pods are still
        // in their preStop, once the replacement of web's evicted pod is ready (a ReplicaSet scales down an unready
        // pod first), so it picks old pods elsewhere: none of its victims is worker-1's.
        cluster.drainNode('worker-1');
        cluster.at(ACTION_AT_MS + 4000, () => {
          cluster.updateDeployment(NAMESPACE, 'web', (t) => bumpImage(t, '1.1.0'));
          cluster.finishWhenSettled();
        });
      });
    },
  },
];
