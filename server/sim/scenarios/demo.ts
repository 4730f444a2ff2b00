/**
 * `demo`: a shop whose Deployments keep rolling forever, one every 40 s in turn, with a mix of healthy and
 * broken shutdown settings, plus an occasional `kubectl delete pod`. Never finishes.
 */
import type { SimCluster } from '../model/cluster';
import { addNodes, addWebApp, bumpImage, NAMESPACE } from './common';
import type { ScenarioDefinition } from './types';

const ROLL_EVERY_MS = 40_000;
const APPS = ['checkout', 'cart', 'search', 'payments'];

function roll(cluster: SimCluster, round: number): void {
  const app = APPS[round % APPS.length] ?? 'checkout';
  cluster.updateDeployment(NAMESPACE, app, (t) => bumpImage(t, `1.${Math.floor(round / APPS.length) + 1}.0`));
  if (round % 3 === 2) {
    const victim = cluster
      .pods({ app: APPS[(round + 1) % APPS.length] ?? 'cart' })
      .find((p) => p.metadata.deletionTimestamp === undefined);
    if (victim) cluster.deletePod(NAMESPACE, victim.metadata.name, {});
  }
  cluster.at(cluster.clock.now() - cluster.startedAt + ROLL_EVERY_MS, () => roll(cluster, round + 1));
}

export const demoScenario: ScenarioDefinition = {
  name: 'demo',
  number: null,
  summary:
    'Four Deployments rolling in turn forever: checkout (healthy), cart (no preStop, 143), search (ignores SIGTERM), payments (preStop longer than grace).',
  finite: false,
  recordFromMs: 0,
  setup(cluster) {
    addNodes(cluster);
    addWebApp(cluster, {
      name: 'checkout',
      replicas: 3,
      container: {
        image: 'registry.example.com/shop/checkout:1.0.0',
        preStop: { kind: 'sleep', seconds: 5 },
        onSigterm: { kind: 'drain', seconds: 3 },
        stopsServingOnSigterm: true,
      },
    });
    addWebApp(cluster, {
      name: 'cart',
      replicas: 2,
      container: { image: 'registry.example.com/shop/cart:1.0.0', onSigterm: { kind: 'exit-143' } },
    });
    addWebApp(cluster, {
      name: 'search',
      replicas: 2,
      grace: 10,
      container: { image: 'registry.example.com/shop/search:1.0.0', onSigterm: { kind: 'ignore' } },
    });
    addWebApp(cluster, {
      name: 'payments',
      replicas: 2,
      container: {
        image: 'registry.example.com/shop/payments:1.0.0',
        preStop: { kind: 'exec-sleep', seconds: 40, shell: true },
        onSigterm: { kind: 'drain', seconds: 5 },
      },
    });
    cluster.at(20_000, () => roll(cluster, 0));
  },
};
