/**
 * What tells one cluster from another for the store (server/store/clusters.ts). The kubeconfig context name does
 * not: kubeadm names every cluster's `kubernetes-admin@kubernetes`, two simulators are both `simulator/…`, and a
 * renamed context is still the same cluster.
 *
 * `uid` is the UID of the `kube-system` namespace: the API server gives it when the namespace is created with the
 * cluster, it never changes, and no other cluster has it (the same choice as the cluster ID of OpenTelemetry's
 * `k8s.cluster.uid` convention). Reading it needs `get` on namespaces/kube-system (deploy/base grants exactly that).
 * When it cannot be read (RBAC, the API unreachable at start), `endpoint` stands in: the API server URL plus the
 * SHA-256 fingerprint of the CA the kubeconfig trusts, which also survives a renamed context.
 */
import crypto, { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';

export interface ClusterIdentity {
  /** The `kube-system` namespace's UID, or null when it could not be read. */
  uid: string | null;
  /** `SERVER` or `SERVER#sha256:FINGERPRINT`: always known, from the kubeconfig alone. */
  endpoint: string;
}

export interface IdentifyOptions {
  /** How long the namespace read may take before the endpoint stands in. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export async function identifyCluster(kubeConfig: KubeConfig, options: IdentifyOptions = {}): Promise<ClusterIdentity> {
  const endpoint = endpointOf(kubeConfig);
  try {
    return { uid: await kubeSystemUid(kubeConfig, options.timeoutMs ?? 10_000), endpoint };
  } catch (error) {
    options.log?.(
      `drainscope: could not read the kube-system namespace's UID (${error instanceof Error ? error.message : String(error)}); this cluster's history is kept under its API server and CA (${endpoint})`,
    );
    return { uid: null, endpoint };
  }
}

async function kubeSystemUid(kubeConfig: KubeConfig, timeoutMs: number): Promise<string> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const namespace = await Promise.race([core.readNamespace({ name: 'kube-system' }), timeout]);
    const uid = namespace.metadata?.uid;
    if (!uid) throw new Error('the namespace has no uid');
    return uid;
  } finally {
    clearTimeout(timer);
  }
}

/** The current cluster's server URL, with the fingerprint of its CA when the kubeconfig names one. */
export function endpointOf(kubeConfig: KubeConfig): string {
  const cluster = kubeConfig.getCurrentCluster();
  const server = cluster?.server ?? 'unknown-server';
  const ca = cluster?.caData
    ? Buffer.from(cluster.caData, 'base64')
    : cluster?.caFile
      ? readOrNull(cluster.caFile)
      : null;
  return ca ? `${server}#sha256:${fingerprint(ca)}` : server;
}

function readOrNull(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

/** The certificate's own fingerprint (the same however the PEM is wrapped), else the bytes' hash. */
function fingerprint(ca: Buffer): string {
  try {
    return new X509Certificate(ca).fingerprint256.replaceAll(':', '').toLowerCase();
  } catch {
    return crypto.createHash('sha256').update(ca).digest('hex');
  }
}
