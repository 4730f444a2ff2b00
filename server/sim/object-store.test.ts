import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock';
import { ObjectStore, type ApiObject } from './object-store';

function pod(name: string, ownerUid: string | null): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'shop',
      ...(ownerUid ? { ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', uid: ownerUid }] } : {}),
    },
  };
}

const names = (objects: readonly Readonly<ApiObject>[]) => objects.map((o) => o.metadata.name);

describe('ObjectStore.ownedBy', () => {
  it('follows creates, owner changes and deletes, keeping the creation order of an owner’s objects', () => {
    const store = new ObjectStore({ clock: new VirtualClock(0) });
    store.create('pods', pod('a', 'rs-1'));
    store.create('pods', pod('b', 'rs-1'));
    store.create('pods', pod('c', 'rs-2'));
    store.create('pods', pod('bare', null));
    store.update('pods', 'shop', 'a', (o) => (o.metadata.labels = { touched: 'yes' }));
    expect(names(store.ownedBy('pods', 'rs-1'))).toEqual(['a', 'b']);
    expect(store.ownedBy('pods', 'rs-1')[0]?.metadata.labels).toEqual({ touched: 'yes' });
    // Orphaned and adopted, as the garbage collector and a controller would.
    store.update(
      'pods',
      'shop',
      'b',
      (o) => (o.metadata.ownerReferences = [{ kind: 'ReplicaSet', name: 'rs', uid: 'rs-2' }]),
    );
    expect(names(store.ownedBy('pods', 'rs-1'))).toEqual(['a']);
    expect(names(store.ownedBy('pods', 'rs-2'))).toEqual(['c', 'b']);
    store.delete('pods', 'shop', 'c');
    store.delete('pods', 'shop', 'a');
    expect(names(store.ownedBy('pods', 'rs-1'))).toEqual([]);
    expect(names(store.ownedBy('pods', 'rs-2'))).toEqual(['b']);
    expect(names(store.ownedBy('events', 'rs-2'))).toEqual([]);
  });

  it('scan and peek give the stored objects, which a later change replaces rather than mutates', () => {
    const store = new ObjectStore({ clock: new VirtualClock(0) });
    store.create('pods', pod('a', null));
    const before = store.peek('pods', 'shop', 'a');
    store.update('pods', 'shop', 'a', (o) => (o.metadata.labels = { v: '2' }));
    expect(before?.metadata.labels).toBeUndefined();
    expect(store.peek('pods', 'shop', 'a')?.metadata.labels).toEqual({ v: '2' });
    expect(names(store.scan('pods', (o) => o.metadata.labels?.v === '2'))).toEqual(['a']);
    expect(store.peek('pods', 'shop', 'missing')).toBeUndefined();
  });
});
