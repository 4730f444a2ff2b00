/**
 * docs/termination-model.md scenarios 12-13 and the slice-move case: a rolling update, a pod with sidecars, and a
 * scale-down on a dual-stack Service whose small slices make endpoints move between slices.
 */
import type { SimCluster } from '../model/cluster';
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

/** The pods whose IPv4 endpoints sit in the fullest slice of the Service (scale-down victims). */
function podsInFullestSlice(cluster: SimCluster, service: string): string[] {
  const slices = cluster.store
    .list(
      'endpointslices',
      (o) => o.metadata.labels?.['kubernetes.io/service-name'] === service && o.addressType === 'IPv4',
    )
    .items.map((o) => (Array.isArray(o.endpoints) ? (o.endpoints as { targetRef: { name: string } }[]) : []))
    .sort((a, b) => b.length - a.length);
  return (slices[0] ?? []).map((e) => e.targetRef.name);
}

export const rolloutScenarios: ScenarioDefinition[] = [
  {
    name: 'rolling-update',
    number: 12,
    summary:
      'Rolling update (maxSurge 1, maxUnavailable 1, default 4 replicas) with preStop 5 s and a 2 s drain; slice writes batched over 1 s.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    config: { sliceBatchPeriodMs: 1000 },
    setup(cluster, options) {
      addNodes(cluster);
      addWebApp(cluster, {
        replicas: options.replicas ?? 4,
        strategy: { maxSurge: 1, maxUnavailable: 1 },
        container: {
          preStop: { kind: 'sleep', seconds: 5 },
          onSigterm: { kind: 'drain', seconds: 2 },
          stopsServingOnSigterm: true,
        },
      });
      cluster.at(ACTION_AT_MS, () => {
        cluster.updateDeployment(NAMESPACE, 'web', (t) => bumpImage(t, '1.1.0'));
        cluster.finishWhenSettled();
      });
    },
  },
  {
    name: 'sidecars',
    number: 13,
    summary:
      'App with two sidecars (proxy with preStop 5 s, log-shipper): Killing for all at once, sidecars stop after the app, in reverse order.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, {
        container: { onSigterm: { kind: 'drain', seconds: 3 } },
        sidecars: [
          appContainer({
            name: 'proxy',
            image: 'registry.example.com/mesh/proxy:1.24.0',
            port: undefined,
            readinessProbe: undefined,
            preStop: { kind: 'sleep', seconds: 5 },
            onSigterm: { kind: 'drain', seconds: 0 },
          }),
          appContainer({
            name: 'log-shipper',
            image: 'registry.example.com/obs/log-shipper:3.2.0',
            port: undefined,
            readinessProbe: undefined,
            onSigterm: { kind: 'exit-143' },
          }),
        ],
      });
      cluster.at(ACTION_AT_MS, () => {
        cluster.deletePod(NAMESPACE, targetPod(cluster).metadata.name, {});
        cluster.finishWhenSettled();
      });
    },
  },
  {
    name: 'slice-move-dual-stack',
    number: 15,
    summary:
      'Dual-stack Service, 3 endpoints per slice, 5 replicas scaled to 3: emptied slices are compacted, endpoints move between slices.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    dualStack: true,
    config: { maxEndpointsPerSlice: 3, compactSlices: true },
    setup(cluster) {
      addNodes(cluster);
      addWebApp(cluster, {
        replicas: 5,
        ipFamilies: ['IPv4', 'IPv6'],
        container: { preStop: { kind: 'sleep', seconds: 3 }, onSigterm: { kind: 'drain', seconds: 1 } },
      });
      cluster.at(ACTION_AT_MS, () => {
        // Empty the fullest slice down to one endpoint, so the compaction moves the other slice's endpoints.
        const victims = podsInFullestSlice(cluster, 'web').slice(0, 2);
        for (const pod of cluster.pods({ app: 'web' })) {
          if (victims.includes(pod.metadata.name))
            cluster.annotatePod(pod, 'controller.kubernetes.io/pod-deletion-cost', '-100');
        }
        cluster.scaleDeployment(NAMESPACE, 'web', 3);
        cluster.finishWhenSettled();
      });
    },
  },
];
