/**
 * kubectl (an independent client) against a running scenario with the REAL model behind the API, through the
 * kubeconfig `npm run sim` writes. The prestop-sleep app: preStop sleep 5 s, then a 3 s drain that exits 0.
 * At speed 10 its pods are ready after about 0.5 s and a graceful delete takes about 1 s.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kubectl, spawnKubectl, waitFor } from './api/test-support';
import { follow, tempSimKubeconfig, type FollowedProcess, type TempKubeconfig } from './cli-test-support';
import type { PodTruth } from './model/truth';
import { startSim, type RunningSimulator } from './start';

let sim: RunningSimulator;
let kube: TempKubeconfig;
const children: FollowedProcess[] = [];

beforeEach(async () => {
  sim = await startSim({ scenario: 'prestop-sleep', seed: 11, speed: 10 });
  kube = tempSimKubeconfig(sim.url, sim.token);
  await waitFor(() => readyPods().length === 2, 5_000, 'two ready pods');
});
afterEach(async () => {
  for (const { child } of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await sim.stop();
  kube.dispose();
});

interface PodJson {
  metadata: { name: string; uid: string; deletionTimestamp?: string; deletionGracePeriodSeconds?: number };
  spec: { nodeName?: string };
  status: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; state: { terminated?: { exitCode: number; reason: string } } }[];
  };
}
interface SliceJson {
  endpoints?: {
    conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
    targetRef?: { uid: string };
  }[];
}
interface EventJson {
  reason: string;
  message: string;
  involvedObject: { uid: string; fieldPath?: string };
}
interface WatchLine<T> {
  type: string;
  object: T;
}

function readyPods(): PodJson[] {
  return sim.store
    .list('pods')
    .items.map((o) => o as unknown as PodJson)
    .filter((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
}

/** A pod the scenario itself will not act on: it deletes the oldest one. */
function bystander(): PodJson {
  const [, second] = sim.cluster.pods({ app: 'web' });
  if (!second) throw new Error('no second pod');
  return second as unknown as PodJson;
}

function watch<T>(resource: string): { events(): WatchLine<T>[]; process: FollowedProcess } {
  const followed = follow(spawnKubectl(kube, ['get', resource, '-w', '--output-watch-events', '-o', 'json']));
  children.push(followed);
  return { process: followed, events: () => followed.lines.map((line) => JSON.parse(line) as WatchLine<T>) };
}

const truthOf = (uid: string): PodTruth | undefined => sim.groundTruth().pods.find((p) => p.uid === uid);

describe('kubectl against a running scenario', () => {
  it('get pods -A -o wide shows the scenario pods with their nodes and IPs; api-resources discovers the resources', async () => {
    const result = await kubectl(kube, ['get', 'pods', '-A', '-o', 'wide']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    for (const pod of readyPods()) {
      expect(result.stdout).toMatch(
        new RegExp(
          `^shop\\s+${pod.metadata.name}\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${pod.status.podIP!.replaceAll('.', '\\.')}\\s+${pod.spec.nodeName}`,
          'm',
        ),
      );
    }
    const discovery = await kubectl(kube, ['api-resources']);
    expect(discovery.code).toBe(0);
    expect(discovery.stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(discovery.stdout).toMatch(/^endpointslices\s+discovery.k8s.io\/v1\s+true\s+EndpointSlice$/m);
  });

  it('delete pod NAME terminates it as the scenario says: Killing, endpoint terminating, exit 0 after preStop and drain, then gone', async () => {
    const pods = watch<PodJson>('pods');
    const slices = watch<SliceJson>('endpointslices');
    const events = watch<EventJson>('events');
    await waitFor(() => pods.events().length >= 2 && slices.events().length >= 1, 10_000, 'kubectl watches listing');
    const target = bystander();
    const { uid, name } = target.metadata;

    const deleted = await kubectl(kube, ['delete', 'pod', name, '--timeout=20s']);
    expect(deleted.stdout.trim()).toBe(`pod "${name}" deleted`);
    expect(deleted.code).toBe(0);
    expect(sim.store.get('pods', 'shop', name)).toBeUndefined();
    await waitFor(
      () => pods.events().some((e) => e.type === 'DELETED' && e.object.metadata.uid === uid),
      5_000,
      'DELETED through the kubectl watch',
    );
    await waitFor(
      () => events.events().some((e) => e.object.reason === 'Killing' && e.object.involvedObject.uid === uid),
      5_000,
      'Killing through the kubectl watch',
    );

    const ours = pods.events().filter((e) => e.object.metadata.uid === uid);
    const marked = ours.findIndex((e) => e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp !== undefined);
    const exited = ours.findIndex((e) =>
      e.object.status.containerStatuses?.some((c) => c.state.terminated !== undefined),
    );
    expect(marked).toBeGreaterThan(0);
    expect(ours[marked]!.object.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(exited).toBeGreaterThan(marked);
    expect(ours[exited]!.object.status.containerStatuses![0]!.state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
    });
    expect(ours.at(-1)!.type).toBe('DELETED');
    expect(ours.at(-1)!.object.status.phase).toBe('Succeeded');

    const killing = events
      .events()
      .find((e) => e.object.reason === 'Killing' && e.object.involvedObject.uid === uid)!.object;
    expect(killing).toMatchObject({
      message: 'Stopping container app',
      involvedObject: { fieldPath: 'spec.containers{app}' },
    });

    const endpointOf = (slice: SliceJson) => slice.endpoints?.find((e) => e.targetRef?.uid === uid);
    const sliceStates = slices.events().map((e) => endpointOf(e.object)?.conditions ?? null);
    const terminating = sliceStates.findIndex((c) => c?.ready === false && c.terminating === true);
    expect(terminating).toBeGreaterThan(0);
    expect(sliceStates.slice(terminating).at(-1)).toBeNull();

    // What the API cannot show: preStop ran its 5 s, SIGTERM followed, the 3 s drain ended with exit 0, no SIGKILL.
    const app = truthOf(uid)!.containers[0]!;
    expect(app.preStop).toMatchObject({ kind: 'sleep', outcome: 'completed' });
    // Real timers at speed 10: a few ms of timer lateness is tens of simulated ms.
    const within = (ms: number, from: number) => expect(ms).toSatisfy((v: number) => v >= from && v < from + 500);
    within(Date.parse(app.sigtermAt!) - Date.parse(app.preStop!.startedAt), 5_000);
    within(Date.parse(app.exitedAt!) - Date.parse(app.sigtermAt!), 3_000);
    expect(app).toMatchObject({ exitCode: 0, sigkillAt: null });
  });

  it('delete --grace-period=0 --force removes the pod at once', async () => {
    const { name, uid } = bystander().metadata;
    const result = await kubectl(kube, ['delete', 'pod', name, '--grace-period=0', '--force']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`pod "${name}" force deleted`);
    expect(sim.store.get('pods', 'shop', name)).toBeUndefined();
    expect(truthOf(uid)).toMatchObject({ cause: 'force-delete' });
    // kubectl then looks the namespace up to word its error; the namespace still exists, so it names the pod.
    expect((await kubectl(kube, ['get', 'pod', name])).stderr).toContain(
      `Error from server (NotFound): pods "${name}" not found`,
    );
  });
});
