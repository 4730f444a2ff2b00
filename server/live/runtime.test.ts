import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kubeConfigForServer } from '../kube/kubeconfig';
import { readLiveConfig } from './config';
import { createLiveRuntime, type LiveRuntime } from './runtime';
import { startSimulatedCluster, type SimulatedCluster } from './simulator';

let sim: SimulatedCluster | undefined;
let runtime: LiveRuntime | undefined;
let dir: string | undefined;

afterEach(async () => {
  await runtime?.drain({ timeoutMs: 500 });
  await sim?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  runtime = sim = dir = undefined;
});

async function waitReady(target: LiveRuntime): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!target.readiness().ready) {
    if (Date.now() > deadline) throw new Error(`not ready: ${target.readiness().problems.join('; ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('readLiveConfig', () => {
  it('reads port, address, namespaces, context, selector and the simulation switch', () => {
    const config = readLiveConfig({
      PORT: '8080',
      HOSTNAME: 'pod-1',
      DRAINSCOPE_HOST: '0.0.0.0',
      DRAINSCOPE_NAMESPACES: 'shop, billing',
      DRAINSCOPE_CONTEXT: 'prod',
      DRAINSCOPE_LABEL_SELECTOR: 'app=web',
      DRAINSCOPE_SIMULATE: '1',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      namespaces: ['shop', 'billing'],
      context: 'prod',
      labelSelector: 'app=web',
      forceSimulation: true,
    });
  });

  it('defaults to port 3000 on 127.0.0.1, every namespace, no simulation forced', () => {
    expect(readLiveConfig({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      namespaces: null,
      forceSimulation: false,
      retentionMs: 3_600_000,
    });
  });

  it('reads the watch hang bound in seconds (120 by default) and refuses zero, which would cut every watch at once', () => {
    expect(readLiveConfig({}).watchHangMs).toBe(120_000);
    expect(readLiveConfig({ DRAINSCOPE_WATCH_HANG_SECONDS: '45' }).watchHangMs).toBe(45_000);
    expect(() => readLiveConfig({ DRAINSCOPE_WATCH_HANG_SECONDS: '0' })).toThrow(
      'DRAINSCOPE_WATCH_HANG_SECONDS must be a positive number of seconds',
    );
  });

  it('refuses a port that is not a number', () => {
    expect(() => readLiveConfig({ PORT: 'http' })).toThrow('PORT must be a non-negative number');
  });
});

describe('createLiveRuntime', () => {
  it('uses the kubeconfig named by KUBECONFIG, scoped to the namespaces asked for, and reports mode cluster', async () => {
    sim = await startSimulatedCluster({ scenario: 'no-prestop', seed: 3, token: null });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-runtime-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, kubeConfigForServer(sim.url, { name: 'staging' }).exportConfig());
    runtime = await createLiveRuntime(readLiveConfig({ KUBECONFIG: file, HOME: dir, DRAINSCOPE_NAMESPACES: 'shop' }), {
      log: () => undefined,
    });
    await waitReady(runtime);
    expect(runtime.hello()).toMatchObject({ mode: 'cluster', cluster: 'staging', namespaces: ['shop'], notice: null });
    expect(runtime.watches.status().reflectors.map((status) => status.namespace)).toEqual([
      'shop',
      'shop',
      'shop',
      'shop',
    ]);
  });

  it('is not ready while a watch cannot list, and says why', async () => {
    sim = await startSimulatedCluster({ scenario: 'no-prestop', seed: 3, token: 'right' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-runtime-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, kubeConfigForServer(sim.url, { name: 'staging', token: 'wrong' }).exportConfig());
    runtime = await createLiveRuntime(readLiveConfig({ KUBECONFIG: file, HOME: dir }), { log: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const readiness = runtime.readiness();
    expect(readiness.ready).toBe(false);
    expect(readiness.problems[0]).toMatch(/^pods not synced: unauthorized/);
  });

  it('tells stream clients which permission a forbidden first list lacks, then that the watch connected once granted', async () => {
    sim = await startSimulatedCluster({ scenario: 'no-prestop', seed: 3, token: null });
    sim.simulator.faults.forbid('endpointslices');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drainscope-runtime-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, kubeConfigForServer(sim.url, { name: 'staging' }).exportConfig());
    runtime = await createLiveRuntime(readLiveConfig({ KUBECONFIG: file, HOME: dir, DRAINSCOPE_STORE: 'off' }), {
      log: () => undefined,
      watchOptions: { backoff: { initialMs: 20, maxMs: 50 } },
    });
    const live = runtime;
    const watchOf = () => live.hub.snapshot().watches.find((watch) => watch.resource === 'endpointslices');
    await expect.poll(watchOf, { timeout: 10_000 }).toMatchObject({
      state: 'disconnected',
      synced: false,
      reason: expect.stringContaining('grant get, list, watch on endpointslices (apiGroup discovery.k8s.io)'),
    });
    sim.simulator.faults.allow('endpointslices');
    await expect.poll(watchOf, { timeout: 10_000 }).toMatchObject({ state: 'connected', synced: true });
  });

  it('drains once however often it is asked, and then reports not ready', async () => {
    runtime = await createLiveRuntime(
      readLiveConfig({ DRAINSCOPE_SIMULATE: '1', DRAINSCOPE_SIM_SCENARIO: 'no-prestop', HOME: '/nonexistent' }),
      { log: () => undefined },
    );
    expect(runtime.mode).toBe('simulated');
    await Promise.all([runtime.drain({ timeoutMs: 200 }), runtime.drain({ timeoutMs: 200 })]);
    expect(runtime.readiness()).toEqual({ ready: false, problems: ['shutting down'], blind: [] });
    expect(runtime.health().status).toBe('draining');
  });
});
