/**
 * apps/v1 Deployments as the simulator serves them, read by kubectl (an independent client) during the
 * rolling-update scenario (4 replicas, maxSurge 1, maxUnavailable 1; the template changes 15 s in). At speed 20 the
 * rollout takes a few seconds of wall time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, kubectl, spawnKubectl, waitFor } from './api/test-support';
import { follow, tempSimKubeconfig, type FollowedProcess, type TempKubeconfig } from './cli-test-support';
import { startSim, type RunningSimulator } from './start';

let sim: RunningSimulator;
let kube: TempKubeconfig;
const children: FollowedProcess[] = [];

interface DeploymentJson {
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string; generation: number };
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    strategy: { type: string; rollingUpdate?: { maxUnavailable: number | string; maxSurge: number | string } };
  };
  status: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

beforeEach(async () => {
  sim = await startSim({ scenario: 'rolling-update', seed: 5, speed: 20 });
  kube = tempSimKubeconfig(sim.url, sim.token);
});
afterEach(async () => {
  for (const { child } of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await sim.stop();
  kube.dispose();
});

const stored = (): DeploymentJson => sim.store.get('deployments', 'shop', 'web') as unknown as DeploymentJson;

describe('kubectl and apps/v1 deployments', () => {
  it('get deployments -A prints the table; get deploy NAME -o json is the object; api-resources lists deploy', async () => {
    await waitFor(() => stored().status.readyReplicas === 4, 10_000, 'four ready replicas');
    const table = await kubectl(kube, ['get', 'deployments', '-A']);
    expect(table.stderr).toBe('');
    expect(table.stdout).toMatch(/^NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
    expect(table.stdout).toMatch(/^shop\s+web\s+4\/4\s+4\s+4\s+\S+$/m);
    const one = await kubectl(kube, ['get', 'deploy', 'web', '-n', 'shop', '-o', 'json']);
    const object = JSON.parse(one.stdout) as DeploymentJson & { apiVersion: string; kind: string };
    expect(object).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', generation: 1 },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } },
      },
      status: { observedGeneration: 1, replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4 },
    });
    expect(object.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const discovery = await kubectl(kube, ['api-resources', '--api-group=apps']);
    expect(discovery.stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
  });

  it('get deploy -w -o json follows the rollout: a new generation, then status updates until every replica is updated and ready', async () => {
    const followed = follow(spawnKubectl(kube, ['get', 'deploy', '-A', '-w', '--output-watch-events', '-o', 'json']));
    children.push(followed);
    await sim.whenDone();
    await waitFor(
      () =>
        followed.lines.some(
          (line) =>
            line.includes('"observedGeneration":2') &&
            line.includes('"updatedReplicas":4') &&
            line.includes('"readyReplicas":4'),
        ),
      10_000,
      'the settled rollout',
    );
    const events = followed.lines.map((line) => JSON.parse(line) as { type: string; object: DeploymentJson });
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'web' } } });
    expect(events.slice(1).every((event) => event.type === 'MODIFIED')).toBe(true);
    const versions = events.map((event) => Number(event.object.metadata.resourceVersion));
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    const rollout = events.filter((event) => event.object.metadata.generation === 2);
    expect(rollout.length).toBeGreaterThan(2);
    // The deployment controller keeps replicas - maxUnavailable = 3 available while it replaces pods.
    const observed = rollout.filter((event) => event.object.status.observedGeneration === 2);
    expect(Math.min(...observed.map((event) => event.object.status.availableReplicas ?? 0))).toBeGreaterThanOrEqual(3);
    expect(Math.max(...observed.map((event) => event.object.status.replicas ?? 0))).toBeLessThanOrEqual(5);
  });

  it('forbid?resource=deployments answers 403 with the permission, and pods are still served', async () => {
    expect((await call(sim, '/_sim/faults/forbid?resource=deployments', { method: 'POST' })).status).toBe(200);
    const listed = await kubectl(kube, ['get', 'deployments', '-A']);
    expect(listed.code).not.toBe(0);
    expect(listed.stderr).toContain('cannot list resource "deployments" in API group "apps" at the cluster scope');
    const watch = await call(sim, '/apis/apps/v1/deployments?watch=true');
    expect(watch).toMatchObject({ status: 403, body: { kind: 'Status', reason: 'Forbidden', code: 403 } });
    expect((await kubectl(kube, ['get', 'pods', '-A', '-o', 'name'])).code).toBe(0);
  });
});
