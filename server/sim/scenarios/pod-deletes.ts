/**
 * docs/termination-model.md scenarios 1-6 and grace shortening: one pod of a two-replica Deployment is deleted
 * (`kubectl delete pod`), and the container's preStop and SIGTERM behaviour decide what the API shows.
 */
import type { SimCluster } from '../model/cluster';
import type { ContainerTemplate } from '../model/types';
import { ACTION_AT_MS, addNodes, addWebApp, NAMESPACE, RECORD_FROM_MS, targetPod } from './common';
import type { ScenarioDefinition } from './types';

/** Builds the app, deletes its oldest pod at the action time with `gracePeriodSeconds` (default: the pod's). */
function deleteOnePod(options: {
  container: Partial<ContainerTemplate>;
  grace?: number;
  deleteGrace?: number;
  after?: (cluster: SimCluster, pod: string) => void;
}) {
  return (cluster: SimCluster): void => {
    addNodes(cluster);
    addWebApp(cluster, { container: options.container, grace: options.grace });
    cluster.at(ACTION_AT_MS, () => {
      const pod = targetPod(cluster).metadata.name;
      cluster.deletePod(
        NAMESPACE,
        pod,
        options.deleteGrace === undefined ? {} : { gracePeriodSeconds: options.deleteGrace },
      );
      if (options.after) options.after(cluster, pod);
      else cluster.finishWhenSettled();
    });
  };
}

export const podDeleteScenarios: ScenarioDefinition[] = [
  {
    name: 'no-prestop',
    number: 1,
    summary: 'No preStop; the app dies of SIGTERM at once (143) while the endpoint may still be routed.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup: deleteOnePod({ container: { onSigterm: { kind: 'exit-143' } } }),
  },
  {
    name: 'prestop-sleep',
    number: 2,
    summary: 'preStop sleep 5 s (sleep action), then a 3 s drain that exits 0; readiness fails after SIGTERM.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup: deleteOnePod({
      container: {
        preStop: { kind: 'sleep', seconds: 5 },
        onSigterm: { kind: 'drain', seconds: 3 },
        stopsServingOnSigterm: true,
      },
    }),
  },
  {
    name: 'prestop-exceeds-grace',
    number: 3,
    summary:
      'exec preStop `sh -c "sleep 40"` with a 30 s grace period: abandoned at 30 s, 2 s for SIGTERM, SIGKILL (137).',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup: deleteOnePod({
      container: {
        preStop: { kind: 'exec-sleep', seconds: 40, shell: true },
        onSigterm: { kind: 'drain', seconds: 5 },
      },
    }),
  },
  {
    name: 'ignores-sigterm',
    number: 4,
    summary: 'PID 1 without a SIGTERM handler: SIGKILL at Killing + 30 s, exit 137.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup: deleteOnePod({ container: { onSigterm: { kind: 'ignore' } } }),
  },
  {
    name: 'prestop-exec-fails',
    number: 5,
    summary: 'exec preStop that fails after about 1 s: FailedPreStopHook, then SIGTERM and a 2 s drain.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup: deleteOnePod({
      container: {
        preStop: { kind: 'exec-fails', command: ['/app/bin/drain', '--wait', '10'], runsSeconds: 1 },
        onSigterm: { kind: 'drain', seconds: 2 },
      },
    }),
  },
  {
    name: 'force-delete',
    number: 6,
    summary:
      '`--grace-period=0 --force`: MODIFIED G=0 and DELETED at once; Killing arrives later for the gone uid; no exit status.',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup: deleteOnePod({ container: { onSigterm: { kind: 'drain', seconds: 10 } }, deleteGrace: 0 }),
  },
  {
    name: 'grace-shortening',
    number: 14,
    summary:
      'Delete with G=60 during a 20 s preStop sleep, then again with G=10 (deadline moves earlier), then G=120 (ignored).',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup: deleteOnePod({
      grace: 60,
      container: { preStop: { kind: 'sleep', seconds: 20 }, onSigterm: { kind: 'drain', seconds: 5 } },
      after: (cluster, pod) => {
        cluster.at(ACTION_AT_MS + 5_000, () => cluster.deletePod(NAMESPACE, pod, { gracePeriodSeconds: 10 }));
        cluster.at(ACTION_AT_MS + 7_000, () => {
          cluster.deletePod(NAMESPACE, pod, { gracePeriodSeconds: 120 });
          cluster.finishWhenSettled();
        });
      },
    }),
  },
  {
    name: 'grace-shortened-sigkill',
    number: 16,
    summary:
      'An app that ignores SIGTERM, deleted with G=60, then again with G=5 10 s later: the deadline moves to the first request + 5 s; the kubelet SIGKILLs 5 s after it sees the update (137).',
    finite: true,
    recordFromMs: RECORD_FROM_MS,
    setup: deleteOnePod({
      grace: 60,
      container: { onSigterm: { kind: 'ignore' } },
      after: (cluster, pod) => {
        cluster.at(ACTION_AT_MS + 10_000, () => {
          cluster.deletePod(NAMESPACE, pod, { gracePeriodSeconds: 5 });
          cluster.finishWhenSettled();
        });
      },
    }),
  },
];
