import { describe, expect, it } from 'vitest';
import type { PodObject } from '../pod-json';
import { podToEndpoint } from './pod-to-endpoint';

function pod(overrides: { ready?: boolean; deleting?: boolean; phase?: string; ips?: string[] } = {}): PodObject {
  const ips = overrides.ips ?? ['10.244.1.5'];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-1',
      namespace: 'shop',
      uid: 'u1',
      ...(overrides.deleting ? { deletionTimestamp: '2026-11-24T04:25:30Z', deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: { nodeName: 'worker-1', terminationGracePeriodSeconds: 30, containers: [{ name: 'app' }] },
    status: {
      phase: overrides.phase ?? 'Running',
      podIP: ips[0],
      podIPs: ips.map((ip) => ({ ip })),
      conditions: [
        {
          type: 'Ready',
          status: overrides.ready === false ? 'False' : 'True',
          lastProbeTime: null,
          lastTransitionTime: '2026-11-24T04:25:00Z',
        },
      ],
    },
  };
}

const v4 = { addressType: 'IPv4' as const, publishNotReadyAddresses: false };

describe('podToEndpoint', () => {
  it('a ready pod is ready and serving', () => {
    expect(podToEndpoint(pod(), v4)?.conditions).toEqual({ ready: true, serving: true, terminating: false });
  });

  it('a terminating pod is ready:false, serving:<pod Ready>, terminating:true', () => {
    expect(podToEndpoint(pod({ deleting: true }), v4)?.conditions).toEqual({
      ready: false,
      serving: true,
      terminating: true,
    });
    expect(podToEndpoint(pod({ deleting: true, ready: false }), v4)?.conditions).toEqual({
      ready: false,
      serving: false,
      terminating: true,
    });
  });

  it('a terminal pod or one without an address of the family is left out', () => {
    expect(podToEndpoint(pod({ phase: 'Succeeded' }), v4)).toBeUndefined();
    expect(podToEndpoint(pod(), { addressType: 'IPv6', publishNotReadyAddresses: false })).toBeUndefined();
    expect(
      podToEndpoint(pod({ ips: ['10.244.1.5', 'fd00:10:244:1::5'] }), {
        addressType: 'IPv6',
        publishNotReadyAddresses: false,
      })?.addresses,
    ).toEqual(['fd00:10:244:1::5']);
  });

  it('points at the pod by uid and names its node', () => {
    expect(podToEndpoint(pod(), v4)).toMatchObject({
      targetRef: { kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'u1' },
      nodeName: 'worker-1',
    });
  });
});
