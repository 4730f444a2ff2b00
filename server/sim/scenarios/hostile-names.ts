/**
 * `hostile-names`: the `no-prestop` shop plus a bare pod whose name and label carry HTML markup, deleted at the
 * action time. Names and labels are untrusted input: the dashboard's e2e test checks they stay text. Never
 * finishes (not a fixture scenario).
 */
import { ACTION_AT_MS, addNodes, addWebApp, appContainer, NAMESPACE } from './common';
import type { ScenarioDefinition } from './types';

export const HOSTILE_POD_NAME = '<img src=x onerror=window.__pwned=1>';

export const hostileNamesScenario: ScenarioDefinition = {
  name: 'hostile-names',
  number: null,
  summary:
    'A bare pod named with HTML markup (<img onerror=…>) is deleted beside a two-replica Deployment without preStop.',
  finite: false,
  recordFromMs: 0,
  setup(cluster) {
    addNodes(cluster);
    addWebApp(cluster, { container: { onSigterm: { kind: 'exit-143' } } });
    cluster.createPod({
      namespace: NAMESPACE,
      name: HOSTILE_POD_NAME,
      template: {
        labels: { app: '<script>window.__pwned=2</script>' },
        terminationGracePeriodSeconds: 5,
        containers: [appContainer({ onSigterm: { kind: 'exit-143' } })],
      },
    });
    cluster.at(ACTION_AT_MS, () => cluster.deletePod(NAMESPACE, HOSTILE_POD_NAME, {}));
  },
};
