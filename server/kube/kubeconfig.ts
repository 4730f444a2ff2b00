/**
 * Where to connect: a kubeconfig (`KUBECONFIG`, else `~/.kube/config`), else the in-cluster service account, else
 * nothing (the caller then starts the simulator). The service-account directory is a parameter so tests can point
 * it at a temporary folder; client-node's `loadFromCluster` hardcodes /var/run/secrets/... behind a prefix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

// server/kube is the only importer of client-node; the rest of the server names the type through here.
export type { KubeConfig };

export const DEFAULT_SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export type KubeSource =
  | { kind: 'kubeconfig'; kubeConfig: KubeConfig; context: string; server: string }
  | { kind: 'in-cluster'; kubeConfig: KubeConfig; server: string; namespace: string | null }
  | { kind: 'none'; reason: string };

export interface ResolveKubeSourceOptions {
  env: Record<string, string | undefined>;
  homeDir: string | null;
  serviceAccountDir?: string;
  /** A context name to use instead of the kubeconfig's current-context. */
  context?: string | null;
}

function loadKubeconfigFiles(files: string[]): KubeConfig {
  const [first, ...rest] = files;
  const kubeConfig = new KubeConfig();
  if (first === undefined) return kubeConfig;
  kubeConfig.loadFromFile(first);
  for (const file of rest) {
    const other = new KubeConfig();
    other.loadFromFile(file);
    // Like kubectl: the first file that sets a value wins, so keep the first file's current-context.
    kubeConfig.mergeConfig(other, true);
  }
  return kubeConfig;
}

function useContext(kubeConfig: KubeConfig, context: string | null | undefined): void {
  if (!context) return;
  const names = kubeConfig.getContexts().map((entry) => entry.name);
  if (!names.includes(context)) {
    throw new Error(`context "${context}" is not in the kubeconfig (it has: ${names.join(', ') || 'none'})`);
  }
  kubeConfig.setCurrentContext(context);
}

function fromKubeconfig(files: string[], context: string | null | undefined): KubeSource {
  const kubeConfig = loadKubeconfigFiles(files);
  useContext(kubeConfig, context);
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error(`the kubeconfig (${files.join(path.delimiter)}) has no current context with a cluster`);
  return { kind: 'kubeconfig', kubeConfig, context: kubeConfig.getCurrentContext(), server: cluster.server };
}

function fromServiceAccount(dir: string, env: Record<string, string | undefined>): KubeSource | null {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const tokenFile = path.join(dir, 'token');
  if (!host || !port || !fs.existsSync(tokenFile)) return null;
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const namespaceFile = path.join(dir, 'namespace');
  const namespace = fs.existsSync(namespaceFile) ? fs.readFileSync(namespaceFile, 'utf8').trim() : null;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'in-cluster', server, caFile: path.join(dir, 'ca.crt'), skipTLSVerify: false }],
    // The token file is re-read every minute (client-node FileAuth): projected tokens rotate.
    users: [{ name: 'service-account', authProvider: { name: 'tokenFile', config: { tokenFile } } }],
    contexts: [
      { name: 'in-cluster', cluster: 'in-cluster', user: 'service-account', ...(namespace ? { namespace } : {}) },
    ],
    currentContext: 'in-cluster',
  });
  return { kind: 'in-cluster', kubeConfig, server, namespace };
}

export function resolveKubeSource(options: ResolveKubeSourceOptions): KubeSource {
  const env = options.env;
  const files = (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  if (files.length > 0) return fromKubeconfig(files, options.context);
  if (options.homeDir) {
    const defaultFile = path.join(options.homeDir, '.kube', 'config');
    if (fs.existsSync(defaultFile)) return fromKubeconfig([defaultFile], options.context);
  }
  if (options.context) throw new Error(`context "${options.context}" was asked for, but no kubeconfig was found`);
  const inCluster = fromServiceAccount(options.serviceAccountDir ?? DEFAULT_SERVICE_ACCOUNT_DIR, env);
  if (inCluster) return inCluster;
  return { kind: 'none', reason: 'no kubeconfig (KUBECONFIG, ~/.kube/config) and no in-cluster service account' };
}

/** An in-memory kubeconfig for a plain-HTTP API server, such as the built-in simulator. */
export function kubeConfigForServer(server: string, options: { name?: string; token?: string } = {}): KubeConfig {
  const name = options.name ?? 'drainscope-simulator';
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    // client-node refuses http:// servers unless skipTLSVerify is set; there is no TLS to verify.
    clusters: [{ name, server, skipTLSVerify: server.startsWith('http:') }],
    users: [{ name, ...(options.token ? { token: options.token } : {}) }],
    contexts: [{ name, cluster: name, user: name }],
    currentContext: name,
  });
  return kubeConfig;
}
