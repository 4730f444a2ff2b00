import { describe, expect, it } from 'vitest';
import type { PodObject } from '../model/pod-json';
import { isPodReady } from '../model/pod-json';
import { ACTION_AT_MS } from './common';
import { eventLines, lines, ms, run } from './test-support';

describe('rolling-update', () => {
  it('rolling update keeps maxUnavailable: at least replicas − 1 ready, undeleted pods at every moment', () => {
    const state = new Map<string, PodObject>();
    const start = run('rolling-update').cluster.startedAt + ACTION_AT_MS;
    let lowest = Infinity;
    for (const line of lines('rolling-update')) {
      if (line.object.kind !== 'Pod') continue;
      const pod = line.object as PodObject;
      if (line.type === 'DELETED') state.delete(pod.metadata.uid);
      else state.set(pod.metadata.uid, pod);
      if (line.at < start) continue;
      lowest = Math.min(
        lowest,
        [...state.values()].filter((p) => isPodReady(p) && !p.metadata.deletionTimestamp).length,
      );
    }
    expect(lowest).toBe(3);
  });

  it('scales ReplicaSets with ScalingReplicaSet events and deletes each old pod with SuccessfulDelete', () => {
    const scaling = eventLines('rolling-update', { reason: 'ScalingReplicaSet' }).map((l) => String(l.event.message));
    expect(scaling.some((m) => /^Scaled up replica set web-\w+ from 0 to 1$/.test(m))).toBe(true);
    expect(scaling.some((m) => /^Scaled down replica set web-\w+ from 1 to 0$/.test(m))).toBe(true);
    const deleted = eventLines('rolling-update', { reason: 'SuccessfulDelete' });
    expect(deleted).toHaveLength(4);
    expect(deleted.every((l) => /^Deleted pod: web-\w+-\w{5}$/.test(String(l.event.message)))).toBe(true);
  });

  it('one slice write may carry several endpoints’ changes', () => {
    let previous = new Map<string, string>();
    let most = 0;
    for (const line of lines('rolling-update').filter((l) => l.object.kind === 'EndpointSlice')) {
      const endpoints = (line.object.endpoints ?? []) as { targetRef: { uid: string }; conditions: unknown }[];
      const next = new Map(endpoints.map((e) => [e.targetRef.uid, JSON.stringify(e.conditions)]));
      const changed = new Set(
        [...next.keys(), ...previous.keys()].filter((uid) => next.get(uid) !== previous.get(uid)),
      );
      most = Math.max(most, changed.size);
      previous = next;
    }
    expect(most).toBeGreaterThanOrEqual(2);
  });

  it('pods carry the pod-template-hash label and a ReplicaSet controller owner reference', () => {
    const pod = lines('rolling-update').find((l) => l.object.kind === 'Pod')?.object as PodObject;
    const owner = pod.metadata.ownerReferences?.[0];
    expect(owner).toMatchObject({ apiVersion: 'apps/v1', kind: 'ReplicaSet', controller: true });
    expect(pod.metadata.name.startsWith(`${owner?.name}-`)).toBe(true);
    expect(owner?.name).toBe(`web-${pod.metadata.labels?.['pod-template-hash']}`);
  });
});

describe('sidecars', () => {
  it('all containers get Killing together', () => {
    const pod = run('sidecars').truth.pods.find((p) => p.cause !== null)!;
    expect(new Set(pod.containers.map((c) => c.killingAt)).size).toBe(1);
    const killing = eventLines('sidecars', { uid: pod.uid, reason: 'Killing' }).map(
      (l) => l.event.involvedObject.fieldPath,
    );
    expect(killing.sort()).toEqual([
      'spec.containers{app}',
      'spec.initContainers{log-shipper}',
      'spec.initContainers{proxy}',
    ]);
  });

  it('sidecars stop after the main container in reverse order, and their exit codes do not decide the phase', () => {
    const pod = run('sidecars').truth.pods.find((p) => p.cause !== null)!;
    const byName = new Map(pod.containers.map((c) => [c.name, c]));
    const app = byName.get('app')!;
    const proxy = byName.get('proxy')!;
    const shipper = byName.get('log-shipper')!;
    expect(ms(shipper.sigtermAt)).toBeGreaterThanOrEqual(ms(app.exitedAt));
    expect(ms(proxy.sigtermAt)).toBeGreaterThanOrEqual(ms(shipper.exitedAt));
    expect(shipper.exitCode).toBe(143);
    expect(pod.finalPhase).toBe('Succeeded');
  });
});

describe('slice-move-dual-stack', () => {
  it('endpoints move between slices when a slice is emptied and compacted, without being removed', () => {
    const truth = run('slice-move-dual-stack').truth;
    const slicesOf = new Map<string, Set<string>>();
    for (const line of lines('slice-move-dual-stack').filter(
      (l) => l.object.kind === 'EndpointSlice' && l.object.addressType === 'IPv4' && l.type !== 'DELETED',
    )) {
      for (const e of (line.object.endpoints ?? []) as { targetRef: { uid: string } }[]) {
        const set = slicesOf.get(e.targetRef.uid) ?? new Set();
        set.add(line.object.metadata.name);
        slicesOf.set(e.targetRef.uid, set);
      }
    }
    const moved = [...slicesOf.entries()].filter(([, slices]) => slices.size > 1).map(([uid]) => uid);
    expect(moved.length).toBeGreaterThan(0);
    for (const uid of moved) {
      const pod = truth.pods.find((p) => p.uid === uid)!;
      expect(pod.deletedAt).toBeNull();
      expect(pod.endpoints.every((e) => e.removedAt === null)).toBe(true);
    }
  });

  it('a dual-stack Service has IPv4 and IPv6 slices pointing at the same pods', () => {
    const slices = lines('slice-move-dual-stack').filter((l) => l.object.kind === 'EndpointSlice');
    expect(new Set(slices.map((l) => l.object.addressType))).toEqual(new Set(['IPv4', 'IPv6']));
    const v6 = slices.find((l) => l.object.addressType === 'IPv6' && Array.isArray(l.object.endpoints));
    expect(((v6?.object.endpoints ?? []) as { addresses: string[] }[])[0]?.addresses[0]).toContain(':');
    const pod = run('slice-move-dual-stack').truth.pods.find((p) => p.cause !== null)!;
    expect(pod.endpoints.map((e) => e.addressType).sort()).toEqual(['IPv4', 'IPv6']);
  });
});
