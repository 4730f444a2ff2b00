/**
 * The RBAC fault: a service account without a permission gets kube-apiserver's 403 wording, which kubectl (an
 * independent client) prints as it would for a real cluster, and granting it again needs no restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempSimKubeconfig, type TempKubeconfig } from '../cli-test-support';
import { startSim, type RunningSimulator } from '../start';
import { call, kubectl } from './test-support';

let sim: RunningSimulator;
let kube: TempKubeconfig;

beforeEach(async () => {
  sim = await startSim({ scenario: 'no-prestop', seed: 3, speed: 10 });
  kube = tempSimKubeconfig(sim.url, sim.token);
});
afterEach(async () => {
  await sim.stop();
  kube.dispose();
});

describe('forbidden resources', () => {
  it('refuses list, watch and get of a forbidden resource with 403 and the permission it lacks, and serves the others', async () => {
    sim.faults.forbid('endpointslices');
    const listed = await kubectl(kube, ['get', 'endpointslices.discovery.k8s.io', '-A']);
    expect(listed.code).not.toBe(0);
    expect(listed.stderr).toContain(
      'Error from server (Forbidden): endpointslices.discovery.k8s.io is forbidden: User "system:serviceaccount:drainscope:drainscope" cannot list resource "endpointslices" in API group "discovery.k8s.io" at the cluster scope',
    );
    const inNamespace = await kubectl(kube, [
      'get',
      'endpointslices.discovery.k8s.io',
      '-n',
      'shop',
      '-w',
      '--request-timeout=5s',
    ]);
    expect(inNamespace.stderr).toContain('in the namespace "shop"');
    const watch = await call(sim, '/apis/discovery.k8s.io/v1/endpointslices?watch=true');
    expect(watch).toMatchObject({ status: 403, body: { kind: 'Status', reason: 'Forbidden', code: 403 } });
    expect(String(watch.body.message)).toContain('cannot watch resource "endpointslices"');
    const pods = await kubectl(kube, ['get', 'pods', '-A', '-o', 'name']);
    expect(pods.code).toBe(0);
  });

  it('grants the permission again through the admin API: the next request succeeds', async () => {
    sim.faults.forbid('pods');
    expect((await call(sim, '/api/v1/pods')).status).toBe(403);
    expect((await call(sim, '/_sim/faults')).body).toMatchObject({ forbiddenResources: ['pods'] });
    expect((await call(sim, '/_sim/faults/allow?resource=pods', { method: 'POST' })).body).toMatchObject({
      forbiddenResources: [],
    });
    expect((await call(sim, '/api/v1/pods')).status).toBe(200);
    // A malformed resource name is a usage error, not a silent no-op.
    expect((await call(sim, '/_sim/faults/forbid?resource=Pods%2F..', { method: 'POST' })).status).toBe(400);
  });
});
