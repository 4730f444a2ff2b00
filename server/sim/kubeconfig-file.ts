/**
 * The kubeconfig `npm run sim` writes, for kubectl and @kubernetes/client-node alike. Cluster, user and context are
 * all named `drainscope-sim`. `insecure-skip-tls-verify` is set for plain http too: client-node refuses an http
 * server without it, and for https the simulator's certificate is a throw-away one.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { NAMESPACE } from './scenarios/common';

export const SIM_KUBECONFIG_NAME = 'drainscope-sim';

/** JSON strings are valid YAML scalars, and quoting keeps a token or URL from being read as something else. */
const quote = (value: string): string => JSON.stringify(value);

export function simKubeconfigYaml(server: string, token: string | null): string {
  const name = SIM_KUBECONFIG_NAME;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${quote(server)}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${name}`,
    token === null ? '  user: {}' : `  user:\n    token: ${quote(token)}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}`,
    // Every scenario's workloads live here, so a bare `kubectl get pods` shows them.
    `    namespace: ${NAMESPACE}`,
    `current-context: ${name}`,
    '',
  ].join('\n');
}

/** Owner-only permissions: the file may hold the token. */
export function writeSimKubeconfig(path: string, server: string, token: string | null): void {
  writeFileSync(path, simKubeconfigYaml(server, token), { mode: 0o600 });
  // `mode` only applies to a new file; an existing one keeps its permissions otherwise.
  chmodSync(path, 0o600);
}
