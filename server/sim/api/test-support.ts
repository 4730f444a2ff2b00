/**
 * Test support for the HTTP layer (not used in production): a minimal ClusterControl that marks pods deleted in the
 * store (the real model replaces it), object fixtures, a running server on 127.0.0.1, and a kubectl runner.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RealClock } from '../clock';
import type { ClusterControl, ControlResult, PodDeleteOptions } from '../control';
import { ObjectStore, type ApiObject } from '../object-store';
import { createSimApiServer, type SimApiServer } from './server';
import type { WatchSettings } from './watch-stream';

export interface ControlCall {
  verb: 'delete' | 'evict';
  namespace: string;
  name: string;
  options: PodDeleteOptions;
}

function secondsIso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Deletes like the pod registry, without a kubelet: grace 0 removes the pod at once, otherwise it stays Terminating. */
export class TestPodControl implements ClusterControl {
  readonly calls: ControlCall[] = [];

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number,
  ) {}

  deletePod(namespace: string, name: string, options: PodDeleteOptions): ControlResult {
    this.calls.push({ verb: 'delete', namespace, name, options });
    return this.remove(namespace, name, options, false);
  }

  evictPod(namespace: string, name: string, options: PodDeleteOptions): ControlResult {
    this.calls.push({ verb: 'evict', namespace, name, options });
    return this.remove(namespace, name, options, true);
  }

  private remove(namespace: string, name: string, options: PodDeleteOptions, evicted: boolean): ControlResult {
    const pod = this.store.get('pods', namespace, name);
    if (!pod)
      return {
        ok: false,
        status: { code: 404, reason: 'NotFound', message: `pods "${name}" not found`, details: { name, kind: 'pods' } },
      };
    const { uid, resourceVersion } = options.preconditions ?? {};
    const conflict = (field: string, wanted: string, actual: string | undefined): ControlResult => ({
      ok: false,
      status: {
        code: 409,
        reason: 'Conflict',
        message: `Operation cannot be fulfilled on pods "${name}": Precondition failed: ${field} in precondition: ${wanted}, ${field} in object meta: ${actual ?? ''}`,
        details: { name, kind: 'pods' },
      },
    });
    if (uid && uid !== pod.metadata.uid) return conflict('UID', uid, pod.metadata.uid);
    if (resourceVersion && resourceVersion !== pod.metadata.resourceVersion)
      return conflict('ResourceVersion', resourceVersion, pod.metadata.resourceVersion);
    const spec = (pod.spec ?? {}) as { terminationGracePeriodSeconds?: number };
    const grace = options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    const pending = pod.metadata.deletionGracePeriodSeconds as number | undefined;
    if (pending !== undefined && grace >= pending && grace !== 0) return { ok: true, object: pod };
    const updated = this.store.update('pods', namespace, name, (next) => {
      next.metadata.deletionTimestamp = secondsIso(this.now() + grace * 1000);
      next.metadata.deletionGracePeriodSeconds = grace;
      if (evicted) {
        const status = (next.status ?? {}) as { conditions?: unknown[] };
        status.conditions = [
          ...(status.conditions ?? []),
          {
            type: 'DisruptionTarget',
            status: 'True',
            reason: 'EvictionByEvictionAPI',
            lastTransitionTime: secondsIso(this.now()),
          },
        ];
        next.status = status;
      }
    })!;
    if (grace === 0) return { ok: true, object: this.store.delete('pods', namespace, name) ?? updated };
    return { ok: true, object: updated };
  }
}

export function pod(
  name: string,
  options: { namespace?: string; labels?: Record<string, string>; grace?: number; nodeName?: string } = {},
): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: options.namespace ?? 'default', labels: options.labels ?? { app: 'web' } },
    spec: {
      containers: [{ name: 'app', image: 'nginx' }],
      terminationGracePeriodSeconds: options.grace ?? 30,
      nodeName: options.nodeName ?? 'node-1',
    },
    status: {
      phase: 'Running',
      podIP: '10.0.0.1',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: '2025-01-01T00:00:00Z' } },
        },
      ],
    },
  };
}

export function coreEvent(
  name: string,
  regarding: ApiObject,
  options: { reason?: string; message?: string; namespace?: string } = {},
): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: options.namespace ?? regarding.metadata.namespace ?? 'default' },
    involvedObject: {
      kind: regarding.kind,
      namespace: regarding.metadata.namespace,
      name: regarding.metadata.name,
      uid: regarding.metadata.uid,
      apiVersion: regarding.apiVersion,
      fieldPath: 'spec.containers{app}',
    },
    reason: options.reason ?? 'Killing',
    message: options.message ?? 'Stopping container app',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2025-01-01T00:00:00Z',
    lastTimestamp: '2025-01-01T00:00:01Z',
    count: 1,
    type: 'Normal',
    eventTime: null,
    reportingComponent: '',
    reportingInstance: '',
  };
}

export function endpointSlice(
  name: string,
  options: { namespace?: string; service?: string; addresses?: string[] } = {},
): ApiObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      labels: { 'kubernetes.io/service-name': options.service ?? 'web' },
    },
    addressType: 'IPv4',
    endpoints: (options.addresses ?? ['10.0.0.1']).map((address) => ({
      addresses: [address],
      conditions: { ready: true, serving: true, terminating: false },
    })),
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  };
}

export interface RunningSim {
  store: ObjectStore;
  control: TestPodControl;
  api: SimApiServer;
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** A throw-away self-signed certificate for 127.0.0.1 (openssl CLI), for kubectl, which sends tokens only over TLS. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'drainscope-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface StartSimOptions {
  token?: string;
  historyWindow?: number;
  watch?: Partial<WatchSettings>;
  tls?: { key: string; cert: string };
}

export async function startSim(options: StartSimOptions = {}): Promise<RunningSim> {
  const clock = new RealClock();
  const store = new ObjectStore({ clock, historyWindow: options.historyWindow });
  const control = new TestPodControl(store, () => clock.now());
  const token = options.token ?? 'test-token';
  const api = createSimApiServer({ store, control, clock, token, watch: options.watch, tls: options.tls });
  const { url, port } = await api.listen(0);
  return { store, control, api, url, port, token, close: () => api.close().finally(() => clock.dispose()) };
}

/** A kubeconfig and a private HOME/cache dir for kubectl; `dispose` removes them. */
export function writeKubeconfig(url: string, token: string): { path: string; dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'drainscope-kube-'));
  const path = join(dir, 'config');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: sim',
      '  cluster:',
      `    server: ${url}`,
      '    insecure-skip-tls-verify: true',
      'users:',
      '- name: sim',
      '  user:',
      `    token: ${token}`,
      'contexts:',
      '- name: sim',
      '  context:',
      '    cluster: sim',
      '    user: sim',
      '    namespace: default',
      'current-context: sim',
      '',
    ].join('\n'),
  );
  return { path, dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kubectlArgs(kubeconfig: { path: string; dir: string }, args: string[]): string[] {
  return ['--kubeconfig', kubeconfig.path, '--cache-dir', join(kubeconfig.dir, 'cache'), ...args];
}

export function kubectl(
  kubeconfig: { path: string; dir: string },
  args: string[],
  timeoutMs = 15_000,
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      kubectlArgs(kubeconfig, args),
      { timeout: timeoutMs, env: { ...process.env, HOME: kubeconfig.dir } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A long-running kubectl (`-w`); the caller kills it. */
export function spawnKubectl(kubeconfig: { path: string; dir: string }, args: string[]): ChildProcess {
  return spawn('kubectl', kubectlArgs(kubeconfig, args), {
    env: { ...process.env, HOME: kubeconfig.dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves once `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface WatchEventLine {
  type: string;
  object: ApiObject & { code?: number; message?: string; reason?: string };
}

export interface RawWatch {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  events: WatchEventLine[];
  /** Resolves when the server ends the stream ('end') or the socket fails ('error'). */
  closed: Promise<'end' | 'error'>;
  destroy(): void;
}

/** A watch read with node:http, one parsed event per NDJSON line. */
export function openWatch(sim: Pick<RunningSim, 'url' | 'token'>, path: string): Promise<RawWatch> {
  return new Promise((resolve, reject) => {
    const request = httpGet(`${sim.url}${path}`, { headers: { Authorization: `Bearer ${sim.token}` } }, (response) => {
      const events: WatchEventLine[] = [];
      let buffered = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffered += chunk;
        for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
          events.push(JSON.parse(buffered.slice(0, newline)) as WatchEventLine);
          buffered = buffered.slice(newline + 1);
        }
      });
      const closed = new Promise<'end' | 'error'>((done) => {
        response.on('end', () => done('end'));
        response.on('error', () => done('error'));
        response.on('close', () => done(response.complete ? 'end' : 'error'));
      });
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        events,
        closed,
        destroy: () => request.destroy(),
      });
    });
    request.on('error', reject);
  });
}

/** One request with the sim's token; the body parsed as JSON. */
export async function call(
  sim: { url: string; token: string | null },
  path: string,
  init: { method?: string; body?: unknown; token?: string | null; accept?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; contentType: string | null }> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? sim.token : init.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (init.accept) headers.Accept = init.accept;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${sim.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    contentType: response.headers.get('content-type'),
  };
}
