import { describe, expect, it, vi } from 'vitest';
import type { PodTimeline } from '../timeline/types';
import {
  applyLiveMessage,
  applyLiveMessages,
  createLiveViewStateHolder,
  initialLiveViewState,
  podsInOrder,
} from './live-view-state';
import { parseLiveMessage, type LiveMessage } from './protocol';

function pod(uid: string, name = `web-${uid}`): PodTimeline {
  return {
    uid,
    namespace: 'shop',
    name,
    node: 'worker-1',
    workload: { kind: 'Deployment', name: 'web' },
    controllerName: 'web-7d9c',
    gracePeriodSeconds: 30,
    preStop: { kind: 'sleep', seconds: 5 },
    markers: [
      {
        kind: 'deleteRequested',
        at: 1_000,
        precision: 'second',
        earliest: 1_000,
        latest: 1_999,
        evidence: [{ source: 'pod', text: 'deletionTimestamp set', at: 1_200 }],
      },
    ],
    gaps: [{ kind: 'exitWhileRouted', from: 2_000, to: 3_000, severity: 'critical' }],
  };
}

const snapshot = (pods: PodTimeline[], resync = false): LiveMessage => ({
  type: 'snapshot',
  resync,
  pods,
  findings: [],
  watches: [],
});

describe('protocol', () => {
  it('parses a timeline message with marker evidence and uncertainty bounds', () => {
    const message = parseLiveMessage(JSON.stringify({ type: 'timeline', pod: pod('a') }));
    expect(message).toEqual({ type: 'timeline', pod: pod('a') });
  });

  it('refuses a message of an unknown type', () => {
    expect(() => parseLiveMessage(JSON.stringify({ type: 'mystery' }))).toThrow();
  });

  it('refuses a marker whose time is an ISO string instead of epoch ms', () => {
    const bad = { ...pod('a'), markers: [{ ...pod('a').markers[0], at: '2026-11-24T04:25:01.000Z' }] };
    expect(() => parseLiveMessage(JSON.stringify({ type: 'timeline', pod: bad }))).toThrow();
  });
});

describe('applyLiveMessage', () => {
  it('replaces every pod on a snapshot and becomes live', () => {
    const before = applyLiveMessage(initialLiveViewState, snapshot([pod('old')]), '1');
    const after = applyLiveMessage(before, snapshot([pod('a'), pod('b')]), '7');
    expect([...after.pods.keys()]).toEqual(['a', 'b']);
    expect(after.connection).toBe('live');
    expect(after.lastEventId).toBe('7');
  });

  it('counts a resync snapshot', () => {
    const state = applyLiveMessage(initialLiveViewState, snapshot([], true));
    expect(state.resyncs).toBe(1);
  });

  it('upserts a timeline delta without touching the previous state object', () => {
    const start = applyLiveMessage(initialLiveViewState, snapshot([pod('a')]), '1');
    const changed = { ...pod('a'), gaps: [] };
    const next = applyLiveMessage(start, { type: 'timeline', pod: changed }, '2');
    expect(next.pods.get('a')).toBe(changed);
    expect(start.pods.get('a')?.gaps).toHaveLength(1);
    expect(next.lastEventId).toBe('2');
  });

  it('removes a pod on a removed delta and ignores an unknown uid', () => {
    const start = applyLiveMessage(initialLiveViewState, snapshot([pod('a')]), '1');
    const removed = applyLiveMessage(start, { type: 'removed', uid: 'a' }, '2');
    expect(removed.pods.size).toBe(0);
    const unknown = applyLiveMessage(removed, { type: 'removed', uid: 'zzz' }, '3');
    expect(unknown.pods).toBe(removed.pods);
    expect(unknown.lastEventId).toBe('3');
  });

  it('holds the latest retention cutoff from the snapshot and from removals, one by one or in a burst', () => {
    const start = applyLiveMessage(
      initialLiveViewState,
      {
        type: 'snapshot',
        resync: false,
        pods: [pod('a'), pod('b')],
        findings: [],
        watches: [],
        forgottenBefore: 5_000,
      },
      '1',
    );
    expect(start.forgottenBefore).toBe(5_000);
    // A removal that is not retention's (a filter) carries no cutoff and leaves it.
    expect(applyLiveMessage(start, { type: 'removed', uid: 'a' }, '2').forgottenBefore).toBe(5_000);
    expect(applyLiveMessage(start, { type: 'removed', uid: 'a', forgottenBefore: 9_000 }, '2').forgottenBefore).toBe(
      9_000,
    );
    const burst = applyLiveMessages(start, [
      { message: { type: 'removed', uid: 'a', forgottenBefore: 9_000 }, id: '2' },
      { message: { type: 'removed', uid: 'b', forgottenBefore: 7_000 }, id: '3' },
    ]);
    expect(burst.forgottenBefore).toBe(9_000);
    expect(burst.pods.size).toBe(0);
    expect(applyLiveMessage(initialLiveViewState, snapshot([pod('a')]), '1').forgottenBefore).toBeNull();
  });

  it('keeps the latest watch status per resource', () => {
    const watch = { resource: 'pods' as const, state: 'disconnected' as const, synced: true, at: 5, reason: 'EOF' };
    const state = applyLiveMessage(initialLiveViewState, { type: 'watch', watch });
    expect(state.watches.pods).toEqual(watch);
  });

  it('marks the connection shut down with the retry hint', () => {
    const state = applyLiveMessage(initialLiveViewState, { type: 'shutdown', retryMs: 3000 });
    expect(state).toMatchObject({ connection: 'shutdown', retryMs: 3000 });
  });
});

describe('createLiveViewStateHolder', () => {
  it('notifies subscribers once per applied event and stops after unsubscribe', () => {
    const store = createLiveViewStateHolder();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.applyEvent({ event: 'snapshot', data: JSON.stringify(snapshot([pod('a')])), id: '1' });
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    store.applyEvent({ event: 'removed', data: JSON.stringify({ type: 'removed', uid: 'a' }), id: '2' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot().pods.size).toBe(0);
  });

  it('leaves the state unchanged for unreadable data', () => {
    const store = createLiveViewStateHolder();
    const before = store.getSnapshot();
    expect(store.applyEvent({ event: 'timeline', data: '{not json' })).toBe(false);
    expect(store.getSnapshot()).toBe(before);
  });

  it('lists pods by namespace, name, then uid', () => {
    const state = applyLiveMessage(initialLiveViewState, snapshot([pod('2', 'b'), pod('1', 'a'), pod('0', 'a')]));
    expect(podsInOrder(state).map((p) => p.uid)).toEqual(['0', '1', '2']);
  });
});

describe('applying a burst of events at once', () => {
  const burst: { message: LiveMessage; id?: string }[] = [
    { message: { type: 'timeline', pod: pod('b') }, id: 'e-2' },
    { message: { type: 'removed', uid: 'a' }, id: 'e-3' },
    { message: { type: 'findings', findings: [] }, id: 'e-4' },
    { message: { type: 'timeline', pod: pod('c') }, id: 'e-5' },
    { message: snapshot([pod('d')], true), id: 'e-6' },
    { message: { type: 'timeline', pod: pod('e') }, id: 'e-7' },
    { message: { type: 'removed', uid: 'missing' } },
  ];

  it('gives the state that applying them one by one gives, without touching the state it started from', () => {
    const start = applyLiveMessage(initialLiveViewState, snapshot([pod('a')]), 'e-1');
    const oneByOne = burst.reduce((state, { message, id }) => applyLiveMessage(state, message, id), start);
    const together = applyLiveMessages(start, burst);
    expect(together).toEqual(oneByOne);
    expect([...together.pods.keys()]).toEqual(['d', 'e']);
    expect(together.lastEventId).toBe('e-7');
    expect([...start.pods.keys()]).toEqual(['a']);
  });

  it('tells listeners once per burst, and skips what it cannot read', () => {
    const store = createLiveViewStateHolder();
    const listener = vi.fn();
    store.subscribe(listener);
    store.applyEvents([
      { event: 'snapshot', data: JSON.stringify(snapshot([pod('a')])), id: 'e-1' },
      { event: 'timeline', data: '{"type":"mystery"}', id: 'e-2' },
      { event: 'timeline', data: JSON.stringify({ type: 'timeline', pod: pod('b') }), id: 'e-3' },
    ]);
    expect(listener).toHaveBeenCalledTimes(1);
    expect([...store.getSnapshot().pods.keys()]).toEqual(['a', 'b']);
    expect(store.getSnapshot().lastEventId).toBe('e-3');
    store.applyEvents([{ event: 'timeline', data: 'not json' }]);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
