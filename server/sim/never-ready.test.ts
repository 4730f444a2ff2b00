/**
 * Pods deleted before they were ever Ready, held against the simulator's ground truth (truth-check.ts): their
 * endpoints were listed ready=false serving=false from the start, so they never stopped being ready or serving,
 * and the engine must not say they did (lib/timeline/endpoint-markers.ts). The same as scenario 20 when its
 * rollout starts right after the drain and the ReplicaSet scales down a replacement that is not ready yet.
 */
import { describe, expect, it } from 'vitest';
import { analyzeEntries } from '../../lib/timeline/engine';
import { readWholeRecording } from '../../lib/recording/reader';
import type { RecordingEntry } from '../../lib/recording/types';
import type { Analysis } from '../../lib/timeline/types';
import { VirtualClock } from './clock';
import { SimCluster } from './model/cluster';
import type { GroundTruth, PodTruth } from './model/truth';
import type { PodTemplate } from './model/types';
import { Random } from './model/random';
import { Recorder } from './recorder';
import { ACTION_AT_MS, addNodes, addWebApp, bumpImage, NAMESPACE, RECORD_FROM_MS } from './scenarios/common';
import { FIXTURE_SEED, FIXTURE_START } from './scenarios/run';
import { ObjectStore } from './object-store';
import { checkAgainstTruth, endpointTimes, exitsSeenIn } from './truth-check';

const DELIVERY_MS = 35;
const RUN_LIMIT_MS = 10 * 60_000;

interface Run {
  entries: RecordingEntry[];
  truth: GroundTruth;
  analysis: Analysis;
}

/** As scenarios/run.ts, for a setup of this test's own: recorded from RECORD_FROM_MS until the cluster settled. */
async function runCluster(scenario: string, setup: (cluster: SimCluster) => void): Promise<Run> {
  const clock = new VirtualClock(FIXTURE_START);
  const uids = new Random(FIXTURE_SEED).fork('store');
  const store = new ObjectStore({ clock, newUid: () => uids.uuid() });
  const cluster = new SimCluster({ clock, store, seed: FIXTURE_SEED, scenario, setup });
  const recorder = new Recorder({ store, clock, seed: FIXTURE_SEED });
  cluster.start();
  clock.advanceTo(cluster.startedAt + RECORD_FROM_MS);
  recorder.start();
  while (!cluster.done && clock.now() < cluster.startedAt + RUN_LIMIT_MS) clock.advanceTo(clock.now() + 1000);
  recorder.stop();
  cluster.stop();
  if (!cluster.done) throw new Error(`${scenario} did not settle`);
  const bytes = new TextEncoder().encode(recorder.text());
  const whole = await readWholeRecording(
    (async function* () {
      yield bytes;
    })(),
  );
  const entries = whole.entries.map((e) => e.entry);
  return { entries, truth: cluster.groundTruth(), analysis: analyzeEntries(entries) };
}

/** The pods the run deleted while their endpoint had never been ready. */
function neverReadyDeleted(truth: GroundTruth): PodTruth[] {
  return truth.pods.filter(
    (pod) => pod.deleteRequestedAt !== null && pod.readyAt === null && endpointTimes(pod).removed !== null,
  );
}

function holdsAgainstTruth(run: Run): string[] {
  return checkAgainstTruth(run.analysis, run.truth, exitsSeenIn(run.entries), { deliveryMs: DELIVERY_MS }).violations;
}

function endpointKinds(run: Run, pod: PodTruth): string[] {
  return (run.analysis.pods.find((p) => p.uid === pod.uid)?.markers ?? [])
    .filter((m) => m.kind.startsWith('endpoint'))
    .map((m) => m.kind);
}

describe('a pod deleted before it was ever Ready, against the ground truth', () => {
  it('a rollout undone while its new pods still start: the ReplicaSet deletes them, and none is said to have gone not ready', async () => {
    const run = await runCluster('never-ready-rollback', (cluster) => {
      addNodes(cluster);
      addWebApp(cluster, {
        replicas: 3,
        strategy: { maxSurge: 1, maxUnavailable: 1 },
        container: { preStop: { kind: 'sleep', seconds: 2 }, onSigterm: { kind: 'drain', seconds: 1 } },
      });
      cluster.at(ACTION_AT_MS, () => {
        let previous: PodTemplate | undefined;
        // A release whose app needs a minute to pass its readiness probe, rolled back 3 s later.
        cluster.updateDeployment(NAMESPACE, 'web', (template) => {
          previous = template;
          return {
            ...bumpImage(template, '1.1.0'),
            containers: bumpImage(template, '1.1.0').containers.map((c) => ({ ...c, startupSeconds: 60 })),
          };
        });
        cluster.at(ACTION_AT_MS + 3000, () => {
          cluster.updateDeployment(NAMESPACE, 'web', (template) => previous ?? template);
          cluster.finishWhenSettled();
        });
      });
    });
    const victims = neverReadyDeleted(run.truth);
    expect(victims.length).toBeGreaterThan(0);
    for (const pod of victims) expect(endpointKinds(run, pod)).toEqual(['endpointRemoved']);
    expect(holdsAgainstTruth(run)).toEqual([]);
  });

  it('kubectl delete of a pod still starting: removed, never not ready', async () => {
    const run = await runCluster('never-ready-delete', (cluster) => {
      addNodes(cluster);
      addWebApp(cluster, { replicas: 1, container: { startupSeconds: 5 } });
      cluster.at(ACTION_AT_MS, () => {
        const starting = cluster.createPod({
          namespace: NAMESPACE,
          name: 'web-debug',
          template: {
            labels: { app: 'web' },
            terminationGracePeriodSeconds: 30,
            containers: [
              {
                name: 'app',
                image: 'registry.example.com/shop/web:1.0.0',
                port: 8080,
                onSigterm: { kind: 'exit-143' },
                readinessProbe: { periodSeconds: 2, failureThreshold: 1 },
                startupSeconds: 60,
              },
            ],
          },
        });
        cluster.at(ACTION_AT_MS + 4000, () => {
          cluster.deletePod(NAMESPACE, starting.metadata.name, {});
          cluster.finishWhenSettled();
        });
      });
    });
    const victims = neverReadyDeleted(run.truth);
    expect(victims.map((p) => p.name)).toEqual(['web-debug']);
    for (const pod of victims) expect(endpointKinds(run, pod)).toEqual(['endpointRemoved']);
    expect(holdsAgainstTruth(run)).toEqual([]);
  });
});
