import { describe, expect, it } from 'vitest';
import { deploymentSpec, mainContainer, one, only, render, type PolicyRule } from './testing/render';

const base = render('');
const namespaced = render('namespaced');

/** Exactly these, and nothing else: read-only access to what the timelines are built from. */
const READ_ONLY_RULES: PolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  // Optional (server/kube/watch-manager.ts): the capacity lane's replicas and maxUnavailable.
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
];

/** The one object beyond them: the kube-system namespace, whose UID identifies the cluster (server/kube/cluster-identity.ts). */
const CLUSTER_IDENTITY_RULE: PolicyRule = {
  apiGroups: [''],
  resources: ['namespaces'],
  resourceNames: ['kube-system'],
  verbs: ['get'],
};

/** The Role of the watched namespace (the other is kube-system's, for the cluster's identity). */
const watchedRole = () => only(namespaced, 'Role').find((role) => role.metadata.name === 'drainscope-read');
const watchedBinding = () =>
  only(namespaced, 'RoleBinding').find((binding) => binding.metadata.name === 'drainscope-read');

describe('deploy/ (kubectl apply -k deploy/)', () => {
  it('renders a namespace, service account, read-only ClusterRole and binding, PVC, Deployment and ClusterIP Service', () => {
    expect(base.map((manifest) => manifest.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'Deployment',
      'Namespace',
      'PersistentVolumeClaim',
      'Service',
      'ServiceAccount',
    ]);
    expect(one(base, 'Namespace').metadata.name).toBe('drainscope');
    for (const manifest of base.filter((m) => !['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(m.kind)))
      expect(manifest.metadata.namespace).toBe('drainscope');
    expect(one(base, 'Service').spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 80, targetPort: 'http' }] });
  });

  it('grants only get, list and watch on pods, events, endpointslices and deployments (and get on kube-system), bound to its own service account', () => {
    expect(one(base, 'ClusterRole').rules).toEqual([...READ_ONLY_RULES, CLUSTER_IDENTITY_RULE]);
    expect(one(base, 'ClusterRoleBinding')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: one(base, 'ClusterRole').metadata.name },
      subjects: [{ kind: 'ServiceAccount', name: 'drainscope', namespace: 'drainscope' }],
    });
    expect(deploymentSpec(base).template.spec.serviceAccountName).toBe('drainscope');
  });

  it('runs one replica, replaced with Recreate, because the store has one writer', () => {
    expect(deploymentSpec(base)).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  });

  it('runs restricted: non-root uid 10001, read-only root filesystem, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
    const pod = deploymentSpec(base).template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(mainContainer(base).securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(one(base, 'Namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  it("has requests and limits, and writes only to the PVC at /data and emptyDirs at /tmp and Next's cache", () => {
    const container = mainContainer(base);
    expect(container.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources?.limits).toMatchObject({ memory: expect.any(String) });
    const volumes = deploymentSpec(base).template.spec.volumes ?? [];
    const byMount = Object.fromEntries(
      (container.volumeMounts ?? []).map((mount) => [
        mount.mountPath,
        volumes.find((volume) => volume.name === mount.name),
      ]),
    );
    expect(byMount['/data']?.persistentVolumeClaim?.claimName).toBe(one(base, 'PersistentVolumeClaim').metadata.name);
    expect(byMount['/tmp']?.emptyDir).toBeDefined();
    expect(byMount['/app/.next/cache']?.emptyDir).toBeDefined();
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'DRAINSCOPE_DATA_DIR', value: '/data' }]));
  });

  it('listens on loopback only, and keeps Service links out of its DRAINSCOPE_ environment', () => {
    expect(mainContainer(base).env).toEqual(expect.arrayContaining([{ name: 'DRAINSCOPE_HOST', value: '127.0.0.1' }]));
    expect(deploymentSpec(base).template.spec.enableServiceLinks).toBe(false);
  });

  it('probes /api/health (liveness, startup) and /api/ready (readiness) from inside the pod, since 127.0.0.1 is not reachable by the kubelet', () => {
    const container = mainContainer(base);
    for (const [probe, route] of [
      [container.livenessProbe, '/api/health'],
      [container.startupProbe, '/api/health'],
      [container.readinessProbe, '/api/ready'],
    ] as const) {
      expect(probe?.httpGet).toBeUndefined();
      expect(probe?.exec?.command.slice(0, 2)).toEqual(['node', '-e']);
      expect(probe?.exec?.command[2]).toContain(`http://127.0.0.1:\${process.env.PORT||3000}${route}`);
    }
  });

  it("has a preStop sleep and a grace period longer than preStop plus the app's 25 s shutdown deadline", () => {
    const preStop = mainContainer(base).lifecycle?.preStop?.sleep?.seconds ?? 0;
    expect(preStop).toBeGreaterThan(0);
    expect(deploymentSpec(base).template.spec.terminationGracePeriodSeconds).toBeGreaterThan(preStop + 25);
  });
});

describe('deploy/namespaced (kubectl apply -k deploy/namespaced)', () => {
  it('swaps the ClusterRole and its binding for a Role and RoleBinding with the same read-only rules', () => {
    expect(only(namespaced, 'ClusterRole')).toEqual([]);
    expect(only(namespaced, 'ClusterRoleBinding')).toEqual([]);
    expect(watchedRole()?.rules).toEqual(READ_ONLY_RULES);
    expect(watchedBinding()).toMatchObject({
      roleRef: { kind: 'Role', name: 'drainscope-read' },
      subjects: [{ kind: 'ServiceAccount', name: 'drainscope', namespace: 'drainscope' }],
    });
  });

  it('lets it get the kube-system namespace and nothing else there, for the cluster identity', () => {
    const identity = only(namespaced, 'Role').find((role) => role.metadata.name === 'drainscope-cluster-identity');
    expect(identity).toMatchObject({ metadata: { namespace: 'kube-system' }, rules: [CLUSTER_IDENTITY_RULE] });
    expect(
      only(namespaced, 'RoleBinding').find((binding) => binding.metadata.name === 'drainscope-cluster-identity'),
    ).toMatchObject({
      metadata: { namespace: 'kube-system' },
      roleRef: { kind: 'Role', name: 'drainscope-cluster-identity' },
      subjects: [{ kind: 'ServiceAccount', name: 'drainscope', namespace: 'drainscope' }],
    });
  });

  it('watches exactly the namespace its Role is in', () => {
    const watched = watchedRole()?.metadata.namespace;
    expect(watchedBinding()?.metadata.namespace).toBe(watched);
    expect(mainContainer(namespaced).env).toEqual(
      expect.arrayContaining([{ name: 'DRAINSCOPE_NAMESPACES', value: watched }]),
    );
  });

  it('keeps everything else of the base as it is', () => {
    const rest = (manifests: typeof base) =>
      manifests.filter((manifest) => !/Role/.test(manifest.kind) && manifest.kind !== 'Deployment');
    expect(rest(namespaced)).toEqual(rest(base));
    expect(mainContainer(namespaced).securityContext).toEqual(mainContainer(base).securityContext);
  });
});
