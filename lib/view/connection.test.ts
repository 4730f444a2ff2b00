import { describe, expect, it } from 'vitest';
import {
  blindWatches,
  connectionStatus,
  forbiddenWatch,
  STALE_AFTER_MS,
  unsyncedWatch,
  workloadSpecsUnavailable,
} from './connection';

const base = { nowMs: 100_000, everOpened: true, downSince: null, failures: 0, streaming: true };

describe('connectionStatus', () => {
  it('is live while streaming, connecting before the snapshot', () => {
    expect(connectionStatus(base)).toBe('live');
    expect(connectionStatus({ ...base, streaming: false })).toBe('connecting');
  });

  it('is reconnecting during a short outage and stale after a long one', () => {
    expect(connectionStatus({ ...base, downSince: 99_000 })).toBe('reconnecting');
    expect(connectionStatus({ ...base, downSince: 100_000 - STALE_AFTER_MS })).toBe('stale');
  });

  it('is unreachable when the stream never answered', () => {
    expect(connectionStatus({ ...base, everOpened: false, failures: 2, downSince: 99_000 })).toBe('unreachable');
  });
});

describe('forbiddenWatch', () => {
  it('returns the refused watch reason', () => {
    const reason = 'forbidden: cannot list pods at cluster scope: grant get, list, watch on pods';
    expect(forbiddenWatch({ pods: { resource: 'pods', state: 'disconnected', synced: false, at: 1, reason } })).toBe(
      reason,
    );
    expect(forbiddenWatch({ pods: { resource: 'pods', state: 'connected', synced: true, at: 1 } })).toBeNull();
  });
});

describe('an optional Deployments watch that is refused', () => {
  const reason =
    'forbidden: cannot list deployments at cluster scope: grant get, list, watch on deployments (apiGroup apps)';
  const watches = {
    pods: { resource: 'pods', state: 'connected', synced: true, at: 1 },
    deployments: { resource: 'deployments', state: 'disconnected', synced: false, at: 1, reason },
  } as const;

  it("is neither the page's RBAC error nor a blind watch: only the workload specs are missing", () => {
    expect(forbiddenWatch(watches)).toBeNull();
    expect(unsyncedWatch(watches)).toBeNull();
    expect(blindWatches(watches).resources).toEqual([]);
    expect(workloadSpecsUnavailable(watches)).toBe(reason);
    expect(
      workloadSpecsUnavailable({
        ...watches,
        deployments: { resource: 'deployments', state: 'connected', synced: true, at: 2 },
      }),
    ).toBeNull();
  });
});

describe('unsyncedWatch', () => {
  it('returns why a resource never listed, leaving RBAC refusals and later outages to their own states', () => {
    const reason = 'connect ECONNREFUSED 127.0.0.1:1';
    expect(unsyncedWatch({ pods: { resource: 'pods', state: 'disconnected', synced: false, at: 1, reason } })).toBe(
      reason,
    );
    expect(
      unsyncedWatch({
        pods: { resource: 'pods', state: 'disconnected', synced: false, at: 1, reason: 'forbidden: cannot list pods' },
      }),
    ).toBeNull();
    expect(unsyncedWatch({ pods: { resource: 'pods', state: 'connected', synced: true, at: 1 } })).toBeNull();
  });
});

describe('blindWatches', () => {
  it('lists the resources not being received, in a fixed order, with the first reason', () => {
    expect(
      blindWatches({
        endpointslices: {
          resource: 'endpointslices',
          state: 'disconnected',
          synced: false,
          at: 2,
          reason: 'forbidden: cannot list endpointslices',
        },
        pods: { resource: 'pods', state: 'disconnected', synced: true, at: 1 },
        events: { resource: 'events', state: 'relisted', synced: true, at: 1 },
      }),
    ).toEqual({
      resources: ['pods', 'endpointslices'],
      reason: 'forbidden: cannot list endpointslices',
      since: null,
      hung: [],
    });
    expect(blindWatches({ pods: { resource: 'pods', state: 'connected', synced: true, at: 1 } })).toEqual({
      resources: [],
      reason: null,
      since: null,
      hung: [],
    });
  });

  it('counts a hung watch as not received even once relisted, and says since when: the earliest last delivery', () => {
    expect(
      blindWatches({
        pods: { resource: 'pods', state: 'connected', synced: true, at: 900, hungSince: 500 },
        events: {
          resource: 'events',
          state: 'disconnected',
          synced: false,
          at: 950,
          since: 700,
          reason: 'no data or bookmark for 120 s: watch presumed hung',
        },
      }),
    ).toEqual({
      resources: ['pods', 'events'],
      reason: 'no data or bookmark for 120 s: watch presumed hung',
      since: 500,
      hung: ['pods'],
    });
  });
});
