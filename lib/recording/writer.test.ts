import { describe, expect, it } from 'vitest';
import { formatHeaderLine, formatObservationLine, formatWatchStateLine, stripForRecording } from './writer';

describe('recording writer', () => {
  it('writes a version 1 header', () => {
    const line = formatHeaderLine({ startedAt: '2026-11-24T04:25:00.000Z', cluster: null, scope: null });
    expect(JSON.parse(line)).toEqual({
      drainscope: 'recording',
      version: 1,
      startedAt: '2026-11-24T04:25:00.000Z',
      cluster: null,
      scope: null,
    });
  });

  it('stamps observations and watch states with ISO receipt times in ms', () => {
    const at = Date.UTC(2026, 10, 24, 4, 25, 1, 234);
    expect(JSON.parse(formatObservationLine(at, 'ADDED', { kind: 'Pod' }))).toEqual({
      at: '2026-11-24T04:25:01.234Z',
      type: 'ADDED',
      object: { kind: 'Pod' },
    });
    expect(JSON.parse(formatWatchStateLine(at, 'pods', 'disconnected', 'EOF'))).toEqual({
      at: '2026-11-24T04:25:01.234Z',
      type: 'WATCH',
      resource: 'pods',
      state: 'disconnected',
      reason: 'EOF',
    });
  });

  it('strips env values, envFrom, annotations and managedFields without touching the input', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'PASSWORD=hunter2' },
        managedFields: [{}],
      },
      spec: {
        containers: [
          {
            name: 'app',
            env: [
              { name: 'DB_PASSWORD', value: 'hunter2' },
              { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
            ],
            envFrom: [{ secretRef: { name: 's' } }],
          },
        ],
        initContainers: [{ name: 'init', env: [{ name: 'X', value: 'hunter2' }] }],
      },
    };
    const stripped = stripForRecording(pod);
    expect(JSON.stringify(stripped)).not.toContain('hunter2');
    expect(JSON.stringify(stripped)).not.toContain('secretKeyRef');
    expect(stripped).toMatchObject({
      spec: { containers: [{ name: 'app', env: [{ name: 'DB_PASSWORD' }, { name: 'TOKEN' }] }] },
    });
    expect(pod.spec.containers[0]?.env[0]?.value).toBe('hunter2');
  });

  it('keeps no pod template of a Deployment (its env values included), only its replicas, selector and strategy', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', uid: 'd1' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
        template: { spec: { containers: [{ name: 'app', env: [{ name: 'TOKEN', value: 'secret' }] }] } },
      },
    };
    const line = formatObservationLine(Date.parse('2026-11-24T04:25:00.000Z'), 'ADDED', stripForRecording(deployment));
    expect(line).not.toContain('secret');
    expect(JSON.parse(line).object.spec).toEqual({
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: deployment.spec.strategy,
    });
    expect(deployment.spec.template).toBeDefined();
  });

  it('strips volume sources and imagePullSecrets, keeping volume names, so imports and the simulator record no secret references either', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'app' }],
        volumes: [
          { name: 'creds', secret: { secretName: 'db-credentials' } },
          { name: 'tok', projected: { sources: [{ secret: { name: 'api-token' } }] } },
        ],
        imagePullSecrets: [{ name: 'registry-login' }],
      },
    };
    const stripped = JSON.stringify(stripForRecording(pod));
    for (const secret of ['db-credentials', 'api-token', 'registry-login']) expect(stripped).not.toContain(secret);
    expect(stripForRecording(pod)).toMatchObject({ spec: { volumes: [{ name: 'creds' }, { name: 'tok' }] } });
    expect(pod.spec.volumes[0]?.secret?.secretName).toBe('db-credentials');
  });
});
