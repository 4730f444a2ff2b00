import { describe, expect, it } from 'vitest';
import { UNKNOWN_CLUSTER_NAME } from './clusters';
import { LIVE_SOURCE } from './schema';
import { podObservation, T0 } from './testing/lines';
import { sqlOf } from './testing/sql';
import { tempStores } from './testing/temp-stores';

const { open, tempFile } = tempStores();

const A = { uid: 'uid-a', endpoint: 'https://10.0.0.1:6443#sha256:aa' };
const B = { uid: 'uid-b', endpoint: 'https://10.0.0.1:6443#sha256:bb' };
const CONTEXT = 'kubernetes-admin@kubernetes';

describe('clusters in the store', () => {
  it('keeps two clusters that share a context name apart, and finds each again under a renamed context', () => {
    const store = open(':memory:');
    const a = store.useCluster(A, CONTEXT, T0);
    const podA = podObservation(1, T0 + 1000);
    store.append(podA.entry, podA.line);
    const b = store.useCluster(B, CONTEXT, T0 + 5000);
    expect(b.id).not.toBe(a.id);
    expect(store.liveSpan()).toBeNull();
    const podB = podObservation(2, T0 + 6000);
    store.append(podB.entry, podB.line);
    expect([...store.range(T0, T0 + 10_000, a.source)].map((row) => row.line)).toEqual([podA.line]);
    expect([...store.range(T0, T0 + 10_000, b.source)].map((row) => row.line)).toEqual([podB.line]);
    store.materialise();
    const timelines = (source: number) =>
      sqlOf(store).prepare('SELECT uid FROM timelines WHERE source = ?').pluck().all(source);
    expect(timelines(a.source)).toEqual(['uid-1']);
    expect(timelines(b.source)).toEqual(['uid-2']);
    expect(store.useCluster(A, 'renamed', T0 + 9000)).toMatchObject({ id: a.id, name: 'renamed' });
    expect(store.liveSpan()).toEqual({ from: T0 + 1000, to: T0 + 1000 });
    expect(store.clusters().map((cluster) => cluster.name)).toEqual(['renamed', CONTEXT]);
  });

  it('knows a cluster by its endpoint when its UID cannot be read, and adopts the UID once it can', () => {
    const store = open(':memory:');
    const byEndpoint = store.useCluster({ uid: null, endpoint: A.endpoint }, CONTEXT, T0);
    expect(store.useCluster(A, CONTEXT, T0 + 1)).toMatchObject({ id: byEndpoint.id, uid: 'uid-a' });
    expect(store.useCluster({ uid: null, endpoint: A.endpoint }, CONTEXT, T0 + 2).id).toBe(byEndpoint.id);
    expect(store.useCluster(B, CONTEXT, T0 + 3).id).not.toBe(byEndpoint.id);
  });

  it('opens a store written before clusters were recorded with its lines as the unknown cluster, apart from the next', () => {
    const file = tempFile();
    const old = open(file);
    const before = podObservation(1, T0);
    old.append(before.entry, before.line);
    old.close();
    const store = open(file);
    expect(store.clusters()).toEqual([expect.objectContaining({ id: 0, source: LIVE_SOURCE, name: null })]);
    expect(UNKNOWN_CLUSTER_NAME).toMatch(/unknown/);
    store.useCluster(A, CONTEXT, T0 + 1000);
    expect(store.liveSpan()).toBeNull();
    expect([...store.range(T0, T0 + 1000, LIVE_SOURCE)].map((row) => row.line)).toEqual([before.line]);
    expect(store.clusters().map((cluster) => cluster.id)).toEqual([1, 0]);
  });

  it('applies retention to every cluster’s lines', () => {
    const store = open(':memory:');
    const a = store.useCluster(A, CONTEXT, T0);
    const old = podObservation(1, T0);
    store.append(old.entry, old.line);
    const b = store.useCluster(B, CONTEXT, T0);
    const recent = podObservation(2, T0 + 100_000);
    store.append(recent.entry, recent.line);
    store.materialise();
    store.applyRetention({ maxAgeMs: 50_000, maxBytes: Number.MAX_SAFE_INTEGER }, T0 + 100_000);
    expect(store.count(a.source)).toBe(0);
    expect(store.count(b.source)).toBe(1);
  });
});
