/**
 * kubectl v1.32 as an independent client. The server runs HTTPS with a throw-away certificate because kubectl
 * (client-go clientcmd) sends a kubeconfig's bearer token only over TLS; the kubeconfig skips verification.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  coreEvent,
  endpointSlice,
  kubectl,
  pod,
  selfSignedCertificate,
  spawnKubectl,
  startSim,
  waitFor,
  writeKubeconfig,
  type RunningSim,
} from './test-support';

let tls: { key: string; cert: string };
let sim: RunningSim;
let kubeconfig: ReturnType<typeof writeKubeconfig>;
const children: ChildProcess[] = [];

beforeAll(() => {
  tls = selfSignedCertificate();
});
beforeEach(async () => {
  sim = await startSim({ tls });
  kubeconfig = writeKubeconfig(sim.url, sim.token);
  const web = sim.store.create('pods', pod('web-1', { grace: 30 }));
  sim.store.create('pods', pod('web-2', { namespace: 'other' }));
  sim.store.create('events', coreEvent('web-1.killing', web));
  sim.store.create('endpointslices', endpointSlice('web-abc12'));
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await sim.close();
  kubeconfig.dispose();
});

/** Collects a child's stdout lines; resolves with its exit code. */
function follow(child: ChildProcess): { lines: string[]; stderr: () => string; exited: Promise<number | null> } {
  children.push(child);
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts.filter((line) => line.trim() !== ''));
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { lines, stderr: () => stderr, exited };
}

describe('kubectl', () => {
  it('get pods -A -o json lists the pods of every namespace', async () => {
    const result = await kubectl(kubeconfig, ['get', 'pods', '-A', '-o', 'json']);
    expect(result.stderr).toBe('');
    const list = JSON.parse(result.stdout) as {
      items: { kind: string; metadata: { namespace: string; name: string } }[];
    };
    expect(list.items.map((item) => `${item.metadata.namespace}/${item.metadata.name}`).sort()).toEqual([
      'default/web-1',
      'other/web-2',
    ]);
    expect(list.items.every((item) => item.kind === 'Pod')).toBe(true);
  });

  it('get pods,endpointslices,events prints server-side tables with the real columns', async () => {
    const result = await kubectl(kubeconfig, ['get', 'pods,endpointslices,events', '-A']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(result.stdout).toMatch(/default\s+pod\/web-1\s+1\/1\s+Running\s+0/);
    expect(result.stdout).toMatch(/endpointslice.discovery.k8s.io\/web-abc12\s+IPv4\s+80\s+10.0.0.1/);
    expect(result.stdout).toMatch(/Normal\s+Killing\s+pod\/web-1\s+Stopping container app/);
  });

  it('api-resources discovers pods, events and endpointslices without errors or warnings', async () => {
    const result = await kubectl(kubeconfig, ['api-resources']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(result.stdout).toMatch(/^events\s+ev\s+v1\s+true\s+Event$/m);
    expect(result.stdout).toMatch(/^endpointslices\s+discovery.k8s.io\/v1\s+true\s+EndpointSlice$/m);
    expect(result.stdout).toMatch(/^events\s+events.k8s.io\/v1\s+true\s+Event$/m);
  });

  it('get -w --output-watch-events -o json streams changes made in the store, for each of pods, endpointslices and events', async () => {
    const watches = ['pods', 'endpointslices', 'events'].map((resource) =>
      follow(spawnKubectl(kubeconfig, ['get', resource, '-A', '-w', '--output-watch-events', '-o', 'json'])),
    );
    await waitFor(
      () => watches.every((watch) => watch.lines.length >= 1),
      10_000,
      'initial ADDED events from three kubectl watches',
    );
    sim.store.update('pods', 'default', 'web-1', (next) => void (next.metadata.labels = { app: 'web', rollout: '2' }));
    sim.store.update('endpointslices', 'default', 'web-abc12', (next) => void (next.endpoints = []));
    sim.store.create(
      'events',
      coreEvent('web-1.unhealthy', sim.store.get('pods', 'default', 'web-1')!, {
        reason: 'Unhealthy',
        message: 'Readiness probe failed',
      }),
    );
    await waitFor(
      () =>
        watches.every((watch) =>
          watch.lines.some((line) => !line.startsWith('{"type":"ADDED"') || line.includes('web-1.unhealthy')),
        ),
      10_000,
      'live changes',
    );
    const events = watches.map((watch) =>
      watch.lines.map(
        (line) => JSON.parse(line) as { type: string; object: { kind: string; metadata: { name: string } } },
      ),
    );
    expect(events[0]).toContainEqual(
      expect.objectContaining({
        type: 'MODIFIED',
        object: expect.objectContaining({
          kind: 'Pod',
          metadata: expect.objectContaining({ name: 'web-1', labels: { app: 'web', rollout: '2' } }),
        }),
      }),
    );
    expect(events[1]!.map((event) => event.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(events[2]!.map((event) => [event.type, event.object.metadata.name])).toContainEqual([
      'ADDED',
      'web-1.unhealthy',
    ]);
  });

  it('get pods -w prints table rows from server-side Table watch events', async () => {
    const watch = follow(spawnKubectl(kubeconfig, ['get', 'pods', '-A', '-w', '--output-watch-events']));
    await waitFor(() => watch.lines.length >= 3, 10_000, 'header and two ADDED rows');
    sim.control.deletePod('default', 'web-1', { gracePeriodSeconds: 10 });
    await waitFor(() => watch.lines.some((line) => line.startsWith('MODIFIED')), 10_000, 'MODIFIED row');
    expect(watch.lines[0]).toMatch(/^EVENT\s+NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(watch.lines.find((line) => line.startsWith('MODIFIED'))).toMatch(
      /^MODIFIED\s+default\s+web-1\s+1\/1\s+Terminating\s+0/,
    );
  });

  it('kubectl itself refuses -w over several resource types, before asking the server', async () => {
    const result = await kubectl(kubeconfig, ['get', 'pods,endpointslices,events', '-A', '-w']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('you may only specify a single resource type');
  });

  it('delete --grace-period=5 --wait=false reaches control.deletePod with 5 s and leaves the pod Terminating', async () => {
    const result = await kubectl(kubeconfig, ['delete', 'pod', 'web-1', '--grace-period=5', '--wait=false']);
    expect(result.stdout.trim()).toBe('pod "web-1" deleted');
    expect(sim.control.calls).toEqual([
      { verb: 'delete', namespace: 'default', name: 'web-1', options: { gracePeriodSeconds: 5 } },
    ]);
    expect((await kubectl(kubeconfig, ['get', 'pod', 'web-1'])).stdout).toMatch(/web-1\s+1\/1\s+Terminating/);
  });

  it('delete with the default wait returns once the model removes the pod', async () => {
    const deletion = follow(spawnKubectl(kubeconfig, ['delete', 'pod', 'web-1', '--timeout=20s']));
    await waitFor(() => sim.control.calls.length === 1, 10_000, 'the delete request');
    expect(sim.control.calls[0]!.options).toEqual({});
    await new Promise((resolve) => setTimeout(resolve, 300));
    sim.store.delete('pods', 'default', 'web-1');
    expect(await deletion.exited).toBe(0);
    expect(deletion.lines).toEqual(['pod "web-1" deleted']);
  });

  it('delete --grace-period=0 --force deletes at once with grace 0', async () => {
    const result = await kubectl(kubeconfig, ['delete', 'pod', 'web-1', '--grace-period=0', '--force']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('pod "web-1" force deleted');
    expect(sim.control.calls[0]!.options.gracePeriodSeconds).toBe(0);
    expect(sim.store.get('pods', 'default', 'web-1')).toBeUndefined();
  });

  // The memcache.go discovery retries before the final line are kubectl's own logging, as against a real apiserver.
  it('a wrong token gets a clean "must be logged in" error and exit code 1', async () => {
    const wrong = writeKubeconfig(sim.url, 'not-the-token');
    try {
      const result = await kubectl(wrong, ['get', 'pods']);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n').at(-1)).toBe(
        'error: You must be logged in to the server (the server has asked for the client to provide credentials)',
      );
    } finally {
      wrong.dispose();
    }
  });

  it('over plain HTTP kubectl withholds the token, so a token-protected server answers 401', async () => {
    const plain = await startSim();
    const config = writeKubeconfig(plain.url, plain.token);
    try {
      const result = await kubectl(config, ['get', 'pods']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('You must be logged in to the server');
    } finally {
      config.dispose();
      await plain.close();
    }
  });
});
