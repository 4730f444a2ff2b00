import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { startSimulatedCluster, type SimulatedCluster } from '../live/simulator';
import { endpointOf, identifyCluster } from './cluster-identity';

let sim: SimulatedCluster | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function kubeConfig(server: string, ca: string | null): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [
      {
        name: 'c',
        server,
        ...(ca === null ? { skipTLSVerify: true } : { caData: Buffer.from(ca).toString('base64') }),
      },
    ],
    users: [{ name: 'u' }],
    contexts: [{ name: 'kubernetes-admin@kubernetes', cluster: 'c', user: 'u' }],
    currentContext: 'kubernetes-admin@kubernetes',
  });
  return config;
}

/** A port nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('identifyCluster', () => {
  it('is the kube-system namespace UID where it can be read', async () => {
    sim = await startSimulatedCluster({ scenario: 'no-prestop', seed: 1, token: null });
    const identity = await identifyCluster(sim.kubeConfig);
    expect(identity.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(identity.endpoint).toBe(sim.url.replace(/\/$/, ''));
    expect((await identifyCluster(sim.kubeConfig)).uid).toBe(identity.uid);
  });

  it('falls back to the API server and the CA fingerprint, which tell apart two clusters at one URL', async () => {
    const server = `https://127.0.0.1:${await closedPort()}`;
    const logged: string[] = [];
    const identity = await identifyCluster(kubeConfig(server, 'ca of the first cluster'), {
      log: (message) => logged.push(message),
    });
    expect(identity.uid).toBeNull();
    expect(identity.endpoint).toMatch(new RegExp(`^${server}#sha256:[0-9a-f]{64}$`));
    expect(logged.join('\n')).toContain('could not read the kube-system namespace');
    expect(endpointOf(kubeConfig(server, 'ca of the second cluster'))).not.toBe(identity.endpoint);
    expect(endpointOf(kubeConfig(server, 'ca of the first cluster'))).toBe(identity.endpoint);
  });
});
