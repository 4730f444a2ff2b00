import { describe, expect, it } from 'vitest';
import type { EndpointJson } from './pod-to-endpoint';
import { planSlices } from './reconcile';

function ep(name: string, ready = true): EndpointJson {
  return {
    addresses: [`10.0.0.${name.length}${name.charCodeAt(0)}`],
    conditions: { ready, serving: ready, terminating: !ready },
    targetRef: { kind: 'Pod', namespace: 'ns', name, uid: `uid-${name}` },
  };
}

describe('planSlices (endpointslice reconciler)', () => {
  it('updates a changed endpoint in the slice that already has it', () => {
    const plan = planSlices({
      existing: [{ name: 's1', endpoints: [ep('a'), ep('b')] }],
      desired: [ep('a', false), ep('b')],
      maxPerSlice: 100,
      compact: false,
    });
    expect(plan).toEqual({ create: [], update: [{ name: 's1', endpoints: [ep('a', false), ep('b')] }], delete: [] });
  });

  it('creates a new slice when the existing ones are full', () => {
    const plan = planSlices({
      existing: [{ name: 's1', endpoints: [ep('a'), ep('b')] }],
      desired: [ep('a'), ep('b'), ep('c')],
      maxPerSlice: 2,
      compact: false,
    });
    expect(plan.create).toEqual([[ep('c')]]);
    expect(plan.update).toEqual([]);
  });

  it('reuses a slice that would be deleted instead of creating one (finalize)', () => {
    const plan = planSlices({
      existing: [
        { name: 's1', endpoints: [ep('a'), ep('b')] },
        { name: 's2', endpoints: [ep('c')] },
      ],
      desired: [ep('a'), ep('b'), ep('d')],
      maxPerSlice: 2,
      compact: false,
    });
    expect(plan.create).toEqual([]);
    expect(plan.delete).toEqual([]);
    expect(plan.update).toEqual([{ name: 's2', endpoints: [ep('d')] }]);
  });

  it('without compaction an endpoint never leaves its slice', () => {
    const plan = planSlices({
      existing: [
        { name: 's1', endpoints: [ep('a')] },
        { name: 's2', endpoints: [ep('b')] },
      ],
      desired: [ep('a'), ep('b')],
      maxPerSlice: 3,
      compact: false,
    });
    expect(plan).toEqual({ create: [], update: [], delete: [] });
  });

  it('with compaction moves the smallest slice into slices with room: receivers are updated, then the emptied slice is deleted', () => {
    const plan = planSlices({
      existing: [
        { name: 's1', endpoints: [ep('a'), ep('x')] },
        { name: 's2', endpoints: [ep('b'), ep('c')] },
      ],
      desired: [ep('a'), ep('b'), ep('c')],
      maxPerSlice: 3,
      compact: true,
    });
    expect(plan.update).toEqual([{ name: 's2', endpoints: [ep('b'), ep('c'), ep('a')] }]);
    expect(plan.delete).toEqual(['s1']);
  });
});
